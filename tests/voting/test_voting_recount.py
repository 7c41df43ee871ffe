"""The recount from events alone equals the getters, and the audit names a difference."""

from eth_abi import encode

from civic.merkle import keccak
from civic.voting import BallotState, Outcome, commitment, signed_ballot
from civic.voting.recount import audit, decide, recount

TALLIES_SLOT = 5  # storage slot of MVoting._tallies (checked against a known value below)


def _tally_slot(ballot_id: int, option: int) -> int:
    inner = keccak(encode(["uint256", "uint256"], [ballot_id, TALLIES_SLOT]))
    return int.from_bytes(keccak(encode(["uint256"], [option]) + inner), "big")


def test_decide__rules__winner_tie_quorum():
    assert decide([(2, 5), (1, 3)], 0, 0)[:2] == (Outcome.WINNER, 0)
    assert decide([(2, 5), (1, 5)], 0, 0)[:2] == (Outcome.TIE, 0)
    assert decide([(2, 5), (1, 3)], 4, 0)[:2] == (Outcome.QUORUM_NOT_MET, 0)
    assert decide([(2, 5), (1, 3)], 0, 9)[:2] == (Outcome.QUORUM_NOT_MET, 0)


def test_recount__mixed_ballots__equals_getters(
    voting, voters, relayer, authority, electorate, dom, create_ballot, to_time, stranger
):
    cancelled = create_ballot(delay=50)
    voting.cancelBallot(cancelled, sender=authority)
    open_ballot = create_ballot(allow_change=True, quorum_votes=2)
    items = [signed_ballot(electorate, dom, v, open_ballot, i % 3) for i, v in enumerate(voters)]
    voting.relayBatch(open_ballot, items, [], [], sender=relayer)
    change = signed_ballot(electorate, dom, voters[0], open_ballot, 2, nonce=1)
    voting.relay(open_ballot, change, sender=relayer)
    salt = b"\x01" * 32
    secret = create_ballot(secret=True)
    for i, v in enumerate(voters[:3]):
        index, weight, proof = electorate.credentials(v)
        c = commitment(voting.address, secret, index, i % 2, salt)
        voting.commit(secret, index, weight, c, proof, sender=v)
    to_time(voting.getBallot(secret).config.end)
    for i, v in enumerate(voters[:2]):
        voting.reveal(secret, electorate.seat(v), i % 2, salt, sender=stranger)
    voting.finalize(open_ballot, sender=stranger)

    counted = recount(voting)
    assert counted["ballot_count"] == voting.ballotCount()
    b = counted["ballots"]
    assert b[cancelled]["state"] == BallotState.CANCELLED
    assert b[open_ballot]["state"] == BallotState.FINALIZED
    assert b[open_ballot]["turnout_votes"] == len(voters)
    assert b[open_ballot]["seats"][electorate.seat(voters[0])]["choice"] == 2
    assert b[open_ballot]["seats"][electorate.seat(voters[0])]["voter"] == voters[0].address
    assert b[secret]["turnout_votes"] == 3
    assert sum(v for v, _ in b[secret]["tallies"]) == 2
    assert audit(voting) == []


def test_audit__tampered_tally__names_the_mismatch(
    voting, voters, electorate, create_ballot, chain
):
    ballot = create_ballot()
    index, weight, proof = electorate.credentials(voters[1])
    voting.vote(ballot, index, weight, 0, proof, sender=voters[1])
    slot = _tally_slot(ballot, 0)
    packed = 1 | (1 << 8) | (weight << 40)  # opened, votes = 1, weight
    raw = chain.provider.make_request("eth_getStorageAt", [voting.address, hex(slot), "latest"])
    assert int(raw, 16) == packed
    forged = 1 | (2 << 8) | (weight << 40)
    chain.provider.make_request(
        "anvil_setStorageAt", [voting.address, hex(slot), "0x" + forged.to_bytes(32, "big").hex()]
    )
    problems = audit(voting)
    assert problems and problems[0].startswith(f"ballot {ballot} turnoutVotes: getter 2")
    assert any(f"ballot {ballot} tally[0].votes: getter 2 != recount 1" in p for p in problems)
