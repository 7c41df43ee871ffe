"""Vehicle registry (Jang-an-pyeong used cars): constants and helpers mirroring the contract.

``VehicleRegistry`` keys ERC-721 titles by VIN (``token_id_of``), keeps an append-only
history of records and settles title-for-payment sales. The records live in
``RecordAppended`` logs chained by hash (``record_leaf``, ``next_head``); ``history`` rebuilds
a vehicle's history from them and checks it against the head the contract stores, and
``record_proof`` builds the proof ``correct`` needs. A sale stores only the hash of its terms
(``terms_hash``); ``sale_terms`` rebuilds them from the sale's ``SaleListed`` log, checked
against that hash, for ``fund``, ``acknowledge``, ``complete`` and ``cancel``. This module
also mirrors the enums, roles and the VIN rule so tests, scripts and the frontend agree with
the chain.
"""

from __future__ import annotations

import re
from enum import IntEnum
from typing import NamedTuple

from eth_abi import encode
from eth_utils import keccak, to_checksum_address

#: ISO 3779 VIN: 17 characters, digits and capital letters except I, O and Q.
VIN_PATTERN = re.compile(r"^[0-9A-HJ-NPR-Z]{17}$")
MAX_SEVERITY = 5
#: The head of a vehicle's chain before its first record (``bytes28`` zero).
ZERO_HEAD = b"\x00" * 28
ZERO_ADDRESS = "0x" + "00" * 20


class SaleTermsUnavailable(Exception):
    """No ``SaleListed`` log of a sale hashes to the terms hash the contract stores."""

    def __init__(self, sale_id: int, reason: str):
        super().__init__(f"sale {sale_id}: terms unavailable: {reason}")
        self.sale_id, self.reason = sale_id, reason


class HistoryChainBroken(Exception):
    """A history rebuilt from logs does not hash to the head the contract stores."""

    def __init__(self, token_id: int, record_id: int, reason: str):
        super().__init__(
            f"vehicle {token_id:#x}: history chain broken at record {record_id}: {reason}"
        )
        self.token_id, self.record_id, self.reason = token_id, record_id, reason


class RecordKind(IntEnum):
    REGISTRATION = 0
    INSPECTION = 1
    MILEAGE = 2
    ACCIDENT = 3
    REPAIR = 4
    ODOMETER_REPLACEMENT = 5
    SALE = 6
    SCRAP = 7


#: Kinds that carry an odometer reading (checked against rollback).
READING_KINDS = frozenset(
    {
        RecordKind.REGISTRATION,
        RecordKind.INSPECTION,
        RecordKind.MILEAGE,
        RecordKind.ODOMETER_REPLACEMENT,
    }
)
#: Kinds a correction may target.
CORRECTABLE_KINDS = frozenset(
    {RecordKind.INSPECTION, RecordKind.MILEAGE, RecordKind.ACCIDENT, RecordKind.REPAIR}
)


class SaleStatus(IntEnum):
    NONE = 0
    LISTED = 1
    FUNDED = 2
    COMPLETED = 3
    CANCELLED = 4


OPEN_SALE_STATUSES = frozenset({SaleStatus.LISTED, SaleStatus.FUNDED})


def role_id(name: str) -> bytes:
    """``keccak256("<NAME>_ROLE")`` as the contract's constants; ``admin`` is ``0x00..``."""
    if name == "admin":
        return b"\x00" * 32
    return keccak(text=f"{name.upper()}_ROLE")


#: Role key (as in ``deploy.ROLE_NAMES``) -> on-chain role id.
ROLES = {
    name: role_id(name)
    for name in ("admin", "registrar", "inspector", "insurer", "repairer", "dealer")
}

#: Which roles may write each record kind: the contract's permission table
#: (`_checkRecorder`, plus `register` and `scrap` for their kinds). Sale records are
#: written by the sale itself, so no role writes them. Every kind has an entry;
#: tests/vehicle/test_vehicle_kinds.py holds the table against the chain.
WRITERS = {
    RecordKind.REGISTRATION: ("registrar",),
    RecordKind.INSPECTION: ("inspector",),
    RecordKind.MILEAGE: ("inspector", "repairer"),
    RecordKind.ACCIDENT: ("insurer", "repairer"),
    RecordKind.REPAIR: ("repairer",),
    RecordKind.ODOMETER_REPLACEMENT: ("registrar",),
    RecordKind.SALE: (),
    RecordKind.SCRAP: ("registrar",),
}


def is_valid_vin(vin: str) -> bool:
    return bool(VIN_PATTERN.match(vin))


def token_id_of(vin: str) -> int:
    """The title's token id: ``uint256(keccak256(bytes(vin)))``, computable client-side."""
    return int.from_bytes(keccak(text=vin), "big")


def report_hash(document: bytes | str) -> bytes:
    """Hash of an off-chain document (report, sale contract, certificate) as stored on chain."""
    return keccak(document.encode() if isinstance(document, str) else document)


def vin_from_serial(serial: int, wmi: str = "KMH") -> str:
    """A syntactically valid, deterministic VIN for demos and tests (no check digit rule)."""
    return f"{wmi}TEST{serial:010d}"


class Record(NamedTuple):
    """``IVehicleRegistry.Record`` in Python (field order as in the struct)."""

    writer: str
    timestamp: int
    kind: RecordKind
    severity: int
    mileage: int
    segment: int
    reportHash: bytes  # mirrors the Solidity field name
    corrects: int

    @classmethod
    def of(cls, value) -> Record:
        """From what Ape returns: a struct object or, inside multi-value returns, a tuple."""
        fields = (
            tuple(getattr(value, f) for f in cls._fields)
            if hasattr(value, "writer")
            else tuple(value)
        )
        writer, timestamp, kind, severity, mileage, segment, rh, corrects = fields
        return cls(
            str(writer),
            timestamp,
            RecordKind(kind),
            severity,
            mileage,
            segment,
            bytes(rh).rjust(32, b"\x00"),
            corrects,
        )

    def as_tuple(self) -> tuple:
        """The struct as a contract argument."""
        return (
            self.writer,
            self.timestamp,
            int(self.kind),
            self.severity,
            self.mileage,
            self.segment,
            self.reportHash,
            self.corrects,
        )


_RECORD_TYPES = ["uint256", "uint256", "address", "uint40", "uint8", "uint8", "uint32"]
_RECORD_TYPES += ["uint8", "bytes32", "uint32"]


def record_leaf(token_id: int, record_id: int, record: Record) -> bytes:
    """``keccak256(abi.encode(tokenId, recordId, record))`` as the contract hashes it."""
    return keccak(encode(_RECORD_TYPES, [token_id, record_id, *record.as_tuple()]))


def next_head(prev_head: bytes, leaf: bytes) -> bytes:
    """``bytes28(keccak256(abi.encode(prevHead, leaf)))``: the head after one more record."""
    return keccak(encode(["bytes28", "bytes32"], [prev_head, leaf]))[:28]


class SaleTerms(NamedTuple):
    """``IVehicleRegistry.SaleTerms`` in Python (field order as in the struct); pass it as
    the ``terms`` argument of the sale calls."""

    tokenId: int
    token: str
    price: int
    buyer: str
    expiresAt: int
    contractHash: bytes
    dealer: str

    @classmethod
    def of(cls, value) -> SaleTerms:
        """From a decoded ``terms`` (web3 tuple or dict, Ape struct)."""
        if isinstance(value, dict):
            fields = tuple(value[f] for f in cls._fields)
        elif hasattr(value, "tokenId"):
            fields = tuple(getattr(value, f) for f in cls._fields)
        else:
            fields = tuple(value)
        token_id, token, price, buyer, expires, contract_hash, dealer = fields
        return cls(
            token_id,
            to_checksum_address(str(token)),
            price,
            to_checksum_address(str(buyer)),
            expires,
            bytes(contract_hash).rjust(32, b"\x00"),
            to_checksum_address(str(dealer)),
        )


_TERMS_TYPES = ["uint256", "address", "uint96", "address", "uint40", "bytes32", "address"]


def terms_hash(terms: SaleTerms) -> bytes:
    """``keccak256(abi.encode(terms))``: what a listing stores (``saleTermsHash``)."""
    return keccak(encode(_TERMS_TYPES, list(terms)))


def sale_terms(contract, sale_id: int, start_block: int = 0) -> SaleTerms:
    """The terms of sale ``sale_id`` from its ``SaleListed`` log, checked against the hash
    ``sale(sale_id)`` stores. Raises ``SaleTermsUnavailable``."""
    from civic.events import event_logs, web3_contract

    logs = event_logs(contract, "SaleListed", sale_id, start_block=start_block)
    if not logs:
        raise SaleTermsUnavailable(sale_id, "no SaleListed log")
    terms = SaleTerms.of(logs[-1]["args"]["terms"])
    _, view = web3_contract(contract)
    try:
        stored = bytes(view.functions.sale(sale_id).call()[0])
    except Exception as exc:  # noqa: BLE001 - an UnknownSale revert
        raise SaleTermsUnavailable(sale_id, "the contract knows no such sale") from exc
    if terms_hash(terms) != stored:
        raise SaleTermsUnavailable(sale_id, "logged terms do not hash to the stored terms hash")
    return terms


def _b(value, size: int) -> bytes:
    return bytes(value).ljust(size, b"\x00") if size == 28 else bytes(value).rjust(size, b"\x00")


def record_logs(contract, token_id: int, start_block: int = 0) -> list[dict]:
    """The vehicle's ``RecordAppended`` logs (web3 dicts), oldest first."""
    from civic.events import event_logs

    return event_logs(contract, "RecordAppended", token_id, start_block=start_block)


def record_of_log(log) -> Record:
    a = log["args"]
    return Record(
        str(a["writer"]),
        a["timestamp"],
        RecordKind(a["kind"]),
        a["severity"],
        a["mileage"],
        a["segment"],
        _b(a["reportHash"], 32),
        a["corrects"],
    )


def verify_chain(token_id: int, entries, stored_head: bytes) -> list[bytes]:
    """Check ``[(record_id, Record, head)]`` links up from ``ZERO_HEAD`` to ``stored_head``:
    each record's head is recomputed from the one before (a log carries only its own head)
    and must equal its logged head. Returns the leaves. Raises ``HistoryChainBroken``."""
    head, leaves = ZERO_HEAD, []
    for expected_id, (rid, rec, logged_head) in enumerate(entries, start=1):
        if rid != expected_id:
            raise HistoryChainBroken(token_id, expected_id, f"record {rid} found instead")
        leaf = record_leaf(token_id, rid, rec)
        head = next_head(head, leaf)
        if head != logged_head:
            raise HistoryChainBroken(token_id, rid, "record fields do not hash to its head")
        leaves.append(leaf)
    if head != bytes(stored_head):
        raise HistoryChainBroken(
            token_id, len(entries), "last head differs from the contract's stored head"
        )
    return leaves


def _chain_entries(contract, token_id: int, start_block: int) -> list[tuple]:
    """``[(record_id, Record, head)]`` of the vehicle's record logs, in order."""
    return [
        (log["args"]["recordId"], record_of_log(log), _b(log["args"]["head"], 28))
        for log in record_logs(contract, token_id, start_block)
    ]


def history(contract, token_id: int, start_block: int = 0):
    """The vehicle's records from its logs as ``[(record_id, Record, corrected_by)]``,
    checked complete and unaltered against ``vehicle(token_id).head``."""
    entries = _chain_entries(contract, token_id, start_block)
    verify_chain(token_id, entries, bytes(contract.vehicle(token_id).head))
    corrected_by = {rec.corrects: rid for rid, rec, _ in entries if rec.corrects}
    return [(rid, rec, corrected_by.get(rid, 0)) for rid, rec, _ in entries]


def record_proof(contract, token_id: int, record_id: int, start_block: int = 0) -> tuple:
    """``IVehicleRegistry.RecordProof`` of ``record_id`` (from the verified logs), as the
    tuple ``correct`` takes."""
    entries = _chain_entries(contract, token_id, start_block)
    leaves = verify_chain(token_id, entries, bytes(contract.vehicle(token_id).head))
    rec = entries[record_id - 1][1]
    prev = entries[record_id - 2][2] if record_id > 1 else ZERO_HEAD
    return (rec.as_tuple(), prev, leaves[record_id:])


def _record_count(contract, token_id: int) -> int:
    """``vehicle(token_id).recordCount``, 0 for a vehicle the contract does not know."""
    from civic.events import web3_contract

    _, view = web3_contract(contract)
    try:
        return view.functions.vehicle(token_id).call()[6]
    except Exception:  # noqa: BLE001 - an UnknownVehicle revert: nothing to prove
        return 0


def send_correction(contract, token_id: int, record_id: int, mileage, severity, rh, **tx):
    """``correct`` with the proof of ``record_id`` built from the logs (an empty proof for a
    record id the vehicle does not have, so the contract names the error)."""
    if 1 <= record_id <= _record_count(contract, token_id):
        proof = record_proof(contract, token_id, record_id)
    else:
        proof = ((ZERO_ADDRESS, 0, 0, 0, 0, 0, b"\x00" * 32, 0), ZERO_HEAD, [])
    return contract.correct(token_id, record_id, proof, mileage, severity, rh, **tx)


def ownership_history(contract, token_id: int, start_block: int = 0) -> list[tuple[str, int]]:
    """``[(owner, since)]`` of a title from its ERC-721 ``Transfer`` logs (``owner`` is the
    zero address once scrapped)."""
    from civic.events import event_logs, web3_contract

    w3, _ = web3_contract(contract)
    logs = event_logs(contract, "Transfer", None, None, token_id, start_block=start_block)
    stamps: dict[int, int] = {}
    out = []
    for log in logs:
        n = log["blockNumber"]
        if n not in stamps:
            stamps[n] = w3.eth.get_block(n)["timestamp"]
        out.append((str(log["args"]["to"]), stamps[n]))
    return out
