"""Rebuild ``LaborRegistry`` state from its event logs alone, and audit it against getters.

``recount`` reads every event the registry emitted (in block/log order) and replays it;
``audit`` compares the result item by item with the contract's view functions and
returns human-readable mismatches, the first differing item named first. It also checks
the books balance on their own: an agreement's confirmed minutes equal the sum of its
confirmed shifts, and every week's total equals the sum of that week's confirmed shifts.
The wage owed per week is recomputed from the recounted versions, shifts and minimum-wage
schedule (``civic.labor.wages``) and compared with ``weeklyOwedWage``; verified employers
follow ``EmployerVerified`` and ``EmployerVerificationMoved``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from civic.events import fetch_logs
from civic.labor.calendar import week_of
from civic.labor.constants import AgreementStatus, InsuranceStatus, ShiftStatus
from civic.labor.payloads import Terms, struct_fields
from civic.labor.wages import owed_between, week_days

EVENTS = (
    "EmployerRegistered",
    "EmployerVerified",
    "EmployerVerificationMoved",
    "MinimumWageScheduled",
    "AgreementProposed",
    "AgreementActivated",
    "AgreementAmended",
    "AgreementTerminated",
    "OfferCancelled",
    "InsuranceAttested",
    "ShiftsRecorded",
    "ShiftsConfirmed",
    "ShiftsDisputed",
    "WagePaymentRecorded",
)


@dataclass
class AgreementRecord:
    employer: str
    worker: str = ""
    status: AgreementStatus = AgreementStatus.NONE
    versions: list[Terms] = field(default_factory=list)
    termination_reason: int = 0
    ended_day: int = 0
    insurance: list[InsuranceStatus] = field(default_factory=lambda: [InsuranceStatus.NONE] * 4)
    shifts: list[list[int]] = field(default_factory=list)  # [day, minutes, status]
    weekly: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    confirmed_minutes: int = 0
    payments: list[tuple] = field(default_factory=list)

    @property
    def first_day(self) -> int:
        return self.versions[0].start_day if self.versions else 0


def _hex(value) -> str:
    return "0x" + bytes(value).hex()


def _record(agreements: dict, key: str) -> AgreementRecord:
    """The record of an id; a placeholder when the recount started after its creation
    (the audit then reports the mismatch instead of failing)."""
    return agreements.setdefault(key, AgreementRecord(employer=""))


def recount(contract, start_block: int = 0) -> dict:
    """State of the registry rebuilt from events only.

    Returns ``{"employers": {addr: hash}, "verified": {hash: addr},
    "minimum_wages": {index: (day, wage)}, "agreements": {id_hex: AgreementRecord}}``.
    """
    employers: dict[str, bytes] = {}
    verified: dict[bytes, str] = {}
    minimum_wages: dict[int, tuple[int, int]] = {}
    agreements: dict[str, AgreementRecord] = {}

    for log in fetch_logs(contract, start_block, names=EVENTS):
        name, args = log.event_name, log.event_arguments
        if name == "EmployerRegistered":
            employers[str(args["employer"])] = bytes(args["businessHash"])
            continue
        if name == "EmployerVerified":
            verified[bytes(args["businessHash"])] = str(args["employer"])
            continue
        if name == "EmployerVerificationMoved":
            verified[bytes(args["businessHash"])] = str(args["to"])
            continue
        if name == "MinimumWageScheduled":
            minimum_wages[int(args["index"])] = (int(args["effectiveDay"]), int(args["hourlyWage"]))
            continue
        key = _hex(args["agreementId"])
        if name in ("AgreementProposed", "AgreementActivated"):
            terms = Terms.from_chain(args["terms"])
            record = agreements.setdefault(key, AgreementRecord(employer=terms.employer))
            record.worker = terms.worker
            if not record.versions:
                record.versions.append(terms)
            record.status = (
                AgreementStatus.PROPOSED if name == "AgreementProposed" else AgreementStatus.ACTIVE
            )
        elif name == "AgreementAmended":
            record = _record(agreements, key)
            record.versions.append(Terms.from_chain(args["terms"]))
            if int(args["version"]) != len(record.versions):
                raise ValueError(f"{key}: version {args['version']} out of order")
        elif name == "AgreementTerminated":
            record = _record(agreements, key)
            record.status = AgreementStatus.TERMINATED
            record.termination_reason = int(args["reasonCode"])
            record.ended_day = int(args["endedDay"])
        elif name == "OfferCancelled":
            record = agreements.setdefault(key, AgreementRecord(employer=str(args["employer"])))
            record.worker = str(args["worker"])
            record.status = AgreementStatus.CANCELLED
        elif name == "InsuranceAttested":
            _record(agreements, key).insurance[int(args["kind"])] = InsuranceStatus(
                int(args["status"])
            )
        elif name == "ShiftsRecorded":
            record = _record(agreements, key)
            if int(args["firstIndex"]) != len(record.shifts):
                raise ValueError(f"{key}: shift batch starts at {args['firstIndex']}")
            for entry in args["shifts"]:
                day, minutes = struct_fields(entry, ("day", "workedMinutes"))
                record.shifts.append([int(day), int(minutes), ShiftStatus.RECORDED])
        elif name == "ShiftsConfirmed":
            record = _record(agreements, key)
            for index in args["indexes"]:
                shift = record.shifts[int(index)]
                shift[2] = ShiftStatus.CONFIRMED
                record.weekly[week_of(shift[0])] += shift[1]
                record.confirmed_minutes += shift[1]
        elif name == "ShiftsDisputed":
            for index in args["indexes"]:
                _record(agreements, key).shifts[int(index)][2] = ShiftStatus.DISPUTED
        elif name == "WagePaymentRecorded":
            _record(agreements, key).payments.append(payment_tuple(args["payment"]))
    return {
        "employers": employers,
        "verified": verified,
        "minimum_wages": minimum_wages,
        "agreements": agreements,
    }


def payment_tuple(value) -> tuple:
    """(periodStartDay, periodEndDay, onChain, amount, referenceHash, owed) of a WagePayment."""
    start, end, on_chain, amount, ref, owed = struct_fields(
        value, ("periodStartDay", "periodEndDay", "onChain", "amount", "referenceHash", "owed")
    )
    return (int(start), int(end), bool(on_chain), int(amount), bytes(ref), int(owed))


def audit(contract, start_block: int = 0, state: dict | None = None) -> list[str]:
    """Mismatches between the event recount and the getters; empty when consistent.
    ``state`` reuses a recount already made from the same ``start_block``."""
    state = state if state is not None else recount(contract, start_block)
    problems: list[str] = []

    for employer, business_hash in state["employers"].items():
        onchain = bytes(contract.businessHashOf(employer))
        if onchain != business_hash:
            problems.append(f"employer {employer}: business hash {onchain.hex()} on chain")

    # Entries are append-only and indexed: with start_block after deployment only the entries
    # scheduled since then are compared, and the length must cover them.
    schedule = state["minimum_wages"]
    length = int(contract.minimumWageScheduleLength())
    if schedule and length != max(schedule) + 1:
        problems.append(f"minimum wage schedule: length {length} on chain, {max(schedule) + 1}")
    for index, (day, wage) in sorted(schedule.items()):
        entry = contract.minimumWageEntry(index)
        if (int(entry.effectiveDay), int(entry.hourlyWage)) != (day, wage):
            problems.append(
                f"minimum wage entry {index}: {entry} on chain, ({day}, {wage}) in events"
            )

    for business_hash, employer in state["verified"].items():
        holder = str(contract.verifiedEmployerOf(business_hash))
        if holder != employer:
            problems.append(f"business hash {business_hash.hex()}: verified for {holder}")
        if not contract.isVerifiedEmployer(employer):
            problems.append(f"employer {employer}: not verified on chain")

    full_schedule = _schedule(contract, schedule, length)
    for key, record in state["agreements"].items():
        problems.extend(_audit_agreement(contract, key, record, full_schedule))
    return problems


def _schedule(contract, from_events: dict, length: int) -> list[tuple[int, int]]:
    """The whole minimum-wage schedule: entries from events where the recount saw them,
    from the getter for entries scheduled before ``start_block``."""
    entries = []
    for index in range(length):
        if index in from_events:
            entries.append(from_events[index])
        else:
            entry = contract.minimumWageEntry(index)
            entries.append((int(entry.effectiveDay), int(entry.hourlyWage)))
    return entries


def _audit_agreement(
    contract, key: str, record: AgreementRecord, schedule: list[tuple[int, int]]
) -> list[str]:
    problems: list[str] = []
    view = contract.agreement(key)
    expected_header = (
        int(record.status),
        len(record.versions),
        record.termination_reason,
        record.first_day,
        record.ended_day,
    )
    onchain_header = (
        int(view.status),
        int(view.version),
        int(view.terminationReason),
        int(view.firstDay),
        int(view.endedDay),
    )
    if onchain_header != expected_header:
        problems.append(
            f"agreement {key}: (status, version, reason, firstDay, endedDay) "
            f"{onchain_header} on chain, {expected_header} in events"
        )
    if str(view.terms.employer) != record.employer:
        problems.append(f"agreement {key}: employer {view.terms.employer} on chain")
    for number, terms in enumerate(record.versions, start=1):
        onchain = Terms.from_chain(contract.agreementVersion(key, number))
        if onchain != terms.stored():
            problems.append(
                f"agreement {key} version {number}: {onchain} on chain, {terms} in events"
            )

    insurance = [InsuranceStatus(int(s)) for s in contract.insuranceStatus(key)]
    if insurance != record.insurance:
        problems.append(f"agreement {key}: insurance {insurance} on chain, {record.insurance}")

    if int(contract.shiftCount(key)) != len(record.shifts):
        problems.append(f"agreement {key}: shift count {contract.shiftCount(key)} on chain")
    weekly_from_shifts: dict[int, int] = defaultdict(int)
    confirmed_from_shifts = 0
    onchain_shifts = contract.shiftRange(key, 0, len(record.shifts)) if record.shifts else []
    for index, (day, minutes, status) in enumerate(record.shifts):
        onchain = onchain_shifts[index] if index < len(onchain_shifts) else (0, 0, 0)
        got = tuple(int(x) for x in struct_fields(onchain, ("day", "workedMinutes", "status")))
        if got != (day, minutes, int(status)):
            problems.append(
                f"agreement {key} shift {index}: {got} on chain, {(day, minutes, int(status))}"
            )
        if status == ShiftStatus.CONFIRMED:
            weekly_from_shifts[week_of(day)] += minutes
            confirmed_from_shifts += minutes
    for week in sorted({week_of(day) for day, _, _ in record.shifts}):
        onchain = int(contract.weeklyConfirmedMinutes(key, week))
        if onchain != record.weekly.get(week, 0) or onchain != weekly_from_shifts.get(week, 0):
            problems.append(
                f"agreement {key} week {week}: {onchain} min on chain, "
                f"{record.weekly.get(week, 0)} in events"
            )
        threshold = bool(contract.reachedWeeklyHolidayThreshold(key, week))
        if threshold != (onchain >= 900):
            problems.append(f"agreement {key} week {week}: threshold flag {threshold}")
        if record.versions and onchain:
            owed = owed_between(record.shifts, record.versions, schedule, *week_days(week))
            onchain_owed = int(contract.weeklyOwedWage(key, week))
            if onchain_owed != owed:
                problems.append(
                    f"agreement {key} week {week}: {onchain_owed} KRW owed on chain, "
                    f"{owed} from events"
                )
    onchain_total = int(contract.confirmedMinutes(key))
    if onchain_total != record.confirmed_minutes or onchain_total != confirmed_from_shifts:
        problems.append(
            f"agreement {key}: confirmed minutes {onchain_total} on chain, "
            f"{record.confirmed_minutes} in events"
        )

    if int(contract.wagePaymentCount(key)) != len(record.payments):
        problems.append(f"agreement {key}: payment count {contract.wagePaymentCount(key)} on chain")
    for index, payment in enumerate(record.payments):
        got = payment_tuple(contract.wagePayment(key, index))
        if got != payment:
            problems.append(f"agreement {key} payment {index}: {got} on chain, {payment} in events")
    return problems
