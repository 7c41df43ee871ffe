"""Listing, funding with acknowledgement, completion, cancellation, expiry, dealers."""

import ape
import pytest
from eth_utils import keccak

from civic.vehicle import (
    ZERO_HEAD,
    RecordKind,
    SaleStatus,
    SaleTerms,
    ownership_history,
    report_hash,
    terms_hash,
)

ZERO = "0x" + "00" * 20
PRICE = 25_000_000  # as tests/vehicle/conftest.py
DAY = 86_400
NO_TERMS = (0, ZERO, 0, ZERO, 0, bytes(32), ZERO)


@pytest.fixture
def car(register):
    token_id, _ = register(mileage=30_000)
    return token_id


@pytest.fixture
def funded(registry, car, list_car, fund):
    sale_id = list_car(car)
    fund(sale_id)
    return car, sale_id


# --- list -------------------------------------------------------------------------------


def test_list__owner__opens_sale(registry, token, owner, car, chain, terms):
    expires = chain.pending_timestamp + DAY
    tx = registry.list(car, token, PRICE, report_hash("k"), expires, ZERO, sender=owner)
    sale_id = tx.return_value
    [log] = tx.decode_logs(registry.SaleListed)
    assert (log.saleId, log.tokenId, log.seller, log.lister) == (sale_id, car, owner, owner)
    logged = SaleTerms.of(log.terms)
    want = SaleTerms(car, token.address, PRICE, ZERO, expires, report_hash("k"), ZERO)
    assert logged == want
    assert terms(sale_id) == want
    s = registry.sale(sale_id)
    assert (s.status, s.buyer, s.acknowledged) == (SaleStatus.LISTED, ZERO, 0)
    assert bytes(s.termsHash) == terms_hash(want) == bytes(registry.saleTermsHash(want))
    assert registry.vehicle(car).openSale == sale_id
    assert registry.saleCount() == sale_id


@pytest.mark.parametrize("approval", ["token", "operator"])
def test_list__dealer_approved_by_owner__lists_for_owner(
    registry, token, owner, dealer, car, list_car, terms, approval
):
    if approval == "token":
        registry.approve(dealer, car, sender=owner)
    else:
        registry.setApprovalForAll(dealer, True, sender=owner)
    sale_id = list_car(car, by=dealer)
    assert terms(sale_id).dealer == dealer


def test_list__dealer_without_approval__reverts(registry, dealer, car, list_car):
    with ape.reverts(registry.ListerNotAuthorized, account=dealer, tokenId=car):
        list_car(car, by=dealer)


def test_list__approved_non_dealer__reverts(registry, owner, buyer, car, list_car):
    registry.approve(buyer, car, sender=owner)
    with ape.reverts(registry.ListerNotAuthorized, account=buyer, tokenId=car):
        list_car(car, by=buyer)


def test_list__already_listed__reverts(registry, car, list_car):
    sale_id = list_car(car)
    with ape.reverts(registry.VehicleListed, tokenId=car, saleId=sale_id):
        list_car(car)


def test_list__bad_terms__revert(registry, token, owner, car, chain):
    expires = chain.pending_timestamp + DAY
    with ape.reverts(registry.InvalidPaymentToken, token=owner):
        registry.list(car, owner, PRICE, bytes(32), expires, ZERO, sender=owner)
    with ape.reverts(registry.InvalidPrice, price=0):
        registry.list(car, token, 0, bytes(32), expires, ZERO, sender=owner)
    now = chain.pending_timestamp + 60  # the next block's time, whatever the clock does
    chain.pending_timestamp = now
    with ape.reverts(registry.ExpiryNotInFuture, expiresAt=now, nowTs=now):
        registry.list(car, token, PRICE, bytes(32), now, ZERO, sender=owner)
    with ape.reverts(registry.BuyerIsSeller, buyer=owner):
        registry.list(car, token, PRICE, bytes(32), expires, owner, sender=owner)


def test_list__scrapped_title__reverts_scrapped(registry, registrar, car, list_car):
    registry.scrap(car, bytes(32), sender=registrar)
    with ape.reverts(registry.VehicleAlreadyScrapped, tokenId=car):
        list_car(car)


def test_list__scrapped_title_by_stranger__reverts_scrapped(
    registry, registrar, car, list_car, stranger
):
    registry.scrap(car, bytes(32), sender=registrar)
    with ape.reverts(registry.VehicleAlreadyScrapped, tokenId=car):
        list_car(car, by=stranger)


def test_list__unknown_vehicle__reverts_unknown(registry, list_car):
    with ape.reverts(registry.UnknownVehicle, tokenId=5):
        list_car(5)


def test_list__listed_title_by_stranger__reverts_listed(registry, car, list_car, stranger):
    sale_id = list_car(car)
    with ape.reverts(registry.VehicleListed, tokenId=car, saleId=sale_id):
        list_car(car, by=stranger)


# --- fund / acknowledge -----------------------------------------------------------------


def test_fund__latest_record__escrows_price(registry, token, buyer, car, list_car, terms):
    sale_id = list_car(car)
    token.approve(registry, PRICE, sender=buyer)
    before = token.balanceOf(buyer)
    head = registry.vehicle(car).head
    tx = registry.fund(sale_id, terms(sale_id), head, sender=buyer)
    [log] = tx.decode_logs(registry.SaleFunded)
    assert (log.saleId, log.buyer, log.price, log.acknowledged) == (sale_id, buyer, PRICE, 1)
    assert log.head == head
    assert token.balanceOf(buyer) == before - PRICE
    assert token.balanceOf(registry) == PRICE
    assert registry.escrowed(token) == PRICE
    s = registry.sale(sale_id)
    assert (s.status, s.buyer, s.acknowledged) == (SaleStatus.FUNDED, buyer, 1)


def test_fund__stale_acknowledgement__reverts(
    registry, token, buyer, inspector, car, list_car, terms
):
    sale_id = list_car(car)
    seen = registry.vehicle(car).head
    registry.recordInspection(car, 31_000, report_hash("i"), sender=inspector)
    token.approve(registry, PRICE, sender=buyer)
    head = registry.vehicle(car).head
    with ape.reverts(registry.HistoryHeadMismatch, tokenId=car, acknowledged=seen, head=head):
        registry.fund(sale_id, terms(sale_id), seen, sender=buyer)


def test_fund__not_designated_buyer__reverts(
    registry, token, buyer, other_buyer, car, list_car, terms
):
    sale_id = list_car(car, buyer=buyer)
    token.approve(registry, PRICE, sender=other_buyer)
    with ape.reverts(registry.NotBuyer, saleId=sale_id, account=other_buyer, buyer=buyer):
        registry.fund(sale_id, terms(sale_id), ZERO_HEAD, sender=other_buyer)


def test_fund__seller_on_reserved_listing__reverts_buyer_is_seller(
    registry, owner, buyer, car, list_car, terms
):
    sale_id = list_car(car, buyer=buyer)
    with ape.reverts(registry.BuyerIsSeller, buyer=owner):
        registry.fund(sale_id, terms(sale_id), ZERO_HEAD, sender=owner)


def test_fund__expired_reserved_listing_by_stranger__reverts_expired(
    registry, buyer, stranger, car, list_car, terms, chain
):
    sale_id = list_car(car, buyer=buyer, days=1)
    t = terms(sale_id)
    chain.pending_timestamp = t.expiresAt + 1
    with ape.reverts(registry.SaleExpired, saleId=sale_id, expiresAt=t.expiresAt):
        registry.fund(sale_id, t, ZERO_HEAD, sender=stranger)


def test_fund__by_seller__reverts(registry, token, owner, car, list_car, terms):
    sale_id = list_car(car)
    with ape.reverts(registry.BuyerIsSeller, buyer=owner):
        registry.fund(sale_id, terms(sale_id), ZERO_HEAD, sender=owner)


def test_fund__twice__reverts(registry, other_buyer, funded, terms):
    _, sale_id = funded
    with ape.reverts(registry.UnexpectedSaleStatus, saleId=sale_id, status=SaleStatus.FUNDED):
        registry.fund(sale_id, terms(sale_id), ZERO_HEAD, sender=other_buyer)


def test_fund__unknown_sale__reverts(registry, buyer):
    with ape.reverts(registry.UnknownSale, saleId=99):
        registry.fund(99, NO_TERMS, ZERO_HEAD, sender=buyer)


@pytest.mark.parametrize(
    "field, value",
    [("price", 1), ("buyer", "other_buyer"), ("expiresAt", 2**40 - 1), ("dealer", "buyer")],
)
def test_fund__altered_terms__reverts(
    registry, token, buyer, other_buyer, car, list_car, terms, field, value, request
):
    """Terms that differ from the listing's in any field (a lower price, another reserved
    buyer, a later expiry, a dealer) do not hash to the stored terms hash."""
    sale_id = list_car(car)
    t = terms(sale_id)
    if isinstance(value, str):
        value = request.getfixturevalue(value).address
    forged = t._replace(**{field: value})
    token.approve(registry, PRICE, sender=buyer)
    with ape.reverts(
        registry.SaleTermsMismatch,
        saleId=sale_id,
        termsHash=terms_hash(t),
        given=terms_hash(forged),
    ):
        registry.fund(sale_id, forged, registry.vehicle(car).head, sender=buyer)


def test_fund__fee_on_transfer_token__reverts(
    project, registry, deployer, buyer, car, list_car, terms
):
    fee_token = deployer.deploy(project.VehicleFeeToken, 10 * PRICE, 7)
    fee_token.transfer(buyer, 2 * PRICE, sender=deployer)
    sale_id = list_car(car, currency=fee_token)
    fee_token.approve(registry, PRICE, sender=buyer)
    with ape.reverts(
        registry.PaymentShortfall, token=fee_token, expected=PRICE, received=PRICE - 7
    ):
        registry.fund(sale_id, terms(sale_id), registry.vehicle(car).head, sender=buyer)


def test_complete__missing_returns_token__settles(
    project, registry, deployer, owner, buyer, car, list_car, terms
):
    usdt_like = deployer.deploy(project.VehicleMissingReturnsToken, 10 * PRICE)
    usdt_like.transfer(buyer, PRICE, sender=deployer)
    sale_id = list_car(car, currency=usdt_like)
    usdt_like.approve(registry, PRICE, sender=buyer)
    t = terms(sale_id)
    registry.fund(sale_id, t, registry.vehicle(car).head, sender=buyer)
    registry.complete(sale_id, t, sender=owner)
    assert usdt_like.balanceOf(owner) == PRICE
    assert registry.ownerOf(car) == buyer


def test_acknowledge__after_new_record__unblocks_completion(
    registry, buyer, owner, repairer, funded, terms
):
    car, sale_id = funded
    t = terms(sale_id)
    seen = registry.vehicle(car).head
    registry.recordAccident(car, 2, report_hash("dent"), sender=repairer)
    head = registry.vehicle(car).head
    with ape.reverts(registry.StaleAcknowledgement, tokenId=car, acknowledged=1, latest=2):
        registry.complete(sale_id, t, sender=owner)
    with ape.reverts(registry.HistoryHeadMismatch, tokenId=car, acknowledged=seen, head=head):
        registry.acknowledge(sale_id, t, seen, sender=buyer)
    tx = registry.acknowledge(sale_id, t, head, sender=buyer)
    [log] = tx.decode_logs(registry.SaleAcknowledged)
    assert (log.saleId, log.acknowledged, log.head) == (sale_id, 2, head)
    registry.complete(sale_id, t, sender=owner)
    assert registry.ownerOf(car) == buyer


def test_acknowledge__not_buyer__reverts(registry, other_buyer, buyer, funded, terms):
    _, sale_id = funded
    with ape.reverts(registry.NotBuyer, saleId=sale_id, account=other_buyer, buyer=buyer):
        registry.acknowledge(sale_id, terms(sale_id), ZERO_HEAD, sender=other_buyer)


def test_acknowledge__altered_terms__reverts(registry, buyer, funded, terms):
    _, sale_id = funded
    t = terms(sale_id)
    forged = t._replace(expiresAt=t.expiresAt + DAY)
    with ape.reverts(
        registry.SaleTermsMismatch,
        saleId=sale_id,
        termsHash=terms_hash(t),
        given=terms_hash(forged),
    ):
        registry.acknowledge(sale_id, forged, ZERO_HEAD, sender=buyer)


def test_acknowledge__listed_not_funded__reverts(registry, buyer, car, list_car, terms):
    sale_id = list_car(car)
    with ape.reverts(registry.UnexpectedSaleStatus, saleId=sale_id, status=SaleStatus.LISTED):
        registry.acknowledge(sale_id, terms(sale_id), ZERO_HEAD, sender=buyer)


# --- complete ---------------------------------------------------------------------------


@pytest.mark.parametrize("caller", ["owner", "buyer"])
def test_complete__party__swaps_title_and_payment(
    registry, token, owner, buyer, funded, caller, request, chain, terms
):
    car, sale_id = funded
    who = request.getfixturevalue(caller)
    seller_before = token.balanceOf(owner)
    tx = registry.complete(sale_id, terms(sale_id), sender=who)
    assert registry.ownerOf(car) == buyer
    assert token.balanceOf(owner) == seller_before + PRICE
    assert token.balanceOf(registry) == 0
    assert registry.escrowed(token) == 0
    [done] = tx.decode_logs(registry.SaleCompleted)
    assert (done.saleId, done.tokenId, done.seller, done.buyer, done.price) == (
        sale_id,
        car,
        owner,
        buyer,
        PRICE,
    )
    [rec] = tx.decode_logs(registry.RecordAppended)
    assert (rec.recordId, rec.kind, rec.writer) == (2, RecordKind.SALE, who)
    assert rec.reportHash == report_hash(f"contract:{car}")
    # The ERC-20 payment's Transfer shares the ERC-721 topic: pick the title's by address.
    transfer_topic = keccak(text="Transfer(address,address,uint256)")
    [moved] = [
        log
        for log in tx.logs
        if log["address"] == registry.address and bytes(log["topics"][0]) == transfer_topic
    ]
    moved_topics = [int.from_bytes(bytes(t), "big") for t in moved["topics"][1:]]
    assert moved_topics == [int(owner.address, 16), int(buyer.address, 16), car]
    info = registry.vehicle(car)
    assert (info.openSale, info.recordCount, info.head) == (0, 2, rec.head)
    assert registry.sale(sale_id).status == SaleStatus.COMPLETED
    assert ownership_history(registry, car)[1] == (buyer, chain.blocks.head.timestamp)


def test_complete__by_dealer__pays_owner(
    registry, token, owner, dealer, buyer, car, list_car, fund, terms
):
    registry.approve(dealer, car, sender=owner)
    sale_id = list_car(car, by=dealer)
    fund(sale_id)
    registry.complete(sale_id, terms(sale_id), sender=dealer)
    assert registry.ownerOf(car) == buyer
    assert token.balanceOf(owner) == PRICE
    assert token.balanceOf(dealer) == 0
    assert registry.getApproved(car) == ZERO


def test_complete__dealer_approval_revoked__reverts(
    registry, owner, dealer, buyer, car, list_car, fund, terms
):
    registry.setApprovalForAll(dealer, True, sender=owner)
    sale_id = list_car(car, by=dealer)
    fund(sale_id)
    registry.setApprovalForAll(dealer, False, sender=owner)
    with ape.reverts(registry.ListerNotAuthorized, account=dealer, tokenId=car):
        registry.complete(sale_id, terms(sale_id), sender=buyer)


def test_complete__stranger__reverts(registry, stranger, funded, terms):
    _, sale_id = funded
    with ape.reverts(registry.NotSaleParty, saleId=sale_id, account=stranger):
        registry.complete(sale_id, terms(sale_id), sender=stranger)


def test_complete__dealer_added_to_terms__reverts(registry, dealer, funded, terms):
    """A stranger cannot make itself a party by naming itself the dealer."""
    _, sale_id = funded
    t = terms(sale_id)
    forged = t._replace(dealer=dealer.address)
    with ape.reverts(
        registry.SaleTermsMismatch,
        saleId=sale_id,
        termsHash=terms_hash(t),
        given=terms_hash(forged),
    ):
        registry.complete(sale_id, forged, sender=dealer)


def test_complete__not_funded__reverts(registry, owner, car, list_car, terms):
    sale_id = list_car(car)
    with ape.reverts(registry.UnexpectedSaleStatus, saleId=sale_id, status=SaleStatus.LISTED):
        registry.complete(sale_id, terms(sale_id), sender=owner)


def test_complete__expired__reverts(registry, owner, funded, chain, terms):
    _, sale_id = funded
    t = terms(sale_id)
    chain.pending_timestamp = t.expiresAt
    with ape.reverts(registry.SaleExpired, saleId=sale_id, expiresAt=t.expiresAt):
        registry.complete(sale_id, t, sender=owner)


def test_complete__twice__reverts(registry, owner, funded, terms):
    _, sale_id = funded
    t = terms(sale_id)
    registry.complete(sale_id, t, sender=owner)
    with ape.reverts(registry.UnexpectedSaleStatus, saleId=sale_id, status=SaleStatus.COMPLETED):
        registry.complete(sale_id, t, sender=owner)


def test_complete__reentrant_token__refuses_reentry(
    project, registry, deployer, owner, buyer, car, list_car, terms
):
    evil = deployer.deploy(project.ReentrantERC20)
    evil.mint(buyer, PRICE, sender=deployer)
    sale_id = list_car(car, currency=evil)
    evil.approve(registry, PRICE, sender=buyer)
    t = terms(sale_id)
    registry.fund(sale_id, t, registry.vehicle(car).head, sender=buyer)
    # While complete() pays the seller, the token calls cancel() on the same sale.
    evil.arm(registry, registry.cancel.encode_input(sale_id, t), sender=deployer)
    registry.complete(sale_id, t, sender=owner)
    assert evil.attempts() == 1
    assert evil.lastSuccess() is False
    assert bytes(evil.lastReturn()) == keccak(text="ReentrancyGuardReentrantCall()")[:4]
    assert registry.ownerOf(car) == buyer
    assert registry.sale(sale_id).status == SaleStatus.COMPLETED


# --- cancel -----------------------------------------------------------------------------


@pytest.mark.parametrize("caller", ["owner", "buyer"])
def test_cancel__either_side__refunds_buyer_in_full(
    registry, token, owner, buyer, funded, caller, request, terms
):
    car, sale_id = funded
    who = request.getfixturevalue(caller)
    before = token.balanceOf(buyer)
    tx = registry.cancel(sale_id, terms(sale_id), sender=who)
    [log] = tx.decode_logs(registry.SaleCancelled)
    assert (log.saleId, log.by, log.buyer, log.refund) == (sale_id, who, buyer, PRICE)
    assert token.balanceOf(buyer) == before + PRICE
    assert registry.escrowed(token) == 0
    assert registry.ownerOf(car) == owner
    assert registry.vehicle(car).openSale == 0
    assert registry.sale(sale_id).status == SaleStatus.CANCELLED


def test_cancel__listed_by_dealer__no_refund(registry, owner, dealer, car, list_car, terms):
    registry.approve(dealer, car, sender=owner)
    sale_id = list_car(car, by=dealer)
    tx = registry.cancel(sale_id, terms(sale_id), sender=dealer)
    [log] = tx.decode_logs(registry.SaleCancelled)
    assert (log.refund, log.buyer) == (0, ZERO)


def test_cancel__designated_buyer_before_funding__cancels(registry, buyer, car, list_car, terms):
    sale_id = list_car(car, buyer=buyer)
    tx = registry.cancel(sale_id, terms(sale_id), sender=buyer)
    [log] = tx.decode_logs(registry.SaleCancelled)
    assert (log.by, log.buyer, log.refund) == (buyer, buyer, 0)
    assert registry.sale(sale_id).status == SaleStatus.CANCELLED


def test_cancel__stranger_before_expiry__reverts(registry, stranger, funded, terms):
    _, sale_id = funded
    with ape.reverts(registry.NotSaleParty, saleId=sale_id, account=stranger):
        registry.cancel(sale_id, terms(sale_id), sender=stranger)


def test_cancel__stranger_with_expired_terms__reverts(registry, stranger, funded, terms, chain):
    """Terms with an earlier expiry do not let a stranger cancel an open sale."""
    _, sale_id = funded
    t = terms(sale_id)
    forged = t._replace(expiresAt=chain.pending_timestamp - 1)
    with ape.reverts(
        registry.SaleTermsMismatch,
        saleId=sale_id,
        termsHash=terms_hash(t),
        given=terms_hash(forged),
    ):
        registry.cancel(sale_id, forged, sender=stranger)


def test_cancel__anyone_after_expiry__refunds_buyer(
    registry, token, stranger, buyer, funded, chain, terms
):
    _, sale_id = funded
    t = terms(sale_id)
    chain.pending_timestamp = t.expiresAt
    before = token.balanceOf(buyer)
    registry.cancel(sale_id, t, sender=stranger)
    assert token.balanceOf(buyer) == before + PRICE


def test_cancel__completed__reverts(registry, owner, buyer, funded, terms):
    _, sale_id = funded
    t = terms(sale_id)
    registry.complete(sale_id, t, sender=buyer)
    with ape.reverts(registry.UnexpectedSaleStatus, saleId=sale_id, status=SaleStatus.COMPLETED):
        registry.cancel(sale_id, t, sender=owner)


def test_cancel__then_relist__works(registry, owner, funded, list_car, terms):
    car, sale_id = funded
    registry.cancel(sale_id, terms(sale_id), sender=owner)
    assert list_car(car) == sale_id + 1


# --- title frozen while listed ----------------------------------------------------------


def test_transfer__while_listed__reverts(registry, owner, other_buyer, car, list_car):
    sale_id = list_car(car)
    with ape.reverts(registry.VehicleListed, tokenId=car, saleId=sale_id):
        registry.transferFrom(owner, other_buyer, car, sender=owner)


def test_scrap__while_listed__reverts(registry, registrar, car, list_car):
    sale_id = list_car(car)
    with ape.reverts(registry.VehicleListed, tokenId=car, saleId=sale_id):
        registry.scrap(car, bytes(32), sender=registrar)
