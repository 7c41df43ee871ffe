"""Rebuild every certificate's state from the registry's events alone and compare it
with the contract: types, issuer permissions, certificates (holder, type, times, root,
status, consent, replacement links), holder nonces and each certificate's validity."""

from __future__ import annotations

from civic.certs import CertificateStatus, Consent, Validity, validity
from civic.events import fetch_logs


def recount(registry, start_block: int = 0) -> dict:
    """State implied by the event log."""
    state = {
        "types": {},  # typeId -> (schemaHash, maxValidity, policy, acceptanceRequired)
        "permissions": {},  # (issuer, typeId) -> allowed
        "certificates": {},  # id -> dict
        "nonces": {},  # holder -> relayed consents
        "issuers": {},  # id -> issuer
    }
    certs = state["certificates"]
    for log in fetch_logs(registry, start_block):
        name, a = log.event_name, log.event_arguments
        if name == "TypeDefined":
            state["types"][a["typeId"]] = (
                bytes(a["schemaHash"]),
                a["maxValidity"],
                a["policy"],
                a["acceptanceRequired"],
            )
        elif name == "IssuerPermissionSet":
            state["permissions"][(a["issuer"], a["typeId"])] = a["allowed"]
        elif name == "CertificateIssued":
            certs[a["certificateId"]] = {
                "holder": a["holder"],
                "typeId": a["typeId"],
                "issuedAt": a["issuedAt"],
                "expiresAt": a["expiresAt"],
                "claimsRoot": bytes(a["claimsRoot"]),
                "documentHash": bytes(a["documentHash"]),
                "status": CertificateStatus.ACTIVE,
                "consent": Consent.PENDING,
                "replaces": 0,
                "replacedBy": 0,
            }
            state["issuers"][a["certificateId"]] = a["issuer"]
        elif name == "CertificateSuspended":
            certs[a["certificateId"]]["status"] = CertificateStatus.SUSPENDED
        elif name == "CertificateReinstated":
            certs[a["certificateId"]]["status"] = CertificateStatus.ACTIVE
        elif name == "CertificateRevoked":
            certs[a["certificateId"]]["status"] = CertificateStatus.REVOKED
            certs[a["certificateId"]]["reason"] = a["reason"]
        elif name == "CertificateReplaced":
            certs[a["oldId"]]["status"] = CertificateStatus.REPLACED
            certs[a["oldId"]]["replacedBy"] = a["newId"]
            certs[a["newId"]]["replaces"] = a["oldId"]
        elif name == "ConsentChanged":
            certs[a["certificateId"]]["consent"] = Consent(a["current"])
            if a["relayed"]:
                holder = a["holder"]
                state["nonces"][holder] = state["nonces"].get(holder, 0) + 1
    return state


def audit(registry, start_block: int = 0) -> list[str]:
    """Differences between the recount and the contract's getters (empty: consistent)."""
    from ape import chain

    state = recount(registry, start_block)
    problems: list[str] = []

    def check(what: str, from_events, from_contract):
        if from_events != from_contract:
            problems.append(f"{what}: events say {from_events!r}, contract says {from_contract!r}")

    # The registry's whole history lies after `start_block` (its deployment block or earlier).
    check("type ids", sorted(state["types"]), list(range(1, registry.typeCount() + 1)))
    check(
        "certificate ids",
        sorted(state["certificates"]),
        list(range(1, registry.certificateCount() + 1)),
    )
    for type_id, rules in sorted(state["types"].items()):
        t = registry.credentialType(type_id)
        on_chain = (bytes(t.schemaHash), t.maxValidity, t.policy, t.acceptanceRequired)
        check(f"type {type_id}", rules, on_chain)
    role = registry.ISSUER_ROLE()
    for (issuer, type_id), allowed in sorted(state["permissions"].items()):
        check(
            f"isPermitted({issuer}, {type_id})",
            allowed and registry.hasRole(role, issuer),
            registry.isPermitted(issuer, type_id),
        )
    now = chain.blocks.head.timestamp
    for cid, c in sorted(state["certificates"].items()):
        v = registry.certificate(cid)
        on_chain = {
            "holder": v.holder,
            "typeId": v.typeId,
            "issuedAt": v.issuedAt,
            "expiresAt": v.expiresAt,
            "claimsRoot": bytes(v.claimsRoot),
            "status": CertificateStatus(v.status),
            "consent": Consent(v.consent),
            "replaces": v.replaces,
            "replacedBy": v.replacedBy,
        }
        mine = {k: c[k] for k in on_chain}
        check(f"certificate {cid}", mine, on_chain)
        required = state["types"][c["typeId"]][3]
        expected = validity(c["status"], c["consent"], c["expiresAt"], now, required)
        check(f"validityOf({cid})", expected, Validity(registry.validityOf(cid)))
    for holder, count in sorted(state["nonces"].items()):
        check(f"nonces({holder})", count, registry.nonces(holder))
    return problems
