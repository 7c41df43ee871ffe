"""M-Voting demo: an apartment-council election decided by relayed signed ballots (with
household shares and a quorum), then a secret-ballot poll with commit/reveal, then a
council election by encrypted ballot (three trustees, one vote change, partial
decryptions, a checked finalize) whose individual choices are never revealed, and a yes/no
referendum by encrypted ballot (the two-option form: one ciphertext and one bit proof).

``scale`` is the number of extra residents who vote by signature only; the relayer sends
their ballots in seat order, in batches of ``BATCH`` (with ``scale=10_000`` that is 500
transactions), under a rich progress bar, and reports transactions per second and gas per
ballot. The demo raises ``RuntimeError`` on any unexpected outcome.

Actors: the roles of ``deploy.ROLE_NAMES`` (``authority`` creates the ballots) and the
citizens in ``ACTORS`` (``relayer`` pays for the batches; five residents vote).
"""

from __future__ import annotations

import re
import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from civic.voting import (
    Electorate,
    Outcome,
    Rejection,
    ballot_config,
    chunks,
    commitment,
    domain,
    multiproof_batch,
    new_salt,
    publish_electorate,
    signed_ballot,
)
from civic.voting import elgamal as eg
from civic.voting.keys import key_voters
from civic.voting.recount import audit

# Citizens the demo needs besides the roles in deploy.ROLE_NAMES.
ACTORS = ("relayer", "kim", "lee", "park", "choi", "jung", "trustee1", "trustee2", "trustee3")
TRUSTEES = ("trustee1", "trustee2", "trustee3")
RESIDENTS = ("kim", "lee", "park", "choi", "jung")
SHARES = {"kim": 3, "lee": 2, "park": 2, "choi": 1, "jung": 1}
CANDIDATES = ("Han (chair)", "Oh (chair)", "Yoon (chair)")
POLL_OPTIONS = ("Keep the parking rules", "Add EV chargers", "Bike storage")
REFERENDUM = ("No", "Yes: repaint the facade")
# Ballots per relayed transaction (the bench measures 100). make demo runs Anvil without
# ape-foundry's --steps-tracing (toolchain/bin/anvil): with it, Anvil keeps every EVM step
# of every transaction in memory and a 10,000-voter run was OOM-killed at 23.5 GB.
BATCH = 50
SLOW_NODE_TIMEOUT = 600


def _relay(voting, electorate, ballot, batch, relayer):
    """``relayBatch`` with one multiproof for the batch when its seats share enough siblings
    (``multiproof_batch``); on a loaded node Ape gives up on the receipt after its network
    timeout (20 s locally) although the transaction is mined: wait longer for it then."""
    from ape import chain
    from ape.exceptions import TransactionNotFoundError

    try:
        return voting.relayBatch(ballot, *multiproof_batch(electorate, batch), sender=relayer)
    except TransactionNotFoundError as err:
        # Ape's error carries the hash only in its message
        found = re.search(r"0x[0-9a-fA-F]{64}", str(err))
        if found is None:
            raise
        return chain.provider.get_receipt(found.group(0), timeout=SLOW_NODE_TIMEOUT)


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise RuntimeError(f"demo: unexpected outcome: {what}")


def _voting(contracts):
    if isinstance(contracts, dict):
        return contracts.get("voting") or next(iter(contracts.values()))
    return contracts


def _create(voting, authority, chain, root, **kw):
    start = chain.pending_timestamp + 5
    end = start + 7 * 24 * 3600
    reveal_end = end + 2 * 24 * 3600 if kw.get("secret") else 0
    config = ballot_config(root, start, end, reveal_end=reveal_end, **kw)
    tx = voting.createBallot(config, sender=authority)
    ballot = tx.decode_logs(voting.BallotCreated)[0].ballotId
    chain.mine(1, timestamp=start)
    return ballot, end, reveal_end


def _result_table(title, voting, ballot, options) -> Table:
    view = voting.getBallot(ballot)
    votes, weights = voting.talliesOf(ballot)
    table = Table(title=title)
    table.add_column("option")
    table.add_column("voters", justify="right")
    table.add_column("weight", justify="right")
    for o, name in enumerate(options):
        won = view.outcome == Outcome.WINNER and view.winner == o
        table.add_row(("[bold green]" if won else "") + name, str(votes[o]), str(weights[o]))
    table.caption = (
        f"turnout {view.turnoutVotes} voters / weight {view.turnoutWeight}; "
        f"result: {Outcome(view.outcome).name}"
    )
    return table


def run(contracts, actors: dict, console: Console, scale: int = 1) -> dict:
    from ape import chain

    voting = _voting(contracts)
    authority, relayer = actors["authority"], actors["relayer"]
    residents = {name: actors[name] for name in RESIDENTS}
    synthetic = key_voters(scale, "m-voting/demo")
    shares = {acct.address: SHARES[name] for name, acct in residents.items()}
    shares |= {v.address: 1 for v in synthetic}
    electorate = Electorate(shares)
    dom = domain(voting, chain.chain_id)
    start_block = chain.blocks.head.number

    # ------------------------------------------------------------ apartment election
    console.rule("[bold]Apartment council election (open ballot, household shares)")
    quorum = (len(shares) + 1) // 2
    ballot, end, _ = _create(
        voting, authority, chain, electorate.root, options=len(CANDIDATES), quorum_votes=quorum
    )
    publish_electorate(electorate, ballot)
    console.print(
        f"ballot {ballot}: {len(shares)} eligible households, one Merkle root on chain; "
        f"quorum {quorum} voters"
    )
    kim = residents["kim"]
    index, weight, proof = electorate.credentials(kim)
    tx = voting.vote(ballot, index, weight, 0, proof, sender=kim)
    console.print(f"kim votes directly ({len(proof)}-sibling proof): {tx.gas_used:,} gas")

    signed = [
        signed_ballot(electorate, dom, acct, ballot, (i + 1) % len(CANDIDATES))
        for i, acct in enumerate(list(residents.values())[1:])
    ]
    signed += [signed_ballot(electorate, dom, v, ballot, i % 2) for i, v in enumerate(synthetic)]
    replay = signed[0]  # lee's ballot again: must be rejected, not silently dropped
    # relayers batch by seat range: neighbouring seats share their upper proof siblings
    batches = list(chunks(sorted(signed, key=lambda item: item[1]), BATCH))
    batches[-1] = list(batches[-1]) + [replay]
    gas_total, counted, rejected = 0, 0, []
    began = time.perf_counter()
    with Progress(
        TextColumn("relaying signed ballots"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("relay", total=len(signed) + 1)
        for batch in batches:
            tx = _relay(voting, electorate, ballot, batch, relayer)
            gas_total += tx.gas_used
            counted += len(tx.decode_logs(voting.VoteCast))
            rejected += list(tx.decode_logs(voting.RelayedBallotRejected))
            progress.advance(task, len(batch))
    elapsed = time.perf_counter() - began
    _expect(counted == len(signed), f"{counted} of {len(signed)} relayed ballots counted")
    _expect(
        [int(log.reason) for log in rejected] == [Rejection.ALREADY_VOTED],
        "the replayed ballot was rejected as AlreadyVoted",
    )
    stats = Table(title="relaying")
    for col in ("ballots", "transactions", "tx/s", "ballots/s", "gas per ballot"):
        stats.add_column(col, justify="right")
    stats.add_row(
        str(len(signed) + 1),
        str(len(batches)),
        f"{len(batches) / elapsed:.1f}",
        f"{(len(signed) + 1) / elapsed:.0f}",
        f"{gas_total // (len(signed) + 1):,}",
    )
    console.print(stats)
    relay_stats = {
        "ballots": len(signed) + 1,
        "transactions": len(batches),
        "seconds": elapsed,
        "gas_per_ballot": gas_total // (len(signed) + 1),
    }
    console.print(
        f"replayed ballot of {rejected[0].voter}: RelayedBallotRejected "
        f"({Rejection(int(rejected[0].reason)).name}), the rest of its batch counted"
    )
    chain.mine(1, timestamp=end)
    tx = voting.finalize(ballot, sender=relayer)
    _expect(voting.getBallot(ballot).outcome == Outcome.WINNER, "the election has a winner")
    console.print(_result_table("council election", voting, ballot, CANDIDATES))

    # ------------------------------------------------------------ secret poll
    console.rule("[bold]Secret poll (commit now, reveal after close)")
    poll_electorate = Electorate({acct.address: 1 for acct in residents.values()})
    poll, end, reveal_end = _create(
        voting,
        authority,
        chain,
        poll_electorate.root,
        options=len(POLL_OPTIONS),
        secret=True,
        allow_change=True,
    )
    publish_electorate(poll_electorate, poll)
    picks = {"kim": 1, "lee": 1, "park": 2, "choi": 0, "jung": 1}
    salts = {name: new_salt() for name in residents}
    live = Table(title="live turnout while choices are hidden")
    live.add_column("after")
    live.add_column("turnout", justify="right")
    live.add_column("tallied", justify="right")
    for name, acct in residents.items():
        index, weight, proof = poll_electorate.credentials(acct)
        c = commitment(voting.address, poll, index, picks[name], salts[name])
        voting.commit(poll, index, weight, c, proof, sender=acct)
        view = voting.getBallot(poll)
        live.add_row(f"{name} commits", str(view.turnoutVotes), str(sum(voting.talliesOf(poll)[0])))
    # park changes their mind before close (allowed on this poll): a fresh commitment
    picks["park"] = 1
    salts["park"] = new_salt()
    index, weight, proof = poll_electorate.credentials(residents["park"])
    c = commitment(voting.address, poll, index, 1, salts["park"])
    voting.commit(poll, index, weight, c, proof, sender=residents["park"])
    live.add_row("park re-commits", str(voting.getBallot(poll).turnoutVotes), "0")
    console.print(live)
    _expect(voting.getBallot(poll).turnoutVotes == len(residents), "turnout counts each once")

    chain.mine(1, timestamp=end)
    for name, acct in residents.items():
        if name == "jung":
            continue  # jung never reveals: counted in turnout, not in the tally
        seat = poll_electorate.seat(acct)
        voting.reveal(poll, seat, picks[name], salts[name], sender=relayer)
    chain.mine(1, timestamp=reveal_end)
    voting.finalize(poll, sender=relayer)
    view = voting.getBallot(poll)
    _expect(view.outcome == Outcome.WINNER and view.winner == 1, "EV chargers win the poll")
    console.print(_result_table("secret poll (jung did not reveal)", voting, poll, POLL_OPTIONS))

    _encrypted_election(voting, actors, residents, console)
    _encrypted_referendum(voting, actors, residents, console)

    problems = audit(voting, start_block)
    _expect(not problems, f"recount from events matches the getters: {problems[:3]}")
    console.print("[green]recount from events alone matches every getter")
    return relay_stats


def _encrypted_election(voting, actors, residents, console: Console) -> None:
    """The council election by encrypted ballot (비밀투표): each choice stays secret for
    ever; only the per-candidate totals are decrypted, by all three trustees together."""
    from ape import chain

    console.rule("[bold]Council election by secret ballot (encrypted, 3 trustees)")
    electorate = Electorate({acct.address: SHARES[name] for name, acct in residents.items()})
    committee = eg.Trustees.generate([actors[t] for t in TRUSTEES])
    start = chain.pending_timestamp + 60
    end = start + 7 * 24 * 3600
    config = ballot_config(
        electorate.root,
        start,
        end,
        options=len(CANDIDATES),
        secret=True,
        allow_change=True,
        reveal_end=end + 2 * 24 * 3600,
    )
    trustees = [a.address for a in committee.accounts]
    tx = voting.createEncryptedBallot(config, trustees, sender=actors["authority"])
    ballot = tx.decode_logs(voting.EncryptedBallotCreated)[0].ballotId
    key = committee.post_keys(voting, ballot, chain.chain_id)
    console.print(f"ballot {ballot}: 3 trustees posted key shares with Schnorr proofs")
    chain.mine(1, timestamp=start)

    def encrypt(name, pick):
        index = electorate.seat(residents[name])
        ctx = eg.ballot_context(
            chain.chain_id, voting.address, ballot, index, residents[name].address
        )
        return eg.encrypt_ballot(key, ctx, pick, len(CANDIDATES))

    picks = {"kim": 0, "lee": 1, "park": 1, "choi": 2, "jung": 1}
    sent = {name: encrypt(name, pick) for name, pick in picks.items()}
    kim = residents["kim"]
    index, weight, proof = electorate.credentials(kim)
    tx = voting.castEncrypted(ballot, index, weight, proof, eg.vote_args(sent["kim"]), sender=kim)
    console.print(f"kim casts an encrypted ballot directly: {tx.gas_used:,} gas")
    dom = domain(voting, chain.chain_id)
    others = [n for n in picks if n != "kim"]
    items = [
        signed_ballot(
            electorate, dom, residents[n], ballot, eg.ciphertext_hash(sent[n].a, sent[n].b)
        )
        for n in others
    ]
    votes = [eg.vote_args(sent[n]) for n in others]
    tx = voting.relayEncryptedBatch(ballot, items, votes, sender=actors["relayer"])
    _expect(not tx.decode_logs(voting.RelayedBallotRejected), "every encrypted ballot counted")
    console.print(f"4 signed encrypted ballots relayed in one batch: {tx.gas_used:,} gas")
    # choi changes their vote: the new ciphertext replaces the old one in the aggregate
    changed = encrypt("choi", 0)
    index, weight, proof = electorate.credentials(residents["choi"])
    voting.castEncrypted(
        ballot, index, weight, proof, eg.vote_args(changed, sent["choi"]), sender=residents["choi"]
    )
    picks["choi"] = 0
    view = voting.getBallot(ballot)
    console.print(
        f"choi changed their vote; live turnout {view.turnoutVotes} households / weight "
        f"{view.turnoutWeight}, no choice visible to anyone"
    )
    chain.mine(1, timestamp=end)
    committee.decrypt(voting, ballot, chain.chain_id)
    weights = eg.tally_of(voting, ballot, electorate.total_weight)
    expected = [0] * len(CANDIDATES)
    for name, pick in picks.items():
        expected[pick] += SHARES[name]
    _expect(weights == expected, f"decrypted totals {weights} equal the plain tally {expected}")
    voting.finalizeEncrypted(ballot, weights, sender=actors["relayer"])
    view = voting.getBallot(ballot)
    _expect(view.outcome == Outcome.WINNER and view.winner == 1, "Oh wins the secret ballot")
    table = Table(title="secret-ballot council election (totals only)")
    table.add_column("candidate")
    table.add_column("weight", justify="right")
    for o, name in enumerate(CANDIDATES):
        table.add_row(("[bold green]" if o == view.winner else "") + name, str(weights[o]))
    table.caption = "each total checked on chain: b - sum(D_i) == weight * G"
    console.print(table)


def _encrypted_referendum(voting, actors, residents, console: Console) -> None:
    """A yes/no question by encrypted ballot: each voter sends option 0's ciphertext and
    its bit proof only; option 1's is derived on chain, so no sum proof is needed."""
    from ape import chain

    console.rule("[bold]Referendum by secret ballot (encrypted, two options)")
    electorate = Electorate({acct.address: SHARES[name] for name, acct in residents.items()})
    committee = eg.Trustees.generate([actors[t] for t in TRUSTEES])
    start = chain.pending_timestamp + 60
    end = start + 3 * 24 * 3600
    config = ballot_config(
        electorate.root, start, end, options=2, secret=True, reveal_end=end + 24 * 3600
    )
    trustees = [a.address for a in committee.accounts]
    tx = voting.createEncryptedBallot(config, trustees, sender=actors["authority"])
    ballot = tx.decode_logs(voting.EncryptedBallotCreated)[0].ballotId
    key = committee.post_keys(voting, ballot, chain.chain_id)
    chain.mine(1, timestamp=start)
    picks = {"kim": 1, "lee": 0, "park": 1, "choi": 1, "jung": 0}
    for name, pick in picks.items():
        voter = residents[name]
        index, weight, proof = electorate.credentials(voter)
        ctx = eg.ballot_context(chain.chain_id, voting.address, ballot, index, voter.address)
        sent = eg.encrypt_ballot(key, ctx, pick, 2)
        tx = voting.castEncrypted(ballot, index, weight, proof, eg.vote_args(sent), sender=voter)
        if name == "kim":
            console.print(f"kim casts a two-option encrypted ballot: {tx.gas_used:,} gas")
    chain.mine(1, timestamp=end)
    committee.decrypt(voting, ballot, chain.chain_id)
    weights = eg.tally_of(voting, ballot, electorate.total_weight)
    expected = [0, 0]
    for name, pick in picks.items():
        expected[pick] += SHARES[name]
    _expect(weights == expected, f"decrypted totals {weights} equal the plain tally {expected}")
    voting.finalizeEncrypted(ballot, weights, sender=actors["relayer"])
    view = voting.getBallot(ballot)
    _expect(view.outcome == Outcome.WINNER and view.winner == 1, "the facade is repainted")
    table = Table(title="encrypted referendum (totals only)")
    table.add_column("option")
    table.add_column("weight", justify="right")
    for o, name in enumerate(REFERENDUM):
        table.add_row(("[bold green]" if o == view.winner else "") + name, str(weights[o]))
    table.caption = "option 1 = (-a, G - b) per ballot: its total is turnout weight - option 0's"
    console.print(table)
