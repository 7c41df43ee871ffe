"""The vehicle registry's deploy plan: `VehicleRegistry(admin)` and its five roles."""

from __future__ import annotations

from civic.plan import ContractPlan, ServicePlan

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
deploy = PLAN.deploy
