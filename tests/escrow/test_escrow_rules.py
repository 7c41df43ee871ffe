"""Who may do what and when: every guard of fund, approve, dispute, resolve, refund,
withdraw, payee address changes and sweep (standard token; the matrix runs in
test_escrow_flow.py)."""

import ape
import pytest
from escrow_support import DAY, UNIT, assert_consistent
from eth_abi import encode

from civic.escrow import ARBITER_ROLE, DEFAULT_ADMIN_ROLE, MilestoneStatus
from civic.merkle import keccak

ZERO = "0x0000000000000000000000000000000000000000"


@pytest.fixture
def funded(std, open_project, funder):
    """A project whose milestone 0 is fully funded; milestone 1 is open and empty."""
    pid, plans, _ = open_project(std)
    funder(std, pid, 0, plans[0].amount)
    return pid, plans


# ------------------------------------------------------------------ fund


def test_fund__not_project_agency__reverts(escrow, std, other_agency, open_project):
    pid, _, _ = open_project(std)
    with ape.reverts(escrow.NotProjectAgency, projectId=pid, account=other_agency.address):
        escrow.fund(pid, 0, UNIT, sender=other_agency)


def test_fund__unknown_project_or_milestone__reverts(escrow, std, agency, open_project):
    pid, _, _ = open_project(std)
    with ape.reverts(escrow.UnknownProject, projectId=pid + 1):
        escrow.fund(pid + 1, 0, UNIT, sender=agency)
    with ape.reverts(escrow.UnknownMilestone, projectId=pid, milestoneIndex=7):
        escrow.fund(pid, 7, UNIT, sender=agency)


def test_fund__zero_amount__reverts(escrow, std, agency, open_project):
    pid, _, _ = open_project(std)
    with ape.reverts(escrow.ZeroAmount):
        escrow.fund(pid, 0, 0, sender=agency)


def test_fund__already_full__reverts(escrow, agency, funded):
    pid, _ = funded
    with ape.reverts(escrow.MilestoneFullyFunded, projectId=pid, milestoneIndex=0):
        escrow.fund(pid, 0, UNIT, sender=agency)


def test_fund__after_deadline__reverts(escrow, agency, chain, funded):
    pid, plans = funded
    chain.pending_timestamp = plans[1].deadline + 1
    with ape.reverts(
        escrow.DeadlinePassed, projectId=pid, milestoneIndex=1, deadline=plans[1].deadline
    ):
        escrow.fund(pid, 1, UNIT, sender=agency)


def test_fund__disputed__reverts(escrow, agency, funded):
    pid, _ = funded
    escrow.disputeMilestone(pid, 1, sender=agency)
    with ape.reverts(
        escrow.MilestoneNotOpen, projectId=pid, milestoneIndex=1, status=MilestoneStatus.DISPUTED
    ):
        escrow.fund(pid, 1, UNIT, sender=agency)


# ------------------------------------------------------------------ approve


def test_approve_milestone__not_supervisor__reverts(escrow, prime, funded):
    pid, _ = funded
    with ape.reverts(escrow.NotProjectSupervisor, projectId=pid, account=prime.address):
        escrow.approveMilestone(pid, 0, sender=prime)


def test_approve_milestone__underfunded__reverts(escrow, std, supervisor, funder, funded):
    pid, plans = funded
    funder(std, pid, 1, UNIT)
    with ape.reverts(
        escrow.MilestoneUnderfunded,
        projectId=pid,
        milestoneIndex=1,
        funded=UNIT,
        amount=plans[1].amount,
    ):
        escrow.approveMilestone(pid, 1, sender=supervisor)


def test_approve_milestone__after_deadline__reverts(escrow, supervisor, chain, funded):
    pid, plans = funded
    chain.pending_timestamp = plans[0].deadline + 1
    with ape.reverts(
        escrow.DeadlinePassed, projectId=pid, milestoneIndex=0, deadline=plans[0].deadline
    ):
        escrow.approveMilestone(pid, 0, sender=supervisor)


def test_approve_milestone__twice__reverts(escrow, supervisor, funded):
    pid, _ = funded
    escrow.approveMilestone(pid, 0, sender=supervisor)
    with ape.reverts(
        escrow.MilestoneNotOpen, projectId=pid, milestoneIndex=0, status=MilestoneStatus.RELEASED
    ):
        escrow.approveMilestone(pid, 0, sender=supervisor)


def test_approve_milestone__disputed__reverts(escrow, agency, supervisor, funded):
    pid, _ = funded
    escrow.disputeMilestone(pid, 0, sender=agency)
    with ape.reverts(
        escrow.MilestoneNotOpen, projectId=pid, milestoneIndex=0, status=MilestoneStatus.DISPUTED
    ):
        escrow.approveMilestone(pid, 0, sender=supervisor)


# ------------------------------------------------------------------ dispute, resolve


@pytest.mark.parametrize("who", ["supervisor", "stranger", "workers"])
def test_dispute_milestone__not_agency_or_prime__reverts(escrow, funded, request, who):
    account = request.getfixturevalue(who)
    account = account[0] if isinstance(account, list) else account
    pid, _ = funded
    with ape.reverts(escrow.NotDisputant, projectId=pid, account=account.address):
        escrow.disputeMilestone(pid, 0, sender=account)


def test_dispute_milestone__by_agency__freezes(escrow, agency, funded):
    pid, _ = funded
    tx = escrow.disputeMilestone(pid, 0, sender=agency)
    assert [
        (e.projectId, e.milestoneIndex, e.by) for e in tx.decode_logs(escrow.MilestoneDisputed)
    ] == [(pid, 0, agency.address)]
    assert escrow.milestone(pid, 0).status == MilestoneStatus.DISPUTED
    with ape.reverts(
        escrow.MilestoneNotOpen, projectId=pid, milestoneIndex=0, status=MilestoneStatus.DISPUTED
    ):
        escrow.disputeMilestone(pid, 0, sender=agency)


def test_dispute_milestone__after_deadline_before_refund__blocks_refund(
    escrow, prime, stranger, chain, funded
):
    pid, plans = funded
    chain.pending_timestamp = plans[0].deadline + 1
    escrow.disputeMilestone(pid, 0, sender=prime)
    with ape.reverts(
        escrow.MilestoneNotOpen, projectId=pid, milestoneIndex=0, status=MilestoneStatus.DISPUTED
    ):
        escrow.refundMilestone(pid, 0, sender=stranger)


def test_resolve_dispute__not_arbiter__reverts(escrow, agency, funded):
    pid, _ = funded
    escrow.disputeMilestone(pid, 0, sender=agency)
    with ape.reverts(
        escrow.AccessControlUnauthorizedAccount, account=agency.address, neededRole=ARBITER_ROLE
    ):
        escrow.resolveDispute(pid, 0, 0, sender=agency)


def test_resolve_dispute__not_disputed__reverts(escrow, arbiter, funded):
    pid, _ = funded
    with ape.reverts(
        escrow.MilestoneNotDisputed, projectId=pid, milestoneIndex=0, status=MilestoneStatus.OPEN
    ):
        escrow.resolveDispute(pid, 0, 0, sender=arbiter)


def test_resolve_dispute__already_resolved__reverts(escrow, agency, arbiter, funded):
    pid, _ = funded
    escrow.disputeMilestone(pid, 0, sender=agency)
    escrow.resolveDispute(pid, 0, 0, sender=arbiter)
    with ape.reverts(
        escrow.MilestoneNotDisputed,
        projectId=pid,
        milestoneIndex=0,
        status=MilestoneStatus.RESOLVED,
    ):
        escrow.resolveDispute(pid, 0, 0, sender=arbiter)


def test_resolve_dispute__split_exceeds_funded__reverts(escrow, agency, arbiter, funded):
    pid, plans = funded
    escrow.disputeMilestone(pid, 0, sender=agency)
    amount = plans[0].amount
    with ape.reverts(
        escrow.SplitExceedsFunded,
        projectId=pid,
        milestoneIndex=0,
        payeeAmount=amount + 1,
        funded=amount,
    ):
        escrow.resolveDispute(pid, 0, amount + 1, sender=arbiter)


def test_resolve_dispute__all_to_agency__no_payee_credited(escrow, std, agency, arbiter, funded):
    pid, plans = funded
    escrow.disputeMilestone(pid, 0, sender=agency)
    escrow.resolveDispute(pid, 0, 0, sender=arbiter)
    assert [escrow.claimable(pid, 0, j) for j in range(4)] == [0, 0, 0, 0]
    assert escrow.creditOf(std.token, agency) == plans[0].amount
    assert_consistent(escrow, std.token)


def test_resolve_dispute__all_to_payees__nothing_refunded(escrow, std, agency, arbiter, funded):
    pid, plans = funded
    escrow.disputeMilestone(pid, 0, sender=agency)
    amount = plans[0].amount
    tx = escrow.resolveDispute(pid, 0, amount, sender=arbiter)
    (resolved,) = tx.decode_logs(escrow.DisputeResolved)
    assert (resolved.paid, resolved.refunded) == (amount, 0)
    assert sum(escrow.claimable(pid, 0, j) for j in range(4)) == amount
    assert escrow.creditOf(std.token, agency) == 0
    assert_consistent(escrow, std.token)


# ------------------------------------------------------------------ refund


def test_refund_milestone__before_deadline__reverts(escrow, stranger, funded):
    pid, plans = funded
    with ape.reverts(
        escrow.DeadlineNotReached, projectId=pid, milestoneIndex=0, deadline=plans[0].deadline
    ):
        escrow.refundMilestone(pid, 0, sender=stranger)


def test_refund_milestone__at_deadline__reverts(escrow, stranger, chain, funded):
    pid, plans = funded
    chain.pending_timestamp = plans[0].deadline
    with ape.reverts(
        escrow.DeadlineNotReached, projectId=pid, milestoneIndex=0, deadline=plans[0].deadline
    ):
        escrow.refundMilestone(pid, 0, sender=stranger)


def test_refund_milestone__nothing_funded__reverts(escrow, stranger, chain, funded):
    pid, plans = funded
    chain.pending_timestamp = plans[1].deadline + DAY
    with ape.reverts(escrow.NothingToRefund, projectId=pid, milestoneIndex=1):
        escrow.refundMilestone(pid, 1, sender=stranger)


def test_refund_milestone__released__reverts(escrow, supervisor, stranger, chain, funded):
    pid, plans = funded
    escrow.approveMilestone(pid, 0, sender=supervisor)
    chain.pending_timestamp = plans[0].deadline + DAY
    with ape.reverts(
        escrow.MilestoneNotOpen, projectId=pid, milestoneIndex=0, status=MilestoneStatus.RELEASED
    ):
        escrow.refundMilestone(pid, 0, sender=stranger)


# ------------------------------------------------------------------ withdraw


def test_withdraw__no_credit__reverts(escrow, std, stranger):
    with ape.reverts(escrow.NothingToWithdraw, token=std.token.address, account=stranger.address):
        escrow.withdraw(std.token, stranger, sender=stranger)


def test_withdraw__twice__second_reverts(escrow, std, agency, funder, funded):
    pid, plans = funded
    funder(std, pid, 1, plans[1].amount + 5 * UNIT)  # 5 beyond it: the agency's credit
    escrow.withdraw(std.token, agency, sender=agency)
    with ape.reverts(escrow.NothingToWithdraw, token=std.token.address, account=agency.address):
        escrow.withdraw(std.token, agency, sender=agency)


def test_withdraw__payee_part__not_a_credit__reverts(escrow, std, supervisor, workers, funded):
    pid, _ = funded
    escrow.approveMilestone(pid, 0, sender=supervisor)
    with ape.reverts(escrow.NothingToWithdraw, token=std.token.address, account=workers[0].address):
        escrow.withdraw(std.token, workers[0], sender=workers[0])


@pytest.mark.parametrize("target", ["zero", "escrow"])
def test_withdraw_to__bad_recipient__reverts(escrow, std, supervisor, workers, funded, target):
    pid, _ = funded
    escrow.approveMilestone(pid, 0, sender=supervisor)
    bad = ZERO if target == "zero" else escrow.address
    with ape.reverts(escrow.InvalidRecipient, recipient=bad):
        escrow.withdrawTo(std.token, bad, sender=workers[0])
    with ape.reverts(escrow.InvalidRecipient, recipient=bad):
        escrow.withdrawPaymentTo(pid, 0, 0, bad, sender=workers[0])


def test_withdraw_payment__twice__second_reverts(escrow, std, supervisor, stranger, funded):
    pid, _ = funded
    escrow.approveMilestone(pid, 0, sender=supervisor)
    escrow.withdrawPayment(pid, 0, 0, sender=stranger)
    with ape.reverts(escrow.PaymentAlreadyWithdrawn, projectId=pid, milestoneIndex=0, payeeIndex=0):
        escrow.withdrawPayment(pid, 0, 0, sender=stranger)


@pytest.mark.parametrize("state", ["open", "disputed"])
def test_withdraw_payment__not_settled__reverts(
    escrow, std, agency, workers, stranger, funded, state
):
    pid, _ = funded
    if state == "disputed":
        escrow.disputeMilestone(pid, 0, sender=agency)
    assert escrow.claimable(pid, 0, 0) == 0
    with ape.reverts(escrow.NothingToWithdraw, token=std.token.address, account=workers[0].address):
        escrow.withdrawPayment(pid, 0, 0, sender=stranger)


def test_withdraw_payment__unknown_slot__reverts(escrow, supervisor, stranger, funded):
    pid, _ = funded
    escrow.approveMilestone(pid, 0, sender=supervisor)
    with ape.reverts(escrow.UnknownPayee, projectId=pid, milestoneIndex=0, payeeIndex=4):
        escrow.withdrawPayment(pid, 0, 4, sender=stranger)
    with ape.reverts(escrow.UnknownPayee, projectId=pid, milestoneIndex=0, payeeIndex=4):
        escrow.claimable(pid, 0, 4)
    with ape.reverts(escrow.UnknownMilestone, projectId=pid, milestoneIndex=9):
        escrow.withdrawPayment(pid, 9, 0, sender=stranger)


def test_withdraw_payment_to__not_the_slot__reverts(escrow, supervisor, workers, stranger, funded):
    pid, _ = funded
    escrow.approveMilestone(pid, 0, sender=supervisor)
    with ape.reverts(
        escrow.NotPayee, projectId=pid, milestoneIndex=0, payeeIndex=0, account=stranger.address
    ):
        escrow.withdrawPaymentTo(pid, 0, 0, stranger, sender=stranger)
    assert escrow.claimable(pid, 0, 0) > 0


def test_withdraw_to__no_credit__reverts(escrow, std, stranger, workers):
    with ape.reverts(escrow.NothingToWithdraw, token=std.token.address, account=stranger.address):
        escrow.withdrawTo(std.token, workers[0], sender=stranger)


# ------------------------------------------------------------------ payee address change


def test_payee_change__payee_then_agency__next_approval_pays_new_address(
    escrow, std, agency, supervisor, workers, stranger, funded
):
    pid, plans = funded
    tx = escrow.proposePayeeChange(pid, 0, 1, stranger, sender=workers[1])
    (proposed,) = tx.decode_logs(escrow.PayeeChangeProposed)
    assert (proposed.payeeIndex, proposed.proposed) == (1, stranger.address)
    assert escrow.pendingPayeeChange(pid, 0, 1) == stranger.address

    tx = escrow.confirmPayeeChange(pid, 0, 1, stranger, sender=agency)
    (changed,) = tx.decode_logs(escrow.PayeeChanged)
    assert (changed.payeeIndex, changed.previous, changed.account) == (
        1,
        workers[1].address,
        stranger.address,
    )
    assert escrow.pendingPayeeChange(pid, 0, 1) == ZERO
    assert escrow.payees(pid, 0)[1].account == stranger.address
    assert escrow.payees(pid, 0)[1].amount == plans[0].wages[1][1]

    escrow.approveMilestone(pid, 0, sender=supervisor)
    assert escrow.claimable(pid, 0, 1) == plans[0].wages[1][1]
    tx = escrow.withdrawPayment(pid, 0, 1, sender=workers[1])
    (paid,) = tx.decode_logs(escrow.PaymentWithdrawn)
    assert (paid.account, paid.recipient) == (stranger.address, stranger.address)
    assert std.token.balanceOf(stranger) == plans[0].wages[1][1]
    assert std.token.balanceOf(workers[1]) == 0
    assert_consistent(escrow, std.token)


def test_payee_change__two_slots_pending__kept_apart(escrow, workers, stranger, agency, funded):
    pid, _ = funded
    escrow.proposePayeeChange(pid, 0, 0, stranger, sender=workers[0])
    escrow.proposePayeeChange(pid, 0, 1, agency, sender=workers[1])
    assert escrow.pendingPayeeChange(pid, 0, 0) == stranger.address
    assert escrow.pendingPayeeChange(pid, 0, 1) == agency.address
    assert escrow.pendingPayeeChange(pid, 1, 0) == ZERO


def test_payee_change__prime_slot__needs_prime_and_agency(escrow, agency, prime, stranger, funded):
    pid, _ = funded
    with ape.reverts(
        escrow.NotPayee, projectId=pid, milestoneIndex=0, payeeIndex=3, account=agency.address
    ):
        escrow.proposePayeeChange(pid, 0, 3, stranger, sender=agency)
    escrow.proposePayeeChange(pid, 0, 3, stranger, sender=prime)
    escrow.confirmPayeeChange(pid, 0, 3, stranger, sender=agency)
    assert escrow.payees(pid, 0)[3].account == stranger.address


def test_propose_payee_change__prime_for_worker_slot__reverts(escrow, prime, funded):
    pid, _ = funded
    with ape.reverts(
        escrow.NotPayee, projectId=pid, milestoneIndex=0, payeeIndex=0, account=prime.address
    ):
        escrow.proposePayeeChange(pid, 0, 0, prime, sender=prime)


@pytest.mark.parametrize("target", ["zero", "escrow", "self"])
def test_propose_payee_change__bad_address__reverts(escrow, workers, funded, target):
    pid, _ = funded
    bad = {"zero": ZERO, "escrow": escrow.address, "self": workers[0].address}[target]
    with ape.reverts(escrow.InvalidNewPayee, account=bad):
        escrow.proposePayeeChange(pid, 0, 0, bad, sender=workers[0])


def test_propose_payee_change__unknown_slot__reverts(escrow, workers, funded):
    pid, _ = funded
    with ape.reverts(escrow.UnknownPayee, projectId=pid, milestoneIndex=0, payeeIndex=4):
        escrow.proposePayeeChange(pid, 0, 4, workers[1], sender=workers[0])


def test_propose_payee_change__settled__reverts(escrow, supervisor, workers, stranger, funded):
    pid, _ = funded
    escrow.approveMilestone(pid, 0, sender=supervisor)
    with ape.reverts(
        escrow.MilestoneSettled, projectId=pid, milestoneIndex=0, status=MilestoneStatus.RELEASED
    ):
        escrow.proposePayeeChange(pid, 0, 0, stranger, sender=workers[0])


def test_confirm_payee_change__not_agency__reverts(escrow, prime, workers, stranger, funded):
    pid, _ = funded
    escrow.proposePayeeChange(pid, 0, 0, stranger, sender=workers[0])
    with ape.reverts(escrow.NotProjectAgency, projectId=pid, account=prime.address):
        escrow.confirmPayeeChange(pid, 0, 0, stranger, sender=prime)


def test_confirm_payee_change__address_not_proposed__reverts(
    escrow, agency, prime, workers, stranger, funded
):
    """The agency alone cannot redirect a wage, nor confirm another address than proposed."""
    pid, _ = funded
    with ape.reverts(
        escrow.PayeeChangeNotProposed,
        projectId=pid,
        milestoneIndex=0,
        payeeIndex=0,
        account=prime.address,
    ):
        escrow.confirmPayeeChange(pid, 0, 0, prime, sender=agency)
    escrow.proposePayeeChange(pid, 0, 0, stranger, sender=workers[0])
    with ape.reverts(
        escrow.PayeeChangeNotProposed,
        projectId=pid,
        milestoneIndex=0,
        payeeIndex=0,
        account=prime.address,
    ):
        escrow.confirmPayeeChange(pid, 0, 0, prime, sender=agency)
    with ape.reverts(
        escrow.PayeeChangeNotProposed, projectId=pid, milestoneIndex=0, payeeIndex=0, account=ZERO
    ):
        escrow.confirmPayeeChange(pid, 0, 0, ZERO, sender=agency)


def test_confirm_payee_change__disputed_milestone__allowed(
    escrow, agency, workers, stranger, funded
):
    pid, _ = funded
    escrow.proposePayeeChange(pid, 0, 0, stranger, sender=workers[0])
    escrow.disputeMilestone(pid, 0, sender=agency)
    escrow.confirmPayeeChange(pid, 0, 0, stranger, sender=agency)
    assert escrow.payees(pid, 0)[0].account == stranger.address


# ------------------------------------------------------------------ sweep


def test_sweep_surplus__stray_transfer__only_surplus_leaves(
    escrow, std, admin, deployer, stranger, funded
):
    std.token.mint(escrow, 7 * UNIT, sender=deployer)
    owed = escrow.totalOwed(std.token)
    tx = escrow.sweepSurplus(std.token, stranger, sender=admin)
    (swept,) = tx.decode_logs(escrow.SurplusSwept)
    assert (swept.token, swept.to, swept.amount) == (std.token.address, stranger.address, 7 * UNIT)
    assert std.token.balanceOf(stranger) == 7 * UNIT
    assert escrow.totalOwed(std.token) == owed
    assert_consistent(escrow, std.token)
    with ape.reverts(escrow.NoSurplus, token=std.token.address):
        escrow.sweepSurplus(std.token, stranger, sender=admin)


def test_sweep_surplus__balance_below_owed__reverts_no_surplus(
    escrow, std, admin, stranger, funded, chain
):
    """A token that took balance away from the escrow (a slash, a negative rebase): the
    escrow holds less than it owes, and there is nothing to sweep (not an underflow)."""
    owed = escrow.totalOwed(std.token)
    balance_slot = 3  # MatrixERC20: name, symbol, totalSupply, then balanceOf
    slot = keccak(encode(["address", "uint256"], [escrow.address, balance_slot]))
    chain.provider.make_request(
        "anvil_setStorageAt", [std.token.address, "0x" + slot.hex(), f"0x{owed - 1:064x}"]
    )
    assert std.token.balanceOf(escrow) == owed - 1
    with ape.reverts(escrow.NoSurplus, token=std.token.address):
        escrow.sweepSurplus(std.token, stranger, sender=admin)


def test_sweep_surplus__zero_recipient_or_not_admin__reverts(escrow, std, admin, agency, deployer):
    std.token.mint(escrow, UNIT, sender=deployer)
    with ape.reverts(escrow.InvalidRecipient, recipient=ZERO):
        escrow.sweepSurplus(std.token, ZERO, sender=admin)
    with ape.reverts(
        escrow.AccessControlUnauthorizedAccount,
        account=agency.address,
        neededRole=DEFAULT_ADMIN_ROLE,
    ):
        escrow.sweepSurplus(std.token, agency, sender=agency)
