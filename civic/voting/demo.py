"""M-Voting demo: an apartment-council election decided by relayed signed ballots (with
household shares and a quorum), then a secret-ballot poll with commit/reveal, then a
council election by encrypted ballot (three trustees, one vote change, partial
decryptions, a checked finalize) whose individual choices are never revealed, and a yes/no
referendum by encrypted ballot (the two-option form: one ciphertext and one bit proof).

``scale`` is the number of extra residents who vote by signature only (up to a million):
their keys, the roll's Merkle tree, their signatures and the relaying each run under a rich
progress bar (``civic.voting.scale``): the relayer sends the ballots in seat order, in
batches as large as fit ``GAS_MARGIN`` below the node's gas limit for a transaction (one
multiproof each), over plain JSON-RPC, and the demo reports each phase's time, ballots per
second and gas per ballot; the recount reads the logs in pages. The demo raises
``RuntimeError`` on any unexpected outcome.

Actors: the roles of ``deploy.ROLE_NAMES`` (``authority`` creates the ballots) and the
citizens in ``ACTORS`` (``relayer`` pays for the batches; five residents vote).
"""

from __future__ import annotations

import time
from collections import Counter

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from civic.merkle import keccak
from civic.voting import (
    Electorate,
    Outcome,
    Rejection,
    ballot_config,
    choice_word,
    commitment,
    domain,
    new_salt,
    publish_electorate,
    signed_ballot,
)
from civic.voting import elgamal as eg
from civic.voting import scale as sc
from civic.voting.keys import key_roll, sign_digests
from civic.voting.recount import audit

VOTE_CAST = "0x" + keccak(b"VoteCast(uint256,address,uint256,uint256,uint256)").hex()
REJECTED = "0x" + keccak(b"RelayedBallotRejected(uint256,address,uint256,uint8)").hex()

# Citizens the demo needs besides the roles in deploy.ROLE_NAMES.
ACTORS = ("relayer", "kim", "lee", "park", "choi", "jung", "trustee1", "trustee2", "trustee3")
TRUSTEES = ("trustee1", "trustee2", "trustee3")
RESIDENTS = ("kim", "lee", "park", "choi", "jung")
SHARES = {"kim": 3, "lee": 2, "park": 2, "choi": 1, "jung": 1}
CANDIDATES = ("Han (chair)", "Oh (chair)", "Yoon (chair)")
POLL_OPTIONS = ("Keep the parking rules", "Add EV chargers", "Bike storage")
REFERENDUM = ("No", "Yes: repaint the facade")
# make demo runs Anvil without ape-foundry's --steps-tracing (toolchain/devchain): with it,
# Anvil keeps every EVM step of every transaction in memory and a 10,000-voter run was
# OOM-killed at 23.5 GB.
SIGN_CHUNK = 10_000


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


def _progress(console: Console, what: str) -> Progress:
    return Progress(
        TextColumn(what),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=console,
    )


def _roll(residents: dict, scale: int, console: Console):
    """The residents (seats 0-4, household shares) and ``scale`` synthetic voters (weight 1,
    the seats after), in a tree padded to a power of two (a seat run's multiproof never
    meets an unpaired node); ``(electorate, synthetic key roll)``."""
    with _progress(console, "electorate: keys") as progress:
        task = progress.add_task("keys", total=scale)
        roll = key_roll(scale, "m-voting/demo", lambda n: progress.advance(task, n))
    shares = {acct.address: SHARES[name] for name, acct in residents.items()}
    shares |= {address: 1 for _, address in roll}
    with console.status(f"electorate: Merkle tree over {len(shares):,} seats"):
        electorate = Electorate(shares, size=1 << (len(shares) - 1).bit_length())
    return electorate, roll


def _sign(electorate, dom, ballot, residents, roll, console: Console) -> list[tuple[int, bytes]]:
    """Every signed ballot but kim's (who votes directly), encoded for ``relayBatch`` with
    an empty proof (the batch carries a multiproof), as ``(seat, item)`` in seat order."""
    signed = []
    for i, acct in enumerate(list(residents.values())[1:]):
        item = signed_ballot(electorate, dom, acct, ballot, (i + 1) % len(CANDIDATES))
        signed.append((item[1], sc.encode_signed_ballot((*item[:6], [], item[7]))))
    hasher = sc.BallotHasher(dom, ballot)
    words = (choice_word(0), choice_word(1))
    seats = electorate.seats
    with _progress(console, "signing ballots") as progress:
        task = progress.add_task("sign", total=len(roll))
        for start in range(0, len(roll), SIGN_CHUNK):
            chunk = [
                (seats[a], a, s, words[start + j & 1])
                for j, (s, a) in enumerate(roll[start : start + SIGN_CHUNK])
            ]
            digests = [(s, hasher.digest(a, seat, 1, w)) for seat, a, s, w in chunk]
            for (seat, a, _, w), sig in zip(chunk, sign_digests(digests), strict=True):
                item = (a, seat, 1, w, hasher.nonce, hasher.deadline, (), sig)
                signed.append((seat, sc.encode_signed_ballot(item)))
            progress.advance(task, len(chunk))
    signed.sort(key=lambda pair: pair[0])
    return signed


def _relay_all(voting, electorate, ballot, signed, relayer, console: Console) -> dict:
    """Relay ``signed`` in gas-sized seat runs over the fast path; the batches' gas, sizes
    and counted votes."""
    from ape import chain

    from civic.fastpath import FastPath, FastPathError

    try:
        fast = FastPath(chain.provider)
    except (AttributeError, FastPathError):  # no HTTP node (Ape's embedded chain)
        fast = sc.ApeTransport(relayer)
    sender, contract = str(relayer.address), str(voting.address)
    limit = int(fast.rpc("eth_getBlockByNumber", ["latest", False])["gasLimit"], 16)
    budget, cap = sc.gas_budget(limit), sc.gas_cap(limit)
    seats = [seat for seat, _ in signed]
    items = [item for _, item in signed]

    def first(n: int) -> sc.Batch:
        return sc.batch_of(electorate.tree, seats[:n], items[:n])

    estimate = sc.estimator(fast, sender, contract, ballot, first)
    size, fixed, per_item = sc.fit_batch(estimate, budget, len(signed))
    console.print(
        f"batches by gas: node limit {limit:,}, budget {budget:,} ({sc.GAS_MARGIN:.0%} "
        f"margin below {cap:,}, the EIP-7825 cap or the block's); probe: {per_item:,} gas "
        f"a ballot + {fixed:,} fixed; {size:,} ballots a transaction"
    )
    gas, topics = [], Counter()
    began = time.perf_counter()
    with _progress(console, "relaying signed ballots") as progress:
        task = progress.add_task("relay", total=len(signed))
        for receipt in sc.relay_batches(
            fast,
            sender,
            contract,
            ballot,
            sc.seat_runs(electorate.tree, signed, size),
            cap,
            advance=lambda n: progress.advance(task, n),
        ):
            gas.append(int(receipt["gasUsed"], 16))
            topics.update(log["topics"][0] for log in receipt["logs"])
    elapsed = time.perf_counter() - began
    return {
        "ballots": len(signed),
        "transactions": len(gas),
        "seconds": elapsed,
        "gas_per_ballot": sum(gas) // max(1, len(signed)),
        "gas_limit": limit,
        "budget": budget,
        "cap": cap,
        "max_batch_gas": max(gas),
        "batch_size": size,
        "counted": topics[VOTE_CAST],
        "rejected": topics[REJECTED],
    }


def run(contracts, actors: dict, console: Console, scale: int = 1) -> dict:
    from ape import chain

    voting = _voting(contracts)
    authority, relayer = actors["authority"], actors["relayer"]
    residents = {name: actors[name] for name in RESIDENTS}
    phases = {}
    began = time.perf_counter()
    electorate, roll = _roll(residents, scale, console)
    phases["electorate"] = time.perf_counter() - began
    dom = domain(voting, chain.chain_id)
    start_block = chain.blocks.head.number

    # ------------------------------------------------------------ apartment election
    console.rule("[bold]Apartment council election (open ballot, household shares)")
    seats = len(electorate.by_seat)
    quorum = (seats + 1) // 2
    ballot, end, _ = _create(
        voting, authority, chain, electorate.root, options=len(CANDIDATES), quorum_votes=quorum
    )
    publish_electorate(electorate, ballot)
    console.print(
        f"ballot {ballot}: {seats:,} eligible households, one Merkle root on chain; "
        f"quorum {quorum:,} voters"
    )
    kim = residents["kim"]
    index, weight, proof = electorate.credentials(kim)
    tx = voting.vote(ballot, index, weight, 0, proof, sender=kim)
    console.print(f"kim votes directly ({len(proof)}-sibling proof): {tx.gas_used:,} gas")

    began = time.perf_counter()
    signed = _sign(electorate, dom, ballot, residents, roll, console)
    phases["signing"] = time.perf_counter() - began
    del roll
    relay_stats = _relay_all(voting, electorate, ballot, signed, relayer, console)
    phases["relaying"] = relay_stats["seconds"]
    _expect(
        relay_stats["counted"] == len(signed) and not relay_stats["rejected"],
        f"{relay_stats['counted']} of {len(signed)} relayed ballots counted",
    )
    _expect(
        relay_stats["max_batch_gas"] <= relay_stats["cap"],
        f"a batch used {relay_stats['max_batch_gas']:,} gas, over {relay_stats['cap']:,}",
    )
    # lee's ballot again, on its own with its own proof: rejected, not silently dropped
    lee = residents["lee"]
    replay = signed_ballot(electorate, dom, lee, ballot, 1)
    tx = voting.relayBatch(ballot, [replay], [], [], sender=relayer)
    rejected = list(tx.decode_logs(voting.RelayedBallotRejected))
    _expect(
        [int(log.reason) for log in rejected] == [Rejection.ALREADY_VOTED],
        "the replayed ballot was rejected as AlreadyVoted",
    )
    stats = Table(title="relaying")
    for col in ("ballots", "transactions", "ballots a tx", "tx/s", "ballots/s", "gas per ballot"):
        stats.add_column(col, justify="right")
    elapsed = relay_stats["seconds"]
    stats.add_row(
        f"{len(signed):,}",
        f"{relay_stats['transactions']:,}",
        f"{relay_stats['batch_size']:,}",
        f"{relay_stats['transactions'] / elapsed:.1f}",
        f"{len(signed) / elapsed:,.0f}",
        f"{relay_stats['gas_per_ballot']:,}",
    )
    stats.caption = (
        f"largest batch {relay_stats['max_batch_gas']:,} gas of a {relay_stats['budget']:,} budget"
    )
    console.print(stats)
    console.print(
        f"replayed ballot of {rejected[0].voter}: RelayedBallotRejected "
        f"({Rejection(int(rejected[0].reason)).name}), on its own batch"
    )
    began = time.perf_counter()
    chain.mine(1, timestamp=end)
    tx = voting.finalize(ballot, sender=relayer)
    phases["finalize"] = time.perf_counter() - began
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

    began = time.perf_counter()
    with _progress(console, "recount: reading logs (blocks)") as progress:
        task = progress.add_task("recount", total=chain.blocks.height - start_block + 1)
        problems = audit(voting, start_block, lambda n: progress.advance(task, n))
    phases["recount"] = time.perf_counter() - began
    _expect(not problems, f"recount from events matches the getters: {problems[:3]}")
    console.print("[green]recount from events alone matches every getter")
    return relay_stats | {"phases": phases, "audit": problems}


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
