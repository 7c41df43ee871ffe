"""Ballot life cycle: creation rules, cancellation, finalization and its results."""

import ape
import pytest

from civic.voting import ELECTION_AUTHORITY_ROLE, MAX_OPTIONS, BallotState, Outcome, ballot_config
from civic.voting.recount import audit


def _config(electorate, chain, **kw):
    start = kw.pop("start", chain.pending_timestamp + 100)
    end = kw.pop("end", start + 1000)
    return ballot_config(kw.pop("root", electorate.root), start, end, **kw)


def test_constructor__grants_admin_and_authority_roles(voting, admin, authority, stranger):
    admin_role = voting.DEFAULT_ADMIN_ROLE()
    assert voting.hasRole(admin_role, admin)
    assert voting.hasRole(ELECTION_AUTHORITY_ROLE, authority)
    assert not voting.hasRole(admin_role, authority)
    assert not voting.hasRole(ELECTION_AUTHORITY_ROLE, admin)
    # The admin appoints another election authority; nobody else can.
    tx = voting.grantRole(ELECTION_AUTHORITY_ROLE, stranger, sender=admin)
    assert tx.decode_logs(voting.RoleGranted)[0].account == stranger
    assert voting.hasRole(ELECTION_AUTHORITY_ROLE, stranger)


def test_create_ballot__authority__stores_config_and_emits(voting, authority, electorate, chain):
    agenda = b"\x5a" * 32  # the hash of the ballot's published agenda
    config = _config(
        electorate, chain, options=4, allow_change=True, quorum_votes=3, metadata=agenda
    )
    tx = voting.createBallot(config, sender=authority)
    logs = tx.decode_logs(voting.BallotCreated)
    assert len(logs) == 1
    ballot_id = logs[0].ballotId
    assert ballot_id == voting.ballotCount()
    view = voting.getBallot(ballot_id)
    assert view.state == BallotState.CREATED
    assert view.config.optionCount == 4 and view.config.allowChange and not view.config.secret
    assert view.config.eligibilityRoot == electorate.root
    assert view.config.metadataHash == agenda
    assert (view.turnoutVotes, view.turnoutWeight) == (0, 0)
    assert logs[0].config[8] == 3  # quorumVotes (log structs decode as lists)


def test_create_ballot__not_authority__reverts_unauthorized(voting, stranger, electorate, chain):
    with ape.reverts(
        voting.AccessControlUnauthorizedAccount,
        account=stranger.address,
        neededRole=ELECTION_AUTHORITY_ROLE,
    ):
        voting.createBallot(_config(electorate, chain), sender=stranger)


@pytest.mark.parametrize("options", [0, 1, MAX_OPTIONS + 1])
def test_create_ballot__option_count_out_of_range__reverts(
    voting, authority, electorate, chain, options
):
    with ape.reverts(voting.InvalidOptionCount, optionCount=options):
        voting.createBallot(_config(electorate, chain, options=options), sender=authority)


@pytest.mark.parametrize("options", [2, MAX_OPTIONS])
def test_create_ballot__option_count_at_bounds__created(
    voting, authority, electorate, chain, options
):
    tx = voting.createBallot(_config(electorate, chain, options=options), sender=authority)
    [created] = tx.decode_logs(voting.BallotCreated)
    assert voting.getBallot(created.ballotId).config.optionCount == options


def test_create_ballot__zero_root__reverts_empty_root(voting, authority, electorate, chain):
    with ape.reverts(voting.EmptyEligibilityRoot):
        voting.createBallot(_config(electorate, chain, root=b"\x00" * 32), sender=authority)


@pytest.mark.parametrize(
    "shape",
    [
        "start_in_past",
        "end_at_start",
        "end_before_start",
        "open_with_reveal",
        "secret_without_reveal",
    ],
)
def test_create_ballot__bad_window__reverts_invalid_window(
    voting, authority, electorate, chain, shape
):
    now = chain.pending_timestamp
    start, end, reveal, secret = now + 100, now + 1100, 0, False
    if shape == "start_in_past":
        start = now - 100
    elif shape == "end_at_start":
        end = start
    elif shape == "end_before_start":
        end = start - 1
    elif shape == "open_with_reveal":
        reveal = end + 10
    else:
        secret, reveal = True, end
    config = _config(electorate, chain, start=start, end=end, reveal_end=reveal, secret=secret)
    with ape.reverts(voting.InvalidBallotWindow, start=start, end=end, revealEnd=reveal):
        voting.createBallot(config, sender=authority)


def test_cancel_ballot__before_open__cancels_and_blocks_votes(
    voting, authority, voters, electorate, create_ballot, to_time
):
    ballot = create_ballot(delay=100)
    tx = voting.cancelBallot(ballot, sender=authority)
    assert [log.ballotId for log in tx.decode_logs(voting.BallotCancelled)] == [ballot]
    assert voting.getBallot(ballot).state == BallotState.CANCELLED
    to_time(voting.getBallot(ballot).config.start)
    index, weight, proof = electorate.credentials(voters[0])
    with ape.reverts(voting.BallotIsCancelled, ballotId=ballot):
        voting.vote(ballot, index, weight, 0, proof, sender=voters[0])
    with ape.reverts(voting.BallotIsCancelled, ballotId=ballot):
        voting.cancelBallot(ballot, sender=authority)
    to_time(voting.getBallot(ballot).config.end)
    with ape.reverts(voting.BallotIsCancelled, ballotId=ballot):
        voting.finalize(ballot, sender=authority)
    assert audit(voting) == []


def test_cancel_ballot__after_open__reverts_already_opened(voting, authority, create_ballot):
    ballot = create_ballot()
    start = voting.getBallot(ballot).config.start
    with ape.reverts(voting.BallotAlreadyOpened, ballotId=ballot, start=start):
        voting.cancelBallot(ballot, sender=authority)


def test_cancel_ballot__finalized__reverts_already_opened(
    voting, authority, create_ballot, to_time, stranger
):
    ballot = create_ballot()
    config = voting.getBallot(ballot).config
    to_time(config.end)
    voting.finalize(ballot, sender=stranger)
    with ape.reverts(voting.BallotAlreadyOpened, ballotId=ballot, start=config.start):
        voting.cancelBallot(ballot, sender=authority)


def test_cancel_ballot__stranger__reverts_unauthorized(voting, stranger, create_ballot):
    ballot = create_ballot(delay=100)
    with ape.reverts(
        voting.AccessControlUnauthorizedAccount,
        account=stranger.address,
        neededRole=ELECTION_AUTHORITY_ROLE,
    ):
        voting.cancelBallot(ballot, sender=stranger)


def test_cancel_ballot__unknown__reverts_unknown_ballot(voting, authority):
    with ape.reverts(voting.UnknownBallot, ballotId=999):
        voting.cancelBallot(999, sender=authority)


def _vote_all(voting, electorate, ballot, choices):
    for voter, choice in choices:
        index, weight, proof = electorate.credentials(voter)
        voting.vote(ballot, index, weight, choice, proof, sender=voter)


def test_finalize__heaviest_option__records_winner_once(
    voting, voters, electorate, create_ballot, to_time, stranger
):
    ballot = create_ballot(quorum_votes=3)
    # weights: voters[0]=1, [1]=2, [2]=3, [3]=1
    _vote_all(voting, electorate, ballot, [(voters[0], 0), (voters[1], 0), (voters[2], 1)])
    _vote_all(voting, electorate, ballot, [(voters[3], 1)])
    end = voting.getBallot(ballot).config.end
    to_time(end)
    tx = voting.finalize(ballot, sender=stranger)
    logs = tx.decode_logs(voting.BallotFinalized)
    assert len(logs) == 1
    assert (logs[0].outcome, logs[0].winner) == (Outcome.WINNER, 1)
    assert (logs[0].talliedVotes, logs[0].talliedWeight) == (4, 7)
    view = voting.getBallot(ballot)
    assert (view.state, view.outcome, view.winner) == (BallotState.FINALIZED, Outcome.WINNER, 1)
    with ape.reverts(voting.BallotAlreadyFinalized, ballotId=ballot):
        voting.finalize(ballot, sender=stranger)
    assert voting.getBallot(ballot).outcome == Outcome.WINNER
    assert audit(voting) == []


def test_finalize__equal_top_weight__records_tie(
    voting, voters, electorate, create_ballot, to_time, stranger
):
    ballot = create_ballot()
    _vote_all(voting, electorate, ballot, [(voters[0], 2), (voters[3], 1)])  # 1 vs 1
    to_time(voting.getBallot(ballot).config.end)
    voting.finalize(ballot, sender=stranger)
    assert (voting.getBallot(ballot).outcome, voting.getBallot(ballot).winner) == (Outcome.TIE, 0)


def test_finalize__tie_then_heavier_option__records_winner(
    voting, voters, electorate, create_ballot, to_time, stranger
):
    ballot = create_ballot(options=3)
    # options 0 and 1 tie at weight 1, option 2 then outweighs both (weight 3)
    _vote_all(voting, electorate, ballot, [(voters[0], 0), (voters[3], 1), (voters[2], 2)])
    to_time(voting.getBallot(ballot).config.end)
    voting.finalize(ballot, sender=stranger)
    view = voting.getBallot(ballot)
    assert (view.outcome, view.winner) == (Outcome.WINNER, 2)


@pytest.mark.parametrize("rule", ["headcount", "weight"])
def test_finalize__below_quorum__records_quorum_not_met(
    voting, voters, electorate, create_ballot, to_time, stranger, rule
):
    quorum = {"quorum_votes": 3} if rule == "headcount" else {"quorum_weight": 6}
    ballot = create_ballot(**quorum)
    _vote_all(voting, electorate, ballot, [(voters[1], 0), (voters[2], 0)])  # 2 votes, weight 5
    to_time(voting.getBallot(ballot).config.end)
    tx = voting.finalize(ballot, sender=stranger)
    assert tx.decode_logs(voting.BallotFinalized)[0].outcome == Outcome.QUORUM_NOT_MET
    assert voting.getBallot(ballot).outcome == Outcome.QUORUM_NOT_MET


def test_finalize__weighted_quorum_met_with_few_voters__records_winner(
    voting, voters, electorate, create_ballot, to_time, stranger
):
    ballot = create_ballot(quorum_weight=5)
    _vote_all(voting, electorate, ballot, [(voters[1], 0), (voters[2], 0)])
    to_time(voting.getBallot(ballot).config.end)
    voting.finalize(ballot, sender=stranger)
    assert voting.getBallot(ballot).outcome == Outcome.WINNER


def test_finalize__before_end__reverts_not_closed(voting, create_ballot, stranger):
    ballot = create_ballot()
    end = voting.getBallot(ballot).config.end
    with ape.reverts(voting.BallotNotClosed, ballotId=ballot, closesAt=end):
        voting.finalize(ballot, sender=stranger)


def test_finalize__secret_before_reveal_end__reverts_not_closed(
    voting, create_ballot, stranger, to_time
):
    ballot = create_ballot(secret=True)
    cfg = voting.getBallot(ballot).config
    to_time(cfg.end)
    with ape.reverts(voting.BallotNotClosed, ballotId=ballot, closesAt=cfg.revealEnd):
        voting.finalize(ballot, sender=stranger)


def test_finalize__unknown__reverts_unknown_ballot(voting, stranger):
    with ape.reverts(voting.UnknownBallot, ballotId=12345):
        voting.finalize(12345, sender=stranger)
