"""On-chain roles and enums of ``ILaborRegistry``, mirrored for Python."""

from __future__ import annotations

from enum import IntEnum

from eth_utils import keccak


def role_id(name: str) -> bytes:
    """``keccak256(name)`` as the contract defines its role constants."""
    return keccak(text=name)


ROLES = {
    "labor_authority": role_id("LABOR_AUTHORITY_ROLE"),
    "pension_insurer": role_id("PENSION_INSURER_ROLE"),
    "health_insurer": role_id("HEALTH_INSURER_ROLE"),
    "employment_insurer": role_id("EMPLOYMENT_INSURER_ROLE"),
    "accident_insurer": role_id("ACCIDENT_INSURER_ROLE"),
    "business_registry": role_id("BUSINESS_REGISTRY_ROLE"),
}


class AgreementStatus(IntEnum):
    NONE = 0
    PROPOSED = 1
    ACTIVE = 2
    TERMINATED = 3
    CANCELLED = 4


class ShiftStatus(IntEnum):
    NONE = 0
    RECORDED = 1
    CONFIRMED = 2
    DISPUTED = 3


class Insurance(IntEnum):
    NATIONAL_PENSION = 0
    HEALTH = 1
    EMPLOYMENT = 2
    INDUSTRIAL_ACCIDENT = 3


INSURER_ROLE_OF = {
    Insurance.NATIONAL_PENSION: "pension_insurer",
    Insurance.HEALTH: "health_insurer",
    Insurance.EMPLOYMENT: "employment_insurer",
    Insurance.INDUSTRIAL_ACCIDENT: "accident_insurer",
}


class InsuranceStatus(IntEnum):
    NONE = 0
    ENROLLED = 1
    WITHDRAWN = 2


class TerminationReason(IntEnum):
    """Reason codes used by this project's tools (the contract only requires nonzero)."""

    MUTUAL_AGREEMENT = 1
    RESIGNATION = 2
    DISMISSAL = 3
    CONTRACT_EXPIRED = 4
    BUSINESS_CLOSED = 5
    OTHER = 9


class DisputeReason(IntEnum):
    """Reason codes for disputed shifts (the contract only requires nonzero)."""

    WRONG_MINUTES = 1
    DID_NOT_WORK = 2
    WRONG_DATE = 3
    OTHER = 9
