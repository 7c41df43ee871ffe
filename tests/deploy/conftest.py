"""Fixtures of the deploy tests: one city node per module, reverted after each test."""

import pytest
from city import anvil_node


@pytest.fixture(scope="module")
def city(deployer):
    # `deployer` (session-scoped) first: Ape re-runs module fixtures when a session
    # fixture is first requested after them, which would start this node twice.
    with anvil_node("--silent") as node:
        yield node


@pytest.fixture
def fresh(city):
    """The city node, reverted after the test to the state before it."""
    url, w3 = city
    snapshot = w3.provider.make_request("evm_snapshot", [])["result"]
    yield url, w3
    w3.provider.make_request("evm_revert", [snapshot])
