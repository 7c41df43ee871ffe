"""Deploy the vehicle registry and hand out its roles."""

from __future__ import annotations

from civic.vehicle import ROLES

#: Role keys ``deploy`` expects in ``roles`` (each an address).
ROLE_NAMES = {"admin", "registrar", "inspector", "insurer", "repairer", "dealer"}


def deploy(deployer, roles: dict[str, str], **config):
    """Deploy ``VehicleRegistry`` from ``deployer`` and grant every role in ``roles``.

    ``admin`` receives ``DEFAULT_ADMIN_ROLE``; the deployer keeps it only if it is the admin.
    No ``config`` keys are used (sales take any ERC-20 per listing).
    """
    from ape import project

    missing = ROLE_NAMES - set(roles)
    if missing:
        raise ValueError(f"missing roles: {sorted(missing)}")
    if config:
        raise ValueError(f"unknown config keys: {sorted(config)}")
    registry = deployer.deploy(project.VehicleRegistry, deployer)
    for name in sorted(ROLE_NAMES - {"admin"}):
        registry.grantRole(ROLES[name], roles[name], sender=deployer)
    admin = roles["admin"]
    if str(admin).lower() != str(deployer.address).lower():
        registry.grantRole(ROLES["admin"], admin, sender=deployer)
        registry.renounceRole(ROLES["admin"], deployer, sender=deployer)
    return registry
