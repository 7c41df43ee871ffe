"""No sum wraps: a leaf weighs at most 2^96 - 1, tallies and turnout hold 128-bit weights
and 32-bit seat counts, and every narrowing is checked (a count past its width reverts)."""

import ape
import pytest
from eth_abi import encode

from civic.merkle import keccak
from civic.voting import MAX_LEAF_WEIGHT, Electorate, Outcome, commitment, signed_ballot
from civic.voting.recount import audit

TALLIES_SLOT = 5  # storage slot of MVoting._tallies (as in test_voting_recount)
SALT = b"\x09" * 32


@pytest.fixture(scope="module")
def heavy(voters):
    """Leaves (0, A, 2^96 - 1) and (1, B, 1): together one more than a uint96 holds."""
    a, b = voters[0], voters[1]
    return a, b, Electorate({}, extra=[(0, a.address, MAX_LEAF_WEIGHT), (1, b.address, 1)])


def _tally_slot(ballot_id: int, option: int) -> int:
    inner = keccak(encode(["uint256", "uint256"], [ballot_id, TALLIES_SLOT]))
    return int.from_bytes(keccak(encode(["uint256"], [option]) + inner), "big")


def test_vote__tally_past_uint96__exact_not_wrapped(
    voting, heavy, create_ballot, to_time, stranger
):
    a, b, tree = heavy
    ballot = create_ballot(root=tree.root, options=2)
    for voter in (a, b):
        index, weight, proof = tree.credentials(voter)
        voting.vote(ballot, index, weight, 0, proof, sender=voter)
    assert voting.tallyOf(ballot, 0) == (2, 2**96)
    view = voting.getBallot(ballot)
    assert (view.turnoutVotes, view.turnoutWeight) == (2, 2**96)
    to_time(view.config.end)
    log = voting.finalize(ballot, sender=stranger).decode_logs(voting.BallotFinalized)[0]
    assert (log.outcome, log.winner, log.talliedWeight) == (Outcome.WINNER, 0, 2**96)
    assert audit(voting) == []


def test_relay_batch__tally_past_uint96__exact_not_wrapped(
    voting, heavy, relayer, dom, create_ballot
):
    a, b, tree = heavy
    ballot = create_ballot(root=tree.root, options=2)
    items = [signed_ballot(tree, dom, v, ballot, 0) for v in (a, b)]
    voting.relayBatch(ballot, items, [], [], sender=relayer)
    assert voting.tallyOf(ballot, 0) == (2, 2**96)
    assert audit(voting) == []


def test_reveal__tally_and_turnout_past_uint96__exact_not_wrapped(
    voting, heavy, create_ballot, to_time, stranger
):
    a, b, tree = heavy
    ballot = create_ballot(root=tree.root, options=2, secret=True)
    for voter in (a, b):
        index, weight, proof = tree.credentials(voter)
        c = commitment(voting.address, ballot, index, 0, SALT)
        voting.commit(ballot, index, weight, c, proof, sender=voter)
    view = voting.getBallot(ballot)
    assert (view.turnoutVotes, view.turnoutWeight) == (2, 2**96)
    to_time(view.config.end)
    for voter in (a, b):
        voting.reveal(ballot, tree.seat(voter), 0, SALT, sender=stranger)
    assert voting.tallyOf(ballot, 0) == (2, 2**96)
    assert audit(voting) == []


def test_vote__leaf_weight_past_uint96__reverts_not_eligible(voting, voters, create_ballot):
    voter = voters[0]
    tree = Electorate({}, extra=[(0, voter.address, 2**96), (1, voters[1].address, 1)])
    ballot = create_ballot(root=tree.root, options=2)
    index, weight, proof = tree.credentials(voter)
    with ape.reverts(
        voting.NotEligible, ballotId=ballot, voter=voter.address, index=index, weight=2**96
    ):
        voting.vote(ballot, index, weight, 0, proof, sender=voter)


def test_vote__tally_votes_at_uint32_max__reverts_safecast(voting, heavy, create_ballot, chain):
    """An option already at 2^32 - 1 seats (set in storage: no test can cast that many
    votes) refuses one more instead of wrapping to 0."""
    a, _, tree = heavy
    ballot = create_ballot(root=tree.root, options=2)
    slot = _tally_slot(ballot, 0)
    full = 1 | ((2**32 - 1) << 8)  # opened, votes = 2^32 - 1, weight 0
    chain.provider.make_request(
        "anvil_setStorageAt", [voting.address, hex(slot), "0x" + full.to_bytes(32, "big").hex()]
    )
    index, weight, proof = tree.credentials(a)
    with ape.reverts(voting.SafeCastOverflowedUintDowncast, bits=32, value=2**32):
        voting.vote(ballot, index, weight, 0, proof, sender=a)
    assert voting.tallyOf(ballot, 0) == (2**32 - 1, 0)
