"""Certificates in one scene: the blockchain governance group's 위촉장 issued in one batch
of 100, accepted by three members through relayed signatures, one revoked with a reason;
then a 청년수당 eligibility check by selective disclosure that passes the programme's gate,
and one that fails because its credential was revoked."""

from __future__ import annotations

from eth_utils import keccak, to_checksum_address
from rich.table import Table

from civic.certs import (
    ISSUER_ROLE,
    ClaimsTree,
    Consent,
    Reason,
    RevocationPolicy,
    Validity,
    certificate_input,
    claim_key,
    claim_value,
    document_hash,
    sign_consent,
)
from civic.chain import dry_run_error

ACTORS = ("member", "member2", "member3", "youth", "youth2")
MEMBERS = 100
DAY = 24 * 3600
TERM = 2 * 365 * DAY
ELIGIBLE = "seoul-resident-19-34"


class DemoError(RuntimeError):
    """A step of the certificates demo did not turn out as the scene expects."""


def _stand_in(n: int) -> str:
    """Address of a governance-group member without a funded account in this demo."""
    return to_checksum_address(keccak(text=f"governance-member-{n}")[-20:])


def _define(registry, admin, label: str, validity: int, policy, required: bool) -> int:
    tx = registry.defineType(keccak(text=label), validity, policy, required, sender=admin)
    return tx.decode_logs(registry.TypeDefined)[0].typeId


def _types(registry, admin, issuer, district) -> tuple[int, int]:
    """The appointment type (2-year term, suspendable, needs the member's acceptance) and
    the 청년수당 eligibility type (1 year, revocable, valid without acceptance)."""
    appointment = _define(
        registry,
        admin,
        "seoul.appointment.v1",
        TERM,
        RevocationPolicy.REVOCABLE_AND_SUSPENDABLE,
        True,
    )
    youth = _define(
        registry,
        admin,
        "seoul.youth-allowance.v1",
        365 * DAY,
        RevocationPolicy.REVOCABLE_ONLY,
        False,
    )
    for who, type_id in ((issuer, appointment), (district, youth)):
        if not registry.hasRole(ISSUER_ROLE, who):
            registry.grantRole(ISSUER_ROLE, who, sender=admin)
        registry.setIssuerPermission(who, type_id, True, sender=admin)
    return appointment, youth


def run(registry, actors: dict, console, scale: int = 1) -> None:
    from ape import chain, project

    admin, issuer, district = actors["admin"], actors["issuer"], actors["district_issuer"]
    keyed = [actors["member"], actors["member2"], actors["member3"]]
    youth, youth2 = actors["youth"], actors["youth2"]
    appointment, youth_type = _types(registry, admin, issuer, district)

    # 위촉장 for the whole governance group, one transaction.
    holders = [m.address for m in keyed] + [_stand_in(n) for n in range(len(keyed), MEMBERS)]
    expires = chain.pending_timestamp + TERM - DAY
    trees, inputs = [], []
    for n, who in enumerate(holders):
        tree = ClaimsTree(
            {
                "name_hash": f"member-{n}",
                "role": "blockchain governance group member",
                "term": "2026-2028",
                "department": "Seoul digital policy",
            }
        )
        trees.append(tree)
        doc = document_hash(f"appointment certificate {n}".encode())
        inputs.append(certificate_input(who, tree.root, doc, expires))
    batch = registry.issueBatch(appointment, inputs, sender=issuer)
    first = batch.decode_logs(registry.CertificateIssued)[0].certificateId
    ids = list(range(first, first + MEMBERS))

    # Three members accept through signatures the city's relayer sends (no gas for them).
    deadline = chain.pending_timestamp + DAY
    for member, cid in zip(keyed, ids, strict=False):
        sig = sign_consent(registry, member, cid, Consent.ACCEPTED, deadline)
        registry.setConsentBySig(cid, Consent.ACCEPTED, deadline, sig, sender=admin)
    resigned = ids[-1]
    registry.revoke(resigned, Reason.HOLDER_REQUEST, sender=issuer)

    # 청년수당: the district issues eligibility credentials; the programme's gate checks one claim.
    gate = admin.deploy(
        project.EligibilityGate,
        registry,
        youth_type,
        claim_key("youth_allowance"),
        claim_value(ELIGIBLE),
    )
    youth_trees, youth_ids = [], []
    for n, who in enumerate((youth, youth2)):
        tree = ClaimsTree(
            {"name_hash": f"youth-{n}", "youth_allowance": ELIGIBLE, "district": "nowon"}
        )
        tx = registry.issue(
            youth_type,
            certificate_input(
                who, tree.root, document_hash(b"eligibility"), chain.pending_timestamp + 180 * DAY
            ),
            sender=district,
        )
        youth_trees.append(tree)
        youth_ids.append(tx.decode_logs(registry.CertificateIssued)[0].certificateId)
    registry.revoke(youth_ids[1], Reason.ELIGIBILITY_LOST, sender=district)

    shown = youth_trees[0].disclose("youth_allowance")
    gate.admit(youth_ids[0], shown.salt, shown.proof, sender=youth)
    if not gate.admitted(youth_ids[0]):
        raise DemoError("the eligible youth was not admitted by the gate")
    late = youth_trees[1].disclose("youth_allowance")
    refusal = dry_run_error(gate, "admit", youth_ids[1], late.salt, late.proof, sender=youth2)
    if refusal != "CredentialNotValid":
        raise DemoError(f"the revoked credential was not refused as expected: {refusal}")
    refused_why = Validity(registry.validityOf(youth_ids[1])).name.lower()

    counts: dict[str, int] = {}
    for cid in ids:
        name = Validity(registry.validityOf(cid)).name.lower()
        counts[name] = counts.get(name, 0) + 1
    table = Table(title="Governance group 위촉장 (one batch)")
    for col in ("validity", "certificates"):
        table.add_column(col)
    for name, count in sorted(counts.items()):
        table.add_row(name, str(count))
    console.print(table)
    per_cert = batch.gas_used // MEMBERS
    console.print(
        f"issued {MEMBERS} 위촉장 in one tx ({per_cert:,} gas each); "
        f"{len(keyed)} accepted by relayed signature; #{resigned} revoked (holder request). "
        f"청년수당: certificate #{youth_ids[0]} admitted by disclosing one claim; "
        f"#{youth_ids[1]} refused by the gate (CredentialNotValid: {refused_why})."
    )
