from civic.nw import (
    MerchantStatus,
    SpendingPolicy,
    compact_batch,
    payment_nonce,
    reference,
    sign_payment,
)
from civic.nw.recount import audit, recount


def test_audit__after_a_day_of_activity__matches_contract(
    nw, nw_admin, fund, merchant_manager, pauser, resident, resident2, shop, shop2
):
    fund(resident, 500)
    fund(resident2, 300)
    nw.transfer(shop, 200, sender=resident)
    nw.registerMerchant(shop2, reference("brn", "shop-2"), sender=merchant_manager)
    nw.transfer(shop2, 100, sender=resident2)
    nw.redeem(150, reference("settlement", "a"), sender=shop)
    nw.suspendMerchant(shop2, sender=merchant_manager)
    nw.setSpendingPolicy(SpendingPolicy.OPEN, sender=nw_admin)
    nw.seal(sender=nw_admin)
    nw.pause(sender=pauser)
    assert audit(nw) == []
    state = recount(nw)
    assert state["total_supply"] == 650
    assert state["balances"][shop.address] == 50


def test_audit__wrong_state__names_first_difference(nw, chain, fund, resident):
    fund(resident, 10)
    state = recount(nw)
    assert state["balances"][resident.address] == 10
    # A recount that starts after the issue misses it: the audit names what differs.
    problems = audit(nw, start_block=chain.blocks.height + 1)
    assert problems and problems[0].startswith("totalSupply")


def test_audit__merchant_moved__follows_the_hash(nw, merchant_manager, shop, shop2, stranger):
    nw.moveMerchant(shop, shop2, sender=merchant_manager)
    nw.moveMerchant(shop2, stranger, sender=merchant_manager)
    assert audit(nw) == []
    merchants = recount(nw)["merchants"]
    assert merchants[stranger.address] == (MerchantStatus.ACTIVE, reference("brn", "shop-1"))
    assert merchants[shop.address][0] == MerchantStatus.UNREGISTERED


def test_audit__signed_payments_and_service_accounts__matches_contract(
    nw, project, deployer, nw_admin, fund, resident, resident2, shop
):
    fund(resident, 100)
    fund(resident2, 100)
    order = reference("order", "recount")
    paid = [
        sign_payment(nw, who, shop.address, 10, payment_nonce(1, i), order, 2**40)
        for i, who in enumerate((resident, resident2))
    ]
    nw.receiveBatchWithAuthorization(
        compact_batch([*paid, paid[0]]), sender=shop
    )  # the repeat is rejected
    nw.cancelAuthorization(resident, payment_nonce(1, 5), b"", sender=resident)
    service = project.NWServiceMock.deploy(nw, sender=deployer)
    nw.addServiceAccount(service, sender=nw_admin)
    nw.transfer(service, 30, sender=resident)
    assert audit(nw) == []
    state = recount(nw)
    assert state["signed_payments"] == [
        (resident.address, shop.address, 10, payment_nonce(1, 0), order),
        (resident2.address, shop.address, 10, payment_nonce(1, 1), order),
    ]
    assert state["rejected_items"] == 1
    assert (resident.address, payment_nonce(1, 5)) in state["nonces_used"]
    assert state["service_accounts"] == {service.address: True}
    nw.removeServiceAccount(service, sender=nw_admin)
    assert recount(nw)["service_accounts"] == {service.address: False}
    assert audit(nw) == []
