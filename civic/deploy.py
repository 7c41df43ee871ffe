"""Deploy every civic service, wire its roles from config/roles.yaml, record it.

Shared by ``ape run deploy``, ``ape run demo``, ``ape run bench`` and the tests.
Idempotent: a service already recorded for this chain (same chain id and
genesis hash, code still at its addresses) is reused; a run interrupted between
services resumes with the next one.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from pathlib import Path

import yaml

from civic.deployments import DEFAULT_DIR, ContractRecord, DeploymentRecord, write_abi

#: Deployment order: NW first (other services may pay in it).
SERVICES: tuple[str, ...] = ("nw", "voting", "vehicle", "escrow", "labor")
ROLES_FILE = Path("config") / "roles.yaml"
ADMIN_ROLE = b"\x00" * 32


class RolesConfigError(ValueError):
    """The roles file does not name a holder for a role a service needs."""


def service_module(service: str):
    return importlib.import_module(f"civic.{service}.deploy")


def load_roles(path: Path = ROLES_FILE) -> dict:
    return yaml.safe_load(path.read_text()) or {}


def resolve_address(value: str, deployer, is_local: bool) -> str:
    """`deployer`, `test:N` (the N-th Ape test account, local chains only) or an address."""
    from ape import accounts
    from eth_utils import to_checksum_address

    value = str(value).strip()
    if value == "deployer":
        return deployer.address
    if value.startswith("test:"):
        if not is_local:
            raise RolesConfigError(f"{value!r} names a test account: local chains only")
        return accounts.test_accounts[int(value.split(":", 1)[1])].address
    return to_checksum_address(value)


def roles_for(config: dict, network: str, service: str, deployer, is_local: bool) -> dict[str, str]:
    """Role holders of `service` on `network` (falls back to the `local` section on
    local chains); every role in the module's ROLE_NAMES must be named, but for
    `admin`, which is the deployer unless the file says otherwise."""
    section = config.get(network) or (config.get("local") if is_local else None)
    if section is None:
        raise RolesConfigError(f"the roles file has no section for network {network!r}")
    wanted = service_module(service).ROLE_NAMES
    given = {"admin": "deployer", **(section.get(service, {}) or {})}
    missing = sorted(set(wanted) - set(given))
    if missing:
        raise RolesConfigError(f"the roles file's {network}.{service} lacks roles {missing}")
    return {name: resolve_address(given[name], deployer, is_local) for name in wanted}


def _as_contracts(result) -> dict:
    if isinstance(result, dict):
        return result
    if isinstance(result, list | tuple):
        return {c.contract_type.name: c for c in result}
    return {result.contract_type.name: result}


def _load_recorded(record: DeploymentRecord, service: str) -> dict | None:
    from ape import chain, project

    recs = record.services.get(service)
    if not recs:
        return None
    if any(chain.provider.get_code(rec.address) in (b"", "0x", None) for rec in recs.values()):
        return None
    return {key: project.get_contract(rec.name).at(rec.address) for key, rec in recs.items()}


def deploy_all(
    deployer,
    network: str,
    is_local: bool,
    roles_config: dict | None = None,
    services: Iterable[str] = SERVICES,
    redeploy: bool = False,
    folder: Path = DEFAULT_DIR,
    on_step: Callable[[str, str], None] | None = None,
) -> tuple[DeploymentRecord, dict[str, dict]]:
    """Deploy (or find) each service; returns the record and {service: {name: contract}}."""
    from ape import chain

    from civic.node import check_node

    check_node()  # before any transaction: refuses a node that cannot run the build
    roles_config = load_roles() if roles_config is None else roles_config
    chain_id = chain.chain_id
    genesis = chain.blocks[0].hash.hex()
    record = DeploymentRecord.load(network, folder)
    if redeploy or record is None or not record.matches_chain(chain_id, genesis):
        record = DeploymentRecord(network=network, chain_id=chain_id, genesis_hash=genesis)

    deployed: dict[str, dict] = {}
    for service in services:
        found = _load_recorded(record, service)
        if found is not None:
            deployed[service] = found
            if on_step:
                on_step(service, "found")
            continue
        roles = roles_for(roles_config, network, service, deployer, is_local)
        first_block = chain.blocks.height + 1
        contracts = _as_contracts(service_module(service).deploy(deployer, roles))
        for key, contract in contracts.items():
            record.record(
                service,
                key,
                ContractRecord(
                    name=contract.contract_type.name, address=contract.address, block=first_block
                ),
            )
            write_abi(contract.contract_type, folder)
        record.save(folder)  # after each service: an interrupted run resumes here
        deployed[service] = contracts
        if on_step:
            on_step(service, "deployed")
    return record, deployed


def role_constants(contract) -> list[bytes]:
    """Every `*_ROLE()` constant the contract exposes (AccessControl roles)."""
    roles = [ADMIN_ROLE]
    for abi in contract.contract_type.view_methods:
        if abi.name.endswith("_ROLE") and not abi.inputs and abi.name != "DEFAULT_ADMIN_ROLE":
            roles.append(bytes(getattr(contract, abi.name)()))
    return roles


def handover(deployed: dict[str, dict], new_admin: str, deployer) -> list[tuple[str, str]]:
    """Give DEFAULT_ADMIN_ROLE of every contract to `new_admin` (a city multisig) and
    renounce every role the deployer holds. Returns (contract, role) pairs renounced."""
    renounced = []
    for contracts in deployed.values():
        for contract in contracts.values():
            if "hasRole" not in [m.name for m in contract.contract_type.view_methods]:
                continue
            if not contract.hasRole(ADMIN_ROLE, new_admin):
                contract.grantRole(ADMIN_ROLE, new_admin, sender=deployer)
            for role in role_constants(contract)[1:] + [ADMIN_ROLE]:  # admin last
                if contract.hasRole(role, deployer):
                    contract.renounceRole(role, deployer, sender=deployer)
                    renounced.append((contract.contract_type.name, role.hex()))
    return renounced
