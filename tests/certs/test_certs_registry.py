"""Credential types, issuer permissions, issuance (single and batch), suspension,
reinstatement, revocation, re-issue and the validity answer."""

import ape
import pytest
from certs_support import APPOINTMENT, DAY, PERMANENT, YOUTH, member_claims, schema_hash

from civic.certs import (
    ISSUER_ROLE,
    CertificateStatus,
    ClaimsTree,
    Consent,
    Reason,
    RevocationPolicy,
    Validity,
    certificate_input,
    document_hash,
)
from civic.certs.recount import audit
from civic.deploy import ADMIN_ROLE

ZERO = "0x0000000000000000000000000000000000000000"
ROOT = b"\x11" * 32
DOC = b"\x22" * 32


def _input(who, chain, expires_in=DAY, root=ROOT):
    expires = 0 if expires_in is None else chain.pending_timestamp + expires_in
    return certificate_input(who, root, DOC, expires)


# ---------------------------------------------------------------- constructor, types


def test_constructor__zero_admin__reverts(project, cert_admin):
    with ape.reverts(project.CertificateRegistry.InvalidAdmin):
        cert_admin.deploy(project.CertificateRegistry, ZERO)


def test_define_type__records_rules_and_emits(registry, cert_admin):
    tx = registry.defineType(schema_hash(b"x"), 7 * DAY, 1, True, sender=cert_admin)
    [event] = tx.decode_logs(registry.TypeDefined)
    assert event.typeId == 4 and event.maxValidity == 7 * DAY and event.policy == 1
    assert event.acceptanceRequired and event.admin == cert_admin
    assert bytes(event.schemaHash) == schema_hash(b"x")
    t = registry.credentialType(4)
    assert (bytes(t.schemaHash), t.maxValidity, t.policy, t.acceptanceRequired) == (
        schema_hash(b"x"),
        7 * DAY,
        RevocationPolicy.REVOCABLE_ONLY,
        True,
    )
    assert registry.typeCount() == 4


def test_define_type__empty_schema__reverts(registry, cert_admin):
    with ape.reverts(registry.EmptySchemaHash):
        registry.defineType(b"\x00" * 32, 0, 0, False, sender=cert_admin)


#: Storage slot of `_typeCount` (after AccessControl's roles, EIP712's two fallback
#: strings and Nonces' map); the tests below check they found it through typeCount().
TYPE_COUNT_SLOT = 4


def _set_type_count(registry, chain, count):
    chain.provider.make_request(
        "anvil_setStorageAt",
        [registry.address, hex(TYPE_COUNT_SLOT), "0x" + count.to_bytes(32, "big").hex()],
    )
    assert registry.typeCount() == count


def test_define_type__all_ids_used__reverts(registry, cert_admin, chain):
    """Type ids are uint16: with 2^16 - 1 types defined (set in storage: no test can
    define that many) the next one is refused instead of wrapping to id 0."""
    _set_type_count(registry, chain, 2**16 - 1)
    with ape.reverts(registry.TooManyTypes):
        registry.defineType(schema_hash(b"x"), 0, 0, False, sender=cert_admin)
    assert registry.typeCount() == 2**16 - 1


def test_define_type__last_id__defines_it(registry, cert_admin, chain):
    _set_type_count(registry, chain, 2**16 - 2)
    tx = registry.defineType(schema_hash(b"x"), 0, 0, False, sender=cert_admin)
    [event] = tx.decode_logs(registry.TypeDefined)
    assert event.typeId == 2**16 - 1 and registry.typeCount() == 2**16 - 1
    assert bytes(registry.credentialType(2**16 - 1).schemaHash) == schema_hash(b"x")


def test_define_type__not_admin__reverts(registry, issuer):
    with ape.reverts(
        registry.AccessControlUnauthorizedAccount, account=issuer, neededRole=ADMIN_ROLE
    ):
        registry.defineType(schema_hash(b"x"), 0, 0, False, sender=issuer)


def test_set_issuer_permission__emits_and_permits(registry, cert_admin, district):
    assert not registry.isPermitted(district, APPOINTMENT)
    tx = registry.setIssuerPermission(district, APPOINTMENT, True, sender=cert_admin)
    [event] = tx.decode_logs(registry.IssuerPermissionSet)
    assert (event.issuer, event.typeId, event.allowed, event.admin) == (
        district,
        APPOINTMENT,
        True,
        cert_admin,
    )
    assert registry.isPermitted(district, APPOINTMENT)


def test_set_issuer_permission__unknown_type__reverts(registry, cert_admin, district):
    with ape.reverts(registry.UnknownType, typeId=9):
        registry.setIssuerPermission(district, 9, True, sender=cert_admin)


def test_set_issuer_permission__unchanged__reverts(registry, cert_admin, issuer):
    with ape.reverts(registry.PermissionUnchanged, issuer=issuer, typeId=APPOINTMENT, allowed=True):
        registry.setIssuerPermission(issuer, APPOINTMENT, True, sender=cert_admin)


def test_set_issuer_permission__not_admin__reverts(registry, issuer, district):
    with ape.reverts(
        registry.AccessControlUnauthorizedAccount, account=issuer, neededRole=ADMIN_ROLE
    ):
        registry.setIssuerPermission(district, APPOINTMENT, True, sender=issuer)


# ---------------------------------------------------------------- issue


def test_issue__stores_two_slots_and_emits(registry, issuer, holder, chain):
    tree = ClaimsTree(member_claims(1))
    doc = document_hash(b"pdf")
    expires = chain.pending_timestamp + 10 * DAY
    tx = registry.issue(
        APPOINTMENT, certificate_input(holder, tree.root, doc, expires), sender=issuer
    )
    [event] = tx.decode_logs(registry.CertificateIssued)
    assert event.certificateId == 1 and event.typeId == APPOINTMENT and event.holder == holder
    assert event.issuer == issuer and event.expiresAt == expires
    assert bytes(event.claimsRoot) == tree.root and bytes(event.documentHash) == doc
    issued_at = chain.blocks.head.timestamp
    assert event.issuedAt == issued_at
    c = registry.certificate(1)
    assert (c.holder, c.typeId, c.issuedAt, c.expiresAt) == (
        holder,
        APPOINTMENT,
        issued_at,
        expires,
    )
    assert (c.status, c.consent, c.replaces, c.replacedBy) == (1, 0, 0, 0)
    assert bytes(c.claimsRoot) == tree.root
    assert registry.holderOf(1) == holder and registry.typeOf(1) == APPOINTMENT
    assert registry.certificateCount() == 1
    assert registry.validityOf(1) == Validity.NOT_ACCEPTED
    assert audit(registry) == []


def test_issue__type_not_allowed__reverts(registry, district, holder, chain):
    with ape.reverts(registry.IssuerNotPermitted, issuer=district, typeId=APPOINTMENT):
        registry.issue(APPOINTMENT, _input(holder, chain), sender=district)


def test_issue__no_issuer_role__reverts(registry, cert_admin, stranger, holder, chain):
    registry.setIssuerPermission(stranger, APPOINTMENT, True, sender=cert_admin)
    with ape.reverts(registry.IssuerNotPermitted, issuer=stranger, typeId=APPOINTMENT):
        registry.issue(APPOINTMENT, _input(holder, chain), sender=stranger)


def test_issue__unknown_type__reverts(registry, issuer, holder, chain):
    with ape.reverts(registry.UnknownType, typeId=7):
        registry.issue(7, _input(holder, chain), sender=issuer)


def test_issue__zero_holder__reverts(registry, issuer, chain):
    with ape.reverts(registry.ZeroHolder, index=0):
        registry.issue(APPOINTMENT, _input(ZERO, chain), sender=issuer)


def test_issue__empty_root__reverts(registry, issuer, holder, chain):
    with ape.reverts(registry.EmptyClaimsRoot, index=0):
        registry.issue(APPOINTMENT, _input(holder, chain, root=b"\x00" * 32), sender=issuer)


def test_issue__expiry_beyond_type_limit__reverts(registry, issuer, holder, chain):
    now = chain.pending_timestamp
    expires = now + 2 * 365 * DAY + 1000
    with ape.reverts(registry.InvalidExpiry, index=0, expiresAt=expires):
        registry.issue(APPOINTMENT, certificate_input(holder, ROOT, DOC, expires), sender=issuer)


def test_issue__expiry_in_past__reverts(registry, issuer, holder, chain):
    expires = chain.pending_timestamp - 10
    with ape.reverts(registry.InvalidExpiry, index=0, expiresAt=expires):
        registry.issue(APPOINTMENT, certificate_input(holder, ROOT, DOC, expires), sender=issuer)


def test_issue__expiry_at_issue_second__reverts(registry, issuer, holder, chain):
    """A certificate must outlive its issuance: expiry equal to the issue time is refused."""
    now = chain.pending_timestamp = chain.pending_timestamp + 10
    with ape.reverts(registry.InvalidExpiry, index=0, expiresAt=now, latest=now + 2 * 365 * DAY):
        registry.issue(APPOINTMENT, certificate_input(holder, ROOT, DOC, now), sender=issuer)


def test_issue__expiry_at_type_limit__accepted(registry, issuer, holder, chain):
    now = chain.pending_timestamp = chain.pending_timestamp + 10
    expires = now + 2 * 365 * DAY
    registry.issue(APPOINTMENT, certificate_input(holder, ROOT, DOC, expires), sender=issuer)
    assert registry.certificate(1).expiresAt == expires


def test_issue__no_expiry_on_limited_type__reverts(registry, issuer, holder, chain):
    with ape.reverts(registry.InvalidExpiry, index=0, expiresAt=0):
        registry.issue(APPOINTMENT, _input(holder, chain, expires_in=None), sender=issuer)


def test_issue__no_expiry_on_unlimited_type__never_expires(registry, issuer, holder, chain):
    registry.issue(PERMANENT, _input(holder, chain, expires_in=None), sender=issuer)
    chain.pending_timestamp += 50 * 365 * DAY
    chain.mine()
    assert registry.validityOf(1) == Validity.VALID and registry.isValid(1)


def test_issue__withdrawn_permission__old_certificate_stays_valid(
    registry, cert_admin, issuer, holder, issue_cert, chain
):
    cid, _, _ = issue_cert(holder, PERMANENT)
    registry.setIssuerPermission(issuer, PERMANENT, False, sender=cert_admin)
    registry.revokeRole(ISSUER_ROLE, issuer, sender=cert_admin)
    assert registry.isValid(cid)
    assert not registry.isPermitted(issuer, PERMANENT)
    with ape.reverts(registry.IssuerNotPermitted, issuer=issuer, typeId=PERMANENT):
        registry.issue(PERMANENT, _input(holder, chain), sender=issuer)


# ---------------------------------------------------------------- issueBatch


def test_issue_batch__hundred_members__consecutive_ids(registry, issuer, accounts, chain):
    expires = chain.pending_timestamp + 365 * DAY
    inputs = [
        certificate_input(
            accounts[10 + i % 10].address, ClaimsTree(member_claims(i)).root, DOC, expires
        )
        for i in range(100)
    ]
    tx = registry.issueBatch(APPOINTMENT, inputs, sender=issuer)
    events = tx.decode_logs(registry.CertificateIssued)
    assert [e.certificateId for e in events] == list(range(1, 101))
    assert all(e.issuer == issuer and e.typeId == APPOINTMENT for e in events)
    assert registry.certificateCount() == 100
    assert registry.holderOf(100) == accounts[19]
    assert audit(registry) == []


def test_issue_batch__empty__reverts(registry, issuer):
    with ape.reverts(registry.InvalidBatchSize, count=0, max=256):
        registry.issueBatch(APPOINTMENT, [], sender=issuer)


def test_issue_batch__too_large__reverts(registry, issuer, holder, chain):
    inputs = [_input(holder, chain)] * 257
    with ape.reverts(registry.InvalidBatchSize, count=257, max=256):
        registry.issueBatch(APPOINTMENT, inputs, sender=issuer)


def test_issue_batch_and_revoke_batch__exactly_max__accepted(registry, issuer, holder, chain):
    inputs = [_input(holder, chain, expires_in=30 * DAY)] * 256
    registry.issueBatch(APPOINTMENT, inputs, sender=issuer)
    assert registry.certificateCount() == 256
    tx = registry.revokeBatch(list(range(1, 257)), Reason.TERM_ENDED, sender=issuer)
    assert len(tx.decode_logs(registry.CertificateRevoked)) == 256
    assert registry.validityOf(256) == Validity.REVOKED


def test_issue_batch__bad_entry__names_index_and_issues_none(registry, issuer, holder, chain):
    inputs = [_input(holder, chain), _input(holder, chain), _input(ZERO, chain)]
    with ape.reverts(registry.ZeroHolder, index=2):
        registry.issueBatch(APPOINTMENT, inputs, sender=issuer)
    assert registry.certificateCount() == 0


def test_issue_batch__type_not_allowed__reverts(registry, district, holder, chain):
    with ape.reverts(registry.IssuerNotPermitted, issuer=district, typeId=APPOINTMENT):
        registry.issueBatch(APPOINTMENT, [_input(holder, chain)], sender=district)


# ---------------------------------------------------------------- suspend, reinstate


def test_suspend_and_reinstate__status_validity_events(registry, issuer, holder, issue_cert):
    cid, _, _ = issue_cert(holder)
    registry.setConsent(cid, Consent.ACCEPTED, sender=holder)
    assert registry.isValid(cid)
    tx = registry.suspend(cid, Reason.MISCONDUCT, sender=issuer)
    [event] = tx.decode_logs(registry.CertificateSuspended)
    assert (event.certificateId, event.reason, event.issuer) == (cid, Reason.MISCONDUCT, issuer)
    assert registry.validityOf(cid) == Validity.SUSPENDED and not registry.isValid(cid)
    tx = registry.reinstate(cid, sender=issuer)
    [event] = tx.decode_logs(registry.CertificateReinstated)
    assert (event.certificateId, event.issuer) == (cid, issuer)
    assert registry.isValid(cid)
    assert audit(registry) == []


def test_suspend__policy_forbids__reverts(registry, district, holder, issue_cert):
    cid, _, _ = issue_cert(holder, YOUTH)
    with ape.reverts(
        registry.SuspensionNotAllowed, typeId=YOUTH, policy=RevocationPolicy.REVOCABLE_ONLY
    ):
        registry.suspend(cid, Reason.MISCONDUCT, sender=district)


def test_suspend__already_suspended__reverts(registry, issuer, holder, issue_cert):
    cid, _, _ = issue_cert(holder)
    registry.suspend(cid, Reason.MISCONDUCT, sender=issuer)
    with ape.reverts(
        registry.CertificateNotActive, certificateId=cid, status=CertificateStatus.SUSPENDED
    ):
        registry.suspend(cid, Reason.MISCONDUCT, sender=issuer)


def test_suspend__no_reason__reverts(registry, issuer, holder, issue_cert):
    cid, _, _ = issue_cert(holder)
    with ape.reverts(registry.ReasonRequired, certificateId=cid):
        registry.suspend(cid, Reason.UNSPECIFIED, sender=issuer)


def test_suspend__unknown_certificate__reverts(registry, issuer):
    with ape.reverts(registry.UnknownCertificate, certificateId=42):
        registry.suspend(42, Reason.MISCONDUCT, sender=issuer)


def test_suspend__not_issuer_of_type__reverts(registry, district, holder, issue_cert):
    cid, _, _ = issue_cert(holder)
    with ape.reverts(registry.IssuerNotPermitted, issuer=district, typeId=APPOINTMENT):
        registry.suspend(cid, Reason.MISCONDUCT, sender=district)


def test_reinstate__not_suspended__reverts(registry, issuer, holder, issue_cert):
    cid, _, _ = issue_cert(holder)
    with ape.reverts(
        registry.CertificateNotSuspended, certificateId=cid, status=CertificateStatus.ACTIVE
    ):
        registry.reinstate(cid, sender=issuer)


def test_reinstate__revoked_or_replaced__reverts(registry, issuer, holder, issue_cert, chain):
    """Only a suspended certificate comes back: a revoked or replaced one stays final."""
    revoked, _, _ = issue_cert(holder)
    registry.revoke(revoked, Reason.MISCONDUCT, sender=issuer)
    replaced, _, _ = issue_cert(holder)
    registry.reissue(replaced, _input(holder, chain), sender=issuer)
    for cid, status in (
        (revoked, CertificateStatus.REVOKED),
        (replaced, CertificateStatus.REPLACED),
    ):
        with ape.reverts(registry.CertificateNotSuspended, certificateId=cid, status=status):
            registry.reinstate(cid, sender=issuer)
        assert registry.certificate(cid).status == status


def test_reinstate__not_issuer_of_type__reverts(registry, issuer, stranger, holder, issue_cert):
    cid, _, _ = issue_cert(holder)
    registry.suspend(cid, Reason.MISCONDUCT, sender=issuer)
    with ape.reverts(registry.IssuerNotPermitted, issuer=stranger, typeId=APPOINTMENT):
        registry.reinstate(cid, sender=stranger)


# ---------------------------------------------------------------- revoke


def test_revoke__final_with_reason(registry, issuer, holder, issue_cert):
    cid, _, _ = issue_cert(holder)
    registry.suspend(cid, Reason.MISCONDUCT, sender=issuer)
    tx = registry.revoke(cid, Reason.TERM_ENDED, sender=issuer)
    [event] = tx.decode_logs(registry.CertificateRevoked)
    assert (event.certificateId, event.reason, event.issuer) == (cid, Reason.TERM_ENDED, issuer)
    assert registry.validityOf(cid) == Validity.REVOKED
    with ape.reverts(
        registry.CertificateNotActive, certificateId=cid, status=CertificateStatus.REVOKED
    ):
        registry.revoke(cid, Reason.TERM_ENDED, sender=issuer)
    with ape.reverts(
        registry.CertificateNotSuspended, certificateId=cid, status=CertificateStatus.REVOKED
    ):
        registry.reinstate(cid, sender=issuer)
    assert audit(registry) == []


def test_revoke__irrevocable_type__reverts(registry, issuer, holder, issue_cert):
    cid, _, _ = issue_cert(holder, PERMANENT, expires_in=None)
    with ape.reverts(
        registry.RevocationNotAllowed, typeId=PERMANENT, policy=RevocationPolicy.IRREVOCABLE
    ):
        registry.revoke(cid, Reason.ISSUED_IN_ERROR, sender=issuer)
    with ape.reverts(
        registry.SuspensionNotAllowed, typeId=PERMANENT, policy=RevocationPolicy.IRREVOCABLE
    ):
        registry.suspend(cid, Reason.ISSUED_IN_ERROR, sender=issuer)


def test_revoke__no_reason__reverts(registry, district, holder, issue_cert):
    cid, _, _ = issue_cert(holder, YOUTH)
    with ape.reverts(registry.ReasonRequired, certificateId=cid):
        registry.revoke(cid, Reason.UNSPECIFIED, sender=district)


def test_revoke__issuer_withdrawn__successor_revokes_compromised(
    registry, cert_admin, issuer, district, holder, issue_cert
):
    cid, _, _ = issue_cert(holder)
    registry.setIssuerPermission(issuer, APPOINTMENT, False, sender=cert_admin)
    with ape.reverts(registry.IssuerNotPermitted, issuer=issuer, typeId=APPOINTMENT):
        registry.revoke(cid, Reason.ISSUER_COMPROMISED, sender=issuer)
    registry.setIssuerPermission(district, APPOINTMENT, True, sender=cert_admin)
    registry.revoke(cid, Reason.ISSUER_COMPROMISED, sender=district)
    assert registry.validityOf(cid) == Validity.REVOKED
    assert audit(registry) == []


# ---------------------------------------------------------------- reissue


def test_reissue__links_both_ways_and_resets_consent(
    registry, issuer, holder, holder2, issue_cert, chain
):
    cid, _, _ = issue_cert(holder)
    registry.setConsent(cid, Consent.ACCEPTED, sender=holder)
    tree = ClaimsTree(member_claims(99))
    tx = registry.reissue(cid, _input(holder2, chain, root=tree.root), sender=issuer)
    [issued] = tx.decode_logs(registry.CertificateIssued)
    [replaced] = tx.decode_logs(registry.CertificateReplaced)
    new = issued.certificateId
    assert (replaced.oldId, replaced.newId, replaced.issuer) == (cid, new, issuer)
    assert issued.holder == holder2 and issued.typeId == APPOINTMENT
    old_view, new_view = registry.certificate(cid), registry.certificate(new)
    assert old_view.status == CertificateStatus.REPLACED and old_view.replacedBy == new
    assert new_view.replaces == cid and new_view.consent == Consent.PENDING
    assert registry.validityOf(cid) == Validity.REPLACED
    assert registry.validityOf(new) == Validity.NOT_ACCEPTED
    with ape.reverts(
        registry.CertificateNotActive, certificateId=cid, status=CertificateStatus.REPLACED
    ):
        registry.reissue(cid, _input(holder2, chain), sender=issuer)
    assert audit(registry) == []


def test_reissue__revoked__reverts(registry, district, holder, issue_cert, chain):
    cid, _, _ = issue_cert(holder, YOUTH)
    registry.revoke(cid, Reason.ELIGIBILITY_LOST, sender=district)
    with ape.reverts(
        registry.CertificateNotActive, certificateId=cid, status=CertificateStatus.REVOKED
    ):
        registry.reissue(cid, _input(holder, chain), sender=district)


def test_reissue__bad_input__reverts_and_keeps_old(registry, issuer, holder, issue_cert, chain):
    cid, _, _ = issue_cert(holder)
    with ape.reverts(registry.ZeroHolder, index=0):
        registry.reissue(cid, _input(ZERO, chain), sender=issuer)
    assert registry.certificate(cid).status == CertificateStatus.ACTIVE


def test_reissue__not_issuer_of_type__reverts(registry, district, holder, issue_cert, chain):
    cid, _, _ = issue_cert(holder)
    with ape.reverts(registry.IssuerNotPermitted, issuer=district, typeId=APPOINTMENT):
        registry.reissue(cid, _input(holder, chain), sender=district)


# ---------------------------------------------------------------- validity


def test_validity__unknown__false(registry):
    assert registry.validityOf(5) == Validity.UNKNOWN and not registry.isValid(5)
    assert registry.holderOf(5) == ZERO and registry.typeOf(5) == 0


def test_validity__expires_at_its_second(registry, holder, issue_cert, chain):
    cid, _, _ = issue_cert(holder, YOUTH, expires_in=DAY)
    assert registry.isValid(cid)  # YOUTH needs no acceptance
    expires = registry.certificate(cid).expiresAt
    chain.pending_timestamp = expires - 1
    chain.mine()
    assert registry.isValid(cid)
    chain.mine(timestamp=expires)
    assert registry.validityOf(cid) == Validity.EXPIRED
    assert audit(registry) == []


def test_validity__revoked_beats_expired(registry, district, holder, issue_cert, chain):
    cid, _, _ = issue_cert(holder, YOUTH, expires_in=DAY)
    registry.revoke(cid, Reason.ELIGIBILITY_LOST, sender=district)
    chain.pending_timestamp += 2 * DAY
    chain.mine()
    assert registry.validityOf(cid) == Validity.REVOKED


@pytest.mark.parametrize(
    "answers, expected",
    [
        ((), Validity.NOT_ACCEPTED),
        ((Consent.ACCEPTED,), Validity.VALID),
        ((Consent.REFUSED,), Validity.REFUSED),
        ((Consent.ACCEPTED, Consent.HIDDEN), Validity.HIDDEN),
        ((Consent.ACCEPTED, Consent.HIDDEN, Consent.ACCEPTED), Validity.VALID),
    ],
)
def test_validity__consent__per_rule(registry, holder, issue_cert, answers, expected):
    cid, _, _ = issue_cert(holder)
    for answer in answers:
        registry.setConsent(cid, answer, sender=holder)
    assert registry.validityOf(cid) == expected
    assert registry.isValid(cid) == (expected == Validity.VALID)


# ---------------------------------------------------------------- revokeBatch


def test_revoke_batch__compromised_issuer__all_revoked(
    registry, cert_admin, issuer, district, holder, holder2, issue_cert
):
    ids = [issue_cert(who)[0] for who in (holder, holder2, holder)]
    registry.setIssuerPermission(issuer, APPOINTMENT, False, sender=cert_admin)
    registry.setIssuerPermission(district, APPOINTMENT, True, sender=cert_admin)
    tx = registry.revokeBatch(ids, Reason.ISSUER_COMPROMISED, sender=district)
    events = tx.decode_logs(registry.CertificateRevoked)
    assert [e.certificateId for e in events] == ids
    assert all(e.reason == Reason.ISSUER_COMPROMISED and e.issuer == district for e in events)
    assert all(registry.validityOf(i) == Validity.REVOKED for i in ids)
    assert audit(registry) == []


def test_revoke_batch__one_bad__reverts_naming_it(registry, issuer, holder, issue_cert):
    first, _, _ = issue_cert(holder)
    second, _, _ = issue_cert(holder)
    registry.revoke(second, Reason.TERM_ENDED, sender=issuer)
    with ape.reverts(
        registry.CertificateNotActive, certificateId=second, status=CertificateStatus.REVOKED
    ):
        registry.revokeBatch([first, second], Reason.TERM_ENDED, sender=issuer)
    assert registry.certificate(first).status == CertificateStatus.ACTIVE


def test_revoke_batch__size__reverts(registry, issuer):
    with ape.reverts(registry.InvalidBatchSize, count=0, max=256):
        registry.revokeBatch([], Reason.TERM_ENDED, sender=issuer)
    with ape.reverts(registry.InvalidBatchSize, count=257, max=256):
        registry.revokeBatch([1] * 257, Reason.TERM_ENDED, sender=issuer)


def test_revoke_batch__not_issuer_of_type__reverts(registry, district, holder, issue_cert):
    cid, _, _ = issue_cert(holder)
    with ape.reverts(registry.IssuerNotPermitted, issuer=district, typeId=APPOINTMENT):
        registry.revokeBatch([cid], Reason.TERM_ENDED, sender=district)
