"""Unit tests of NWToken: every external function, every revert, the events."""

import ape
import pytest
from eth_utils import to_checksum_address

from civic.nw import (
    ISSUER_ROLE,
    MERCHANT_MANAGER_ROLE,
    PAUSER_ROLE,
    PERIOD_SECONDS,
    MerchantStatus,
    SpendingPolicy,
    reference,
    sign_permit,
)

ZERO = "0x0000000000000000000000000000000000000000"
ZERO32 = b"\x00" * 32
BRN = reference("brn", "shop-1")


# ---------------------------------------------------------------- deployment


def test_constructor__sets_metadata_and_admin(nw, nw_admin):
    assert nw.name() == "Nowon Won"
    assert nw.symbol() == "NW"
    assert nw.decimals() == 0
    assert nw.hasRole(nw.DEFAULT_ADMIN_ROLE(), nw_admin)
    assert nw.periodDuration() == PERIOD_SECONDS
    assert nw.currentPeriod() == 0
    assert nw.spendingPolicy() == SpendingPolicy.MERCHANTS_ONLY
    assert not nw.isSealed()
    assert nw.ISSUER_ROLE() == ISSUER_ROLE
    assert nw.MERCHANT_MANAGER_ROLE() == MERCHANT_MANAGER_ROLE
    assert nw.PAUSER_ROLE() == PAUSER_ROLE


def test_constructor__zero_admin__reverts(project, nw_admin):
    with ape.reverts(project.NWToken.ZeroAddress):
        nw_admin.deploy(project.NWToken, ZERO, PERIOD_SECONDS)


def test_constructor__zero_period__reverts(project, nw_admin):
    with ape.reverts(project.NWToken.ZeroAmount):
        nw_admin.deploy(project.NWToken, nw_admin, 0)


# ---------------------------------------------------------------- issue


def test_issue__within_budget__mints_and_records_activity(nw, issuer, resident):
    ref = reference("volunteer", "park-cleanup-2026-11-21-17")
    tx = nw.issue(resident, 12_000, ref, 120, sender=issuer)
    assert nw.balanceOf(resident) == 12_000
    assert nw.totalSupply() == nw.totalIssued() == 12_000
    assert nw.activityRewarded(ref)
    assert nw.remainingBudget(issuer) == 1_000_000 - 12_000
    [event] = tx.decode_logs(nw.Issued)
    assert event.issuer == issuer
    assert event.resident == resident
    assert event.amount == 12_000
    assert event.activityRef == ref
    assert event.volunteerMinutes == 120
    assert event.period == 0


def test_issue__not_issuer__reverts(nw, stranger, resident):
    with ape.reverts(nw.AccessControlUnauthorizedAccount, account=stranger, neededRole=ISSUER_ROLE):
        nw.issue(resident, 1, reference("v", "x"), 1, sender=stranger)


def test_issue__zero_resident__reverts(nw, issuer):
    with ape.reverts(nw.ZeroAddress):
        nw.issue(ZERO, 1, reference("v", "x"), 1, sender=issuer)


def test_issue__zero_amount__reverts(nw, issuer, resident):
    with ape.reverts(nw.ZeroAmount):
        nw.issue(resident, 0, reference("v", "x"), 1, sender=issuer)


def test_issue__empty_activity_ref__reverts(nw, issuer, resident):
    with ape.reverts(nw.EmptyReference):
        nw.issue(resident, 1, ZERO32, 1, sender=issuer)


def test_issue__same_activity_twice__reverts(nw, issuer, issuer2, resident):
    ref = reference("volunteer", "once")
    nw.issue(resident, 10, ref, 30, sender=issuer)
    with ape.reverts(nw.ActivityAlreadyRewarded, activityRef=ref):
        nw.issue(resident, 10, ref, 30, sender=issuer2)
    assert nw.balanceOf(resident) == 10


def test_issue__over_budget__reverts_with_remaining(nw, issuer, resident):
    nw.issue(resident, 999_000, reference("v", "a"), 1, sender=issuer)
    with ape.reverts(
        nw.IssuerBudgetExceeded, issuer=issuer, period=0, requested=1_001, remaining=1_000
    ):
        nw.issue(resident, 1_001, reference("v", "b"), 1, sender=issuer)
    nw.issue(resident, 1_000, reference("v", "c"), 1, sender=issuer)
    assert nw.remainingBudget(issuer) == 0


def test_issue__without_budget__reverts(nw, nw_admin, stranger, resident):
    nw.grantRole(ISSUER_ROLE, stranger, sender=nw_admin)
    with ape.reverts(nw.IssuerBudgetExceeded, issuer=stranger, period=0, requested=5, remaining=0):
        nw.issue(resident, 5, reference("v", "x"), 1, sender=stranger)


def test_issue__next_period__budget_starts_afresh(nw, chain, issuer, resident):
    nw.issue(resident, 1_000_000, reference("v", "p0"), 1, sender=issuer)
    assert nw.remainingBudget(issuer) == 0
    chain.pending_timestamp += PERIOD_SECONDS
    chain.mine()
    assert nw.currentPeriod() == 1
    assert nw.remainingBudget(issuer) == 1_000_000
    tx = nw.issue(resident, 7, reference("v", "p1"), 1, sender=issuer)
    assert tx.decode_logs(nw.Issued)[0].period == 1
    budget = nw.issuerBudget(issuer)
    assert (budget.limit, budget.used, budget.period) == (1_000_000, 7, 1)


def test_issue__when_paused__reverts(nw, pauser, issuer, resident):
    nw.pause(sender=pauser)
    with ape.reverts(nw.EnforcedPause):
        nw.issue(resident, 1, reference("v", "x"), 1, sender=issuer)


def test_issue_batch__mints_each_record(nw, issuer, resident, resident2):
    refs = [reference("v", f"batch-{i}") for i in range(3)]
    tx = nw.issueBatch(
        [resident, resident2, resident], [10, 20, 30], refs, [60, 120, 180], sender=issuer
    )
    assert nw.balanceOf(resident) == 40
    assert nw.balanceOf(resident2) == 20
    assert nw.totalIssued() == 60
    events = tx.decode_logs(nw.Issued)
    assert [(e.resident, e.amount, e.activityRef) for e in events] == [
        (resident.address, 10, refs[0]),
        (resident2.address, 20, refs[1]),
        (resident.address, 30, refs[2]),
    ]


def test_issue_batch__length_mismatch__reverts(nw, issuer, resident):
    with ape.reverts(
        nw.BatchLengthMismatch, recipients=1, amounts=2, activityRefs=1, volunteerMinutes=1
    ):
        nw.issueBatch([resident], [1, 2], [reference("v", "x")], [1], sender=issuer)


def test_issue_batch__duplicate_ref_inside_batch__reverts_whole_batch(nw, issuer, resident):
    ref = reference("v", "dup")
    with ape.reverts(nw.ActivityAlreadyRewarded, activityRef=ref):
        nw.issueBatch([resident, resident], [1, 1], [ref, ref], [1, 1], sender=issuer)
    assert nw.totalSupply() == 0
    assert not nw.activityRewarded(ref)


def test_issue_batch__total_over_budget__reverts(nw, issuer, resident):
    with ape.reverts(
        nw.IssuerBudgetExceeded, issuer=issuer, period=0, requested=1_000_001, remaining=1_000_000
    ):
        nw.issueBatch(
            [resident, resident],
            [500_000, 500_001],
            [reference("v", "1"), reference("v", "2")],
            [1, 1],
            sender=issuer,
        )


# ---------------------------------------------------------------- budgets


def test_set_issuer_budget__sets_limit_and_emits(nw, nw_admin, issuer):
    tx = nw.setIssuerBudget(issuer, 5, sender=nw_admin)
    assert nw.issuerBudget(issuer).limit == 5
    assert nw.remainingBudget(issuer) == 5
    [event] = tx.decode_logs(nw.IssuerBudgetSet)
    assert (event.issuer, event.limit, event.admin) == (issuer.address, 5, nw_admin.address)


def test_set_issuer_budget__below_used__leaves_nothing(nw, nw_admin, issuer, resident):
    nw.issue(resident, 100, reference("v", "x"), 1, sender=issuer)
    nw.setIssuerBudget(issuer, 50, sender=nw_admin)
    assert nw.remainingBudget(issuer) == 0


def test_set_issuer_budget__not_admin__reverts(nw, issuer):
    with ape.reverts(
        nw.AccessControlUnauthorizedAccount, account=issuer, neededRole=nw.DEFAULT_ADMIN_ROLE()
    ):
        nw.setIssuerBudget(issuer, 5, sender=issuer)


def test_set_issuer_budget__zero_issuer__reverts(nw, nw_admin):
    with ape.reverts(nw.ZeroAddress):
        nw.setIssuerBudget(ZERO, 5, sender=nw_admin)


def test_set_issuer_budget__largest_allowed__sets_limit(nw, nw_admin, issuer):
    nw.setIssuerBudget(issuer, 2**96 - 1, sender=nw_admin)
    assert nw.issuerBudget(issuer).limit == 2**96 - 1


def test_set_issuer_budget__too_large__reverts(nw, nw_admin, issuer):
    with ape.reverts(nw.BudgetTooLarge, limit=2**96):
        nw.setIssuerBudget(issuer, 2**96, sender=nw_admin)


# ---------------------------------------------------------------- merchants


def test_register_merchant__records_and_emits(nw, merchant_manager, shop2):
    brn = reference("brn", "bakery")
    tx = nw.registerMerchant(shop2, brn, sender=merchant_manager)
    record = nw.merchant(shop2)
    assert record.status == MerchantStatus.ACTIVE
    assert record.businessRegistrationHash == brn
    assert nw.isActiveMerchant(shop2)
    [event] = tx.decode_logs(nw.MerchantRegistered)
    assert (event.merchant, event.businessRegistrationHash, event.manager) == (
        shop2.address,
        brn,
        merchant_manager.address,
    )


def test_register_merchant__twice__reverts(nw, merchant_manager, shop):
    with ape.reverts(nw.MerchantAlreadyRegistered, merchant=shop):
        nw.registerMerchant(shop, BRN, sender=merchant_manager)


def test_register_merchant__suspended_again__reverts(nw, merchant_manager, shop):
    nw.suspendMerchant(shop, sender=merchant_manager)
    with ape.reverts(nw.MerchantAlreadyRegistered, merchant=shop):
        nw.registerMerchant(shop, BRN, sender=merchant_manager)


def test_register_merchant__zero_address__reverts(nw, merchant_manager):
    with ape.reverts(nw.ZeroAddress):
        nw.registerMerchant(ZERO, reference("brn", "nobody"), sender=merchant_manager)


def test_register_merchant__empty_registration__reverts(nw, merchant_manager, shop2):
    with ape.reverts(nw.EmptyReference):
        nw.registerMerchant(shop2, ZERO32, sender=merchant_manager)


def test_register_merchant__not_manager__reverts(nw, stranger, shop2):
    with ape.reverts(
        nw.AccessControlUnauthorizedAccount, account=stranger, neededRole=MERCHANT_MANAGER_ROLE
    ):
        nw.registerMerchant(shop2, reference("brn", "bakery"), sender=stranger)


def test_register_merchant__hash_of_another_merchant__reverts_claimed(
    nw, merchant_manager, shop, shop2
):
    with ape.reverts(nw.BusinessRegistrationClaimed, businessRegistrationHash=BRN, merchant=shop):
        nw.registerMerchant(shop2, BRN, sender=merchant_manager)
    assert nw.merchantOfBusiness(BRN) == shop


def test_register_merchant__hash_of_suspended_merchant__reverts_claimed(
    nw, merchant_manager, shop, shop2
):
    nw.suspendMerchant(shop, sender=merchant_manager)
    with ape.reverts(nw.BusinessRegistrationClaimed, businessRegistrationHash=BRN, merchant=shop):
        nw.registerMerchant(shop2, BRN, sender=merchant_manager)


def test_register_merchant__claimed_hash_by_stranger__reverts_claimed(nw, stranger, shop, shop2):
    with ape.reverts(nw.BusinessRegistrationClaimed, businessRegistrationHash=BRN, merchant=shop):
        nw.registerMerchant(shop2, BRN, sender=stranger)


def test_move_merchant__to_new_account__moves_status_and_hash(
    nw, merchant_manager, shop, shop2, fund
):
    nw.suspendMerchant(shop, sender=merchant_manager)
    tx = nw.moveMerchant(shop, shop2, sender=merchant_manager)
    [event] = tx.decode_logs(nw.MerchantMoved)
    assert (event["from"], event.to, event.businessRegistrationHash, event.manager) == (
        shop.address,
        shop2.address,
        BRN,
        merchant_manager.address,
    )
    assert nw.merchant(shop).status == MerchantStatus.UNREGISTERED
    assert nw.merchant(shop).businessRegistrationHash == ZERO32
    assert (nw.merchant(shop2).status, nw.merchant(shop2).businessRegistrationHash) == (
        MerchantStatus.SUSPENDED,
        BRN,
    )
    assert nw.merchantOfBusiness(BRN) == shop2
    # the old account may register again, under another hash only
    with ape.reverts(nw.BusinessRegistrationClaimed, businessRegistrationHash=BRN, merchant=shop2):
        nw.registerMerchant(shop, BRN, sender=merchant_manager)
    nw.registerMerchant(shop, reference("brn", "shop-1b"), sender=merchant_manager)


def test_move_merchant__unregistered_from__reverts(nw, merchant_manager, shop2, stranger):
    with ape.reverts(nw.MerchantNotRegistered, account=shop2):
        nw.moveMerchant(shop2, stranger, sender=merchant_manager)


def test_move_merchant__to_registered__reverts(nw, merchant_manager, shop, shop2):
    nw.registerMerchant(shop2, reference("brn", "bakery"), sender=merchant_manager)
    with ape.reverts(nw.MerchantAlreadyRegistered, merchant=shop2):
        nw.moveMerchant(shop, shop2, sender=merchant_manager)


def test_move_merchant__to_zero__reverts(nw, merchant_manager, shop):
    with ape.reverts(nw.ZeroAddress):
        nw.moveMerchant(shop, ZERO, sender=merchant_manager)


def test_move_merchant__not_manager__reverts(nw, stranger, shop, shop2):
    with ape.reverts(
        nw.AccessControlUnauthorizedAccount, account=stranger, neededRole=MERCHANT_MANAGER_ROLE
    ):
        nw.moveMerchant(shop, shop2, sender=stranger)


def test_move_merchant__unregistered_from_by_stranger__reverts_not_registered(nw, stranger, shop2):
    with ape.reverts(nw.MerchantNotRegistered, account=shop2):
        nw.moveMerchant(shop2, stranger, sender=stranger)


def test_suspend_merchant__active__suspends_and_emits(nw, merchant_manager, shop):
    tx = nw.suspendMerchant(shop, sender=merchant_manager)
    assert nw.merchant(shop).status == MerchantStatus.SUSPENDED
    assert not nw.isActiveMerchant(shop)
    [event] = tx.decode_logs(nw.MerchantSuspended)
    assert (event.merchant, event.manager) == (shop.address, merchant_manager.address)


def test_suspend_merchant__not_active__reverts(nw, merchant_manager, shop2):
    with ape.reverts(nw.MerchantNotActive, account=shop2):
        nw.suspendMerchant(shop2, sender=merchant_manager)


def test_suspend_merchant__already_suspended__reverts(nw, merchant_manager, shop):
    nw.suspendMerchant(shop, sender=merchant_manager)
    with ape.reverts(nw.MerchantNotActive, account=shop):
        nw.suspendMerchant(shop, sender=merchant_manager)


def test_suspend_merchant__not_manager__reverts(nw, stranger, shop):
    with ape.reverts(
        nw.AccessControlUnauthorizedAccount, account=stranger, neededRole=MERCHANT_MANAGER_ROLE
    ):
        nw.suspendMerchant(shop, sender=stranger)


def test_suspend_merchant__suspended_by_stranger__reverts_not_active(
    nw, merchant_manager, stranger, shop
):
    nw.suspendMerchant(shop, sender=merchant_manager)
    with ape.reverts(nw.MerchantNotActive, account=shop):
        nw.suspendMerchant(shop, sender=stranger)


def test_reinstate_merchant__active_by_stranger__reverts_not_suspended(nw, stranger, shop):
    with ape.reverts(nw.MerchantNotSuspended, merchant=shop):
        nw.reinstateMerchant(shop, sender=stranger)


def test_reinstate_merchant__suspended__reactivates_and_emits(nw, merchant_manager, shop):
    nw.suspendMerchant(shop, sender=merchant_manager)
    tx = nw.reinstateMerchant(shop, sender=merchant_manager)
    assert nw.isActiveMerchant(shop)
    [event] = tx.decode_logs(nw.MerchantReinstated)
    assert (event.merchant, event.manager) == (shop.address, merchant_manager.address)


def test_reinstate_merchant__active__reverts(nw, merchant_manager, shop):
    with ape.reverts(nw.MerchantNotSuspended, merchant=shop):
        nw.reinstateMerchant(shop, sender=merchant_manager)


def test_reinstate_merchant__not_manager__reverts(nw, merchant_manager, stranger, shop):
    nw.suspendMerchant(shop, sender=merchant_manager)
    with ape.reverts(
        nw.AccessControlUnauthorizedAccount, account=stranger, neededRole=MERCHANT_MANAGER_ROLE
    ):
        nw.reinstateMerchant(shop, sender=stranger)


# ---------------------------------------------------------------- spending policy


def test_transfer__resident_to_merchant__moves_tokens(nw, fund, resident, shop):
    fund(resident, 100)
    tx = nw.transfer(shop, 40, sender=resident)
    assert nw.balanceOf(shop) == 40
    [event] = tx.decode_logs(nw.Transfer)
    assert (event["from"], event.to, event.value) == (resident.address, shop.address, 40)


def test_transfer__resident_to_resident__reverts(nw, fund, resident, resident2):
    fund(resident, 100)
    with ape.reverts(nw.SpendingPolicyViolation, **{"from": resident, "to": resident2}):
        nw.transfer(resident2, 1, sender=resident)


def test_transfer__resident_to_suspended_merchant__reverts(
    nw, fund, merchant_manager, resident, shop
):
    fund(resident, 100)
    nw.suspendMerchant(shop, sender=merchant_manager)
    with ape.reverts(nw.SpendingPolicyViolation, **{"from": resident, "to": shop}):
        nw.transfer(shop, 1, sender=resident)


def test_transfer__merchant_to_anyone__moves_tokens(nw, fund, resident, resident2, shop):
    fund(resident, 100)
    nw.transfer(shop, 100, sender=resident)
    nw.transfer(resident2, 30, sender=shop)  # e.g. a refund or change
    assert nw.balanceOf(resident2) == 30


def test_transfer_from__resident_to_resident__reverts(nw, fund, resident, resident2, shop):
    fund(resident, 100)
    nw.approve(shop, 50, sender=resident)
    with ape.reverts(nw.SpendingPolicyViolation, **{"from": resident, "to": resident2}):
        nw.transferFrom(resident, resident2, 10, sender=shop)
    nw.transferFrom(resident, shop, 10, sender=shop)
    assert nw.balanceOf(shop) == 10


def test_transfer__open_policy__resident_to_resident(nw, fund, nw_admin, resident, resident2):
    fund(resident, 100)
    tx = nw.setSpendingPolicy(SpendingPolicy.OPEN, sender=nw_admin)
    [event] = tx.decode_logs(nw.SpendingPolicyChanged)
    assert (event.previous, event.current, event.admin) == (
        SpendingPolicy.MERCHANTS_ONLY,
        SpendingPolicy.OPEN,
        nw_admin.address,
    )
    nw.transfer(resident2, 25, sender=resident)
    assert nw.balanceOf(resident2) == 25


def test_transfer__insufficient_balance__reverts(nw, fund, resident, shop):
    fund(resident, 5)
    with ape.reverts(nw.ERC20InsufficientBalance, sender=resident, balance=5, needed=6):
        nw.transfer(shop, 6, sender=resident)


def test_transfer__when_paused__reverts(nw, fund, pauser, resident, shop):
    fund(resident, 5)
    tx = nw.pause(sender=pauser)
    assert tx.decode_logs(nw.Paused)[0].account == pauser
    with ape.reverts(nw.EnforcedPause):
        nw.transfer(shop, 1, sender=resident)
    nw.unpause(sender=pauser)
    nw.transfer(shop, 1, sender=resident)
    assert nw.balanceOf(shop) == 1


def test_pause__not_pauser__reverts(nw, stranger):
    with ape.reverts(nw.AccessControlUnauthorizedAccount, account=stranger, neededRole=PAUSER_ROLE):
        nw.pause(sender=stranger)


def test_unpause__not_paused__reverts(nw, pauser):
    with ape.reverts(nw.ExpectedPause):
        nw.unpause(sender=pauser)


def test_unpause__not_pauser__reverts(nw, pauser, stranger):
    nw.pause(sender=pauser)
    with ape.reverts(nw.AccessControlUnauthorizedAccount, account=stranger, neededRole=PAUSER_ROLE):
        nw.unpause(sender=stranger)


def test_set_spending_policy__unchanged__reverts(nw, nw_admin):
    with ape.reverts(nw.SpendingPolicyUnchanged, policy=SpendingPolicy.MERCHANTS_ONLY):
        nw.setSpendingPolicy(SpendingPolicy.MERCHANTS_ONLY, sender=nw_admin)


def test_set_spending_policy__back_to_merchants_only__restricts_again(
    nw, fund, nw_admin, resident, resident2
):
    fund(resident, 100)
    nw.setSpendingPolicy(SpendingPolicy.OPEN, sender=nw_admin)
    tx = nw.setSpendingPolicy(SpendingPolicy.MERCHANTS_ONLY, sender=nw_admin)
    [event] = tx.decode_logs(nw.SpendingPolicyChanged)
    assert (event.previous, event.current) == (SpendingPolicy.OPEN, SpendingPolicy.MERCHANTS_ONLY)
    assert nw.spendingPolicy() == SpendingPolicy.MERCHANTS_ONLY
    with ape.reverts(nw.SpendingPolicyViolation, **{"from": resident, "to": resident2}):
        nw.transfer(resident2, 25, sender=resident)


def test_set_spending_policy__not_admin__reverts(nw, stranger):
    with ape.reverts(
        nw.AccessControlUnauthorizedAccount, account=stranger, neededRole=nw.DEFAULT_ADMIN_ROLE()
    ):
        nw.setSpendingPolicy(SpendingPolicy.OPEN, sender=stranger)


def test_seal__locks_policy_for_good(nw, nw_admin):
    tx = nw.seal(sender=nw_admin)
    assert nw.isSealed()
    assert tx.decode_logs(nw.PolicySealed)[0].admin == nw_admin
    with ape.reverts(nw.PolicyAlreadySealed):
        nw.setSpendingPolicy(SpendingPolicy.OPEN, sender=nw_admin)
    with ape.reverts(nw.PolicyAlreadySealed):
        nw.seal(sender=nw_admin)
    assert nw.spendingPolicy() == SpendingPolicy.MERCHANTS_ONLY


def test_seal__not_admin__reverts(nw, stranger):
    with ape.reverts(
        nw.AccessControlUnauthorizedAccount, account=stranger, neededRole=nw.DEFAULT_ADMIN_ROLE()
    ):
        nw.seal(sender=stranger)


# ---------------------------------------------------------------- redeem


def test_redeem__merchant__burns_and_emits_settlement(nw, fund, resident, shop):
    fund(resident, 100)
    nw.transfer(shop, 100, sender=resident)
    settlement = reference("settlement", "2026-11-22/shop-1/0001")
    tx = nw.redeem(60, settlement, sender=shop)
    assert nw.balanceOf(shop) == 40
    assert nw.totalSupply() == 40
    assert nw.totalRedeemed() == 60
    assert nw.redemptionCount() == 1
    assert nw.settlementUsed(settlement)
    [event] = tx.decode_logs(nw.Redeemed)
    assert (event.redemptionId, event.merchant, event.amount) == (1, shop.address, 60)
    assert event.settlementRef == settlement
    assert event.businessRegistrationHash == BRN
    assert tx.return_value == 1


def test_redeem__not_merchant__reverts(nw, fund, resident):
    fund(resident, 10)
    with ape.reverts(nw.MerchantNotActive, account=resident):
        nw.redeem(1, reference("s", "x"), sender=resident)


def test_redeem__suspended_merchant__reverts(nw, fund, merchant_manager, resident, shop):
    fund(resident, 10)
    nw.transfer(shop, 10, sender=resident)
    nw.suspendMerchant(shop, sender=merchant_manager)
    with ape.reverts(nw.MerchantNotActive, account=shop):
        nw.redeem(1, reference("s", "x"), sender=shop)


def test_redeem__zero_amount__reverts(nw, shop):
    with ape.reverts(nw.ZeroAmount):
        nw.redeem(0, reference("s", "x"), sender=shop)


def test_redeem__empty_settlement__reverts(nw, shop):
    with ape.reverts(nw.EmptyReference):
        nw.redeem(1, ZERO32, sender=shop)


def test_redeem__settlement_reused__reverts(nw, fund, resident, shop):
    fund(resident, 10)
    nw.transfer(shop, 10, sender=resident)
    ref = reference("s", "once")
    nw.redeem(1, ref, sender=shop)
    with ape.reverts(nw.SettlementReferenceUsed, settlementRef=ref):
        nw.redeem(1, ref, sender=shop)


def test_redeem__more_than_balance__reverts(nw, shop):
    with ape.reverts(nw.ERC20InsufficientBalance, sender=shop, balance=0, needed=1):
        nw.redeem(1, reference("s", "x"), sender=shop)


def test_redeem__when_paused__reverts(nw, fund, pauser, resident, shop):
    fund(resident, 10)
    nw.transfer(shop, 10, sender=resident)
    nw.pause(sender=pauser)
    with ape.reverts(nw.EnforcedPause):
        nw.redeem(1, reference("s", "x"), sender=shop)


# ---------------------------------------------------------------- permit


def test_permit__signed_by_resident__sets_allowance_without_gas(
    nw, chain, fund, resident, shop, stranger
):
    fund(resident, 100)
    deadline = chain.pending_timestamp + 3600
    v, r, s = sign_permit(nw, resident, shop.address, 70, deadline)
    tx = nw.permit(resident, shop, 70, deadline, v, r, s, sender=stranger)  # relayed
    assert nw.allowance(resident, shop) == 70
    assert nw.nonces(resident) == 1
    [event] = tx.decode_logs(nw.Approval)
    assert (event.owner, event.spender, event.value) == (resident.address, shop.address, 70)
    nw.transferFrom(resident, shop, 70, sender=shop)
    assert nw.balanceOf(shop) == 70


def test_permit__replayed__reverts(nw, chain, resident, shop, stranger):
    deadline = chain.pending_timestamp + 3600
    v, r, s = sign_permit(nw, resident, shop.address, 1, deadline)
    nw.permit(resident, shop, 1, deadline, v, r, s, sender=stranger)
    with ape.reverts(nw.ERC2612InvalidSigner):
        nw.permit(resident, shop, 1, deadline, v, r, s, sender=stranger)


def test_permit__expired__reverts(nw, chain, resident, shop, stranger):
    deadline = chain.pending_timestamp - 1
    v, r, s = sign_permit(nw, resident, shop.address, 1, deadline)
    with ape.reverts(nw.ERC2612ExpiredSignature, deadline=deadline):
        nw.permit(resident, shop, 1, deadline, v, r, s, sender=stranger)


def test_permit__signed_by_someone_else__reverts(nw, chain, resident, shop, stranger):
    deadline = chain.pending_timestamp + 3600
    v, r, s = sign_permit(nw, stranger, shop.address, 1, deadline, owner=resident.address)
    with ape.reverts(
        nw.ERC2612InvalidSigner,
        signer=to_checksum_address(stranger.address),
        owner=to_checksum_address(resident.address),
    ):
        nw.permit(resident, shop, 1, deadline, v, r, s, sender=stranger)


@pytest.mark.parametrize("role_name", ["ISSUER_ROLE", "MERCHANT_MANAGER_ROLE", "PAUSER_ROLE"])
def test_roles__admin_can_revoke(nw, nw_admin, issuer, merchant_manager, pauser, role_name):
    holder = {"ISSUER_ROLE": issuer, "MERCHANT_MANAGER_ROLE": merchant_manager}.get(
        role_name, pauser
    )
    role = getattr(nw, role_name)()
    nw.revokeRole(role, holder, sender=nw_admin)
    assert not nw.hasRole(role, holder)
