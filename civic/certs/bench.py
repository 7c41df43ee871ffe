"""Gas rows for certificates: issue one, issue 100 in a batch (per certificate), verify,
relayed acceptance and a disclosure at the eligibility gate, next to the Ethereum
Attestation Service (EAS 1.9.0 `attest`, `multiAttest`, `isAttestationValid`) deployed on
the same node.

EAS is deployed from its shipped bytecode by the shared peer helper (civic.peers).
"""

from __future__ import annotations

from civic.certs import (
    ISSUER_ROLE,
    ClaimsTree,
    Consent,
    RevocationPolicy,
    certificate_input,
    claim_key,
    claim_value,
    document_hash,
    sign_consent,
)
from civic.gas import GasRow, floor_gas
from civic.peers import EAS_ATTEST_OPERATION, measure_eas_attest

BATCH = 100
DAY = 24 * 3600


def _floor(receipt) -> int:
    return floor_gas(bytes(receipt.transaction.data))


def measure(deployer, accounts) -> list[GasRow]:
    from ape import chain, project

    issuer, holder, relayer = accounts[1], accounts[2], accounts[3]
    registry = deployer.deploy(project.CertificateRegistry, deployer)
    type_id = 1
    registry.defineType(
        document_hash(b"bench.appointment"),
        2 * 365 * DAY,
        RevocationPolicy.REVOCABLE_AND_SUSPENDABLE,
        False,
        sender=deployer,
    )
    youth_type = 2
    registry.defineType(
        document_hash(b"bench.youth"),
        365 * DAY,
        RevocationPolicy.REVOCABLE_ONLY,
        True,
        sender=deployer,
    )
    registry.grantRole(ISSUER_ROLE, issuer, sender=deployer)
    registry.setIssuerPermission(issuer, type_id, True, sender=deployer)
    registry.setIssuerPermission(issuer, youth_type, True, sender=deployer)
    expires = chain.pending_timestamp + 365 * DAY

    def entry(n: int, who: str) -> tuple:
        root = ClaimsTree({"name_hash": f"bench-{n}", "role": "member"}).root
        return certificate_input(who, root, document_hash(b"doc%d" % n), expires)

    registry.issue(type_id, entry(0, holder.address), sender=issuer)  # warm the counter
    one = registry.issue(type_id, entry(1, accounts[4].address), sender=issuer)
    holders = [accounts[5 + n % 20].address for n in range(BATCH)]
    batch = registry.issueBatch(
        type_id, [entry(10 + n, who) for n, who in enumerate(holders)], sender=issuer
    )

    tree = ClaimsTree({"name_hash": "bench-youth", "youth_allowance": "seoul-resident-19-34"})
    tx = registry.issue(
        youth_type,
        certificate_input(holder, tree.root, document_hash(b"youth"), expires),
        sender=issuer,
    )
    youth_id = tx.decode_logs(registry.CertificateIssued)[0].certificateId
    deadline = chain.pending_timestamp + DAY
    sig = sign_consent(registry, holder, youth_id, Consent.ACCEPTED, deadline)
    accept = registry.setConsentBySig(youth_id, Consent.ACCEPTED, deadline, sig, sender=relayer)
    verify = registry.isValid.estimate_gas_cost(youth_id, sender=relayer)

    gate = deployer.deploy(
        project.EligibilityGate,
        registry,
        youth_type,
        claim_key("youth_allowance"),
        claim_value("seoul-resident-19-34"),
    )
    shown = tree.disclose("youth_allowance")
    disclose = gate.admit(youth_id, shown.salt, shown.proof, sender=holder)

    peer, attest = measure_eas_attest(deployer, issuer, (holder.address, accounts[4].address))
    eas = peer.eas
    multi = peer.multi_attest(holders, 10, issuer)
    attested = attest.decode_logs(eas.Attested)[0].uid
    eas_verify = eas.isAttestationValid.estimate_gas_cost(attested, sender=relayer)

    per_cert = batch.gas_used // BATCH
    return [
        GasRow(
            "certs",
            "issue one",
            one.gas_used,
            "EAS",
            EAS_ATTEST_OPERATION,
            attest.gas_used,
            _floor(one),
        ),
        GasRow(
            "certs",
            f"issueBatch of {BATCH}, per certificate",
            per_cert,
            "EAS",
            EAS_ATTEST_OPERATION,
            attest.gas_used,
            _floor(batch) // BATCH,
        ),
        GasRow(
            "certs",
            f"issueBatch of {BATCH}, per certificate",
            per_cert,
            "EAS",
            f"multiAttest of {BATCH}, per attestation",
            multi.gas_used // BATCH,
            _floor(batch) // BATCH,
        ),
        GasRow(
            "certs",
            "isValid (eth_estimateGas)",
            verify,
            "EAS",
            "isAttestationValid (eth_estimateGas)",
            eas_verify,
            21_000,
        ),
        GasRow(
            "certs", "accept (relayed EIP-712)", accept.gas_used, None, None, None, _floor(accept)
        ),
        GasRow(
            "certs",
            "disclose one claim at the gate",
            disclose.gas_used,
            None,
            None,
            None,
            _floor(disclose),
        ),
    ]
