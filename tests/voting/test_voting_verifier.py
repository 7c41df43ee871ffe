"""SecretBallotVerifier accepts the proofs civic.voting.elgamal builds and refuses
tampered ones, naming the failing part (MVoting turns that into its named errors)."""

import itertools

import pytest

from civic.voting import elgamal as eg

BALLOT = 7
SEAT = 3


def _rng(seed):
    """Deterministic nonces (the module uses `secrets`; tests stay reproducible)."""
    counter = itertools.count(seed)
    return lambda: (next(counter) * 0x9E3779B97F4A7C15F39CC0605CEDC834) % eg.Q


@pytest.fixture(scope="module")
def verifier(project, deployer):
    return project.SecretBallotVerifier.deploy(sender=deployer)


@pytest.fixture(scope="module")
def election(accounts):
    """The election contract the proofs are bound to (any fixed address)."""
    return accounts[20].address


@pytest.fixture(scope="module")
def trustees(accounts):
    return [accounts[i] for i in (21, 22, 23)]


@pytest.fixture(scope="module")
def committee(chain, election, trustees):
    rng = _rng(1)
    secrets_ = [eg.keygen(rng) for _ in trustees]
    shares = [
        eg.prove_key(x, eg.trustee_context(chain.chain_id, election, BALLOT, t.address), rng)
        for x, t in zip(secrets_, trustees, strict=True)
    ]
    return secrets_, shares, eg.election_key([s.public for s in shares])


def _ctx(chain, election, voter, seat=SEAT, ballot=BALLOT):
    return eg.ballot_context(chain.chain_id, election, ballot, seat, voter.address)


def _check(verifier, election, voter, key, ballot, seat=SEAT, ballot_id=BALLOT):
    return verifier.verifyBallot(election, ballot_id, seat, voter, list(key), *ballot.args())


def test_check_key_share__python_proofs__accepted(verifier, chain, election, trustees, committee):
    _, shares, key = committee
    for t, s in zip(trustees, shares, strict=True):
        assert verifier.verifyKeyShare(election, BALLOT, t, list(s.public), [s.c, s.z])


def test_check_key_share__other_trustee__refused(verifier, election, trustees, committee):
    share = committee[1][0]
    assert not verifier.verifyKeyShare(
        election, BALLOT, trustees[1], list(share.public), [share.c, share.z]
    )


def test_check_key_share__infinity__refused(verifier, election, trustees):
    assert not verifier.verifyKeyShare(election, BALLOT, trustees[0], [0, 0], [1, 1])


@pytest.mark.parametrize("options", [2, 5])
def test_check_ballot__every_choice__accepted(
    verifier, chain, election, voters, committee, options
):
    key = committee[2]
    for choice in range(options):
        ballot = eg.encrypt_ballot(
            key, _ctx(chain, election, voters[0]), choice, options, _rng(choice)
        )
        assert _check(verifier, election, voters[0], key, ballot) == 0


def test_check_ballot__wrong_bit__refused(verifier, chain, election, voters, committee):
    key = committee[2]
    ballot = eg.encrypt_plain(key, _ctx(chain, election, voters[0]), [2, 0], _rng(5))
    assert _check(verifier, election, voters[0], key, ballot) == 1


def test_check_ballot__wrong_sum__refused(verifier, chain, election, voters, committee):
    key = committee[2]
    ballot = eg.encrypt_plain(key, _ctx(chain, election, voters[0]), [1, 1, 0], _rng(6))
    assert _check(verifier, election, voters[0], key, ballot) == len(ballot.a) + 1


def test_check_ballot__empty_sum__refused(verifier, chain, election, voters, committee):
    key = committee[2]
    ballot = eg.encrypt_plain(key, _ctx(chain, election, voters[0]), [0, 0, 0], _rng(7))
    assert _check(verifier, election, voters[0], key, ballot) == len(ballot.a) + 1


def test_check_ballot__two_option_form__one_bit_proof_no_sum(
    verifier, chain, election, voters, committee
):
    key = committee[2]
    ctx = _ctx(chain, election, voters[0])
    ballot = eg.encrypt_ballot(key, ctx, 1, 2, _rng(15))
    assert len(ballot.a) == 1 and ballot.total == eg.Proof(0, 0)
    assert _check(verifier, election, voters[0], key, ballot) == 0
    junk = eg.EncryptedBallot(ballot.a, ballot.b, ballot.bits, eg.Proof(5, eg.Q + 1))
    assert _check(verifier, election, voters[0], key, junk) == 0  # no sum proof to check
    full = eg.encrypt_plain(key, ctx, [1, 1], _rng(16), compact=False)
    assert _check(verifier, election, voters[0], key, full) == 3  # two entries: a sum proof


def test_check_ballot__proof_for_another_seat__refused(
    verifier, chain, election, voters, committee
):
    key = committee[2]
    ballot = eg.encrypt_ballot(key, _ctx(chain, election, voters[0], seat=4), 1, 2, _rng(8))
    assert _check(verifier, election, voters[0], key, ballot) == 1


def test_check_ballot__proof_for_another_ballot__refused(
    verifier, chain, election, voters, committee
):
    key = committee[2]
    ballot = eg.encrypt_ballot(key, _ctx(chain, election, voters[0], ballot=8), 1, 2, _rng(9))
    assert _check(verifier, election, voters[0], key, ballot) == 1


def test_check_ballot__proof_for_another_election__refused(verifier, chain, voters, committee):
    key = committee[2]
    ballot = eg.encrypt_ballot(key, _ctx(chain, voters[7].address, voters[0]), 1, 2, _rng(10))
    assert _check(verifier, voters[6].address, voters[0], key, ballot) == 1


def test_check_ballot__ciphertext_copied_from_another_voter__refused(
    verifier, chain, election, voters, committee
):
    key = committee[2]
    ballot = eg.encrypt_ballot(key, _ctx(chain, election, voters[0]), 1, 2, _rng(11))
    assert _check(verifier, election, voters[0], key, ballot) == 0
    assert _check(verifier, election, voters[1], key, ballot) == 1


def test_check_ballot__tampered_response__refused(verifier, chain, election, voters, committee):
    key = committee[2]
    ballot = eg.encrypt_ballot(key, _ctx(chain, election, voters[0]), 0, 3, _rng(12))
    bits = list(ballot.bits)
    bits[2] = eg.BitProof(bits[2].c0, bits[2].c1, bits[2].z0, (bits[2].z1 + 1) % eg.Q)
    bad = eg.EncryptedBallot(ballot.a, ballot.b, tuple(bits), ballot.total)
    assert _check(verifier, election, voters[0], key, bad) == 3
    high = eg.EncryptedBallot(ballot.a, ballot.b, ballot.bits, eg.Proof(ballot.total.c + eg.Q, 0))
    assert _check(verifier, election, voters[0], key, high) == len(high.a) + 1


def test_check_ballot__point_off_curve__refused(verifier, chain, election, voters, committee):
    key = committee[2]
    ballot = eg.encrypt_ballot(key, _ctx(chain, election, voters[0]), 0, 3, _rng(13))
    bad = eg.EncryptedBallot(((1, 3), *ballot.a[1:]), ballot.b, ballot.bits, ballot.total)
    assert not verifier.onCurve([1, 3])
    assert _check(verifier, election, voters[0], key, bad) == 1


def test_check_ballot__short_arrays__refused(verifier, chain, election, voters, committee):
    key = committee[2]
    ballot = eg.encrypt_ballot(key, _ctx(chain, election, voters[0]), 0, 3, _rng(14))
    a, b, bits, total = ballot.args()
    assert (
        verifier.verifyBallot(election, BALLOT, SEAT, voters[0], list(key), a, b, bits[:1], total)
        == 2**256 - 1
    )


def _tally(chain, election, voters, key, choices, weights, options):
    per_option = [[] for _ in range(options)]
    for seat, (choice, w) in enumerate(zip(choices, weights, strict=True)):
        ctx = eg.ballot_context(chain.chain_id, election, BALLOT, seat, voters[seat].address)
        ballot = eg.encrypt_ballot(key, ctx, choice, options, _rng(100 + seat))
        for o, ct in enumerate(eg.option_ciphertexts(ballot.a, ballot.b)):
            per_option[o].append(eg.scale(ct, w))
    return [eg.accumulate(cts) for cts in per_option]


def test_check_partial_decryption__python_proofs__accepted_and_counts_check(
    verifier, chain, election, voters, trustees, committee
):
    secrets_, shares, key = committee
    choices, weights = [0, 1, 1, 0, 1], [1, 2, 3, 1, 2]
    aggregates = _tally(chain, election, voters, key, choices, weights, 2)
    for o, (a, b) in enumerate(aggregates):
        parts = []
        for x, t, s in zip(secrets_, trustees, shares, strict=True):
            tctx = eg.trustee_context(chain.chain_id, election, BALLOT, t.address)
            part = eg.partial_decrypt(x, tctx, o, a, _rng(200 + o))
            assert verifier.verifyPartialDecryption(
                election,
                BALLOT,
                t,
                o,
                list(s.public),
                list(a),
                list(part.share),
                list(part.proof.words()),
            )
            parts.append(part.share)
        count = eg.discrete_log(eg.combine(b, parts), sum(weights))
        assert count == sum(w for c, w in zip(choices, weights, strict=True) if c == o)
        d_sum = list(eg.encode(eg.add(*(eg.decode(p) for p in parts))))
        assert verifier.decryptsTo(list(b), d_sum, count)
        assert not verifier.decryptsTo(list(b), d_sum, count + 1)


def test_check_partial_decryption__wrong_share__refused(
    verifier, chain, election, voters, trustees, committee
):
    secrets_, shares, key = committee
    a, _ = _tally(chain, election, voters, key, [1, 0], [1, 1], 2)[0]
    tctx = eg.trustee_context(chain.chain_id, election, BALLOT, trustees[0].address)
    part = eg.partial_decrypt(secrets_[0], tctx, 0, a, _rng(300))
    forged = eg.encode(eg.add(eg.decode(part.share), eg.G))
    assert not verifier.verifyPartialDecryption(
        election,
        BALLOT,
        trustees[0],
        0,
        list(shares[0].public),
        list(a),
        list(forged),
        list(part.proof.words()),
    )


def test_check_partial_decryption__key_outside_committee__refused(
    verifier, chain, election, voters, trustees, committee
):
    _, shares, key = committee
    a, _ = _tally(chain, election, voters, key, [1, 0], [1, 1], 2)[0]
    tctx = eg.trustee_context(chain.chain_id, election, BALLOT, trustees[0].address)
    outsider = eg.keygen(_rng(400))
    part = eg.partial_decrypt(outsider, tctx, 0, a, _rng(401))
    assert not verifier.verifyPartialDecryption(
        election,
        BALLOT,
        trustees[0],
        0,
        list(shares[0].public),
        list(a),
        list(part.share),
        list(part.proof.words()),
    )
