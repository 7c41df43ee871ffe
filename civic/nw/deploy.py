"""NW's deploy plan: `NWToken(admin, periodSeconds)` and its three operating roles."""

from __future__ import annotations

from civic.deploy import ContractPlan, ServicePlan, deploy_with_roles
from civic.nw import PERIOD_SECONDS

PLAN = ServicePlan(
    name="nw",
    contracts=(
        ContractPlan(
            name="NWToken",
            args=lambda ctx: (ctx.deployer, ctx.config.get("period_seconds", PERIOD_SECONDS)),
            grants={
                "issuer": "ISSUER_ROLE",
                "merchant_manager": "MERCHANT_MANAGER_ROLE",
                "pauser": "PAUSER_ROLE",
            },
        ),
    ),
    duties={
        "issuer": "volunteer centre: issues NW for verified volunteer work",
        "merchant_manager": "registers, suspends and reinstates local shops",
        "pauser": "emergency stop",
    },
)
ROLE_NAMES = PLAN.role_names


def deploy(deployer, roles: dict, period_seconds: int = PERIOD_SECONDS, **_):
    """NWToken with every role of `roles` granted (see `civic.deploy.deploy_with_roles`)."""
    return deploy_with_roles(PLAN, deployer, roles, period_seconds=period_seconds)
