"""M-Voting's deploy plan: `MVoting(admin, authority)`."""

from __future__ import annotations

from civic.plan import ContractPlan, ServicePlan

PLAN = ServicePlan(
    name="voting",
    contracts=(
        ContractPlan(
            name="MVoting",
            args=lambda ctx: (ctx.deployer, ctx.holders["authority"]),
            grants={"authority": "ELECTION_AUTHORITY_ROLE"},
        ),
    ),
    duties={"authority": "election authority: creates and cancels ballots"},
)
ROLE_NAMES = PLAN.role_names
deploy = PLAN.deploy
