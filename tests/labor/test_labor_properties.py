"""Hypothesis state machine over propose / sign / accept / amend / terminate / attest /
record / confirm / dispute / minimum-wage schedule / employer verification / time travel,
with ghost state.

Invariants: an agreement is active only if both parties consented (two signatures, or a
proposal accepted by the worker); confirmed minutes equal the sum of confirmed shifts;
weekly totals match the shifts; nothing written changes afterwards (versions, shifts); the
wage owed is the higher of the agreed wage and the minimum in force on each shift's day;
a business hash is verified for one address at a time and the career summary separates
verified from unverified employers; and at the end of every example the event recount
matches every getter.
"""

import ape
from hypothesis import strategies as st
from hypothesis.stateful import (
    initialize,
    invariant,
    precondition,
    rule,
)
from labor_constants import BUSINESS, FAR_DEADLINE, MINIMUM_WAGE
from state_machine import CivicMachine, run_machine

from civic.labor import (
    AgreementStatus,
    InsuranceStatus,
    ShiftStatus,
    Terms,
    agreement_id,
    sign_contract,
    week_of,
)
from civic.labor.calendar import SECONDS_PER_DAY
from civic.labor.recount import audit, recount
from civic.labor.wages import minimum_on, owed_between


class LaborMachine(CivicMachine):
    steps = 8

    def __init__(self, ctx):
        super().__init__()
        self.c = ctx
        self.reg = ctx["registry"]
        self.start_block = ctx["chain"].blocks.head.number + 1
        self.agreements: dict[bytes, dict] = {}  # ghost
        self.last: bytes | None = None
        self.dirty = False
        self.today = ctx["today"]
        # ghost: minimum-wage schedule and which address each business hash is verified for
        self.schedule = list(ctx["schedule"])
        self.verified = dict(ctx["verified"])

    # ------------------------------------------------------------ helpers

    def _travel(self, days):
        chain = self.c["chain"]
        chain.pending_timestamp = chain.pending_timestamp + days * SECONDS_PER_DAY
        chain.mine()
        self.today = int(self.reg.today())

    def _ids(self, *statuses):
        return sorted(k for k, g in self.agreements.items() if g["status"] in statuses)

    def _pick(self, index, *statuses):
        ids = self._ids(*statuses)
        return ids[index % len(ids)]

    def _sign(self, terms, nonce, version, employer, worker):
        d = self.c["domain"]
        return [
            sign_contract(a, d, terms, nonce, version, FAR_DEADLINE) for a in (employer, worker)
        ]

    # ------------------------------------------------------------ agreements

    # Negative paths are drawn rarely on purpose: an Ape revert costs ~0.3 s, a success ~0.05 s.
    @initialize(count=st.integers(1, 7), minutes=st.integers(1, 600))
    def hire_and_record_first_week(self, count, minutes):
        """Every example starts from an active agreement with recorded shifts."""
        self.hire(0, 0, False, 470, 0, False)
        self.record(0, [(i, minutes) for i in range(count)], 0)

    @rule(
        emp=st.integers(0, 2),
        wrk=st.integers(0, 1),
        reuse=st.sampled_from([False] * 5 + [True]),
        wage_delta=st.sampled_from([0, 470, 1000, 2970, 0, 470, 1000, -1]),
        start=st.integers(0, 3),
        on_chain=st.sampled_from([False, False, True]),
    )
    def hire(self, emp, wrk, reuse, wage_delta, start, on_chain):
        employer, worker = self.c["employers"][emp], self.c["workers"][wrk]
        used = [
            g["nonce"]
            for g in self.agreements.values()
            if (g["employer"], g["worker"]) == (employer, worker)
        ]
        nonce = used[0] if reuse and used else len(used) + 1
        day = self.c["start_day"] + start
        terms = Terms(
            employer.address,
            worker.address,
            bytes([nonce + 1]) * 32,
            MINIMUM_WAGE + wage_delta,
            900,
            day,
        )
        key = agreement_id(employer.address, worker.address, nonce)
        self.last = key
        self.dirty = True
        ghost = self.agreements.get(key)
        if ghost is not None:
            with ape.reverts(self.reg.AgreementIdUsed, agreementId=key, status=ghost["status"]):
                self.reg.propose(terms.as_tuple(), nonce, sender=employer)
            return
        if wage_delta < 0:
            with ape.reverts(
                self.reg.WageBelowMinimum,
                hourlyWage=MINIMUM_WAGE - 1,
                minimumWage=MINIMUM_WAGE,
                day=day,
            ):
                self.reg.propose(terms.as_tuple(), nonce, sender=employer)
            return
        if on_chain:
            self.reg.propose(terms.as_tuple(), nonce, sender=employer)
            status = AgreementStatus.PROPOSED
        else:
            sigs = self._sign(terms, nonce, 1, employer, worker)
            self.reg.activate(
                terms.as_tuple(), nonce, FAR_DEADLINE, *sigs, sender=self.c["relayer"]
            )
            status = AgreementStatus.ACTIVE
        self.agreements[key] = {
            "status": status,
            "nonce": nonce,
            "employer": employer,
            "worker": worker,
            "versions": [terms],
            "consented": status == AgreementStatus.ACTIVE,
            "shifts": [],
            "insurance": [InsuranceStatus.NONE] * 4,
        }

    @precondition(lambda self: self._ids(AgreementStatus.PROPOSED))
    @rule(index=st.integers(0, 5), decline=st.booleans())
    def answer_proposal(self, index, decline):
        key = self._pick(index, AgreementStatus.PROPOSED)
        g = self.agreements[key]
        self.last = key
        self.dirty = True
        if decline:
            self.reg.cancelOffer(g["employer"], g["worker"], g["nonce"], sender=g["worker"])
            g["status"] = AgreementStatus.CANCELLED
        else:
            self.reg.accept(g["employer"], g["nonce"], sender=g["worker"])
            g["status"] = AgreementStatus.ACTIVE
            g["consented"] = True

    @precondition(lambda self: self._ids(AgreementStatus.ACTIVE))
    @rule(
        index=st.integers(0, 5),
        raise_by=st.integers(0, 2000),
        later=st.integers(0, 3),
        forged=st.sampled_from([False] * 5 + [True]),
    )
    def amend(self, index, raise_by, later, forged):
        key = self._pick(index, AgreementStatus.ACTIVE)
        g = self.agreements[key]
        self.last = key
        self.dirty = True
        prev = g["versions"][-1]
        # later == 0 with forged drawn means: start one day before the current version
        earlier = forged and later == 0
        terms = prev.amended(
            hourly_wage=prev.hourly_wage + raise_by,
            start_day=prev.start_day - 1 if earlier else prev.start_day + later,
        )
        version = len(g["versions"]) + 1
        sigs = self._sign(terms, g["nonce"], version, g["employer"], g["worker"])
        relayer = self.c["relayer"]
        if earlier:  # the ordering rule is named even when no minimum is in force that day
            with ape.reverts(
                self.reg.AmendmentStartsEarlier,
                startDay=terms.start_day,
                previousStartDay=prev.start_day,
            ):
                self.reg.amend(terms.as_tuple(), g["nonce"], FAR_DEADLINE, *sigs, sender=relayer)
            return
        minimum = minimum_on(self.schedule, terms.start_day)
        if terms.hourly_wage < minimum:  # a raise of the minimum in force on the new start
            with ape.reverts(
                self.reg.WageBelowMinimum,
                hourlyWage=terms.hourly_wage,
                minimumWage=minimum,
                day=terms.start_day,
            ):
                self.reg.amend(terms.as_tuple(), g["nonce"], FAR_DEADLINE, *sigs, sender=relayer)
            return
        if forged:  # the worker's signature replaced by the employer's: must not pass
            with ape.reverts(self.reg.InvalidSignature, signer=g["worker"].address):
                self.reg.amend(
                    terms.as_tuple(),
                    g["nonce"],
                    FAR_DEADLINE,
                    sigs[0],
                    sigs[0],
                    sender=self.c["relayer"],
                )
            return
        self.reg.amend(terms.as_tuple(), g["nonce"], FAR_DEADLINE, *sigs, sender=self.c["relayer"])
        g["versions"].append(terms)

    @precondition(lambda self: self._ids(AgreementStatus.ACTIVE))
    @rule(index=st.integers(0, 5), by_worker=st.booleans(), reason=st.integers(1, 5))
    def terminate(self, index, by_worker, reason):
        key = self._pick(index, AgreementStatus.ACTIVE)
        g = self.agreements[key]
        self.last = key
        self.dirty = True
        self.reg.terminate(key, reason, sender=g["worker"] if by_worker else g["employer"])
        g["status"] = AgreementStatus.TERMINATED

    # ------------------------------------------------------------ insurance

    @precondition(lambda self: self._ids(AgreementStatus.ACTIVE, AgreementStatus.TERMINATED))
    @rule(
        index=st.integers(0, 5),
        kind=st.integers(0, 3),
        invalid=st.sampled_from([False] * 5 + [True]),
    )
    def attest(self, index, kind, invalid):
        key = self._pick(index, AgreementStatus.ACTIVE, AgreementStatus.TERMINATED)
        g = self.agreements[key]
        self.last = key
        self.dirty = True
        insurer = self.c["insurers"][kind]
        current = g["insurance"][kind]
        enrolled = (current != InsuranceStatus.ENROLLED) != invalid
        if enrolled and g["status"] != AgreementStatus.ACTIVE:
            with ape.reverts(self.reg.AgreementNotInStatus, agreementId=key, status=g["status"]):
                self.reg.attestInsurance(key, kind, True, b"\x01" * 32, sender=insurer)
        elif (enrolled and current == InsuranceStatus.ENROLLED) or (
            not enrolled and current != InsuranceStatus.ENROLLED
        ):
            with ape.reverts(
                self.reg.InsuranceTransitionInvalid, agreementId=key, kind=kind, current=current
            ):
                self.reg.attestInsurance(key, kind, enrolled, b"\x01" * 32, sender=insurer)
        else:
            self.reg.attestInsurance(key, kind, enrolled, b"\x01" * 32, sender=insurer)
            g["insurance"][kind] = (
                InsuranceStatus.ENROLLED if enrolled else InsuranceStatus.WITHDRAWN
            )

    # ------------------------------------------------------------ shifts

    @precondition(lambda self: self._ids(AgreementStatus.ACTIVE))
    @rule(
        index=st.integers(0, 5),
        shifts=st.lists(st.tuples(st.integers(0, 30), st.integers(1, 600)), min_size=1, max_size=7),
        travel_days=st.sampled_from([0, 0, 1, 3, 7]),
    )
    def record(self, index, shifts, travel_days):
        """Time travel (0-7 days) then a batch of shifts on days already past."""
        if travel_days:
            self._travel(travel_days)
        key = self._pick(index, AgreementStatus.ACTIVE)
        g = self.agreements[key]
        self.last = key
        self.dirty = True
        first = g["versions"][0].start_day
        span = self.today - first + 1
        if span <= 0:
            return
        batch = [(first + offset % span, minutes) for offset, minutes in shifts]
        self.reg.recordShifts(key, batch, sender=g["employer"])
        g["shifts"].extend([day, minutes, ShiftStatus.RECORDED] for day, minutes in batch)

    @precondition(
        lambda self: any(
            g["shifts"]
            for g in self.agreements.values()
            if g["status"] in (AgreementStatus.ACTIVE, AgreementStatus.TERMINATED)
        )
    )
    @rule(
        index=st.integers(0, 5),
        picks=st.lists(st.integers(0, 63), min_size=1, max_size=7, unique=True),
        confirm=st.sampled_from([True, True, False]),
        replay=st.sampled_from([False] * 5 + [True]),
    )
    def review(self, index, picks, confirm, replay):
        ids = [
            k
            for k in self._ids(AgreementStatus.ACTIVE, AgreementStatus.TERMINATED)
            if self.agreements[k]["shifts"]
        ]
        key = ids[index % len(ids)]
        g = self.agreements[key]
        self.last = key
        self.dirty = True
        shifts = g["shifts"]
        pending = [i for i, shift in enumerate(shifts) if shift[2] == ShiftStatus.RECORDED]
        if replay or not pending:  # may include already-reviewed shifts: must revert then
            indexes = list(dict.fromkeys(p % len(shifts) for p in picks))
        else:
            indexes = list(dict.fromkeys(pending[p % len(pending)] for p in picks))
        bad = next((i for i in indexes if shifts[i][2] != ShiftStatus.RECORDED), None)
        call = (
            (lambda: self.reg.confirmShifts(key, indexes, sender=g["worker"]))
            if confirm
            else (lambda: self.reg.disputeShifts(key, indexes, 1, sender=g["worker"]))
        )
        if bad is not None:
            with ape.reverts(
                self.reg.ShiftNotRecorded, agreementId=key, shiftIndex=bad, status=shifts[bad][2]
            ):
                call()
            return
        call()
        for i in indexes:
            shifts[i][2] = ShiftStatus.CONFIRMED if confirm else ShiftStatus.DISPUTED

    # ------------------------------------------------------------ minimum wage, employers

    @rule(
        ahead=st.integers(0, 12), raise_by=st.sampled_from([0, 500, 1500]), gate=st.integers(0, 1)
    )
    def schedule_minimum(self, ahead, raise_by, gate):
        """The authority raises the minimum from a future day (no party consents). Tried in
        one of two draws, so that walks still hire, record and review."""
        if gate:
            return
        day = self.today + ahead
        wage = self.schedule[-1][1] + raise_by
        authority = self.c["authority"]
        last = self.schedule[-1][0]
        if day <= self.today:
            with ape.reverts(self.reg.MinimumWageRetroactive, effectiveDay=day, today=self.today):
                self.reg.scheduleMinimumWage(day, wage, sender=authority)
        elif day <= last:
            with ape.reverts(
                self.reg.MinimumWageNotIncreasingDay, effectiveDay=day, lastEffectiveDay=last
            ):
                self.reg.scheduleMinimumWage(day, wage, sender=authority)
        else:
            self.reg.scheduleMinimumWage(day, wage, sender=authority)
            self.schedule.append((day, wage))

    @rule(
        who=st.integers(0, 2),
        move=st.booleans(),
        by_stranger=st.sampled_from([False] * 3 + [True]),
        gate=st.integers(0, 1),
    )
    def verify_employer(self, who, move, by_stranger, gate):
        """Employers 0 and 2 (the copier) share one business hash; employer 1 has its own.
        Tried in one of two draws: most draws of it revert, and reverts are slow."""
        if gate:
            return
        account = self.c["claimants"][who]
        business = self.c["hashes"][who]
        holder = self.verified.get(business)
        caller = self.c["stranger"] if by_stranger else self.c["verifier"]
        if move and holder is not None and holder.address != account.address:
            if by_stranger:
                with ape.reverts(self.reg.NotEmployerVerifier, account=caller.address):
                    self.reg.moveEmployerVerification(holder, account, sender=caller)
                return
            self.reg.moveEmployerVerification(holder, account, sender=caller)
            self.verified[business] = account
        elif holder is not None and holder.address == account.address:
            with ape.reverts(self.reg.EmployerAlreadyVerified, employer=account.address):
                self.reg.verifyEmployer(account, sender=caller)
        elif holder is not None:
            with ape.reverts(
                self.reg.BusinessHashVerifiedForOther, businessHash=business, holder=holder.address
            ):
                self.reg.verifyEmployer(account, sender=caller)
        elif by_stranger:
            with ape.reverts(self.reg.NotEmployerVerifier, account=caller.address):
                self.reg.verifyEmployer(account, sender=caller)
        else:
            self.reg.verifyEmployer(account, sender=caller)
            self.verified[business] = account

    # ------------------------------------------------------------ invariants

    @invariant()
    def only_consented_agreements_are_active(self):
        # ghost side: every active or terminated agreement had both parties' consent
        for g in self.agreements.values():
            if g["status"] in (AgreementStatus.ACTIVE, AgreementStatus.TERMINATED):
                assert g["consented"]

    @invariant()
    def last_touched_matches_chain(self):
        # one call per step keeps 200 examples affordable; teardown checks everything
        if not self.dirty or self.last not in self.agreements:
            return
        self.dirty = False
        g = self.agreements[self.last]
        view = self.reg.agreement(self.last)
        assert (int(view.status), int(view.version)) == (g["status"], len(g["versions"]))
        assert int(view.status) != AgreementStatus.ACTIVE or g["consented"]

    def _check_careers(self):
        """Each worker's summary over its signed agreements, against the ghost."""
        verified_now = {account.address for account in self.verified.values()}
        for worker in self.c["workers"]:
            keys = sorted(
                k
                for k, g in self.agreements.items()
                if g["worker"] == worker
                and g["status"] in (AgreementStatus.ACTIVE, AgreementStatus.TERMINATED)
            )
            if not keys:
                continue
            summary = self.reg.careerSummary(worker, keys)
            employers = list(dict.fromkeys(self.agreements[k]["employer"] for k in keys))
            assert list(summary.verifiedEmployers) == [
                e.address for e in employers if e.address in verified_now
            ]
            assert list(summary.unverifiedEmployers) == [
                e.address for e in employers if e.address not in verified_now
            ]
            assert int(summary.verifiedAgreements) == sum(
                self.agreements[k]["employer"].address in verified_now for k in keys
            )
            assert int(summary.owedWage) == sum(
                owed_between(g["shifts"], g["versions"], self.schedule)
                for g in (self.agreements[k] for k in keys)
            )

    def audit(self):
        state = recount(self.reg, self.start_block)
        records = state["agreements"]
        assert set(records) == {"0x" + key.hex() for key in self.agreements}
        for key, g in self.agreements.items():
            record = records["0x" + key.hex()]
            # only two-party consent made it active (events agree with the ghost)
            assert int(record.status) == g["status"]
            # nothing written changes: every version and shift as the ghost wrote it
            assert record.versions == g["versions"]
            assert [[d, m, int(s)] for d, m, s in record.shifts] == [
                [d, m, int(s)] for d, m, s in g["shifts"]
            ]
            weekly: dict[int, int] = {}
            for day, minutes, status in g["shifts"]:
                if status == ShiftStatus.CONFIRMED:
                    weekly[week_of(day)] = weekly.get(week_of(day), 0) + minutes
            assert {w: m for w, m in record.weekly.items() if m} == weekly
            assert record.confirmed_minutes == sum(weekly.values())
            assert record.insurance == g["insurance"]
            # owed: max(agreed wage in force, minimum in force) on each shift's day
            owed = owed_between(g["shifts"], g["versions"], self.schedule)
            assert int(self.reg.owedWage(key, 0, 2**24 - 1)) == owed
        self._check_careers()
        # and the getters agree with the events, item by item
        assert audit(self.reg, self.start_block, state) == []


def test_labor_state_machine(
    registry,
    domain,
    chain,
    start_day,
    employer,
    other_employer,
    worker,
    other_worker,
    relayer,
    insurers,
    labor_authority,
    business_registry,
    stranger,
    accounts,
):
    # A third employer that registered the hash of `employer` (a copy, never verified first).
    copier = accounts[12]
    registry.registerEmployer(BUSINESS, sender=copier)
    ctx = {
        "registry": registry,
        "domain": domain,
        "chain": chain,
        "start_day": start_day,
        "employers": [employer, other_employer, copier],
        "claimants": [employer, other_employer, copier],
        "hashes": [BUSINESS, b"\xb2" * 32, BUSINESS],
        "verified": {BUSINESS: employer},
        "schedule": [(start_day, MINIMUM_WAGE)],
        "authority": labor_authority,
        "verifier": business_registry,
        "stranger": stranger,
        "workers": [worker, other_worker],
        "relayer": relayer,
        "insurers": insurers,
    }
    # Move past the first week once, outside the per-example snapshots.
    chain.pending_timestamp = chain.pending_timestamp + 8 * SECONDS_PER_DAY
    chain.mine()
    ctx["today"] = int(registry.today())
    run_machine(LaborMachine, lambda: LaborMachine(ctx))
