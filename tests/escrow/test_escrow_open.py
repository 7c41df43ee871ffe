"""openProject: validation of every input, storage of the waterfall, events, getters."""

import ape
import pytest
from escrow_support import DAY

from civic.escrow import (
    AGENCY_ROLE,
    MAX_MILESTONES,
    MAX_PAYEES,
    MilestonePlan,
    MilestoneStatus,
    PayeeKind,
    specs,
)

ZERO = "0x0000000000000000000000000000000000000000"


def test_open_project__valid__stores_waterfall_and_emits(
    escrow, std, agency, prime, supervisor, open_project
):
    pid, plans, tx = open_project(std)
    assert pid == escrow.projectCount()
    (opened,) = tx.decode_logs(escrow.ProjectOpened)
    assert (
        opened.agency,
        opened.prime,
        opened.supervisor,
        opened.token,
        opened.milestoneCount,
    ) == (
        agency.address,
        prime.address,
        supervisor.address,
        std.token.address,
        2,
    )
    stored = escrow.project(pid)
    assert (stored.agency, stored.prime, stored.supervisor, stored.token) == (
        agency.address,
        prime.address,
        supervisor.address,
        std.token.address,
    )
    scheduled = tx.decode_logs(escrow.MilestoneScheduled)
    assert [(s.milestoneIndex, s.amount, s.deadline) for s in scheduled] == [
        (i, p.amount, p.deadline) for i, p in enumerate(plans)
    ]
    payee_logs = tx.decode_logs(escrow.PayeeScheduled)
    assert len(payee_logs) == 8
    for index, plan in enumerate(plans):
        slots = plan.waterfall(prime)
        logged = [p for p in payee_logs if p.milestoneIndex == index]
        assert [(p.payeeIndex, p.account, p.amount, p.kind) for p in logged] == [
            (j, a, amt, kind) for j, (a, amt, kind) in enumerate(slots)
        ]
        assert [(p.account, p.amount) for p in escrow.payees(pid, index)] == [
            (a, amt) for a, amt, _ in slots
        ]
        m = escrow.milestone(pid, index)
        assert (m.amount, m.funded, m.deadline, m.status, m.workerCount, m.payeeCount) == (
            plan.amount,
            0,
            plan.deadline,
            MilestoneStatus.OPEN,
            2,
            4,
        )
    assert slots[-1] == (prime.address, plans[-1].amount * 25 // 100, PayeeKind.PRIME)


def test_open_project__shares_fill_milestone__prime_slot_is_zero(
    escrow, std, prime, plan_factory, open_project, workers
):
    plan = plan_factory(amount=1_000, wages=[(workers[0], 1_000)], subcontracts=[])
    pid, _, _ = open_project(std, [plan])
    assert [(p.account, p.amount) for p in escrow.payees(pid, 0)] == [
        (workers[0].address, 1_000),
        (prime.address, 0),
    ]


def test_open_project__not_agency__reverts(escrow, std, prime, supervisor, stranger, plan_factory):
    with ape.reverts(
        escrow.AccessControlUnauthorizedAccount, account=stranger.address, neededRole=AGENCY_ROLE
    ):
        escrow.openProject(prime, std.token, supervisor, specs([plan_factory()]), sender=stranger)


@pytest.mark.parametrize("which", ["zero", "prime"])
def test_open_project__bad_supervisor__reverts(escrow, std, agency, prime, plan_factory, which):
    bad = ZERO if which == "zero" else prime.address
    with ape.reverts(escrow.InvalidSupervisor, supervisor=bad):
        escrow.openProject(prime, std.token, bad, specs([plan_factory()]), sender=agency)


def test_open_project__zero_prime__reverts(escrow, std, agency, supervisor, plan_factory):
    with ape.reverts(escrow.InvalidPrime, prime=ZERO):
        escrow.openProject(ZERO, std.token, supervisor, specs([plan_factory()]), sender=agency)


def test_open_project__token_without_code__reverts(
    escrow, agency, prime, supervisor, stranger, plan_factory
):
    with ape.reverts(escrow.InvalidToken, token=stranger.address):
        escrow.openProject(prime, stranger, supervisor, specs([plan_factory()]), sender=agency)


@pytest.mark.parametrize("count", [0, MAX_MILESTONES + 1])
def test_open_project__milestone_count_out_of_range__reverts(
    escrow, std, agency, prime, supervisor, plan_factory, count
):
    plans = [plan_factory(amount=100, wages=[], subcontracts=[]) for _ in range(count)]
    with ape.reverts(escrow.InvalidMilestoneCount, count=count, max=MAX_MILESTONES):
        escrow.openProject(prime, std.token, supervisor, specs(plans), sender=agency)


def test_open_project__max_milestones__schedules_all(
    escrow, std, agency, prime, supervisor, plan_factory
):
    plans = [plan_factory(amount=100, wages=[], subcontracts=[]) for _ in range(MAX_MILESTONES)]
    tx = escrow.openProject(prime, std.token, supervisor, specs(plans), sender=agency)
    (opened,) = tx.decode_logs(escrow.ProjectOpened)
    assert opened.milestoneCount == MAX_MILESTONES
    scheduled = tx.decode_logs(escrow.MilestoneScheduled)
    assert [s.milestoneIndex for s in scheduled] == list(range(MAX_MILESTONES))


def test_open_project__largest_amount__scheduled(
    escrow, std, agency, prime, supervisor, plan_factory
):
    plans = [plan_factory(amount=2**128 - 1, wages=[], subcontracts=[])]
    tx = escrow.openProject(prime, std.token, supervisor, specs(plans), sender=agency)
    (scheduled,) = tx.decode_logs(escrow.MilestoneScheduled)
    assert scheduled.amount == 2**128 - 1


@pytest.mark.parametrize("amount", [0, 2**128])
def test_open_project__bad_amount__reverts(
    escrow, std, agency, prime, supervisor, plan_factory, amount
):
    plans = [plan_factory(), plan_factory(amount=amount, wages=[], subcontracts=[])]
    with ape.reverts(escrow.InvalidMilestoneAmount, milestoneIndex=1, amount=amount):
        escrow.openProject(prime, std.token, supervisor, specs(plans), sender=agency)


@pytest.mark.parametrize("offset", [-DAY, 0])
def test_open_project__deadline_not_in_future__reverts(
    escrow, std, agency, prime, supervisor, chain, plan_factory, offset
):
    now = chain.pending_timestamp + 60
    chain.pending_timestamp = now
    plan = plan_factory()
    plan.deadline = now + offset
    with ape.reverts(
        escrow.DeadlineNotInFuture, milestoneIndex=0, deadline=plan.deadline, nowTimestamp=now
    ):
        escrow.openProject(prime, std.token, supervisor, specs([plan]), sender=agency)


@pytest.mark.parametrize("count", [MAX_PAYEES, MAX_PAYEES + 1])
def test_open_project__too_many_payees__reverts(
    escrow, std, agency, prime, supervisor, workers, plan_factory, count
):
    plan = plan_factory(amount=10**6, wages=[(workers[0], 1)] * count, subcontracts=[])
    with ape.reverts(escrow.TooManyPayees, milestoneIndex=0, count=count, max=MAX_PAYEES - 1):
        escrow.openProject(prime, std.token, supervisor, specs([plan]), sender=agency)


@pytest.mark.parametrize("which", ["zero", "escrow"])
def test_open_project__bad_payee__reverts(
    escrow, std, agency, prime, supervisor, workers, plan_factory, which
):
    bad = ZERO if which == "zero" else escrow.address
    plan = plan_factory(subcontracts=[(bad, 5)])
    with ape.reverts(escrow.InvalidPayee, milestoneIndex=0, payeeIndex=2, payee=bad):
        escrow.openProject(prime, std.token, supervisor, specs([plan]), sender=agency)


def test_open_project__zero_share__reverts(
    escrow, std, agency, prime, supervisor, workers, plan_factory
):
    plan = plan_factory(wages=[(workers[0], 10), (workers[1], 0)])
    with ape.reverts(escrow.ZeroShare, milestoneIndex=0, payeeIndex=1):
        escrow.openProject(prime, std.token, supervisor, specs([plan]), sender=agency)


def test_open_project__shares_exceed_amount__reverts(
    escrow, std, agency, prime, supervisor, workers, subcontractors, chain
):
    plan = MilestonePlan(
        amount=100,
        deadline=chain.pending_timestamp + DAY,
        wages=[(workers[0], 60)],
        subcontracts=[(subcontractors[0], 41)],
    )
    with ape.reverts(escrow.SharesExceedMilestone, milestoneIndex=0, total=101, amount=100):
        escrow.openProject(prime, std.token, supervisor, specs([plan]), sender=agency)


def test_views__unknown_ids__revert(escrow, std, open_project):
    pid, _, _ = open_project(std)
    with ape.reverts(escrow.UnknownProject, projectId=pid + 1):
        escrow.project(pid + 1)
    with ape.reverts(escrow.UnknownProject, projectId=pid + 1):
        escrow.milestone(pid + 1, 0)
    with ape.reverts(escrow.UnknownMilestone, projectId=pid, milestoneIndex=2):
        escrow.payees(pid, 2)
