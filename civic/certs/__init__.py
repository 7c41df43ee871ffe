"""Certificates and paperless credential checks: Python mirror of the registry's
constants, the salted claims tree a certificate's root commits to, and the holder's
EIP-712 consent payloads.

Claims are committed as OpenZeppelin StandardMerkleTree leaves over
``(bytes32 key, bytes32 value, bytes32 salt)``: ``key`` is ``keccak256(name)``, ``value``
is ``keccak256(text)`` (or a raw 32-byte value), ``salt`` is 32 bytes from
:mod:`secrets`. The salt is what keeps small domains (birth years, districts, age bands)
from being guessed by hashing every candidate against the root; it stays with the holder
and is revealed only with the one claim the holder discloses.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from enum import IntEnum

from eth_utils import keccak

from civic.eip712 import Domain, sign
from civic.merkle import MerkleTree, leaf_hash

ISSUER_ROLE = keccak(text="ISSUER_ROLE")
DOMAIN_NAME = "Certificate Registry"
DOMAIN_VERSION = "1"
SALT_BYTES = 32
LEAF_TYPES = ("bytes32", "bytes32", "bytes32")


class CertsError(ValueError):
    """A claims tree or payload could not be built from what was given."""


class RevocationPolicy(IntEnum):
    IRREVOCABLE = 0
    REVOCABLE_ONLY = 1
    REVOCABLE_AND_SUSPENDABLE = 2


class CertificateStatus(IntEnum):
    NONE = 0
    ACTIVE = 1
    SUSPENDED = 2
    REVOKED = 3
    REPLACED = 4


class Consent(IntEnum):
    PENDING = 0
    ACCEPTED = 1
    REFUSED = 2
    HIDDEN = 3


class Validity(IntEnum):
    VALID = 0
    UNKNOWN = 1
    REVOKED = 2
    REPLACED = 3
    SUSPENDED = 4
    EXPIRED = 5
    REFUSED = 6
    HIDDEN = 7
    NOT_ACCEPTED = 8


class Reason(IntEnum):
    UNSPECIFIED = 0
    ISSUED_IN_ERROR = 1
    TERM_ENDED = 2
    MISCONDUCT = 3
    ELIGIBILITY_LOST = 4
    HOLDER_REQUEST = 5
    ISSUER_COMPROMISED = 6


#: Consent changes the registry allows: (current, requested).
CONSENT_MOVES = {
    (Consent.PENDING, Consent.ACCEPTED),
    (Consent.HIDDEN, Consent.ACCEPTED),
    (Consent.PENDING, Consent.REFUSED),
    (Consent.ACCEPTED, Consent.HIDDEN),
}

CONSENT_TYPES = {
    "Consent": [
        {"name": "certificateId", "type": "uint256"},
        {"name": "decision", "type": "uint8"},
        {"name": "nonce", "type": "uint256"},
        {"name": "deadline", "type": "uint256"},
    ]
}


def validity(
    status: CertificateStatus,
    consent: Consent,
    expires_at: int,
    now: int,
    acceptance_required: bool,
) -> Validity:
    """The registry's validity rule, first match wins (see ICertificateRegistry)."""
    if status == CertificateStatus.NONE:
        return Validity.UNKNOWN
    if status == CertificateStatus.REVOKED:
        return Validity.REVOKED
    if status == CertificateStatus.REPLACED:
        return Validity.REPLACED
    if status == CertificateStatus.SUSPENDED:
        return Validity.SUSPENDED
    if expires_at and now >= expires_at:
        return Validity.EXPIRED
    if consent == Consent.REFUSED:
        return Validity.REFUSED
    if consent == Consent.HIDDEN:
        return Validity.HIDDEN
    if consent == Consent.PENDING and acceptance_required:
        return Validity.NOT_ACCEPTED
    return Validity.VALID


def claim_key(name: str) -> bytes:
    """The on-chain name of a claim: ``keccak256(name)``."""
    return keccak(text=name)


def claim_value(value: str | bytes) -> bytes:
    """A claim's 32-byte value: text is hashed, 32 raw bytes are kept as they are."""
    if isinstance(value, bytes):
        if len(value) != 32:
            raise CertsError(f"a raw claim value must be 32 bytes, got {len(value)}")
        return value
    return keccak(text=value)


def new_salt() -> bytes:
    """32 random bytes from the operating system's CSPRNG."""
    return secrets.token_bytes(SALT_BYTES)


def claim_leaf(key: bytes, value: bytes, salt: bytes) -> bytes:
    return leaf_hash(LEAF_TYPES, (key, value, salt))


@dataclass(frozen=True)
class Disclosure:
    """What a holder reveals for one claim: exactly the registry's ``verifyClaim`` args."""

    name: str
    key: bytes
    value: bytes
    salt: bytes
    proof: list[bytes]


class ClaimsTree:
    """A certificate's claims, each salted, in a Merkle tree whose root goes on chain.

    ``claims`` maps a claim name to its value (text, or 32 raw bytes); names are kept
    in sorted order so the same claims and salts give the same root. ``salts`` may fix
    the salts (a re-built tree); otherwise each claim gets a fresh one."""

    def __init__(self, claims: Mapping[str, str | bytes], salts: Mapping[str, bytes] | None = None):
        if not claims:
            raise CertsError("a certificate needs at least one claim")
        self.names = sorted(claims)
        self.values = {n: claim_value(claims[n]) for n in self.names}
        given = dict(salts or {})
        for name, salt in given.items():
            if len(salt) != SALT_BYTES:
                raise CertsError(f"salt of {name!r} must be {SALT_BYTES} bytes")
        self.salts = {n: given.get(n) or new_salt() for n in self.names}
        self._tree = MerkleTree(
            [claim_leaf(claim_key(n), self.values[n], self.salts[n]) for n in self.names]
        )

    @property
    def root(self) -> bytes:
        return self._tree.root

    def disclose(self, name: str) -> Disclosure:
        if name not in self.values:
            raise CertsError(f"no claim {name!r} in this certificate")
        index = self.names.index(name)
        return Disclosure(
            name, claim_key(name), self.values[name], self.salts[name], self._tree.proof(index)
        )


def domain(registry) -> Domain:
    from ape import chain

    return Domain(DOMAIN_NAME, DOMAIN_VERSION, chain.chain_id, str(registry.address))


def consent_message(certificate_id: int, decision: int, nonce: int, deadline: int) -> dict:
    return {
        "certificateId": certificate_id,
        "decision": int(decision),
        "nonce": nonce,
        "deadline": deadline,
    }


def sign_consent(
    registry,
    signer,
    certificate_id: int,
    decision: int,
    deadline: int,
    nonce: int | None = None,
    holder: str | None = None,
) -> bytes:
    """The holder's EIP-712 consent signature (65 bytes) by ``signer`` (an Ape account;
    the key of an ERC-1271 wallet's owner when ``holder`` is the wallet)."""
    holder = holder or signer.address
    nonce = registry.nonces(holder) if nonce is None else nonce
    message = consent_message(certificate_id, decision, nonce, deadline)
    return sign(signer, domain(registry), "Consent", CONSENT_TYPES, message)


def certificate_input(holder, claims_root: bytes, document_hash: bytes, expires_at: int) -> tuple:
    """A ``CertificateInput`` tuple (holder, expiresAt, claimsRoot, documentHash)."""
    return (str(getattr(holder, "address", holder)), expires_at, claims_root, document_hash)


def document_hash(document: bytes) -> bytes:
    """Hash of a certificate document (the PDF's bytes)."""
    return keccak(document)
