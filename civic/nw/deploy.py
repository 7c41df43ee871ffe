"""Deploy NW and grant its roles."""

from __future__ import annotations

from civic.nw import ISSUER_ROLE, MERCHANT_MANAGER_ROLE, PAUSER_ROLE, PERIOD_SECONDS

ROLE_NAMES = {"admin", "issuer", "merchant_manager", "pauser"}


def deploy(deployer, roles: dict[str, str], period_seconds: int = PERIOD_SECONDS, **_):
    """Deploy NWToken with ``deployer`` as admin, then grant the configured roles.

    ``roles`` maps a role name to an address; ``admin`` is granted by
    the deploy script's handover step, not here."""
    from ape import project

    token = deployer.deploy(project.NWToken, deployer, period_seconds)
    grants = {
        "issuer": ISSUER_ROLE,
        "merchant_manager": MERCHANT_MANAGER_ROLE,
        "pauser": PAUSER_ROLE,
    }
    for name, role in grants.items():
        if roles.get(name):
            token.grantRole(role, roles[name], sender=deployer)
    return token
