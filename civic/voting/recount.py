"""Rebuild every M-Voting ballot from the contract's event logs alone, and audit the
contract's getters against that recount.

The logs say everything: ``BallotCreated`` carries the whole configuration, ``VoteCast``
the voter, seat, option and weight (a second ``VoteCast`` for the same seat moves that
seat's vote; seats, not addresses, vote), ``VoteCommitted`` / ``VoteRevealed`` the
secret-mode commitments and openings of each seat,
``BallotCancelled`` and ``BallotFinalized`` the life cycle. On encrypted ballots
``EncryptedVoteCast`` carries each seat's ciphertexts (weighted by the seat's
``VoteCommitted`` weight, a change replacing the seat's earlier ones) and
``DecryptionPosted`` the trustees' partial decryptions: the recount rebuilds every
option's aggregate with the curve arithmetic of ``civic.voting.elgamal``, decrypts the
totals itself (discrete log up to the turnout weight) and checks them against the
finalized tallies. Every proof is in the logs too (``KeySharePosted``,
``EncryptedVoteCast`` and ``DecryptionPosted`` carry the proofs the contract checked), so
the recount re-verifies each one in Python with nothing but ``eth_getLogs`` (on any node,
whichever contract or wallet relayed the ballot): a key share, ballot or partial
decryption whose proof fails, or a ballot whose ciphertexts do not hash to the seat's
commitment, is a named finding in the ballot's ``findings`` (and in ``audit``). The
recount applies the events in chain order and recomputes each result with the contract's
rule (most weight wins; equal top weight is a tie; quorum is counted on tallied voters and
weight).
"""

from __future__ import annotations

from civic.events import fetch_raw_logs, web3_contract
from civic.voting import BallotState, Outcome
from civic.voting import elgamal as eg

EVENTS = (
    "BallotCreated",
    "BallotCancelled",
    "VoteCast",
    "VoteCommitted",
    "VoteRevealed",
    "BallotFinalized",
    "EncryptedBallotCreated",
    "KeySharePosted",
    "EncryptedVoteCast",
    "DecryptionPosted",
)
CONFIG_FIELDS = (
    "metadataHash",
    "eligibilityRoot",
    "start",
    "end",
    "revealEnd",
    "optionCount",
    "secret",
    "allowChange",
    "quorumVotes",
    "quorumWeight",
)
# Per-seat getter checks are skipped on ballots larger than this (audit stays fast).
MAX_SEATS_CHECKED = 500


def _field(struct, name):
    """A config field from a decoded struct (a list/tuple in logs, an object from getters)."""
    if isinstance(struct, dict):
        value = struct[name]
    elif isinstance(struct, list | tuple):
        value = struct[CONFIG_FIELDS.index(name)]
    else:
        value = getattr(struct, name)
    return bytes(value) if isinstance(value, bytes | bytearray) else value


def _hex(value) -> bytes:
    return bytes(value) if not isinstance(value, str) else bytes.fromhex(value.removeprefix("0x"))


def decide(
    tallies: list[tuple[int, int]], quorum_votes: int, quorum_weight: int, votes: int | None = None
):
    """``(outcome, winner, tallied_votes, tallied_weight)`` by the contract's rule
    (``votes``: the headcount, given for encrypted ballots, whose tallies hold weights only)."""
    votes = sum(v for v, _ in tallies) if votes is None else votes
    weight = sum(w for _, w in tallies)
    best = max(w for _, w in tallies)
    leaders = [o for o, (_, w) in enumerate(tallies) if w == best]
    if votes < quorum_votes or weight < quorum_weight:
        return Outcome.QUORUM_NOT_MET, 0, votes, weight
    if len(leaders) > 1:
        return Outcome.TIE, 0, votes, weight
    return Outcome.WINNER, leaders[0], votes, weight


def _vote_cast(b: dict, ballot_id: int, log, chain_id: int, election: str) -> None:
    """Re-verify an ``EncryptedVoteCast`` (its hash, bit and sum proofs) and apply it."""
    index = int(log.index)
    seat = b["seats"][index]
    weight = seat["weight"]
    a = [tuple(int(w) for w in p) for p in log.a]
    c = [tuple(int(w) for w in p) for p in log.b]
    where = f"ballot {ballot_id} seat {index}"
    if len(a) != (1 if len(b["tallies"]) == 2 else len(b["tallies"])):
        b["findings"].append(f"{where}: {len(a)} ciphertexts for {len(b['tallies'])} options")
        return
    if eg.ciphertext_hash(a, c) != seat["commitment"]:
        b["findings"].append(f"{where}: ciphertexts do not hash to the seat's commitment")
    ctx = eg.ballot_context(chain_id, election, ballot_id, index, seat["voter"])
    sent = eg.EncryptedBallot(
        tuple(a),
        tuple(c),
        tuple(eg.BitProof(*(int(w) for w in p)) for p in log.bitProofs),
        eg.Proof(*(int(w) for w in log.sumProof)),
    )
    if b["key"] is None or not eg.verify_ballot(b["key"], ctx, sent):
        b["findings"].append(f"{where}: ballot proof fails verification")
    try:
        new = [(eg.decode(x), eg.decode(y)) for x, y in eg.option_ciphertexts(a, c)]
    except ValueError:
        b["findings"].append(f"{where}: a ciphertext point is off the curve")
        return
    old = b["ciphertexts"].get(index)
    for o, (x, y) in enumerate(new):
        agg = b["aggregates"][o]
        agg[0] = eg.add(agg[0], eg.mul(x, weight))
        agg[1] = eg.add(agg[1], eg.mul(y, weight))
        if old is not None:
            (ox, oy), ow = old[0][o], old[1]
            agg[0] = eg.sub(agg[0], eg.mul(ox, ow))
            agg[1] = eg.sub(agg[1], eg.mul(oy, ow))
    b["ciphertexts"][index] = (new, weight)


def _decryption_posted(b: dict, ballot_id: int, log, chain_id: int, election: str) -> None:
    """Re-verify a trustee's partial decryptions against the recount's aggregates, then add
    them to each option's ``d``."""
    trustee = str(log.trustee)
    ctx = eg.trustee_context(chain_id, election, ballot_id, trustee)
    share = b["shares"].get(trustee)
    for o, (d, proof) in enumerate(zip(log.d, log.proofs, strict=True)):
        part = eg.PartialDecryption(tuple(int(w) for w in d), eg.Proof(*(int(w) for w in proof)))
        try:
            ok = share is not None and eg.verify_partial(
                share, ctx, o, eg.encode(b["aggregates"][o][0]), part
            )
        except ValueError:
            ok = False
        if not ok:
            b["findings"].append(
                f"ballot {ballot_id} trustee {trustee}: partial decryption of option {o} "
                "fails verification"
            )
            continue
        b["aggregates"][o][2] = eg.add(b["aggregates"][o][2], eg.decode(part.share))
    b["decryptions"] += 1


def _key_posted(b: dict, ballot_id: int, log, chain_id: int, election: str) -> None:
    """Re-verify a trustee's key share; the election key is complete with the last one."""
    trustee = str(log.trustee)
    share = eg.KeyShare(tuple(int(w) for w in log.share), *(int(w) for w in log.proof))
    ctx = eg.trustee_context(chain_id, election, ballot_id, trustee)
    try:
        ok = eg.verify_key(share, ctx)
    except ValueError:
        ok = False
    if not ok:
        b["findings"].append(f"ballot {ballot_id} trustee {trustee}: key share proof fails")
    b["shares"][trustee] = share.public
    if len(b["shares"]) == len(b["trustees"]):
        b["key"] = eg.election_key(list(b["shares"].values()))


def _decrypt(b: dict, ballot_id: int, option: int) -> int:
    """Option ``option``'s decrypted weight (a finding and 0 when no count up to the
    turnout weight matches: a forged ciphertext or partial decryption)."""
    _, total, d = b["aggregates"][option]
    try:
        return eg.discrete_log(eg.encode(eg.sub(total, d)), b["turnout_weight"])
    except ValueError:
        b["findings"].append(
            f"ballot {ballot_id} option {option}: the aggregate does not decrypt to a count "
            f"up to the turnout weight {b['turnout_weight']}"
        )
        return 0


def recount(contract, start_block: int = 0, logs=None, advance=None) -> dict:
    """``{"ballot_count": n, "ballots": {id: ballot}}`` where a ballot holds its ``config``,
    ``state``, ``turnout_votes``/``turnout_weight``, per-option ``tallies`` as
    ``[votes, weight]``, ``seats`` (index -> voter, choice, weight, commitment, revealed),
    the recorded ``outcome``/``winner`` (from ``BallotFinalized``), ``computed`` (the
    result the recount itself derives from the tallies) and ``findings`` (every proof or
    commitment that fails re-verification; empty on an honest chain). ``logs`` replaces
    the contract's own (decoded, in chain order), e.g. to audit a copy of them; those are
    read in pages (``civic.events.fetch_raw_logs``), ``advance(blocks)`` after each."""
    from ape import chain

    chain_id, election = chain.chain_id, str(contract.address)
    ballots: dict[int, dict] = {}
    if logs is None:
        logs = fetch_raw_logs(contract, start_block, names=EVENTS, advance=advance)
    for log in logs:
        name = log.event_name
        b = ballots.get(int(log.ballotId)) if name != "BallotCreated" else None
        if name != "BallotCreated" and b is None:
            continue  # a ballot created before start_block: out of this recount's range
        if name == "BallotCreated":
            config = {f: _field(log.config, f) for f in CONFIG_FIELDS}
            ballots[int(log.ballotId)] = {
                "config": config,
                "state": BallotState.CREATED,
                "turnout_votes": 0,
                "turnout_weight": 0,
                "tallies": [[0, 0] for _ in range(int(config["optionCount"]))],
                "seats": {},
                "outcome": Outcome.NONE,
                "winner": 0,
                "findings": [],
            }
        elif name == "BallotCancelled":
            b["state"] = BallotState.CANCELLED
        elif name == "VoteCast":
            index, choice, weight = int(log.index), int(log.choice), int(log.weight)
            earlier = b["seats"].get(index)
            if earlier is None:
                b["turnout_votes"] += 1
            else:
                b["tallies"][earlier["choice"]][0] -= 1
                b["tallies"][earlier["choice"]][1] -= earlier["weight"]
                b["turnout_weight"] -= earlier["weight"]
            b["turnout_weight"] += weight
            b["tallies"][choice][0] += 1
            b["tallies"][choice][1] += weight
            b["seats"][index] = {
                "voter": str(log.voter),
                "choice": choice,
                "weight": weight,
                "commitment": None,
                "revealed": False,
            }
        elif name == "VoteCommitted":
            index, weight = int(log.index), int(log.weight)
            earlier = b["seats"].get(index)
            if earlier is None:
                b["turnout_votes"] += 1
            else:
                b["turnout_weight"] -= earlier["weight"]
            b["turnout_weight"] += weight
            b["seats"][index] = {
                "voter": str(log.voter),
                "choice": None,
                "weight": weight,
                "commitment": _hex(log.commitment),
                "revealed": False,
            }
        elif name == "VoteRevealed":
            record = b["seats"][int(log.index)]
            record["choice"] = int(log.choice)
            record["revealed"] = True
            b["tallies"][record["choice"]][0] += 1
            b["tallies"][record["choice"]][1] += record["weight"]
        elif name == "EncryptedBallotCreated":
            b["encrypted"] = True
            b["trustees"] = [str(t) for t in log.trustees]
            b["aggregates"] = [[eg.ZERO, eg.ZERO, eg.ZERO] for _ in b["tallies"]]
            b["ciphertexts"] = {}
            b["decryptions"] = 0
            b["shares"] = {}
            b["key"] = None
        elif name == "KeySharePosted":
            _key_posted(b, int(log.ballotId), log, chain_id, election)
        elif name == "EncryptedVoteCast":
            _vote_cast(b, int(log.ballotId), log, chain_id, election)
        elif name == "DecryptionPosted":
            _decryption_posted(b, int(log.ballotId), log, chain_id, election)
        elif name == "BallotFinalized":
            b["state"] = BallotState.FINALIZED
            b["outcome"] = Outcome(int(log.outcome))
            b["winner"] = int(log.winner)
    for ballot_id, b in ballots.items():
        cfg = b["config"]
        headcount = None
        if b.get("encrypted"):
            headcount = b["turnout_votes"]
            if b["state"] == BallotState.FINALIZED:
                b["tallies"] = [[0, _decrypt(b, ballot_id, o)] for o in range(len(b["tallies"]))]
        outcome, winner, votes, weight = decide(
            [tuple(t) for t in b["tallies"]],
            int(cfg["quorumVotes"]),
            int(cfg["quorumWeight"]),
            headcount,
        )
        b["computed"] = {"outcome": outcome, "winner": winner, "votes": votes, "weight": weight}
    return {"ballot_count": len(ballots), "ballots": ballots}


def reader(contract):
    """The contract's getters as a plain web3 view (see civic.events.web3_contract)."""
    return web3_contract(contract)[1].functions


def audit(contract, start_block: int = 0, advance=None) -> list[str]:
    """Mismatches between the recount and the contract's getters (empty = consistent);
    ``advance`` as for ``recount``."""
    counted = recount(contract, start_block, advance=advance)
    read = reader(contract)
    problems: list[str] = [f for b in counted["ballots"].values() for f in b["findings"]]
    on_chain_count = read.ballotCount().call()
    if start_block == 0 and counted["ballot_count"] != on_chain_count:
        problems.append(
            f"ballotCount: getter {on_chain_count} != recount {counted['ballot_count']}"
        )
    for ballot_id, b in sorted(counted["ballots"].items()):
        config, state, turnout_votes, turnout_weight, outcome, winner = read.getBallot(
            ballot_id
        ).call()
        for f, got in zip(CONFIG_FIELDS, config, strict=True):
            if _field(config, f) != b["config"][f]:
                problems.append(f"ballot {ballot_id} config.{f}: getter {got!r} differs from event")
        checks = [
            ("state", state, int(b["state"])),
            ("turnoutVotes", turnout_votes, b["turnout_votes"]),
            ("turnoutWeight", turnout_weight, b["turnout_weight"]),
            ("outcome", outcome, int(b["outcome"])),
            ("winner", winner, b["winner"]),
        ]
        votes, weights = read.talliesOf(ballot_id).call()
        for option, (want_votes, want_weight) in enumerate(b["tallies"]):
            checks.append((f"tally[{option}].votes", votes[option], want_votes))
            checks.append((f"tally[{option}].weight", weights[option], want_weight))
        if b["state"] == BallotState.FINALIZED:
            checks.append(("result outcome", int(b["outcome"]), int(b["computed"]["outcome"])))
            checks.append(("result winner", b["winner"], b["computed"]["winner"]))
        cfg = b["config"]
        if b.get("encrypted"):
            for option, agg in enumerate(b["aggregates"]):
                got = read.aggregateOf(ballot_id, option).call()
                for part, (name, point) in enumerate(zip("abd", agg, strict=True)):
                    checks.append(
                        (f"aggregate[{option}].{name}", tuple(got[part]), eg.encode(point))
                    )
        if len(b["seats"]) <= MAX_SEATS_CHECKED:
            for index, rec in b["seats"].items():
                checks.append((f"hasVoted[{index}]", read.hasVoted(ballot_id, index).call(), True))
                if not (cfg["secret"] or cfg["allowChange"]):
                    continue
                choice, weight, revealed = read.recordOf(ballot_id, index).call()
                checks.append((f"record[{index}].weight", weight, rec["weight"]))
                checks.append((f"record[{index}].revealed", revealed, rec["revealed"]))
                if rec["choice"] is not None:
                    checks.append((f"record[{index}].choice", choice, rec["choice"]))
                if cfg["secret"]:
                    got = bytes(read.commitmentOf(ballot_id, index).call())
                    checks.append((f"commitment[{index}]", got, rec["commitment"]))
        for what, got, want in checks:
            if got != want:
                problems.append(f"ballot {ballot_id} {what}: getter {got!r} != recount {want!r}")
    return problems
