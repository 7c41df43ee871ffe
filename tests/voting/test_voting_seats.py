"""An address holding several seats: each seat is its own vote, in open, secret and relayed
modes; a seat votes once unless changes are allowed, and a change replaces that seat's
vote only. A signed ballot names its seat and weight."""

import ape
import pytest

from civic.voting import (
    Electorate,
    ElectorateError,
    Rejection,
    commitment,
    sign_ballot,
    signed_ballot,
)
from civic.voting.recount import audit, recount

SALT = b"\x07" * 32
# Deploy the module's MVoting before the first test (Ape isolation order).
pytestmark = pytest.mark.usefixtures("voting")


@pytest.fixture(scope="module")
def household(voters):
    """The tree [(0, A, 1), (1, A, 5), (2, B, 1)]: A holds two flats."""
    a, b = voters[0], voters[1]
    return a, b, Electorate({}, extra=[(0, a.address, 1), (1, a.address, 5), (2, b.address, 1)])


def _commit(voting, tree, ballot, voter, seat, choice, salt=SALT):
    index, weight, proof = tree.credentials(voter, seat)
    c = commitment(voting.address, ballot, index, choice, salt)
    return voting.commit(ballot, index, weight, c, proof, sender=voter)


def test_electorate__voter_with_two_seats__must_name_the_seat(household):
    a, _, tree = household
    assert tree.seats_of(a) == [0, 1]
    assert tree.weight(a, seat=1) == 5
    assert tree.total_weight == 7
    with pytest.raises(ElectorateError):
        tree.seat(a)
    with pytest.raises(ElectorateError):
        tree.credentials(a, seat=2)  # B's seat


def test_commit__two_seats_secret_no_change__each_seat_once(
    voting, household, create_ballot, to_time, stranger
):
    """A commits from seat 0, then from seat 1, then five more times from seat 1: the
    second seat counts as its own vote and every later commitment from it is refused."""
    a, b, tree = household
    ballot = create_ballot(root=tree.root, secret=True)
    _commit(voting, tree, ballot, a, 0, 0)
    assert not voting.hasVoted(ballot, 1)
    tx = _commit(voting, tree, ballot, a, 1, 1)
    assert [(log.voter, log.index, log.weight) for log in tx.decode_logs(voting.VoteCommitted)] == [
        (a.address, 1, 5)
    ]
    assert voting.hasVoted(ballot, 1)
    for choice in (0, 1, 0, 1, 0):
        with ape.reverts(voting.AlreadyVoted, ballotId=ballot, voter=a.address, index=1):
            _commit(voting, tree, ballot, a, 1, choice, salt=bytes([choice]) * 32)
    with ape.reverts(voting.AlreadyVoted, ballotId=ballot, voter=a.address, index=0):
        _commit(voting, tree, ballot, a, 0, 1)
    _commit(voting, tree, ballot, b, 2, 1)
    view = voting.getBallot(ballot)
    assert (view.turnoutVotes, view.turnoutWeight) == (3, 7)
    to_time(view.config.end)
    for seat, choice in ((0, 0), (1, 1), (2, 1)):
        voting.reveal(ballot, seat, choice, SALT, sender=stranger)
    assert voting.recordOf(ballot, 0) == (0, 1, True)
    assert voting.recordOf(ballot, 1) == (1, 5, True)
    assert [voting.tallyOf(ballot, o) for o in range(2)] == [(1, 1), (2, 6)]
    assert audit(voting) == []


def test_vote__two_seats_open__two_votes_each_with_its_weight(voting, household, create_ballot):
    a, _, tree = household
    ballot = create_ballot(root=tree.root)
    for seat, choice in ((0, 0), (1, 1)):
        index, weight, proof = tree.credentials(a, seat)
        voting.vote(ballot, index, weight, choice, proof, sender=a)
    assert [voting.tallyOf(ballot, o) for o in range(2)] == [(1, 1), (1, 5)]
    index, weight, proof = tree.credentials(a, 1)
    with ape.reverts(voting.AlreadyVoted, ballotId=ballot, voter=a.address, index=1):
        voting.vote(ballot, index, weight, 0, proof, sender=a)
    assert (voting.getBallot(ballot).turnoutVotes, voting.getBallot(ballot).turnoutWeight) == (2, 6)
    assert audit(voting) == []


def test_vote__two_seats_change_allowed__change_replaces_that_seat_only(
    voting, household, create_ballot
):
    a, _, tree = household
    ballot = create_ballot(root=tree.root, allow_change=True)
    for seat in (0, 1):
        index, weight, proof = tree.credentials(a, seat)
        voting.vote(ballot, index, weight, 0, proof, sender=a)
    index, weight, proof = tree.credentials(a, 1)
    voting.vote(ballot, index, weight, 2, proof, sender=a)
    assert [voting.tallyOf(ballot, o) for o in range(3)] == [(1, 1), (0, 0), (1, 5)]
    assert voting.recordOf(ballot, 0) == (0, 1, False)
    assert voting.recordOf(ballot, 1) == (2, 5, False)
    assert (voting.nonceOf(ballot, 0), voting.nonceOf(ballot, 1)) == (1, 2)
    view = voting.getBallot(ballot)
    assert (view.turnoutVotes, view.turnoutWeight) == (2, 6)
    assert audit(voting) == []


def test_commit__two_seats_secret_change_allowed__recommit_replaces_that_seat_only(
    voting, household, create_ballot, to_time, stranger
):
    a, _, tree = household
    ballot = create_ballot(root=tree.root, secret=True, allow_change=True)
    _commit(voting, tree, ballot, a, 0, 0)
    _commit(voting, tree, ballot, a, 1, 0)
    _commit(voting, tree, ballot, a, 1, 1, salt=b"\x08" * 32)
    view = voting.getBallot(ballot)
    assert (view.turnoutVotes, view.turnoutWeight) == (2, 6)
    assert voting.commitmentOf(ballot, 0) == commitment(voting.address, ballot, 0, 0, SALT)
    to_time(view.config.end)
    voting.reveal(ballot, 0, 0, SALT, sender=stranger)
    voting.reveal(ballot, 1, 1, b"\x08" * 32, sender=stranger)
    assert [voting.tallyOf(ballot, o) for o in range(2)] == [(1, 1), (1, 5)]
    assert audit(voting) == []


def test_relay__signature_for_seat_0_at_seat_1__reverts_invalid_signature(
    voting, relayer, household, dom, create_ballot
):
    a, _, tree = household
    ballot = create_ballot(root=tree.root)
    seat0 = signed_ballot(tree, dom, a, ballot, 1, seat=0)
    voting.relay(ballot, seat0, sender=relayer)
    _, weight, proof = tree.credentials(a, 1)
    at_seat1 = (seat0[0], 1, weight, seat0[3], seat0[4], seat0[5], proof, seat0[7])
    with ape.reverts(voting.InvalidBallotSignature, ballotId=ballot, voter=a.address):
        voting.relay(ballot, at_seat1, sender=relayer)
    assert not voting.hasVoted(ballot, 1)
    assert voting.tallyOf(ballot, 1) == (1, 1)


def test_relay__signed_weight_differs_from_leaf__rejected(
    voting, relayer, household, dom, create_ballot
):
    """A signature binds its weight: seat 1's leaf weight with a signature over weight 1
    is not the voter's ballot."""
    a, _, tree = household
    ballot = create_ballot(root=tree.root)
    item = list(signed_ballot(tree, dom, a, ballot, 1, seat=1))
    item[7] = sign_ballot(a, dom, a.address, ballot, 1, 1, item[3], 0, item[5])
    got = voting.relayBatch.call(ballot, [tuple(item)], [], [], sender=relayer)
    assert list(got) == [Rejection.INVALID_SIGNATURE]


def test_relay_batch__both_seats_of_one_voter__both_count(
    voting, relayer, household, dom, create_ballot
):
    a, b, tree = household
    ballot = create_ballot(root=tree.root, secret=True)
    items = [
        signed_ballot(
            tree, dom, a, ballot, commitment(voting.address, ballot, seat, 1, SALT), seat=seat
        )
        for seat in (0, 1, 1)
    ]
    tx = voting.relayBatch(ballot, items, [], [], sender=relayer)
    assert [log.index for log in tx.decode_logs(voting.VoteCommitted)] == [0, 1]
    rejected = tx.decode_logs(voting.RelayedBallotRejected)
    assert [(log.index, log.reason) for log in rejected] == [(1, Rejection.ALREADY_VOTED)]
    view = voting.getBallot(ballot)
    assert (view.turnoutVotes, view.turnoutWeight) == (2, 6)
    counted = recount(voting)["ballots"][ballot]["seats"]
    assert {i: (r["voter"], r["weight"]) for i, r in counted.items()} == {
        0: (a.address, 1),
        1: (a.address, 5),
    }
    assert audit(voting) == []
