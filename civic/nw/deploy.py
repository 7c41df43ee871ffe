"""NW's deploy plan: `NWToken(admin, periodSeconds)`, its three operating roles, and,
once the other services are deployed, their escrows and wage payments named service
accounts (they take NW from residents and pay anyone)."""

from __future__ import annotations

from civic.nw import PERIOD_SECONDS
from civic.plan import ContractPlan, ServicePlan
from civic.roles import DEFAULT_ADMIN_ROLE

#: (service, record key) of the contracts that hold or move residents' NW.
SERVICE_ACCOUNTS = (
    ("vehicle", "VehicleRegistry"),
    ("escrow", "SubcontractEscrow"),
    ("labor", "LaborRegistry"),
)


def name_service_accounts(ctx, contracts: dict) -> None:
    """Name each deployed service of `SERVICE_ACCOUNTS` a service account of NW (only
    what is missing is sent). A sealed token, or a deployer that is no longer its admin,
    leaves a note for the admin instead."""
    token = contracts["NWToken"]
    missing = [
        c
        for service, key in SERVICE_ACCOUNTS
        if (c := ctx.contract_of(service, key)) is not None
        and not token.isServiceAccount(c.address)
    ]
    if not missing:
        return
    from civic.deploy import has_role

    if token.isSealed() or not has_role(token, DEFAULT_ADMIN_ROLE, ctx.deployer.address):
        for c in missing:
            ctx.notes.append(f"NWToken: the admin must name {c.address} a service account")
        return
    for c in missing:
        ctx.send(token, "addServiceAccount", c.address)


PLAN = ServicePlan(
    name="nw",
    contracts=(
        ContractPlan(
            name="NWToken",
            args=lambda ctx: (ctx.deployer, ctx.config["period_seconds"]),
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
    link=name_service_accounts,
    options={"period_seconds": PERIOD_SECONDS},
)
ROLE_NAMES = PLAN.role_names
deploy = PLAN.deploy
