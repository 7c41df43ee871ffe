"""NW in one scene: a volunteer centre rewards residents, they pay at a shop, the
shop redeems for won, and a forbidden resident-to-resident payment is refused."""

from __future__ import annotations

from rich.table import Table

from civic.chain import dry_run_error
from civic.nw import reference

ACTORS = ("resident", "resident2", "shop")


def run(token, actors: dict, console, scale: int = 1) -> None:
    issuer, manager = actors["issuer"], actors["merchant_manager"]
    resident, resident2, shop = actors["resident"], actors["resident2"], actors["shop"]
    admin = actors["admin"]

    if token.remainingBudget(issuer) < 50_000:
        token.setIssuerBudget(issuer, 1_000_000, sender=admin)
    if not token.isActiveMerchant(shop):
        token.registerMerchant(shop, reference("brn", "nowon-bakery"), sender=manager)

    day = token.totalIssued()  # keeps references unique when the demo runs twice
    refs = [reference("volunteer", f"demo-{day}-{i}") for i in range(2)]
    token.issueBatch([resident, resident2], [30_000, 20_000], refs, [180, 120], sender=issuer)
    token.transfer(shop, 12_000, sender=resident)
    token.transfer(shop, 8_000, sender=resident2)

    refusal = dry_run_error(token, "transfer", resident2, 1_000, sender=resident)
    if refusal != "NWSpendingPolicyViolation":
        raise RuntimeError(f"resident-to-resident payment not refused as expected: {refusal}")

    receipt = token.redeem(15_000, reference("settlement", f"demo-{day}"), sender=shop)
    [redeemed] = receipt.decode_logs(token.Redeemed)

    table = Table(title="NW local currency (1 NW = 1 KRW)")
    for col in ("holder", "role", "balance (NW)"):
        table.add_column(col)
    for name, who in (("resident", resident), ("resident2", resident2), ("shop", shop)):
        table.add_row(
            name, "merchant" if name == "shop" else "resident", f"{token.balanceOf(who):,}"
        )
    console.print(table)
    console.print(
        f"issued {token.totalIssued():,} NW for volunteering, redeemed {token.totalRedeemed():,}; "
        f"redemption #{redeemed.redemptionId} burned {redeemed.amount:,} NW "
        f"(settlement {bytes(redeemed.settlementRef).hex()[:16]}…); "
        "resident→resident payment refused (merchant-only policy)."
    )
