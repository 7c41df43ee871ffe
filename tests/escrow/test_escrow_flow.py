"""Core paths, run once per token of the matrix (see ``case`` in conftest.py)."""

import ape
import pytest
from escrow_support import DAY, UNIT, assert_consistent

from civic.escrow import MilestoneStatus, PayeeKind, waterfall_split

pytestmark = pytest.mark.usefixtures("case")


def test_fund__partial_then_rest__credits_what_arrived(escrow, case, agency, open_project, funder):
    pid, plans, _ = open_project(case)
    tx = funder(case, pid, 0, 4_000 * UNIT)
    (funded,) = tx.decode_logs(escrow.MilestoneFunded)
    assert (funded.projectId, funded.milestoneIndex, funded.funder) == (pid, 0, agency.address)
    assert (funded.sent, funded.credited, funded.excess) == (
        4_000 * UNIT + case.fee,
        4_000 * UNIT,
        0,
    )
    assert escrow.milestone(pid, 0).funded == 4_000 * UNIT

    funder(case, pid, 0, 6_000 * UNIT)
    milestone = escrow.milestone(pid, 0)
    assert milestone.funded == milestone.amount == plans[0].amount
    assert escrow.totalOwed(case.token) == plans[0].amount
    assert_consistent(escrow, case.token)


def test_fund__beyond_open_amount__excess_credited_to_agency(
    escrow, case, agency, stranger, open_project, funder
):
    pid, plans, _ = open_project(case)
    tx = funder(case, pid, 0, 12_000 * UNIT)
    (funded,) = tx.decode_logs(escrow.MilestoneFunded)
    assert (funded.credited, funded.excess) == (10_000 * UNIT, 2_000 * UNIT)
    assert escrow.creditOf(case.token, agency) == 2_000 * UNIT

    before = case.token.balanceOf(agency)
    escrow.withdraw(case.token, agency, sender=stranger)
    assert case.token.balanceOf(agency) - before == 2_000 * UNIT - case.fee
    assert escrow.totalOwed(case.token) == plans[0].amount
    assert_consistent(escrow, case.token)


def test_approve_milestone__fully_funded__settles_waterfall_and_anyone_pays_out(
    escrow, case, supervisor, prime, stranger, open_project, funder
):
    pid, plans, _ = open_project(case)
    funder(case, pid, 0, plans[0].amount)

    tx = escrow.approveMilestone(pid, 0, sender=supervisor)
    (approved,) = tx.decode_logs(escrow.MilestoneApproved)
    assert (approved.projectId, approved.milestoneIndex, approved.amount) == (
        pid,
        0,
        plans[0].amount,
    )
    assert approved.supervisor == supervisor.address
    slots = plans[0].waterfall(prime)
    assert [escrow.claimable(pid, 0, j) for j in range(len(slots))] == [
        amount for _, amount, _ in slots
    ]
    assert [kind for _, _, kind in slots] == [
        PayeeKind.WORKER,
        PayeeKind.WORKER,
        PayeeKind.SUBCONTRACTOR,
        PayeeKind.PRIME,
    ]
    milestone = escrow.milestone(pid, 0)
    assert (milestone.status, milestone.paid) == (MilestoneStatus.RELEASED, plans[0].amount)
    assert case.token.balanceOf(escrow) == escrow.totalOwed(case.token) == plans[0].amount

    for j, (account, amount, _) in enumerate(slots):
        before = case.token.balanceOf(account)
        tx = escrow.withdrawPayment(pid, 0, j, sender=stranger)
        (paid,) = tx.decode_logs(escrow.PaymentWithdrawn)
        assert (paid.projectId, paid.milestoneIndex, paid.payeeIndex) == (pid, 0, j)
        assert (paid.account, paid.recipient, paid.amount, paid.by) == (
            account,
            account,
            amount,
            stranger.address,
        )
        assert case.token.balanceOf(account) - before == amount - case.fee
        assert escrow.claimable(pid, 0, j) == 0
        assert escrow.payees(pid, 0)[j].withdrawn
    assert escrow.totalOwed(case.token) == 0
    assert_consistent(escrow, case.token)


def test_fund__more_than_agency_holds__reverts(escrow, case, agency, open_project):
    pid, _, _ = open_project(case)
    case.token.approve(escrow, 500 * UNIT, sender=agency)
    held = case.token.balanceOf(agency)
    with case.insufficient(escrow, agency.address, held, 500 * UNIT):
        escrow.fund(pid, 0, 500 * UNIT, sender=agency)
    assert escrow.milestone(pid, 0).funded == 0


def test_refund_milestone__expired__credits_agency_who_withdraws(
    escrow, case, agency, stranger, chain, open_project, funder
):
    pid, plans, _ = open_project(case)
    funder(case, pid, 0, 4_000 * UNIT)
    chain.pending_timestamp = plans[0].deadline + DAY

    tx = escrow.refundMilestone(pid, 0, sender=stranger)
    (refunded,) = tx.decode_logs(escrow.MilestoneRefunded)
    assert (refunded.projectId, refunded.milestoneIndex, refunded.agency, refunded.amount) == (
        pid,
        0,
        agency.address,
        4_000 * UNIT,
    )
    assert escrow.milestone(pid, 0).status == MilestoneStatus.REFUNDED
    assert escrow.creditOf(case.token, agency) == 4_000 * UNIT
    escrow.withdraw(case.token, agency, sender=agency)
    assert escrow.totalOwed(case.token) == 0
    assert_consistent(escrow, case.token)


def test_resolve_dispute__split__pays_down_waterfall_and_refunds_rest(
    escrow, case, agency, prime, arbiter, open_project, funder
):
    pid, plans, _ = open_project(case)
    funder(case, pid, 0, plans[0].amount)
    tx = escrow.disputeMilestone(pid, 0, sender=prime)
    (disputed,) = tx.decode_logs(escrow.MilestoneDisputed)
    assert (disputed.projectId, disputed.milestoneIndex, disputed.by) == (pid, 0, prime.address)

    paid = 6_000 * UNIT
    tx = escrow.resolveDispute(pid, 0, paid, sender=arbiter)
    (resolved,) = tx.decode_logs(escrow.DisputeResolved)
    assert (resolved.arbiter, resolved.paid, resolved.refunded) == (
        arbiter.address,
        paid,
        plans[0].amount - paid,
    )
    slots = plans[0].waterfall(prime)
    expected = waterfall_split([amount for _, amount, _ in slots], paid)
    assert expected == [3_000 * UNIT, 2_000 * UNIT, 1_000 * UNIT, 0]
    assert [escrow.claimable(pid, 0, j) for j in range(len(slots))] == expected
    for account, _, _ in slots[:3]:
        assert escrow.creditOf(case.token, account) == 0
    assert escrow.creditOf(case.token, agency) == 4_000 * UNIT
    milestone = escrow.milestone(pid, 0)
    assert (milestone.status, milestone.paid) == (MilestoneStatus.RESOLVED, paid)
    assert_consistent(escrow, case.token)

    for j, amount in enumerate(expected[:3]):
        tx = escrow.withdrawPayment(pid, 0, j, sender=agency)
        assert [e.amount for e in tx.decode_logs(escrow.PaymentWithdrawn)] == [amount]
    with ape.reverts(escrow.NothingToWithdraw, token=case.token.address, account=prime.address):
        escrow.withdrawPayment(pid, 0, 3, sender=prime)
    assert escrow.totalOwed(case.token) == 4_000 * UNIT
    assert_consistent(escrow, case.token)
