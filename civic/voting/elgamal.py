"""Encrypted ballots: exponential ElGamal on alt_bn128 G1 with Chaum-Pedersen proofs.

The curve arithmetic is py_ecc's (``optimized_bn128``); this module only glues it to the
encoding ``contracts/SecretBallotVerifier.sol`` checks: a point is two uint256 words
``(x, y)`` (the point at infinity is ``(0, 0)``), a scalar is one word, and every
Fiat-Shamir challenge is ``keccak256`` over 32-byte words, reduced modulo the group order.

Notation (additive): ``G`` is the generator ``(1, 2)``, ``H = sum(H_i)`` the election key
over the trustees' shares ``H_i = x_i * G``. An option's ciphertext of ``m`` in {0, 1} is
``(a, b) = (r * G, m * G + r * H)``.

Proofs (all compact: challenges and responses only; the verifier recomputes every
commitment from the equations and hashes it):

- key share: Schnorr ``(c, z)`` with ``A = z*G - c*H_i``, ``c = hash(KEY, ctx, H_i, A)``;
- option bit: disjunctive Chaum-Pedersen ``(c0, c1, z0, z1)``, for j in {0, 1}
  ``A_j = z_j*G - c_j*a`` and ``B_j = z_j*H - c_j*(b - j*G)``,
  ``c0 + c1 = hash(BIT, ctx, option, H, a, b, A_0, B_0, A_1, B_1)``;
- sum: Chaum-Pedersen ``(c, z)`` that the product ``(sum a, sum b)`` encrypts 1:
  ``A = z*G - c*sum_a``, ``B = z*H - c*(sum_b - G)``, ``c = hash(SUM, ctx, H, sum_a, sum_b, A, B)``;
- partial decryption ``D_i = x_i * a``: Chaum-Pedersen ``(c, z)`` that
  ``log_G(H_i) = log_a(D_i)``: ``A = z*G - c*H_i``, ``B = z*a - c*D_i``,
  ``c = hash(DECRYPT, ctx, option, H_i, a, D_i, A, B)``.

The ballot context ``ctx`` is one word, ``keccak256(abi.encode(chainId, election, ballotId,
index, voter))``: a proof made for one seat, voter, ballot, contract or chain fails
everywhere else. A trustee's context is ``keccak256(abi.encode(chainId, election, ballotId,
trustee))``. Every proof scalar is canonical (below ``Q``).

Nonces come from ``secrets``; callers (tests) may pass their own for reproducibility.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from py_ecc import optimized_bn128 as bn

from civic.merkle import keccak

Q = bn.curve_order
P = bn.field_modulus
G = bn.G1
ZERO = bn.Z1

TAG_KEY = int.from_bytes(keccak(b"civic.elgamal.key"), "big")
TAG_BIT = int.from_bytes(keccak(b"civic.elgamal.bit"), "big")
TAG_SUM = int.from_bytes(keccak(b"civic.elgamal.sum"), "big")
TAG_DECRYPT = int.from_bytes(keccak(b"civic.elgamal.decrypt"), "big")

Word = tuple[int, int]


# ---------------------------------------------------------------- encoding


def encode(point) -> Word:
    """A point as the contract's ``(x, y)`` words; infinity is ``(0, 0)``."""
    if bn.is_inf(point):
        return (0, 0)
    x, y = bn.normalize(point)
    return (int(x), int(y))


def decode(word: Sequence[int]):
    """The point of ``(x, y)`` words; raises ``ValueError`` off the curve."""
    x, y = int(word[0]), int(word[1])
    if (x, y) == (0, 0):
        return ZERO
    if not (0 <= x < P and 0 <= y < P):
        raise ValueError(f"coordinate out of the field: {(x, y)}")
    point = (bn.FQ(x), bn.FQ(y), bn.FQ.one())
    if not bn.is_on_curve(point, bn.b):
        raise ValueError(f"not on alt_bn128: {(x, y)}")
    return point


def mul(point, scalar: int):
    return bn.multiply(point, scalar % Q)


def add(*points):
    total = ZERO
    for p in points:
        total = bn.add(total, p)
    return total


def sub(p, q):
    return bn.add(p, bn.neg(q))


def challenge(tag: int, words: Sequence[int]) -> int:
    """``uint256(keccak256(abi.encode(tag, words...))) % Q``."""
    data = b"".join(int(w).to_bytes(32, "big") for w in (tag, *words))
    return int.from_bytes(keccak(data), "big") % Q


def _pts(*points) -> list[int]:
    return [w for p in points for w in encode(p)]


def _nonce(rng) -> int:
    return (rng() if rng else secrets.randbelow(Q - 1)) % (Q - 1) + 1


def _words_hash(words: Sequence[int]) -> int:
    return int.from_bytes(keccak(b"".join(int(w).to_bytes(32, "big") for w in words)), "big")


def ballot_context(chain_id: int, election: str, ballot_id: int, index: int, voter: str):
    """``[keccak256(abi.encode(chainId, election, ballotId, index, voter))]``."""
    return [_words_hash([chain_id, int(election, 16), ballot_id, index, int(voter, 16)])]


def trustee_context(chain_id: int, election: str, ballot_id: int, trustee: str):
    """``[keccak256(abi.encode(chainId, election, ballotId, trustee))]``."""
    return [_words_hash([chain_id, int(election, 16), ballot_id, int(trustee, 16)])]


# ---------------------------------------------------------------- trustees


@dataclass(frozen=True)
class KeyShare:
    """A trustee's public share with its Schnorr proof, as posted on chain."""

    public: Word
    c: int
    z: int


def keygen(rng=None) -> int:
    """A trustee's secret share ``x_i``."""
    return _nonce(rng)


def prove_key(secret: int, ctx: Sequence[int], rng=None) -> KeyShare:
    h_i = mul(G, secret)
    w = _nonce(rng)
    c = challenge(TAG_KEY, [*ctx, *_pts(h_i, mul(G, w))])
    return KeyShare(encode(h_i), c, (w + c * secret) % Q)


def verify_key(share: KeyShare, ctx: Sequence[int]) -> bool:
    h_i = decode(share.public)
    commitment = sub(mul(G, share.z), mul(h_i, share.c))
    return challenge(TAG_KEY, [*ctx, *_pts(h_i, commitment)]) == share.c


def election_key(shares: Sequence[Word]) -> Word:
    """The n-of-n election key: the sum of every trustee's public share."""
    return encode(add(*(decode(s) for s in shares)))


# ---------------------------------------------------------------- ballots


@dataclass(frozen=True)
class BitProof:
    c0: int
    c1: int
    z0: int
    z1: int

    def words(self) -> tuple[int, int, int, int]:
        return (self.c0, self.c1, self.z0, self.z1)


@dataclass(frozen=True)
class Proof:
    c: int
    z: int

    def words(self) -> tuple[int, int]:
        return (self.c, self.z)


@dataclass(frozen=True)
class EncryptedBallot:
    """Per option the ciphertext ``(a, b)`` and its bit proof, and the sum proof."""

    a: tuple[Word, ...]
    b: tuple[Word, ...]
    bits: tuple[BitProof, ...]
    total: Proof

    def args(self) -> tuple:
        """The contract's arguments: ``(a[], b[], bitProofs[4][], sumProof[2])``."""
        return (
            [list(p) for p in self.a],
            [list(p) for p in self.b],
            [list(p.words()) for p in self.bits],
            list(self.total.words()),
        )


def encrypt_bit(key, m: int, r: int):
    return mul(G, r), add(mul(G, m), mul(key, r))


def _prove_bit(key, ctx, option, a, b, m, r, rng) -> BitProof:
    # The real branch m is proved with nonce w; the other branch is simulated.
    fake = 1 - m
    c_f, z_f = _nonce(rng), _nonce(rng)
    commitments = [None, None]
    commitments[fake] = (
        sub(mul(G, z_f), mul(a, c_f)),
        sub(mul(key, z_f), mul(sub(b, mul(G, fake)), c_f)),
    )
    w = _nonce(rng)
    commitments[m] = (mul(G, w), mul(key, w))
    c = challenge(TAG_BIT, [*ctx, option, *_pts(key, a, b, *commitments[0], *commitments[1])])
    c_m = (c - c_f) % Q
    z_m = (w + c_m * r) % Q
    if m == 0:
        return BitProof(c_m, c_f, z_m, z_f)
    return BitProof(c_f, c_m, z_f, z_m)


def _prove_sum(key, ctx, a_sum, b_sum, r_sum, rng) -> Proof:
    w = _nonce(rng)
    c = challenge(TAG_SUM, [*ctx, *_pts(key, a_sum, b_sum, mul(G, w), mul(key, w))])
    return Proof(c, (w + c * r_sum) % Q)


def encrypt_ballot(
    key: Word, ctx: Sequence[int], choice: int, options: int, rng=None
) -> EncryptedBallot:
    """Encrypt a one-of-``options`` ballot for ``choice`` with every proof (for two
    options the two-option form: option 0 only, see ``encrypt_plain``)."""
    if not 0 <= choice < options:
        raise ValueError(f"choice {choice} not in 0..{options - 1}")
    plain = [1 if o == choice else 0 for o in range(options)]
    return encrypt_plain(key, ctx, plain, rng)


def encrypt_plain(
    key: Word, ctx: Sequence[int], plain: Sequence[int], rng=None, *, compact: bool = True
) -> EncryptedBallot:
    """Encrypt arbitrary per-option values; bit proofs are made as if each were its
    value mod 2 (so a 2 or a second 1 yields a ballot the contract must refuse).

    Two values give the two-option form (unless ``compact`` is false): only ``plain[0]`` is
    encrypted, with its bit proof and no sum proof (``total`` is ``(0, 0)``); option 1 is
    ``(-a, G - b)``, the encryption of ``1 - plain[0]`` (``plain[1]`` is not used)."""
    h = decode(key)
    if len(plain) == 2 and compact:
        r = _nonce(rng)
        a, b = encrypt_bit(h, plain[0], r)
        bit = _prove_bit(h, ctx, 0, a, b, plain[0] & 1, r, rng)
        return EncryptedBallot((encode(a),), (encode(b),), (bit,), Proof(0, 0))
    rs = [_nonce(rng) for _ in plain]
    cts = [encrypt_bit(h, m, r) for m, r in zip(plain, rs, strict=True)]
    bits = tuple(
        _prove_bit(h, ctx, o, a, b, plain[o] & 1, rs[o], rng) for o, (a, b) in enumerate(cts)
    )
    a_sum = add(*(a for a, _ in cts))
    b_sum = add(*(b for _, b in cts))
    total = _prove_sum(h, ctx, a_sum, b_sum, sum(rs) % Q, rng)
    return EncryptedBallot(
        tuple(encode(a) for a, _ in cts), tuple(encode(b) for _, b in cts), bits, total
    )


def verify_bit(key: Word, ctx, option: int, a: Word, b: Word, proof: BitProof) -> bool:
    """The contract's bit check: points on the curve, scalars below ``Q``, the hash."""
    if any(not 0 <= int(w) < Q for w in proof.words()):
        return False
    try:
        h, pa, pb = decode(key), decode(a), decode(b)
    except ValueError:
        return False
    commitments = []
    for j, (c, z) in enumerate(((proof.c0, proof.z0), (proof.c1, proof.z1))):
        commitments += [sub(mul(G, z), mul(pa, c)), sub(mul(h, z), mul(sub(pb, mul(G, j)), c))]
    expected = challenge(TAG_BIT, [*ctx, option, *_pts(h, pa, pb, *commitments)])
    return (proof.c0 + proof.c1) % Q == expected


def verify_sum(key: Word, ctx, a_sum: Word, b_sum: Word, proof: Proof) -> bool:
    h, pa, pb = decode(key), decode(a_sum), decode(b_sum)
    big_a = sub(mul(G, proof.z), mul(pa, proof.c))
    big_b = sub(mul(h, proof.z), mul(sub(pb, G), proof.c))
    return challenge(TAG_SUM, [*ctx, *_pts(h, pa, pb, big_a, big_b)]) == proof.c


def option_ciphertexts(a: Sequence[Word], b: Sequence[Word]) -> list[tuple[Word, Word]]:
    """Every option's ciphertext of a ballot as sent: one entry is the two-option form,
    whose option 1 is ``(-a, G - b)``."""
    cts = [(tuple(x), tuple(y)) for x, y in zip(a, b, strict=True)]
    if len(cts) == 1:
        pa, pb = decode(cts[0][0]), decode(cts[0][1])
        cts.append((encode(bn.neg(pa)), encode(sub(G, pb))))
    return cts


def verify_ballot(key: Word, ctx, ballot: EncryptedBallot) -> bool:
    """Every bit proof and the sum proof, as the contract checks them (the two-option
    form, one ciphertext, has its bit proof only)."""
    if not ballot.a or not len(ballot.a) == len(ballot.b) == len(ballot.bits):
        return False
    if len(ballot.a) == 1:
        return verify_bit(key, ctx, 0, ballot.a[0], ballot.b[0], ballot.bits[0])
    for o, (a, b, bit) in enumerate(zip(ballot.a, ballot.b, ballot.bits, strict=True)):
        if not verify_bit(key, ctx, o, a, b, bit):
            return False
    a_sum = encode(add(*(decode(a) for a in ballot.a)))
    b_sum = encode(add(*(decode(b) for b in ballot.b)))
    return verify_sum(key, ctx, a_sum, b_sum, ballot.total)


def scale(ct: tuple[Word, Word], weight: int) -> tuple[Word, Word]:
    """The ciphertext of ``weight * m`` (how a seat's weight enters the tally)."""
    return encode(mul(decode(ct[0]), weight)), encode(mul(decode(ct[1]), weight))


def accumulate(cts: Sequence[tuple[Word, Word]]) -> tuple[Word, Word]:
    """The homomorphic sum of ciphertexts."""
    return (
        encode(add(*(decode(a) for a, _ in cts))),
        encode(add(*(decode(b) for _, b in cts))),
    )


# ---------------------------------------------------------------- closing


@dataclass(frozen=True)
class PartialDecryption:
    share: Word
    proof: Proof


def partial_decrypt(secret: int, ctx, option: int, a: Word, rng=None) -> PartialDecryption:
    pa = decode(a)
    h_i, d_i = mul(G, secret), mul(pa, secret)
    w = _nonce(rng)
    c = challenge(TAG_DECRYPT, [*ctx, option, *_pts(h_i, pa, d_i, mul(G, w), mul(pa, w))])
    return PartialDecryption(encode(d_i), Proof(c, (w + c * secret) % Q))


def verify_partial(public: Word, ctx, option: int, a: Word, part: PartialDecryption) -> bool:
    h_i, pa, d_i = decode(public), decode(a), decode(part.share)
    big_a = sub(mul(G, part.proof.z), mul(h_i, part.proof.c))
    big_b = sub(mul(pa, part.proof.z), mul(d_i, part.proof.c))
    return challenge(TAG_DECRYPT, [*ctx, option, *_pts(h_i, pa, d_i, big_a, big_b)]) == part.proof.c


def combine(b: Word, shares: Sequence[Word]) -> Word:
    """``b - sum(D_i)``: the point ``count * G`` of an option's aggregate."""
    return encode(sub(decode(b), add(*(decode(d) for d in shares))))


def discrete_log(point: Word, bound: int) -> int:
    """The ``m`` in ``0..bound`` with ``m * G == point`` (baby-step giant-step).

    Raises ``ValueError`` when there is none (a tally beyond the electorate's weight)."""
    target = decode(point)
    step = max(1, int(bound**0.5) + 1)
    baby: dict[Word, int] = {}
    current = ZERO
    for j in range(step):
        baby.setdefault(encode(current), j)
        current = bn.add(current, G)
    giant = bn.neg(mul(G, step))
    gamma = target
    for i in range(step + 1):
        j = baby.get(encode(gamma))
        if j is not None and i * step + j <= bound:
            return i * step + j
        gamma = bn.add(gamma, giant)
    raise ValueError(f"no discrete log up to {bound}")


# ---------------------------------------------------------------- the contract's side


def ciphertext_hash(a: Sequence[Word], b: Sequence[Word]) -> bytes:
    """``keccak256(abi.encode(a, b))``: a signed encrypted ballot's ``choice`` and the
    seat's stored commitment."""
    from eth_abi import encode as abi_encode

    return keccak(
        abi_encode(["uint256[2][]", "uint256[2][]"], [[list(p) for p in a], [list(p) for p in b]])
    )


def vote_args(ballot: EncryptedBallot, previous: EncryptedBallot | None = None) -> tuple:
    """An ``IMVoting.EncryptedVote`` tuple; ``previous`` is the seat's earlier ballot on a
    change."""
    a, b, bits, total = ballot.args()
    prev_a = [list(p) for p in previous.a] if previous else []
    prev_b = [list(p) for p in previous.b] if previous else []
    return (a, b, bits, total, prev_a, prev_b)


@dataclass
class Trustees:
    """A committee's secrets and addresses (each trustee keeps only their own; the tests
    and the demo hold them together)."""

    accounts: list
    secrets: list[int]

    @classmethod
    def generate(cls, accounts, rng=None) -> Trustees:
        return cls(list(accounts), [keygen(rng) for _ in accounts])

    def post_keys(self, voting, ballot_id: int, chain_id: int, rng=None) -> Word:
        for account, x in zip(self.accounts, self.secrets, strict=True):
            ctx = trustee_context(chain_id, voting.address, ballot_id, account.address)
            share = prove_key(x, ctx, rng)
            voting.postKeyShare(ballot_id, list(share.public), [share.c, share.z], sender=account)
        return tuple(voting.committeeOf(ballot_id)[1])

    def decryption(self, voting, ballot_id: int, chain_id: int, i: int, rng=None) -> tuple:
        """Trustee ``i``'s ``postDecryption`` arguments for every option's aggregate."""
        options = voting.getBallot(ballot_id).config.optionCount
        ctx = trustee_context(chain_id, voting.address, ballot_id, self.accounts[i].address)
        parts = [
            partial_decrypt(
                self.secrets[i], ctx, o, tuple(voting.aggregateOf(ballot_id, o)[0]), rng
            )
            for o in range(options)
        ]
        return [list(p.share) for p in parts], [list(p.proof.words()) for p in parts]

    def decrypt(self, voting, ballot_id: int, chain_id: int, rng=None) -> None:
        for i, account in enumerate(self.accounts):
            d, proofs = self.decryption(voting, ballot_id, chain_id, i, rng)
            voting.postDecryption(ballot_id, d, proofs, sender=account)


def tally_of(voting, ballot_id: int, bound: int) -> list[int]:
    """Every option's decrypted weight from the posted partial decryptions."""
    options = voting.getBallot(ballot_id).config.optionCount
    weights = []
    for o in range(options):
        _, b, d = voting.aggregateOf(ballot_id, o)
        weights.append(discrete_log(encode(sub(decode(b), decode(d))), bound))
    return weights
