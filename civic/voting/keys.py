"""Synthetic voters for the bench and the large demo: deterministic private keys that sign
ballots off-chain (coincurve, ~50 us per signature) and never need gas or an Ape account."""

from __future__ import annotations

from dataclasses import dataclass

from coincurve import PrivateKey
from eth_utils import to_checksum_address

from civic.merkle import keccak


@dataclass(frozen=True)
class _Signature:
    rsv: bytes

    def encode_rsv(self) -> bytes:
        return self.rsv


class KeyVoter:
    """An EOA from a private key; quacks like an Ape account for ``civic.eip712.sign``."""

    def __init__(self, key: bytes):
        self._key = PrivateKey(key)
        public = self._key.public_key.format(compressed=False)[1:]
        self.address = to_checksum_address(keccak(public)[-20:])

    def sign_raw_msghash(self, msg_hash: bytes) -> _Signature:
        sig = self._key.sign_recoverable(msg_hash, hasher=None)
        return _Signature(sig[:64] + bytes([sig[64] + 27]))

    def __str__(self) -> str:
        return self.address


def key_voters(count: int, label: str = "m-voting/voter") -> list[KeyVoter]:
    """``count`` deterministic voters (the same ones on every run)."""
    return [KeyVoter(keccak(f"{label}/{i}".encode())) for i in range(count)]
