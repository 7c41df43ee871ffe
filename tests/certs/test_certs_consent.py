"""Holder consent: direct answers, relayed EIP-712 signatures (deadline, nonce, domain),
ERC-1271 wallets with a bounded gas call, and hostile wallets rejected."""

import ape
import pytest
from certs_support import APPOINTMENT, DAY, YOUTH

from civic.certs import (
    CONSENT_TYPES,
    Consent,
    Validity,
    certificate_input,
    consent_message,
    domain,
    sign_consent,
)
from civic.certs.recount import audit
from civic.eip712 import Domain, digest, sign


def _deadline(chain, seconds=3600):
    return chain.pending_timestamp + seconds


def test_set_consent__accept__emits_direct(registry, holder, issue_cert):
    cid, _, _ = issue_cert(holder)
    tx = registry.setConsent(cid, Consent.ACCEPTED, sender=holder)
    [event] = tx.decode_logs(registry.ConsentChanged)
    assert (event.certificateId, event.holder, event.previous, event.current) == (
        cid,
        holder,
        Consent.PENDING,
        Consent.ACCEPTED,
    )
    assert not event.relayed and event.nonce == 0
    assert registry.isValid(cid)


def test_set_consent__not_holder__reverts(registry, holder, holder2, issue_cert):
    cid, _, _ = issue_cert(holder)
    with ape.reverts(registry.NotHolder, certificateId=cid, account=holder2):
        registry.setConsent(cid, Consent.ACCEPTED, sender=holder2)


def test_set_consent__unknown_certificate__reverts(registry, holder):
    with ape.reverts(registry.UnknownCertificate, certificateId=77):
        registry.setConsent(77, Consent.ACCEPTED, sender=holder)


@pytest.mark.parametrize(
    "first, then",
    [
        (Consent.REFUSED, Consent.ACCEPTED),
        (Consent.REFUSED, Consent.HIDDEN),
        (Consent.ACCEPTED, Consent.ACCEPTED),
        (Consent.ACCEPTED, Consent.REFUSED),
        (None, Consent.HIDDEN),
        (None, Consent.PENDING),
    ],
)
def test_set_consent__move_not_allowed__reverts(registry, holder, issue_cert, first, then):
    cid, _, _ = issue_cert(holder)
    current = Consent.PENDING
    if first is not None:
        registry.setConsent(cid, first, sender=holder)
        current = first
    with ape.reverts(
        registry.ConsentChangeNotAllowed, certificateId=cid, current=current, requested=then
    ):
        registry.setConsent(cid, then, sender=holder)


def test_set_consent_by_sig__relayed_accept(registry, holder, relayer, issue_cert, chain):
    cid, _, _ = issue_cert(holder)
    deadline = _deadline(chain)
    sig = sign_consent(registry, holder, cid, Consent.ACCEPTED, deadline)
    tx = registry.setConsentBySig(cid, Consent.ACCEPTED, deadline, sig, sender=relayer)
    [event] = tx.decode_logs(registry.ConsentChanged)
    assert event.relayed and event.nonce == 0 and event.holder == holder
    assert registry.nonces(holder) == 1 and registry.isValid(cid)
    assert audit(registry) == []


def test_set_consent_by_sig__digest_matches_python(registry, holder, issue_cert, chain):
    cid, _, _ = issue_cert(holder)
    deadline = _deadline(chain)
    message = consent_message(cid, Consent.HIDDEN, 5, deadline)
    ours = digest(domain(registry), "Consent", CONSENT_TYPES, message)
    assert bytes(registry.consentDigest(cid, Consent.HIDDEN, 5, deadline)) == ours


def test_set_consent_by_sig__replay__reverts(registry, holder, relayer, issue_cert, chain):
    cid, _, _ = issue_cert(holder)
    deadline = _deadline(chain)
    sig = sign_consent(registry, holder, cid, Consent.ACCEPTED, deadline)
    registry.setConsentBySig(cid, Consent.ACCEPTED, deadline, sig, sender=relayer)
    registry.setConsent(cid, Consent.HIDDEN, sender=holder)
    # Same signature again: the nonce moved on, so it no longer recovers to the holder.
    with ape.reverts(registry.InvalidConsentSignature, certificateId=cid, holder=holder):
        registry.setConsentBySig(cid, Consent.ACCEPTED, deadline, sig, sender=relayer)


def test_set_consent_by_sig__other_certificate__reverts(
    registry, holder, relayer, issue_cert, chain
):
    first, _, _ = issue_cert(holder)
    second, _, _ = issue_cert(holder)
    deadline = _deadline(chain)
    sig = sign_consent(registry, holder, first, Consent.ACCEPTED, deadline)
    with ape.reverts(registry.InvalidConsentSignature, certificateId=second, holder=holder):
        registry.setConsentBySig(second, Consent.ACCEPTED, deadline, sig, sender=relayer)


def test_set_consent_by_sig__other_contract_domain__reverts(
    registry, create_registry, holder, relayer, issue_cert, chain
):
    cid, _, _ = issue_cert(holder)
    other = create_registry()
    deadline = _deadline(chain)
    message = consent_message(cid, Consent.ACCEPTED, 0, deadline)
    sig = sign(holder, domain(other), "Consent", CONSENT_TYPES, message)
    with ape.reverts(registry.InvalidConsentSignature, certificateId=cid, holder=holder):
        registry.setConsentBySig(cid, Consent.ACCEPTED, deadline, sig, sender=relayer)


def test_set_consent_by_sig__other_chain_id__reverts(registry, holder, relayer, issue_cert, chain):
    cid, _, _ = issue_cert(holder)
    deadline = _deadline(chain)
    wrong = Domain("Certificate Registry", "1", chain.chain_id + 1, str(registry.address))
    sig = sign(holder, wrong, "Consent", CONSENT_TYPES, consent_message(cid, 1, 0, deadline))
    with ape.reverts(registry.InvalidConsentSignature, certificateId=cid, holder=holder):
        registry.setConsentBySig(cid, Consent.ACCEPTED, deadline, sig, sender=relayer)


def test_set_consent_by_sig__wrong_signer__reverts(
    registry, holder, holder2, relayer, issue_cert, chain
):
    cid, _, _ = issue_cert(holder)
    deadline = _deadline(chain)
    sig = sign_consent(registry, holder2, cid, Consent.ACCEPTED, deadline, holder=holder.address)
    with ape.reverts(registry.InvalidConsentSignature, certificateId=cid, holder=holder):
        registry.setConsentBySig(cid, Consent.ACCEPTED, deadline, sig, sender=relayer)


def test_set_consent_by_sig__garbage_signature__reverts(
    registry, holder, relayer, issue_cert, chain
):
    cid, _, _ = issue_cert(holder)
    deadline = _deadline(chain)
    with ape.reverts(registry.InvalidConsentSignature, certificateId=cid, holder=holder):
        registry.setConsentBySig(cid, Consent.ACCEPTED, deadline, b"\x01" * 7, sender=relayer)


def test_set_consent_by_sig__expired__reverts(registry, holder, relayer, issue_cert, chain):
    cid, _, _ = issue_cert(holder)
    deadline = chain.pending_timestamp - 1
    sig = sign_consent(registry, holder, cid, Consent.ACCEPTED, deadline)
    with ape.reverts(registry.ConsentSignatureExpired, certificateId=cid, deadline=deadline):
        registry.setConsentBySig(cid, Consent.ACCEPTED, deadline, sig, sender=relayer)


def test_set_consent_by_sig__at_deadline_second__accepted(
    registry, holder, relayer, issue_cert, chain
):
    """The deadline is the last second a signature counts (inclusive)."""
    cid, _, _ = issue_cert(holder)
    deadline = _deadline(chain, 600)
    sig = sign_consent(registry, holder, cid, Consent.ACCEPTED, deadline)
    chain.pending_timestamp = deadline
    registry.setConsentBySig(cid, Consent.ACCEPTED, deadline, sig, sender=relayer)
    assert registry.certificate(cid).consent == Consent.ACCEPTED


def test_set_consent_by_sig__unknown_certificate__reverts(registry, holder, relayer, chain):
    deadline = _deadline(chain)
    sig = sign_consent(registry, holder, 9, Consent.ACCEPTED, deadline)
    with ape.reverts(registry.UnknownCertificate, certificateId=9):
        registry.setConsentBySig(9, Consent.ACCEPTED, deadline, sig, sender=relayer)


def test_set_consent_by_sig__move_not_allowed__reverts(
    registry, holder, relayer, issue_cert, chain
):
    cid, _, _ = issue_cert(holder)
    deadline = _deadline(chain)
    sig = sign_consent(registry, holder, cid, Consent.HIDDEN, deadline)
    with ape.reverts(
        registry.ConsentChangeNotAllowed,
        certificateId=cid,
        current=Consent.PENDING,
        requested=Consent.HIDDEN,
    ):
        registry.setConsentBySig(cid, Consent.HIDDEN, deadline, sig, sender=relayer)
    assert registry.nonces(holder) == 0


def test_set_consent_by_sig__erc1271_wallet__accepted(
    project, registry, deployer, holder, relayer, issuer, chain
):
    wallet = deployer.deploy(project.MockERC1271Wallet, holder)
    tx = registry.issue(
        APPOINTMENT,
        certificate_input(wallet, b"\x01" * 32, b"\x02" * 32, chain.pending_timestamp + DAY),
        sender=issuer,
    )
    [event] = tx.decode_logs(registry.CertificateIssued)
    cid = event.certificateId
    deadline = _deadline(chain)
    sig = sign_consent(registry, holder, cid, Consent.ACCEPTED, deadline, holder=wallet.address)
    registry.setConsentBySig(cid, Consent.ACCEPTED, deadline, sig, sender=relayer)
    assert registry.isValid(cid) and registry.nonces(wallet) == 1
    # The wallet's owner signing for another wallet nonce is refused.
    sig = sign_consent(
        registry, holder, cid, Consent.HIDDEN, deadline, holder=wallet.address, nonce=0
    )
    with ape.reverts(registry.InvalidConsentSignature, certificateId=cid, holder=wallet):
        registry.setConsentBySig(cid, Consent.HIDDEN, deadline, sig, sender=relayer)


@pytest.mark.parametrize("mode", [0, 1, 2, 3, 4], ids=["reverts", "burns", "wrong", "long", "slow"])
def test_set_consent_by_sig__hostile_wallet__rejected(
    project, registry, deployer, holder, relayer, district, chain, mode
):
    wallet = deployer.deploy(project.CertsHostileWallet, mode)
    tx = registry.issue(
        YOUTH,
        certificate_input(wallet, b"\x01" * 32, b"\x02" * 32, chain.pending_timestamp + DAY),
        sender=district,
    )
    [event] = tx.decode_logs(registry.CertificateIssued)
    cid = event.certificateId
    deadline = _deadline(chain)
    sig = sign_consent(registry, holder, cid, Consent.ACCEPTED, deadline, holder=wallet.address)
    with ape.reverts(registry.InvalidConsentSignature, certificateId=cid, holder=wallet):
        registry.setConsentBySig(
            cid, Consent.ACCEPTED, deadline, sig, sender=relayer, gas=1_000_000
        )
    assert registry.validityOf(cid) == Validity.VALID  # YOUTH needs no acceptance
    assert registry.certificate(cid).consent == Consent.PENDING


def test_wallet_gas_limit__stated(registry):
    assert registry.WALLET_GAS_LIMIT() == 50_000
