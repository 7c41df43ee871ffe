"""Stateful property test of encrypted ballots: one ballot per example, seats of households
cast encrypted ballots (directly or relayed), change them, and send ballots with a wrong
sum (more than two options) or a wrong bit or shape (two options); a plaintext ghost keeps each seat's current choice and weight.

Invariants: turnout equals the seats whose ballot counted (after every step); at the end
of each example the trustees decrypt and the decrypted per-option weights equal the
ghost's tally, vote changes included; `finalizeEncrypted` accepts exactly those weights,
and the recount from events (`audit`) matches every getter. Each example runs between a
chain snapshot and its restore.
"""

import itertools

import ape
import pytest
from hypothesis import strategies as st
from hypothesis.stateful import (
    initialize,
    invariant,
    rule,
)
from state_machine import CivicMachine, run_machine

from civic.voting import ballot_config, signed_ballot
from civic.voting import elgamal as eg
from civic.voting.recount import audit

SEATS = 12  # household_electorate's seats: 0..11


class EncryptedMachine(CivicMachine):
    steps = 5
    examples = 250  # within make test's budget (README, Measured)

    def __init__(self, env):
        super().__init__()
        self.env = env
        self.voting = env["voting"]
        self.chain = env["chain"]
        self.ballot = None

    def _rng(self):
        return lambda: (next(self.counter) * 0x9E3779B97F4A7C15F39CC0605CEDC834) % eg.Q

    def _account(self, seat):
        voter = self.env["electorate"].by_seat[seat][0]
        return next(v for v in self.env["voters"] if v.address == voter)

    def _encrypt(self, seat, plain, compact=True):
        voter = self._account(seat).address
        ctx = eg.ballot_context(self.chain.chain_id, self.voting.address, self.ballot, seat, voter)
        return eg.encrypt_plain(self.key, ctx, plain, self._rng(), compact=compact)

    @initialize(options=st.integers(2, 3), seed=st.integers(1, 2**64))
    def create(self, options, seed):
        env = self.env
        self.options = options
        self.counter = itertools.count(seed)
        start = self.chain.pending_timestamp + 50
        self.end = start + 1_000
        config = ballot_config(
            env["electorate"].root,
            start,
            self.end,
            options=options,
            secret=True,
            allow_change=True,
            reveal_end=self.end + 1_000,
        )
        trustees = [a.address for a in env["committee"].accounts]
        tx = self.voting.createEncryptedBallot(config, trustees, sender=env["authority"])
        self.ballot = tx.decode_logs(self.voting.EncryptedBallotCreated)[0].ballotId
        self.key = env["committee"].post_keys(
            self.voting, self.ballot, self.chain.chain_id, self._rng()
        )
        self.chain.mine(1, timestamp=start)
        self.ghost = {}  # seat -> (choice, ballot, weight)

    @rule(seat=st.integers(0, SEATS - 1), choice=st.integers(0, 2), relayed=st.booleans())
    def cast(self, seat, choice, relayed):
        choice %= self.options
        account = self._account(seat)
        plain = [1 if o == choice else 0 for o in range(self.options)]
        ballot = self._encrypt(seat, plain)
        earlier = self.ghost.get(seat)
        args = eg.vote_args(ballot, earlier[1] if earlier else None)
        index, weight, proof = self.env["electorate"].credentials(account, seat)
        if relayed:
            item = signed_ballot(
                self.env["electorate"],
                self.env["dom"],
                account,
                self.ballot,
                eg.ciphertext_hash(ballot.a, ballot.b),
                seat=seat,
                nonce=self.voting.nonceOf(self.ballot, seat),
            )
            self.voting.relayEncrypted(self.ballot, item, args, sender=self.env["relayer"])
        else:
            self.voting.castEncrypted(self.ballot, index, weight, proof, args, sender=account)
        self.ghost[seat] = (choice, ballot, weight)

    @rule(seat=st.integers(0, SEATS - 1))
    def cast_two_ones(self, seat):
        """Two options: a 2 in the one ciphertext sent (a failing bit proof), or both
        ciphertexts sent (the two-option form takes one); more: two ones (a failing sum)."""
        account = self._account(seat)
        earlier = self.ghost.get(seat)
        index, weight, proof = self.env["electorate"].credentials(account, seat)
        if self.options == 2:
            for plain, compact in (([2, 0], True), ([1, 0], False)):
                ballot = self._encrypt(seat, plain, compact=compact)
                args = eg.vote_args(ballot, earlier[1] if earlier else None)
                error = (
                    ape.reverts(self.voting.InvalidBitProof, ballotId=self.ballot, index=seat)
                    if compact
                    else ape.reverts(self.voting.LengthMismatch, expected=1, given=2)
                )
                with error:
                    self.voting.castEncrypted(
                        self.ballot, index, weight, proof, args, sender=account
                    )
            return
        plain = [1, 1] + [0] * (self.options - 2)
        ballot = self._encrypt(seat, plain)
        args = eg.vote_args(ballot, earlier[1] if earlier else None)
        with ape.reverts(self.voting.InvalidSumProof, ballotId=self.ballot, index=seat):
            self.voting.castEncrypted(self.ballot, index, weight, proof, args, sender=account)

    @invariant()
    def turnout_is_counted_seats(self):
        if self.ballot is None:
            return
        view = self.voting.getBallot(self.ballot)
        assert view.turnoutVotes == len(self.ghost)
        assert view.turnoutWeight == sum(w for _, _, w in self.ghost.values())

    def audit(self):
        if self.ballot is not None:
            self.chain.mine(1, timestamp=self.end)
            self.env["committee"].decrypt(
                self.voting, self.ballot, self.chain.chain_id, self._rng()
            )
            bound = self.env["electorate"].total_weight
            decrypted = eg.tally_of(self.voting, self.ballot, bound)
            expected = [0] * self.options
            for choice, _, weight in self.ghost.values():
                expected[choice] += weight
            assert decrypted == expected
            self.voting.finalizeEncrypted(self.ballot, decrypted, sender=self.env["relayer"])
            assert audit(self.voting) == []


@pytest.fixture(scope="module")
def committee(accounts):
    counter = itertools.count(7)
    rng = lambda: (next(counter) * 0x9E3779B97F4A7C15F39CC0605CEDC834) % eg.Q  # noqa: E731
    return eg.Trustees.generate([accounts[i] for i in (21, 22, 23)], rng)


@pytest.mark.slow
def test_encrypted_state_machine__random_sequences__decrypted_tally_equals_ghost(
    voting, voters, household_electorate, authority, relayer, dom, chain, committee
):
    env = {
        "voting": voting,
        "voters": voters,
        "electorate": household_electorate,
        "authority": authority,
        "relayer": relayer,
        "dom": dom,
        "chain": chain,
        "committee": committee,
    }
    run_machine(EncryptedMachine, lambda: EncryptedMachine(env))
