"""Rebuild the registry's state from its event logs alone, and compare with its getters.

``recount`` replays ``VehicleRegistered``, ``RecordAppended``, ``Transfer``,
``VehicleScrapped`` and the ``Sale*`` events in log order, re-deriving everything the
contract derives (odometer segment, highest reading, latest reading / inspection, who
corrected what, ownership history, sale status, escrow per token). ``audit`` reads the
same facts through the contract's view functions and names the first difference of each
kind it finds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from civic.vehicle import READING_KINDS, Record, RecordKind, SaleStatus

_ZERO = "0x" + "00" * 20
_PAGE = 50
_EVENTS = (
    "VehicleRegistered",
    "RecordAppended",
    "Transfer",
    "VehicleScrapped",
    "SaleListed",
    "SaleFunded",
    "SaleAcknowledged",
    "SaleCompleted",
    "SaleCancelled",
)


@dataclass
class VehicleTally:
    vin: str
    registered_at: int = 0
    scrapped_at: int = 0
    segment: int = 0
    highest: int = 0
    floor: int = 0
    latest_reading: int = 0
    latest_inspection: int = 0
    records: list[dict] = field(default_factory=list)
    corrected_by: dict[int, int] = field(default_factory=dict)
    ownership: list[tuple[str, int]] = field(default_factory=list)
    owner: str = _ZERO
    open_sale: int = 0


def _addr(value) -> str:
    return str(value).lower()


def _b32(value) -> bytes:
    return bytes(value).rjust(32, b"\x00")


def _logs(contract, start_block: int) -> list:
    from ape import chain

    stop = chain.blocks.height
    logs = []
    for name in _EVENTS:
        logs.extend(getattr(contract, name).range(start_block, stop + 1))
    logs.sort(key=lambda log: (log.block_number, log.log_index))
    return logs


def _apply_record(v: VehicleTally, rid: int, rec: dict) -> None:
    kind, corrects = rec["kind"], rec["corrects"]
    if rid != len(v.records) + 1:
        raise AssertionError(f"record ids out of order: got {rid}, expected {len(v.records) + 1}")
    v.records.append(rec)
    if corrects:
        v.corrected_by[corrects] = rid
    if kind == RecordKind.REGISTRATION:
        v.registered_at = rec["timestamp"]
        v.highest = v.floor = rec["mileage"]
        v.latest_reading = rid
    elif kind == RecordKind.ODOMETER_REPLACEMENT:
        v.segment = rec["segment"]
        v.highest = v.floor = rec["mileage"]
        v.latest_reading = rid
    elif kind == RecordKind.SCRAP:
        v.scrapped_at = rec["timestamp"]
    elif kind in READING_KINDS:
        if not corrects:
            v.floor, v.highest, v.latest_reading = v.highest, rec["mileage"], rid
            if kind == RecordKind.INSPECTION:
                v.latest_inspection = rid
        else:
            if corrects == v.latest_reading:
                v.highest, v.latest_reading = rec["mileage"], rid
            if corrects == v.latest_inspection:
                v.latest_inspection = rid


def recount(contract, start_block: int = 0) -> dict:
    """State of ``contract`` rebuilt from its logs since ``start_block``.

    Returns ``{"vehicles": {token_id: VehicleTally}, "sales": {sale_id: dict},
    "escrowed": {token_address: amount}}``.
    """
    from ape import chain

    vehicles: dict[int, VehicleTally] = {}
    sales: dict[int, dict] = {}
    escrowed: dict[str, int] = {}
    stamps: dict[int, int] = {}

    def stamp(block_number: int) -> int:
        if block_number not in stamps:
            stamps[block_number] = chain.blocks[block_number].timestamp
        return stamps[block_number]

    for log in _logs(contract, start_block):
        a = log.event_arguments
        name = log.event_name
        if name == "VehicleRegistered":
            vehicles[a["tokenId"]] = VehicleTally(vin=a["vin"])
        elif name == "RecordAppended":
            rec = {
                "writer": _addr(a["writer"]),
                "timestamp": a["timestamp"],
                "kind": RecordKind(a["kind"]),
                "severity": a["severity"],
                "mileage": a["mileage"],
                "segment": a["segment"],
                "reportHash": _b32(a["reportHash"]),
                "corrects": a["corrects"],
            }
            _apply_record(vehicles[a["tokenId"]], a["recordId"], rec)
        elif name == "Transfer":
            v = vehicles[a["tokenId"]]
            v.owner = _addr(a["to"])
            v.ownership.append((v.owner, stamp(log.block_number)))
        elif name == "SaleListed":
            sales[a["saleId"]] = {
                "tokenId": a["tokenId"],
                "seller": _addr(a["seller"]),
                "lister": _addr(a["lister"]),
                "buyer": _addr(a["buyer"]),
                "token": _addr(a["token"]),
                "price": a["price"],
                "contractHash": _b32(a["contractHash"]),
                "expiresAt": a["expiresAt"],
                "acknowledged": 0,
                "status": SaleStatus.LISTED,
            }
            vehicles[a["tokenId"]].open_sale = a["saleId"]
        elif name == "SaleFunded":
            s = sales[a["saleId"]]
            s.update(buyer=_addr(a["buyer"]), acknowledged=a["acknowledged"])
            s["status"] = SaleStatus.FUNDED
            escrowed[s["token"]] = escrowed.get(s["token"], 0) + s["price"]
        elif name == "SaleAcknowledged":
            sales[a["saleId"]]["acknowledged"] = a["acknowledged"]
        elif name in ("SaleCompleted", "SaleCancelled"):
            s = sales[a["saleId"]]
            if s["status"] == SaleStatus.FUNDED:
                escrowed[s["token"]] -= s["price"]
            s["status"] = SaleStatus.COMPLETED if name == "SaleCompleted" else SaleStatus.CANCELLED
            vehicles[s["tokenId"]].open_sale = 0
    return {"vehicles": vehicles, "sales": sales, "escrowed": escrowed}


def _record_dict(value) -> dict:
    rec = Record.of(value)._asdict()
    rec["writer"] = _addr(rec["writer"])
    return rec


def _audit_vehicle(contract, token_id: int, v: VehicleTally) -> list[str]:
    out: list[str] = []
    info = contract.vehicle(token_id)
    expected = {
        "vin": v.vin,
        "owner": v.owner,
        "registeredAt": v.registered_at,
        "scrappedAt": v.scrapped_at,
        "segment": v.segment,
        "highestMileage": v.highest,
        "latestReading": v.latest_reading,
        "latestInspection": v.latest_inspection,
        "recordCount": len(v.records),
        "ownershipCount": len(v.ownership),
        "openSale": v.open_sale,
    }
    for key, want in expected.items():
        got = getattr(info, key)
        got = _addr(got) if key == "owner" else got
        if got != want:
            out.append(f"vehicle {v.vin}: {key} is {got!r}, events say {want!r}")
    for offset in range(0, len(v.records), _PAGE):
        records, corrections = contract.vehicleHistory(token_id, offset, _PAGE)
        for i, (rec, corrected_by) in enumerate(zip(records, corrections, strict=True)):
            rid = offset + i + 1
            got = _record_dict(rec)
            if got != v.records[rid - 1]:
                out.append(
                    f"vehicle {v.vin}: record {rid} is {got}, events say {v.records[rid - 1]}"
                )
                break
            if corrected_by != v.corrected_by.get(rid, 0):
                out.append(
                    f"vehicle {v.vin}: record {rid} corrected by {corrected_by}, "
                    f"events say {v.corrected_by.get(rid, 0)}"
                )
                break
    page = contract.ownershipHistory(token_id, 0, len(v.ownership) + 1)
    got_owners = [(_addr(o.owner), o.since) for o in page]
    if got_owners != v.ownership:
        first = next(
            (i for i, (g, w) in enumerate(zip(got_owners, v.ownership, strict=False)) if g != w),
            min(len(got_owners), len(v.ownership)),
        )
        out.append(f"vehicle {v.vin}: ownership entry {first} differs from the events")
    return out


def audit(contract, start_block: int = 0) -> list[str]:
    """Mismatches between the event recount and the contract's getters (empty = consistent)."""
    state = recount(contract, start_block)
    out: list[str] = []
    for token_id, v in state["vehicles"].items():
        out.extend(_audit_vehicle(contract, token_id, v))
    if contract.saleCount() != len(state["sales"]):
        out.append(f"saleCount is {contract.saleCount()}, events say {len(state['sales'])}")
    for sale_id, want in state["sales"].items():
        s = contract.sale(sale_id)
        got = {
            "tokenId": s.tokenId,
            "seller": _addr(s.seller),
            "lister": _addr(s.lister),
            "buyer": _addr(s.buyer),
            "token": _addr(s.token),
            "price": s.price,
            "contractHash": _b32(s.contractHash),
            "expiresAt": s.expiresAt,
            "acknowledged": s.acknowledged,
            "status": SaleStatus(s.status),
        }
        for key in want:
            if got[key] != want[key]:
                out.append(f"sale {sale_id}: {key} is {got[key]!r}, events say {want[key]!r}")
                break
    for token, amount in state["escrowed"].items():
        got = contract.escrowed(token)
        if got != amount:
            out.append(f"escrowed({token}) is {got}, events say {amount}")
    return out
