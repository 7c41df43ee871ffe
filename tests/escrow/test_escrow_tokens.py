"""Hostile tokens beyond the matrix: tokens that return false on success, blocklists, pauses,
zero-value reverts (weird-erc20 1.0.1 wrappers), and a token calling back into the escrow.

Where a weird-erc20 token itself refuses a transfer, the revert carries that token's own
require string (e.g. "blocked"), bubbled by SafeERC20; those strings are asserted exactly."""

import ape
import pytest
from escrow_support import SUPPLY, UNIT, TokenCase, assert_consistent
from eth_utils import keccak

REENTRANT_CALL = keccak(text="ReentrancyGuardReentrantCall()")[:4]


@pytest.fixture(scope="module")
def weird(project, deployer):
    def create(name: str) -> TokenCase:
        return TokenCase(
            name, getattr(project, name).deploy(SUPPLY, sender=deployer), mintable=False
        )

    return create


def _approved(escrow, case, supervisor, open_project, funder, plans=None):
    pid, plans, _ = open_project(case, plans)
    funder(case, pid, 0, plans[0].amount)
    escrow.approveMilestone(pid, 0, sender=supervisor)
    return pid, plans


@pytest.mark.parametrize("kind", ["WeirdReturnsFalse", "matrix-false-on-success"])
def test_fund__token_returns_false_on_success__reverts(
    escrow, agency, deployer, open_project, weird, token_factory, kind
):
    if kind == "WeirdReturnsFalse":
        case = weird(kind)
        case.token.transfer(agency, 100 * UNIT, sender=deployer)
    else:
        case = TokenCase(kind, token_factory(success=False, fail="revert"))
        case.give(deployer, agency, 100 * UNIT)
    pid, _, _ = open_project(case)
    case.token.approve(escrow, 100 * UNIT, sender=agency)
    with ape.reverts(escrow.SafeERC20FailedOperation, token=case.token.address):
        escrow.fund(pid, 0, 100 * UNIT, sender=agency)


def test_withdraw__blocklisted_payee__others_still_paid(
    escrow, weird, deployer, supervisor, workers, subcontractors, prime, open_project, funder
):
    case = weird("WeirdBlockList")
    pid, plans = _approved(escrow, case, supervisor, open_project, funder)
    case.token.invoke_transaction("block", workers[0], sender=deployer)

    with ape.reverts("blocked"):
        escrow.withdrawPayment(pid, 0, 0, sender=workers[0])
    assert escrow.claimable(pid, 0, 0) == plans[0].wages[0][1]

    for j, account in ((1, workers[1]), (2, subcontractors[0]), (3, prime)):
        escrow.withdrawPayment(pid, 0, j, sender=account)
        assert escrow.claimable(pid, 0, j) == 0
    assert escrow.totalOwed(case.token) == plans[0].wages[0][1]
    assert_consistent(escrow, case.token)

    case.token.allow(workers[0], sender=deployer)
    escrow.withdrawPayment(pid, 0, 0, sender=workers[0])
    assert case.token.balanceOf(workers[0]) == plans[0].wages[0][1]
    assert escrow.totalOwed(case.token) == 0


def test_withdraw_payment_to__blocklisted_payee__moves_own_part_to_new_address(
    escrow, weird, deployer, supervisor, workers, accounts, open_project, funder
):
    case = weird("WeirdBlockList")
    pid, plans = _approved(escrow, case, supervisor, open_project, funder)
    case.token.invoke_transaction("block", workers[0], sender=deployer)
    fresh = accounts[20]
    tx = escrow.withdrawPaymentTo(pid, 0, 0, fresh, sender=workers[0])
    (paid,) = tx.decode_logs(escrow.PaymentWithdrawn)
    assert (paid.account, paid.recipient, paid.amount, paid.by) == (
        workers[0].address,
        fresh.address,
        plans[0].wages[0][1],
        workers[0].address,
    )
    assert case.token.balanceOf(fresh) == plans[0].wages[0][1]
    assert escrow.claimable(pid, 0, 0) == 0
    assert_consistent(escrow, case.token)


def test_withdraw_payment__paused_token__part_kept_until_resumed(
    escrow, weird, deployer, supervisor, workers, open_project, funder
):
    case = weird("WeirdPausable")
    pid, plans = _approved(escrow, case, supervisor, open_project, funder)
    case.token.stop(sender=deployer)
    with ape.reverts("paused"):
        escrow.withdrawPayment(pid, 0, 1, sender=workers[1])
    assert escrow.claimable(pid, 0, 1) == plans[0].wages[1][1]
    case.token.start(sender=deployer)
    escrow.withdrawPayment(pid, 0, 1, sender=workers[1])
    assert case.token.balanceOf(workers[1]) == plans[0].wages[1][1]
    assert_consistent(escrow, case.token)


def test_approve_milestone__zero_prime_share_with_revert_zero_token__no_zero_transfer(
    escrow, weird, supervisor, prime, workers, open_project, funder, plan_factory
):
    case = weird("WeirdRevertZero")
    plan = plan_factory(amount=1_000 * UNIT, wages=[(workers[0], 1_000 * UNIT)], subcontracts=[])
    pid, _ = _approved(escrow, case, supervisor, open_project, funder, [plan])
    assert escrow.claimable(pid, 0, 1) == 0
    escrow.withdrawPayment(pid, 0, 0, sender=workers[0])
    with ape.reverts(escrow.NothingToWithdraw, token=case.token.address, account=prime.address):
        escrow.withdrawPayment(pid, 0, 1, sender=prime)
    assert_consistent(escrow, case.token)


# ------------------------------------------------------------------ reentrancy


@pytest.fixture
def reentrant(project, deployer):
    return TokenCase("reentrant", project.ReentrantERC20.deploy(sender=deployer))


def test_fund__token_reenters_withdraw__guard_refuses(
    escrow, reentrant, agency, deployer, open_project, funder
):
    token = reentrant.token
    pid, plans, _ = open_project(reentrant)
    funder(reentrant, pid, 0, 1_000 * UNIT)
    funder(reentrant, pid, 1, plans[1].amount + 5 * UNIT)  # 5 units beyond: the agency's credit
    assert escrow.creditOf(token, agency) == 5 * UNIT

    token.mint(agency, 100 * UNIT, sender=deployer)
    token.approve(escrow, 100 * UNIT, sender=agency)
    token.arm(escrow, escrow.withdraw.encode_input(token, agency), sender=deployer)
    tx = escrow.fund(pid, 0, 100 * UNIT, sender=agency)

    assert token.attempts() == 1
    assert token.lastSuccess() is False
    assert bytes(token.lastReturn()) == REENTRANT_CALL
    assert tx.decode_logs(escrow.Withdrawn) == []
    assert escrow.creditOf(token, agency) == 5 * UNIT
    assert escrow.milestone(pid, 0).funded == 1_100 * UNIT
    assert_consistent(escrow, token)


@pytest.mark.parametrize("again", ["another slot", "the same slot"])
def test_withdraw_payment__token_reenters_withdraw_payment__guard_refuses(
    escrow, reentrant, deployer, supervisor, workers, open_project, funder, again
):
    token = reentrant.token
    pid, plans = _approved(escrow, reentrant, supervisor, open_project, funder)
    target = 1 if again == "another slot" else 0
    token.arm(escrow, escrow.withdrawPayment.encode_input(pid, 0, target), sender=deployer)
    tx = escrow.withdrawPayment(pid, 0, 0, sender=workers[0])

    assert token.attempts() == 1
    assert token.lastSuccess() is False
    assert bytes(token.lastReturn()) == REENTRANT_CALL
    assert [(e.account, e.amount) for e in tx.decode_logs(escrow.PaymentWithdrawn)] == [
        (workers[0].address, plans[0].wages[0][1])
    ]
    assert escrow.claimable(pid, 0, 1) == plans[0].wages[1][1]
    assert_consistent(escrow, token)
