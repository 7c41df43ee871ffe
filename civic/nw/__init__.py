"""NW local currency: Python mirror of on-chain constants and payload helpers."""

from __future__ import annotations

from enum import IntEnum

from eth_utils import keccak

from civic.eip712 import Domain, sign
from civic.roles import DEFAULT_ADMIN_ROLE  # noqa: F401 (re-exported)

ISSUER_ROLE = keccak(text="ISSUER_ROLE")
MERCHANT_MANAGER_ROLE = keccak(text="MERCHANT_MANAGER_ROLE")
PAUSER_ROLE = keccak(text="PAUSER_ROLE")

#: Default issuer budget period: 30 days.
PERIOD_SECONDS = 30 * 24 * 3600

TOKEN_NAME = "Nowon Won"


class SpendingPolicy(IntEnum):
    MERCHANTS_ONLY = 0
    OPEN = 1


class MerchantStatus(IntEnum):
    UNREGISTERED = 0
    ACTIVE = 1
    SUSPENDED = 2


class PaymentRejection(IntEnum):
    """Why a terminal batch skipped a signed payment (INWToken.PaymentRejection)."""

    NONE = 0
    NOT_YET_VALID = 1
    EXPIRED = 2
    AUTHORIZATION_USED = 3
    ZERO_AMOUNT = 4
    POLICY_VIOLATION = 5
    INSUFFICIENT_BALANCE = 6
    INVALID_SIGNATURE = 7


PERMIT_TYPES = {
    "Permit": [
        {"name": "owner", "type": "address"},
        {"name": "spender", "type": "address"},
        {"name": "value", "type": "uint256"},
        {"name": "nonce", "type": "uint256"},
        {"name": "deadline", "type": "uint256"},
    ]
}


def reference(kind: str, text: str) -> bytes:
    """A 32-byte reference to an off-chain record (volunteer log, business
    registration, settlement instruction). Only this hash reaches the chain."""
    return keccak(text=f"{kind}:{text}")


def sign_permit(
    token,
    signer,
    spender: str,
    value: int,
    deadline: int,
    nonce: int | None = None,
    owner: str | None = None,
):
    """EIP-2612 permit signed by `signer` (an Ape account) for `owner` (default:
    the signer); returns (v, r, s)."""
    from ape import chain

    owner = owner or signer.address
    domain = Domain(TOKEN_NAME, "1", chain.chain_id, token.address)
    message = {
        "owner": owner,
        "spender": spender,
        "value": value,
        "nonce": token.nonces(owner) if nonce is None else nonce,
        "deadline": deadline,
    }
    sig = sign(signer, domain, "Permit", PERMIT_TYPES, message)
    return sig[64], sig[:32], sig[32:64]


PAYMENT_TYPES = {
    "PaymentAuthorization": [
        {"name": "payer", "type": "address"},
        {"name": "payee", "type": "address"},
        {"name": "amount", "type": "uint256"},
        {"name": "validAfter", "type": "uint256"},
        {"name": "validBefore", "type": "uint256"},
        {"name": "nonce", "type": "bytes32"},
        {"name": "orderRef", "type": "bytes32"},
    ]
}

CANCEL_TYPES = {
    "CancelAuthorization": [
        {"name": "authorizer", "type": "address"},
        {"name": "nonce", "type": "bytes32"},
    ]
}


def payment_nonce(word: int, bit: int) -> bytes:
    """The authorization nonce at bit `bit` (0-255) of bitmap word `word` (< 2**248):
    nonces of one word share one storage slot (see INWToken)."""
    if not 0 <= bit < 256 or not 0 <= word < 2**248:
        raise ValueError(f"nonce word {word} / bit {bit} out of range")
    return ((word << 8) | bit).to_bytes(32, "big")


def _domain(token):
    from ape import chain

    return Domain(TOKEN_NAME, "1", chain.chain_id, token.address)


def sign_payment(
    token,
    signer,
    payee: str,
    amount: int,
    nonce: bytes,
    order_ref: bytes,
    valid_before: int,
    valid_after: int = 0,
    payer: str | None = None,
) -> dict:
    """A resident's signed payment (what the shop's QR scan yields), as the
    `PaymentAuthorization` struct the terminal submits. `signer` signs for `payer`
    (default: the signer; a wallet contract's owner signs for the wallet)."""
    payer = payer or signer.address
    message = {
        "payer": payer,
        "payee": str(payee),
        "amount": amount,
        "validAfter": valid_after,
        "validBefore": valid_before,
        "nonce": nonce,
        "orderRef": order_ref,
    }
    signature = sign(signer, _domain(token), "PaymentAuthorization", PAYMENT_TYPES, message)
    return {
        "payer": payer,
        "amount": amount,
        "validAfter": valid_after,
        "validBefore": valid_before,
        "nonce": nonce,
        "orderRef": order_ref,
        "signature": signature,
    }


#: Bounds of the `CompactPayment` word `terms` (INWToken): larger values need the single path.
COMPACT_AMOUNT_LIMIT = 2**128
COMPACT_TIME_LIMIT = 2**64
#: The top bit of an EIP-2098 `vs` word (v - 27).
_V_BIT = 1 << 255


def pack_terms(amount: int, valid_after: int, valid_before: int) -> int:
    """The `terms` word of a `CompactPayment`: amount << 128 | validAfter << 64 | validBefore.
    Raises ValueError outside the bounds (such a payment goes through
    `receiveWithAuthorization`)."""
    if not 0 <= amount < COMPACT_AMOUNT_LIMIT:
        raise ValueError(f"amount {amount} does not fit 128 bits: use receiveWithAuthorization")
    for name, t in (("validAfter", valid_after), ("validBefore", valid_before)):
        if not 0 <= t < COMPACT_TIME_LIMIT:
            raise ValueError(f"{name} {t} does not fit 64 bits: use receiveWithAuthorization")
    return (amount << 128) | (valid_after << 64) | valid_before


def compact_signature(signature: bytes) -> tuple[bytes, bytes]:
    """EIP-2098 (r, vs) of a 65-byte r ‖ s ‖ v signature (v 27/28, or 0/1)."""
    if len(signature) != 65:
        raise ValueError(f"a compact signature needs 65 bytes r, s, v, got {len(signature)}")
    r, s, v = signature[:32], int.from_bytes(signature[32:64], "big"), signature[64]
    if v < 27:
        v += 27
    if v not in (27, 28) or s & _V_BIT:
        raise ValueError("not an EIP-2098 compactable signature (v or s out of range)")
    return r, (s | ((v - 27) << 255)).to_bytes(32, "big")


def compact_payment(auth: dict) -> dict:
    """A signed payment (`sign_payment`'s `PaymentAuthorization`) as the batch's
    `CompactPayment`: six 32-byte words, the same signed message. A wallet payer's
    ERC-1271 check gets the 64 bytes r ‖ vs, so its signature must be a 65-byte ECDSA one
    its wallet also accepts compact (MockERC1271Wallet does; a Safe pays one at a time)."""
    r, vs = compact_signature(bytes(auth["signature"]))
    return {
        "payer": auth["payer"],
        "terms": pack_terms(auth["amount"], auth["validAfter"], auth["validBefore"]),
        "nonce": auth["nonce"],
        "orderRef": auth["orderRef"],
        "r": r,
        "vs": vs,
    }


def compact_batch(auths) -> list[dict]:
    """`compact_payment` of every item: the argument of `receiveBatchWithAuthorization`."""
    return [compact_payment(a) for a in auths]


def sign_cancel(token, signer, nonce: bytes, authorizer: str | None = None) -> bytes:
    """EIP-712 `CancelAuthorization` signature by `signer` for `authorizer`'s nonce."""
    message = {"authorizer": authorizer or signer.address, "nonce": nonce}
    return sign(signer, _domain(token), "CancelAuthorization", CANCEL_TYPES, message)
