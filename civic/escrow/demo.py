"""A public-works project paid through the escrow (하도급 대금 자동지급), as a rich story.

The agency opens a road-repair project whose milestones pay two workers' wages, one
subcontractor and the prime's remainder; it funds milestone 1, the supervisor approves and
everyone is paid by pull (one worker's payout triggered by a colleague). Milestone 2 is
disputed by the prime and split by the arbiter down the waterfall. ``scale`` repeats the
first story on that many projects.

``actors`` holds the deploy roles (``admin``, ``agency``, ``arbiter``) and ``ACTORS``.
The payment token is ``contracts["token"]`` (any ERC-20, e.g. NW, which the agency must
already hold) when ``contracts`` is a dict; otherwise a test KRW token is deployed and minted.
"""

from __future__ import annotations

from rich.table import Table

from civic.escrow import MilestonePlan, MilestoneStatus, specs, waterfall_split
from civic.escrow.recount import audit, recount

ACTORS = ("supervisor", "prime", "worker1", "worker2", "subcontractor")
UNIT = 10**18
DAY = 86_400
MILESTONE = 1_000_000 * UNIT  # 1,000,000 KRW-denominated units per milestone


class DemoError(RuntimeError):
    """An outcome the scenario did not expect."""


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise DemoError(what)


def _fmt(amount: int) -> str:
    return f"{amount / UNIT:,.0f}"


def _split(contracts):
    if isinstance(contracts, dict):
        return contracts["escrow"], contracts.get("token")
    return contracts, None


def run(contracts, actors: dict, console, scale: int = 1) -> None:
    from ape import chain, project

    escrow, token = _split(contracts)
    agency, arbiter = actors["agency"], actors["arbiter"]
    supervisor, prime = actors["supervisor"], actors["prime"]
    workers = [actors["worker1"], actors["worker2"]]
    sub = actors["subcontractor"]
    names = {
        agency.address: "agency",
        prime.address: "prime",
        workers[0].address: "worker1",
        workers[1].address: "worker2",
        sub.address: "subcontractor",
    }

    needed = MILESTONE * (scale + 1)
    if token is None:
        token = project.EscrowPlainToken.deploy("Test KRW", "tKRW", sender=actors["admin"])
        token.mint(agency, needed, sender=agency)
    _expect(token.balanceOf(agency) >= needed, f"agency needs {_fmt(needed)} of the token")
    token.approve(escrow, needed, sender=agency)

    def plan(days: int) -> MilestonePlan:
        return MilestonePlan(
            amount=MILESTONE,
            deadline=chain.pending_timestamp + days * DAY,
            wages=[(workers[0], 300_000 * UNIT), (workers[1], 200_000 * UNIT)],
            subcontracts=[(sub, 250_000 * UNIT)],
        )

    console.rule("[bold]Subcontract payment escrow: road repair, district office")
    last = 0
    for _ in range(scale):
        plans = [plan(30), plan(60)]
        tx = escrow.openProject(prime, token, supervisor, specs(plans), sender=agency)
        (opened,) = tx.decode_logs(escrow.ProjectOpened)
        pid = opened.projectId
        last = pid
        waterfall = Table(title=f"Project {pid}, milestone 0 waterfall (fixed at opening)")
        for col in ("slot", "payee", "kind", "share"):
            waterfall.add_column(col)
        kinds = ("wage", "subcontract", "prime remainder")
        for j, (account, amount, kind) in enumerate(plans[0].waterfall(prime)):
            waterfall.add_row(str(j), names[account], kinds[kind], _fmt(amount))
        console.print(waterfall)

        tx = escrow.fund(pid, 0, MILESTONE, sender=agency)
        (funded,) = tx.decode_logs(escrow.MilestoneFunded)
        _expect(funded.credited == MILESTONE, "milestone 0 not fully credited")
        escrow.approveMilestone(pid, 0, sender=supervisor)
        slots = list(escrow.payees(pid, 0))
        credited = [(j, p.account, escrow.claimable(pid, 0, j)) for j, p in enumerate(slots)]
        _expect(all(c for _, _, c in credited), "approval must settle all four payees")

        paid = Table(title=f"Project {pid}: supervisor approved milestone 0, payees pull")
        for col in ("payee", "credited", "triggered by", "received"):
            paid.add_column(col)
        for j, account, amount in credited:
            trigger = workers[0] if account == workers[1].address else actors["admin"]
            before = token.balanceOf(account)
            escrow.withdrawPayment(pid, 0, j, sender=trigger)
            got = token.balanceOf(account) - before
            _expect(got == amount, f"{names[account]} received {got}, expected {amount}")
            paid.add_row(
                names[account], _fmt(amount), names.get(trigger.address, "admin"), _fmt(got)
            )
        console.print(paid)

    pid = last
    escrow.fund(pid, 1, MILESTONE, sender=agency)
    escrow.disputeMilestone(pid, 1, sender=prime)
    _expect(escrow.milestone(pid, 1).status == MilestoneStatus.DISPUTED, "milestone 1 not frozen")
    award = 600_000 * UNIT
    escrow.resolveDispute(pid, 1, award, sender=arbiter)
    shares = [p.amount for p in escrow.payees(pid, 1)]
    expected = waterfall_split(shares, award)
    split = Table(title=f"Project {pid}, milestone 1: prime disputed, arbiter awards {_fmt(award)}")
    for col in ("payee", "share", "credited by the waterfall"):
        split.add_column(col)
    for j, (p, amount) in enumerate(zip(escrow.payees(pid, 1), expected, strict=True)):
        _expect(escrow.claimable(pid, 1, j) == amount, f"{names[p.account]} claim differs")
        split.add_row(names[p.account], _fmt(p.amount), _fmt(amount))
    refunded = escrow.creditOf(token, agency)
    _expect(refunded == MILESTONE - award, "agency refund differs")
    split.add_row("agency (refund)", "", _fmt(refunded))
    console.print(split)
    _expect(sum(1 for a in expected if a) == 3, "wages first, then the subcontract")

    state = recount(escrow)
    problems = audit(escrow)
    _expect(problems == [], f"audit found: {problems}")
    owed = escrow.totalOwed(token)
    _expect(token.balanceOf(escrow) == owed, "escrow balance differs from what it owes")
    summary = Table(title="Recount from events")
    for col in ("projects", "disputes", "withdrawn", "still owed", "audit"):
        summary.add_column(col)
    summary.add_row(
        str(len(state["projects"])),
        str(len(state["disputes"])),
        _fmt(sum(state["withdrawn"].values())),
        _fmt(owed),
        "consistent",
    )
    console.print(summary)
