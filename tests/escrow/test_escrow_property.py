"""State machine over open / fund / approve / dispute / resolve / refund / withdraw / payee
slot withdrawal / payee address change / time travel, on three tokens at once (standard,
returns-nothing-and-false-on-failure, weird-erc20 fee-on-transfer).

Ghost state mirrors every milestone, payee slot claim and credit. Invariants after every step:
per token the escrow's balance equals the ghost's funded-but-unsettled plus settled payee
claims not yet withdrawn plus credited-but-unwithdrawn, and equals ``totalOwed``; total paid
out never exceeds total received. In the steps: a milestone is settled at most once (any
second settlement must revert), every slot's claimable part after an approval or resolution
equals the waterfall's figure, and a slot is paid at most once. Each example ends with ``audit()`` (events
recount == getters) and restores the chain snapshot taken at its start.
"""

from __future__ import annotations

from collections import defaultdict

import ape
import pytest
from escrow_support import DAY, SUPPLY, make_case
from hypothesis import strategies as st
from hypothesis.stateful import (
    initialize,
    invariant,
    precondition,
    rule,
)
from state_machine import CivicMachine, run_machine

from civic.escrow import SETTLED, MilestonePlan, MilestoneStatus, specs, waterfall_split
from civic.escrow.recount import audit

AIM = st.sampled_from([True, True, True, False])  # mostly aim at a milestone the step fits
Q = 10**17  # amount quantum: far above the fee token's fixed fee


@pytest.fixture(scope="module")
def env(
    escrow,
    project,
    deployer,
    token_factory,
    agency,
    arbiter,
    supervisor,
    prime,
    workers,
    subcontractors,
    stranger,
    accounts,
):
    cases = [
        make_case(name, project, deployer, token_factory)
        for name in ("true-revert", "none-false", "weird-fee-on-transfer")
    ]
    for case in cases:
        case.give(deployer, agency, SUPPLY // 4 if not case.mintable else 10**30)
        case.token.approve(escrow, 2**256 - 1, sender=agency)
    return {
        "escrow": escrow,
        "cases": cases,
        "agency": agency,
        "arbiter": arbiter,
        "supervisor": supervisor,
        "prime": prime,
        "workers": workers,
        "subcontractors": subcontractors,
        "pool": [*workers, *subcontractors, prime, agency, stranger, accounts[11]],
    }


def _has_projects(machine) -> bool:
    return bool(machine.projects)


class EscrowMachine(CivicMachine):
    steps = 8

    def __init__(self, env):
        super().__init__()
        self.env = env
        self.escrow = env["escrow"]
        self.chain = ape.chain
        self.projects: list[dict] = []
        self.credits: dict[tuple[str, str], int] = defaultdict(int)
        self.claims: dict[tuple[int, int, int], int] = {}  # (pid, index, slot): unwithdrawn
        self.withdrawn: set[tuple[int, int, int]] = set()
        self.owed: dict[str, int] = defaultdict(int)
        self.received: dict[str, int] = defaultdict(int)
        self.paid: dict[str, int] = defaultdict(int)
        self.touched: set[int] = set()  # tokens a step moved; the invariant reads only those

    # -------------------------------------------------------------- helpers

    def _pick(self, pi: int, mi: int, aim: bool = False, eligible=None):
        """A milestone: with ``aim``, one where the step can succeed (if any), else any."""
        candidates = [
            (project, ms)
            for project in self.projects
            for ms in project["milestones"]
            if aim and eligible(ms)
        ]
        if candidates:
            project, ms = candidates[(2 * pi + mi) % len(candidates)]
        else:
            project = self.projects[pi % len(self.projects)]
            ms = project["milestones"][mi % len(project["milestones"])]
        self.touched.add(self.env["cases"].index(project["case"]))
        return project, ms

    def _expired(self, ms) -> bool:
        return self.chain.pending_timestamp > ms["deadline"]

    def _settle_credits(self, project, ms, paid: int, tx) -> None:
        shares = [amount for _, amount in ms["payees"]]
        expected = waterfall_split(shares, paid)
        pid, idx = project["id"], ms["index"]
        assert self.escrow.milestone(pid, idx).paid == paid
        claimable = [self.escrow.claimable(pid, idx, j) for j in range(len(shares))]
        assert claimable == expected
        for j, amount in enumerate(expected):
            self.claims[(pid, idx, j)] = amount

    # -------------------------------------------------------------- rules

    @initialize(
        token=st.integers(0, 2),
        wages=st.lists(st.integers(1, 25), max_size=2),
        subs=st.lists(st.integers(1, 25), max_size=2),
        milestones=st.integers(1, 2),
        days=st.integers(1, 4),
        start=st.sampled_from(["opened", "funded", "approved", "expired"]),
    )
    def first_project(self, token, wages, subs, milestones, days, start):
        """Every example starts with a project: just opened, milestone 0 funded, approved, or
        funded and past its deadline."""
        self.open_project(token, wages, subs, milestones, days)
        if start != "opened":
            self.fund(0, 0, 100, aim=False)
        if start == "approved":
            self.approve(0, 0, aim=False)
        if start == "expired":
            self.time_travel(days + 1)

    @rule(
        token=st.integers(0, 2),
        wages=st.lists(st.integers(1, 25), max_size=2),
        subs=st.lists(st.integers(1, 25), max_size=2),
        milestones=st.integers(1, 2),
        days=st.integers(1, 4),
    )
    def open_project(self, token, wages, subs, milestones, days):
        env = self.env
        case = env["cases"][token]
        plans = []
        for k in range(milestones):
            plans.append(
                MilestonePlan(
                    amount=100 * Q,
                    deadline=self.chain.pending_timestamp + days * (k + 1) * DAY + DAY // 2,
                    wages=[(env["workers"][i], w * Q) for i, w in enumerate(wages)],
                    subcontracts=[(env["subcontractors"][i], s * Q) for i, s in enumerate(subs)],
                )
            )
        tx = self.escrow.openProject(
            env["prime"], case.token, env["supervisor"], specs(plans), sender=env["agency"]
        )
        (opened,) = tx.decode_logs(self.escrow.ProjectOpened)
        self.projects.append(
            {
                "id": opened.projectId,
                "case": case,
                "milestones": [
                    {
                        "index": k,
                        "amount": plan.amount,
                        "deadline": plan.deadline,
                        "funded": 0,
                        "status": MilestoneStatus.OPEN,
                        "payees": [[a, amt] for a, amt, _ in plan.waterfall(env["prime"])],
                    }
                    for k, plan in enumerate(plans)
                ],
            }
        )

    @precondition(_has_projects)
    @rule(
        pi=st.integers(0, 9),
        mi=st.integers(0, 1),
        units=st.one_of(st.just(100), st.integers(1, 120)),
        aim=AIM,
    )
    def fund(self, pi, mi, units, aim):
        project, ms = self._pick(
            pi,
            mi,
            aim,
            lambda ms: ms["status"] == MilestoneStatus.OPEN and ms["funded"] < ms["amount"],
        )
        escrow, case, agency = self.escrow, project["case"], self.env["agency"]
        pid, idx, sent = project["id"], ms["index"], units * Q + case.fee  # units * Q arrive
        if ms["status"] != MilestoneStatus.OPEN:
            with ape.reverts(
                escrow.MilestoneNotOpen, projectId=pid, milestoneIndex=idx, status=ms["status"]
            ):
                escrow.fund(pid, idx, sent, sender=agency)
        elif self._expired(ms):
            with ape.reverts(
                escrow.DeadlinePassed, projectId=pid, milestoneIndex=idx, deadline=ms["deadline"]
            ):
                escrow.fund(pid, idx, sent, sender=agency)
        elif ms["funded"] == ms["amount"]:
            with ape.reverts(escrow.MilestoneFullyFunded, projectId=pid, milestoneIndex=idx):
                escrow.fund(pid, idx, sent, sender=agency)
        else:
            received = sent - case.fee
            credited = min(received, ms["amount"] - ms["funded"])
            tx = escrow.fund(pid, idx, sent, sender=agency)
            (event,) = tx.decode_logs(escrow.MilestoneFunded)
            assert (event.sent, event.credited, event.excess) == (
                sent,
                credited,
                received - credited,
            )
            ms["funded"] += credited
            token = case.token.address
            self.credits[(token, agency.address)] += received - credited
            self.owed[token] += received
            self.received[token] += received

    @precondition(_has_projects)
    @rule(pi=st.integers(0, 9), mi=st.integers(0, 1), aim=AIM)
    def approve(self, pi, mi, aim):
        project, ms = self._pick(
            pi,
            mi,
            aim,
            lambda ms: ms["status"] == MilestoneStatus.OPEN and ms["funded"] == ms["amount"],
        )
        escrow, supervisor = self.escrow, self.env["supervisor"]
        pid, idx = project["id"], ms["index"]
        if ms["status"] != MilestoneStatus.OPEN:
            with ape.reverts(
                escrow.MilestoneNotOpen, projectId=pid, milestoneIndex=idx, status=ms["status"]
            ):
                escrow.approveMilestone(pid, idx, sender=supervisor)
        elif self._expired(ms):
            with ape.reverts(
                escrow.DeadlinePassed, projectId=pid, milestoneIndex=idx, deadline=ms["deadline"]
            ):
                escrow.approveMilestone(pid, idx, sender=supervisor)
        elif ms["funded"] != ms["amount"]:
            with ape.reverts(
                escrow.MilestoneUnderfunded,
                projectId=pid,
                milestoneIndex=idx,
                funded=ms["funded"],
                amount=ms["amount"],
            ):
                escrow.approveMilestone(pid, idx, sender=supervisor)
        else:
            tx = escrow.approveMilestone(pid, idx, sender=supervisor)
            ms["status"] = MilestoneStatus.RELEASED
            self._settle_credits(project, ms, ms["amount"], tx)

    @precondition(_has_projects)
    @rule(pi=st.integers(0, 9), mi=st.integers(0, 1), by_prime=st.booleans(), aim=AIM)
    def dispute(self, pi, mi, by_prime, aim):
        project, ms = self._pick(pi, mi, aim, lambda ms: ms["status"] == MilestoneStatus.OPEN)
        by = self.env["prime"] if by_prime else self.env["agency"]
        pid, idx = project["id"], ms["index"]
        if ms["status"] != MilestoneStatus.OPEN:
            with ape.reverts(
                self.escrow.MilestoneNotOpen, projectId=pid, milestoneIndex=idx, status=ms["status"]
            ):
                self.escrow.disputeMilestone(pid, idx, sender=by)
        else:
            self.escrow.disputeMilestone(pid, idx, sender=by)
            ms["status"] = MilestoneStatus.DISPUTED

    @precondition(_has_projects)
    @rule(pi=st.integers(0, 9), mi=st.integers(0, 1), tenths=st.integers(0, 10), aim=AIM)
    def resolve(self, pi, mi, tenths, aim):
        project, ms = self._pick(pi, mi, aim, lambda ms: ms["status"] == MilestoneStatus.DISPUTED)
        escrow, arbiter = self.escrow, self.env["arbiter"]
        pid, idx = project["id"], ms["index"]
        paid = ms["funded"] * tenths // 10
        if ms["status"] != MilestoneStatus.DISPUTED:
            with ape.reverts(
                escrow.MilestoneNotDisputed, projectId=pid, milestoneIndex=idx, status=ms["status"]
            ):
                escrow.resolveDispute(pid, idx, paid, sender=arbiter)
            return
        tx = escrow.resolveDispute(pid, idx, paid, sender=arbiter)
        ms["status"] = MilestoneStatus.RESOLVED
        token = project["case"].token.address
        self.credits[(token, self.env["agency"].address)] += ms["funded"] - paid
        self._settle_credits(project, ms, paid, tx)

    @precondition(_has_projects)
    @rule(pi=st.integers(0, 9), mi=st.integers(0, 1), aim=AIM)
    def refund(self, pi, mi, aim):
        project, ms = self._pick(
            pi, mi, aim, lambda ms: ms["status"] == MilestoneStatus.OPEN and ms["funded"] > 0
        )
        escrow, anyone = self.escrow, self.env["pool"][-1]
        pid, idx = project["id"], ms["index"]
        if ms["status"] != MilestoneStatus.OPEN:
            with ape.reverts(
                escrow.MilestoneNotOpen, projectId=pid, milestoneIndex=idx, status=ms["status"]
            ):
                escrow.refundMilestone(pid, idx, sender=anyone)
        elif not self._expired(ms):
            with ape.reverts(
                escrow.DeadlineNotReached,
                projectId=pid,
                milestoneIndex=idx,
                deadline=ms["deadline"],
            ):
                escrow.refundMilestone(pid, idx, sender=anyone)
        elif ms["funded"] == 0:
            with ape.reverts(escrow.NothingToRefund, projectId=pid, milestoneIndex=idx):
                escrow.refundMilestone(pid, idx, sender=anyone)
        else:
            escrow.refundMilestone(pid, idx, sender=anyone)
            ms["status"] = MilestoneStatus.REFUNDED
            token = project["case"].token.address
            self.credits[(token, self.env["agency"].address)] += ms["funded"]

    @rule(token=st.integers(0, 2), who=st.integers(0, 7), credited=AIM)
    def withdraw(self, token, who, credited):
        """Mostly an account with credit (``credited``), else any account of the pool."""
        owed = sorted(key for key, amount in self.credits.items() if amount)
        if credited and owed:
            key = owed[who % len(owed)]
            token = next(i for i, c in enumerate(self.env["cases"]) if c.token.address == key[0])
        case = self.env["cases"][token]
        self.touched.add(token)
        if not (credited and owed):
            key = (case.token.address, self.env["pool"][who].address)
        account = next(a for a in self.env["pool"] if a.address == key[1])
        amount = self.credits[key]
        if amount == 0:
            with ape.reverts(self.escrow.NothingToWithdraw, token=key[0], account=key[1]):
                self.escrow.withdraw(case.token, account, sender=account)
            return
        if amount <= case.fee:
            return  # the fixed-fee token cannot move less than its fee (documented gap)
        before = case.token.balanceOf(account)
        self.escrow.withdraw(case.token, account, sender=self.env["pool"][-1])
        assert case.token.balanceOf(account) - before == amount - case.fee
        self.credits[key] = 0
        self.owed[key[0]] -= amount
        self.paid[key[0]] += amount

    @precondition(_has_projects)
    @rule(pi=st.integers(0, 9), mi=st.integers(0, 1), slot=st.integers(0, 5), aim=AIM)
    def withdraw_payment(self, pi, mi, slot, aim):
        """A payee slot's part, mostly of a settled milestone whose slot still holds one."""
        project, ms = self._pick(
            pi,
            mi,
            aim,
            lambda ms: any(
                self.claims.get((p["id"], ms["index"], j), 0)
                for p in self.projects
                if ms in p["milestones"]
                for j in range(len(ms["payees"]))
            ),
        )
        escrow, case, anyone = self.escrow, project["case"], self.env["pool"][-1]
        pid, idx = project["id"], ms["index"]
        open_slots = [j for j in range(len(ms["payees"])) if self.claims.get((pid, idx, j), 0)]
        j = open_slots[slot % len(open_slots)] if aim and open_slots else slot % len(ms["payees"])
        key = (pid, idx, j)
        account = ms["payees"][j][0]
        amount = self.claims.get(key, 0)
        assert escrow.claimable(pid, idx, j) == amount
        if key in self.withdrawn:
            with ape.reverts(
                escrow.PaymentAlreadyWithdrawn, projectId=pid, milestoneIndex=idx, payeeIndex=j
            ):
                escrow.withdrawPayment(pid, idx, j, sender=anyone)
            return
        if amount == 0:
            with ape.reverts(escrow.NothingToWithdraw, token=case.token.address, account=account):
                escrow.withdrawPayment(pid, idx, j, sender=anyone)
            return
        if amount <= case.fee:
            return  # the fixed-fee token cannot move less than its fee (documented gap)
        before = case.token.balanceOf(account)
        tx = escrow.withdrawPayment(pid, idx, j, sender=anyone)
        (event,) = tx.decode_logs(escrow.PaymentWithdrawn)
        assert (event.payeeIndex, event.account, event.amount) == (j, account, amount)
        assert case.token.balanceOf(account) - before == amount - case.fee
        self.claims[key] = 0
        self.withdrawn.add(key)
        token = case.token.address
        self.owed[token] -= amount
        self.paid[token] += amount

    @precondition(_has_projects)
    @rule(
        pi=st.integers(0, 9),
        mi=st.integers(0, 1),
        slot=st.integers(0, 5),
        to=st.integers(0, 7),
        aim=AIM,
    )
    def change_payee(self, pi, mi, slot, to, aim):
        project, ms = self._pick(pi, mi, aim, lambda ms: ms["status"] not in SETTLED)
        escrow = self.escrow
        pid, idx, j = project["id"], ms["index"], slot % len(ms["payees"])
        current = ms["payees"][j][0]
        new = self.env["pool"][to].address
        sender = next(a for a in self.env["pool"] if a.address == current)
        if ms["status"] in SETTLED:
            with ape.reverts(
                escrow.MilestoneSettled, projectId=pid, milestoneIndex=idx, status=ms["status"]
            ):
                escrow.proposePayeeChange(pid, idx, j, new, sender=sender)
        elif new == current:
            with ape.reverts(escrow.InvalidNewPayee, account=new):
                escrow.proposePayeeChange(pid, idx, j, new, sender=sender)
        else:
            escrow.proposePayeeChange(pid, idx, j, new, sender=sender)
            escrow.confirmPayeeChange(pid, idx, j, new, sender=self.env["agency"])
            ms["payees"][j][0] = new

    @rule(days=st.integers(1, 6))
    def time_travel(self, days):
        self.chain.pending_timestamp += days * DAY
        self.chain.mine()

    # -------------------------------------------------------------- invariants

    @invariant()
    def escrow_holds_exactly_what_it_owes(self):
        for i in sorted(self.touched):
            case = self.env["cases"][i]
            token = case.token.address
            unsettled = sum(
                ms["funded"]
                for p in self.projects
                if p["case"] is case
                for ms in p["milestones"]
                if ms["status"] not in SETTLED
            )
            credited = sum(v for (t, _), v in self.credits.items() if t == token)
            claims = sum(
                v
                for (pid, _, _), v in self.claims.items()
                if next(p for p in self.projects if p["id"] == pid)["case"] is case
            )
            assert self.owed[token] == unsettled + claims + credited
            assert self.escrow.totalOwed(case.token) == self.owed[token]
            assert case.token.balanceOf(self.escrow) == self.owed[token]
            assert self.paid[token] <= self.received[token]
        self.touched.clear()

    def audit(self):
        assert audit(self.escrow) == []


def test_escrow_state_machine(env):
    run_machine(EscrowMachine, lambda: EscrowMachine(env))
