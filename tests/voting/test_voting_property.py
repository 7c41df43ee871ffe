"""Stateful property test: one ballot per example, driven through create / vote /
sign-and-relay / batch / change / commit / reveal / time travel / finalize against a ghost
model. Every call's outcome (success or its specific error) is predicted by the ghost.

Invariants: tallied weight equals the weight of counted votes; each voter is counted at
most once; turnout equals the distinct eligible voters whose vote or commitment counted;
nothing counts outside its window (predicted reverts); a finalized result never changes.
Each example runs between a chain snapshot and its restore, and ends with ``audit()``.
"""

import os

import ape
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from civic.voting import Rejection, ballot_config, commitment, signed_ballot
from civic.voting.recount import audit, decide, reader

SETTINGS = settings(
    # 200 in CI (make test); CIVIC_EXAMPLES overrides it for quick local runs.
    max_examples=int(os.environ.get("CIVIC_EXAMPLES", "200")),
    stateful_step_count=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FAULTS = ["none", "none", "expired", "stale_nonce", "wrong_signer", "bad_weight"]


class VotingMachine(RuleBasedStateMachine):
    def __init__(self, env):
        super().__init__()
        self.env = env
        self.voting = env["voting"]
        self.chain = env["chain"]
        self.read = env["read"]
        self._snap = self.chain.snapshot()
        self.ballot = None

    # ------------------------------------------------------------ ghost helpers

    def _keeps_record(self):
        return self.secret or self.allow_change

    def _nonce(self, voter):
        return self.nonces.get(voter, 0) if self._keeps_record() else 0

    def _salt(self, voter_i, choice):
        return bytes([voter_i, choice, self.salt_round]) + b"\x00" * 29

    def _payload(self, voter_i, choice):
        """The signed/committed `choice` word and, in secret mode, the (choice, salt)."""
        if not self.secret:
            return choice, None
        salt = self._salt(voter_i, choice)
        voter = self.env["voters"][voter_i]
        return commitment(self.voting.address, self.ballot, voter.address, choice, salt), salt

    def _predict(self, voter_i, choice, fault):
        if fault == "expired":
            return Rejection.SIGNATURE_EXPIRED
        if fault == "stale_nonce":
            return Rejection.NONCE_MISMATCH
        if fault == "wrong_signer":
            return Rejection.INVALID_SIGNATURE
        if not self.secret and choice >= self.options:
            return Rejection.INVALID_CHOICE
        if not self.allow_change and voter_i in self.counted:
            return Rejection.ALREADY_VOTED
        if fault == "bad_weight":
            return Rejection.NOT_ELIGIBLE
        return Rejection.NONE

    def _count(self, voter_i, choice, salt):
        """Ghost of a counted vote or commitment."""
        weight = self.env["electorate"].weight(self.env["voters"][voter_i])
        self.nonces[voter_i] = self.nonces.get(voter_i, 0) + 1
        if self.secret:
            self.counted[voter_i] = {"choice": choice, "salt": salt, "weight": weight}
            return
        earlier = self.counted.get(voter_i)
        if earlier is not None:
            self.tallies[earlier["choice"]][0] -= 1
            self.tallies[earlier["choice"]][1] -= weight
        self.counted[voter_i] = {"choice": choice, "weight": weight}
        self.tallies[choice][0] += 1
        self.tallies[choice][1] += weight

    def _item(self, voter_i, choice, fault, nonce):
        env = self.env
        voter = env["voters"][voter_i]
        word, _ = self._payload(voter_i, choice)
        signer = (
            env["voters"][(voter_i + 1) % len(env["voters"])] if fault == "wrong_signer" else voter
        )
        item = list(
            signed_ballot(
                env["electorate"],
                env["dom"],
                signer,
                self.ballot,
                word,
                voter=voter,
                nonce=nonce + (1 if fault == "stale_nonce" else 0),
                deadline=1 if fault == "expired" else 2**40,
            )
        )
        if fault == "bad_weight":
            item[2] += 1
        return tuple(item)

    def _not_open(self):
        return ape.reverts(
            self.voting.BallotNotOpen, ballotId=self.ballot, start=self.start, end=self.end
        )

    # ------------------------------------------------------------ rules

    @initialize(
        secret=st.booleans(),
        allow_change=st.booleans(),
        options=st.integers(2, 3),
        quorum_votes=st.integers(0, 3),
    )
    def create(self, secret, allow_change, options, quorum_votes):
        env = self.env
        self.start = self.chain.pending_timestamp + 5
        self.end = self.start + 1000
        self.reveal_end = self.end + 1000 if secret else 0
        config = ballot_config(
            env["electorate"].root,
            self.start,
            self.end,
            options=options,
            secret=secret,
            allow_change=allow_change,
            reveal_end=self.reveal_end,
            quorum_votes=quorum_votes,
        )
        tx = self.voting.createBallot(config, sender=env["authority"])
        self.ballot = tx.decode_logs(self.voting.BallotCreated)[0].ballotId
        self.chain.mine(1, timestamp=self.start)
        self.secret, self.allow_change, self.options = secret, allow_change, options
        self.quorum_votes = quorum_votes
        self.phase = "open"
        self.counted: dict[int, dict] = {}
        self.nonces: dict[int, int] = {}
        self.revealed: set[int] = set()
        self.tallies = [[0, 0] for _ in range(options)]
        self.result = None
        self.salt_round = 0

    @rule(voter_i=st.integers(0, 7), choice=st.integers(0, 3))
    def vote_direct(self, voter_i, choice):
        voter = self.env["voters"][voter_i]
        index, weight, proof = self.env["electorate"].credentials(voter)
        self.salt_round += 1
        word, salt = self._payload(voter_i, choice)
        call = self.voting.commit if self.secret else self.voting.vote
        if self.phase != "open":
            with self._not_open():
                call(self.ballot, index, weight, word, proof, sender=voter)
            return
        expected = self._predict(voter_i, choice, "none")
        if expected == Rejection.INVALID_CHOICE:
            with ape.reverts(
                self.voting.InvalidChoice,
                ballotId=self.ballot,
                choice=choice,
                optionCount=self.options,
            ):
                call(self.ballot, index, weight, word, proof, sender=voter)
        elif expected == Rejection.ALREADY_VOTED:
            with ape.reverts(
                self.voting.AlreadyVoted, ballotId=self.ballot, voter=voter.address, index=index
            ):
                call(self.ballot, index, weight, word, proof, sender=voter)
        else:
            call(self.ballot, index, weight, word, proof, sender=voter)
            self._count(voter_i, choice, salt)

    @rule(voter_i=st.integers(0, 7), choice=st.integers(0, 3), fault=st.sampled_from(FAULTS))
    def relay_one(self, voter_i, choice, fault):
        self.salt_round += 1
        item = self._item(voter_i, choice, fault, self._nonce(voter_i))
        relayer = self.env["relayer"]
        if self.phase != "open":
            with self._not_open():
                self.voting.relay(self.ballot, item, sender=relayer)
            return
        expected = self._predict(voter_i, choice, fault)
        if expected == Rejection.NONE:
            self.voting.relay(self.ballot, item, sender=relayer)
            self._count(voter_i, choice, self._payload(voter_i, choice)[1])
        else:
            got = self.voting.relayBatch.call(self.ballot, [item], sender=relayer)
            assert list(got) == [expected]

    @precondition(lambda self: self.phase == "open")
    @rule(
        items=st.lists(
            st.tuples(st.integers(0, 7), st.integers(0, 3), st.sampled_from(FAULTS)),
            min_size=1,
            max_size=4,
        )
    )
    def relay_batch(self, items):
        self.salt_round += 1
        batch, expected, accepted = [], [], []
        nonces = dict(self.nonces)
        counted = set(self.counted)
        for voter_i, choice, fault in items:
            nonce = nonces.get(voter_i, 0) if self._keeps_record() else 0
            batch.append(self._item(voter_i, choice, fault, nonce))
            saved = self.counted
            self.counted = dict.fromkeys(counted)
            reason = self._predict(voter_i, choice, fault)
            self.counted = saved
            expected.append(reason)
            if reason == Rejection.NONE:
                nonces[voter_i] = nonces.get(voter_i, 0) + 1
                counted.add(voter_i)
                accepted.append((voter_i, choice))
        tx = self.voting.relayBatch(self.ballot, batch, sender=self.env["relayer"])
        rejected = [log.reason for log in tx.decode_logs(self.voting.RelayedBallotRejected)]
        assert rejected == [r for r in expected if r != Rejection.NONE]
        for voter_i, choice in accepted:
            self._count(voter_i, choice, self._payload(voter_i, choice)[1])

    @rule()
    def advance(self):
        if self.phase == "open":
            self.chain.mine(1, timestamp=self.end)
            self.phase = "revealing" if self.secret else "closed"
        elif self.phase == "revealing":
            self.chain.mine(1, timestamp=self.reveal_end)
            self.phase = "closed"

    @rule(voter_i=st.integers(0, 7), correct=st.booleans())
    def reveal(self, voter_i, correct):
        voter = self.env["voters"][voter_i]
        v, sender = self.voting, self.env["relayer"]
        record = self.counted.get(voter_i)
        choice = record["choice"] if record else 0
        salt = record.get("salt", b"\x00" * 32) if record else b"\x00" * 32
        if not correct:
            choice += 1
        if not self.secret:
            with ape.reverts(v.WrongBallotMode, ballotId=self.ballot, secret=False):
                v.reveal(self.ballot, voter, choice, salt, sender=sender)
        elif self.phase != "revealing":
            with ape.reverts(
                v.NotInRevealWindow, ballotId=self.ballot, end=self.end, revealEnd=self.reveal_end
            ):
                v.reveal(self.ballot, voter, choice, salt, sender=sender)
        elif record is None:
            with ape.reverts(v.NoCommitment, ballotId=self.ballot, voter=voter.address):
                v.reveal(self.ballot, voter, choice, salt, sender=sender)
        elif voter_i in self.revealed:
            with ape.reverts(v.AlreadyRevealed, ballotId=self.ballot, voter=voter.address):
                v.reveal(self.ballot, voter, choice, salt, sender=sender)
        elif choice >= self.options:
            with ape.reverts(
                v.InvalidChoice, ballotId=self.ballot, choice=choice, optionCount=self.options
            ):
                v.reveal(self.ballot, voter, choice, salt, sender=sender)
        elif not correct:
            with ape.reverts(v.RevealMismatch, ballotId=self.ballot, voter=voter.address):
                v.reveal(self.ballot, voter, choice, salt, sender=sender)
        else:
            v.reveal(self.ballot, voter, choice, salt, sender=sender)
            self.revealed.add(voter_i)
            self.tallies[choice][0] += 1
            self.tallies[choice][1] += record["weight"]

    @rule()
    def finalize(self):
        v, sender = self.voting, self.env["relayer"]
        if self.result is not None:
            with ape.reverts(v.BallotAlreadyFinalized, ballotId=self.ballot):
                v.finalize(self.ballot, sender=sender)
        elif self.phase != "closed":
            closes = self.reveal_end if self.secret else self.end
            with ape.reverts(v.BallotNotClosed, ballotId=self.ballot, closesAt=closes):
                v.finalize(self.ballot, sender=sender)
        else:
            tx = v.finalize(self.ballot, sender=sender)
            log = tx.decode_logs(v.BallotFinalized)[0]
            outcome, winner, _, _ = decide([tuple(t) for t in self.tallies], self.quorum_votes, 0)
            assert (log.outcome, log.winner) == (outcome, winner)
            self.result = (int(outcome), winner)

    # ------------------------------------------------------------ invariants

    @invariant()
    def tallies_turnout_and_result_match_ghost(self):
        if self.ballot is None:
            return
        _, _, turnout_votes, turnout_weight, outcome, winner = self.read.getBallot(
            self.ballot
        ).call()
        votes, weights = self.read.talliesOf(self.ballot).call()
        got = [list(pair) for pair in zip(votes, weights, strict=True)]
        assert got == self.tallies
        counted_weight = sum(
            r["weight"] for i, r in self.counted.items() if not self.secret or i in self.revealed
        )
        assert sum(w for _, w in got) == counted_weight
        assert sum(n for n, _ in got) == len(self.revealed if self.secret else self.counted)
        assert turnout_votes == len(self.counted)
        assert turnout_weight == sum(r["weight"] for r in self.counted.values())
        if self.result is not None:
            assert (outcome, winner) == self.result

    def teardown(self):
        try:
            if self.ballot is not None:
                assert audit(self.voting) == []
        finally:
            self.chain.restore(self._snap)


@pytest.mark.slow
def test_voting_state_machine__random_sequences__ghost_and_invariants_hold(
    voting, voters, electorate, authority, relayer, dom, chain
):
    env = {
        "voting": voting,
        "voters": voters,
        "electorate": electorate,
        "authority": authority,
        "relayer": relayer,
        "dom": dom,
        "chain": chain,
        "read": reader(voting),
    }
    run_state_machine_as_test(lambda: VotingMachine(env), settings=SETTINGS)
