"""The Python ElGamal helper: proofs that verify, tampered ones that do not, decryption."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from civic.voting import elgamal as eg

SETTINGS = settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
ELECTION = "0x" + "ab" * 20
VOTER = "0x" + "cd" * 20
OTHER = "0x" + "ef" * 20
scalars = st.integers(min_value=1, max_value=eg.Q - 1)


def _rng(data):
    return lambda: data.draw(scalars)


def _committee(n, rng):
    secrets_ = [eg.keygen(rng) for _ in range(n)]
    trustees = [f"0x{i + 1:040x}" for i in range(n)]
    shares = [
        eg.prove_key(x, eg.trustee_context(1, ELECTION, 7, t), rng)
        for x, t in zip(secrets_, trustees, strict=True)
    ]
    return secrets_, trustees, shares, eg.election_key([s.public for s in shares])


def test_encode__infinity_and_generator__round_trip():
    assert eg.encode(eg.ZERO) == (0, 0)
    assert eg.encode(eg.G) == (1, 2)
    assert eg.decode((1, 2)) == eg.G
    with pytest.raises(ValueError):
        eg.decode((1, 3))


@SETTINGS
@given(data=st.data())
def test_prove_key__other_trustee_or_ballot__fails(data):
    x = eg.keygen(_rng(data))
    ctx = eg.trustee_context(1, ELECTION, 7, VOTER)
    share = eg.prove_key(x, ctx, _rng(data))
    assert eg.verify_key(share, ctx)
    assert not eg.verify_key(share, eg.trustee_context(1, ELECTION, 7, OTHER))
    assert not eg.verify_key(share, eg.trustee_context(1, ELECTION, 8, VOTER))
    assert not eg.verify_key(eg.KeyShare(share.public, share.c, share.z + 1), ctx)


@SETTINGS
@given(data=st.data(), options=st.integers(2, 5))
def test_encrypt_ballot__each_choice__verifies_and_binds_the_seat(data, options):
    _, _, _, key = _committee(3, _rng(data))
    choice = data.draw(st.integers(0, options - 1))
    ctx = eg.ballot_context(1, ELECTION, 7, 3, VOTER)
    ballot = eg.encrypt_ballot(key, ctx, choice, options, _rng(data))
    assert eg.verify_ballot(key, ctx, ballot)
    assert not eg.verify_ballot(key, eg.ballot_context(1, ELECTION, 7, 4, VOTER), ballot)
    assert not eg.verify_ballot(key, eg.ballot_context(1, ELECTION, 8, 3, VOTER), ballot)
    assert not eg.verify_ballot(key, eg.ballot_context(1, ELECTION, 7, 3, OTHER), ballot)
    assert not eg.verify_ballot(key, eg.ballot_context(2, ELECTION, 7, 3, VOTER), ballot)


@SETTINGS
@given(data=st.data())
def test_encrypt_plain__a_two_or_two_ones__fails(data):
    _, _, _, key = _committee(2, _rng(data))
    ctx = eg.ballot_context(1, ELECTION, 7, 3, VOTER)
    two = eg.encrypt_plain(key, ctx, [2, 0], _rng(data))
    assert not eg.verify_bit(key, ctx, 0, two.a[0], two.b[0], two.bits[0])
    ones = eg.encrypt_plain(key, ctx, [1, 1, 0], _rng(data))
    assert all(
        eg.verify_bit(key, ctx, o, a, b, p)
        for o, (a, b, p) in enumerate(zip(ones.a, ones.b, ones.bits, strict=True))
    )
    assert not eg.verify_ballot(key, ctx, ones)


@SETTINGS
@given(data=st.data(), choices=st.lists(st.integers(0, 2), min_size=1, max_size=6))
def test_partial_decrypt__weighted_tally__decrypts_to_plain_counts(data, choices):
    secrets_, trustees, shares, key = _committee(3, _rng(data))
    weights = [data.draw(st.integers(1, 5)) for _ in choices]
    per_option = [[] for _ in range(3)]
    for seat, (choice, w) in enumerate(zip(choices, weights, strict=True)):
        ctx = eg.ballot_context(1, ELECTION, 7, seat, VOTER)
        ballot = eg.encrypt_ballot(key, ctx, choice, 3, _rng(data))
        for o in range(3):
            per_option[o].append(eg.scale((ballot.a[o], ballot.b[o]), w))
    for o in range(3):
        a, b = eg.accumulate(per_option[o])
        parts = []
        for x, t, s in zip(secrets_, trustees, shares, strict=True):
            tctx = eg.trustee_context(1, ELECTION, 7, t)
            part = eg.partial_decrypt(x, tctx, o, a, _rng(data))
            assert eg.verify_partial(s.public, tctx, o, a, part)
            assert not eg.verify_partial(s.public, tctx, o + 1, a, part)
            parts.append(part.share)
        total = eg.discrete_log(eg.combine(b, parts), sum(weights))
        assert total == sum(w for c, w in zip(choices, weights, strict=True) if c == o)


def test_discrete_log__beyond_bound__raises():
    assert eg.discrete_log(eg.encode(eg.mul(eg.G, 1000)), 1000) == 1000
    assert eg.discrete_log((0, 0), 10) == 0
    with pytest.raises(ValueError):
        eg.discrete_log(eg.encode(eg.mul(eg.G, 1001)), 1000)


@SETTINGS
@given(data=st.data(), m=st.integers(0, 1))
def test_encrypt_ballot__two_options__derived_option_encrypts_the_complement(data, m):
    secrets_, _, _, key = _committee(2, _rng(data))
    ctx = eg.ballot_context(1, ELECTION, 7, 3, VOTER)
    ballot = eg.encrypt_ballot(key, ctx, 1 - m, 2, _rng(data))
    assert len(ballot.a) == 1 and eg.verify_ballot(key, ctx, ballot)
    x = sum(secrets_) % eg.Q
    for o, (a, b) in enumerate(eg.option_ciphertexts(ballot.a, ballot.b)):
        plain = eg.sub(eg.decode(b), eg.mul(eg.decode(a), x))
        assert eg.encode(plain) == eg.encode(eg.mul(eg.G, m if o == 0 else 1 - m))
    forged = eg.EncryptedBallot(ballot.a, ((1, 2),), ballot.bits, ballot.total)
    assert not eg.verify_ballot(key, ctx, forged)


# ---------------------------------------------------------------- the arithmetic, against py_ecc


def _py_ecc(word):
    from py_ecc import optimized_bn128 as bn

    return bn.Z1 if tuple(word) == (0, 0) else (bn.FQ(word[0]), bn.FQ(word[1]), bn.FQ.one())


def _words(point) -> tuple[int, int]:
    from py_ecc import optimized_bn128 as bn

    if bn.is_inf(point):
        return (0, 0)
    x, y = bn.normalize(point)
    return (int(x), int(y))


@settings(SETTINGS, max_examples=60)
@given(
    k=st.one_of(st.integers(0, eg.Q + 5), st.sampled_from([1, 2, eg.Q - 1, eg.Q, 2**253])),
    j=st.integers(0, eg.Q - 1),
    uses=st.integers(1, 12),
)
def test_curve_arithmetic__any_scalars__equals_py_ecc(k, j, uses):
    from py_ecc import optimized_bn128 as bn

    point = eg.mul(eg.G, j)  # an arbitrary point (or infinity for j = 0)
    ref = _py_ecc(eg.encode(point))
    assert eg.encode(point) == _words(bn.multiply(bn.G1, j))
    # the same point multiplied `uses` times: the NAF path, then its own window table
    for i in range(uses):
        assert eg.encode(eg.mul(point, k + i)) == _words(bn.multiply(ref, (k + i) % eg.Q))
    assert eg.encode(eg.mul(eg.G, k)) == _words(bn.multiply(bn.G1, k % eg.Q))
    assert eg.encode(eg.add(point, eg.G, point)) == _words(bn.add(bn.add(ref, bn.G1), ref))
    assert eg.encode(eg.sub(point, point)) == (0, 0)
    assert eg.encode(eg.add(point, eg.neg(eg.G))) == _words(bn.add(ref, bn.neg(bn.G1)))
    # a Jacobian point (Z != 1) as an input, and doubling through add
    jac = eg.add(point, point)
    assert eg.encode(jac) == _words(bn.double(ref))
    assert eg.encode(eg.mul(jac, k)) == _words(bn.multiply(bn.double(ref), k % eg.Q))
