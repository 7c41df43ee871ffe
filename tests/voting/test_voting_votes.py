"""Direct open-mode votes: counting, live turnout, windows, double votes, changes."""

import ape
import pytest

from civic.voting.recount import audit


def test_vote__eligible_voter__counts_and_emits(voting, voters, electorate, create_ballot):
    ballot = create_ballot()
    voter = voters[2]
    index, weight, proof = electorate.credentials(voter)
    tx = voting.vote(ballot, index, weight, 2, proof, sender=voter)
    logs = tx.decode_logs(voting.VoteCast)
    assert len(logs) == 1
    assert (logs[0].ballotId, logs[0].voter, logs[0].choice, logs[0].weight) == (
        ballot,
        voter.address,
        2,
        weight,
    )
    assert voting.tallyOf(ballot, 2) == (1, weight)
    assert voting.hasVoted(ballot, index)
    view = voting.getBallot(ballot)
    assert (view.turnoutVotes, view.turnoutWeight) == (1, weight)


def test_vote__several_voters__live_turnout_and_tallies(voting, voters, electorate, create_ballot):
    ballot = create_ballot()
    for i, voter in enumerate(voters):
        index, weight, proof = electorate.credentials(voter)
        voting.vote(ballot, index, weight, i % 3, proof, sender=voter)
        assert voting.getBallot(ballot).turnoutVotes == i + 1
    view = voting.getBallot(ballot)
    assert view.turnoutWeight == sum(electorate.weight(v) for v in voters)
    assert sum(voting.tallyOf(ballot, o)[1] for o in range(3)) == view.turnoutWeight
    assert audit(voting) == []


def test_vote__twice_without_change__reverts_already_voted(
    voting, voters, electorate, create_ballot
):
    ballot = create_ballot()
    index, weight, proof = electorate.credentials(voters[0])
    voting.vote(ballot, index, weight, 0, proof, sender=voters[0])
    with ape.reverts(voting.AlreadyVoted, ballotId=ballot, voter=voters[0].address, index=index):
        voting.vote(ballot, index, weight, 1, proof, sender=voters[0])


def test_vote__someone_elses_proof__reverts_not_eligible(
    voting, voters, outsider, electorate, create_ballot
):
    ballot = create_ballot()
    index, weight, proof = electorate.credentials(voters[0])
    with ape.reverts(
        voting.NotEligible, ballotId=ballot, voter=outsider.address, index=index, weight=weight
    ):
        voting.vote(ballot, index, weight, 0, proof, sender=outsider)


def test_vote__option_out_of_range__reverts_invalid_choice(
    voting, voters, electorate, create_ballot
):
    ballot = create_ballot(options=3)
    index, weight, proof = electorate.credentials(voters[0])
    with ape.reverts(voting.InvalidChoice, ballotId=ballot, choice=3, optionCount=3):
        voting.vote(ballot, index, weight, 3, proof, sender=voters[0])


@pytest.mark.parametrize("when", ["before_start", "at_end"])
def test_vote__outside_window__reverts_not_open(
    voting, voters, electorate, create_ballot, to_time, when
):
    ballot = create_ballot(delay=100 if when == "before_start" else 0)
    cfg = voting.getBallot(ballot).config
    if when == "at_end":
        to_time(cfg.end)
    index, weight, proof = electorate.credentials(voters[0])
    with ape.reverts(voting.BallotNotOpen, ballotId=ballot, start=cfg.start, end=cfg.end):
        voting.vote(ballot, index, weight, 0, proof, sender=voters[0])
    assert voting.getBallot(ballot).turnoutVotes == 0


def test_vote__last_second__counts(voting, voters, electorate, create_ballot, to_time):
    ballot = create_ballot()
    to_time(voting.getBallot(ballot).config.end - 2)
    index, weight, proof = electorate.credentials(voters[0])
    voting.vote(ballot, index, weight, 0, proof, sender=voters[0])
    assert voting.tallyOf(ballot, 0) == (1, weight)


def test_vote__unknown_ballot__reverts_unknown(voting, voters, electorate):
    index, weight, proof = electorate.credentials(voters[0])
    with ape.reverts(voting.UnknownBallot, ballotId=77):
        voting.vote(77, index, weight, 0, proof, sender=voters[0])


def test_vote__secret_ballot__reverts_wrong_mode(voting, voters, electorate, create_ballot):
    ballot = create_ballot(secret=True)
    index, weight, proof = electorate.credentials(voters[0])
    with ape.reverts(voting.WrongBallotMode, ballotId=ballot, secret=True):
        voting.vote(ballot, index, weight, 0, proof, sender=voters[0])


def test_vote__change_allowed__moves_vote_keeps_turnout(voting, voters, electorate, create_ballot):
    ballot = create_ballot(allow_change=True)
    voter = voters[2]
    index, weight, proof = electorate.credentials(voter)
    voting.vote(ballot, index, weight, 0, proof, sender=voter)
    assert voting.nonceOf(ballot, index) == 1
    tx = voting.vote(ballot, index, weight, 1, proof, sender=voter)
    assert [log.choice for log in tx.decode_logs(voting.VoteCast)] == [1]
    assert voting.tallyOf(ballot, 0) == (0, 0)
    assert voting.tallyOf(ballot, 1) == (1, weight)
    view = voting.getBallot(ballot)
    assert (view.turnoutVotes, view.turnoutWeight) == (1, weight)
    assert voting.recordOf(ballot, index) == (1, weight, False)
    assert voting.nonceOf(ballot, index) == 2
    assert audit(voting) == []


def test_vote__change_after_close__reverts_not_open(
    voting, voters, electorate, create_ballot, to_time
):
    ballot = create_ballot(allow_change=True)
    index, weight, proof = electorate.credentials(voters[0])
    voting.vote(ballot, index, weight, 0, proof, sender=voters[0])
    cfg = voting.getBallot(ballot).config
    to_time(cfg.end)
    with ape.reverts(voting.BallotNotOpen, ballotId=ballot, start=cfg.start, end=cfg.end):
        voting.vote(ballot, index, weight, 1, proof, sender=voters[0])
    assert voting.tallyOf(ballot, 0) == (1, weight)


def test_vote__wallet_leaf_sent_by_owner__reverts_not_eligible(
    voting, wallet, wallet_owner, electorate, create_ballot
):
    """The wallet's seat belongs to the wallet's address: its owner cannot use it directly
    (the owner votes for the wallet by signing, see test_relay__erc1271_wallet_*)."""
    ballot = create_ballot()
    index, weight, proof = electorate.credentials(wallet)
    with ape.reverts(
        voting.NotEligible, ballotId=ballot, voter=wallet_owner.address, index=index, weight=weight
    ):
        voting.vote(ballot, index, weight, 0, proof, sender=wallet_owner)
