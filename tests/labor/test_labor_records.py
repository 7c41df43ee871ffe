"""Social insurance attestations, shifts and weekly totals, wage payments, career summary."""

import ape
import pytest
from labor_constants import FAR_DEADLINE, ZERO

from civic.labor import (
    AgreementStatus,
    Insurance,
    InsuranceStatus,
    ShiftStatus,
    sign_shift_review,
    week_of,
)

REF = b"\x7e" * 32


# ---------------------------------------------------------------- insurance


@pytest.mark.parametrize("kind", list(Insurance))
def test_attest_insurance__enroll_then_withdraw__status_readable(
    registry, activate, insurers, stranger, kind
):
    agreement, _, _ = activate()
    insurer = insurers[kind]
    tx = registry.attestInsurance(agreement, kind, True, REF, sender=insurer)
    logs = tx.decode_logs(registry.InsuranceAttested)
    assert len(logs) == 1
    assert (logs[0].agreementId, logs[0].kind, logs[0].status, logs[0].insurer) == (
        agreement,
        kind,
        InsuranceStatus.ENROLLED,
        insurer.address,
    )
    assert logs[0].referenceHash == REF
    expected = [InsuranceStatus.NONE] * 4
    expected[kind] = InsuranceStatus.ENROLLED
    assert list(registry.insuranceStatus(agreement, sender=stranger)) == expected
    registry.attestInsurance(agreement, kind, False, REF, sender=insurer)
    expected[kind] = InsuranceStatus.WITHDRAWN
    assert list(registry.insuranceStatus(agreement)) == expected


def test_attest_insurance__other_kinds_insurer__reverts(registry, activate, health_insurer):
    agreement, _, _ = activate()
    with ape.reverts(
        registry.NotInsurer, account=health_insurer.address, kind=Insurance.NATIONAL_PENSION
    ):
        registry.attestInsurance(
            agreement, Insurance.NATIONAL_PENSION, True, REF, sender=health_insurer
        )


def test_attest_insurance__enroll_twice__reverts(registry, activate, pension_insurer):
    agreement, _, _ = activate()
    kind = Insurance.NATIONAL_PENSION
    registry.attestInsurance(agreement, kind, True, REF, sender=pension_insurer)
    with ape.reverts(
        registry.InsuranceTransitionInvalid,
        agreementId=agreement,
        kind=kind,
        current=InsuranceStatus.ENROLLED,
    ):
        registry.attestInsurance(agreement, kind, True, REF, sender=pension_insurer)


def test_attest_insurance__withdraw_not_enrolled__reverts(registry, activate, pension_insurer):
    agreement, _, _ = activate()
    kind = Insurance.NATIONAL_PENSION
    with ape.reverts(
        registry.InsuranceTransitionInvalid,
        agreementId=agreement,
        kind=kind,
        current=InsuranceStatus.NONE,
    ):
        registry.attestInsurance(agreement, kind, False, REF, sender=pension_insurer)


def test_attest_insurance__withdraw_after_termination__allowed(
    registry, activate, employer, employment_insurer
):
    agreement, _, _ = activate()
    kind = Insurance.EMPLOYMENT
    registry.attestInsurance(agreement, kind, True, REF, sender=employment_insurer)
    registry.terminate(agreement, 2, sender=employer)
    registry.attestInsurance(agreement, kind, False, REF, sender=employment_insurer)
    assert registry.insuranceStatus(agreement)[kind] == InsuranceStatus.WITHDRAWN


def test_attest_insurance__enroll_unknown_agreement__reverts(registry, accident_insurer):
    unknown = b"\x99" * 32
    with ape.reverts(
        registry.AgreementNotInStatus, agreementId=unknown, status=AgreementStatus.NONE
    ):
        registry.attestInsurance(
            unknown, Insurance.INDUSTRIAL_ACCIDENT, True, REF, sender=accident_insurer
        )


# ---------------------------------------------------------------- shifts


def _week_days(start_day):
    """The seven days of the first full Monday-based week starting at or after start_day."""
    monday = start_day + (-(start_day + 3)) % 7
    return [monday + i for i in range(7)]


@pytest.fixture
def week_agreement(activate, travel, registry, start_day):
    """Active agreement with a full Monday..Sunday week in the past."""
    agreement, terms, _ = activate()
    days = _week_days(start_day)
    travel(days[-1] - int(registry.today()) + 1)
    return agreement, days


def test_record_shifts__batch__stored_and_emitted(registry, week_agreement, employer):
    agreement, days = week_agreement
    shifts = [(day, 120 + i) for i, day in enumerate(days)]
    tx = registry.recordShifts(agreement, shifts, sender=employer)
    logs = tx.decode_logs(registry.ShiftsRecorded)
    assert len(logs) == 1
    assert logs[0].agreementId == agreement
    assert logs[0].firstIndex == 0
    assert [tuple(s) for s in logs[0].shifts] == shifts
    assert registry.shiftCount(agreement) == 7
    stored = registry.shift(agreement, 6)
    assert (stored.day, stored.workedMinutes, stored.status) == (days[6], 126, ShiftStatus.RECORDED)
    tx = registry.recordShifts(agreement, shifts[:2], sender=employer)
    assert tx.decode_logs(registry.ShiftsRecorded)[0].firstIndex == 7


def test_record_shifts__worker__reverts(registry, week_agreement, worker):
    agreement, days = week_agreement
    with ape.reverts(registry.NotEmployer, agreementId=agreement, account=worker.address):
        registry.recordShifts(agreement, [(days[0], 60)], sender=worker)


@pytest.mark.parametrize("minutes", [0, 24 * 60 + 1])
def test_record_shifts__bad_minutes__reverts(registry, week_agreement, employer, minutes):
    agreement, days = week_agreement
    with ape.reverts(registry.InvalidShiftMinutes, index=1, workedMinutes=minutes):
        registry.recordShifts(agreement, [(days[0], 60), (days[1], minutes)], sender=employer)


def test_record_shifts__future_day__reverts(registry, week_agreement, employer):
    agreement, _ = week_agreement
    tomorrow = registry.today() + 1
    with ape.reverts(registry.ShiftOutOfPeriod, index=0, day=tomorrow):
        registry.recordShifts(agreement, [(tomorrow, 60)], sender=employer)


def test_record_shifts__before_start__reverts(registry, week_agreement, employer, start_day):
    agreement, _ = week_agreement
    with ape.reverts(registry.ShiftOutOfPeriod, index=0, day=start_day - 1):
        registry.recordShifts(agreement, [(start_day - 1, 60)], sender=employer)


def test_record_shifts__after_end_day__reverts(registry, activate, travel, employer, start_day):
    agreement, _, _ = activate(end_day=start_day + 2)
    travel(10)
    registry.recordShifts(agreement, [(start_day + 2, 60)], sender=employer)
    with ape.reverts(registry.ShiftOutOfPeriod, index=0, day=start_day + 3):
        registry.recordShifts(agreement, [(start_day + 3, 60)], sender=employer)


@pytest.mark.parametrize("size", [0, 65])
def test_record_shifts__bad_batch_size__reverts(registry, week_agreement, employer, size):
    agreement, days = week_agreement
    with ape.reverts(registry.InvalidBatchSize, count=size, max=64):
        registry.recordShifts(agreement, [(days[0], 30)] * size, sender=employer)


def test_record_shifts__terminated__reverts(registry, week_agreement, employer):
    agreement, days = week_agreement
    registry.terminate(agreement, 1, sender=employer)
    with ape.reverts(
        registry.AgreementNotInStatus, agreementId=agreement, status=AgreementStatus.TERMINATED
    ):
        registry.recordShifts(agreement, [(days[0], 60)], sender=employer)


def test_confirm_shifts__week_of_15_hours__threshold_and_totals(
    registry, week_agreement, employer, worker
):
    agreement, days = week_agreement
    # 5 x 180 = 900 minutes = 15 hours in one Monday-based week, and one 60-minute shift.
    registry.recordShifts(
        agreement, [(d, 180) for d in days[:5]] + [(days[5], 60)], sender=employer
    )
    tx = registry.confirmShifts(agreement, [0, 1, 2, 3], sender=worker)
    logs = tx.decode_logs(registry.ShiftsConfirmed)
    assert len(logs) == 1
    assert (logs[0].agreementId, list(logs[0].indexes), logs[0].totalMinutes) == (
        agreement,
        [0, 1, 2, 3],
        720,
    )
    week = week_of(days[0])
    assert registry.weekOf(days[0]) == week == registry.weekOf(days[6])
    assert registry.weekOf(days[6] + 1) == week + 1
    assert registry.weeklyConfirmedMinutes(agreement, week) == 720
    assert not registry.reachedWeeklyHolidayThreshold(agreement, week)
    registry.confirmShifts(agreement, [4], sender=worker)
    assert registry.weeklyConfirmedMinutes(agreement, week) == 900
    assert registry.reachedWeeklyHolidayThreshold(agreement, week)
    assert registry.confirmedMinutes(agreement) == 900
    assert registry.shift(agreement, 4).status == ShiftStatus.CONFIRMED
    assert registry.shift(agreement, 5).status == ShiftStatus.RECORDED


def test_week_of__day_zero_thursday__monday_based():
    # 1970-01-01 (day 0) was a Thursday; Monday 1970-01-05 (day 4) opens week 1.
    assert [week_of(d) for d in (0, 3, 4, 10, 11)] == [0, 0, 1, 1, 2]


@pytest.mark.parametrize("size", [0, 65])
def test_confirm_shifts__bad_batch_size__reverts(registry, week_agreement, employer, worker, size):
    agreement, days = week_agreement
    registry.recordShifts(agreement, [(days[0], 60)], sender=employer)
    with ape.reverts(registry.InvalidBatchSize, count=size, max=64):
        registry.confirmShifts(agreement, [0] * size, sender=worker)


def test_confirm_shifts__twice__reverts(registry, week_agreement, employer, worker):
    agreement, days = week_agreement
    registry.recordShifts(agreement, [(days[0], 60)], sender=employer)
    registry.confirmShifts(agreement, [0], sender=worker)
    with ape.reverts(
        registry.ShiftNotRecorded,
        agreementId=agreement,
        shiftIndex=0,
        status=ShiftStatus.CONFIRMED,
    ):
        registry.confirmShifts(agreement, [0], sender=worker)


def test_confirm_shifts__unknown_index__reverts(registry, week_agreement, employer, worker):
    agreement, days = week_agreement
    registry.recordShifts(agreement, [(days[0], 60)], sender=employer)
    with ape.reverts(
        registry.ShiftNotRecorded, agreementId=agreement, shiftIndex=1, status=ShiftStatus.NONE
    ):
        registry.confirmShifts(agreement, [0, 1], sender=worker)


def test_confirm_shifts__employer__reverts(registry, week_agreement, employer):
    agreement, days = week_agreement
    registry.recordShifts(agreement, [(days[0], 60)], sender=employer)
    with ape.reverts(registry.NotWorker, agreementId=agreement, account=employer.address):
        registry.confirmShifts(agreement, [0], sender=employer)


def test_confirm_shifts__after_termination__still_counts(
    registry, week_agreement, employer, worker
):
    agreement, days = week_agreement
    registry.recordShifts(agreement, [(days[0], 60)], sender=employer)
    registry.terminate(agreement, 4, sender=employer)
    registry.confirmShifts(agreement, [0], sender=worker)
    assert registry.confirmedMinutes(agreement) == 60


def test_confirm_shifts__proposed_agreement__reverts(registry, make_terms, employer, worker):
    from civic.labor import agreement_id

    terms = make_terms()
    registry.propose(terms.as_tuple(), 8, sender=employer)
    agreement = agreement_id(terms.employer, terms.worker, 8)
    with ape.reverts(
        registry.AgreementNotInStatus, agreementId=agreement, status=AgreementStatus.PROPOSED
    ):
        registry.confirmShifts(agreement, [0], sender=worker)


def test_dispute_shifts__with_reason__disputed_not_counted(
    registry, week_agreement, employer, worker
):
    agreement, days = week_agreement
    registry.recordShifts(agreement, [(days[0], 60), (days[1], 90)], sender=employer)
    tx = registry.disputeShifts(agreement, [1], 1, sender=worker)
    logs = tx.decode_logs(registry.ShiftsDisputed)
    assert len(logs) == 1
    assert (logs[0].agreementId, list(logs[0].indexes), logs[0].reasonCode) == (agreement, [1], 1)
    assert registry.shift(agreement, 1).status == ShiftStatus.DISPUTED
    assert registry.confirmedMinutes(agreement) == 0
    with ape.reverts(
        registry.ShiftNotRecorded,
        agreementId=agreement,
        shiftIndex=1,
        status=ShiftStatus.DISPUTED,
    ):
        registry.confirmShifts(agreement, [1], sender=worker)


def test_dispute_shifts__zero_reason__reverts(registry, week_agreement, employer, worker):
    agreement, days = week_agreement
    registry.recordShifts(agreement, [(days[0], 60)], sender=employer)
    with ape.reverts(registry.InvalidReasonCode, reasonCode=0):
        registry.disputeShifts(agreement, [0], 0, sender=worker)


def test_dispute_shifts__stranger__reverts(registry, week_agreement, employer, stranger):
    agreement, days = week_agreement
    registry.recordShifts(agreement, [(days[0], 60)], sender=employer)
    with ape.reverts(registry.NotWorker, agreementId=agreement, account=stranger.address):
        registry.disputeShifts(agreement, [0], 1, sender=stranger)


def test_review_shifts_by_sig__worker_signed__confirmed_by_relayer(
    registry, week_agreement, domain, employer, worker, relayer
):
    agreement, days = week_agreement
    registry.recordShifts(agreement, [(d, 150) for d in days], sender=employer)
    indexes = list(range(7))
    sig = sign_shift_review(worker, domain, agreement, indexes, True, 0, FAR_DEADLINE)
    tx = registry.reviewShiftsBySig(agreement, indexes, True, 0, FAR_DEADLINE, sig, sender=relayer)
    assert tx.decode_logs(registry.ShiftsConfirmed)[0].totalMinutes == 1050
    assert registry.confirmedMinutes(agreement) == 1050
    with ape.reverts(
        registry.ShiftNotRecorded,
        agreementId=agreement,
        shiftIndex=0,
        status=ShiftStatus.CONFIRMED,
    ):
        registry.reviewShiftsBySig(agreement, indexes, True, 0, FAR_DEADLINE, sig, sender=relayer)


def test_review_shifts_by_sig__wallet_worker_dispute__disputed(
    project, registry, activate, travel, domain, deployer, employer, worker, relayer, start_day
):
    wallet = project.MockERC1271Wallet.deploy(worker, sender=deployer)
    agreement, _, _ = activate(worker_=wallet.address, worker_signer=worker)
    travel(3)
    registry.recordShifts(agreement, [(start_day, 60)], sender=employer)
    sig = sign_shift_review(worker, domain, agreement, [0], False, 2, FAR_DEADLINE)
    registry.reviewShiftsBySig(agreement, [0], False, 2, FAR_DEADLINE, sig, sender=relayer)
    assert registry.shift(agreement, 0).status == ShiftStatus.DISPUTED


def test_review_shifts_by_sig__signature_by_employer__reverts(
    registry, week_agreement, domain, employer, worker, relayer
):
    agreement, days = week_agreement
    registry.recordShifts(agreement, [(days[0], 60)], sender=employer)
    sig = sign_shift_review(employer, domain, agreement, [0], True, 0, FAR_DEADLINE)
    with ape.reverts(registry.InvalidSignature, signer=worker.address):
        registry.reviewShiftsBySig(agreement, [0], True, 0, FAR_DEADLINE, sig, sender=relayer)


def test_review_shifts_by_sig__expired__reverts(
    registry, week_agreement, domain, chain, employer, worker, relayer
):
    agreement, days = week_agreement
    registry.recordShifts(agreement, [(days[0], 60)], sender=employer)
    deadline = chain.pending_timestamp - 1
    sig = sign_shift_review(worker, domain, agreement, [0], True, 0, deadline)
    with ape.reverts(registry.SignatureExpired, deadline=deadline):
        registry.reviewShiftsBySig(agreement, [0], True, 0, deadline, sig, sender=relayer)


def test_review_shifts_by_sig__at_deadline_second__confirmed(
    registry, week_agreement, domain, chain, employer, worker, relayer
):
    """A review signature's deadline is the last second it is accepted (inclusive)."""
    agreement, days = week_agreement
    registry.recordShifts(agreement, [(days[0], 60)], sender=employer)
    deadline = chain.pending_timestamp + 60
    sig = sign_shift_review(worker, domain, agreement, [0], True, 0, deadline)
    chain.pending_timestamp = deadline
    tx = registry.reviewShiftsBySig(agreement, [0], True, 0, deadline, sig, sender=relayer)
    assert tx.timestamp == deadline
    assert registry.shift(agreement, 0).status == ShiftStatus.CONFIRMED


def test_shift_review_digest__matches_python_eip712(registry, domain):
    from civic.eip712 import digest
    from civic.labor.payloads import SHIFT_REVIEW_TYPES

    message = {
        "agreementId": b"\x01" * 32,
        "indexes": [3, 1],
        "confirmed": False,
        "reasonCode": 2,
        "deadline": 77,
    }
    expected = digest(domain, "ShiftReview", SHIFT_REVIEW_TYPES, message)
    assert registry.shiftReviewDigest(b"\x01" * 32, [3, 1], False, 2, 77) == expected


# ---------------------------------------------------------------- wages


def test_record_wage_payment__employer__appended(registry, active, employer):
    agreement, terms = active
    start = terms.start_day
    tx = registry.recordWagePayment(agreement, start, start + 6, 150_000, REF, sender=employer)
    logs = tx.decode_logs(registry.WagePaymentRecorded)
    assert len(logs) == 1
    assert (logs[0].agreementId, logs[0].index) == (agreement, 0)
    assert tuple(logs[0].payment) == (start, start + 6, False, 150_000, REF, 0)
    assert registry.wagePaymentCount(agreement) == 1
    stored = registry.wagePayment(agreement, 0)
    assert (stored.amount, stored.onChain, stored.referenceHash) == (150_000, False, REF)


def test_record_wage_payment__worker__reverts(registry, active, worker):
    agreement, terms = active
    with ape.reverts(registry.NotEmployer, agreementId=agreement, account=worker.address):
        registry.recordWagePayment(
            agreement, terms.start_day, terms.start_day, 1, REF, sender=worker
        )


def test_record_wage_payment__inverted_period__reverts(registry, active, employer):
    agreement, terms = active
    s = terms.start_day
    with ape.reverts(registry.InvalidWagePeriod, periodStartDay=s + 2, periodEndDay=s + 1):
        registry.recordWagePayment(agreement, s + 2, s + 1, 1, REF, sender=employer)


def test_record_wage_payment__before_contract__reverts(registry, active, employer):
    agreement, terms = active
    s = terms.start_day
    with ape.reverts(registry.InvalidWagePeriod, periodStartDay=s - 1, periodEndDay=s + 1):
        registry.recordWagePayment(agreement, s - 1, s + 1, 1, REF, sender=employer)


def test_record_wage_payment__zero_amount__reverts(registry, active, employer):
    agreement, terms = active
    with ape.reverts(registry.InvalidWageAmount, amount=0):
        registry.recordWagePayment(
            agreement, terms.start_day, terms.start_day, 0, REF, sender=employer
        )


def test_wage_token__is_the_deployed_token(registry, wage_token):
    assert registry.wageToken() == wage_token.address


def test_pay_wage__token__worker_receives_and_recorded(
    registry, wage_token, active, employer, worker
):
    agreement, terms = active
    wage_token.mint(employer, 10**24, sender=employer)
    wage_token.approve(registry, 500 * 10**18, sender=employer)
    before = wage_token.balanceOf(worker)
    tx = registry.payWage(
        agreement, terms.start_day, terms.start_day + 6, 500 * 10**18, REF, sender=employer
    )
    assert wage_token.balanceOf(worker) - before == 500 * 10**18
    logs = tx.decode_logs(registry.WagePaymentRecorded)
    assert len(logs) == 1
    assert tuple(logs[0].payment)[2] is True
    assert registry.wagePayment(agreement, 0).onChain


def test_pay_wage__without_allowance__reverts(registry, wage_token, active, employer):
    agreement, terms = active
    wage_token.mint(employer, 10**20, sender=employer)
    with ape.reverts(
        wage_token.ERC20InsufficientAllowance, spender=registry.address, allowance=0, needed=10
    ):
        registry.payWage(agreement, terms.start_day, terms.start_day, 10, REF, sender=employer)


def test_pay_wage__token_disabled__reverts(project, deployer, employer):
    bare = project.LaborRegistry.deploy(deployer, ZERO, sender=deployer)
    with ape.reverts(bare.WageTokenDisabled):
        bare.payWage(b"\x01" * 32, 1, 1, 1, REF, sender=employer)


def test_pay_wage__fee_on_transfer_token__reverts(
    project, chain, deployer, employer, worker, relayer
):
    from civic.labor import Terms, agreement_id, sign_contract
    from civic.labor.deploy import ROLE_NAMES, deploy
    from civic.labor.payloads import domain_of

    token = project.LaborFeeToken.deploy(10**24, 7, sender=employer)
    roles = dict.fromkeys(ROLE_NAMES, deployer.address)
    reg = deploy(deployer, roles, wage_token=token.address)
    reg.registerEmployer(b"\x01" * 32, sender=employer)
    day = int(reg.minimumWageEntry(0).effectiveDay)
    terms = Terms(employer.address, worker.address, b"\x02" * 32, 10_030, 600, day)
    domain = domain_of(reg, chain.chain_id)
    sigs = [sign_contract(a, domain, terms, 1, 1, FAR_DEADLINE) for a in (employer, worker)]
    reg.activate(terms.as_tuple(), 1, FAR_DEADLINE, *sigs, sender=relayer)
    agreement = agreement_id(employer.address, worker.address, 1)
    token.approve(reg, 10**20, sender=employer)
    with ape.reverts(reg.WageTokenShortfall, expected=1000, received=993):
        reg.payWage(agreement, day, day, 1000, REF, sender=employer)


def test_pay_wage__missing_return_token__paid_via_safe_erc20(
    project, chain, deployer, employer, worker, relayer
):
    from civic.labor import Terms, agreement_id, sign_contract
    from civic.labor.deploy import ROLE_NAMES, deploy
    from civic.labor.payloads import domain_of

    token = project.LaborMissingReturnToken.deploy(10**24, sender=employer)
    roles = dict.fromkeys(ROLE_NAMES, deployer.address)
    reg = deploy(deployer, roles, wage_token=token.address)
    reg.registerEmployer(b"\x01" * 32, sender=employer)
    day = int(reg.minimumWageEntry(0).effectiveDay)
    terms = Terms(employer.address, worker.address, b"\x02" * 32, 10_030, 600, day)
    domain = domain_of(reg, chain.chain_id)
    sigs = [sign_contract(a, domain, terms, 1, 1, FAR_DEADLINE) for a in (employer, worker)]
    reg.activate(terms.as_tuple(), 1, FAR_DEADLINE, *sigs, sender=relayer)
    agreement = agreement_id(employer.address, worker.address, 1)
    token.approve(reg, 10**20, sender=employer)
    reg.payWage(agreement, day, day, 1000, REF, sender=employer)
    assert token.balanceOf(worker) == 1000
    assert reg.wagePaymentCount(agreement) == 1


# ---------------------------------------------------------------- career summary


def test_career_summary__two_employers__verified_totals(
    registry, activate, travel, employer, other_employer, worker, start_day
):
    first, _, _ = activate(nonce=1)
    second, _, _ = activate(nonce=2, employer_=other_employer, start_day=start_day + 1)
    third, _, _ = activate(nonce=3)
    travel(5)
    registry.recordShifts(first, [(start_day, 240), (start_day + 1, 180)], sender=employer)
    registry.confirmShifts(first, [0, 1], sender=worker)
    registry.recordShifts(second, [(start_day + 2, 300)], sender=other_employer)
    registry.confirmShifts(second, [0], sender=worker)
    registry.terminate(third, 1, sender=worker)
    ids = sorted([first, second, third])
    summary = registry.careerSummary(worker, ids)
    assert summary.agreements == 3
    assert summary.activeAgreements == 2
    assert summary.employers == 2
    assert summary.confirmedMinutes == 720
    assert summary.firstDay == start_day


def test_career_summary__unsorted_ids__reverts(registry, activate, worker):
    a, _, _ = activate(nonce=1)
    b, _, _ = activate(nonce=2)
    ids = sorted([a, b], reverse=True)
    with ape.reverts(registry.CareerIdsNotAscending, index=1):
        registry.careerSummary(worker, ids)
    with ape.reverts(registry.CareerIdsNotAscending, index=1):
        registry.careerSummary(worker, [a, a])


def test_career_summary__someone_elses_agreement__reverts(registry, activate, other_worker):
    agreement, _, _ = activate()
    with ape.reverts(
        registry.NotWorkersAgreement, agreementId=agreement, worker=other_worker.address
    ):
        registry.careerSummary(other_worker, [agreement])


def test_career_summary__proposal_only__reverts(registry, make_terms, employer, worker):
    from civic.labor import agreement_id

    terms = make_terms()
    registry.propose(terms.as_tuple(), 6, sender=employer)
    agreement = agreement_id(terms.employer, terms.worker, 6)
    with ape.reverts(registry.NotWorkersAgreement, agreementId=agreement, worker=worker.address):
        registry.careerSummary(worker, [agreement])


def test_career_summary__cancelled_offer__reverts(registry, make_terms, employer, worker):
    """A proposal cancelled before acceptance keeps its terms but is no agreement of the
    worker's."""
    from civic.labor import agreement_id

    terms = make_terms()
    registry.propose(terms.as_tuple(), 7, sender=employer)
    registry.cancelOffer(employer, worker, 7, sender=worker)
    agreement = agreement_id(terms.employer, terms.worker, 7)
    with ape.reverts(registry.NotWorkersAgreement, agreementId=agreement, worker=worker.address):
        registry.careerSummary(worker, [agreement])


def test_career_summary__first_days_out_of_id_order__earliest_day(
    registry, activate, employer, worker, start_day
):
    """The career's first day is the earliest agreement's wherever it sits in the ascending
    id list: the first id starts last, the second first, the third in between."""
    from civic.labor import agreement_id

    nonces = sorted(range(11, 14), key=lambda n: agreement_id(employer.address, worker.address, n))
    ids = []
    for nonce, offset in zip(nonces, (2, 0, 1), strict=True):
        agreement, _, _ = activate(nonce=nonce, start_day=start_day + offset)
        ids.append(agreement)
    assert ids == sorted(ids)
    assert registry.careerSummary(worker, ids).firstDay == start_day


def test_career_summary__empty__zeros(registry, worker):
    summary = registry.careerSummary(worker, [])
    assert (summary.agreements, summary.employers, summary.confirmedMinutes) == (0, 0, 0)


def test_record_shifts__batches_across_packed_words__each_shift_intact(
    registry, week_agreement, employer, worker
):
    """Shifts are packed five to a storage word: batches that start mid-word and reviews that
    touch one shift of a word must leave every neighbour as it was."""
    agreement, days = week_agreement
    first = [(days[i], 61 + i) for i in range(3)]
    second = [(days[i % 7], 300 + i) for i in range(9)]
    registry.recordShifts(agreement, first, sender=employer)
    registry.recordShifts(agreement, second, sender=employer)
    expected = [[d, m, ShiftStatus.RECORDED] for d, m in first + second]
    registry.confirmShifts(agreement, [9, 0, 5], sender=worker)
    registry.disputeShifts(agreement, [4, 10], 3, sender=worker)
    for i in (9, 0, 5):
        expected[i][2] = ShiftStatus.CONFIRMED
    for i in (4, 10):
        expected[i][2] = ShiftStatus.DISPUTED
    got = [list(registry.shift(agreement, i)) for i in range(12)]
    assert [[int(d), int(m), int(s)] for d, m, s in got] == expected
    assert registry.shift(agreement, 12).status == ShiftStatus.NONE
    assert registry.confirmedMinutes(agreement) == expected[9][1] + expected[0][1] + expected[5][1]


def test_shift_range__clipped_to_recorded__matches_single_getter(
    registry, week_agreement, employer
):
    agreement, days = week_agreement
    registry.recordShifts(agreement, [(d, 100 + i) for i, d in enumerate(days)], sender=employer)
    page = registry.shiftRange(agreement, 2, 100)
    assert len(page) == 5
    assert [tuple(int(x) for x in s) for s in page] == [
        tuple(int(x) for x in registry.shift(agreement, i)) for i in range(2, 7)
    ]
    assert len(registry.shiftRange(agreement, 7, 3)) == 0
    assert len(registry.shiftRange(agreement, 50, 2**255)) == 0
