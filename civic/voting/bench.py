"""Gas of M-Voting next to OpenZeppelin Governor, measured on the same node (``make bench``).

Ours runs on a 2**20-seat electorate (20-sibling proofs, the calldata a million-voter poll
pays); real voters sit at chosen seats among filler leaves. Governor runs a stock OZ 5.4
Governor over an ERC20Votes token (``contracts/peers/``).

Rows (ours vs peer):
- direct vote, 20-sibling proof, first seat of its bitmap word / a later one vs castVote
  first / later;
- relayed signed vote, one per transaction vs castVoteBySig;
- relayed batch of 100, per vote: seats in one bitmap word run (a roll ordered by building,
  relayers batching by seat range) and scattered seats (every vote opens its own word) vs
  castVoteBySig;
- per-voter total from nothing: ours is the voter's share of a batch (the voter holds no
  ETH, no token); Governor's is receiving the token + delegate(self) + castVote.
"""

from __future__ import annotations

from civic.eip712 import Domain, sign_digest
from civic.eip712 import digest as eip712_digest
from civic.gas import GasRow, floor_gas
from civic.voting import Electorate, ballot_config, domain, signed_ballot
from civic.voting.keys import key_voters

SERVICE = "voting"
PEER = "OZ Governor 5.4"
TREE_SIZE = 2**20
BATCH = 100
GOVERNOR_BALLOT_TYPES = {
    "Ballot": [
        {"name": "proposalId", "type": "uint256"},
        {"name": "support", "type": "uint8"},
        {"name": "voter", "type": "address"},
        {"name": "nonce", "type": "uint256"},
    ]
}


def _floor(receipt) -> int:
    return floor_gas(bytes(receipt.transaction.data))


def measure_governor(deployer, accounts) -> dict[str, int]:
    """castVote first/later, castVoteBySig, transfer to a fresh holder, delegate(self)."""
    from ape import chain, project

    token = project.PeerVotesToken.deploy(sender=deployer)
    governor = project.PeerGovernor.deploy(token.address, sender=deployer)
    token.mint(deployer, 10**24, sender=deployer)
    v_first, v_later, v_sig = accounts[20], accounts[21], accounts[22]
    gas: dict[str, int] = {}
    for i, voter in enumerate((v_first, v_later, v_sig)):
        tx = token.transfer(voter, 10**21, sender=deployer)
        dtx = token.invoke_transaction("delegate", voter, sender=voter)
        if i == 1:
            gas["transfer"] = tx.gas_used
            gas["delegate"] = dtx.gas_used
    tx = governor.propose([token.address], [0], [b""], "bench proposal", sender=deployer)
    proposal_id = tx.decode_logs(governor.ProposalCreated)[0].proposalId
    chain.mine(2)
    gas["castVote first"] = governor.castVote(proposal_id, 1, sender=v_first).gas_used
    gas["castVote later"] = governor.castVote(proposal_id, 1, sender=v_later).gas_used
    dom = Domain("Peer Governor", "1", chain.chain_id, str(governor.address))
    message = {
        "proposalId": proposal_id,
        "support": 1,
        "voter": v_sig.address,
        "nonce": governor.nonces(v_sig),
    }
    signature = sign_digest(v_sig, eip712_digest(dom, "Ballot", GOVERNOR_BALLOT_TYPES, message))
    gas["castVoteBySig"] = governor.castVoteBySig(
        proposal_id, 1, v_sig.address, signature, sender=deployer
    ).gas_used
    return gas


def measure_ours(deployer, accounts) -> dict[str, tuple[int, int]]:
    """``{row: (gas, floor_gas)}`` on a 2**20-seat ballot; batch rows are per vote."""
    from ape import chain, project

    voting = project.MVoting.deploy(deployer, deployer, sender=deployer)
    direct_first, direct_later, relayer = accounts[14], accounts[15], accounts[16]
    synthetic = key_voters(1 + 2 * BATCH, "m-voting/bench")
    single, run, scattered = synthetic[0], synthetic[1 : 1 + BATCH], synthetic[1 + BATCH :]
    seats = {direct_first.address: 512, direct_later.address: 513, single.address: 1024}
    seats |= {v.address: 4096 + i for i, v in enumerate(run)}  # two bitmap words
    seats |= {v.address: 8192 + 256 * 37 * i for i, v in enumerate(scattered)}  # one word each
    electorate = Electorate({a: 1 for a in seats}, size=TREE_SIZE, seats=seats)

    start = chain.pending_timestamp + 5
    config = ballot_config(electorate.root, start, start + 3600, options=2)
    tx = voting.createBallot(config, sender=deployer)
    ballot = tx.decode_logs(voting.BallotCreated)[0].ballotId
    chain.mine(1, timestamp=start)
    dom = domain(voting, chain.chain_id)

    rows: dict[str, tuple[int, int]] = {}
    for label, voter in (("direct first", direct_first), ("direct later", direct_later)):
        index, weight, proof = electorate.credentials(voter)
        tx = voting.vote(ballot, index, weight, 1, proof, sender=voter)
        rows[label] = (tx.gas_used, _floor(tx))

    tx = voting.relay(ballot, signed_ballot(electorate, dom, single, ballot, 1), sender=relayer)
    rows["relay single"] = (tx.gas_used, _floor(tx))

    for label, group in (("batch run", run), ("batch scattered", scattered)):
        items = [signed_ballot(electorate, dom, v, ballot, i % 2) for i, v in enumerate(group)]
        tx = voting.relayBatch(ballot, items, sender=relayer)
        if tx.decode_logs(voting.RelayedBallotRejected):
            raise RuntimeError("bench batch had rejected ballots")
        rows[label] = (tx.gas_used // len(group), _floor(tx) // len(group))
    return rows


def measure(deployer, accounts) -> list[GasRow]:
    ours = measure_ours(deployer, accounts)
    gov = measure_governor(deployer, accounts)
    gov_total = gov["transfer"] + gov["delegate"] + gov["castVote later"]

    def row(op, key, peer_op, peer_gas):
        gas, floor = ours[key]
        return GasRow(SERVICE, op, gas, PEER, peer_op, peer_gas, floor)

    return [
        row(
            "vote, 2^20 proof, first seat of its bitmap word",
            "direct first",
            "castVote (first)",
            gov["castVote first"],
        ),
        row(
            "vote, 2^20 proof, seat word already used",
            "direct later",
            "castVote (later)",
            gov["castVote later"],
        ),
        row(
            "relayed signed vote (single tx)", "relay single", "castVoteBySig", gov["castVoteBySig"]
        ),
        row(
            "relayed vote, batch of 100, seat run (per vote)",
            "batch run",
            "castVoteBySig",
            gov["castVoteBySig"],
        ),
        row(
            "relayed vote, batch of 100, scattered seats (per vote)",
            "batch scattered",
            "castVoteBySig",
            gov["castVoteBySig"],
        ),
        row(
            "per-voter total from nothing (batch share, seat run)",
            "batch run",
            "transfer + delegate + castVote (later)",
            gov_total,
        ),
        row(
            "per-voter total from nothing (batch share, scattered)",
            "batch scattered",
            "transfer + delegate + castVote (later)",
            gov_total,
        ),
        GasRow(SERVICE, "peer: token transfer to fresh holder", gov["transfer"]),
        GasRow(SERVICE, "peer: delegate(self), first", gov["delegate"]),
    ]
