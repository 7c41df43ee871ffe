"""Deploy the certificate registry and grant ISSUER_ROLE to its issuers."""

from __future__ import annotations

from civic.certs import ISSUER_ROLE

ROLE_NAMES = {"admin", "issuer", "district_issuer"}


def deploy(deployer, roles: dict[str, str], **_):
    """Deploy CertificateRegistry with ``deployer`` as admin and grant ISSUER_ROLE to the
    configured issuers. Credential types and each issuer's type permissions are the
    admin's later choices (see civic.certs.demo)."""
    from ape import project

    registry = deployer.deploy(project.CertificateRegistry, deployer)
    for name in ("issuer", "district_issuer"):
        if roles.get(name):
            registry.grantRole(ISSUER_ROLE, roles[name], sender=deployer)
    return registry
