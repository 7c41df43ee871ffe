"""M-Voting's deploy plan: `MVoting(admin, authority)`."""

from __future__ import annotations

from civic.deploy import ContractPlan, ServicePlan, deploy_with_roles

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


def deploy(deployer, roles: dict, **config):
    """MVoting with its election authority (see `civic.deploy.deploy_with_roles`)."""
    return deploy_with_roles(PLAN, deployer, roles, **config)
