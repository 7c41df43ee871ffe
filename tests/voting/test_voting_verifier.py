"""SecretBallotVerifier accepts the proofs civic.voting.elgamal builds and refuses
tampered ones, each with its named error and arguments."""

import itertools

import ape
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
    return verifier.checkBallot(election, ballot_id, seat, voter, list(key), *ballot.args())


def test_check_key_share__python_proofs__accepted(verifier, chain, election, trustees, committee):
    _, shares, key = committee
    for t, s in zip(trustees, shares, strict=True):
        verifier.checkKeyShare(election, BALLOT, t, list(s.public), [s.c, s.z])
    assert tuple(verifier.sum([list(s.public) for s in shares])) == key


def test_check_key_share__other_trustee__reverts(verifier, election, trustees, committee):
    share = committee[1][0]
    with ape.reverts(verifier.InvalidKeyProof, ballotId=BALLOT, trustee=trustees[1].address):
        verifier.checkKeyShare(
            election, BALLOT, trustees[1], list(share.public), [share.c, share.z]
        )


def test_check_key_share__infinity__reverts(verifier, election, trustees):
    with ape.reverts(verifier.InvalidKeyShare, ballotId=BALLOT, trustee=trustees[0].address):
        verifier.checkKeyShare(election, BALLOT, trustees[0], [0, 0], [1, 1])


@pytest.mark.parametrize("options", [2, 5])
def test_check_ballot__every_choice__accepted(
    verifier, chain, election, voters, committee, options
):
    key = committee[2]
    for choice in range(options):
        ballot = eg.encrypt_ballot(
            key, _ctx(chain, election, voters[0]), choice, options, _rng(choice)
        )
        _check(verifier, election, voters[0], key, ballot)


def test_check_ballot__wrong_bit__reverts(verifier, chain, election, voters, committee):
    key = committee[2]
    ballot = eg.encrypt_plain(key, _ctx(chain, election, voters[0]), [2, 0], _rng(5))
    with ape.reverts(verifier.InvalidBitProof, ballotId=BALLOT, index=SEAT, option=0):
        _check(verifier, election, voters[0], key, ballot)


def test_check_ballot__wrong_sum__reverts(verifier, chain, election, voters, committee):
    key = committee[2]
    ballot = eg.encrypt_plain(key, _ctx(chain, election, voters[0]), [1, 1, 0], _rng(6))
    with ape.reverts(verifier.InvalidSumProof, ballotId=BALLOT, index=SEAT):
        _check(verifier, election, voters[0], key, ballot)


def test_check_ballot__empty_sum__reverts(verifier, chain, election, voters, committee):
    key = committee[2]
    ballot = eg.encrypt_plain(key, _ctx(chain, election, voters[0]), [0, 0], _rng(7))
    with ape.reverts(verifier.InvalidSumProof, ballotId=BALLOT, index=SEAT):
        _check(verifier, election, voters[0], key, ballot)


def test_check_ballot__proof_for_another_seat__reverts(
    verifier, chain, election, voters, committee
):
    key = committee[2]
    ballot = eg.encrypt_ballot(key, _ctx(chain, election, voters[0], seat=4), 1, 2, _rng(8))
    with ape.reverts(verifier.InvalidBitProof, ballotId=BALLOT, index=SEAT, option=0):
        _check(verifier, election, voters[0], key, ballot)


def test_check_ballot__proof_for_another_ballot__reverts(
    verifier, chain, election, voters, committee
):
    key = committee[2]
    ballot = eg.encrypt_ballot(key, _ctx(chain, election, voters[0], ballot=8), 1, 2, _rng(9))
    with ape.reverts(verifier.InvalidBitProof, ballotId=BALLOT, index=SEAT, option=0):
        _check(verifier, election, voters[0], key, ballot)


def test_check_ballot__proof_for_another_election__reverts(verifier, chain, voters, committee):
    key = committee[2]
    ballot = eg.encrypt_ballot(key, _ctx(chain, voters[7].address, voters[0]), 1, 2, _rng(10))
    with ape.reverts(verifier.InvalidBitProof, ballotId=BALLOT, index=SEAT, option=0):
        _check(verifier, voters[6].address, voters[0], key, ballot)


def test_check_ballot__ciphertext_copied_from_another_voter__reverts(
    verifier, chain, election, voters, committee
):
    key = committee[2]
    ballot = eg.encrypt_ballot(key, _ctx(chain, election, voters[0]), 1, 2, _rng(11))
    _check(verifier, election, voters[0], key, ballot)
    with ape.reverts(verifier.InvalidBitProof, ballotId=BALLOT, index=SEAT, option=0):
        _check(verifier, election, voters[1], key, ballot)


def test_check_ballot__tampered_response__reverts(verifier, chain, election, voters, committee):
    key = committee[2]
    ballot = eg.encrypt_ballot(key, _ctx(chain, election, voters[0]), 0, 3, _rng(12))
    bits = list(ballot.bits)
    bits[2] = eg.BitProof(bits[2].c0, bits[2].c1, bits[2].z0, (bits[2].z1 + 1) % eg.Q)
    bad = eg.EncryptedBallot(ballot.a, ballot.b, tuple(bits), ballot.total)
    with ape.reverts(verifier.InvalidBitProof, ballotId=BALLOT, index=SEAT, option=2):
        _check(verifier, election, voters[0], key, bad)
    high = eg.EncryptedBallot(ballot.a, ballot.b, ballot.bits, eg.Proof(ballot.total.c + eg.Q, 0))
    with ape.reverts(verifier.InvalidSumProof, ballotId=BALLOT, index=SEAT):
        _check(verifier, election, voters[0], key, high)


def test_check_ballot__point_off_curve__reverts(verifier, chain, election, voters, committee):
    key = committee[2]
    ballot = eg.encrypt_ballot(key, _ctx(chain, election, voters[0]), 0, 2, _rng(13))
    bad = eg.EncryptedBallot(((1, 3), ballot.a[1]), ballot.b, ballot.bits, ballot.total)
    with ape.reverts(verifier.CurveOperationFailed, precompile="0x" + "0" * 39 + "7", x=1, y=3):
        _check(verifier, election, voters[0], key, bad)


def test_check_ballot__short_arrays__reverts(verifier, chain, election, voters, committee):
    key = committee[2]
    ballot = eg.encrypt_ballot(key, _ctx(chain, election, voters[0]), 0, 2, _rng(14))
    a, b, bits, total = ballot.args()
    with ape.reverts(verifier.BallotShapeMismatch, ballotId=BALLOT, options=2, a=2, b=2, proofs=1):
        verifier.checkBallot(election, BALLOT, SEAT, voters[0], list(key), a, b, bits[:1], total)


def _tally(chain, election, voters, key, choices, weights, options):
    per_option = [[] for _ in range(options)]
    for seat, (choice, w) in enumerate(zip(choices, weights, strict=True)):
        ctx = eg.ballot_context(chain.chain_id, election, BALLOT, seat, voters[seat].address)
        ballot = eg.encrypt_ballot(key, ctx, choice, options, _rng(100 + seat))
        for o in range(options):
            per_option[o].append(eg.scale((ballot.a[o], ballot.b[o]), w))
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
            verifier.checkPartialDecryption(
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
        verifier.checkCount(BALLOT, o, list(b), [list(p) for p in parts], count)
        with ape.reverts(verifier.CountMismatch, ballotId=BALLOT, option=o, count=count + 1):
            verifier.checkCount(BALLOT, o, list(b), [list(p) for p in parts], count + 1)


def test_check_partial_decryption__wrong_share__reverts(
    verifier, chain, election, voters, trustees, committee
):
    secrets_, shares, key = committee
    a, _ = _tally(chain, election, voters, key, [1, 0], [1, 1], 2)[0]
    tctx = eg.trustee_context(chain.chain_id, election, BALLOT, trustees[0].address)
    part = eg.partial_decrypt(secrets_[0], tctx, 0, a, _rng(300))
    forged = eg.encode(eg.add(eg.decode(part.share), eg.G))
    with ape.reverts(
        verifier.InvalidDecryptionProof, ballotId=BALLOT, trustee=trustees[0].address, option=0
    ):
        verifier.checkPartialDecryption(
            election,
            BALLOT,
            trustees[0],
            0,
            list(shares[0].public),
            list(a),
            list(forged),
            list(part.proof.words()),
        )


def test_check_partial_decryption__key_outside_committee__reverts(
    verifier, chain, election, voters, trustees, committee
):
    _, shares, key = committee
    a, _ = _tally(chain, election, voters, key, [1, 0], [1, 1], 2)[0]
    tctx = eg.trustee_context(chain.chain_id, election, BALLOT, trustees[0].address)
    outsider = eg.keygen(_rng(400))
    part = eg.partial_decrypt(outsider, tctx, 0, a, _rng(401))
    with ape.reverts(
        verifier.InvalidDecryptionProof, ballotId=BALLOT, trustee=trustees[0].address, option=0
    ):
        verifier.checkPartialDecryption(
            election,
            BALLOT,
            trustees[0],
            0,
            list(shares[0].public),
            list(a),
            list(part.share),
            list(part.proof.words()),
        )


def test_scale__weight__matches_python(verifier, chain, election, voters, committee):
    key = committee[2]
    ballot = eg.encrypt_ballot(key, _ctx(chain, election, voters[0]), 1, 2, _rng(500))
    wa, wb = verifier.scale(list(ballot.a[1]), list(ballot.b[1]), 3)
    assert (tuple(wa), tuple(wb)) == eg.scale((ballot.a[1], ballot.b[1]), 3)
