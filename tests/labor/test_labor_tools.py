"""The Python side: calendar, deploy roles, bench rows, recount/audit, demo."""

import datetime as dt

from rich.console import Console

from civic.labor import ROLES, day_of, day_to_date, iso_week_of, week_of
from civic.labor.bench import TARGET_RATIO, measure
from civic.labor.calendar import date_to_day
from civic.labor.deploy import ROLE_NAMES
from civic.labor.recount import audit, recount


def test_day_of__kst_midnight__next_day():
    # 2026-01-01 00:00 KST is 2025-12-31 15:00 UTC.
    utc = int(dt.datetime(2025, 12, 31, 15, 0, tzinfo=dt.UTC).timestamp())
    assert day_to_date(day_of(utc)) == dt.date(2026, 1, 1)
    assert day_to_date(day_of(utc - 1)) == dt.date(2025, 12, 31)


def test_week_of__matches_iso_weeks():
    monday = date_to_day(dt.date(2026, 3, 2))
    assert iso_week_of(monday) == (2026, 10)
    assert {week_of(monday + i) for i in range(7)} == {week_of(monday)}
    assert week_of(monday - 1) == week_of(monday) - 1


def test_today__contract_and_python_agree(registry, chain):
    assert registry.today() == day_of(chain.pending_timestamp - 1) or registry.today() == day_of(
        chain.blocks.head.timestamp
    )


def test_deploy__roles_granted_and_schedule_set(
    registry, deployer, labor_authority, pension_insurer, accident_insurer
):
    assert {"admin", *ROLES} == ROLE_NAMES
    assert registry.hasRole(ROLES["labor_authority"], labor_authority)
    assert registry.hasRole(ROLES["pension_insurer"], pension_insurer)
    assert registry.hasRole(ROLES["accident_insurer"], accident_insurer)
    assert not registry.hasRole(ROLES["labor_authority"], deployer)
    assert registry.minimumWageScheduleLength() == 1
    assert registry.insurerRole(3) == ROLES["accident_insurer"]


def test_recount__after_activity__matches_getters(
    registry, activate, travel, employer, worker, pension_insurer, start_day
):
    start_block = 0
    agreement, terms, _ = activate(nonce=1)
    travel(9)
    registry.recordShifts(agreement, [(start_day + i, 200) for i in range(6)], sender=employer)
    registry.confirmShifts(agreement, [0, 1, 2, 3, 4], sender=worker)
    registry.disputeShifts(agreement, [5], 1, sender=worker)
    registry.attestInsurance(agreement, 0, True, b"\x01" * 32, sender=pension_insurer)
    registry.recordWagePayment(
        agreement, start_day, start_day + 6, 100_000, b"\x02" * 32, sender=employer
    )
    registry.terminate(agreement, 2, sender=employer)
    state = recount(registry, start_block)
    record = state["agreements"]["0x" + agreement.hex()]
    assert record.confirmed_minutes == 1000
    assert sum(record.weekly.values()) == 1000
    assert audit(registry, start_block) == []


def test_audit__state_changed_outside_events__names_item(registry, activate, employer, worker):
    """A recount that missed a transaction (start_block after it) disagrees and says where."""
    agreement, _, tx = activate(nonce=1)
    problems = audit(registry, tx.block_number + 1)
    assert problems == []  # nothing recounted, nothing compared
    registry.terminate(agreement, 1, sender=worker)
    problems = audit(registry, tx.block_number + 1)
    assert problems and problems[0].startswith(f"agreement 0x{agreement.hex()}")


def test_bench__rows__activation_within_target(deployer, accounts):
    rows = measure(deployer, accounts)
    by_name = {row.operation: row for row in rows}
    activation = by_name["activate contract from two signatures (EOA worker)"]
    wallet = by_name["activate contract, ERC-1271 wallet worker"]
    assert activation.peer == wallet.peer == "EAS"
    assert activation.peer_gas == wallet.peer_gas > 0  # one EAS attest, measured in the run
    assert activation.ratio <= TARGET_RATIO
    assert "record a batch of 7 shifts" in by_name
    assert "confirm 7 shifts (worker)" in by_name
    for row in rows:
        assert row.gas >= row.floor_gas
    Console(width=120).print({row.operation: (row.gas, row.floor_gas) for row in rows})


def test_demo__scale_two__runs_and_audits(
    registry,
    employer,
    other_employer,
    worker,
    relayer,
    labor_authority,
    insurers,
    business_registry,
):
    from civic.labor.demo import run

    actors = {
        "employer": employer,
        "second_employer": other_employer,
        "worker": worker,
        "relayer": relayer,
        "labor_authority": labor_authority,
        "pension_insurer": insurers[0],
        "health_insurer": insurers[1],
        "employment_insurer": insurers[2],
        "accident_insurer": insurers[3],
        "business_registry": business_registry,
    }
    console = Console(record=True, width=120)
    run(registry, actors, console, scale=2)
    assert "Recount from events matches" in console.export_text()
