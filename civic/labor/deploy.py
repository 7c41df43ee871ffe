"""Deploy ``LaborRegistry`` and hand out its roles.

``deploy(deployer, roles, wage_token=None, minimum_wage=10_030, minimum_wage_day=None)``:
the deployer deploys, schedules the first minimum hourly wage (by default effective
tomorrow, KST) through a temporary labor-authority grant it renounces, grants every role in
``roles`` and finally hands DEFAULT_ADMIN_ROLE to ``roles["admin"]``.
"""

from __future__ import annotations

from ape import project

from civic.labor.constants import ROLES

ROLE_NAMES = {
    "admin",
    "labor_authority",
    "pension_insurer",
    "health_insurer",
    "employment_insurer",
    "accident_insurer",
    "business_registry",
}

DEFAULT_ADMIN_ROLE = b"\x00" * 32
MINIMUM_WAGE_2025 = 10_030


def deploy(
    deployer,
    roles: dict[str, str],
    wage_token: str | None = None,
    minimum_wage: int = MINIMUM_WAGE_2025,
    minimum_wage_day: int | None = None,
    **_config,
):
    missing = ROLE_NAMES - set(roles)
    if missing:
        raise ValueError(f"missing role addresses: {sorted(missing)}")
    token = wage_token or "0x0000000000000000000000000000000000000000"
    registry = project.LaborRegistry.deploy(deployer, token, sender=deployer)

    authority = ROLES["labor_authority"]
    registry.grantRole(authority, deployer, sender=deployer)
    day = minimum_wage_day if minimum_wage_day is not None else int(registry.today()) + 1
    registry.scheduleMinimumWage(day, minimum_wage, sender=deployer)
    registry.renounceRole(authority, deployer, sender=deployer)

    for name, role in ROLES.items():
        registry.grantRole(role, roles[name], sender=deployer)
    admin = roles["admin"]
    if str(admin).lower() != str(deployer.address).lower():
        registry.grantRole(DEFAULT_ADMIN_ROLE, admin, sender=deployer)
        registry.renounceRole(DEFAULT_ADMIN_ROLE, deployer, sender=deployer)
    return registry
