"""EIP-712 typed-data digests and signatures, shared by every service that
accepts gasless signed messages (voting ballots, labor contracts, permits)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eth_account.messages import encode_typed_data
from eth_utils import keccak


@dataclass(frozen=True)
class Domain:
    """An EIP-712 domain as OpenZeppelin's ``EIP712(name, version)`` builds it."""

    name: str
    version: str
    chain_id: int
    verifying_contract: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "chainId": self.chain_id,
            "verifyingContract": self.verifying_contract,
        }


_DOMAIN_TYPE = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]


def typed_data(
    domain: Domain, primary_type: str, types: dict[str, list[dict[str, str]]], message: dict
) -> dict:
    """The full EIP-712 JSON document (what a wallet's eth_signTypedData_v4 takes)."""
    return {
        "types": {"EIP712Domain": _DOMAIN_TYPE, **types},
        "primaryType": primary_type,
        "domain": domain.as_dict(),
        "message": message,
    }


_DOMAIN_TYPEHASH = keccak(
    b"EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
)


def domain_separator(domain: Domain) -> bytes:
    """``hashStruct(domain)``: the 32 bytes after ``"\\x19\\x01"`` in every digest."""
    return keccak(
        _DOMAIN_TYPEHASH
        + keccak(text=domain.name)
        + keccak(text=domain.version)
        + domain.chain_id.to_bytes(32, "big")
        + bytes(12)
        + bytes.fromhex(domain.verifying_contract[2:])
    )


def digest(
    domain: Domain, primary_type: str, types: dict[str, list[dict[str, str]]], message: dict
) -> bytes:
    """keccak256("\\x19\\x01" || domainSeparator || hashStruct(message))."""
    signable = encode_typed_data(full_message=typed_data(domain, primary_type, types, message))
    return keccak(b"\x19" + signable.version + signable.header + signable.body)


def sign_digest(account, msg_digest: bytes) -> bytes:
    """65-byte r || s || v signature of a digest by an Ape test account (or any
    account exposing ``sign_raw_msghash``)."""
    sig = account.sign_raw_msghash(msg_digest)
    return sig.encode_rsv()


def sign(
    account,
    domain: Domain,
    primary_type: str,
    types: dict[str, list[dict[str, str]]],
    message: dict,
) -> bytes:
    return sign_digest(account, digest(domain, primary_type, types, message))
