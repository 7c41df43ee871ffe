"""Encrypted ballots in MVoting: Python-built proofs accepted, tampered ones refused with
their named errors, weighted homomorphic tally, vote changes, decryption and finalize."""

import itertools
from types import SimpleNamespace

import ape
import pytest

from civic.events import fetch_logs
from civic.voting import Outcome, Rejection, ballot_config, domain, signed_ballot
from civic.voting import elgamal as eg
from civic.voting.recount import EVENTS, audit, recount

VOTING_PERIOD = 1_000
REVEAL_PERIOD = 1_000


def _rng(seed):
    """Deterministic nonces (the module uses `secrets`; tests stay reproducible)."""
    counter = itertools.count(seed)
    return lambda: (next(counter) * 0x9E3779B97F4A7C15F39CC0605CEDC834) % eg.Q


@pytest.fixture(scope="module")
def trustees(accounts):
    return [accounts[i] for i in (21, 22, 23)]


@pytest.fixture(scope="module")
def committee(trustees):
    return eg.Trustees.generate(trustees, _rng(1))


@pytest.fixture
def encrypted(voting, authority, electorate, chain, committee):
    """Factory: an encrypted ballot with the committee's key posted, open now; returns
    ``(ballot_id, key)``."""

    def _create(*, options=2, allow_change=False, quorum_votes=0):
        start = chain.pending_timestamp + 50
        end = start + VOTING_PERIOD
        config = ballot_config(
            electorate.root,
            start,
            end,
            options=options,
            secret=True,
            allow_change=allow_change,
            reveal_end=end + REVEAL_PERIOD,
            quorum_votes=quorum_votes,
        )
        accounts = [t.address for t in committee.accounts]
        tx = voting.createEncryptedBallot(config, accounts, sender=authority)
        ballot_id = tx.decode_logs(voting.EncryptedBallotCreated)[0].ballotId
        key = committee.post_keys(voting, ballot_id, chain.chain_id, _rng(10))
        chain.mine(1, timestamp=start)
        return ballot_id, key

    return _create


def _ballot(voting, chain, key, ballot_id, index, voter, choice, options=2, seed=0):
    ctx = eg.ballot_context(chain.chain_id, voting.address, ballot_id, index, str(voter))
    return eg.encrypt_ballot(key, ctx, choice, options, _rng(1000 + seed))


def _cast(voting, electorate, chain, key, ballot_id, voter, choice, options=2, **kw):
    index, weight, proof = electorate.credentials(voter)
    ballot = kw.pop("ballot", None) or _ballot(
        voting, chain, key, ballot_id, index, voter.address, choice, options, index
    )
    voting.castEncrypted(
        ballot_id, index, weight, proof, eg.vote_args(ballot, kw.get("previous")), sender=voter
    )
    return ballot


def _close(voting, chain, committee, ballot_id):
    chain.mine(1, timestamp=voting.getBallot(ballot_id).config.end)
    committee.decrypt(voting, ballot_id, chain.chain_id, _rng(77))


def test_cast_encrypted__weighted_tally__decrypts_and_finalizes(
    voting, voters, electorate, chain, committee, encrypted
):
    ballot_id, key = encrypted(options=3)
    choices = [0, 2, 2, 1, 2]
    for v, c in zip(voters, choices, strict=False):
        _cast(voting, electorate, chain, key, ballot_id, v, c, options=3)
    expected = [0, 0, 0]
    for v, c in zip(voters, choices, strict=False):
        expected[c] += electorate.weight(v.address)
    view = voting.getBallot(ballot_id)
    assert view.turnoutVotes == 5
    assert view.turnoutWeight == sum(expected)
    _close(voting, chain, committee, ballot_id)
    weights = eg.tally_of(voting, ballot_id, electorate.total_weight)
    assert weights == expected
    tx = voting.finalizeEncrypted(ballot_id, weights, sender=voters[0])
    event = tx.decode_logs(voting.BallotFinalized)[0]
    assert event.outcome == Outcome.WINNER and event.winner == 2
    assert event.talliedVotes == 5 and event.talliedWeight == sum(expected)
    with ape.reverts(voting.BallotAlreadyFinalized, ballotId=ballot_id):
        voting.finalizeEncrypted(ballot_id, weights, sender=voters[0])
    counted = recount(voting)["ballots"][ballot_id]
    assert [w for _, w in counted["tallies"]] == expected
    assert audit(voting) == []


def test_cast_encrypted__wrong_bit__reverts(voting, voters, electorate, chain, encrypted):
    ballot_id, key = encrypted()
    index, weight, proof = electorate.credentials(voters[0])
    ctx = eg.ballot_context(chain.chain_id, voting.address, ballot_id, index, voters[0].address)
    bad = eg.encrypt_plain(key, ctx, [2, 0], _rng(5))
    with ape.reverts(voting.InvalidBitProof, ballotId=ballot_id, index=index, option=0):
        voting.castEncrypted(ballot_id, index, weight, proof, eg.vote_args(bad), sender=voters[0])


def test_cast_encrypted__wrong_sum__reverts(voting, voters, electorate, chain, encrypted):
    ballot_id, key = encrypted(options=3)
    index, weight, proof = electorate.credentials(voters[0])
    ctx = eg.ballot_context(chain.chain_id, voting.address, ballot_id, index, voters[0].address)
    bad = eg.encrypt_plain(key, ctx, [1, 1, 0], _rng(6))
    with ape.reverts(voting.InvalidSumProof, ballotId=ballot_id, index=index):
        voting.castEncrypted(ballot_id, index, weight, proof, eg.vote_args(bad), sender=voters[0])


def test_cast_encrypted__proof_for_another_seat__reverts(
    voting, voters, electorate, chain, encrypted
):
    ballot_id, key = encrypted()
    index, weight, proof = electorate.credentials(voters[0])
    other = _ballot(voting, chain, key, ballot_id, index + 1, voters[0].address, 1)
    with ape.reverts(voting.InvalidBitProof, ballotId=ballot_id, index=index, option=0):
        voting.castEncrypted(ballot_id, index, weight, proof, eg.vote_args(other), sender=voters[0])


def test_cast_encrypted__proof_for_another_ballot__reverts(
    voting, voters, electorate, chain, encrypted
):
    ballot_id, key = encrypted()
    index, weight, proof = electorate.credentials(voters[0])
    other = _ballot(voting, chain, key, ballot_id + 1, index, voters[0].address, 1)
    with ape.reverts(voting.InvalidBitProof, ballotId=ballot_id, index=index, option=0):
        voting.castEncrypted(ballot_id, index, weight, proof, eg.vote_args(other), sender=voters[0])


def test_cast_encrypted__ciphertext_copied_from_another_voter__reverts(
    voting, voters, electorate, chain, encrypted
):
    ballot_id, key = encrypted()
    copied = _cast(voting, electorate, chain, key, ballot_id, voters[0], 1)
    index, weight, proof = electorate.credentials(voters[1])
    with ape.reverts(voting.InvalidBitProof, ballotId=ballot_id, index=index, option=0):
        voting.castEncrypted(
            ballot_id, index, weight, proof, eg.vote_args(copied), sender=voters[1]
        )


def test_cast_encrypted__key_not_posted__reverts(
    voting, authority, voters, electorate, chain, committee
):
    start = chain.pending_timestamp + 50
    config = ballot_config(electorate.root, start, start + 100, secret=True, reveal_end=start + 200)
    tx = voting.createEncryptedBallot(
        config, [t.address for t in committee.accounts], sender=authority
    )
    ballot_id = tx.decode_logs(voting.EncryptedBallotCreated)[0].ballotId
    chain.mine(1, timestamp=start)
    index, weight, proof = electorate.credentials(voters[0])
    with ape.reverts(voting.ElectionKeyNotReady, ballotId=ballot_id, posted=0, trustees=3):
        voting.castEncrypted(
            ballot_id, index, weight, proof, ([], [], [], [0, 0], [], []), sender=voters[0]
        )
    with ape.reverts(voting.KeyWindowClosed, ballotId=ballot_id):
        voting.postKeyShare(ballot_id, [1, 2], [0, 0], sender=committee.accounts[0])
    # liveness: once the decryption deadline passes, the authority cancels and re-runs
    with ape.reverts(voting.BallotAlreadyOpened, ballotId=ballot_id, start=start):
        voting.cancelBallot(ballot_id, sender=authority)
    chain.mine(1, timestamp=start + 200)
    tx = voting.cancelBallot(ballot_id, sender=authority)
    assert tx.decode_logs(voting.BallotCancelled)[0].ballotId == ballot_id


def test_post_key_share__outsider_and_bad_proof__revert(
    voting, authority, electorate, chain, committee, outsider
):
    start = chain.pending_timestamp + 50
    config = ballot_config(electorate.root, start, start + 100, secret=True, reveal_end=start + 200)
    tx = voting.createEncryptedBallot(
        config, [t.address for t in committee.accounts], sender=authority
    )
    ballot_id = tx.decode_logs(voting.EncryptedBallotCreated)[0].ballotId
    t0 = committee.accounts[0]
    ctx = eg.trustee_context(chain.chain_id, voting.address, ballot_id, t0.address)
    share = eg.prove_key(committee.secrets[0], ctx, _rng(3))
    with ape.reverts(voting.NotTrustee, ballotId=ballot_id, account=outsider.address):
        voting.postKeyShare(ballot_id, list(share.public), [share.c, share.z], sender=outsider)
    with ape.reverts(
        voting.InvalidKeyProof, ballotId=ballot_id, trustee=committee.accounts[1].address
    ):
        voting.postKeyShare(
            ballot_id, list(share.public), [share.c, share.z], sender=committee.accounts[1]
        )
    voting.postKeyShare(ballot_id, list(share.public), [share.c, share.z], sender=t0)
    with ape.reverts(voting.AlreadyPosted, ballotId=ballot_id, trustee=t0.address):
        voting.postKeyShare(ballot_id, list(share.public), [share.c, share.z], sender=t0)


def test_cast_encrypted__vote_change__replaces_old_ciphertext(
    voting, voters, electorate, chain, committee, encrypted
):
    ballot_id, key = encrypted(allow_change=True)
    first = _cast(voting, electorate, chain, key, ballot_id, voters[1], 0)
    _cast(voting, electorate, chain, key, ballot_id, voters[2], 0)
    index = electorate.credentials(voters[1])[0]
    stale = _ballot(voting, chain, key, ballot_id, index, voters[1].address, 1, seed=50)
    commitment = voting.commitmentOf(ballot_id, index)
    with ape.reverts(
        voting.PreviousBallotMismatch, ballotId=ballot_id, index=index, commitment=commitment
    ):
        _cast(voting, electorate, chain, key, ballot_id, voters[1], 1, ballot=stale)
    _cast(voting, electorate, chain, key, ballot_id, voters[1], 1, ballot=stale, previous=first)
    assert voting.getBallot(ballot_id).turnoutVotes == 2
    _close(voting, chain, committee, ballot_id)
    w1, w2 = electorate.weight(voters[1].address), electorate.weight(voters[2].address)
    assert eg.tally_of(voting, ballot_id, electorate.total_weight) == [w2, w1]


def test_cast_encrypted__no_change_allowed__reverts(voting, voters, electorate, chain, encrypted):
    ballot_id, key = encrypted()
    _cast(voting, electorate, chain, key, ballot_id, voters[0], 0)
    index = electorate.credentials(voters[0])[0]
    with ape.reverts(voting.AlreadyVoted, ballotId=ballot_id, voter=voters[0].address, index=index):
        _cast(voting, electorate, chain, key, ballot_id, voters[0], 1)


def test_post_decryption__bad_share_and_outsider__revert(
    voting, voters, electorate, chain, committee, encrypted, outsider
):
    ballot_id, key = encrypted()
    _cast(voting, electorate, chain, key, ballot_id, voters[0], 1)
    chain.mine(1, timestamp=voting.getBallot(ballot_id).config.end)
    d, proofs = committee.decryption(voting, ballot_id, chain.chain_id, 0, _rng(9))
    t0, t1 = committee.accounts[0], committee.accounts[1]
    forged = [list(eg.encode(eg.add(eg.decode(d[0]), eg.G))), d[1]]
    with ape.reverts(
        voting.InvalidDecryptionProof, ballotId=ballot_id, trustee=t0.address, option=0
    ):
        voting.postDecryption(ballot_id, forged, proofs, sender=t0)
    with ape.reverts(
        voting.InvalidDecryptionProof, ballotId=ballot_id, trustee=t1.address, option=0
    ):
        voting.postDecryption(ballot_id, d, proofs, sender=t1)
    with ape.reverts(voting.NotTrustee, ballotId=ballot_id, account=outsider.address):
        voting.postDecryption(ballot_id, d, proofs, sender=outsider)
    voting.postDecryption(ballot_id, d, proofs, sender=t0)
    with ape.reverts(voting.DecryptionIncomplete, ballotId=ballot_id, posted=1, trustees=3):
        voting.finalizeEncrypted(ballot_id, [0, 1], sender=voters[0])


def test_finalize_encrypted__wrong_count__reverts(
    voting, voters, electorate, chain, committee, encrypted
):
    ballot_id, key = encrypted()
    _cast(voting, electorate, chain, key, ballot_id, voters[0], 1)
    _close(voting, chain, committee, ballot_id)
    w = electorate.weight(voters[0].address)
    with ape.reverts(voting.CountMismatch, ballotId=ballot_id, option=1, weight=w + 1):
        voting.finalizeEncrypted(ballot_id, [0, w + 1], sender=voters[0])
    with ape.reverts(voting.WrongEncryption, ballotId=ballot_id, encrypted=True):
        voting.finalize(ballot_id, sender=voters[0])
    voting.finalizeEncrypted(ballot_id, [0, w], sender=voters[0])
    assert voting.tallyOf(ballot_id, 1) == (0, w)


def test_relay_encrypted_batch__good_and_bad_items__counts_good_only(
    voting, voters, electorate, chain, committee, encrypted, relayer
):
    ballot_id, key = encrypted()
    dom = domain(voting, chain.chain_id)
    items, votes = [], []
    for i, v in enumerate(voters[:4]):
        index = electorate.credentials(v)[0]
        ballot = _ballot(voting, chain, key, ballot_id, index, v.address, i % 2, seed=i)
        if i == 3:  # a ciphertext copied from voter 0: proofs bound to voter 0's seat
            ballot = votes[0][0]
        word = eg.ciphertext_hash(ballot.a, ballot.b)
        items.append(signed_ballot(electorate, dom, v, ballot_id, word))
        votes.append((ballot, eg.vote_args(ballot)))
    tx = voting.relayEncryptedBatch(ballot_id, items, [v for _, v in votes], sender=relayer)
    rejected = tx.decode_logs(voting.RelayedBallotRejected)
    assert [(e.voter, e.reason) for e in rejected] == [(voters[3].address, Rejection.INVALID_PROOF)]
    assert voting.getBallot(ballot_id).turnoutVotes == 3
    single = _ballot(
        voting,
        chain,
        key,
        ballot_id,
        electorate.credentials(voters[4])[0],
        voters[4].address,
        1,
        seed=9,
    )
    item = signed_ballot(electorate, dom, voters[4], ballot_id, b"\x11" * 32)
    with ape.reverts(
        voting.CiphertextNotSigned, ballotId=ballot_id, voter=voters[4].address, choice=b"\x11" * 32
    ):
        voting.relayEncrypted(ballot_id, item, eg.vote_args(single), sender=relayer)
    _close(voting, chain, committee, ballot_id)
    expected = [0, 0]
    for i, v in enumerate(voters[:3]):
        expected[i % 2] += electorate.weight(v.address)
    assert eg.tally_of(voting, ballot_id, electorate.total_weight) == expected


def test_plain_calls__encrypted_ballot__revert(
    voting, voters, electorate, chain, encrypted, relayer
):
    ballot_id, _ = encrypted()
    index, weight, proof = electorate.credentials(voters[0])
    with ape.reverts(voting.WrongEncryption, ballotId=ballot_id, encrypted=True):
        voting.commit(ballot_id, index, weight, b"\x01" * 32, proof, sender=voters[0])
    item = signed_ballot(
        electorate, domain(voting, chain.chain_id), voters[0], ballot_id, b"\x01" * 32
    )
    with ape.reverts(voting.WrongEncryption, ballotId=ballot_id, encrypted=True):
        voting.relay(ballot_id, item, sender=relayer)
    with ape.reverts(voting.WrongBallotMode, ballotId=ballot_id, secret=True):
        voting.vote(ballot_id, index, weight, 0, proof, sender=voters[0])


def _forged(logs, name, **changes):
    """The logs with the first ``name`` event's arguments replaced by ``changes``."""
    out, done = [], False
    for log in logs:
        if log.event_name == name and not done:
            args = dict(log.event_arguments) | changes
            log = SimpleNamespace(event_name=name, **args)
            done = True
        out.append(log)
    assert done
    return out


def test_recount__two_option_election__reverifies_every_proof(
    voting, voters, electorate, chain, committee, encrypted
):
    ballot_id, key = encrypted(allow_change=True)
    first = _cast(voting, electorate, chain, key, ballot_id, voters[0], 0)
    _cast(voting, electorate, chain, key, ballot_id, voters[1], 1)
    _cast(voting, electorate, chain, key, ballot_id, voters[2], 1)
    index = electorate.credentials(voters[0])[0]
    again = _ballot(voting, chain, key, ballot_id, index, voters[0].address, 1, seed=60)
    _cast(voting, electorate, chain, key, ballot_id, voters[0], 1, ballot=again, previous=first)
    _close(voting, chain, committee, ballot_id)
    weights = eg.tally_of(voting, ballot_id, electorate.total_weight)
    assert weights == [0, sum(electorate.weight(v.address) for v in voters[:3])]
    voting.finalizeEncrypted(ballot_id, weights, sender=voters[0])
    counted = recount(voting)["ballots"][ballot_id]
    assert counted["findings"] == []
    assert [w for _, w in counted["tallies"]] == weights
    assert audit(voting) == []

    logs = fetch_logs(voting, names=EVENTS)
    cast = next(x for x in logs if x.event_name == "EncryptedVoteCast")
    seat = int(cast.index)
    c0, c1, z0, z1 = (int(w) for w in cast.bitProofs[0])
    bad_bit = _forged(logs, "EncryptedVoteCast", bitProofs=[[c0, c1, z0, (z1 + 1) % eg.Q]])
    findings = recount(voting, logs=bad_bit)["ballots"][ballot_id]["findings"]
    assert f"ballot {ballot_id} seat {seat}: ballot proof fails verification" in findings
    moved = [list(eg.encode(eg.add(eg.decode(cast.b[0]), eg.G)))]
    bad_ct = recount(voting, logs=_forged(logs, "EncryptedVoteCast", b=moved))
    assert (
        f"ballot {ballot_id} seat {seat}: ciphertexts do not hash to the seat's commitment"
        in (bad_ct["ballots"][ballot_id]["findings"])
    )
    posted = next(x for x in logs if x.event_name == "DecryptionPosted")
    proofs = [list(p) for p in posted.proofs]
    proofs[1][1] = (int(proofs[1][1]) + 1) % eg.Q
    bad_d = recount(voting, logs=_forged(logs, "DecryptionPosted", proofs=proofs))
    assert bad_d["ballots"][ballot_id]["findings"][0] == (
        f"ballot {ballot_id} trustee {posted.trustee}: partial decryption of option 1 "
        "fails verification"
    )
