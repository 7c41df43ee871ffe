"""Property test: a state machine over issue / accept / refuse / hide / revoke / suspend /
reinstate / re-issue / permission withdrawal / time travel / disclose, with a ghost model
of every certificate; the recount audit closes each example."""

import ape
import pytest
from certs_support import APPOINTMENT, DAY, PERMANENT, TYPES, YOUTH, member_claims, youth_claims
from hypothesis import strategies as st
from hypothesis.stateful import (
    initialize,
    invariant,
    precondition,
    rule,
)
from state_machine import CivicMachine, run_machine

from civic.certs import (
    CONSENT_MOVES,
    CertificateStatus,
    ClaimsTree,
    Consent,
    Reason,
    RevocationPolicy,
    Validity,
    certificate_input,
    claim_value,
    sign_consent,
    validity,
)
from civic.certs.recount import audit

DOC = b"\x33" * 32


@pytest.fixture(scope="module")
def machine_registry(create_registry):
    return create_registry()


def test_certs_state_machine(
    machine_registry, chain, cert_admin, issuer, district, holder, holder2, relayer
):
    registry = machine_registry
    holders = [holder, holder2]
    issuer_of = {APPOINTMENT: issuer, PERMANENT: issuer, YOUTH: district}

    class CertsMachine(CivicMachine):
        steps = 10

        def __init__(self):
            super().__init__()
            self.certs = []  # list of dicts, index i is certificate id i + 1
            self.permitted = {t: True for t in TYPES}
            self.serial = 0

        @initialize()
        def start(self):
            assert registry.certificateCount() == 0

        # ------------------------------------------------------------ helpers

        def _pick(self, index):
            cid = index % len(self.certs) + 1
            return cid, self.certs[cid - 1]

        def _new_input(self, type_id, who, expires_in, eligible):
            self.serial += 1
            claims = (
                youth_claims(self.serial, eligible)
                if type_id == YOUTH
                else member_claims(self.serial)
            )
            tree = ClaimsTree(claims)
            expires = 0 if expires_in is None else chain.pending_timestamp + expires_in
            return tree, expires, certificate_input(who, tree.root, DOC, expires)

        def _record(self, type_id, who, tree, expires):
            self.certs.append(
                {
                    "type": type_id,
                    "holder": who,
                    "tree": tree,
                    "expires": expires,
                    "status": CertificateStatus.ACTIVE,
                    "consent": Consent.PENDING,
                }
            )

        def _policy(self, type_id):
            return TYPES[type_id][2]

        # ------------------------------------------------------------ rules

        @rule(
            type_id=st.sampled_from(list(TYPES)),
            who=st.sampled_from(holders),
            days=st.sampled_from([1, 3, 10, None]),
            eligible=st.booleans(),
            batch=st.integers(1, 3),
        )
        def issue(self, type_id, who, days, eligible, batch):
            if days is None and TYPES[type_id][1] != 0:
                days = 5
            expires_in = None if days is None else days * DAY
            entries = [self._new_input(type_id, who, expires_in, eligible) for _ in range(batch)]
            sender = issuer_of[type_id]
            inputs = [e[2] for e in entries]
            if not self.permitted[type_id]:
                with ape.reverts(registry.IssuerNotPermitted, issuer=sender, typeId=type_id):
                    registry.issueBatch(type_id, inputs, sender=sender)
                return
            if batch == 1:
                registry.issue(type_id, inputs[0], sender=sender)
            else:
                registry.issueBatch(type_id, inputs, sender=sender)
            for tree, expires, _ in entries:
                self._record(type_id, who, tree, expires)

        @precondition(lambda self: self.certs)
        @rule(
            index=st.integers(0, 99),
            decision=st.sampled_from([Consent.ACCEPTED, Consent.REFUSED, Consent.HIDDEN]),
            relayed=st.booleans(),
        )
        def answer(self, index, decision, relayed):
            cid, c = self._pick(index)
            who = c["holder"]
            if relayed:
                deadline = chain.pending_timestamp + 3600
                sig = sign_consent(registry, who, cid, decision, deadline)

                def send():
                    return registry.setConsentBySig(cid, decision, deadline, sig, sender=relayer)
            else:

                def send():
                    return registry.setConsent(cid, decision, sender=who)

            if (c["consent"], decision) in CONSENT_MOVES:
                send()
                c["consent"] = decision
            else:
                with ape.reverts(
                    registry.ConsentChangeNotAllowed,
                    certificateId=cid,
                    current=c["consent"],
                    requested=decision,
                ):
                    send()

        @precondition(lambda self: self.certs)
        @rule(
            index=st.integers(0, 99),
            reason=st.sampled_from(list(Reason)[1:]),
            batch=st.booleans(),
        )
        def revoke(self, index, reason, batch):
            cid, c = self._pick(index)
            sender, t = issuer_of[c["type"]], c["type"]

            def send():
                if batch:
                    return registry.revokeBatch([cid], reason, sender=sender)
                return registry.revoke(cid, reason, sender=sender)

            if not self.permitted[t]:
                with ape.reverts(registry.IssuerNotPermitted, issuer=sender, typeId=t):
                    send()
            elif self._policy(t) == RevocationPolicy.IRREVOCABLE:
                with ape.reverts(registry.RevocationNotAllowed, typeId=t):
                    send()
            elif c["status"] not in (CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED):
                with ape.reverts(
                    registry.CertificateNotActive, certificateId=cid, status=c["status"]
                ):
                    send()
            else:
                send()
                c["status"] = CertificateStatus.REVOKED

        @precondition(lambda self: self.certs)
        @rule(index=st.integers(0, 99))
        def suspend_or_reinstate(self, index):
            cid, c = self._pick(index)
            sender, t = issuer_of[c["type"]], c["type"]
            if c["status"] == CertificateStatus.SUSPENDED:
                if not self.permitted[t]:
                    with ape.reverts(registry.IssuerNotPermitted, issuer=sender, typeId=t):
                        registry.reinstate(cid, sender=sender)
                else:
                    registry.reinstate(cid, sender=sender)
                    c["status"] = CertificateStatus.ACTIVE
                return
            if not self.permitted[t]:
                with ape.reverts(registry.IssuerNotPermitted, issuer=sender, typeId=t):
                    registry.suspend(cid, Reason.MISCONDUCT, sender=sender)
            elif self._policy(t) != RevocationPolicy.REVOCABLE_AND_SUSPENDABLE:
                with ape.reverts(registry.SuspensionNotAllowed, typeId=t):
                    registry.suspend(cid, Reason.MISCONDUCT, sender=sender)
            elif c["status"] != CertificateStatus.ACTIVE:
                with ape.reverts(
                    registry.CertificateNotActive, certificateId=cid, status=c["status"]
                ):
                    registry.suspend(cid, Reason.MISCONDUCT, sender=sender)
            else:
                registry.suspend(cid, Reason.MISCONDUCT, sender=sender)
                c["status"] = CertificateStatus.SUSPENDED

        @precondition(lambda self: self.certs)
        @rule(index=st.integers(0, 99), who=st.sampled_from(holders))
        def reissue(self, index, who):
            cid, c = self._pick(index)
            sender, t = issuer_of[c["type"]], c["type"]
            days = 2 if TYPES[t][1] else None
            tree, expires, new_input = self._new_input(
                t, who, None if days is None else days * DAY, True
            )
            if not self.permitted[t]:
                with ape.reverts(registry.IssuerNotPermitted, issuer=sender, typeId=t):
                    registry.reissue(cid, new_input, sender=sender)
            elif c["status"] not in (CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED):
                with ape.reverts(
                    registry.CertificateNotActive, certificateId=cid, status=c["status"]
                ):
                    registry.reissue(cid, new_input, sender=sender)
            else:
                tx = registry.reissue(cid, new_input, sender=sender)
                [link] = tx.decode_logs(registry.CertificateReplaced)
                c["status"] = CertificateStatus.REPLACED
                self._record(t, who, tree, expires)
                assert (link.oldId, link.newId) == (cid, len(self.certs))

        @rule(type_id=st.sampled_from(list(TYPES)))
        def toggle_permission(self, type_id):
            allowed = not self.permitted[type_id]
            registry.setIssuerPermission(issuer_of[type_id], type_id, allowed, sender=cert_admin)
            self.permitted[type_id] = allowed

        @rule(days=st.sampled_from([1, 2, 4]))
        def time_passes(self, days):
            chain.pending_timestamp += days * DAY
            chain.mine()

        @precondition(lambda self: self.certs)
        @rule(index=st.integers(0, 99), which=st.integers(0, 9), tamper=st.booleans())
        def disclose(self, index, which, tamper):
            cid, c = self._pick(index)
            tree = c["tree"]
            d = tree.disclose(tree.names[which % len(tree.names)])
            value = claim_value("tampered") if tamper else d.value
            proven = registry.verifyClaim(cid, d.key, value, d.salt, d.proof)
            assert proven == (not tamper)
            both = registry.isValidWithClaim(cid, d.key, value, d.salt, d.proof)
            assert both == (proven and self._validity(c) == Validity.VALID)

        # ------------------------------------------------------------ invariants

        def _validity(self, c):
            now = chain.blocks.head.timestamp
            return validity(c["status"], c["consent"], c["expires"], now, TYPES[c["type"]][3])

        @invariant()
        def validity_matches_model(self):
            assert registry.certificateCount() == len(self.certs)
            for cid, c in enumerate(self.certs, start=1):
                assert Validity(registry.validityOf(cid)) == self._validity(c), cid

        def audit(self):
            assert audit(registry) == []

    run_machine(CertsMachine)
