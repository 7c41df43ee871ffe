"""The rate owed per shift and week (minimum wage by the day of work), employer
verification by a role, and the order of checks of the agreement calls."""

import ape
from labor_constants import BUSINESS, FAR_DEADLINE, MINIMUM_WAGE

from civic.labor import AgreementStatus, Insurance, agreement_id, week_of

REF = b"\x7e" * 32
RAISED = 10_530


def _owed(minutes, rate):
    return -(-minutes * rate // 60)


# ---------------------------------------------------------------- rate owed (minimum wage)


def test_schedule_minimum_wage__past_day_after_last_entry__reverts_retroactive(
    registry, travel, labor_authority, start_day
):
    """A day already past is refused even when it lies after the newest entry's day."""
    travel(5)
    today = int(registry.today())
    assert today - 1 > start_day
    with ape.reverts(registry.MinimumWageRetroactive, effectiveDay=today - 1, today=today):
        registry.scheduleMinimumWage(today - 1, RAISED, sender=labor_authority)


def test_confirm_shift__below_minimum__pays_minimum(
    registry, activate, travel, labor_authority, employer, worker
):
    today = int(registry.today())
    agreement, _, _ = activate(start_day=today + 30)
    registry.scheduleMinimumWage(today + 10, RAISED, sender=labor_authority)
    # no minimum in force yet on the deployment day
    assert registry.wageBelowCurrentMinimum(agreement) == (False, MINIMUM_WAGE, 0)
    travel(31)
    day = today + 30
    registry.recordShifts(agreement, [(day, 240), (day + 1, 95)], sender=employer)
    registry.confirmShifts(agreement, [0, 1], sender=worker)
    assert registry.shiftPay(agreement, 0) == (RAISED, _owed(240, RAISED))
    assert registry.shiftPay(agreement, 1) == (RAISED, _owed(95, RAISED))
    week = week_of(day)
    expected = _owed(240 + 95, RAISED) if week_of(day + 1) == week else _owed(240, RAISED)
    assert registry.weeklyOwedWage(agreement, week) == expected
    assert registry.owedWage(agreement, day, day + 1) == _owed(335, RAISED)
    assert registry.wageBelowCurrentMinimum(agreement) == (True, MINIMUM_WAGE, RAISED)
    # the agreement itself is unchanged: the authority's schedule needs no consent
    assert registry.agreement(agreement).terms.hourlyWage == MINIMUM_WAGE
    assert registry.agreement(agreement).status == AgreementStatus.ACTIVE


def test_shift_pay__agreed_above_minimum__pays_agreed(registry, active, employer, worker):
    agreement, terms = active
    registry.recordShifts(agreement, [(terms.start_day, 60)], sender=employer)
    assert registry.shiftPay(agreement, 0) == (MINIMUM_WAGE, 0)  # recorded: nothing owed yet
    registry.confirmShifts(agreement, [0], sender=worker)
    assert registry.shiftPay(agreement, 0) == (MINIMUM_WAGE, MINIMUM_WAGE)


def test_shift_pay__days_before_and_after_raise__each_days_rate(
    registry, activate, travel, labor_authority, employer, worker, start_day
):
    agreement, _, _ = activate(hourly_wage=10_300)
    registry.scheduleMinimumWage(start_day + 3, RAISED, sender=labor_authority)
    travel(10)
    registry.recordShifts(agreement, [(start_day + 2, 60), (start_day + 3, 60)], sender=employer)
    registry.confirmShifts(agreement, [0, 1], sender=worker)
    assert registry.shiftPay(agreement, 0) == (10_300, 10_300)
    assert registry.shiftPay(agreement, 1) == (RAISED, RAISED)
    assert registry.owedWage(agreement, start_day, start_day + 9) == 10_300 + RAISED


def test_shift_pay__amended_wage__version_in_force_on_the_day(
    registry, activate, sign_both, travel, employer, worker, relayer, start_day
):
    agreement, terms, _ = activate(nonce=1)
    v2 = terms.amended(hourly_wage=12_000, start_day=start_day + 4)
    sigs = sign_both(v2, 1, version=2, employer=employer, worker=worker)
    registry.amend(v2.as_tuple(), 1, FAR_DEADLINE, *sigs, sender=relayer)
    travel(10)
    registry.recordShifts(agreement, [(start_day + 3, 30), (start_day + 4, 30)], sender=employer)
    registry.confirmShifts(agreement, [0, 1], sender=worker)
    assert registry.shiftPay(agreement, 0) == (MINIMUM_WAGE, _owed(30, MINIMUM_WAGE))
    assert registry.shiftPay(agreement, 1) == (12_000, 6_000)


def test_shift_pay__two_amendments__newest_version_in_force_on_the_day(
    registry, activate, sign_both, travel, employer, worker, relayer, start_day
):
    """With three versions, a day after the third's start pays the third's wage, not the
    second's (whose start also lies before that day)."""
    agreement, terms, _ = activate(nonce=1)
    v2 = terms.amended(hourly_wage=11_000, start_day=start_day + 2)
    registry.amend(
        v2.as_tuple(),
        1,
        FAR_DEADLINE,
        *sign_both(v2, 1, version=2, employer=employer, worker=worker),
        sender=relayer,
    )
    v3 = terms.amended(hourly_wage=12_000, start_day=start_day + 4)
    registry.amend(
        v3.as_tuple(),
        1,
        FAR_DEADLINE,
        *sign_both(v3, 1, version=3, employer=employer, worker=worker),
        sender=relayer,
    )
    travel(10)
    days = [start_day + 1, start_day + 3, start_day + 5]
    registry.recordShifts(agreement, [(day, 60) for day in days], sender=employer)
    registry.confirmShifts(agreement, [0, 1, 2], sender=worker)
    assert registry.shiftPay(agreement, 0) == (MINIMUM_WAGE, MINIMUM_WAGE)
    assert registry.shiftPay(agreement, 1) == (11_000, 11_000)
    assert registry.shiftPay(agreement, 2) == (12_000, 12_000)
    assert registry.owedWage(agreement, days[0], days[2]) == MINIMUM_WAGE + 11_000 + 12_000


def test_weekly_owed_wage__confirmed_only__rounded_up_once(registry, active, employer, worker):
    agreement, terms = active
    day = terms.start_day
    registry.recordShifts(agreement, [(day, 7), (day, 7), (day, 50)], sender=employer)
    registry.confirmShifts(agreement, [0, 1], sender=worker)
    registry.disputeShifts(agreement, [2], 1, sender=worker)
    assert registry.weeklyOwedWage(agreement, week_of(day)) == _owed(14, MINIMUM_WAGE)
    assert registry.weeklyOwedWage(agreement, week_of(day) + 5) == 0


def test_weekly_owed_wage__shifts_in_two_weeks__each_week_alone(registry, active, employer, worker):
    """A week's totals start at its own Monday: a confirmed shift of an earlier week is not
    counted in a later one."""
    agreement, terms = active
    day = terms.start_day
    registry.recordShifts(agreement, [(day, 60), (day + 7, 30)], sender=employer)
    registry.confirmShifts(agreement, [0, 1], sender=worker)
    week = week_of(day)
    assert week_of(day + 7) == week + 1
    assert registry.weeklyOwedWage(agreement, week) == MINIMUM_WAGE
    assert registry.weeklyOwedWage(agreement, week + 1) == _owed(30, MINIMUM_WAGE)
    assert registry.weeklyConfirmedMinutes(agreement, week) == 60
    assert registry.weeklyConfirmedMinutes(agreement, week + 1) == 30


def test_weekly_owed_wage__week_zero_and_weeks_past_any_day__zero(
    registry, active, employer, worker
):
    """Week 0 (it starts before day 0) and weeks after the last uint24 day, up to the
    largest uint256, hold no shift: each reads zero, none reverts."""
    agreement, terms = active
    registry.recordShifts(agreement, [(terms.start_day, 60)], sender=employer)
    registry.confirmShifts(agreement, [0], sender=worker)
    for week in (0, 2**24 - 1, 2**24, 2**256 - 1):
        assert registry.weeklyOwedWage(agreement, week) == 0
        assert registry.weeklyConfirmedMinutes(agreement, week) == 0


def test_shift_pay__disputed__rate_but_nothing_owed(registry, active, employer, worker):
    """Only a confirmed shift is owed; a disputed one shows its rate and owes nothing."""
    agreement, terms = active
    registry.recordShifts(agreement, [(terms.start_day, 60)], sender=employer)
    registry.disputeShifts(agreement, [0], 1, sender=worker)
    assert registry.shiftPay(agreement, 0) == (MINIMUM_WAGE, 0)


def test_shift_pay__never_recorded__reverts(registry, active):
    agreement, _ = active
    with ape.reverts(registry.ShiftNotRecorded, agreementId=agreement, shiftIndex=3, status=0):
        registry.shiftPay(agreement, 3)


def test_record_wage_payment__confirmed_shifts__records_owed(
    registry, active, employer, worker, labor_authority
):
    agreement, terms = active
    day = terms.start_day
    registry.recordShifts(agreement, [(day, 120), (day + 1, 60), (day + 8, 60)], sender=employer)
    registry.confirmShifts(agreement, [0, 1, 2], sender=worker)
    tx = registry.recordWagePayment(agreement, day, day + 6, 30_000, REF, sender=employer)
    [log] = tx.decode_logs(registry.WagePaymentRecorded)
    owed = _owed(180, MINIMUM_WAGE)
    assert tuple(log.payment) == (day, day + 6, False, 30_000, REF, owed)
    assert registry.wagePayment(agreement, 0).owed == owed


def test_wage_below_current_minimum__agreed_equals_minimum__not_flagged(registry, active, travel):
    """A wage exactly at the minimum in force is lawful: not flagged."""
    agreement, terms = active
    travel(max(0, terms.start_day - int(registry.today())))
    assert registry.minimumWageAt(registry.today()) == MINIMUM_WAGE
    assert registry.wageBelowCurrentMinimum(agreement) == (False, MINIMUM_WAGE, MINIMUM_WAGE)


def test_wage_below_current_minimum__not_active__not_flagged(
    registry, make_terms, employer, worker, active, travel
):
    """Only an agreement in force is compared: a proposal or an unknown id is not flagged."""
    _, terms = active
    travel(max(0, terms.start_day - int(registry.today())))
    proposal = make_terms(hourly_wage=MINIMUM_WAGE)
    registry.propose(proposal.as_tuple(), 77, sender=employer)
    proposed = agreement_id(employer.address, worker.address, 77)
    assert registry.agreement(proposed).status == AgreementStatus.PROPOSED
    assert registry.wageBelowCurrentMinimum(proposed) == (False, 0, 0)
    assert registry.wageBelowCurrentMinimum(b"\x42" * 32) == (False, 0, 0)


def test_wage_below_current_minimum__terminated__not_flagged(
    registry, active, travel, labor_authority, employer
):
    agreement, _ = active
    today = int(registry.today())
    registry.scheduleMinimumWage(today + 1, RAISED, sender=labor_authority)
    travel(2)
    assert registry.wageBelowCurrentMinimum(agreement) == (True, MINIMUM_WAGE, RAISED)
    registry.terminate(agreement, 1, sender=employer)
    assert registry.wageBelowCurrentMinimum(agreement) == (False, 0, 0)


def test_career_summary__minimum_raised__owed_at_minimum(
    registry, active, travel, labor_authority, employer, worker
):
    agreement, _ = active
    today = int(registry.today())
    registry.scheduleMinimumWage(today + 1, RAISED, sender=labor_authority)
    travel(2)
    registry.recordShifts(agreement, [(today, 60), (today + 1, 60)], sender=employer)
    registry.confirmShifts(agreement, [0, 1], sender=worker)
    summary = registry.careerSummary(worker, [agreement])
    assert summary.owedWage == MINIMUM_WAGE + RAISED


# ---------------------------------------------------------------- employer verification


def test_verify_employer__business_registry__verified_and_emits(
    registry, other_employer, business_registry
):
    tx = registry.verifyEmployer(other_employer, sender=business_registry)
    [log] = tx.decode_logs(registry.EmployerVerified)
    assert (log.employer, log.businessHash, log.verifier) == (
        other_employer.address,
        b"\xb2" * 32,
        business_registry.address,
    )
    assert registry.isVerifiedEmployer(other_employer)
    assert registry.verifiedEmployerOf(b"\xb2" * 32) == other_employer.address


def test_verify_employer__labor_authority__verified(registry, other_employer, labor_authority):
    registry.verifyEmployer(other_employer, sender=labor_authority)
    assert registry.isVerifiedEmployer(other_employer)


def test_is_verified_employer__zero_address__false(registry, stranger):
    """The zero address has no business hash: it is not verified, though the zero hash's
    holder reads as the zero address, and neither is an unregistered account."""
    zero = "0x" + "00" * 20
    assert registry.verifiedEmployerOf(b"\x00" * 32) == zero
    assert not registry.isVerifiedEmployer(zero)
    assert not registry.isVerifiedEmployer(stranger)


def test_verify_employer__second_address_same_hash__reverts_verified_for_other(
    registry, employer, stranger, business_registry
):
    registry.registerEmployer(BUSINESS, sender=stranger)
    assert not registry.isVerifiedEmployer(stranger)
    with ape.reverts(
        registry.BusinessHashVerifiedForOther, businessHash=BUSINESS, holder=employer.address
    ):
        registry.verifyEmployer(stranger, sender=business_registry)


def test_verify_employer__twice__reverts(registry, employer, business_registry):
    with ape.reverts(registry.EmployerAlreadyVerified, employer=employer.address):
        registry.verifyEmployer(employer, sender=business_registry)


def test_verify_employer__unregistered__reverts(registry, stranger, business_registry):
    with ape.reverts(registry.EmployerNotRegistered, employer=stranger.address):
        registry.verifyEmployer(stranger, sender=business_registry)


def test_verify_employer__caller_without_role__reverts(registry, other_employer, stranger):
    with ape.reverts(registry.NotEmployerVerifier, account=stranger.address):
        registry.verifyEmployer(other_employer, sender=stranger)


def test_verify_employer__verified_by_stranger__reverts_already_verified(
    registry, employer, stranger
):
    with ape.reverts(registry.EmployerAlreadyVerified, employer=employer.address):
        registry.verifyEmployer(employer, sender=stranger)


def test_move_employer_verification__same_hash__moves_and_emits(
    registry, employer, stranger, business_registry
):
    registry.registerEmployer(BUSINESS, sender=stranger)
    tx = registry.moveEmployerVerification(employer, stranger, sender=business_registry)
    [log] = tx.decode_logs(registry.EmployerVerificationMoved)
    assert (log.businessHash, log["from"], log.to, log.verifier) == (
        BUSINESS,
        employer.address,
        stranger.address,
        business_registry.address,
    )
    assert registry.isVerifiedEmployer(stranger)
    assert not registry.isVerifiedEmployer(employer)
    assert registry.verifiedEmployerOf(BUSINESS) == stranger.address


def test_move_employer_verification__other_hash__reverts_mismatch(
    registry, employer, other_employer, business_registry
):
    with ape.reverts(
        registry.BusinessHashMismatch,
        employer=other_employer.address,
        businessHash=b"\xb2" * 32,
        expected=BUSINESS,
    ):
        registry.moveEmployerVerification(employer, other_employer, sender=business_registry)


def test_move_employer_verification__lower_hash__reverts_mismatch(
    registry, employer, stranger, business_registry
):
    """A mismatch is refused whichever way the two hashes order (here below BUSINESS)."""
    lower = b"\x01" * 32
    registry.registerEmployer(lower, sender=stranger)
    with ape.reverts(
        registry.BusinessHashMismatch,
        employer=stranger.address,
        businessHash=lower,
        expected=BUSINESS,
    ):
        registry.moveEmployerVerification(employer, stranger, sender=business_registry)
    assert registry.verifiedEmployerOf(BUSINESS) == employer.address


def test_move_employer_verification__from_unverified__reverts(
    registry, other_employer, employer, business_registry
):
    with ape.reverts(registry.EmployerNotVerified, employer=other_employer.address):
        registry.moveEmployerVerification(other_employer, employer, sender=business_registry)


def test_move_employer_verification__from_zero_address__reverts_not_verified(
    registry, other_employer, business_registry
):
    """The zero address has no business hash, and no hash's holder is the zero address
    (a verification always names its employer): it is reported as not verified."""
    zero = "0x" + "00" * 20
    with ape.reverts(registry.EmployerNotVerified, employer=zero):
        registry.moveEmployerVerification(zero, other_employer, sender=business_registry)


def test_move_employer_verification__to_unregistered__reverts(
    registry, employer, stranger, business_registry
):
    with ape.reverts(registry.EmployerNotRegistered, employer=stranger.address):
        registry.moveEmployerVerification(employer, stranger, sender=business_registry)


def test_move_employer_verification__caller_without_role__reverts(registry, employer, stranger):
    registry.registerEmployer(BUSINESS, sender=stranger)
    with ape.reverts(registry.NotEmployerVerifier, account=stranger.address):
        registry.moveEmployerVerification(employer, stranger, sender=stranger)


def test_career_summary__employer_under_copied_hash__counted_unverified(
    registry, activate, travel, employer, stranger, worker, start_day
):
    registry.registerEmployer(BUSINESS, sender=stranger)  # the same hash as `employer`
    real, _, _ = activate(nonce=1)
    copied, _, _ = activate(nonce=1, employer_=stranger)
    travel(3)
    registry.recordShifts(real, [(start_day, 60)], sender=employer)
    registry.recordShifts(copied, [(start_day, 90)], sender=stranger)
    registry.confirmShifts(real, [0], sender=worker)
    registry.confirmShifts(copied, [0], sender=worker)
    summary = registry.careerSummary(worker, sorted([real, copied]))
    assert (summary.agreements, summary.employers, summary.verifiedAgreements) == (2, 2, 1)
    assert list(summary.verifiedEmployers) == [employer.address]
    assert list(summary.unverifiedEmployers) == [stranger.address]
    assert (summary.confirmedMinutes, summary.verifiedConfirmedMinutes) == (150, 60)


def test_career_summary__verification_moved__old_employer_unverified(
    registry, activate, employer, stranger, worker, business_registry
):
    agreement, _, _ = activate(nonce=1)
    registry.registerEmployer(BUSINESS, sender=stranger)
    registry.moveEmployerVerification(employer, stranger, sender=business_registry)
    summary = registry.careerSummary(worker, [agreement])
    assert summary.verifiedAgreements == 0
    assert list(summary.unverifiedEmployers) == [employer.address]


# ---------------------------------------------------------------- order of checks


def test_amend__earlier_start_before_any_minimum__reverts_starts_earlier(
    registry, activate, sign_both, employer, worker, relayer, start_day
):
    _, terms, _ = activate(nonce=1)
    v2 = terms.amended(start_day=start_day - 1)
    sigs = sign_both(v2, 1, version=2, employer=employer, worker=worker)
    with ape.reverts(
        registry.AmendmentStartsEarlier, startDay=start_day - 1, previousStartDay=start_day
    ):
        registry.amend(v2.as_tuple(), 1, FAR_DEADLINE, *sigs, sender=relayer)


def test_propose__used_id_by_stranger__reverts_id_used(registry, make_terms, employer, stranger):
    terms = make_terms()
    registry.propose(terms.as_tuple(), 5, sender=employer)
    key = agreement_id(terms.employer, terms.worker, 5)
    with ape.reverts(registry.AgreementIdUsed, agreementId=key, status=AgreementStatus.PROPOSED):
        registry.propose(terms.as_tuple(), 5, sender=stranger)


def test_cancel_offer__active_by_stranger__reverts_id_used(
    registry, activate, employer, worker, stranger
):
    agreement, _, _ = activate(nonce=4)
    with ape.reverts(
        registry.AgreementIdUsed, agreementId=agreement, status=AgreementStatus.ACTIVE
    ):
        registry.cancelOffer(employer, worker, 4, sender=stranger)


def test_attest_insurance__wrong_insurer_on_terminated__reverts_not_in_status(
    registry, activate, employer, health_insurer
):
    agreement, _, _ = activate()
    registry.terminate(agreement, 1, sender=employer)
    with ape.reverts(
        registry.AgreementNotInStatus, agreementId=agreement, status=AgreementStatus.TERMINATED
    ):
        registry.attestInsurance(
            agreement, Insurance.NATIONAL_PENSION, True, REF, sender=health_insurer
        )


def test_attest_insurance__wrong_insurer_withdraw_not_enrolled__reverts_transition(
    registry, activate, health_insurer
):
    agreement, _, _ = activate()
    with ape.reverts(
        registry.InsuranceTransitionInvalid,
        agreementId=agreement,
        kind=Insurance.NATIONAL_PENSION,
        current=0,
    ):
        registry.attestInsurance(
            agreement, Insurance.NATIONAL_PENSION, False, REF, sender=health_insurer
        )


def test_register_employer__registered_with_zero_hash__reverts_already_registered(
    registry, employer
):
    with ape.reverts(registry.EmployerAlreadyRegistered, employer=employer.address):
        registry.registerEmployer(b"\x00" * 32, sender=employer)
