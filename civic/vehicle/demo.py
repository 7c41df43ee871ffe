"""A short used-car story on the vehicle registry, printed as rich tables.

Registration, inspection, mileage, an accident, a refused odometer rollback, a
correction, a dealer listing, a buyer's deposit and acknowledgement, a late repair
record that blocks completion until the buyer acknowledges again, and the atomic sale.
"""

from __future__ import annotations

from civic.chain import RawClient
from civic.vehicle import (
    RecordKind,
    history,
    record_proof,
    report_hash,
    sale_terms,
    token_id_of,
)
from civic.vehicle.recount import recount

#: Citizens the demo needs besides the deploy roles.
ACTORS = ("owner", "buyer")
PRICE = 18_500_000 * 10**18  # 18.5 million won in an 18-decimal token


def _registry_and_token(contracts, actors):
    from ape import project

    if isinstance(contracts, dict):
        registry = contracts.get("vehicle") or contracts["registry"]
        token = contracts.get("payment_token")
        price = contracts.get("price", PRICE)
    else:
        registry, token, price = contracts, None, PRICE
    if token is None:
        admin = actors["admin"]
        token = admin.deploy(project.VehicleTestToken)
        token.mint(actors["buyer"], PRICE, sender=admin)
    return registry, token, price


def _expect(rpc, console, sender, fn: str, args: tuple, error: str) -> None:
    """Simulate ``fn(*args)`` and require it to revert with ``error`` (printed decoded)."""
    described = rpc.describe(rpc.revert_data(str(sender), fn, *args))
    if not described.startswith(f"{error}("):
        raise RuntimeError(f"{fn}: expected {error}, got {described}")
    console.print(f"  [red]refused[/red] {described}")


def run(contracts, actors: dict, console, scale: int = 1) -> None:
    """Play the story; raises on any unexpected outcome."""
    from ape import chain
    from rich.table import Table

    registry, token, price = _registry_and_token(contracts, actors)
    registrar, inspector, insurer, repairer, dealer, owner, buyer = (
        actors[k]
        for k in ("registrar", "inspector", "insurer", "repairer", "dealer", "owner", "buyer")
    )
    rpc = RawClient(registry)
    vin = f"KMHDEM{chain.blocks.height:011d}"  # unique per run on one chain
    car = token_id_of(vin)

    console.rule("[bold]Jang-an-pyeong used-car market: one car's history")
    registry.register(vin, owner, 38_200, report_hash(f"registration {vin}"), sender=registrar)
    registry.recordInspection(car, 42_000, report_hash("inspection 2026-03"), sender=inspector)
    km = 42_000
    for _ in range(scale):
        km += 1_100
        registry.recordMileage(car, km, sender=repairer)
    registry.recordAccident(car, 2, report_hash("rear bumper claim"), sender=insurer)
    console.print(f"Rollback attempt {km - 2_000:,} km < {km:,} km is refused on chain:")
    _expect(rpc, console, repairer, "recordMileage", (car, km - 2_000), "OdometerRollback")
    registry.correct(
        car,
        2,
        record_proof(registry, car, 2),
        42_000,
        0,
        report_hash("inspection 2026-03 v2"),
        sender=inspector,
    )

    console.rule("Sale through a licensed dealer")
    registry.approve(dealer, car, sender=owner)
    expires = chain.pending_timestamp + 7 * 86_400
    listed = registry.list(
        car, token, price, report_hash("sale contract"), expires, buyer, sender=dealer
    )
    sale_id = listed.decode_logs(registry.SaleListed)[0].saleId
    # the listing stores only the hash of its terms: every later call passes them back
    terms = sale_terms(registry, sale_id)
    token.approve(registry, price, sender=buyer)
    registry.fund(sale_id, terms, registry.vehicle(car).head, sender=buyer)
    registry.recordRepair(car, 1, report_hash("brake pads"), sender=repairer)
    console.print("A repair was recorded after the buyer's acknowledgement: completion waits.")
    _expect(rpc, console, dealer, "complete", (sale_id, terms), "StaleAcknowledgement")
    registry.acknowledge(sale_id, terms, registry.vehicle(car).head, sender=buyer)
    registry.complete(sale_id, terms, sender=dealer)
    if registry.ownerOf(car) != buyer:
        raise RuntimeError("sale did not move the title")

    info = registry.vehicle(car)
    table = Table(
        title=f"History of {vin} (segment {info.segment}, {info.highestMileage:,} km, "
        f"chain verified to head 0x{bytes(info.head).hex()[:12]}…)"
    )
    for col in ("#", "kind", "km", "severity", "writer", "corrects", "corrected by"):
        table.add_column(col)
    for rid, rec, corrected_by in history(registry, car):
        table.add_row(
            str(rid),
            RecordKind(rec.kind).name.lower(),
            f"{rec.mileage:,}" if rec.mileage else "",
            str(rec.severity or ""),
            rec.writer[:10],
            str(rec.corrects or ""),
            str(corrected_by or ""),
        )
    console.print(table)
    owners = Table(title="Ownership")
    owners.add_column("owner")
    owners.add_column("since (unix)")
    for owner_address, since in recount(registry)["vehicles"][car].ownership:
        owners.add_row(owner_address, str(since))
    console.print(owners)
