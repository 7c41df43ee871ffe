"""EIP-712 payloads of ``LaborRegistry``: the labor contract both parties sign and the
worker's gasless shift review."""

from __future__ import annotations

from dataclasses import astuple, dataclass, replace

from eth_abi import encode
from eth_utils import keccak, to_checksum_address

from civic.eip712 import Domain, sign

DOMAIN_NAME = "LaborRegistry"
DOMAIN_VERSION = "1"

CONTRACT_TYPES = {
    "LaborContract": [
        {"name": "employer", "type": "address"},
        {"name": "worker", "type": "address"},
        {"name": "documentHash", "type": "bytes32"},
        {"name": "hourlyWage", "type": "uint32"},
        {"name": "weeklyMinutes", "type": "uint16"},
        {"name": "startDay", "type": "uint24"},
        {"name": "endDay", "type": "uint24"},
        {"name": "nonce", "type": "uint256"},
        {"name": "version", "type": "uint16"},
        {"name": "deadline", "type": "uint256"},
    ]
}

SHIFT_REVIEW_TYPES = {
    "ShiftReview": [
        {"name": "agreementId", "type": "bytes32"},
        {"name": "indexes", "type": "uint256[]"},
        {"name": "confirmed", "type": "bool"},
        {"name": "reasonCode", "type": "uint8"},
        {"name": "deadline", "type": "uint256"},
    ]
}


@dataclass(frozen=True)
class Terms:
    """``ILaborRegistry.Terms`` (the tuple order is the ABI order)."""

    employer: str
    worker: str
    document_hash: bytes
    hourly_wage: int
    weekly_minutes: int
    start_day: int
    end_day: int = 0

    def as_tuple(self) -> tuple:
        return astuple(self)

    def amended(self, **changes) -> Terms:
        return replace(self, **changes)

    def stored(self) -> Terms:
        """The terms as the registry's getters return them: the document hash is kept in the
        events and the signed digest, not in storage, so the getters read it as zero."""
        return replace(self, document_hash=bytes(32))

    def message(self, nonce: int, version: int, deadline: int) -> dict:
        return {
            "employer": to_checksum_address(self.employer),
            "worker": to_checksum_address(self.worker),
            "documentHash": self.document_hash,
            "hourlyWage": self.hourly_wage,
            "weeklyMinutes": self.weekly_minutes,
            "startDay": self.start_day,
            "endDay": self.end_day,
            "nonce": nonce,
            "version": version,
            "deadline": deadline,
        }

    @classmethod
    def from_chain(cls, value) -> Terms:
        """Build from a decoded ``Terms`` struct: a getter's struct object or an event's list."""
        employer, worker, doc, wage, minutes, start, end = struct_fields(
            value,
            (
                "employer",
                "worker",
                "documentHash",
                "hourlyWage",
                "weeklyMinutes",
                "startDay",
                "endDay",
            ),
        )
        return cls(
            employer=to_checksum_address(str(employer)),
            worker=to_checksum_address(str(worker)),
            document_hash=bytes(doc),
            hourly_wage=int(wage),
            weekly_minutes=int(minutes),
            start_day=int(start),
            end_day=int(end),
        )


def struct_fields(value, names: tuple[str, ...]) -> tuple:
    """Fields of a decoded struct in declaration order, whether Ape gave an object with
    attributes (getters) or a plain sequence (struct arguments of events)."""
    if isinstance(value, list | tuple):
        return tuple(value)
    return tuple(getattr(value, name) for name in names)


def domain_of(registry, chain_id: int) -> Domain:
    return Domain(DOMAIN_NAME, DOMAIN_VERSION, chain_id, str(registry.address))


def agreement_id(employer: str, worker: str, nonce: int) -> bytes:
    """``keccak256(abi.encode(employer, worker, nonce))``."""
    return keccak(encode(["address", "address", "uint256"], [employer, worker, nonce]))


def sign_contract(
    account, domain: Domain, terms: Terms, nonce: int, version: int, deadline: int
) -> bytes:
    """One party's signature over version ``version`` of ``terms`` (for a wallet owned by
    ``account`` pass the owner: ``MockERC1271Wallet`` checks its owner's ECDSA signature)."""
    return sign(
        account, domain, "LaborContract", CONTRACT_TYPES, terms.message(nonce, version, deadline)
    )


def sign_shift_review(
    account,
    domain: Domain,
    agreement: bytes,
    indexes: list[int],
    confirmed: bool,
    reason_code: int,
    deadline: int,
) -> bytes:
    message = {
        "agreementId": agreement,
        "indexes": list(indexes),
        "confirmed": confirmed,
        "reasonCode": reason_code,
        "deadline": deadline,
    }
    return sign(account, domain, "ShiftReview", SHIFT_REVIEW_TYPES, message)
