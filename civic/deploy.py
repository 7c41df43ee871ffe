"""Deploy every civic service, wire its roles, record it: crash-safe and idempotent.

Shared by ``ape run deploy``, ``ape run demo`` and the tests. Each service declares its
contracts once, as data (`ServicePlan` in ``civic/<service>/deploy.py``): the constructor
arguments, which roles of the roles file map to which role constant, and an optional
idempotent setup step. One engine deploys them all:

1. Everything is validated before the first transaction: the roles file
   (`civic.roles`), the node (`civic.node`), the record's chain.
2. A deploy transaction is signed first; its hash and the address it will create are
   written to the record's ``pending`` journal; then it is sent (`civic.sender`). A run
   killed at any point leaves a journal from which a rerun adopts the contract (mined,
   from this record's deployer, code equal to the build) instead of deploying a copy.
3. "Found" means verified on chain: the recorded address runs the build's code and every
   configured role is held. Missing grants are granted again and reported.
   A plan's `link` step runs once every service of the run is deployed: wiring that
   needs another service's address (NW names the escrows its service accounts).
4. Roles the deployer took for setup are renounced. The admin role stays with the deployer
   until `handover` grants it to the city's multisig; the deployer keeps it, too, until
   the new admin itself revokes it (`accept_handover`, or the multisig's own transaction).
   A mistyped target can therefore never leave a contract without a working admin.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from civic.deployments import (
    DEFAULT_DIR,
    ContractRecord,
    DeploymentRecord,
    PendingDeploy,
    RecordError,
    genesis_hash,
    write_abi,
)
from civic.plan import ContractPlan, DeployContext, ServicePlan
from civic.roles import DEFAULT_ADMIN_ROLE as ADMIN_ROLE
from civic.roles import (
    ROLES_FILE,
    CivicConfigError,
    RolesConfigError,
    RolesFile,
    checked_address,
    load_roles_file,
    resolve_holders,
)
from civic.sender import Sender
from civic.services import NAMES, UnknownServiceError
from civic.services import service as descriptor

__all__ = [
    "ADMIN_ROLE",
    "ContractPlan",
    "DeployContext",
    "DeployError",
    "RolesConfigError",
    "ServicePlan",
    "UnknownServiceError",
    "accept_handover",
    "deploy_all",
    "deploy_service",
    "handover",
    "plan_of",
    "role_holders",
]

#: How many of the deployer's most recent nonces are checked for unrecorded contracts.
ORPHAN_SCAN = 512


class DeployError(RuntimeError):
    """The deploy cannot go on safely; the message says why and what to do."""


def plan_of(name: str) -> ServicePlan:
    """The deploy plan of the service `name` (its descriptor's, `civic.services`)."""
    return descriptor(name).plan


def wanted_roles(services: Iterable[str]) -> dict[str, frozenset[str]]:
    return {name: plan_of(name).role_names for name in services}


def role_holders(
    roles: RolesFile,
    network: str,
    is_local: bool,
    services: Iterable[str],
    deployer: str,
    warn: Callable[[str], None] | None = None,
) -> dict[str, dict[str, str]]:
    """Validated holders of every role of `services` (see `civic.roles`)."""

    def test_account(index: int) -> str:
        from ape import accounts

        return accounts.test_accounts[index].address

    return resolve_holders(
        roles, network, is_local, wanted_roles(services), deployer, test_account, warn, NAMES
    )


# ------------------------------------------------------------------------ the on-chain side


def instance(name: str, address: str):
    """A contract object of the build's `name` at `address`. The build's type is written
    over whatever Ape's contract cache (kept per network name, on disk for live networks)
    held for that address, so a swapped or foreign record never poisons later runs."""
    from ape import chain, project
    from ape.contracts import ContractInstance

    contract_type = project.get_contract(name).contract_type
    chain.contracts.cache_contract_type(address, contract_type)
    return ContractInstance(address, contract_type)


def code_at(address: str) -> bytes:
    from ape import chain

    from civic.sender import retrying

    code = retrying(lambda: chain.provider.web3.eth.get_code(address), "code")
    return bytes(code or b"")


def matches_build(onchain: bytes, build: bytes) -> bool:
    """Whether runtime code equals the build's, immutables allowed for: the build leaves
    each immutable as a run of zero bytes that the constructor fills in."""
    if len(onchain) != len(build) or not build:
        return False
    index = 0
    while index < len(build):
        if onchain[index] == build[index]:
            index += 1
            continue
        if build[index] != 0:
            return False
        start = index
        while start > 0 and build[start - 1] == 0:
            start -= 1
        end = index
        while end < len(build) and build[end] == 0:
            end += 1
        if end - start < 20:  # an immutable is at least an address wide
            return False
        index = end
    return True


def build_code(name: str) -> bytes:
    from ape import project

    code = project.get_contract(name).contract_type.runtime_bytecode.bytecode
    return bytes.fromhex(code[2:] if code.startswith("0x") else code)


def create_address(sender: str, nonce: int) -> str:
    import rlp
    from eth_utils import keccak, to_canonical_address, to_checksum_address

    return to_checksum_address(keccak(rlp.encode([to_canonical_address(sender), nonce]))[12:])


def has_role(contract, role: bytes, holder: str) -> bool:
    from civic.sender import retrying

    return bool(retrying(lambda: contract.hasRole(role, holder), "hasRole"))


def role_id(contract, constant: str) -> bytes:
    from civic.sender import retrying

    if constant == "DEFAULT_ADMIN_ROLE":
        return ADMIN_ROLE
    return bytes(retrying(lambda: getattr(contract, constant)(), constant))


# ------------------------------------------------------------------------------ the engine


def deploy_service(
    plan: ServicePlan,
    deployer,
    holders: dict[str, str],
    sender: Sender | None = None,
    record: DeploymentRecord | None = None,
    folder: Path = DEFAULT_DIR,
    on_note: Callable[[str], None] | None = None,
    status: dict[str, str] | None = None,
    deployed: dict[str, dict] | None = None,
    **config,
) -> dict:
    """Deploy (or find, or adopt) every contract of `plan`; grant its roles; run its
    setup. Returns {record key: contract}; `status` receives, per key, "found",
    "adopted" or "deployed". With a `record`, every step is journaled in it and saved to
    `folder`; without one (tests) the same steps run unrecorded. `deployed` holds the
    services deployed before this one in the run."""
    sender = sender or Sender(deployer)
    ctx = DeployContext(
        deployer=deployer,
        holders=holders,
        config=plan.config(**config),
        sender=sender,
        deployed=deployed if deployed is not None else {},
    )
    note = on_note or ctx.notes.append
    contracts = {}
    for spec in plan.contracts:
        contract, how = _deploy_contract(plan.name, spec, ctx, record, folder, note)
        found = how != "deployed"
        if status is not None:
            status[spec.record_key] = how
        for role_name, constant in spec.grants.items():
            role = role_id(contract, constant)
            if not has_role(contract, role, holders[role_name]):
                if found:
                    note(
                        f"{spec.name}: {constant} was not held by {holders[role_name]}: granted again"
                    )
                _grant(ctx, contract, spec.name, role, constant, holders[role_name])
        if spec.setup is not None:
            spec.setup(ctx, contract)
        contracts[spec.record_key] = contract
    admin = holders.get("admin")
    if admin and admin != deployer.address:
        for contract in contracts.values():
            handover_contract(contract, admin, deployer, sender)
    return contracts


def _grant(ctx, contract, name: str, role: bytes, constant: str, holder: str) -> None:
    if not has_role(contract, ADMIN_ROLE, ctx.deployer.address):
        raise DeployError(
            f"{name} at {contract.address}: {constant} is not held by {holder} and the "
            "deployer is no longer its admin; the admin must grant it"
        )
    ctx.send(contract, "grantRole", role, holder)


def _deploy_contract(service, spec, ctx, record, folder, note):
    """(contract, found): the recorded contract if verified, a journaled one adopted,
    or a new deployment."""
    from ape import project

    container = project.get_contract(spec.name)
    build = build_code(spec.name)
    if record is not None:
        rec = record.contract(service, spec.record_key)
        if rec is not None:
            code = code_at(rec.address)
            if matches_build(code, build):
                return instance(spec.name, rec.address), "found"
            if not code:
                note(f"{spec.name}: recorded at {rec.address} but no code is there: deploying anew")
            else:
                raise DeployError(
                    f"{spec.name} at {rec.address} runs code that differs from the build "
                    "(the build changed since it was deployed?): deploy afresh with --redeploy"
                )
        adopted = _adopt_pending(record, service, spec, build, folder, note)
        if adopted is not None:
            return adopted, "adopted"

    txn = container(*spec.args(ctx), sender=ctx.deployer)

    def journal(sent):
        if record is None:
            return
        record.pending = [
            p for p in record.pending if (p.service, p.key) != (service, spec.record_key)
        ]
        record.pending.append(
            PendingDeploy(
                service=service,
                key=spec.record_key,
                name=spec.name,
                address=create_address(sent.sender, sent.nonce),
                tx=sent.tx_hash,
                nonce=sent.nonce,
            )
        )
        record.save(folder)

    receipt = ctx.sender.send(txn, before_send=journal)
    address = receipt.contract_address
    if not address:
        raise DeployError(f"{spec.name}: {receipt.txn_hash} created no contract")
    if record is not None:
        _record(record, service, spec, address, receipt.block_number, receipt.txn_hash, folder)
    return instance(spec.name, address), "deployed"


def _record(record, service, spec, address, block, tx, folder) -> None:
    from ape import project

    tx = tx.hex() if isinstance(tx, bytes) else str(tx)
    record.record(
        service,
        spec.record_key,
        ContractRecord(
            name=spec.name,
            address=address,
            block=int(block),
            tx=tx if tx.startswith("0x") else "0x" + tx,
        ),
    )
    record.save(folder)
    write_abi(project.get_contract(spec.name).contract_type, folder)


def _adopt_pending(record, service, spec, build, folder, note):
    """A journaled deploy of this contract that reached the chain, verified and recorded;
    None if there is none (a journal entry the node never saw, or that failed, is dropped)."""
    from civic.sender import raw_receipt

    entry = next(
        (p for p in record.pending if (p.service, p.key) == (service, spec.record_key)), None
    )
    if entry is None:
        return None
    receipt = raw_receipt(entry.tx)
    if receipt is None or not receipt["status"] or receipt["contractAddress"] != entry.address:
        record.pending.remove(entry)
        record.save(folder)
        what = "never reached the node" if receipt is None else "created no contract"
        note(f"{spec.name}: the journaled deploy {entry.tx} {what}: deploying anew")
        return None
    if not matches_build(code_at(entry.address), build):
        raise DeployError(f"{spec.name}: the journaled deploy at {entry.address} runs other code")
    _record(record, service, spec, entry.address, receipt["blockNumber"], entry.tx, folder)
    note(f"{spec.name}: adopted {entry.address}, deployed by an interrupted run ({entry.tx})")
    return instance(spec.name, entry.address)


def open_record(
    network: str, is_local: bool, folder: Path, fresh: bool
) -> tuple[DeploymentRecord, str | None]:
    """The record to deploy into, and a note if an earlier one was set aside. A record of
    another chain under this network's name is refused unless `fresh` (local chains,
    which restart, are deployed anew with a note)."""
    from ape import chain

    genesis = genesis_hash(chain)
    try:
        record = DeploymentRecord.load(network, folder)
    except RecordError:
        if not fresh:
            raise
        record = None
    new = DeploymentRecord(network=network, chain_id=chain.chain_id, genesis_hash=genesis)
    if record is None or fresh:
        return new, None
    if record.matches_chain(chain.chain_id, genesis):
        return record, None
    if is_local:
        return new, f"the record of {network} belongs to an earlier local chain: deploying anew"
    raise DeployError(
        f"{DeploymentRecord.path_for(network, folder)} records chain {record.chain_id} with "
        f"genesis {record.genesis_hash}, but the node is chain {chain.chain_id} with genesis "
        f"{genesis}: another chain under the same name. Refusing to replace the record; "
        "deploy with --redeploy to start afresh on this chain."
    )


def deploy_all(
    deployer,
    network: str,
    is_local: bool,
    roles_config: RolesFile | dict | None = None,
    services: Iterable[str] = NAMES,
    redeploy: bool = False,
    folder: Path = DEFAULT_DIR,
    on_step: Callable[[str, str], None] | None = None,
    warn: Callable[[str], None] | None = None,
) -> tuple[DeploymentRecord, dict[str, dict]]:
    """Deploy (or find) each service; returns the record and {service: {key: contract}}.
    `on_step(service, what)` reports progress; `warn` receives findings that do not stop
    the deploy (re-granted roles, adopted contracts, unrecorded contracts)."""
    from civic.node import check_node

    check_node()  # before anything is sent: refuses a node that cannot run the build
    services = list(services)
    for name in services:
        descriptor(name)  # an unknown name is refused before anything is sent
    roles = _as_roles_file(roles_config)
    holders = role_holders(roles, network, is_local, services, deployer.address, warn)
    record, set_aside = open_record(network, is_local, Path(folder), redeploy)
    record.deployer = deployer.address
    if set_aside and warn:
        warn(set_aside)
    sender = Sender(deployer)
    if not is_local and warn:
        for finding in unrecorded_contracts(deployer.address, record):
            warn(finding)

    deployed: dict[str, dict] = {}
    for service in services:
        status: dict[str, str] = {}
        deployed[service] = deploy_service(
            plan_of(service),
            deployer,
            holders[service],
            sender=sender,
            record=record,
            folder=Path(folder),
            on_note=(lambda text, s=service: warn(f"{s}: {text}")) if warn else None,
            status=status,
            deployed=deployed,
        )
        if on_step:
            on_step(service, ", ".join(sorted(set(status.values()))))
    for service in services:
        plan = plan_of(service)
        if plan.link is None:
            continue
        ctx = DeployContext(deployer, holders[service], plan.config(), sender, deployed=deployed)
        plan.link(ctx, deployed[service])
        if warn:
            for text in ctx.notes:
                warn(f"{service}: {text}")
        if on_step:
            on_step(service, "linked")
    record.save(Path(folder))
    return record, deployed


def _as_roles_file(config) -> RolesFile:
    if isinstance(config, RolesFile):
        return config
    if config is None:
        return load_roles_file(ROLES_FILE)
    return RolesFile(path=ROLES_FILE, data=config)


def unrecorded_contracts(deployer: str, record: DeploymentRecord) -> list[str]:
    """Contracts that `deployer` created on this chain (among its last `ORPHAN_SCAN`
    nonces) that the record does not list: leftovers of an interrupted run elsewhere."""
    from ape import chain

    from civic.sender import retrying

    nonce = retrying(lambda: chain.provider.web3.eth.get_transaction_count(deployer), "nonce")
    known = record.addresses() | {p.address for p in record.pending}
    found = []
    for n in range(max(0, nonce - ORPHAN_SCAN), nonce):
        address = create_address(deployer, n)
        if address not in known and code_at(address):
            found.append(f"{address} was deployed by {deployer} (nonce {n}) and no record lists it")
    return found


# ------------------------------------------------------------------------------- handover


def admin_target(value: str, deployer: str, allow_eoa: bool, warn=None) -> str:
    """The validated new admin: an address (EIP-55 checked) or an Ape account alias;
    never zero, never the deployer, and a contract (a multisig) unless `allow_eoa`."""
    from ape import accounts

    text = str(value).strip()
    if not text.lower().startswith("0x"):
        try:
            text = accounts.load(text).address
        except Exception as err:
            raise CivicConfigError(
                f"--handover {value!r}: neither an address nor an Ape account alias "
                f"(known aliases: {', '.join(sorted(accounts.aliases)) or 'none'})"
            ) from err
    address = checked_address(text, "--handover", warn)
    if address == deployer:
        raise CivicConfigError("--handover: the target is the deployer itself")
    if not allow_eoa and not code_at(address):
        raise CivicConfigError(
            f"--handover: {address} has no code on this chain; a city multisig is a contract. "
            "If the new admin really is a plain account, say so with --handover-eoa"
        )
    return address


def handover_contract(contract, new_admin: str, deployer, sender: Sender | None = None) -> bool:
    """Step one of two: grant the admin role to `new_admin` and renounce every other role
    the deployer holds. The deployer keeps the admin role until `new_admin` revokes it.
    Returns whether anything was sent."""
    sender = sender or Sender(deployer)
    sent = False
    if not has_role(contract, ADMIN_ROLE, new_admin):
        if not has_role(contract, ADMIN_ROLE, deployer.address):
            raise DeployError(
                f"{contract.contract_type.name} at {contract.address}: the deployer is not "
                "its admin, so it cannot hand the role over"
            )
        sender.send(contract.grantRole.as_transaction(ADMIN_ROLE, new_admin, sender=deployer))
        sent = True
    if not has_role(contract, ADMIN_ROLE, new_admin):
        raise DeployError(f"{contract.address}: {new_admin} does not hold the admin role")
    for role in role_constants(contract):
        if role != ADMIN_ROLE and has_role(contract, role, deployer.address):
            sender.send(contract.renounceRole.as_transaction(role, deployer, sender=deployer))
            sent = True
    return sent


def handover(deployed: dict[str, dict], new_admin: str, deployer) -> int:
    """Step one for every contract; returns how many contracts the target now co-admins."""
    sender = Sender(deployer)
    count = 0
    for contracts in deployed.values():
        for contract in contracts.values():
            if _has_access_control(contract):
                handover_contract(contract, new_admin, deployer, sender)
                count += 1
    return count


def accept_handover(deployed: dict[str, dict], new_admin, old_admin: str) -> int:
    """Step two, sent by the new admin: revoke the old admin's role on every contract
    where the new admin holds it. Returns how many contracts changed hands."""
    sender = Sender(new_admin)
    count = 0
    for contracts in deployed.values():
        for contract in contracts.values():
            if not _has_access_control(contract):
                continue
            if not has_role(contract, ADMIN_ROLE, new_admin.address):
                raise DeployError(
                    f"{contract.contract_type.name} at {contract.address}: "
                    f"{new_admin.address} is not its admin"
                )
            if has_role(contract, ADMIN_ROLE, old_admin):
                sender.send(
                    contract.revokeRole.as_transaction(ADMIN_ROLE, old_admin, sender=new_admin)
                )
                count += 1
    return count


def _has_access_control(contract) -> bool:
    return "hasRole" in {m.name for m in contract.contract_type.view_methods}


def role_constants(contract) -> list[bytes]:
    """Every `*_ROLE()` constant the contract exposes (AccessControl roles), admin first."""
    roles = [ADMIN_ROLE]
    for abi in contract.contract_type.view_methods:
        if abi.name.endswith("_ROLE") and not abi.inputs and abi.name != "DEFAULT_ADMIN_ROLE":
            roles.append(role_id(contract, abi.name))
    return roles


# ------------------------------------------------------------------- one-call deploys


class MissingRolesError(CivicConfigError):
    """A deploy was asked for without a holder for every role of the service."""


def deploy_with_roles(plan: ServicePlan, deployer, roles: dict, **config):
    """Deploy `plan` in one call, as tests, benches and demos do: `roles` maps every role
    name to an account or address. An admin other than the deployer takes over in both
    steps when it is an account this process can sign for (a local test account).
    Returns the contract (or {key: contract} for a service of several contracts)."""
    from ape import accounts

    missing = sorted(plan.role_names - {"admin"} - set(roles))
    if missing:
        raise MissingRolesError(f"missing roles of {plan.name}: {missing}")
    holders = {name: str(getattr(who, "address", who)) for name, who in roles.items()}
    admin = holders.get("admin", deployer.address)
    holders["admin"] = deployer.address
    contracts = deploy_service(plan, deployer, holders, **config)
    if admin != deployer.address:
        signer = roles["admin"] if hasattr(roles["admin"], "sign_transaction") else None
        signer = signer or next((a for a in accounts.test_accounts if a.address == admin), None)
        handover({plan.name: contracts}, admin, deployer)
        if signer is not None:
            accept_handover({plan.name: contracts}, signer, deployer.address)
    return next(iter(contracts.values())) if len(contracts) == 1 else contracts
