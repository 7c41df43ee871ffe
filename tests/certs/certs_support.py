"""Shared constants and claim builders of the certificate tests (imported by name, not
through ``conftest``, which another folder's conftest shadows in a mixed run)."""

from civic.certs import (
    RevocationPolicy,
)

DAY = 24 * 3600
#: Credential types every test registry defines, in this order (ids 1, 2, 3).
APPOINTMENT, YOUTH, PERMANENT = 1, 2, 3
TYPES = {
    APPOINTMENT: (
        b"seoul.appointment.v1",
        2 * 365 * DAY,
        RevocationPolicy.REVOCABLE_AND_SUSPENDABLE,
        True,
    ),
    YOUTH: (b"seoul.youth-allowance.v1", 365 * DAY, RevocationPolicy.REVOCABLE_ONLY, False),
    PERMANENT: (b"seoul.permanent.v1", 0, RevocationPolicy.IRREVOCABLE, False),
}


def schema_hash(label: bytes) -> bytes:
    from eth_utils import keccak

    return keccak(label)


def member_claims(n: int) -> dict:
    return {
        "name_hash": f"member-{n}",
        "role": "governance group member",
        "term": "2026-2028",
        "department": "digital policy",
    }


def youth_claims(n: int, eligible: bool = True) -> dict:
    return {
        "name_hash": f"youth-{n}",
        "youth_allowance": "seoul-resident-19-34" if eligible else "not-eligible",
        "district": "nowon",
    }
