"""The subcontract escrow's deploy plan: `SubcontractEscrow(admin)`, agency and arbiter."""

from __future__ import annotations

from civic.plan import ContractPlan, ServicePlan

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
deploy = PLAN.deploy
