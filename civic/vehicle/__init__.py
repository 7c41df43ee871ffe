"""Vehicle registry (Jang-an-pyeong used cars): constants and helpers mirroring the contract.

``VehicleRegistry`` keys ERC-721 titles by VIN (``token_id_of``), keeps an append-only
history of records and settles title-for-payment sales. This module mirrors its enums,
roles and the VIN rule so tests, scripts and the frontend agree with the chain.
"""

from __future__ import annotations

import re
from enum import IntEnum
from typing import NamedTuple

from eth_utils import keccak

#: ISO 3779 VIN: 17 characters, digits and capital letters except I, O and Q.
VIN_PATTERN = re.compile(r"^[0-9A-HJ-NPR-Z]{17}$")
MAX_SEVERITY = 5


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

#: Which roles may write each record kind (Sale records are written by the contract).
WRITERS = {
    RecordKind.REGISTRATION: ("registrar",),
    RecordKind.INSPECTION: ("inspector",),
    RecordKind.MILEAGE: ("inspector", "repairer"),
    RecordKind.ACCIDENT: ("insurer", "repairer"),
    RecordKind.REPAIR: ("repairer",),
    RecordKind.ODOMETER_REPLACEMENT: ("registrar",),
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


def history_page(contract, token_id: int, offset: int = 0, limit: int = 50):
    """``vehicleHistory`` as ``[(record_id, Record, corrected_by)]``."""
    records, corrections = contract.vehicleHistory(token_id, offset, limit)
    return [
        (offset + i + 1, Record.of(r), c)
        for i, (r, c) in enumerate(zip(records, corrections, strict=True))
    ]
