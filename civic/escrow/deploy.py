"""Deploys ``SubcontractEscrow`` and grants its roles.

``roles`` maps ``admin``, ``agency`` and ``arbiter`` to addresses. The deployer grants the
roles and, if the admin is someone else, hands ``DEFAULT_ADMIN_ROLE`` over and renounces it.
"""

from __future__ import annotations

from civic.escrow import AGENCY_ROLE, ARBITER_ROLE, DEFAULT_ADMIN_ROLE

ROLE_NAMES = frozenset({"admin", "agency", "arbiter"})


def deploy(deployer, roles: dict[str, str], **config):
    """Returns the deployed escrow. ``config`` is accepted for symmetry and must be empty."""
    from ape import project

    missing = ROLE_NAMES - set(roles)
    if missing:
        raise ValueError(f"missing escrow roles: {sorted(missing)}")
    if config:
        raise ValueError(f"unknown escrow config: {sorted(config)}")
    admin = str(getattr(roles["admin"], "address", roles["admin"]))
    escrow = project.SubcontractEscrow.deploy(deployer.address, sender=deployer)
    escrow.grantRole(AGENCY_ROLE, roles["agency"], sender=deployer)
    escrow.grantRole(ARBITER_ROLE, roles["arbiter"], sender=deployer)
    if admin != deployer.address:
        escrow.grantRole(DEFAULT_ADMIN_ROLE, admin, sender=deployer)
        escrow.renounceRole(DEFAULT_ADMIN_ROLE, deployer.address, sender=deployer)
    return escrow
