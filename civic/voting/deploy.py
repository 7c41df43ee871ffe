"""Deploy M-Voting and hand out its roles (called by the lead's ``ape run deploy``)."""

from __future__ import annotations

ROLE_NAMES = {"admin", "authority"}


def deploy(deployer, roles: dict[str, str], **config):
    """Deploy ``MVoting(admin, authority)``; ``roles`` maps ``ROLE_NAMES`` to addresses."""
    from ape import project

    missing = ROLE_NAMES - set(roles)
    if missing:
        raise ValueError(f"missing role accounts: {sorted(missing)}")
    return project.MVoting.deploy(str(roles["admin"]), str(roles["authority"]), sender=deployer)
