"""Fixtures shared by every service's tests.

Role accounts are session-scoped and named by what they do; each service's
``tests/<service>/conftest.py`` adds its deploy fixtures on top. Ape snapshots
the chain around every test, so module- and session-scoped deployments are
shared without leaking state between tests.
"""

import os

import pytest
from hypothesis import HealthCheck, settings

from civic.ape_compat import (
    cache_struct_classes,
    launch_anvil_without_steps_tracing,
    list_sources_without_dependency_copies,
)

# Before Ape lists the project's sources, starts the test node and decodes a struct
# (see civic/ape_compat.py).
list_sources_without_dependency_copies()
launch_anvil_without_steps_tracing()
cache_struct_classes()

# The one hypothesis profile of the state machines (tests/state_machine.py): every phase,
# shrinking included; CIVIC_EXAMPLES overrides the example count for quick local runs.
settings.register_profile(
    "civic",
    max_examples=int(os.environ.get("CIVIC_EXAMPLES", "1000")),
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)


@pytest.fixture(scope="session")
def deployer(accounts):
    """Deploys contracts and holds DEFAULT_ADMIN_ROLE until handed over."""
    return accounts[0]


@pytest.fixture(scope="session")
def stranger(accounts):
    """An account that holds no role anywhere."""
    return accounts[29]


@pytest.fixture(scope="module")
def balance_reader(project, deployer):
    """One eth_call for many ERC-20 balances (see contracts/test/TestBalanceReader.sol)."""
    return deployer.deploy(project.TestBalanceReader)


@pytest.fixture(scope="session", autouse=True)
def quiet_revert_traces():
    """ape-foundry fetches and prints the whole call trace of every revert (~0.4 s each
    over debug_traceTransaction). Every expected revert here is asserted by its custom
    error and arguments through ``ape.reverts``, so the printout is switched off; a
    failing test still shows the error it got."""
    from ape_ethereum.trace import Trace

    original = Trace.show
    Trace.show = lambda self, *args, **kwargs: None
    yield
    Trace.show = original
