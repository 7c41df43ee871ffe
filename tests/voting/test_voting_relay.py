"""Gasless EIP-712 ballots: single relay, replay and expiry, ERC-1271 wallets, batches."""

import ape

from civic.voting import Rejection, ballot_digest, signed_ballot
from civic.voting.recount import audit


def test_ballot_digest__python__equals_contract(voting, voters, dom):
    word = (2).to_bytes(32, "big")
    expected = ballot_digest(dom, voters[0].address, 5, 7, 2**96 - 1, word, 3, 1234)
    assert voting.ballotDigest(voters[0], 5, 7, 2**96 - 1, word, 3, 1234) == expected


def test_ballot_digest__seat_or_weight_changed__differs(voting, voters, dom):
    word = (2).to_bytes(32, "big")
    base = voting.ballotDigest(voters[0], 5, 7, 3, word, 0, 1234)
    assert voting.ballotDigest(voters[0], 5, 8, 3, word, 0, 1234) != base
    assert voting.ballotDigest(voters[0], 5, 7, 4, word, 0, 1234) != base


def test_relay__signed_by_voter__counts_for_voter(
    voting, voters, relayer, electorate, dom, create_ballot
):
    ballot = create_ballot()
    item = signed_ballot(electorate, dom, voters[1], ballot, 2)
    tx = voting.relay(ballot, item, sender=relayer)
    logs = tx.decode_logs(voting.VoteCast)
    assert [(log.voter, log.choice, log.weight) for log in logs] == [
        (voters[1].address, 2, electorate.weight(voters[1]))
    ]
    assert voting.tallyOf(ballot, 2) == (1, electorate.weight(voters[1]))


def test_relay__replayed__reverts_already_voted(
    voting, voters, relayer, electorate, dom, create_ballot
):
    ballot = create_ballot()
    item = signed_ballot(electorate, dom, voters[1], ballot, 2)
    voting.relay(ballot, item, sender=relayer)
    with ape.reverts(voting.AlreadyVoted, ballotId=ballot, voter=voters[1].address, index=item[1]):
        voting.relay(ballot, item, sender=relayer)


def test_relay__replayed_on_change_ballot__reverts_nonce_mismatch(
    voting, voters, relayer, electorate, dom, create_ballot
):
    ballot = create_ballot(allow_change=True)
    first = signed_ballot(electorate, dom, voters[1], ballot, 2, nonce=0)
    voting.relay(ballot, first, sender=relayer)
    change = signed_ballot(electorate, dom, voters[1], ballot, 0, nonce=1)
    voting.relay(ballot, change, sender=relayer)
    with ape.reverts(
        voting.NonceMismatch,
        ballotId=ballot,
        voter=voters[1].address,
        index=first[1],
        expected=2,
        given=0,
    ):
        voting.relay(ballot, first, sender=relayer)
    assert voting.tallyOf(ballot, 0)[0] == 1
    assert voting.tallyOf(ballot, 2)[0] == 0


def test_relay__other_ballot_signature__reverts_invalid_signature(
    voting, voters, relayer, electorate, dom, create_ballot
):
    ballot_a = create_ballot()
    ballot_b = create_ballot()
    item = signed_ballot(electorate, dom, voters[1], ballot_a, 1)
    with ape.reverts(voting.InvalidBallotSignature, ballotId=ballot_b, voter=voters[1].address):
        voting.relay(ballot_b, item, sender=relayer)


def test_relay__signed_by_someone_else__reverts_invalid_signature(
    voting, voters, relayer, electorate, dom, create_ballot
):
    ballot = create_ballot()
    item = signed_ballot(electorate, dom, voters[2], ballot, 1, voter=voters[1])
    with ape.reverts(voting.InvalidBallotSignature, ballotId=ballot, voter=voters[1].address):
        voting.relay(ballot, item, sender=relayer)


def test_relay__tampered_choice__reverts_invalid_signature(
    voting, voters, relayer, electorate, dom, create_ballot
):
    ballot = create_ballot()
    item = list(signed_ballot(electorate, dom, voters[1], ballot, 1))
    item[3] = (0).to_bytes(32, "big")
    with ape.reverts(voting.InvalidBallotSignature, ballotId=ballot, voter=voters[1].address):
        voting.relay(ballot, tuple(item), sender=relayer)


def test_relay__past_deadline__reverts_signature_expired(
    voting, voters, relayer, electorate, dom, create_ballot, chain
):
    ballot = create_ballot()
    deadline = chain.blocks.head.timestamp - 1
    item = signed_ballot(electorate, dom, voters[1], ballot, 1, deadline=deadline)
    with ape.reverts(
        voting.BallotSignatureExpired, ballotId=ballot, voter=voters[1].address, deadline=deadline
    ):
        voting.relay(ballot, item, sender=relayer)


def test_relay__at_deadline_second__counts(
    voting, voters, relayer, electorate, dom, create_ballot, chain
):
    """A signed ballot's deadline is the last second it counts (inclusive)."""
    ballot = create_ballot()
    deadline = chain.pending_timestamp + 60
    item = signed_ballot(electorate, dom, voters[1], ballot, 1, deadline=deadline)
    chain.pending_timestamp = deadline
    voting.relay(ballot, item, sender=relayer)
    assert voting.tallyOf(ballot, 1) == (1, electorate.weight(voters[1]))


def test_relay__erc1271_wallet__counts_for_wallet(
    voting, wallet, wallet_owner, relayer, electorate, dom, create_ballot
):
    ballot = create_ballot()
    item = signed_ballot(electorate, dom, wallet_owner, ballot, 0, voter=wallet)
    tx = voting.relay(ballot, item, sender=relayer)
    assert tx.decode_logs(voting.VoteCast)[0].voter == wallet.address
    assert voting.tallyOf(ballot, 0) == (1, electorate.weight(wallet))


def test_relay__erc1271_wallet_wrong_owner__reverts_invalid_signature(
    voting, wallet, voters, relayer, electorate, dom, create_ballot
):
    ballot = create_ballot()
    item = signed_ballot(electorate, dom, voters[0], ballot, 0, voter=wallet)
    with ape.reverts(voting.InvalidBallotSignature, ballotId=ballot, voter=wallet.address):
        voting.relay(ballot, item, sender=relayer)


def test_relay_batch__all_good__counts_all_one_tally_write(
    voting, voters, relayer, electorate, dom, create_ballot
):
    ballot = create_ballot()
    items = [signed_ballot(electorate, dom, v, ballot, i % 2) for i, v in enumerate(voters)]
    assert list(voting.relayBatch.call(ballot, items, [], [], sender=relayer)) == [0] * len(voters)
    tx = voting.relayBatch(ballot, items, [], [], sender=relayer)
    assert len(tx.decode_logs(voting.VoteCast)) == len(voters)
    assert tx.decode_logs(voting.RelayedBallotRejected) == []
    assert voting.getBallot(ballot).turnoutVotes == len(voters)
    assert audit(voting) == []


def test_relay_batch__bad_items__skipped_with_reason_others_count(
    voting, voters, outsider, relayer, electorate, dom, create_ballot, chain
):
    ballot = create_ballot(options=2)
    good = [signed_ballot(electorate, dom, v, ballot, 1) for v in voters[:3]]
    forged = signed_ballot(electorate, dom, voters[5], ballot, 1, voter=voters[4])
    expired = signed_ballot(electorate, dom, voters[5], ballot, 0, deadline=1)
    bad_choice = signed_ballot(electorate, dom, voters[6], ballot, 7)
    stale_nonce = signed_ballot(electorate, dom, voters[7], ballot, 0, nonce=4)
    ineligible = list(signed_ballot(electorate, dom, voters[3], ballot, 0))
    ineligible[2] = 99  # weight not in the tree
    batch = [
        good[0],
        forged,
        good[1],
        expired,
        bad_choice,
        stale_nonce,
        tuple(ineligible),
        good[0],  # same voter twice in one batch
        good[2],
    ]
    expected = [
        Rejection.NONE,
        Rejection.INVALID_SIGNATURE,
        Rejection.NONE,
        Rejection.SIGNATURE_EXPIRED,
        Rejection.INVALID_CHOICE,
        Rejection.NONCE_MISMATCH,
        Rejection.NOT_ELIGIBLE,
        Rejection.ALREADY_VOTED,
        Rejection.NONE,
    ]
    assert list(voting.relayBatch.call(ballot, batch, [], [], sender=relayer)) == expected
    tx = voting.relayBatch(ballot, batch, [], [], sender=relayer)
    rejected = tx.decode_logs(voting.RelayedBallotRejected)
    assert [(log.voter, log.index, log.reason) for log in rejected] == [
        (item[0], item[1], reason)
        for item, reason in zip(batch, expected, strict=True)
        if reason != Rejection.NONE
    ]
    assert [log.voter for log in tx.decode_logs(voting.VoteCast)] == [v.address for v in voters[:3]]
    assert voting.tallyOf(ballot, 1) == (3, sum(electorate.weight(v) for v in voters[:3]))
    assert voting.tallyOf(ballot, 0) == (0, 0)
    assert audit(voting) == []


def test_relay_batch__ballot_closed__reverts_whole_batch(
    voting, voters, relayer, electorate, dom, create_ballot, to_time
):
    ballot = create_ballot()
    items = [signed_ballot(electorate, dom, v, ballot, 0) for v in voters[:2]]
    cfg = voting.getBallot(ballot).config
    to_time(cfg.end)
    with ape.reverts(voting.BallotNotOpen, ballotId=ballot, start=cfg.start, end=cfg.end):
        voting.relayBatch(ballot, items, [], [], sender=relayer)


def test_relay_batch__empty__reverts_empty_batch(voting, relayer, create_ballot):
    ballot = create_ballot()
    with ape.reverts(voting.EmptyBatch):
        voting.relayBatch(ballot, [], [], [], sender=relayer)


def test_relay_batch__changes_in_one_batch__net_tally(
    voting, voters, relayer, electorate, dom, create_ballot
):
    ballot = create_ballot(allow_change=True)
    v = voters[2]
    items = [
        signed_ballot(electorate, dom, v, ballot, 0, nonce=0),
        signed_ballot(electorate, dom, v, ballot, 1, nonce=1),
        signed_ballot(electorate, dom, v, ballot, 2, nonce=2),
    ]
    tx = voting.relayBatch(ballot, items, [], [], sender=relayer)
    assert [log.choice for log in tx.decode_logs(voting.VoteCast)] == [0, 1, 2]
    assert [voting.tallyOf(ballot, o) for o in range(3)] == [(0, 0), (0, 0), (1, 3)]
    assert voting.getBallot(ballot).turnoutVotes == 1
    assert audit(voting) == []
