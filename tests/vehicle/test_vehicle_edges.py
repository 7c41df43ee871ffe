"""Remaining error paths: constructor, views, segment exhaustion, late acknowledgement."""

import ape

from civic.chain import RawClient
from civic.vehicle import report_hash

ZERO = "0x" + "00" * 20
DAY = 86_400
NO_TERMS = (0, ZERO, 0, ZERO, 0, bytes(32), ZERO)


def test_constructor__zero_admin__reverts(project, deployer, registry):
    with ape.reverts(registry.InvalidOwner, owner=ZERO):
        deployer.deploy(project.VehicleRegistry, ZERO)


def test_corrected_by_view__unknown_record__reverts(registry, register):
    token_id, _ = register()
    with ape.reverts(registry.UnknownRecord, tokenId=token_id, recordId=2):
        registry.correctedBy(token_id, 2)
    with ape.reverts(registry.UnknownRecord, tokenId=token_id, recordId=0):
        registry.correctedBy(token_id, 0)


def test_sale_view__unknown_sale__reverts(registry, owner):
    with ape.reverts(registry.UnknownSale, saleId=1):
        registry.sale(1)
    with ape.reverts(registry.UnknownSale, saleId=1):
        registry.cancel(1, NO_TERMS, sender=owner)


def test_acknowledge__expired_sale__reverts(
    registry, token, buyer, register, list_car, fund, terms, chain
):
    token_id, _ = register()
    sale_id = list_car(token_id, days=1)
    fund(sale_id)
    t = terms(sale_id)
    chain.pending_timestamp = t.expiresAt + 1
    with ape.reverts(registry.SaleExpired, saleId=sale_id, expiresAt=t.expiresAt):
        registry.acknowledge(sale_id, t, registry.vehicle(token_id).head, sender=buyer)


def test_replace_odometer__255_segments_used__reverts(registry, registrar, register):
    token_id, _ = register()
    rpc = RawClient(registry)
    for _ in range(255):
        rpc.send(registrar.address, "replaceOdometer", token_id, 0, report_hash("swap"))
    assert registry.vehicle(token_id).segment == 255
    with ape.reverts(registry.OdometerSegmentsExhausted, tokenId=token_id):
        registry.replaceOdometer(token_id, 0, report_hash("swap"), sender=registrar)
