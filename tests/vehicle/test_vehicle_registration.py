"""Registration by VIN, VIN rules, the vehicle summary, scrapping."""

import ape
import pytest

from civic.vehicle import (
    ZERO_HEAD,
    RecordKind,
    history,
    next_head,
    ownership_history,
    record_leaf,
    report_hash,
    token_id_of,
)

ZERO = "0x" + "00" * 20


def test_register__valid_vin__mints_title_and_registration_record(
    registry, registrar, owner, vins, chain
):
    vin = vins()
    tx = registry.register(vin, owner, 12_345, report_hash("reg"), sender=registrar)
    token_id = tx.return_value
    assert token_id == token_id_of(vin) == registry.tokenIdOf(vin)
    assert registry.ownerOf(token_id) == owner
    [registered] = tx.decode_logs(registry.VehicleRegistered)
    assert (registered.tokenId, registered.vin, registered.owner) == (token_id, vin, owner)
    [appended] = tx.decode_logs(registry.RecordAppended)
    assert appended.recordId == 1
    assert appended.kind == RecordKind.REGISTRATION
    assert appended.writer == registrar
    assert appended.mileage == 12_345
    assert appended.reportHash == report_hash("reg")
    info = registry.vehicle(token_id)
    assert info.owner == owner
    assert not info.scrapped
    assert (info.segment, info.highestMileage, info.latestReading) == (0, 12_345, 1)
    assert (info.recordCount, info.openSale) == (1, 0)
    [(rid, rec, _)] = history(registry, token_id)
    assert (rid, rec.writer, rec.timestamp) == (1, registrar, chain.blocks.head.timestamp)
    assert info.head == appended.head == next_head(ZERO_HEAD, record_leaf(token_id, 1, rec))
    assert ownership_history(registry, token_id) == [(owner, chain.blocks.head.timestamp)]


@pytest.mark.parametrize(
    "vin",
    ["", "KMHTEST000000001", "KMHTEST00000000012", "KMHTESTO00000001", "kmhtest0000000001"],
    ids=["empty", "16-chars", "18-chars", "letter-O", "lowercase"],
)
def test_register__malformed_vin__reverts(registry, registrar, owner, vin):
    with ape.reverts(registry.InvalidVin, vin=vin):
        registry.register(vin, owner, 0, report_hash("x"), sender=registrar)


def test_register__same_vin_twice__reverts(registry, registrar, owner, register):
    token_id, vin = register()
    with ape.reverts(registry.VinAlreadyRegistered, vin=vin, tokenId=token_id):
        registry.register(vin, owner, 5_000, report_hash("x"), sender=registrar)


def test_register__zero_owner__reverts(registry, registrar, vins):
    with ape.reverts(registry.InvalidOwner, owner=ZERO):
        registry.register(vins(), ZERO, 0, report_hash("x"), sender=registrar)


def test_register__not_registrar__reverts(registry, inspector, owner, vins):
    with ape.reverts(
        registry.AccessControlUnauthorizedAccount,
        account=inspector,
        neededRole=registry.REGISTRAR_ROLE(),
    ):
        registry.register(vins(), owner, 0, report_hash("x"), sender=inspector)


def test_vehicle__unknown_token__reverts(registry):
    with ape.reverts(registry.UnknownVehicle, tokenId=7):
        registry.vehicle(7)
    with ape.reverts(registry.UnknownVehicle, tokenId=7):
        registry.correctedBy(7, 1)


def test_scrap__registrar__burns_title_keeps_history(
    registry, registrar, inspector, register, chain
):
    token_id, vin = register()
    registry.recordInspection(token_id, 2_000, report_hash("insp"), sender=inspector)
    tx = registry.scrap(token_id, report_hash("cert"), sender=registrar)
    [scrapped] = tx.decode_logs(registry.VehicleScrapped)
    assert (scrapped.tokenId, scrapped.certificateHash) == (token_id, report_hash("cert"))
    [burn] = tx.decode_logs(registry.Transfer)
    assert burn.to == ZERO
    with ape.reverts(registry.ERC721NonexistentToken, tokenId=token_id):
        registry.ownerOf(token_id)
    info = registry.vehicle(token_id)
    assert info.owner == ZERO
    assert info.scrapped
    page = history(registry, token_id)
    records = [r for _, r, _ in page]
    corrections = [c for _, _, c in page]
    assert [r.kind for r in records] == [
        RecordKind.REGISTRATION,
        RecordKind.INSPECTION,
        RecordKind.SCRAP,
    ]
    assert records[2].reportHash == report_hash("cert")
    assert list(corrections) == [0, 0, 0]
    assert ownership_history(registry, token_id)[-1] == (ZERO, chain.blocks.head.timestamp)


def test_scrap__then_register_same_vin__reverts(registry, registrar, owner, register):
    token_id, vin = register()
    registry.scrap(token_id, report_hash("cert"), sender=registrar)
    with ape.reverts(registry.VinAlreadyRegistered, vin=vin, tokenId=token_id):
        registry.register(vin, owner, 0, report_hash("again"), sender=registrar)


def test_scrap__then_record__reverts(registry, registrar, inspector, register):
    token_id, _ = register()
    registry.scrap(token_id, report_hash("cert"), sender=registrar)
    with ape.reverts(registry.VehicleAlreadyScrapped, tokenId=token_id):
        registry.recordMileage(token_id, 5_000, sender=inspector)
    with ape.reverts(registry.VehicleAlreadyScrapped, tokenId=token_id):
        registry.scrap(token_id, report_hash("cert"), sender=registrar)


def test_scrap__unknown_vehicle__reverts(registry, registrar):
    with ape.reverts(registry.UnknownVehicle, tokenId=1):
        registry.scrap(1, report_hash("cert"), sender=registrar)


def test_scrap__not_registrar__reverts(registry, owner, register):
    token_id, _ = register()
    with ape.reverts(
        registry.AccessControlUnauthorizedAccount,
        account=owner,
        neededRole=registry.REGISTRAR_ROLE(),
    ):
        registry.scrap(token_id, report_hash("cert"), sender=owner)


def test_scrap__scrapped_by_stranger__reverts_scrapped(registry, registrar, register, stranger):
    token_id, _ = register()
    registry.scrap(token_id, bytes(32), sender=registrar)
    with ape.reverts(registry.VehicleAlreadyScrapped, tokenId=token_id):
        registry.scrap(token_id, bytes(32), sender=stranger)
