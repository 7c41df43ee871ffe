"""The vehicle registry's deploy plan: `VehicleRegistry(admin)` and its five roles."""

from __future__ import annotations

from civic.deploy import ContractPlan, ServicePlan, deploy_with_roles

PLAN = ServicePlan(
    name="vehicle",
    contracts=(
        ContractPlan(
            name="VehicleRegistry",
            args=lambda ctx: (ctx.deployer,),
            owed="escrowed",
            grants={
                "registrar": "REGISTRAR_ROLE",
                "inspector": "INSPECTOR_ROLE",
                "insurer": "INSURER_ROLE",
                "repairer": "REPAIRER_ROLE",
                "dealer": "DEALER_ROLE",
            },
        ),
    ),
    duties={
        "registrar": "district office: registers VINs, odometer replacements, scrapping",
        "inspector": "performance inspections, mileage readings",
        "insurer": "accident records",
        "repairer": "repair-shop records, mileage readings",
        "dealer": "licensed used-car dealer (acts for owners who approve it)",
    },
)
ROLE_NAMES = PLAN.role_names


def deploy(deployer, roles: dict, **config):
    """VehicleRegistry with every role of `roles` granted (sales take any ERC-20)."""
    if config:
        raise ValueError(f"unknown config keys: {sorted(config)}")
    return deploy_with_roles(PLAN, deployer, roles)
