"""Synthetic voters for the bench and the large demo: deterministic private keys that sign
ballots off-chain (coincurve) and never need gas or an Ape account.

``key_voters`` gives account-like objects (a few thousand); ``key_roll`` gives the same
keys as bare ``(secret, address)`` pairs for a million-voter roll (~35 us a key: one
public-key multiplication, no second x-only key) and ``sign_digests`` signs with them in
one tight loop over libsecp256k1 (~25 us a signature, the bytes ``KeyVoter`` gives)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from coincurve import PrivateKey, PublicKey

from civic.merkle import checksum_address, keccak


@dataclass(frozen=True)
class _Signature:
    rsv: bytes

    def encode_rsv(self) -> bytes:
        return self.rsv


def _address(public: PublicKey) -> str:
    return checksum_address("0x" + keccak(public.format(compressed=False)[1:])[-20:].hex())


class KeyVoter:
    """An EOA from a private key; quacks like an Ape account for ``civic.eip712.sign``."""

    def __init__(self, key: bytes):
        self._key = PrivateKey(key)
        self.address = _address(self._key.public_key)

    def sign_raw_msghash(self, msg_hash: bytes) -> _Signature:
        sig = self._key.sign_recoverable(msg_hash, hasher=None)
        return _Signature(sig[:64] + bytes([sig[64] + 27]))

    def __str__(self) -> str:
        return self.address


def _secret(label: str, i: int) -> bytes:
    return keccak(f"{label}/{i}".encode())


def key_voters(count: int, label: str = "m-voting/voter") -> list[KeyVoter]:
    """``count`` deterministic voters (the same ones on every run)."""
    return [KeyVoter(_secret(label, i)) for i in range(count)]


def key_roll(
    count: int, label: str = "m-voting/voter", advance: Callable[[int], None] | None = None
) -> list[tuple[bytes, str]]:
    """``(secret, checksummed address)`` of ``key_voters(count, label)``'s voters, in order;
    ``advance(n)`` is called after every 10,000 keys (a progress bar)."""
    roll = []
    for i in range(count):
        secret = _secret(label, i)
        roll.append((secret, _address(PublicKey.from_valid_secret(secret))))
        if advance is not None and (i + 1) % 10_000 == 0:
            advance(10_000)
    if advance is not None and count % 10_000:
        advance(count % 10_000)
    return roll


def sign_digests(pairs: Iterable[tuple[bytes, bytes]]) -> list[bytes]:
    """65-byte ``r || s || v`` (v = 27/28) signatures of ``(secret, digest)`` pairs: the
    RFC 6979 signatures ``KeyVoter.sign_raw_msghash`` makes, without a key object each."""
    from coincurve._libsecp256k1 import ffi, lib
    from coincurve.context import GLOBAL_CONTEXT

    ctx = GLOBAL_CONTEXT.ctx
    sig = ffi.new("secp256k1_ecdsa_recoverable_signature *")
    out = ffi.new("unsigned char[64]")
    recid = ffi.new("int *")
    sign, serialize = (
        lib.secp256k1_ecdsa_sign_recoverable,
        lib.secp256k1_ecdsa_recoverable_signature_serialize_compact,
    )
    buffer, null = ffi.buffer, ffi.NULL
    v = (b"\x1b", b"\x1c")
    signatures = []
    for secret, digest in pairs:
        if not sign(ctx, sig, digest, secret, null, null):
            raise ValueError("libsecp256k1 refused a key or digest")
        serialize(ctx, out, recid, sig)
        signatures.append(buffer(out, 64)[:] + v[recid[0]])
    return signatures
