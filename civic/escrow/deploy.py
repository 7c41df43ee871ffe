"""The subcontract escrow's deploy plan: `SubcontractEscrow(admin)`, agency and arbiter."""

from __future__ import annotations

from civic.deploy import ContractPlan, ServicePlan, deploy_with_roles

PLAN = ServicePlan(
    name="escrow",
    contracts=(
        ContractPlan(
            name="SubcontractEscrow",
            args=lambda ctx: (ctx.deployer,),
            owed="totalOwed",
            grants={"agency": "AGENCY_ROLE", "arbiter": "ARBITER_ROLE"},
        ),
    ),
    duties={
        "agency": "public-works client: opens and funds projects",
        "arbiter": "resolves disputed milestones with a split",
    },
)
ROLE_NAMES = PLAN.role_names


def deploy(deployer, roles: dict, **config):
    """SubcontractEscrow with its agency and arbiter (see `civic.deploy.deploy_with_roles`)."""
    if config:
        raise ValueError(f"unknown escrow config: {sorted(config)}")
    return deploy_with_roles(PLAN, deployer, roles)
