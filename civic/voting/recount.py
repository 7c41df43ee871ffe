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
finalized tallies. The proofs travel in calldata, not in logs; the contract verified them. The recount applies them in
chain order and recomputes each result with the contract's rule (most weight wins; equal
top weight is a tie; quorum is counted on tallied voters and weight).
"""

from __future__ import annotations

from civic.events import fetch_logs, web3_contract
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


def recount(contract, start_block: int = 0) -> dict:
    """``{"ballot_count": n, "ballots": {id: ballot}}`` where a ballot holds its ``config``,
    ``state``, ``turnout_votes``/``turnout_weight``, per-option ``tallies`` as
    ``[votes, weight]``, ``seats`` (index -> voter, choice, weight, commitment, revealed),
    the recorded ``outcome``/``winner`` (from ``BallotFinalized``) and ``computed`` (the
    result the recount itself derives from the tallies)."""
    ballots: dict[int, dict] = {}
    for log in fetch_logs(contract, start_block, names=EVENTS):
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
        elif name == "EncryptedVoteCast":
            index = int(log.index)
            weight = b["seats"][index]["weight"]
            new = [(eg.decode(a), eg.decode(c)) for a, c in zip(log.a, log.b, strict=True)]
            old = b["ciphertexts"].get(index)
            for o, (a, c) in enumerate(new):
                agg = b["aggregates"][o]
                agg[0] = eg.add(agg[0], eg.mul(a, weight))
                agg[1] = eg.add(agg[1], eg.mul(c, weight))
                if old is not None:
                    (oa, oc), ow = old[0][o], old[1]
                    agg[0] = eg.sub(agg[0], eg.mul(oa, ow))
                    agg[1] = eg.sub(agg[1], eg.mul(oc, ow))
            b["ciphertexts"][index] = (new, weight)
        elif name == "DecryptionPosted":
            for o, d in enumerate(log.d):
                b["aggregates"][o][2] = eg.add(b["aggregates"][o][2], eg.decode(d))
            b["decryptions"] += 1
        elif name == "BallotFinalized":
            b["state"] = BallotState.FINALIZED
            b["outcome"] = Outcome(int(log.outcome))
            b["winner"] = int(log.winner)
    for b in ballots.values():
        cfg = b["config"]
        headcount = None
        if b.get("encrypted"):
            headcount = b["turnout_votes"]
            if b["state"] == BallotState.FINALIZED:
                b["tallies"] = [
                    [0, eg.discrete_log(eg.encode(eg.sub(agg[1], agg[2])), b["turnout_weight"])]
                    for agg in b["aggregates"]
                ]
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


def audit(contract, start_block: int = 0) -> list[str]:
    """Mismatches between the recount and the contract's getters (empty = consistent)."""
    counted = recount(contract, start_block)
    read = reader(contract)
    problems: list[str] = []
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
