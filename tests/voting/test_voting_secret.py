"""Secret ballots: commit while open (live turnout), reveal after close, then finalize."""

import ape
import pytest

from civic.voting import Outcome, Rejection, commitment, signed_ballot
from civic.voting.recount import audit

SALT = b"\x42" * 32


def _commit(voting, electorate, ballot, voter, choice, salt=SALT):
    index, weight, proof = electorate.credentials(voter)
    c = commitment(voting.address, ballot, index, choice, salt)
    return voting.commit(ballot, index, weight, c, proof, sender=voter)


def _seat(electorate, voter):
    return electorate.seat(voter)


def test_commitment__python__equals_contract(voting):
    assert voting.commitmentFor(3, 9, 2, SALT) == commitment(voting.address, 3, 9, 2, SALT)


def test_commitment__other_seat__differs(voting):
    assert voting.commitmentFor(3, 9, 2, SALT) != voting.commitmentFor(3, 10, 2, SALT)


def test_commit__eligible__counts_turnout_not_tally(voting, voters, electorate, create_ballot):
    ballot = create_ballot(secret=True)
    tx = _commit(voting, electorate, ballot, voters[1], 2)
    logs = tx.decode_logs(voting.VoteCommitted)
    assert [(log.voter, log.index, log.weight) for log in logs] == [
        (voters[1].address, electorate.seat(voters[1]), 2)
    ]
    view = voting.getBallot(ballot)
    assert (view.turnoutVotes, view.turnoutWeight) == (1, 2)
    assert all(voting.tallyOf(ballot, o) == (0, 0) for o in range(3))


def test_commit__open_ballot__reverts_wrong_mode(voting, voters, electorate, create_ballot):
    ballot = create_ballot()
    index, weight, proof = electorate.credentials(voters[0])
    with ape.reverts(voting.WrongBallotMode, ballotId=ballot, secret=False):
        voting.commit(ballot, index, weight, SALT, proof, sender=voters[0])


def test_commit__twice_without_change__reverts_already_voted(
    voting, voters, electorate, create_ballot
):
    ballot = create_ballot(secret=True)
    _commit(voting, electorate, ballot, voters[0], 1)
    with ape.reverts(
        voting.AlreadyVoted,
        ballotId=ballot,
        voter=voters[0].address,
        index=electorate.seat(voters[0]),
    ):
        _commit(voting, electorate, ballot, voters[0], 2)


def test_reveal__in_window__tallies_and_finalizes(
    voting, voters, electorate, create_ballot, to_time, stranger
):
    ballot = create_ballot(secret=True, quorum_votes=2)
    for voter, choice in [(voters[0], 1), (voters[1], 1), (voters[2], 0), (voters[3], 2)]:
        _commit(voting, electorate, ballot, voter, choice)
    cfg = voting.getBallot(ballot).config
    to_time(cfg.end)
    for voter, choice in [(voters[0], 1), (voters[1], 1), (voters[2], 0)]:
        tx = voting.reveal(ballot, _seat(electorate, voter), choice, SALT, sender=stranger)
        assert [(log.index, log.choice) for log in tx.decode_logs(voting.VoteRevealed)] == [
            (_seat(electorate, voter), choice)
        ]
    assert voting.tallyOf(ballot, 1) == (2, 3)
    assert voting.tallyOf(ballot, 0) == (1, 3)
    assert voting.recordOf(ballot, _seat(electorate, voters[0])) == (1, 1, True)
    view = voting.getBallot(ballot)
    assert (view.turnoutVotes, view.turnoutWeight) == (4, 7)  # the unrevealed one counts too
    to_time(cfg.revealEnd)
    with ape.reverts(
        voting.NotInRevealWindow, ballotId=ballot, end=cfg.end, revealEnd=cfg.revealEnd
    ):
        voting.reveal(ballot, _seat(electorate, voters[3]), 2, SALT, sender=voters[3])
    tx = voting.finalize(ballot, sender=stranger)
    log = tx.decode_logs(voting.BallotFinalized)[0]
    assert (log.outcome, log.talliedVotes, log.talliedWeight) == (Outcome.TIE, 3, 6)
    assert audit(voting) == []


def test_reveal__before_close__reverts_not_in_window(
    voting, voters, electorate, create_ballot, stranger
):
    ballot = create_ballot(secret=True)
    _commit(voting, electorate, ballot, voters[0], 1)
    cfg = voting.getBallot(ballot).config
    with ape.reverts(
        voting.NotInRevealWindow, ballotId=ballot, end=cfg.end, revealEnd=cfg.revealEnd
    ):
        voting.reveal(ballot, _seat(electorate, voters[0]), 1, SALT, sender=stranger)


def test_reveal__wrong_choice_or_salt__reverts_mismatch(
    voting, voters, electorate, create_ballot, to_time, stranger
):
    ballot = create_ballot(secret=True)
    _commit(voting, electorate, ballot, voters[0], 1)
    to_time(voting.getBallot(ballot).config.end)
    stored = voting.commitmentOf(ballot, _seat(electorate, voters[0]))
    for choice, salt in [(2, SALT), (1, b"\x43" * 32)]:
        with ape.reverts(
            voting.RevealMismatch,
            ballotId=ballot,
            index=_seat(electorate, voters[0]),
            commitment=stored,
        ):
            voting.reveal(ballot, _seat(electorate, voters[0]), choice, salt, sender=stranger)


def test_reveal__copied_commitment__reverts_mismatch(
    voting, voters, electorate, create_ballot, to_time, stranger
):
    """Voter 1 copies voter 0's commitment; it binds voter 0's seat, so voter 1 cannot open it
    at theirs."""
    ballot = create_ballot(secret=True)
    _commit(voting, electorate, ballot, voters[0], 1)
    copied = voting.commitmentOf(ballot, _seat(electorate, voters[0]))
    index, weight, proof = electorate.credentials(voters[1])
    voting.commit(ballot, index, weight, copied, proof, sender=voters[1])
    to_time(voting.getBallot(ballot).config.end)
    with ape.reverts(
        voting.RevealMismatch,
        ballotId=ballot,
        index=_seat(electorate, voters[1]),
        commitment=copied,
    ):
        voting.reveal(ballot, _seat(electorate, voters[1]), 1, SALT, sender=stranger)


def test_reveal__twice__reverts_already_revealed(
    voting, voters, electorate, create_ballot, to_time, stranger
):
    ballot = create_ballot(secret=True)
    _commit(voting, electorate, ballot, voters[0], 1)
    to_time(voting.getBallot(ballot).config.end)
    voting.reveal(ballot, _seat(electorate, voters[0]), 1, SALT, sender=stranger)
    with ape.reverts(voting.AlreadyRevealed, ballotId=ballot, index=_seat(electorate, voters[0])):
        voting.reveal(ballot, _seat(electorate, voters[0]), 1, SALT, sender=stranger)


def test_reveal__no_commitment__reverts_no_commitment(
    voting, voters, electorate, create_ballot, to_time, stranger
):
    ballot = create_ballot(secret=True)
    to_time(voting.getBallot(ballot).config.end)
    with ape.reverts(voting.NoCommitment, ballotId=ballot, index=_seat(electorate, voters[0])):
        voting.reveal(ballot, _seat(electorate, voters[0]), 1, SALT, sender=stranger)


@pytest.mark.parametrize("choice", [2, 5])  # options are 0 and 1
def test_reveal__out_of_range_choice__reverts_invalid_choice(
    voting, voters, electorate, create_ballot, to_time, stranger, choice
):
    ballot = create_ballot(secret=True, options=2)
    _commit(voting, electorate, ballot, voters[0], choice)
    to_time(voting.getBallot(ballot).config.end)
    with ape.reverts(voting.InvalidChoice, ballotId=ballot, choice=choice, optionCount=2):
        voting.reveal(ballot, _seat(electorate, voters[0]), choice, SALT, sender=stranger)


def test_reveal__after_window_and_finalize__reverts_not_in_window(
    voting, voters, electorate, create_ballot, to_time, stranger
):
    ballot = create_ballot(secret=True)
    _commit(voting, electorate, ballot, voters[0], 1)
    cfg = voting.getBallot(ballot).config
    to_time(cfg.revealEnd + 60)
    voting.finalize(ballot, sender=stranger)
    with ape.reverts(
        voting.NotInRevealWindow, ballotId=ballot, end=cfg.end, revealEnd=cfg.revealEnd
    ):
        voting.reveal(ballot, _seat(electorate, voters[0]), 1, SALT, sender=stranger)
    assert voting.tallyOf(ballot, 1) == (0, 0)


def test_reveal__cancelled_ballot__reverts_cancelled(
    voting, voters, electorate, authority, create_ballot, stranger
):
    ballot = create_ballot(secret=True, delay=100)
    voting.cancelBallot(ballot, sender=authority)
    with ape.reverts(voting.BallotIsCancelled, ballotId=ballot):
        voting.reveal(ballot, _seat(electorate, voters[0]), 1, SALT, sender=stranger)


def test_reveal__open_ballot__reverts_wrong_mode(
    voting, voters, electorate, create_ballot, stranger
):
    ballot = create_ballot()
    with ape.reverts(voting.WrongBallotMode, ballotId=ballot, secret=False):
        voting.reveal(ballot, _seat(electorate, voters[0]), 1, SALT, sender=stranger)


def test_commit__change_allowed__latest_commitment_counts(
    voting, voters, electorate, create_ballot, to_time, stranger
):
    ballot = create_ballot(secret=True, allow_change=True)
    _commit(voting, electorate, ballot, voters[2], 0)
    _commit(voting, electorate, ballot, voters[2], 2)
    view = voting.getBallot(ballot)
    assert (view.turnoutVotes, view.turnoutWeight) == (1, 3)
    to_time(view.config.end)
    stored = voting.commitmentOf(ballot, _seat(electorate, voters[2]))
    with ape.reverts(
        voting.RevealMismatch,
        ballotId=ballot,
        index=_seat(electorate, voters[2]),
        commitment=stored,
    ):
        voting.reveal(ballot, _seat(electorate, voters[2]), 0, SALT, sender=stranger)
    voting.reveal(ballot, _seat(electorate, voters[2]), 2, SALT, sender=stranger)
    assert voting.tallyOf(ballot, 2) == (1, 3)
    assert audit(voting) == []


def test_relay_batch__signed_commitments__count_turnout(
    voting, voters, relayer, electorate, dom, create_ballot, to_time, stranger
):
    ballot = create_ballot(secret=True)
    items = [
        signed_ballot(
            electorate,
            dom,
            v,
            ballot,
            commitment(voting.address, ballot, electorate.seat(v), i % 3, SALT),
        )
        for i, v in enumerate(voters[:4])
    ]
    tx = voting.relayBatch(ballot, items, [], [], sender=relayer)
    assert len(tx.decode_logs(voting.VoteCommitted)) == 4
    assert voting.getBallot(ballot).turnoutVotes == 4
    replay = voting.relayBatch.call(ballot, items[:1], [], [], sender=relayer)
    assert list(replay) == [Rejection.ALREADY_VOTED]  # the seat is used
    to_time(voting.getBallot(ballot).config.end)
    for i, v in enumerate(voters[:4]):
        voting.reveal(ballot, electorate.seat(v), i % 3, SALT, sender=stranger)
    assert sum(voting.tallyOf(ballot, o)[0] for o in range(3)) == 4
    assert audit(voting) == []
