"""Stateful property test: one ballot per example, driven through create / vote /
sign-and-relay / batch / change / commit / reveal / time travel / finalize against a ghost
model. Every call's outcome (success or its specific error) is predicted by the ghost.

The electorate has households holding several seats (``household_electorate``): seats,
not addresses, vote, in every mode. Rules pick a seat; one rule relays every seat of one
household in a batch, and the ``other_seat`` fault replays a voter's signature for one of
their seats at another (always ``InvalidSignature``: a signature names its seat).

Invariants: tallied weight equals the weight of counted seats; each seat is counted at
most once and a voter at most once per seat they hold; turnout equals the seats whose vote
or commitment counted; ``hasVoted`` is exactly the counted seats and, on ballots that keep
records, each seat's nonce and record are its own (checked after each household batch and
at the end of each example); nothing counts outside its window
(predicted reverts); a finalized result never changes. Each example runs between a chain
snapshot and its restore, and ends with ``audit()``.
"""

import ape
import pytest
from hypothesis import strategies as st
from hypothesis.stateful import (
    initialize,
    invariant,
    precondition,
    rule,
)
from state_machine import CivicMachine, run_machine

from civic.voting import Rejection, ballot_config, commitment, sign_ballot, signed_ballot
from civic.voting.recount import audit, decide, reader

FAULTS = ["none", "none", "expired", "stale_nonce", "wrong_signer", "bad_weight", "other_seat"]
SEATS = 12  # household_electorate's seats: 0..11
HOUSEHOLDS = 8  # voters[0..7]


class VotingMachine(CivicMachine):
    steps = 10

    def __init__(self, env):
        super().__init__()
        self.env = env
        self.voting = env["voting"]
        self.chain = env["chain"]
        self.read = env["read"]
        self.ballot = None

    # ------------------------------------------------------------ ghost helpers

    def _keeps_record(self):
        return self.secret or self.allow_change

    def _voter(self, seat):
        return self.env["electorate"].by_seat[seat][0]

    def _account(self, seat):
        return next(v for v in self.env["voters"] if v.address == self._voter(seat))

    def _nonce(self, seat):
        return self.nonces.get(seat, 0) if self._keeps_record() else 0

    def _salt(self, seat, choice):
        return bytes([seat, choice, self.salt_round % 256]) + b"\x00" * 29

    def _payload(self, seat, choice):
        """The signed/committed `choice` word and, in secret mode, the (choice, salt)."""
        if not self.secret:
            return choice, None
        salt = self._salt(seat, choice)
        return commitment(self.voting.address, self.ballot, seat, choice, salt), salt

    def _predict(self, seat, choice, fault, counted=None, nonces=None):
        """The rejection of a ballot for `seat`, in the contract's order of checks."""
        counted = self.counted if counted is None else counted
        if fault == "expired":
            return Rejection.SIGNATURE_EXPIRED
        if not self.secret and choice >= self.options:
            return Rejection.INVALID_CHOICE
        if not self.allow_change and seat in counted:
            return Rejection.ALREADY_VOTED
        if fault == "bad_weight":
            return Rejection.NOT_ELIGIBLE
        if fault == "stale_nonce":
            return Rejection.NONCE_MISMATCH
        if fault in ("wrong_signer", "other_seat"):
            return Rejection.INVALID_SIGNATURE
        return Rejection.NONE

    def _count(self, seat, choice, salt):
        """Ghost of a counted vote or commitment of `seat`."""
        weight = self.env["electorate"].by_seat[seat][1]
        self.nonces[seat] = self.nonces.get(seat, 0) + 1
        if self.secret:
            self.counted[seat] = {"choice": choice, "salt": salt, "weight": weight}
            return
        earlier = self.counted.get(seat)
        if earlier is not None:
            self.tallies[earlier["choice"]][0] -= 1
            self.tallies[earlier["choice"]][1] -= weight
        self.counted[seat] = {"choice": choice, "weight": weight}
        self.tallies[choice][0] += 1
        self.tallies[choice][1] += weight

    def _item(self, seat, choice, fault, nonce):
        env = self.env
        voter = self._voter(seat)
        word, _ = self._payload(seat, choice)
        nonce = nonce + (1 if fault == "stale_nonce" else 0)
        deadline = 1 if fault == "expired" else 2**40
        signer = self._account(seat)
        if fault == "wrong_signer":
            signer = next(v for v in env["voters"] if v.address != voter)
        item = list(
            signed_ballot(
                env["electorate"],
                env["dom"],
                signer,
                self.ballot,
                word,
                voter=voter,
                seat=seat,
                nonce=nonce,
                deadline=deadline,
            )
        )
        if fault == "other_seat":
            # the voter's signature for another seat of theirs (or for a seat not theirs)
            siblings = [i for i in env["electorate"].seats_of(voter) if i != seat]
            other = siblings[0] if siblings else seat + SEATS
            weight = env["electorate"].by_seat[other][1] if siblings else item[2]
            item[7] = sign_ballot(
                signer, env["dom"], voter, self.ballot, other, weight, word, nonce, deadline
            )
        if fault == "bad_weight":
            item[2] += 1
        return tuple(item)

    def _not_open(self):
        return ape.reverts(
            self.voting.BallotNotOpen, ballotId=self.ballot, start=self.start, end=self.end
        )

    def _relay_items(self, items):
        """Relay (seat, choice, fault) items in one batch and check every item's outcome."""
        batch, expected, accepted = [], [], []
        nonces = dict(self.nonces)
        counted = set(self.counted)
        for seat, choice, fault in items:
            nonce = nonces.get(seat, 0) if self._keeps_record() else 0
            batch.append(self._item(seat, choice, fault, nonce))
            reason = self._predict(seat, choice, fault, counted=counted)
            expected.append(reason)
            if reason == Rejection.NONE:
                nonces[seat] = nonces.get(seat, 0) + 1
                counted.add(seat)
                accepted.append((seat, choice))
        tx = self.voting.relayBatch(self.ballot, batch, [], [], sender=self.env["relayer"])
        rejected = tx.decode_logs(self.voting.RelayedBallotRejected)
        assert [(log.index, log.reason) for log in rejected] == [
            (seat, r)
            for (seat, _, _), r in zip(items, expected, strict=True)
            if r != Rejection.NONE
        ]
        counted_logs = tx.decode_logs(
            self.voting.VoteCommitted if self.secret else self.voting.VoteCast
        )
        assert [log.index for log in counted_logs] == [seat for seat, _ in accepted]
        for seat, choice in accepted:
            self._count(seat, choice, self._payload(seat, choice)[1])

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

    @rule(seat=st.integers(0, SEATS - 1), choice=st.integers(0, 3))
    def vote_direct(self, seat, choice):
        voter = self._account(seat)
        index, weight, proof = self.env["electorate"].credentials(voter, seat)
        self.salt_round += 1
        word, salt = self._payload(seat, choice)
        call = self.voting.commit if self.secret else self.voting.vote
        if self.phase != "open":
            with self._not_open():
                call(self.ballot, index, weight, word, proof, sender=voter)
            return
        expected = self._predict(seat, choice, "none")
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
            tx = call(self.ballot, index, weight, word, proof, sender=voter)
            event = self.voting.VoteCommitted if self.secret else self.voting.VoteCast
            assert [(log.index, log.weight) for log in tx.decode_logs(event)] == [(seat, weight)]
            self._count(seat, choice, salt)

    @rule(seat=st.integers(0, SEATS - 1), choice=st.integers(0, 3), fault=st.sampled_from(FAULTS))
    def relay_one(self, seat, choice, fault):
        self.salt_round += 1
        item = self._item(seat, choice, fault, self._nonce(seat))
        relayer = self.env["relayer"]
        if self.phase != "open":
            with self._not_open():
                self.voting.relay(self.ballot, item, sender=relayer)
            return
        expected = self._predict(seat, choice, fault)
        if expected == Rejection.NONE:
            self.voting.relay(self.ballot, item, sender=relayer)
            self._count(seat, choice, self._payload(seat, choice)[1])
        else:
            got = self.voting.relayBatch.call(self.ballot, [item], [], [], sender=relayer)
            assert list(got) == [expected]

    @precondition(lambda self: self.phase == "open")
    @rule(
        items=st.lists(
            st.tuples(st.integers(0, SEATS - 1), st.integers(0, 3), st.sampled_from(FAULTS)),
            min_size=1,
            max_size=4,
        )
    )
    def relay_batch(self, items):
        self.salt_round += 1
        self._relay_items(items)

    @precondition(lambda self: self.phase == "open")
    @rule(household=st.integers(0, HOUSEHOLDS - 1), choice=st.integers(0, 3), twice=st.booleans())
    def relay_household(self, household, choice, twice):
        """Every seat of one household in one batch (each seat's own signature), optionally
        all of them twice: each seat counts once, or changes only itself."""
        self.salt_round += 1
        seats = self.env["electorate"].seats_of(self.env["voters"][household])
        items = [(seat, choice, "none") for seat in seats]
        self._relay_items(items + items if twice else items)
        self._check_seats()

    @rule()
    def advance(self):
        if self.phase == "open":
            self.chain.mine(1, timestamp=self.end)
            self.phase = "revealing" if self.secret else "closed"
        elif self.phase == "revealing":
            self.chain.mine(1, timestamp=self.reveal_end)
            self.phase = "closed"

    @rule(seat=st.integers(0, SEATS - 1), correct=st.booleans())
    def reveal(self, seat, correct):
        v, sender = self.voting, self.env["relayer"]
        record = self.counted.get(seat)
        choice = record["choice"] if record else 0
        salt = record.get("salt", b"\x00" * 32) if record else b"\x00" * 32
        if not correct:
            choice += 1
        if not self.secret:
            with ape.reverts(v.WrongBallotMode, ballotId=self.ballot, secret=False):
                v.reveal(self.ballot, seat, choice, salt, sender=sender)
        elif self.phase != "revealing":
            with ape.reverts(
                v.NotInRevealWindow, ballotId=self.ballot, end=self.end, revealEnd=self.reveal_end
            ):
                v.reveal(self.ballot, seat, choice, salt, sender=sender)
        elif record is None:
            with ape.reverts(v.NoCommitment, ballotId=self.ballot, index=seat):
                v.reveal(self.ballot, seat, choice, salt, sender=sender)
        elif seat in self.revealed:
            with ape.reverts(v.AlreadyRevealed, ballotId=self.ballot, index=seat):
                v.reveal(self.ballot, seat, choice, salt, sender=sender)
        elif choice >= self.options:
            with ape.reverts(
                v.InvalidChoice, ballotId=self.ballot, choice=choice, optionCount=self.options
            ):
                v.reveal(self.ballot, seat, choice, salt, sender=sender)
        elif not correct:
            with ape.reverts(v.RevealMismatch, ballotId=self.ballot, index=seat):
                v.reveal(self.ballot, seat, choice, salt, sender=sender)
        else:
            tx = v.reveal(self.ballot, seat, choice, salt, sender=sender)
            assert [(log.index, log.choice) for log in tx.decode_logs(v.VoteRevealed)] == [
                (seat, choice)
            ]
            self.revealed.add(seat)
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

    def _check_seats(self):
        """hasVoted is exactly the counted seats; each seat's record is its own (a voter
        with several seats has several records, one per seat, each with that seat's weight).
        ~30 calls, so checked after each household batch and at the end of every example,
        not after every step."""
        if self.ballot is None:
            return
        electorate = self.env["electorate"]
        for seat, (_, weight) in electorate.by_seat.items():
            assert self.read.hasVoted(self.ballot, seat).call() == (seat in self.counted)
            if self._keeps_record():
                nonce = self.read.nonceOf(self.ballot, seat).call()
                assert nonce == self.nonces.get(seat, 0)
                if seat in self.counted:
                    assert self.read.recordOf(self.ballot, seat).call()[1] == weight

    def audit(self):
        if self.ballot is not None:
            self._check_seats()
            assert audit(self.voting) == []


@pytest.mark.slow
def test_voting_state_machine__random_sequences__ghost_and_invariants_hold(
    voting, voters, household_electorate, authority, relayer, dom, chain
):
    env = {
        "voting": voting,
        "voters": voters,
        "electorate": household_electorate,
        "authority": authority,
        "relayer": relayer,
        "dom": dom,
        "chain": chain,
        "read": reader(voting),
    }
    run_machine(VotingMachine, lambda: VotingMachine(env))
