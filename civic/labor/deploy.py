"""The labor registry's deploy plan: `LaborRegistry(admin, wageToken)`, the labor
authority, the four social insurers, and a first minimum hourly wage.

The first minimum wage (by default effective tomorrow, KST) is scheduled through a
temporary labor-authority grant that the deployer renounces at once; the step is skipped
when a schedule exists, so a rerun after an interruption neither schedules twice nor
leaves the deployer holding the role.
"""

from __future__ import annotations

from civic.plan import ContractPlan, ServicePlan

ZERO_ADDRESS = "0x0000000000000000000000000000000000000000"
MINIMUM_WAGE_2025 = 10_030


def _first_minimum_wage(ctx, registry) -> None:
    if int(registry.minimumWageScheduleLength()) > 0:
        return
    authority = registry.LABOR_AUTHORITY_ROLE()
    deployer = ctx.deployer.address
    if not registry.hasRole(authority, deployer):
        ctx.send(registry, "grantRole", authority, deployer)
    day = ctx.config["minimum_wage_day"]
    day = int(registry.today()) + 1 if day is None else day
    ctx.send(registry, "scheduleMinimumWage", day, ctx.config["minimum_wage"])
    ctx.send(registry, "renounceRole", authority, deployer)


def _wage_token(ctx) -> str:
    """The configured wage token, else NW when it was deployed in the same run, else none."""
    nw = ctx.contract_of("nw", "NWToken")
    return ctx.config["wage_token"] or (nw.address if nw is not None else ZERO_ADDRESS)


PLAN = ServicePlan(
    name="labor",
    contracts=(
        ContractPlan(
            name="LaborRegistry",
            args=lambda ctx: (ctx.deployer, _wage_token(ctx)),
            grants={
                "labor_authority": "LABOR_AUTHORITY_ROLE",
                "pension_insurer": "PENSION_INSURER_ROLE",
                "health_insurer": "HEALTH_INSURER_ROLE",
                "employment_insurer": "EMPLOYMENT_INSURER_ROLE",
                "accident_insurer": "ACCIDENT_INSURER_ROLE",
                "business_registry": "BUSINESS_REGISTRY_ROLE",
            },
            setup=_first_minimum_wage,
        ),
    ),
    duties={
        "labor_authority": "Ministry of Employment and Labor: minimum-wage schedule",
        "pension_insurer": "National Pension Service",
        "health_insurer": "National Health Insurance Service",
        "employment_insurer": "employment insurance (KCOMWEL)",
        "accident_insurer": "industrial accident insurance (KCOMWEL)",
        "business_registry": "business-registry attester: verifies employers' business hashes",
    },
    options={"wage_token": None, "minimum_wage": MINIMUM_WAGE_2025, "minimum_wage_day": None},
)
ROLE_NAMES = PLAN.role_names
deploy = PLAN.deploy
