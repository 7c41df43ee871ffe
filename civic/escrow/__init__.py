"""Subcontract payment escrow (하도급 대금 자동지급): Python side of ``SubcontractEscrow``.

Mirrors the contract's roles, enums and limits, and builds the ``MilestoneSpec`` tuples that
``openProject`` takes. ``recount`` rebuilds the escrow from its events, ``deploy`` deploys it,
``demo`` and ``bench`` drive it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import IntEnum

from eth_utils import keccak

from civic.roles import DEFAULT_ADMIN_ROLE  # noqa: F401 (re-exported)

AGENCY_ROLE = keccak(text="AGENCY_ROLE")
ARBITER_ROLE = keccak(text="ARBITER_ROLE")

MAX_MILESTONES = 32
MAX_PAYEES = 64  # the prime's remainder slot included


class MilestoneStatus(IntEnum):
    NONE = 0
    OPEN = 1
    DISPUTED = 2
    RELEASED = 3
    RESOLVED = 4
    REFUNDED = 5


SETTLED = frozenset({MilestoneStatus.RELEASED, MilestoneStatus.RESOLVED, MilestoneStatus.REFUNDED})


class PayeeKind(IntEnum):
    WORKER = 0
    SUBCONTRACTOR = 1
    PRIME = 2


def _address(account) -> str:
    return str(getattr(account, "address", account))


@dataclass
class MilestonePlan:
    """One milestone: ``wages`` and ``subcontracts`` are ``(payee, amount)`` pairs in order."""

    amount: int
    deadline: int
    wages: list[tuple[object, int]] = field(default_factory=list)
    subcontracts: list[tuple[object, int]] = field(default_factory=list)

    def as_tuple(self) -> tuple:
        """The ``MilestoneSpec`` ABI tuple."""
        return (
            self.amount,
            self.deadline,
            [(_address(p), a) for p, a in self.wages],
            [(_address(p), a) for p, a in self.subcontracts],
        )

    @property
    def prime_share(self) -> int:
        return self.amount - sum(a for _, a in self.wages) - sum(a for _, a in self.subcontracts)

    def waterfall(self, prime) -> list[tuple[str, int, PayeeKind]]:
        """Payee slots as the contract stores them: workers, subcontractors, then the prime."""
        slots = [(_address(p), a, PayeeKind.WORKER) for p, a in self.wages]
        slots += [(_address(p), a, PayeeKind.SUBCONTRACTOR) for p, a in self.subcontracts]
        slots.append((_address(prime), self.prime_share, PayeeKind.PRIME))
        return slots


def specs(plans: Iterable[MilestonePlan]) -> list[tuple]:
    return [plan.as_tuple() for plan in plans]


def waterfall_split(shares: Iterable[int], paid: int) -> list[int]:
    """What each slot is credited when ``paid`` runs down the waterfall (contract's rule)."""
    out = []
    left = paid
    for share in shares:
        amount = min(share, left)
        out.append(amount)
        left -= amount
    return out


__all__ = [
    "AGENCY_ROLE",
    "ARBITER_ROLE",
    "DEFAULT_ADMIN_ROLE",
    "MAX_MILESTONES",
    "MAX_PAYEES",
    "SETTLED",
    "MilestonePlan",
    "MilestoneStatus",
    "PayeeKind",
    "specs",
    "waterfall_split",
]
