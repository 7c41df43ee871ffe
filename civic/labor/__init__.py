"""Labor contract records for part-time workers (시간제 노동자 권익보호).

What the contract, the tests, the demo and the recount share: role ids and enums
mirroring ``ILaborRegistry``, the KST day/week arithmetic, and the EIP-712 payloads
both parties sign.
"""

from civic.labor.calendar import (
    KST_OFFSET_SECONDS,
    WEEKLY_HOLIDAY_THRESHOLD_MINUTES,
    day_of,
    day_to_date,
    iso_week_of,
    week_of,
)
from civic.labor.constants import (
    ROLES,
    AgreementStatus,
    Insurance,
    InsuranceStatus,
    ShiftStatus,
    TerminationReason,
    role_id,
)
from civic.labor.payloads import Terms, agreement_id, sign_contract, sign_shift_review

__all__ = [
    "KST_OFFSET_SECONDS",
    "ROLES",
    "WEEKLY_HOLIDAY_THRESHOLD_MINUTES",
    "AgreementStatus",
    "Insurance",
    "InsuranceStatus",
    "ShiftStatus",
    "TerminationReason",
    "Terms",
    "agreement_id",
    "day_of",
    "day_to_date",
    "iso_week_of",
    "role_id",
    "sign_contract",
    "sign_shift_review",
    "week_of",
]
