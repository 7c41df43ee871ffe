"""Who holds power, checked from the chain: the audit's second half.

For a deployment record, `audit_power` reports, each as a named finding:

- a configured service missing from the record;
- a recorded address with no code, or with code other than the build's (immutables
  allowed for);
- every role's members, rebuilt from ``RoleGranted`` / ``RoleRevoked`` alone, against the
  roles file and the handover target: a holder the file does not name, a named holder
  who lacks the role, and any disagreement between the events and ``hasRole``;
- tokens (and ether) a contract holds beyond what it owes: every ERC-20 ever sent to it
  (found by its ``Transfer`` logs) less the contract's own ledger of what it owes
  (``ContractPlan.owed``), per token.

A handover the new admin has not accepted yet (the deployer still co-admin) is reported
as a note, not a finding.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from eth_utils import keccak, to_checksum_address

from civic.roles import DEFAULT_ADMIN_ROLE as ADMIN_ROLE

ROLE_GRANTED = keccak(text="RoleGranted(bytes32,address,address)")
ROLE_REVOKED = keccak(text="RoleRevoked(bytes32,address,address)")
TRANSFER = keccak(text="Transfer(address,address,uint256)")
BALANCE_OF = keccak(text="balanceOf(address)")[:4]


@dataclass
class PowerReport:
    findings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _topic_address(topic) -> str:
    return to_checksum_address(bytes(topic)[-20:])


def role_members(address: str, start_block: int) -> dict[bytes, set[str]]:
    """Each role's members at `address`, from its role events alone, in chain order."""
    from ape import chain

    from civic.sender import retrying

    logs = retrying(
        lambda: chain.provider.web3.eth.get_logs(
            {
                "address": address,
                "fromBlock": start_block,
                "toBlock": "latest",
                "topics": [[ROLE_GRANTED, ROLE_REVOKED]],
            }
        ),
        "logs",
    )
    members: dict[bytes, set[str]] = {}
    for log in sorted(logs, key=lambda item: (item["blockNumber"], item["logIndex"])):
        role = bytes(log["topics"][1])
        account = _topic_address(log["topics"][2])
        held = members.setdefault(role, set())
        if bytes(log["topics"][0]) == ROLE_GRANTED:
            held.add(account)
        else:
            held.discard(account)
    return members


def tokens_received(address: str, start_block: int) -> set[str]:
    """Every contract that logged an ERC-20 `Transfer` to `address`."""
    from ape import chain

    from civic.sender import retrying

    padded = "0x" + "00" * 12 + bytes.fromhex(address[2:]).hex()
    logs = retrying(
        lambda: chain.provider.web3.eth.get_logs(
            {"fromBlock": start_block, "toBlock": "latest", "topics": [TRANSFER, None, padded]}
        ),
        "logs",
    )
    # ERC-721 Transfer has the same signature with a third indexed topic: not a balance.
    return {to_checksum_address(log["address"]) for log in logs if len(log["topics"]) == 3}


def balance_of(token: str, holder: str) -> int | None:
    from ape import chain

    data = "0x" + BALANCE_OF.hex() + "00" * 12 + holder[2:].lower()
    try:
        raw = chain.provider.web3.eth.call({"to": token, "data": data})
    except Exception:
        return None
    return int.from_bytes(bytes(raw)[:32], "big") if len(bytes(raw)) >= 32 else None


def audit_power(
    record,
    expected: dict[str, dict[str, str]],
    plans: dict,
    contract_of: Callable[[str, str], object],
) -> PowerReport:
    """Findings for `record`; `expected` is {service: {role name: holder}} from the roles
    file (admin included), `plans` {service: ServicePlan}, and `contract_of(name,
    address)` builds a contract object."""
    from ape import chain

    from civic.deploy import build_code, code_at, matches_build

    report = PowerReport()
    for service in expected:
        if service not in record.services:
            report.findings.append(f"service {service} is configured but not in the record")
    for service, recs in record.services.items():
        plan = plans.get(service)
        if plan is None:
            report.findings.append(f"the record lists {service}, which is no service of ours")
            continue
        specs = {spec.record_key: spec for spec in plan.contracts}
        for key, rec in recs.items():
            spec = specs.get(key)
            where = f"{service}.{key} at {rec.address}"
            if spec is None or spec.name != rec.name:
                report.findings.append(f"{where}: the record names {rec.name}, not in the plan")
                continue
            code = code_at(rec.address)
            if not code:
                report.findings.append(f"{where}: no code at the recorded address")
                continue
            if not matches_build(code, build_code(rec.name)):
                report.findings.append(f"{where}: the code differs from the build of {rec.name}")
                continue
            contract = contract_of(rec.name, rec.address)
            _check_roles(report, where, contract, rec, spec, expected.get(service, {}), record)
            _check_surplus(report, where, contract, rec, spec, chain)
    return report


def _check_roles(report, where, contract, rec, spec, holders, record) -> None:
    from civic.deploy import role_id

    members = role_members(rec.address, rec.block)
    wanted: dict[bytes, set[str]] = {}
    names: dict[bytes, str] = {ADMIN_ROLE: "DEFAULT_ADMIN_ROLE"}
    for role_name, constant in spec.grants.items():
        role = role_id(contract, constant)
        names[role] = constant
        if role_name in holders:
            wanted.setdefault(role, set()).add(holders[role_name])
    deployer = holders.get("admin")
    admins = {record.handover} if record.handover else {deployer}
    wanted[ADMIN_ROLE] = {a for a in admins if a}
    for role in sorted(set(members) | set(wanted)):
        label = names.get(role, "0x" + role.hex())
        have, want = members.get(role, set()), wanted.get(role, set())
        extra = have - want
        if role == ADMIN_ROLE and record.handover and deployer in extra:
            report.notes.append(
                f"{where}: handover to {record.handover} not accepted yet: the deployer "
                f"{deployer} is still admin"
            )
            extra = extra - {deployer}
        for account in sorted(extra):
            report.findings.append(
                f"{where}: {label} is held by {account}, whom the roles file does not name"
            )
        for account in sorted(want - have):
            report.findings.append(f"{where}: {label} should be held by {account}, who lacks it")
        for account in sorted(have):
            if not contract.hasRole(role, account):
                report.findings.append(
                    f"{where}: the role events say {account} holds {label}; hasRole says no"
                )


def _check_surplus(report, where, contract, rec, spec, chain) -> None:
    ether = int(chain.provider.web3.eth.get_balance(rec.address))
    if ether:
        report.findings.append(f"{where}: holds {ether} wei of ether, which nothing owes")
    for token in sorted(tokens_received(rec.address, rec.block) | {rec.address}):
        held = balance_of(token, rec.address)
        if not held:
            continue
        owed = int(getattr(contract, spec.owed)(token)) if spec.owed else 0
        if held > owed:
            report.findings.append(
                f"{where}: holds {held - owed} units of token {token} beyond the {owed} it owes"
            )
