"""Gas arithmetic for the benchmark tables: the unavoidable part of a transaction.

Since Prague (EIP-7623) a transaction pays at least
``21000 + 10 * tokens`` with ``tokens = zero_bytes + 4 * nonzero_bytes``; the
standard intrinsic cost is ``21000 + 4 * tokens`` (+ 32000 and initcode words for
creations). The floor that binds is the larger of the two.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

TX_BASE = 21_000
STANDARD_TOKEN_COST = 4
FLOOR_TOKEN_COST = 10


def calldata_tokens(data: bytes) -> int:
    zeros = data.count(0)
    return zeros + 4 * (len(data) - zeros)


def intrinsic_gas(data: bytes) -> int:
    return TX_BASE + STANDARD_TOKEN_COST * calldata_tokens(data)


def calldata_floor(data: bytes) -> int:
    return TX_BASE + FLOOR_TOKEN_COST * calldata_tokens(data)


def floor_gas(data: bytes) -> int:
    """The least gas any implementation can charge for exactly this calldata."""
    return max(intrinsic_gas(data), calldata_floor(data))


@dataclass
class GasRow:
    """One row of ``bench/gas.json``."""

    service: str
    operation: str
    gas: int
    peer: str | None = None
    peer_operation: str | None = None
    peer_gas: int | None = None
    floor_gas: int | None = None

    @property
    def ratio(self) -> float | None:
        return None if not self.peer_gas else self.gas / self.peer_gas

    def as_dict(self) -> dict:
        return asdict(self)
