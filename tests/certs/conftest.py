import pytest
from certs_support import (
    APPOINTMENT,
    DAY,
    PERMANENT,
    TYPES,
    YOUTH,
    member_claims,
    schema_hash,
    youth_claims,
)

from civic.certs import (
    ISSUER_ROLE,
    ClaimsTree,
    certificate_input,
    document_hash,
)


@pytest.fixture(scope="session")
def cert_admin(deployer):
    return deployer


@pytest.fixture(scope="session")
def issuer(accounts):
    """A department: appointment and permanent certificates."""
    return accounts[27]


@pytest.fixture(scope="session")
def district(accounts):
    """A district office: youth-allowance eligibility."""
    return accounts[28]


@pytest.fixture(scope="session")
def holder(accounts):
    return accounts[10]


@pytest.fixture(scope="session")
def holder2(accounts):
    return accounts[11]


@pytest.fixture(scope="session")
def relayer(accounts):
    return accounts[12]


@pytest.fixture(scope="module")
def create_registry(project, cert_admin, issuer, district):
    """Factory: a registry with the three test types and their issuers permitted."""

    def create():
        registry = cert_admin.deploy(project.CertificateRegistry, cert_admin)
        for label, max_validity, policy, required in TYPES.values():
            registry.defineType(
                schema_hash(label), max_validity, policy, required, sender=cert_admin
            )
        for who in (issuer, district):
            registry.grantRole(ISSUER_ROLE, who, sender=cert_admin)
        registry.setIssuerPermission(issuer, APPOINTMENT, True, sender=cert_admin)
        registry.setIssuerPermission(issuer, PERMANENT, True, sender=cert_admin)
        registry.setIssuerPermission(district, YOUTH, True, sender=cert_admin)
        return registry

    return create


@pytest.fixture(scope="module")
def registry(create_registry):
    return create_registry()


@pytest.fixture
def issue_cert(registry, issuer, district, chain):
    """Issue one certificate; returns (certificate id, claims tree, receipt)."""
    counter = {"n": 0}

    def issue(who, type_id=APPOINTMENT, claims=None, expires_in=30 * DAY, sender=None):
        counter["n"] += 1
        sender = sender or (district if type_id == YOUTH else issuer)
        claims = claims or (youth_claims if type_id == YOUTH else member_claims)(counter["n"])
        tree = ClaimsTree(claims)
        expires = 0 if expires_in is None else chain.pending_timestamp + expires_in
        doc = document_hash(f"pdf-{counter['n']}".encode())
        receipt = registry.issue(
            type_id, certificate_input(who, tree.root, doc, expires), sender=sender
        )
        [event] = receipt.decode_logs(registry.CertificateIssued)
        return event.certificateId, tree, receipt

    return issue
