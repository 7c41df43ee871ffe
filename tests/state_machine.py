"""The one shape of a property test: a hypothesis state machine over the chain.

``CivicMachine`` takes a chain snapshot when an example starts, runs ``audit()`` (the
example's end-of-walk checks: a recount from events equals the getters) when it ends,
and restores the snapshot, also when the example failed. ``run_machine`` runs one
under the suite's single hypothesis profile, ``civic`` (registered in
tests/conftest.py), with every contract transaction and call of the walk sent over
``civic.fastpath.FastPath``: plain JSON-RPC to the same Anvil, errors decoded as Ape
decodes them, so the rules keep using Ape's contract objects and ``ape.reverts``.
"""

from __future__ import annotations

import os

from hypothesis import settings
from hypothesis.stateful import RuleBasedStateMachine, run_state_machine_as_test

from civic.fastpath import FastPath

PROFILE = "civic"


class CivicMachine(RuleBasedStateMachine):
    """Snapshot at the start of each example, ``audit()`` and restore at its end."""

    #: Rules per example (``stateful_step_count``): the walk length a machine needs.
    steps = 8
    #: Examples per run when the profile's count (1,000) does not fit ``make test``'s
    #: time budget; None takes the profile's. CIVIC_EXAMPLES overrides both.
    examples: int | None = None

    def __init__(self):
        super().__init__()
        from ape import chain

        self._chain = chain
        self._snap = chain.snapshot()

    def audit(self) -> None:
        """Checks at the end of each example (override; the chain is still as walked)."""

    def teardown(self):
        try:
            self.audit()
        finally:
            self._chain.restore(self._snap)


def machine_settings(machine, **overrides) -> settings:
    """The ``civic`` profile with the machine's walk length and example count."""
    profile = settings.get_profile(PROFILE)
    examples = getattr(machine, "examples", None)
    if examples is not None and "CIVIC_EXAMPLES" not in os.environ:
        overrides.setdefault("max_examples", examples)
    return settings(profile, stateful_step_count=machine.steps, **overrides)


def run_machine(machine, factory=None, **overrides) -> FastPath:
    """Run ``machine`` (a ``CivicMachine`` subclass; ``factory()`` builds an instance if
    its constructor takes arguments) as a test over the fast path; returns the path (its
    ``sent`` counts the transactions of the run)."""
    fast = FastPath()
    with fast.installed():
        run_state_machine_as_test(
            factory or machine, settings=machine_settings(machine, **overrides)
        )
    return fast
