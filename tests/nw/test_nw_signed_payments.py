"""Signed payments at the shop counter (EIP-3009-style, submitted by the payee alone or in
a terminal batch), cancelled authorizations, and service accounts."""

import ape
import pytest
from eth_utils import keccak
from hostile_wallets import BURN_ALL_GAS, HOSTILE, NEEDS_GAS

from civic.eip712 import Domain, digest
from civic.nw import (
    PAYMENT_TYPES,
    TOKEN_NAME,
    PaymentRejection,
    SpendingPolicy,
    compact_batch,
    compact_payment,
    compact_signature,
    pack_terms,
    payment_nonce,
    reference,
    sign_cancel,
    sign_payment,
    sign_permit,
)
from civic.nw.recount import audit

ORDER = reference("order", "bakery-0001")
# Most a hostile wallet item may cost: its ERC1271_GAS bound and the call around it.
WALLET_ITEM_BOUND = 50_000 + 15_000


@pytest.fixture
def counter():
    return {"n": 0}


@pytest.fixture
def pay(nw, chain, counter, shop):
    """A signed payment by `signer` to `payee` (default: the shop) with a fresh nonce."""

    def make(signer, amount, payee=None, nonce=None, payer=None, **window):
        counter["n"] += 1
        window.setdefault("valid_before", chain.pending_timestamp + 3600)
        return sign_payment(
            nw,
            signer,
            (payee or shop).address,
            amount,
            payment_nonce(7, counter["n"]) if nonce is None else nonce,
            reference("order", f"test-{counter['n']}"),
            payer=payer,
            **window,
        )

    return make


@pytest.fixture(scope="module")
def hostile(project, deployer):
    return {
        name: project.HostileERC1271Wallet.deploy(mode, param, sender=deployer)
        for name, (mode, param) in HOSTILE.items()
    }


@pytest.fixture(scope="module")
def wallet(project, deployer, resident2):
    """An honest ERC-1271 wallet owned by resident2."""
    return project.MockERC1271Wallet.deploy(resident2, sender=deployer)


@pytest.fixture(scope="module")
def service(project, nw, deployer):
    return project.NWServiceMock.deploy(nw, sender=deployer)


def _as_tuple(auth):
    return (
        auth["payer"],
        auth["amount"],
        auth["validAfter"],
        auth["validBefore"],
        auth["nonce"],
        auth["orderRef"],
        auth["signature"],
    )


# ---------------------------------------------------------------- one signed payment


def test_receive_with_authorization__by_payee__settles_and_emits(
    nw, fund, resident, shop, stranger
):
    fund(resident, 1_000)
    nonce = payment_nonce(3, 9)
    auth = sign_payment(nw, resident, shop.address, 400, nonce, ORDER, 2**40)
    tx = nw.receiveWithAuthorization(auth, sender=shop)
    assert nw.balanceOf(resident) == 600
    assert nw.balanceOf(shop) == 400
    assert nw.authorizationState(resident, nonce)
    assert nw.nonceBitmap(resident, 3) == 1 << 9
    [transfer] = tx.decode_logs(nw.Transfer)
    assert (transfer["from"], transfer.to, transfer.value) == (resident.address, shop.address, 400)
    [used] = tx.decode_logs(nw.AuthorizationUsed)
    assert (used.payer, used.nonce, used.orderRef) == (resident.address, nonce, ORDER)
    assert audit(nw) == []


def test_receive_with_authorization__resident_pays_no_gas(nw, fund, pay, resident, shop):
    fund(resident, 10)
    before = resident.balance
    nw.receiveWithAuthorization(pay(resident, 10), sender=shop)
    assert resident.balance == before


def test_receive_with_authorization__other_merchant_submits__reverts_invalid_signature(
    nw, fund, pay, merchant_manager, resident, shop2
):
    """The payee is the submitter: a signature for the shop is worthless to another."""
    nw.registerMerchant(shop2, reference("brn", "shop-2"), sender=merchant_manager)
    fund(resident, 10)
    auth = pay(resident, 10)
    with ape.reverts(nw.InvalidAuthorizationSignature, signer=resident, nonce=auth["nonce"]):
        nw.receiveWithAuthorization(auth, sender=shop2)


def test_receive_with_authorization__non_merchant_submits__reverts_policy(
    nw, fund, pay, resident, stranger
):
    fund(resident, 10)
    with ape.reverts(nw.SpendingPolicyViolation, **{"from": resident, "to": stranger}):
        nw.receiveWithAuthorization(pay(resident, 10, payee=stranger), sender=stranger)


def test_receive_with_authorization__suspended_payee__reverts_policy(
    nw, fund, pay, merchant_manager, resident, shop
):
    fund(resident, 10)
    nw.suspendMerchant(shop, sender=merchant_manager)
    with ape.reverts(nw.SpendingPolicyViolation, **{"from": resident, "to": shop}):
        nw.receiveWithAuthorization(pay(resident, 10), sender=shop)


def test_receive_with_authorization__open_policy__pays_a_resident(
    nw, fund, pay, nw_admin, resident, resident2
):
    fund(resident, 10)
    nw.setSpendingPolicy(SpendingPolicy.OPEN, sender=nw_admin)
    nw.receiveWithAuthorization(pay(resident, 10, payee=resident2), sender=resident2)
    assert nw.balanceOf(resident2) == 10


def test_receive_with_authorization__not_yet_valid__reverts(nw, chain, fund, pay, resident, shop):
    fund(resident, 10)
    after = chain.pending_timestamp + 600
    auth = pay(resident, 10, valid_after=after)
    with ape.reverts(
        nw.AuthorizationNotYetValid, payer=resident, nonce=auth["nonce"], validAfter=after
    ):
        nw.receiveWithAuthorization(auth, sender=shop)


def test_receive_with_authorization__expired__reverts(nw, chain, fund, pay, resident, shop):
    fund(resident, 10)
    before = chain.pending_timestamp - 1
    auth = pay(resident, 10, valid_before=before)
    with ape.reverts(
        nw.AuthorizationExpired, payer=resident, nonce=auth["nonce"], validBefore=before
    ):
        nw.receiveWithAuthorization(auth, sender=shop)


def test_receive_with_authorization__replayed__reverts_used(nw, fund, pay, resident, shop):
    fund(resident, 20)
    auth = pay(resident, 10)
    nw.receiveWithAuthorization(auth, sender=shop)
    with ape.reverts(nw.AuthorizationAlreadyUsed, payer=resident, nonce=auth["nonce"]):
        nw.receiveWithAuthorization(auth, sender=shop)


def test_receive_with_authorization__zero_amount__reverts(nw, pay, resident, shop):
    with ape.reverts(nw.ZeroAmount):
        nw.receiveWithAuthorization(pay(resident, 0), sender=shop)


def test_receive_with_authorization__over_balance__reverts(nw, fund, pay, resident, shop):
    fund(resident, 5)
    with ape.reverts(nw.ERC20InsufficientBalance, sender=resident, balance=5, needed=6):
        nw.receiveWithAuthorization(pay(resident, 6), sender=shop)


def test_receive_with_authorization__signed_by_someone_else__reverts(
    nw, fund, pay, resident, stranger, shop
):
    fund(resident, 10)
    auth = pay(stranger, 10, payer=resident.address)
    with ape.reverts(nw.InvalidAuthorizationSignature, signer=resident, nonce=auth["nonce"]):
        nw.receiveWithAuthorization(auth, sender=shop)


def test_receive_with_authorization__tampered_amount__reverts(nw, fund, pay, resident, shop):
    fund(resident, 100)
    auth = pay(resident, 10)
    auth["amount"] = 100
    with ape.reverts(nw.InvalidAuthorizationSignature, signer=resident, nonce=auth["nonce"]):
        nw.receiveWithAuthorization(auth, sender=shop)


def test_receive_with_authorization__when_paused__reverts(nw, fund, pay, pauser, resident, shop):
    fund(resident, 10)
    auth = pay(resident, 10)
    nw.pause(sender=pauser)
    with ape.reverts(nw.EnforcedPause):
        nw.receiveWithAuthorization(auth, sender=shop)


def test_receive_with_authorization__erc1271_wallet__settles(
    nw, fund, pay, wallet, resident2, shop
):
    fund(wallet, 50)
    nw.receiveWithAuthorization(pay(resident2, 50, payer=wallet.address), sender=shop)
    assert nw.balanceOf(shop) == 50


def test_receive_with_authorization__wallet_starved__reverts_gas_too_low(
    nw, project, deployer, fund, pay, resident, shop
):
    """A terminal cannot starve a wallet below its bound to have it reported invalid."""
    wallet = project.HostileERC1271Wallet.deploy(NEEDS_GAS, 49_000, sender=deployer)
    fund(wallet, 5)
    auth = pay(resident, 5, payer=wallet.address)
    needed = nw.receiveWithAuthorization.estimate_gas_cost(auth, sender=shop)
    with ape.reverts(nw.GasTooLowForWalletCheck, wallet=wallet.address):
        nw.receiveWithAuthorization(auth, sender=shop, gas=needed - 2_000)
    nw.receiveWithAuthorization(auth, sender=shop, gas=needed)
    assert nw.balanceOf(shop) == 5


def test_receive_with_authorization__ineligible__never_asks_wallet(
    nw, project, deployer, pay, resident, shop
):
    """An over-balance item is refused before the wallet call: a gas burner costs nothing."""
    wallet = project.HostileERC1271Wallet.deploy(BURN_ALL_GAS, 0, sender=deployer)
    auth = pay(resident, 5, payer=wallet.address)
    with ape.reverts(nw.ERC20InsufficientBalance, sender=wallet, balance=0, needed=5):
        nw.receiveWithAuthorization(auth, sender=shop, gas=60_000)


def test_payment_nonces__apart_from_permit_nonces(nw, chain, fund, resident, shop, stranger):
    """Payment nonce 0 and permit nonce 0 are different records: using one leaves the other."""
    fund(resident, 10)
    zero = payment_nonce(0, 0)
    nw.receiveWithAuthorization(
        sign_payment(nw, resident, shop.address, 10, zero, ORDER, 2**40), sender=shop
    )
    assert nw.nonces(resident) == 0
    deadline = chain.pending_timestamp + 3600
    v, r, s = sign_permit(nw, resident, shop.address, 1, deadline)
    nw.permit(resident, shop, 1, deadline, v, r, s, sender=stranger)
    assert nw.nonces(resident) == 1
    assert nw.authorizationState(resident, zero)
    assert not nw.authorizationState(resident, payment_nonce(0, 1))


def test_payment_digest__matches_wallet_typed_data(nw, chain, pay, resident, shop):
    auth = pay(resident, 10)
    message = {
        "payer": resident.address,
        "payee": shop.address,
        "amount": 10,
        "validAfter": auth["validAfter"],
        "validBefore": auth["validBefore"],
        "nonce": auth["nonce"],
        "orderRef": auth["orderRef"],
    }
    domain = Domain(TOKEN_NAME, "1", chain.chain_id, nw.address)
    expected = digest(domain, "PaymentAuthorization", PAYMENT_TYPES, message)
    assert bytes(nw.paymentDigest(shop, auth)) == expected


def test_payment_nonce__out_of_range__raises():
    with pytest.raises(ValueError):
        payment_nonce(0, 256)


# ---------------------------------------------------------------- terminal batch


def test_receive_batch__all_valid__settles_each(nw, fund, pay, resident, resident2, shop):
    fund(resident, 100)
    fund(resident2, 100)
    batch = [pay(resident, 30), pay(resident2, 40), pay(resident, 20)]
    assert nw.receiveBatchWithAuthorization.call(compact_batch(batch), sender=shop) == [0, 0, 0]
    tx = nw.receiveBatchWithAuthorization(compact_batch(batch), sender=shop)
    assert nw.balanceOf(shop) == 90
    assert [u.orderRef for u in tx.decode_logs(nw.AuthorizationUsed)] == [
        a["orderRef"] for a in batch
    ]
    assert not tx.decode_logs(nw.PaymentAuthorizationRejected)
    assert audit(nw) == []


def test_receive_batch__bad_items__reported_and_skipped(
    nw, chain, fund, pay, resident, resident2, stranger, shop
):
    fund(resident, 100)
    fund(resident2, 10)
    now = chain.pending_timestamp
    good = pay(resident, 10)
    used = pay(resident, 5)
    nw.receiveWithAuthorization(used, sender=shop)
    tampered = pay(resident, 1)
    tampered["amount"] = 2
    batch = [
        pay(resident, 10, valid_after=now + 600),  # NotYetValid
        pay(resident, 10, valid_before=now - 1),  # Expired
        used,  # AuthorizationUsed
        pay(resident, 0),  # ZeroAmount
        pay(resident2, 11),  # InsufficientBalance
        pay(stranger, 1, payer=resident.address),  # InvalidSignature
        tampered,  # InvalidSignature
        good,
        good,  # AuthorizationUsed: the same nonce again inside the batch
    ]
    reasons = [
        PaymentRejection.NOT_YET_VALID,
        PaymentRejection.EXPIRED,
        PaymentRejection.AUTHORIZATION_USED,
        PaymentRejection.ZERO_AMOUNT,
        PaymentRejection.INSUFFICIENT_BALANCE,
        PaymentRejection.INVALID_SIGNATURE,
        PaymentRejection.INVALID_SIGNATURE,
        PaymentRejection.NONE,
        PaymentRejection.AUTHORIZATION_USED,
    ]
    assert nw.receiveBatchWithAuthorization.call(compact_batch(batch), sender=shop) == reasons
    tx = nw.receiveBatchWithAuthorization(compact_batch(batch), sender=shop)
    rejected = tx.decode_logs(nw.PaymentAuthorizationRejected)
    expected = [(i, r) for i, r in enumerate(reasons) if r != PaymentRejection.NONE]
    assert [(e.index, e.reason) for e in rejected] == expected
    assert all(e.payee == shop.address for e in rejected)
    assert [e.payer for e in rejected][4] == resident2.address
    assert rejected[0].nonce == batch[0]["nonce"]
    assert nw.balanceOf(shop) == 15
    assert audit(nw) == []


def test_receive_batch__balance_runs_out__later_item_rejected(nw, fund, pay, resident, shop):
    fund(resident, 10)
    batch = [pay(resident, 6), pay(resident, 6)]
    tx = nw.receiveBatchWithAuthorization(compact_batch(batch), sender=shop)
    [rejected] = tx.decode_logs(nw.PaymentAuthorizationRejected)
    assert (rejected.index, rejected.reason) == (1, PaymentRejection.INSUFFICIENT_BALANCE)
    assert nw.balanceOf(resident) == 4


def test_receive_batch__non_merchant_payee__every_item_rejected(nw, fund, pay, resident, stranger):
    fund(resident, 10)
    batch = [pay(resident, 1, payee=stranger), pay(resident, 2, payee=stranger)]
    tx = nw.receiveBatchWithAuthorization(compact_batch(batch), sender=stranger)
    reasons = [e.reason for e in tx.decode_logs(nw.PaymentAuthorizationRejected)]
    assert reasons == [PaymentRejection.POLICY_VIOLATION] * 2


def test_receive_batch__hostile_wallets__rejected_honest_settled_bounded_gas(
    nw, fund, pay, hostile, resident, resident2, shop
):
    """Every hostile wallet is one rejected item for a bounded cost; the batch goes on."""
    fund(resident, 100)
    fund(resident2, 100)
    for w in hostile.values():
        fund(w, 10)
    honest = [pay(resident, 10), pay(resident2, 10)]
    honest_tx = nw.receiveBatchWithAuthorization(compact_batch(honest), sender=shop)
    honest2 = [pay(resident, 10), pay(resident2, 10)]
    evil = [pay(resident, 1, payer=w.address) for w in hostile.values()]
    mixed = [honest2[0], *evil, honest2[1]]
    tx = nw.receiveBatchWithAuthorization(compact_batch(mixed), sender=shop)
    rejected = tx.decode_logs(nw.PaymentAuthorizationRejected)
    assert [e.payer for e in rejected] == [w.address for w in hostile.values()]
    assert {e.reason for e in rejected} == {PaymentRejection.INVALID_SIGNATURE}
    assert nw.balanceOf(shop) == 40
    assert tx.gas_used < honest_tx.gas_used + len(evil) * WALLET_ITEM_BOUND


def test_receive_batch__wallet_starved__reverts_gas_too_low(
    nw, project, deployer, fund, pay, resident, shop
):
    wallet = project.HostileERC1271Wallet.deploy(NEEDS_GAS, 49_000, sender=deployer)
    fund(wallet, 5)
    fund(resident, 5)
    batch = [pay(resident, 5), pay(resident, 5, payer=wallet.address)]
    needed = nw.receiveBatchWithAuthorization.estimate_gas_cost(compact_batch(batch), sender=shop)
    with ape.reverts(nw.GasTooLowForWalletCheck, wallet=wallet.address):
        nw.receiveBatchWithAuthorization(compact_batch(batch), sender=shop, gas=needed - 2_000)
    assert nw.balanceOf(shop) == 0


def test_receive_batch__empty__reverts(nw, shop):
    with ape.reverts(nw.EmptyBatch):
        nw.receiveBatchWithAuthorization(compact_batch([]), sender=shop)


def test_receive_batch__when_paused__reverts(nw, fund, pay, pauser, resident, shop):
    fund(resident, 10)
    batch = [pay(resident, 10)]
    nw.pause(sender=pauser)
    with ape.reverts(nw.EnforcedPause):
        nw.receiveBatchWithAuthorization(compact_batch(batch), sender=shop)


# ---------------------------------------------------------------- compact batch encoding

SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def test_compact_payment__same_message_as_the_signed_one(pay, resident):
    auth = pay(resident, 7, valid_after=5)
    item = compact_payment(auth)
    assert item["terms"] == 7 << 128 | 5 << 64 | auth["validBefore"]
    sig = auth["signature"]
    assert item["r"] == sig[:32]
    v_bit = (sig[64] - 27) << 255
    assert int.from_bytes(item["vs"], "big") == int.from_bytes(sig[32:64], "big") | v_bit


def test_pack_terms__at_the_bounds__packs():
    assert pack_terms(2**128 - 1, 2**64 - 1, 2**64 - 1) == 2**256 - 1
    assert pack_terms(0, 0, 0) == 0


@pytest.mark.parametrize(
    "terms",
    [(2**128, 0, 1), (-1, 0, 1), (1, 2**64, 1), (1, 0, 2**64), (1, -1, 1)],
)
def test_pack_terms__out_of_bounds__raises(terms):
    with pytest.raises(ValueError, match="receiveWithAuthorization"):
        pack_terms(*terms)


def test_compact_signature__wrong_length__raises():
    with pytest.raises(ValueError, match="65 bytes"):
        compact_signature(b"\x01" * 64)


def test_receive_batch__largest_packed_terms__checked_as_unpacked(nw, fund, pay, resident, shop):
    """The top of each packed field reaches the checks unchanged: the largest amount is
    over the balance and the latest validBefore (2^64 - 1) is still open."""
    fund(resident, 10)
    batch = [
        pay(resident, 2**128 - 1, valid_before=2**64 - 1),
        pay(resident, 10, valid_before=2**64 - 1),
    ]
    tx = nw.receiveBatchWithAuthorization(compact_batch(batch), sender=shop)
    [rejected] = tx.decode_logs(nw.PaymentAuthorizationRejected)
    assert (rejected.index, rejected.reason) == (0, PaymentRejection.INSUFFICIENT_BALANCE)
    assert nw.balanceOf(shop) == 10


def test_receive_batch__valid_after_packed__not_yet_valid(nw, chain, fund, pay, resident, shop):
    fund(resident, 10)
    auth = pay(resident, 10, valid_after=chain.pending_timestamp + 600)
    tx = nw.receiveBatchWithAuthorization(compact_batch([auth]), sender=shop)
    [rejected] = tx.decode_logs(nw.PaymentAuthorizationRejected)
    assert rejected.reason == PaymentRejection.NOT_YET_VALID
    assert nw.balanceOf(shop) == 0


def test_receive_batch__high_s__rejected_invalid_signature(nw, fund, pay, resident, shop):
    """The same signature with s replaced by n - s (and v flipped) recovers the payer too;
    OpenZeppelin's rule rejects it, and so does the batch."""
    fund(resident, 10)
    auth = pay(resident, 10)
    item = compact_payment(auth)
    sig = auth["signature"]
    high_s = SECP256K1_N - int.from_bytes(sig[32:64], "big")
    flipped_v = 1 - (sig[64] - 27)
    item["vs"] = (high_s | flipped_v << 255).to_bytes(32, "big")
    tx = nw.receiveBatchWithAuthorization([item], sender=shop)
    [rejected] = tx.decode_logs(nw.PaymentAuthorizationRejected)
    assert (rejected.payer, rejected.reason) == (
        resident.address,
        PaymentRejection.INVALID_SIGNATURE,
    )
    assert nw.authorizationState(resident, auth["nonce"]) is False
    # the low-s form of the same signature settles
    nw.receiveBatchWithAuthorization([compact_payment(auth)], sender=shop)
    assert nw.balanceOf(shop) == 10


def test_receive_batch__flipped_v_bit__rejected_invalid_signature(nw, fund, pay, resident, shop):
    fund(resident, 10)
    item = compact_payment(pay(resident, 10))
    item["vs"] = (int.from_bytes(item["vs"], "big") ^ 1 << 255).to_bytes(32, "big")
    tx = nw.receiveBatchWithAuthorization([item], sender=shop)
    [rejected] = tx.decode_logs(nw.PaymentAuthorizationRejected)
    assert rejected.reason == PaymentRejection.INVALID_SIGNATURE


def test_receive_batch__unrecoverable_signature__rejected_invalid_signature(
    nw, fund, pay, resident, shop
):
    """r = 0 recovers nothing (the precompile returns no data): a rejected item."""
    fund(resident, 10)
    item = compact_payment(pay(resident, 10))
    item["r"] = bytes(32)
    tx = nw.receiveBatchWithAuthorization([item], sender=shop)
    [rejected] = tx.decode_logs(nw.PaymentAuthorizationRejected)
    assert rejected.reason == PaymentRejection.INVALID_SIGNATURE


def test_receive_batch__erc1271_wallet__gets_64_bytes_and_settles(
    nw, fund, pay, wallet, resident2, shop
):
    fund(wallet, 50)
    auth = pay(resident2, 50, payer=wallet.address)
    r, vs = compact_signature(auth["signature"])
    digest_ = nw.paymentDigest(shop, auth)
    assert wallet.isValidSignature(digest_, r + vs) == bytes.fromhex("1626ba7e")
    tx = nw.receiveBatchWithAuthorization(compact_batch([auth]), sender=shop)
    assert not tx.decode_logs(nw.PaymentAuthorizationRejected)
    assert nw.balanceOf(shop) == 50


def test_receive_batch__merchant_payer_to_non_merchant__settles(
    nw, fund, pay, merchant_manager, shop2, stranger
):
    """Under the merchant-only policy an active merchant may pay anyone: the batch's
    per-payer policy check lets its item through to a payee that is no merchant."""
    nw.registerMerchant(shop2, reference("brn", "shop-2"), sender=merchant_manager)
    fund(shop2, 10)
    batch = [pay(shop2, 10, payee=stranger)]
    tx = nw.receiveBatchWithAuthorization(compact_batch(batch), sender=stranger)
    assert not tx.decode_logs(nw.PaymentAuthorizationRejected)
    assert nw.balanceOf(stranger) == 10


def test_receive_batch__shop_pays_itself__sees_earlier_credits(nw, fund, pay, resident, shop):
    """A payment to oneself changes no balance, and its balance check counts what the
    batch's earlier items credited (as one transfer after another would)."""
    fund(resident, 10)
    fund(shop, 5)
    batch = [pay(resident, 10), pay(shop, 15), pay(shop, 16), pay(resident, 0)]
    tx = nw.receiveBatchWithAuthorization(compact_batch(batch), sender=shop)
    rejected = tx.decode_logs(nw.PaymentAuthorizationRejected)
    assert [(e.index, e.reason) for e in rejected] == [
        (2, PaymentRejection.INSUFFICIENT_BALANCE),
        (3, PaymentRejection.ZERO_AMOUNT),
    ]
    transfers = tx.decode_logs(nw.Transfer)
    assert [(t["from"], t["to"], t["value"]) for t in transfers] == [
        (resident.address, shop.address, 10),
        (shop.address, shop.address, 15),
    ]
    assert nw.balanceOf(shop) == 15
    assert nw.balanceOf(resident) == 0
    assert nw.totalSupply() == 15
    assert audit(nw) == []


def test_receive_batch__balances_slot__is_openzeppelin_balances(nw, chain, fund, resident):
    """The batch writes balances at OpenZeppelin ERC20's `_balances` (slot 0 mapping)."""
    fund(resident, 1234)
    slot = keccak(bytes(12) + bytes.fromhex(resident.address[2:]) + bytes(32))
    stored = chain.provider.get_storage(nw.address, int.from_bytes(slot, "big"))
    assert int.from_bytes(bytes(stored), "big") == nw.balanceOf(resident) == 1234


def test_receive_batch__all_rejected__no_balance_written(nw, fund, pay, resident, shop):
    fund(resident, 5)
    tx = nw.receiveBatchWithAuthorization(compact_batch([pay(resident, 6)]), sender=shop)
    assert not tx.decode_logs(nw.Transfer)
    assert nw.balanceOf(shop) == 0
    assert nw.balanceOf(resident) == 5


# ---------------------------------------------------------------- cancel


def test_cancel_authorization__by_payer__burns_nonce(nw, fund, pay, resident, shop):
    fund(resident, 10)
    auth = pay(resident, 10)
    tx = nw.cancelAuthorization(resident, auth["nonce"], b"", sender=resident)
    [event] = tx.decode_logs(nw.AuthorizationCanceled)
    assert (event.payer, event.nonce) == (resident.address, auth["nonce"])
    assert nw.authorizationState(resident, auth["nonce"])
    with ape.reverts(nw.AuthorizationAlreadyUsed, payer=resident, nonce=auth["nonce"]):
        nw.receiveWithAuthorization(auth, sender=shop)
    assert audit(nw) == []


def test_cancel_authorization__relayed_signature__burns_nonce(nw, resident, stranger):
    nonce = payment_nonce(1, 1)
    nw.cancelAuthorization(resident, nonce, sign_cancel(nw, resident, nonce), sender=stranger)
    assert nw.authorizationState(resident, nonce)


def test_cancel_authorization__wallet_signature__burns_nonce(nw, wallet, resident2, stranger):
    nonce = payment_nonce(1, 2)
    sig = sign_cancel(nw, resident2, nonce, authorizer=wallet.address)
    nw.cancelAuthorization(wallet, nonce, sig, sender=stranger)
    assert nw.authorizationState(wallet, nonce)


def test_cancel_authorization__wrong_signature__reverts(nw, resident, stranger):
    nonce = payment_nonce(1, 3)
    sig = sign_cancel(nw, stranger, nonce, authorizer=resident.address)
    with ape.reverts(nw.InvalidAuthorizationSignature, signer=resident, nonce=nonce):
        nw.cancelAuthorization(resident, nonce, sig, sender=stranger)


def test_cancel_authorization__used__reverts(nw, fund, pay, resident, shop):
    fund(resident, 10)
    auth = pay(resident, 10)
    nw.receiveWithAuthorization(auth, sender=shop)
    with ape.reverts(nw.AuthorizationAlreadyUsed, payer=resident, nonce=auth["nonce"]):
        nw.cancelAuthorization(resident, auth["nonce"], b"", sender=resident)


# ---------------------------------------------------------------- service accounts


def test_add_service_account__records_and_emits(nw, nw_admin, service):
    tx = nw.addServiceAccount(service, sender=nw_admin)
    assert nw.isServiceAccount(service)
    [event] = tx.decode_logs(nw.ServiceAccountAdded)
    assert (event.account, event.admin) == (service.address, nw_admin.address)


def test_add_service_account__eoa__reverts(nw, nw_admin, stranger):
    with ape.reverts(nw.ServiceAccountNotContract, account=stranger):
        nw.addServiceAccount(stranger, sender=nw_admin)


def test_add_service_account__twice__reverts(nw, nw_admin, service):
    nw.addServiceAccount(service, sender=nw_admin)
    with ape.reverts(nw.ServiceAccountAlreadyAdded, account=service):
        nw.addServiceAccount(service, sender=nw_admin)


def test_add_service_account__not_admin__reverts(nw, service, stranger):
    with ape.reverts(
        nw.AccessControlUnauthorizedAccount, account=stranger, neededRole=b"\x00" * 32
    ):
        nw.addServiceAccount(service, sender=stranger)


def test_add_service_account__sealed__reverts(nw, nw_admin, service):
    nw.seal(sender=nw_admin)
    with ape.reverts(nw.PolicyAlreadySealed):
        nw.addServiceAccount(service, sender=nw_admin)


def test_remove_service_account__removes_and_emits(nw, nw_admin, service):
    nw.addServiceAccount(service, sender=nw_admin)
    tx = nw.removeServiceAccount(service, sender=nw_admin)
    assert not nw.isServiceAccount(service)
    [event] = tx.decode_logs(nw.ServiceAccountRemoved)
    assert (event.account, event.admin) == (service.address, nw_admin.address)
    assert audit(nw) == []


def test_remove_service_account__not_service__reverts(nw, nw_admin, service):
    with ape.reverts(nw.NotServiceAccount, account=service):
        nw.removeServiceAccount(service, sender=nw_admin)


def test_remove_service_account__not_admin__reverts(nw, nw_admin, service, stranger):
    nw.addServiceAccount(service, sender=nw_admin)
    with ape.reverts(
        nw.AccessControlUnauthorizedAccount, account=stranger, neededRole=b"\x00" * 32
    ):
        nw.removeServiceAccount(service, sender=stranger)


def test_remove_service_account__sealed__reverts(nw, nw_admin, service):
    nw.addServiceAccount(service, sender=nw_admin)
    nw.seal(sender=nw_admin)
    with ape.reverts(nw.PolicyAlreadySealed):
        nw.removeServiceAccount(service, sender=nw_admin)


def test_service_account__receives_from_resident_and_pays_anyone(
    nw, nw_admin, fund, service, resident, resident2
):
    fund(resident, 100)
    nw.addServiceAccount(service, sender=nw_admin)
    nw.transfer(service, 100, sender=resident)
    service.pay(resident2, 60, sender=resident)
    assert nw.balanceOf(resident2) == 60
    assert audit(nw) == []


def test_service_account__spends_allowance_resident_to_resident(
    nw, nw_admin, fund, service, resident, resident2
):
    """How a wage is paid: the service moves NW from the employer to the worker."""
    fund(resident, 100)
    nw.addServiceAccount(service, sender=nw_admin)
    nw.approve(service, 70, sender=resident)
    tx = service.payFrom(resident, resident2, 70, sender=resident)
    assert nw.balanceOf(resident2) == 70
    assert nw.allowance(resident, service) == 0
    [event] = tx.decode_logs(nw.Transfer)
    assert (event["from"], event.to, event.value) == (resident.address, resident2.address, 70)


def test_service_account__spend_over_allowance__reverts(
    nw, nw_admin, fund, service, resident, resident2
):
    fund(resident, 100)
    nw.addServiceAccount(service, sender=nw_admin)
    nw.approve(service, 10, sender=resident)
    with ape.reverts(nw.ERC20InsufficientAllowance, spender=service, allowance=10, needed=11):
        service.payFrom(resident, resident2, 11, sender=resident)


def test_service_account__spend_to_zero__reverts(nw, nw_admin, fund, service, resident):
    fund(resident, 100)
    nw.addServiceAccount(service, sender=nw_admin)
    nw.approve(service, 10, sender=resident)
    with ape.reverts(nw.ERC20InvalidReceiver, receiver="0x" + "00" * 20):
        service.payFrom(resident, "0x" + "00" * 20, 1, sender=resident)


def test_service_account__spend_when_paused__reverts(
    nw, nw_admin, fund, pauser, service, resident, resident2
):
    fund(resident, 100)
    nw.addServiceAccount(service, sender=nw_admin)
    nw.approve(service, 10, sender=resident)
    nw.pause(sender=pauser)
    with ape.reverts(nw.EnforcedPause):
        service.payFrom(resident, resident2, 1, sender=resident)
    with ape.reverts(nw.EnforcedPause):
        service.pay(resident2, 0, sender=resident)


def test_service_account__removed__policy_applies_again(
    nw, nw_admin, fund, service, resident, resident2
):
    fund(resident, 100)
    nw.addServiceAccount(service, sender=nw_admin)
    nw.transfer(service, 50, sender=resident)
    nw.approve(service, 10, sender=resident)
    nw.removeServiceAccount(service, sender=nw_admin)
    with ape.reverts(nw.SpendingPolicyViolation, **{"from": service, "to": resident2}):
        service.pay(resident2, 1, sender=resident)
    with ape.reverts(nw.SpendingPolicyViolation, **{"from": resident, "to": resident2}):
        service.payFrom(resident, resident2, 1, sender=resident)
    with ape.reverts(nw.SpendingPolicyViolation, **{"from": resident, "to": service}):
        nw.transfer(service, 1, sender=resident)


def test_transfer_from__ordinary_spender__policy_applies(nw, fund, resident, resident2, stranger):
    fund(resident, 10)
    nw.approve(stranger, 10, sender=resident)
    with ape.reverts(nw.SpendingPolicyViolation, **{"from": resident, "to": resident2}):
        nw.transferFrom(resident, resident2, 1, sender=stranger)
