"""Rebuild the registry's state from its event logs alone, and compare with its getters.

``recount`` replays ``VehicleRegistered``, ``RecordAppended``, ``Transfer``,
``VehicleScrapped`` and the ``Sale*`` events in log order, re-deriving everything the
contract derives (odometer segment, highest reading, latest reading / inspection, who
corrected what, ownership history, sale status, escrow per token). ``audit`` reads the
same facts through the contract's view functions and names the first difference of each
kind it finds.

Both take an Ape contract but talk to the node through its web3 connection (one
``eth_getLogs`` and plain ``eth_call`` reads): they run after every property-test example.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from civic.events import fetch_web3_logs, web3_contract
from civic.vehicle import READING_KINDS, Record, RecordKind, SaleStatus

_ZERO = "0x" + "00" * 20
_PAGE = 50
_INFO_FIELDS = (
    "tokenId",
    "vin",
    "owner",
    "registeredAt",
    "scrappedAt",
    "segment",
    "highestMileage",
    "latestReading",
    "latestInspection",
    "recordCount",
    "ownershipCount",
    "openSale",
)
_SALE_FIELDS = (
    "tokenId",
    "seller",
    "expiresAt",
    "acknowledged",
    "status",
    "lister",
    "buyer",
    "token",
    "price",
    "contractHash",
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
    w3, reader = web3_contract(contract)
    vehicles: dict[int, VehicleTally] = {}
    sales: dict[int, dict] = {}
    escrowed: dict[str, int] = {}
    stamps: dict[int, int] = {}

    def stamp(block_number: int) -> int:
        if block_number not in stamps:
            stamps[block_number] = w3.eth.get_block(block_number)["timestamp"]
        return stamps[block_number]

    for log in fetch_web3_logs(contract, start_block):
        a, name = log["args"], log["event"]
        if name == "VehicleRegistered":
            # the mint's Transfer precedes this event in the same transaction
            vehicles.setdefault(a["tokenId"], VehicleTally(vin="")).vin = a["vin"]
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
            v = vehicles.setdefault(a["tokenId"], VehicleTally(vin=""))
            v.owner = _addr(a["to"])
            v.ownership.append((v.owner, stamp(log["blockNumber"])))
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


def _audit_vehicle(reader, token_id: int, v: VehicleTally) -> list[str]:
    out: list[str] = []
    info = dict(zip(_INFO_FIELDS, reader.functions.vehicle(token_id).call(), strict=True))
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
        got = _addr(info[key]) if key == "owner" else info[key]
        if got != want:
            out.append(f"vehicle {v.vin}: {key} is {got!r}, events say {want!r}")
    for offset in range(0, len(v.records), _PAGE):
        records, corrections = reader.functions.vehicleHistory(token_id, offset, _PAGE).call()
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
    page = reader.functions.ownershipHistory(token_id, 0, len(v.ownership) + 1).call()
    got_owners = [(_addr(owner), since) for owner, since in page]
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
    _, reader = web3_contract(contract)
    out: list[str] = []
    for token_id, v in state["vehicles"].items():
        out.extend(_audit_vehicle(reader, token_id, v))
    count = reader.functions.saleCount().call()
    if count != len(state["sales"]):
        out.append(f"saleCount is {count}, events say {len(state['sales'])}")
    for sale_id, want in state["sales"].items():
        s = dict(zip(_SALE_FIELDS, reader.functions.sale(sale_id).call(), strict=True))
        for key in ("seller", "lister", "buyer", "token"):
            s[key] = _addr(s[key])
        s["contractHash"] = _b32(s["contractHash"])
        s["status"] = SaleStatus(s["status"])
        for key in want:
            if s[key] != want[key]:
                out.append(f"sale {sale_id}: {key} is {s[key]!r}, events say {want[key]!r}")
                break
    for token, amount in state["escrowed"].items():
        got = reader.functions.escrowed(reader.w3.to_checksum_address(token)).call()
        if got != amount:
            out.append(f"escrowed({token}) is {got}, events say {amount}")
    return out
