"""NW in one scene: a volunteer centre rewards residents, they pay at a shop (by hand and
by signed QR codes that the shop's terminal settles in one batch, gas-free for them), the
shop redeems for won, and a forbidden resident-to-resident payment is refused.

`pay_in_nw` lets the civic day's other scenes pay in NW: the used car is bought through
the vehicle registry's sale escrow, and the part-time wage is paid through the labor
registry, both NW service accounts."""

from __future__ import annotations

from rich.table import Table

from civic.chain import dry_run_error
from civic.nw import PaymentRejection, compact_batch, payment_nonce, reference, sign_payment

ACTORS = ("resident", "resident2", "shop", "resident3", "resident4")
#: Price of the civic day's used car in NW (1 NW = 1 KRW).
CAR_PRICE = 18_500_000
#: NW the café employer holds and allows the labor registry to pay wages from.
WAGE_FUND = 1_000_000
#: QR payments at the bakery counter: (resident, amount, order).
QR_ORDERS = (("resident", 4_500, "croissants"), ("resident2", 3_200, "bread"),
             ("resident3", 6_000, "cake"), ("resident4", 2_800, "coffee"))  # fmt: skip


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
    settled = _qr_counter(token, actors, console, day)

    refusal = dry_run_error(token, "transfer", resident2, 1_000, sender=resident)
    if refusal != "SpendingPolicyViolation":
        raise RuntimeError(f"resident-to-resident payment not refused as expected: {refusal}")

    receipt = token.redeem(15_000, reference("settlement", f"demo-{day}"), sender=shop)
    [redeemed] = receipt.decode_logs(token.Redeemed)

    table = Table(title="NW local currency (1 NW = 1 KRW)")
    for col in ("holder", "role", "balance (NW)"):
        table.add_column(col)
    for name in ("resident", "resident2", "resident3", "resident4", "shop"):
        role = "merchant" if name == "shop" else "resident"
        table.add_row(name, role, f"{token.balanceOf(actors[name]):,}")
    console.print(table)
    console.print(
        f"issued {token.totalIssued():,} NW for volunteering, redeemed {token.totalRedeemed():,}; "
        f"redemption #{redeemed.redemptionId} burned {redeemed.amount:,} NW "
        f"(settlement {bytes(redeemed.settlementRef).hex()[:16]}…); "
        f"{settled} QR payments settled by one terminal transaction; "
        "resident→resident payment refused (merchant-only policy)."
    )


def _qr_counter(token, actors: dict, console, day: int) -> int:
    """Residents sign payments at the counter (no gas); the shop's terminal settles them
    in one transaction. A replayed QR code is one rejected item, the others settle."""
    from ape import chain

    issuer, shop = actors["issuer"], actors["shop"]
    payers = [actors[name] for name in ("resident3", "resident4")]
    refs = [reference("volunteer", f"demo-qr-{day}-{i}") for i in range(len(payers))]
    token.issueBatch(payers, [10_000] * len(payers), refs, [60] * len(payers), sender=issuer)
    word = chain.blocks.height  # a fresh nonce word per run; one bit per payment
    valid_before = chain.pending_timestamp + 600
    signed = [
        sign_payment(
            token, actors[name], shop.address, amount, payment_nonce(word, bit),
            reference("order", f"bakery-{day}-{what}"), valid_before,
        )
        for bit, (name, amount, what) in enumerate(QR_ORDERS)
    ]  # fmt: skip
    balances = [actors[name].balance for name, _, _ in QR_ORDERS]
    receipt = token.receiveBatchWithAuthorization(compact_batch([*signed, signed[0]]), sender=shop)
    rejected = receipt.decode_logs(token.PaymentAuthorizationRejected)
    if [(r.index, PaymentRejection(r.reason)) for r in rejected] != [
        (len(signed), PaymentRejection.AUTHORIZATION_USED)
    ]:
        raise RuntimeError(f"terminal batch: unexpected rejections {rejected}")
    if [actors[name].balance for name, _, _ in QR_ORDERS] != balances:
        raise RuntimeError("a resident paid gas for a QR payment")
    used = receipt.decode_logs(token.AuthorizationUsed)
    console.print(
        f"bakery terminal settled {len(used)} signed QR payments in one transaction "
        f"({receipt.gas_used:,} gas, paid by the shop); the replayed QR code was refused "
        "(AUTHORIZATION_USED)."
    )
    return len(used)


def pay_in_nw(service: str, token, target, actors: dict, nw_actors: dict, console):
    """Prepare another service's scene to pay in NW; returns what its demo takes.

    vehicle: the buyer holds `CAR_PRICE` NW and the sale is listed in NW; labor: the café
    employer holds `WAGE_FUND` NW and allows the labor registry to pay the wage from it.
    Other services are returned unchanged."""
    if service == "vehicle":
        _issue(token, nw_actors, actors["buyer"], CAR_PRICE, "car savings")
        console.print(f"the buyer pays the car in NW: {CAR_PRICE:,} NW through the sale escrow")
        return {"vehicle": target, "payment_token": token, "price": CAR_PRICE}
    if service == "labor":
        employer = actors["employer"]
        _issue(token, nw_actors, employer, WAGE_FUND, "cafe wage fund")
        token.approve(target, WAGE_FUND, sender=employer)
        console.print("the café pays its part-time wage in NW through the labor registry")
    return target


def _issue(token, nw_actors: dict, to, amount: int, what: str) -> None:
    from ape import chain

    issuer, admin = nw_actors["issuer"], nw_actors["admin"]
    if token.remainingBudget(issuer) < amount:
        token.setIssuerBudget(issuer, int(token.issuerBudget(issuer).limit) + amount, sender=admin)
    ref = reference("volunteer", f"demo-{what}-{chain.blocks.height}")
    token.issue(to, amount, ref, 60, sender=issuer)
