"""Escrow fixtures: role accounts, the escrow, and the ERC-20 behaviour matrix.

``token_factory(success=..., fail=...)`` is our brownie-token-tester: it deploys a
``MatrixERC20`` whose ``transfer``/``transferFrom``/``approve`` return ``True``, ``False`` or
nothing (``None``) on success and, on failure (short balance or allowance), ``"revert"``,
return ``False``/``True`` or return nothing (``None``).

``case`` is parametrized over every token the escrow must handle correctly (the usable part
of the matrix, weird-erc20's missing-returns and fee-on-transfer tokens); the core-path tests
(tests/escrow/test_escrow_flow.py) take it, so they run once per token. Rules and edge tests
take ``std`` (success=True, fail="revert") to keep the suite's wall time in check.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from escrow_support import CASES, DAY, OUTCOME, UNIT, TokenCase, make_case

from civic.escrow import AGENCY_ROLE, ARBITER_ROLE, MilestonePlan, specs

# ------------------------------------------------------------------ roles


@pytest.fixture(scope="session")
def admin(accounts):
    return accounts[1]


@pytest.fixture(scope="session")
def agency(accounts):
    """Seoul's public-works office: opens and funds projects."""
    return accounts[2]


@pytest.fixture(scope="session")
def arbiter(accounts):
    return accounts[3]


@pytest.fixture(scope="session")
def supervisor(accounts):
    """The project's site supervisor (감리): approves completed milestones."""
    return accounts[4]


@pytest.fixture(scope="session")
def prime(accounts):
    return accounts[5]


@pytest.fixture(scope="session")
def workers(accounts):
    return [accounts[6], accounts[7]]


@pytest.fixture(scope="session")
def subcontractors(accounts):
    return [accounts[8], accounts[9]]


@pytest.fixture(scope="session")
def other_agency(accounts):
    """A second agency: holds AGENCY_ROLE but did not open the test projects."""
    return accounts[10]


# ------------------------------------------------------------------ escrow


@pytest.fixture(scope="module")
def escrow(project, deployer, admin, agency, arbiter, other_agency):
    from civic.escrow.deploy import deploy

    contract = deploy(
        deployer, {"admin": admin.address, "agency": agency.address, "arbiter": arbiter.address}
    )
    contract.grantRole(AGENCY_ROLE, other_agency, sender=admin)
    assert contract.hasRole(ARBITER_ROLE, arbiter)
    return contract


# ------------------------------------------------------------------ tokens


@pytest.fixture(scope="module")
def token_factory(project, deployer) -> Callable:
    """Deploys a ``MatrixERC20``: ``token_factory(success=True, fail="revert")``."""

    def create(success=True, fail="revert", name="MTX"):
        return project.MatrixERC20.deploy(name, OUTCOME[success], OUTCOME[fail], sender=deployer)

    return create


@pytest.fixture(scope="module", params=CASES)
def case(request, project, deployer, token_factory) -> TokenCase:
    return make_case(request.param, project, deployer, token_factory)


@pytest.fixture(scope="module")
def std(project, deployer, token_factory) -> TokenCase:
    return make_case("true-revert", project, deployer, token_factory)


# ------------------------------------------------------------------ projects


@pytest.fixture(scope="module")
def plan_factory(workers, subcontractors, chain) -> Callable:
    """``plan_factory(amount=10_000 * UNIT, days=7)``: wages 30 % + 20 %, one subcontract 25 %."""

    def create(amount: int = 10_000 * UNIT, days: int = 7, **overrides) -> MilestonePlan:
        plan = MilestonePlan(
            amount=amount,
            deadline=chain.pending_timestamp + days * DAY,
            wages=[(workers[0], amount * 30 // 100), (workers[1], amount * 20 // 100)],
            subcontracts=[(subcontractors[0], amount * 25 // 100)],
        )
        for key, value in overrides.items():
            setattr(plan, key, value)
        return plan

    return create


@pytest.fixture(scope="module")
def open_project(escrow, agency, prime, supervisor, plan_factory) -> Callable:
    """Opens a project and returns ``(project_id, plans, receipt)``."""

    def create(case: TokenCase, plans: list[MilestonePlan] | None = None, sender=None):
        plans = plans if plans is not None else [plan_factory(), plan_factory(days=30)]
        tx = escrow.openProject(
            prime, case.token, supervisor, specs(plans), sender=sender or agency
        )
        (opened,) = tx.decode_logs(escrow.ProjectOpened)
        return opened.projectId, plans, tx

    return create


@pytest.fixture(scope="module")
def funder(escrow, agency, deployer) -> Callable:
    """``funder(case, pid, index, net)``: gives the agency tokens and funds so that ``net``
    arrives (the gross covers a transfer fee). Returns the receipt."""

    def fund(case: TokenCase, pid: int, index: int, net: int, sender=None):
        sender = sender or agency
        gross = net + case.fee
        case.give(deployer, sender, gross)
        case.token.approve(escrow, gross, sender=sender)
        return escrow.fund(pid, index, gross, sender=sender)

    return fund
