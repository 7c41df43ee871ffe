"""Employers, minimum wage schedule, activation (signatures and on-chain), amendments,
termination."""

import ape
import pytest
from labor_constants import BUSINESS, DOC, FAR_DEADLINE, MINIMUM_WAGE, ZERO

from civic.labor import AgreementStatus, Terms, agreement_id, sign_contract
from civic.labor.constants import ROLES

# ---------------------------------------------------------------- employers


def test_register_employer__new__stores_hash_and_emits(registry, stranger):
    tx = registry.registerEmployer(b"\x42" * 32, sender=stranger)
    logs = tx.decode_logs(registry.EmployerRegistered)
    assert len(logs) == 1
    assert logs[0].employer == stranger.address
    assert logs[0].businessHash == b"\x42" * 32
    assert registry.businessHashOf(stranger) == b"\x42" * 32


def test_register_employer__twice__reverts(registry, employer):
    with ape.reverts(registry.EmployerAlreadyRegistered, employer=employer.address):
        registry.registerEmployer(b"\x43" * 32, sender=employer)


def test_register_employer__zero_hash__reverts(registry, stranger):
    with ape.reverts(registry.InvalidBusinessHash):
        registry.registerEmployer(b"\x00" * 32, sender=stranger)


def test_constructor__zero_admin__reverts(project, deployer):
    with ape.reverts(project.LaborRegistry.InvalidAdmin):
        project.LaborRegistry.deploy(ZERO, ZERO, sender=deployer)


# ---------------------------------------------------------------- minimum wage


def test_schedule_minimum_wage__next_entry__appends_and_emits(registry, labor_authority, start_day):
    tx = registry.scheduleMinimumWage(start_day + 365, 10_320, sender=labor_authority)
    logs = tx.decode_logs(registry.MinimumWageScheduled)
    assert len(logs) == 1
    assert (logs[0].index, logs[0].effectiveDay, logs[0].hourlyWage) == (1, start_day + 365, 10_320)
    assert registry.minimumWageScheduleLength() == 2
    assert registry.minimumWageAt(start_day) == MINIMUM_WAGE
    assert registry.minimumWageAt(start_day + 364) == MINIMUM_WAGE
    assert registry.minimumWageAt(start_day + 365) == 10_320


def test_schedule_minimum_wage__stranger__reverts(registry, stranger, start_day):
    with ape.reverts(
        registry.AccessControlUnauthorizedAccount,
        account=stranger.address,
        neededRole=ROLES["labor_authority"],
    ):
        registry.scheduleMinimumWage(start_day + 10, 10_320, sender=stranger)


def test_schedule_minimum_wage__today__reverts(registry, labor_authority):
    today = registry.today()
    with ape.reverts(registry.MinimumWageRetroactive, effectiveDay=today, today=today):
        registry.scheduleMinimumWage(today, 10_320, sender=labor_authority)


def test_schedule_minimum_wage__not_after_last__reverts(registry, labor_authority, start_day):
    with ape.reverts(
        registry.MinimumWageNotIncreasingDay, effectiveDay=start_day, lastEffectiveDay=start_day
    ):
        registry.scheduleMinimumWage(start_day, 10_320, sender=labor_authority)


def test_schedule_minimum_wage__day_before_newest_entry__reverts_not_increasing(
    registry, labor_authority
):
    """A future day earlier than the newest entry's day is refused by the schedule's own
    rule (not left to the checkpoint library), and the schedule is unchanged."""
    length = registry.minimumWageScheduleLength()
    newest = int(registry.minimumWageEntry(length - 1).effectiveDay)
    last = max(newest, int(registry.today())) + 30
    registry.scheduleMinimumWage(last, 10_320, sender=labor_authority)
    with ape.reverts(
        registry.MinimumWageNotIncreasingDay, effectiveDay=last - 1, lastEffectiveDay=last
    ):
        registry.scheduleMinimumWage(last - 1, 10_500, sender=labor_authority)
    assert registry.minimumWageScheduleLength() == length + 1


def test_schedule_minimum_wage__zero__reverts(registry, labor_authority, start_day):
    with ape.reverts(registry.InvalidMinimumWage, hourlyWage=0):
        registry.scheduleMinimumWage(start_day + 5, 0, sender=labor_authority)


def test_minimum_wage_at__before_schedule__reverts(registry, start_day):
    with ape.reverts(registry.NoMinimumWageInForce, day=start_day - 1):
        registry.minimumWageAt(start_day - 1)


# ---------------------------------------------------------------- activation by signatures


def test_activate__two_eoa_signatures__active_and_emits(registry, activate, employer, worker):
    agreement, terms, tx = activate(nonce=7)
    logs = tx.decode_logs(registry.AgreementActivated)
    assert len(logs) == 1
    assert logs[0].agreementId == agreement
    assert logs[0].nonce == 7
    assert Terms.from_chain(logs[0].terms) == terms
    view = registry.agreement(agreement)
    assert view.status == AgreementStatus.ACTIVE
    assert view.version == 1
    assert view.firstDay == terms.start_day
    assert Terms.from_chain(view.terms) == terms.stored()
    assert Terms.from_chain(registry.agreementVersion(agreement, 1)) == terms.stored()
    assert registry.agreementIdOf(employer, worker, 7) == agreement


def test_activate__worker_is_erc1271_wallet__active(project, registry, activate, deployer, worker):
    wallet = project.MockERC1271Wallet.deploy(worker, sender=deployer)
    agreement, _, _ = activate(worker_=wallet.address, worker_signer=worker)
    assert registry.agreement(agreement).status == AgreementStatus.ACTIVE
    assert registry.agreement(agreement).terms.worker == wallet.address


def test_activate__erc1271_wallet_wrong_owner__reverts(
    project, registry, make_terms, sign_both, deployer, employer, worker, stranger, relayer
):
    wallet = project.MockERC1271Wallet.deploy(worker, sender=deployer)
    terms = make_terms(worker_=wallet.address)
    emp_sig, bad_sig = sign_both(terms, 1, employer=employer, worker=stranger)
    with ape.reverts(registry.InvalidSignature, signer=wallet.address):
        registry.activate(terms.as_tuple(), 1, FAR_DEADLINE, emp_sig, bad_sig, sender=relayer)


def test_activate__replayed__reverts(
    registry, activate, make_terms, sign_both, employer, worker, relayer
):
    agreement, terms, _ = activate(nonce=3)
    emp_sig, wrk_sig = sign_both(terms, 3, employer=employer, worker=worker)
    with ape.reverts(
        registry.AgreementIdUsed, agreementId=agreement, status=AgreementStatus.ACTIVE
    ):
        registry.activate(terms.as_tuple(), 3, FAR_DEADLINE, emp_sig, wrk_sig, sender=relayer)


def test_activate__expired_deadline__reverts(
    registry, chain, make_terms, domain, employer, worker, relayer
):
    terms = make_terms()
    deadline = chain.pending_timestamp - 1
    emp_sig = sign_contract(employer, domain, terms, 1, 1, deadline)
    wrk_sig = sign_contract(worker, domain, terms, 1, 1, deadline)
    chain.pending_timestamp += 10
    with ape.reverts(registry.SignatureExpired, deadline=deadline):
        registry.activate(terms.as_tuple(), 1, deadline, emp_sig, wrk_sig, sender=relayer)


def test_activate__at_deadline_second__activates(
    registry, chain, make_terms, domain, employer, worker, relayer
):
    """A signature's deadline is the last second it is accepted (inclusive)."""
    terms = make_terms()
    deadline = chain.pending_timestamp + 60
    emp_sig = sign_contract(employer, domain, terms, 1, 1, deadline)
    wrk_sig = sign_contract(worker, domain, terms, 1, 1, deadline)
    chain.pending_timestamp = deadline
    tx = registry.activate(terms.as_tuple(), 1, deadline, emp_sig, wrk_sig, sender=relayer)
    assert tx.timestamp == deadline
    agreement = agreement_id(terms.employer, terms.worker, 1)
    assert registry.agreement(agreement).status == AgreementStatus.ACTIVE


def test_activate__worker_signature_by_stranger__reverts(
    registry, make_terms, sign_both, employer, stranger, worker, relayer
):
    terms = make_terms()
    emp_sig, bad_sig = sign_both(terms, 1, employer=employer, worker=stranger)
    with ape.reverts(registry.InvalidSignature, signer=worker.address):
        registry.activate(terms.as_tuple(), 1, FAR_DEADLINE, emp_sig, bad_sig, sender=relayer)


def test_activate__employer_signature_missing__reverts(
    registry, make_terms, sign_both, employer, worker, relayer
):
    terms = make_terms()
    _, wrk_sig = sign_both(terms, 1, employer=employer, worker=worker)
    with ape.reverts(registry.InvalidSignature, signer=employer.address):
        registry.activate(terms.as_tuple(), 1, FAR_DEADLINE, wrk_sig, wrk_sig, sender=relayer)


def test_activate__signed_other_nonce__reverts(
    registry, make_terms, sign_both, employer, worker, relayer
):
    terms = make_terms()
    emp_sig, wrk_sig = sign_both(terms, 1, employer=employer, worker=worker)
    with ape.reverts(registry.InvalidSignature, signer=employer.address):
        registry.activate(terms.as_tuple(), 2, FAR_DEADLINE, emp_sig, wrk_sig, sender=relayer)


def test_activate__wage_below_minimum__reverts(
    registry, make_terms, sign_both, employer, worker, relayer, start_day
):
    terms = make_terms(hourly_wage=MINIMUM_WAGE - 1)
    emp_sig, wrk_sig = sign_both(terms, 1, employer=employer, worker=worker)
    with ape.reverts(
        registry.WageBelowMinimum,
        hourlyWage=MINIMUM_WAGE - 1,
        minimumWage=MINIMUM_WAGE,
        day=start_day,
    ):
        registry.activate(terms.as_tuple(), 1, FAR_DEADLINE, emp_sig, wrk_sig, sender=relayer)


def test_activate__rate_of_start_day_applies__later_rate_binds_later_start(
    registry, activate, labor_authority, start_day
):
    registry.scheduleMinimumWage(start_day + 30, 10_320, sender=labor_authority)
    activate(nonce=1, hourly_wage=MINIMUM_WAGE, start_day=start_day + 29)
    with ape.reverts(
        registry.WageBelowMinimum, hourlyWage=MINIMUM_WAGE, minimumWage=10_320, day=start_day + 30
    ):
        activate(nonce=2, hourly_wage=MINIMUM_WAGE, start_day=start_day + 30)
    agreement, _, _ = activate(nonce=3, hourly_wage=10_320, start_day=start_day + 30)
    assert registry.agreement(agreement).status == AgreementStatus.ACTIVE


def test_activate__start_before_any_minimum__reverts(registry, activate, start_day):
    with ape.reverts(registry.NoMinimumWageInForce, day=start_day - 1):
        activate(start_day=start_day - 1)


@pytest.mark.parametrize("minutes", [0, 52 * 60 + 1])
def test_activate__weekly_minutes_out_of_range__reverts(registry, activate, minutes):
    with ape.reverts(registry.InvalidWeeklyMinutes, weeklyMinutes=minutes):
        activate(weekly_minutes=minutes)


def test_activate__end_before_start__reverts(registry, activate, start_day):
    with ape.reverts(registry.InvalidContractPeriod, startDay=start_day + 5, endDay=start_day + 4):
        activate(start_day=start_day + 5, end_day=start_day + 4)


def test_activate__zero_document_hash__reverts(registry, activate):
    with ape.reverts(registry.InvalidDocumentHash):
        activate(document_hash=b"\x00" * 32)


def test_activate__unregistered_employer__reverts(registry, activate, stranger):
    with ape.reverts(registry.EmployerNotRegistered, employer=stranger.address):
        activate(employer_=stranger)


def test_activate__worker_is_employer__reverts(registry, activate, employer):
    with ape.reverts(registry.InvalidWorker, worker=employer.address):
        activate(worker_=employer)


def test_activate__zero_worker__reverts(registry, make_terms, sign_both, employer, worker, relayer):
    terms = make_terms(worker_=ZERO)
    emp_sig, wrk_sig = sign_both(terms, 1, employer=employer, worker=worker)
    with ape.reverts(registry.InvalidWorker, worker=ZERO):
        registry.activate(terms.as_tuple(), 1, FAR_DEADLINE, emp_sig, wrk_sig, sender=relayer)


def test_contract_digest__matches_python_eip712(registry, make_terms, domain):
    from civic.eip712 import digest
    from civic.labor.payloads import CONTRACT_TYPES

    terms = make_terms()
    expected = digest(domain, "LaborContract", CONTRACT_TYPES, terms.message(9, 2, 1234))
    assert registry.contractDigest(terms.as_tuple(), 9, 2, 1234) == expected


# ---------------------------------------------------------------- propose / accept / cancel


def test_propose__by_employer__proposed_and_emits(registry, make_terms, employer):
    terms = make_terms()
    tx = registry.propose(terms.as_tuple(), 5, sender=employer)
    agreement = agreement_id(terms.employer, terms.worker, 5)
    logs = tx.decode_logs(registry.AgreementProposed)
    assert len(logs) == 1
    assert logs[0].agreementId == agreement
    assert Terms.from_chain(logs[0].terms) == terms
    assert registry.agreement(agreement).status == AgreementStatus.PROPOSED


def test_propose__by_stranger__reverts(registry, make_terms, stranger):
    terms = make_terms()
    agreement = agreement_id(terms.employer, terms.worker, 5)
    with ape.reverts(registry.NotEmployer, agreementId=agreement, account=stranger.address):
        registry.propose(terms.as_tuple(), 5, sender=stranger)


def test_propose__same_nonce_twice__reverts_id_used(registry, make_terms, employer):
    terms = make_terms()
    registry.propose(terms.as_tuple(), 5, sender=employer)
    agreement = agreement_id(terms.employer, terms.worker, 5)
    with ape.reverts(
        registry.AgreementIdUsed, agreementId=agreement, status=AgreementStatus.PROPOSED
    ):
        registry.propose(terms.as_tuple(), 5, sender=employer)


def test_propose__invalid_terms__reverts(registry, make_terms, employer, start_day):
    with ape.reverts(registry.InvalidWeeklyMinutes, weeklyMinutes=0):
        registry.propose(make_terms(weekly_minutes=0).as_tuple(), 5, sender=employer)
    with ape.reverts(registry.InvalidContractPeriod, startDay=start_day + 5, endDay=start_day):
        terms = make_terms(start_day=start_day + 5, end_day=start_day)
        registry.propose(terms.as_tuple(), 5, sender=employer)


def test_accept__by_worker__active_and_emits(registry, make_terms, employer, worker):
    terms = make_terms()
    registry.propose(terms.as_tuple(), 5, sender=employer)
    tx = registry.accept(employer, 5, sender=worker)
    agreement = agreement_id(terms.employer, terms.worker, 5)
    logs = tx.decode_logs(registry.AgreementActivated)
    assert len(logs) == 1
    assert logs[0].agreementId == agreement
    assert logs[0].nonce == 5
    assert Terms.from_chain(logs[0].terms) == terms
    assert registry.agreement(agreement).status == AgreementStatus.ACTIVE


def test_accept__by_other_account__reverts(registry, make_terms, employer, stranger):
    registry.propose(make_terms().as_tuple(), 5, sender=employer)
    other = agreement_id(employer.address, stranger.address, 5)
    with ape.reverts(registry.AgreementNotInStatus, agreementId=other, status=AgreementStatus.NONE):
        registry.accept(employer, 5, sender=stranger)


def test_accept__minimum_raised_before_acceptance__reverts(
    registry, make_terms, employer, worker, labor_authority, start_day
):
    terms = make_terms(start_day=start_day + 40)
    registry.propose(terms.as_tuple(), 5, sender=employer)
    registry.scheduleMinimumWage(start_day + 40, 10_320, sender=labor_authority)
    with ape.reverts(
        registry.WageBelowMinimum, hourlyWage=MINIMUM_WAGE, minimumWage=10_320, day=start_day + 40
    ):
        registry.accept(employer, 5, sender=worker)


def test_accept__twice__reverts(registry, make_terms, employer, worker):
    terms = make_terms()
    registry.propose(terms.as_tuple(), 5, sender=employer)
    registry.accept(employer, 5, sender=worker)
    agreement = agreement_id(terms.employer, terms.worker, 5)
    with ape.reverts(
        registry.AgreementNotInStatus, agreementId=agreement, status=AgreementStatus.ACTIVE
    ):
        registry.accept(employer, 5, sender=worker)


def test_cancel_offer__unused_nonce_by_worker__burns_signatures(
    registry, make_terms, sign_both, employer, worker, relayer
):
    terms = make_terms()
    emp_sig, wrk_sig = sign_both(terms, 4, employer=employer, worker=worker)
    tx = registry.cancelOffer(employer, worker, 4, sender=worker)
    agreement = agreement_id(terms.employer, terms.worker, 4)
    logs = tx.decode_logs(registry.OfferCancelled)
    assert len(logs) == 1
    assert (logs[0].agreementId, logs[0].employer, logs[0].worker, logs[0].by) == (
        agreement,
        employer.address,
        worker.address,
        worker.address,
    )
    with ape.reverts(
        registry.AgreementIdUsed, agreementId=agreement, status=AgreementStatus.CANCELLED
    ):
        registry.activate(terms.as_tuple(), 4, FAR_DEADLINE, emp_sig, wrk_sig, sender=relayer)
    view = registry.agreement(agreement)  # the id names its employer even with no terms
    assert view.status == AgreementStatus.CANCELLED
    assert (view.version, view.terms.employer) == (0, employer.address)


def test_cancel_offer__proposal_declined__cancelled(registry, make_terms, employer, worker):
    terms = make_terms()
    registry.propose(terms.as_tuple(), 5, sender=employer)
    registry.cancelOffer(employer, worker, 5, sender=worker)
    agreement = agreement_id(terms.employer, terms.worker, 5)
    assert registry.agreement(agreement).status == AgreementStatus.CANCELLED


def test_cancel_offer__stranger__reverts(registry, employer, worker, stranger):
    agreement = agreement_id(employer.address, worker.address, 4)
    with ape.reverts(registry.NotAgreementParty, agreementId=agreement, account=stranger.address):
        registry.cancelOffer(employer, worker, 4, sender=stranger)


def test_cancel_offer__active__reverts(registry, activate, employer, worker):
    agreement, _, _ = activate(nonce=4)
    with ape.reverts(
        registry.AgreementIdUsed, agreementId=agreement, status=AgreementStatus.ACTIVE
    ):
        registry.cancelOffer(employer, worker, 4, sender=employer)


# ---------------------------------------------------------------- amendments


def test_amend__both_sign__new_version_keeps_history(
    registry, activate, sign_both, employer, worker, relayer, start_day
):
    agreement, terms, _ = activate(nonce=1)
    v2 = terms.amended(hourly_wage=11_000, document_hash=DOC[::-1] + b"", start_day=start_day + 7)
    emp_sig, wrk_sig = sign_both(v2, 1, version=2, employer=employer, worker=worker)
    tx = registry.amend(v2.as_tuple(), 1, FAR_DEADLINE, emp_sig, wrk_sig, sender=relayer)
    logs = tx.decode_logs(registry.AgreementAmended)
    assert len(logs) == 1
    assert (logs[0].agreementId, logs[0].version) == (agreement, 2)
    assert Terms.from_chain(logs[0].terms) == v2
    view = registry.agreement(agreement)
    assert view.version == 2
    assert view.firstDay == terms.start_day
    assert Terms.from_chain(view.terms) == v2.stored()
    assert Terms.from_chain(registry.agreementVersion(agreement, 1)) == terms.stored()
    assert Terms.from_chain(registry.agreementVersion(agreement, 2)) == v2.stored()
    assert Terms.from_chain(registry.agreementVersion(agreement, 3)).employer == ZERO


def test_amend__replayed__reverts(registry, activate, sign_both, employer, worker, relayer):
    _, terms, _ = activate(nonce=1)
    v2 = terms.amended(hourly_wage=11_000)
    emp_sig, wrk_sig = sign_both(v2, 1, version=2, employer=employer, worker=worker)
    registry.amend(v2.as_tuple(), 1, FAR_DEADLINE, emp_sig, wrk_sig, sender=relayer)
    with ape.reverts(registry.InvalidSignature, signer=employer.address):
        registry.amend(v2.as_tuple(), 1, FAR_DEADLINE, emp_sig, wrk_sig, sender=relayer)


def test_amend__only_employer_signed__reverts(
    registry, activate, sign_both, employer, worker, relayer
):
    _, terms, _ = activate(nonce=1)
    v2 = terms.amended(hourly_wage=11_000)
    emp_sig, _ = sign_both(v2, 1, version=2, employer=employer, worker=worker)
    with ape.reverts(registry.InvalidSignature, signer=worker.address):
        registry.amend(v2.as_tuple(), 1, FAR_DEADLINE, emp_sig, emp_sig, sender=relayer)


def test_amend__starts_before_previous__reverts(
    registry, activate, sign_both, employer, worker, relayer, start_day
):
    _, terms, _ = activate(nonce=1, start_day=start_day + 3)
    v2 = terms.amended(start_day=start_day + 2)
    emp_sig, wrk_sig = sign_both(v2, 1, version=2, employer=employer, worker=worker)
    with ape.reverts(
        registry.AmendmentStartsEarlier, startDay=start_day + 2, previousStartDay=start_day + 3
    ):
        registry.amend(v2.as_tuple(), 1, FAR_DEADLINE, emp_sig, wrk_sig, sender=relayer)


def test_amend__below_minimum__reverts(registry, activate, sign_both, employer, worker, relayer):
    _, terms, _ = activate(nonce=1)
    v2 = terms.amended(hourly_wage=9_000)
    emp_sig, wrk_sig = sign_both(v2, 1, version=2, employer=employer, worker=worker)
    with ape.reverts(
        registry.WageBelowMinimum, hourlyWage=9_000, minimumWage=MINIMUM_WAGE, day=terms.start_day
    ):
        registry.amend(v2.as_tuple(), 1, FAR_DEADLINE, emp_sig, wrk_sig, sender=relayer)


def test_amend__terminated__reverts(registry, activate, sign_both, employer, worker, relayer):
    agreement, terms, _ = activate(nonce=1)
    registry.terminate(agreement, 2, sender=worker)
    v2 = terms.amended(hourly_wage=11_000)
    emp_sig, wrk_sig = sign_both(v2, 1, version=2, employer=employer, worker=worker)
    with ape.reverts(
        registry.AgreementNotInStatus, agreementId=agreement, status=AgreementStatus.TERMINATED
    ):
        registry.amend(v2.as_tuple(), 1, FAR_DEADLINE, emp_sig, wrk_sig, sender=relayer)


# ---------------------------------------------------------------- termination


@pytest.mark.parametrize("side", ["employer", "worker"])
def test_terminate__by_either_party__terminated_with_reason(
    registry, activate, employer, worker, side
):
    agreement, _, _ = activate()
    by = employer if side == "employer" else worker
    tx = registry.terminate(agreement, 3, sender=by)
    logs = tx.decode_logs(registry.AgreementTerminated)
    today = registry.today()
    assert len(logs) == 1
    assert (logs[0].agreementId, logs[0].by, logs[0].reasonCode, logs[0].endedDay) == (
        agreement,
        by.address,
        3,
        today,
    )
    view = registry.agreement(agreement)
    assert (view.status, view.terminationReason, view.endedDay) == (
        AgreementStatus.TERMINATED,
        3,
        today,
    )


def test_terminate__stranger__reverts(registry, activate, stranger):
    agreement, _, _ = activate()
    with ape.reverts(registry.NotAgreementParty, agreementId=agreement, account=stranger.address):
        registry.terminate(agreement, 3, sender=stranger)


def test_terminate__zero_reason__reverts(registry, activate, employer):
    agreement, _, _ = activate()
    with ape.reverts(registry.InvalidReasonCode, reasonCode=0):
        registry.terminate(agreement, 0, sender=employer)


def test_terminate__twice__reverts(registry, activate, employer):
    agreement, _, _ = activate()
    registry.terminate(agreement, 1, sender=employer)
    with ape.reverts(
        registry.AgreementNotInStatus, agreementId=agreement, status=AgreementStatus.TERMINATED
    ):
        registry.terminate(agreement, 1, sender=employer)


def test_business_hash_of__registered__returns_hash(registry, employer):
    assert registry.businessHashOf(employer) == BUSINESS
