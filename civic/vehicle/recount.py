"""Rebuild the registry's state from its event logs alone, and compare with its getters.

``recount`` replays ``VehicleRegistered``, ``RecordAppended``, ``Transfer``,
``VehicleScrapped`` and the ``Sale*`` events in log order, re-deriving everything the
contract derives (odometer segment, highest reading, latest reading / inspection, who
corrected what, ownership history, sale terms and status, escrow per token). The records
exist only in the logs, so ``audit`` first verifies each vehicle's hash chain against the
head the contract stores (each head recomputed from the one before; a broken chain is the
finding "history chain broken at record n"), then reads the stored facts through the view
functions (a sale's terms through the hash it stores) and names the first difference of
each kind it finds.

Both take an Ape contract but talk to the node through its web3 connection (one
``eth_getLogs`` and plain ``eth_call`` reads): they run after every property-test example.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from civic.events import fetch_web3_logs, web3_contract
from civic.vehicle import (
    READING_KINDS,
    HistoryChainBroken,
    Record,
    RecordKind,
    SaleStatus,
    SaleTerms,
    terms_hash,
    verify_chain,
)

_ZERO = "0x" + "00" * 20
_PAGE = 50
_INFO_FIELDS = (
    "tokenId",
    "owner",
    "scrapped",
    "segment",
    "highestMileage",
    "latestReading",
    "recordCount",
    "openSale",
    "head",
)
#: ``IVehicleRegistry.Sale``: what the contract stores of a sale.
_SALE_FIELDS = ("termsHash", "buyer", "acknowledged", "status")


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
    heads: list[bytes] = field(default_factory=list)  # the head logged with each record
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
            v = vehicles[a["tokenId"]]
            _apply_record(v, a["recordId"], rec)
            v.heads.append(bytes(a["head"]))
        elif name == "Transfer":
            v = vehicles.setdefault(a["tokenId"], VehicleTally(vin=""))
            v.owner = _addr(a["to"])
            v.ownership.append((v.owner, stamp(log["blockNumber"])))
        elif name == "SaleListed":
            terms = SaleTerms.of(a["terms"])
            sales[a["saleId"]] = {
                "terms": terms,
                "tokenId": terms.tokenId,
                "seller": _addr(a["seller"]),
                "lister": _addr(a["lister"]),
                "token": _addr(terms.token),
                "price": terms.price,
                "termsHash": terms_hash(terms),
                "buyer": _ZERO,
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


def check_chain(token_id: int, v: VehicleTally, stored_head: bytes) -> str | None:
    """The finding for a history whose chain does not reach ``stored_head``, else None."""
    entries = [
        (rid, Record.of(tuple(rec.values())), head)
        for rid, (rec, head) in enumerate(zip(v.records, v.heads, strict=True), start=1)
    ]
    try:
        verify_chain(token_id, entries, stored_head)
    except HistoryChainBroken as broken:
        return (
            f"vehicle {v.vin}: history chain broken at record {broken.record_id}: {broken.reason}"
        )
    return None


def _audit_vehicle(reader, token_id: int, v: VehicleTally) -> list[str]:
    out: list[str] = []
    info = dict(zip(_INFO_FIELDS, reader.functions.vehicle(token_id).call(), strict=True))
    broken = check_chain(token_id, v, bytes(info["head"]))
    if broken:
        out.append(broken)
    expected = {
        "owner": v.owner,
        "scrapped": v.scrapped_at != 0,
        "segment": v.segment,
        "highestMileage": v.highest,
        "latestReading": v.latest_reading,
        "recordCount": len(v.records),
        "openSale": v.open_sale,
    }
    for key, want in expected.items():
        got = _addr(info[key]) if key == "owner" else info[key]
        if got != want:
            out.append(f"vehicle {v.vin}: {key} is {got!r}, events say {want!r}")
    for rid, target in v.corrected_by.items():
        got = reader.functions.correctedBy(token_id, rid).call()
        if got != target:
            out.append(f"vehicle {v.vin}: record {rid} corrected by {got}, events say {target}")
            break
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
        s["buyer"] = _addr(s["buyer"])
        s["termsHash"] = _b32(s["termsHash"])
        s["status"] = SaleStatus(s["status"])
        for key in _SALE_FIELDS:
            if s[key] != want[key]:
                out.append(f"sale {sale_id}: {key} is {s[key]!r}, events say {want[key]!r}")
                break
    for token, amount in state["escrowed"].items():
        got = reader.functions.escrowed(reader.w3.to_checksum_address(token)).call()
        if got != amount:
            out.append(f"escrowed({token}) is {got}, events say {amount}")
    return out
