"""Selective disclosure of one salted claim, the claims tree helper, and the example
eligibility gate (청년수당)."""

import ape
import pytest
from certs_support import APPOINTMENT, DAY, YOUTH, youth_claims
from eth_abi import encode

from civic.certs import (
    SALT_BYTES,
    CertsError,
    ClaimsTree,
    Reason,
    Validity,
    claim_key,
    claim_leaf,
    claim_value,
)
from civic.merkle import keccak

ELIGIBLE = "seoul-resident-19-34"


@pytest.fixture(scope="module")
def gate(project, registry, deployer):
    return deployer.deploy(
        project.EligibilityGate,
        registry,
        YOUTH,
        claim_key("youth_allowance"),
        claim_value(ELIGIBLE),
    )


def _args(d):
    return d.key, d.value, d.salt, d.proof


# ---------------------------------------------------------------- claims tree (Python)


def test_claims_tree__leaf_is_double_hashed_standard_leaf():
    tree = ClaimsTree({"district": "nowon"}, salts={"district": b"\x05" * 32})
    inner = keccak(
        encode(["bytes32"] * 3, [claim_key("district"), claim_value("nowon"), b"\x05" * 32])
    )
    assert (
        tree.root
        == keccak(inner)
        == claim_leaf(claim_key("district"), claim_value("nowon"), b"\x05" * 32)
    )


def test_claims_tree__fresh_salts_hide_small_domains():
    a, b = ClaimsTree({"birth_year": "2001"}), ClaimsTree({"birth_year": "2001"})
    assert a.root != b.root
    assert all(len(s) == SALT_BYTES for s in a.salts.values())


def test_claims_tree__same_salts_same_root():
    a = ClaimsTree(youth_claims(1))
    assert ClaimsTree(youth_claims(1), salts=a.salts).root == a.root


def test_claims_tree__bad_inputs__raise():
    with pytest.raises(CertsError):
        ClaimsTree({})
    with pytest.raises(CertsError):
        ClaimsTree({"x": "y"}, salts={"x": b"short"})
    with pytest.raises(CertsError):
        ClaimsTree({"x": b"not 32 bytes"})
    with pytest.raises(CertsError):
        ClaimsTree({"x": "y"}).disclose("z")


# ---------------------------------------------------------------- verifyClaim


def test_verify_claim__each_claim_of_the_root(registry, holder, issue_cert):
    cid, tree, _ = issue_cert(holder, YOUTH)
    for name in tree.names:
        assert registry.verifyClaim(cid, *_args(tree.disclose(name)))
        assert registry.isValidWithClaim(cid, *_args(tree.disclose(name)))


def test_verify_claim__tampered__false(registry, holder, issue_cert):
    cid, tree, _ = issue_cert(holder, YOUTH)
    d = tree.disclose("youth_allowance")
    assert not registry.verifyClaim(cid, d.key, claim_value("other"), d.salt, d.proof)
    assert not registry.verifyClaim(cid, d.key, d.value, b"\x00" * 32, d.proof)
    assert not registry.verifyClaim(cid, claim_key("district"), d.value, d.salt, d.proof)
    assert not registry.verifyClaim(cid + 1, *_args(d))
    # An inner node presented as a leaf is not a claim (leaves are double-hashed).
    assert not registry.verifyClaim(cid, d.key, d.value, d.salt, d.proof[1:])


def test_is_valid_with_claim__revoked__false(registry, district, holder, issue_cert):
    cid, tree, _ = issue_cert(holder, YOUTH)
    registry.revoke(cid, Reason.ELIGIBILITY_LOST, sender=district)
    d = tree.disclose("youth_allowance")
    assert registry.verifyClaim(cid, *_args(d)) and not registry.isValidWithClaim(cid, *_args(d))


# ---------------------------------------------------------------- eligibility gate


def test_gate__constructor_zero_registry__reverts(project, deployer):
    with ape.reverts(project.EligibilityGate.InvalidRegistry):
        deployer.deploy(
            project.EligibilityGate, "0x" + "00" * 20, YOUTH, b"\x01" * 32, b"\x02" * 32
        )


def test_gate__admits_valid_disclosure(gate, registry, holder, issue_cert):
    cid, tree, _ = issue_cert(holder, YOUTH)
    d = tree.disclose("youth_allowance")
    assert gate.isEligible(holder, cid, d.salt, d.proof)
    tx = gate.admit(cid, d.salt, d.proof, sender=holder)
    [event] = tx.decode_logs(gate.Admitted)
    assert (event.certificateId, event.holder) == (cid, holder)
    assert gate.admitted(cid)
    with ape.reverts(gate.AlreadyAdmitted, certificateId=cid):
        gate.admit(cid, d.salt, d.proof, sender=holder)
    assert gate.registry() == registry and gate.credentialTypeId() == YOUTH
    assert bytes(gate.claimKey()) == claim_key("youth_allowance")
    assert bytes(gate.claimValue()) == claim_value(ELIGIBLE)


def test_gate__not_holder__reverts(gate, holder, holder2, issue_cert):
    cid, tree, _ = issue_cert(holder, YOUTH)
    d = tree.disclose("youth_allowance")
    assert not gate.isEligible(holder2, cid, d.salt, d.proof)
    with ape.reverts(gate.NotCertificateHolder, certificateId=cid, account=holder2):
        gate.admit(cid, d.salt, d.proof, sender=holder2)


def test_gate__wrong_type__reverts(gate, registry, holder, issue_cert):
    cid, tree, _ = issue_cert(holder, APPOINTMENT)
    registry.setConsent(cid, 1, sender=holder)
    d = tree.disclose("role")
    assert not gate.isEligible(holder, cid, d.salt, d.proof)
    with ape.reverts(gate.WrongCredentialType, certificateId=cid, typeId=APPOINTMENT):
        gate.admit(cid, d.salt, d.proof, sender=holder)


def test_gate__revoked__reverts_naming_validity(gate, registry, district, holder, issue_cert):
    cid, tree, _ = issue_cert(holder, YOUTH)
    registry.revoke(cid, Reason.ELIGIBILITY_LOST, sender=district)
    d = tree.disclose("youth_allowance")
    with ape.reverts(gate.CredentialNotValid, certificateId=cid, validity=Validity.REVOKED):
        gate.admit(cid, d.salt, d.proof, sender=holder)


def test_gate__expired__reverts_naming_validity(gate, holder, issue_cert, chain):
    cid, tree, _ = issue_cert(holder, YOUTH, expires_in=DAY)
    chain.pending_timestamp += 2 * DAY
    chain.mine()
    d = tree.disclose("youth_allowance")
    assert not gate.isEligible(holder, cid, d.salt, d.proof)
    with ape.reverts(gate.CredentialNotValid, certificateId=cid, validity=Validity.EXPIRED):
        gate.admit(cid, d.salt, d.proof, sender=holder)


def test_gate__claim_value_differs__reverts(gate, holder, issue_cert):
    cid, tree, _ = issue_cert(holder, YOUTH, claims=youth_claims(5, eligible=False))
    d = tree.disclose("youth_allowance")
    assert not gate.isEligible(holder, cid, d.salt, d.proof)
    with ape.reverts(gate.ClaimNotProven, certificateId=cid):
        gate.admit(cid, d.salt, d.proof, sender=holder)


def test_gate__other_claims_salt__reverts(gate, holder, issue_cert):
    cid, tree, _ = issue_cert(holder, YOUTH)
    other = tree.disclose("district")
    with ape.reverts(gate.ClaimNotProven, certificateId=cid):
        gate.admit(cid, other.salt, other.proof, sender=holder)
