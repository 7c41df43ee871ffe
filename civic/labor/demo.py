"""A short labor-records scenario (``ape run demo``): a café hires a part-time worker by two
signatures the worker never pays gas for, a convenience store hires the same worker on
chain, the business registry verifies the café (the store stays unverified), insurers attest the four social insurances, a week of shifts is recorded and
confirmed, the wage is raised by an amendment, the worker's career is verified, and the
event recount must match every getter.

Actors: the roles of ``civic.labor.deploy.ROLE_NAMES`` plus ``ACTORS``.
Local chains only (it moves time forward to have past shifts to record).
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from civic.labor.calendar import (
    SECONDS_PER_DAY,
    WEEKLY_HOLIDAY_THRESHOLD_MINUTES,
    iso_week_of,
    week_of,
)
from civic.labor.constants import INSURER_ROLE_OF, AgreementStatus, Insurance, TerminationReason
from civic.labor.payloads import Terms, agreement_id, domain_of, sign_contract, sign_shift_review
from civic.labor.recount import audit

ACTORS = ("employer", "second_employer", "worker", "relayer")
DEADLINE = 2**40


class DemoError(RuntimeError):
    """An outcome the scenario did not expect."""


def _expect(condition: bool, what: str) -> None:
    if not condition:
        raise DemoError(what)


def _can_pay_in_token(registry, employer, amount: int) -> bool:
    """Whether the registry has a wage token and the employer allowed it `amount`."""
    from ape import Contract

    token = str(registry.wageToken())
    if int(token, 16) == 0:
        return False
    erc20 = Contract(token)
    return int(erc20.allowance(employer, registry)) >= amount <= int(erc20.balanceOf(employer))


def run(contracts, actors: dict, console: Console, scale: int = 1) -> None:
    from ape import chain

    registry = contracts[0] if isinstance(contracts, list | tuple) else contracts
    employer, store, worker, relayer = (actors[name] for name in ACTORS)
    start_block = chain.blocks.head.number
    domain = domain_of(registry, chain.chain_id)
    nonce = chain.blocks.head.timestamp  # fresh agreement ids on every run

    console.rule("[bold]Labor contract records (시간제 노동자 권익보호)")
    for account, tag in ((employer, b"\xca"), (store, b"\xcb")):
        if int.from_bytes(bytes(registry.businessHashOf(account)), "big") == 0:
            registry.registerEmployer(tag * 32, sender=account)
    if not registry.isVerifiedEmployer(employer):
        registry.verifyEmployer(employer, sender=actors["business_registry"])

    today = int(registry.today())
    start = max(today, int(registry.minimumWageEntry(0).effectiveDay))
    minimum = int(registry.minimumWageAt(start))

    # 1. Café: both sign EIP-712, the relayer submits; the worker spends nothing.
    cafe = Terms(employer.address, worker.address, b"\xd1" * 32, minimum + 470, 20 * 60, start)
    sigs = [sign_contract(a, domain, cafe, nonce, 1, DEADLINE) for a in (employer, worker)]
    worker_balance = worker.balance
    registry.activate(cafe.as_tuple(), nonce, DEADLINE, *sigs, sender=relayer)
    cafe_id = agreement_id(cafe.employer, cafe.worker, nonce)
    _expect(worker.balance == worker_balance, "the worker paid gas for activation")

    # 2. Convenience store: proposed on chain, accepted by the worker.
    shop = Terms(store.address, worker.address, b"\xd2" * 32, minimum, 10 * 60, start, start + 90)
    registry.propose(shop.as_tuple(), nonce, sender=store)
    registry.accept(store.address, nonce, sender=worker)
    shop_id = agreement_id(shop.employer, shop.worker, nonce)

    # 3. The four social insurances for the café contract.
    for kind in Insurance:
        insurer = actors[INSURER_ROLE_OF[kind]]
        registry.attestInsurance(cafe_id, kind, True, bytes([kind + 1]) * 32, sender=insurer)

    # 4. Shifts: `scale` Monday..Sunday weeks, recorded then confirmed by signature.
    monday = start + (-(start + 3)) % 7
    target = monday + 7 * scale
    chain.pending_timestamp = chain.pending_timestamp + (target - today + 1) * SECONDS_PER_DAY
    chain.mine()
    for w in range(scale):
        days = [monday + 7 * w + i for i in range(7)]
        # Mon-Fri 3 hours = 15 h (threshold met); Saturday recorded wrong, Sunday off.
        batch = [(d, 180) for d in days[:5]] + [(days[5], 600)]
        first = int(registry.shiftCount(cafe_id))
        registry.recordShifts(cafe_id, batch, sender=employer)
        ok = list(range(first, first + 5))
        sig = sign_shift_review(worker, domain, cafe_id, ok, True, 0, DEADLINE)
        registry.reviewShiftsBySig(cafe_id, ok, True, 0, DEADLINE, sig, sender=relayer)
        registry.disputeShifts(cafe_id, [first + 5], 1, sender=worker)
        registry.recordShifts(shop_id, [(days[5], 240), (days[6], 240)], sender=store)
        n = int(registry.shiftCount(shop_id))
        registry.confirmShifts(shop_id, [n - 2, n - 1], sender=worker)

    # 5. A raise by amendment (version 2), then a wage payment record.
    raised = cafe.amended(
        hourly_wage=cafe.hourly_wage + 500, document_hash=b"\xd3" * 32, start_day=target
    )
    sigs = [sign_contract(a, domain, raised, nonce, 2, DEADLINE) for a in (employer, worker)]
    registry.amend(raised.as_tuple(), nonce, DEADLINE, *sigs, sender=relayer)
    pay = (int(registry.confirmedMinutes(cafe_id)) * cafe.hourly_wage) // 60
    if _can_pay_in_token(registry, employer, pay):
        registry.payWage(cafe_id, monday, target - 1, pay, b"\xe1" * 32, sender=employer)
        console.print(f"Wage of {pay:,} paid in the wage token through the registry.")
    else:
        registry.recordWagePayment(cafe_id, monday, target - 1, pay, b"\xe1" * 32, sender=employer)
    registry.terminate(shop_id, int(TerminationReason.RESIGNATION), sender=worker)

    table = Table(title="Agreements")
    for column in ("employer", "status", "version", "hourly wage", "confirmed h", "insurances"):
        table.add_column(column)
    for name, key in (("café", cafe_id), ("store", shop_id)):
        view = registry.agreement(key)
        enrolled = sum(int(s) == 1 for s in registry.insuranceStatus(key))
        table.add_row(
            name,
            AgreementStatus(int(view.status)).name,
            str(view.version),
            f"{int(view.terms.hourlyWage):,} KRW",
            f"{int(registry.confirmedMinutes(key)) / 60:.1f}",
            f"{enrolled}/4",
        )
    console.print(table)

    weeks = Table(title="Café: confirmed minutes per week (15 h = weekly holiday pay)")
    for column in ("week", "ISO week", "minutes", ">= 15 h", "owed KRW"):
        weeks.add_column(column)
    for w in range(scale):
        week = week_of(monday + 7 * w)
        minutes = int(registry.weeklyConfirmedMinutes(cafe_id, week))
        reached = bool(registry.reachedWeeklyHolidayThreshold(cafe_id, week))
        _expect(minutes == 900 and reached, f"week {week}: {minutes} minutes")
        _expect(reached == (minutes >= WEEKLY_HOLIDAY_THRESHOLD_MINUTES), "threshold flag")
        owed = int(registry.weeklyOwedWage(cafe_id, week))
        rate = max(cafe.hourly_wage, int(registry.minimumWageAt(monday + 7 * w)))
        _expect(owed == minutes * rate // 60, f"week {week}: {owed} KRW owed")
        year, number = iso_week_of(monday + 7 * w)
        weeks.add_row(
            str(week),
            f"{year}-W{number:02d}",
            str(minutes),
            "yes" if reached else "no",
            f"{owed:,}",
        )
    console.print(weeks)

    summary = registry.careerSummary(worker.address, sorted([cafe_id, shop_id]))
    _expect(int(summary.agreements) == 2 and int(summary.employers) == 2, "career summary")
    _expect(int(summary.confirmedMinutes) == 900 * scale + 480 * scale, "career minutes")
    _expect(list(summary.verifiedEmployers) == [employer.address], "verified employers")
    _expect(list(summary.unverifiedEmployers) == [store.address], "unverified employers")
    console.print(
        f"Career verified on chain: {summary.agreements} contracts, {summary.employers} employers "
        f"({len(summary.verifiedEmployers)} verified by the business registry), "
        f"{int(summary.confirmedMinutes) / 60:.1f} confirmed hours "
        f"({int(summary.verifiedConfirmedMinutes) / 60:.1f} with verified employers), "
        f"{int(summary.owedWage):,} KRW owed, {summary.activeAgreements} active."
    )

    problems = audit(registry, start_block)
    _expect(problems == [], f"recount mismatch: {problems[:1]}")
    console.print("[green]Recount from events matches every getter.")
