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
