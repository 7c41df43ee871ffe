"""Inspection, mileage, accident and repair records; rollback; odometer segments; corrections."""

import ape
import pytest

from civic.vehicle import (
    HistoryChainBroken,
    RecordKind,
    history,
    ownership_history,
    record_proof,
    report_hash,
    send_correction,
)
from civic.vehicle.recount import recount


@pytest.fixture
def car(register):
    token_id, vin = register(mileage=10_000)
    return token_id, vin


def test_record_inspection__inspector__appends_stamped_record(registry, inspector, car, chain):
    token_id, _ = car
    tx = registry.recordInspection(token_id, 12_000, report_hash("insp-1"), sender=inspector)
    assert tx.return_value == 2
    [log] = tx.decode_logs(registry.RecordAppended)
    assert (log.tokenId, log.recordId, log.kind) == (token_id, 2, RecordKind.INSPECTION)
    assert (log.writer, log.mileage, log.segment, log.corrects) == (inspector, 12_000, 0, 0)
    assert log.timestamp == chain.blocks.head.timestamp
    _, rec, _ = history(registry, token_id)[1]
    assert (rec.writer, rec.mileage, rec.reportHash) == (inspector, 12_000, report_hash("insp-1"))
    assert rec.timestamp == chain.blocks.head.timestamp
    info = registry.vehicle(token_id)
    assert (info.highestMileage, info.latestReading, info.head) == (12_000, 2, log.head)
    assert recount(registry)["vehicles"][token_id].latest_inspection == 2


@pytest.mark.parametrize("who", ["inspector", "repairer"])
def test_record_mileage__inspector_or_repairer__appends(registry, car, who, request):
    token_id, _ = car
    writer = request.getfixturevalue(who)
    tx = registry.recordMileage(token_id, 10_500, sender=writer)
    [log] = tx.decode_logs(registry.RecordAppended)
    assert (log.kind, log.writer, log.mileage) == (RecordKind.MILEAGE, writer, 10_500)


def test_record_mileage__equal_to_highest__appends(registry, inspector, car):
    token_id, _ = car
    registry.recordMileage(token_id, 10_000, sender=inspector)
    assert registry.vehicle(token_id).highestMileage == 10_000


@pytest.mark.parametrize("fn", ["mileage", "inspection"])
def test_record_reading__below_highest__reverts_with_token_id(registry, inspector, car, fn):
    token_id, _ = car
    registry.recordMileage(token_id, 15_000, sender=inspector)
    with ape.reverts(
        registry.OdometerRollback, tokenId=token_id, recorded=15_000, attempted=14_999
    ):
        if fn == "mileage":
            registry.recordMileage(token_id, 14_999, sender=inspector)
        else:
            registry.recordInspection(token_id, 14_999, report_hash("x"), sender=inspector)


@pytest.mark.parametrize(
    "fn, who, kind",
    [
        ("recordInspection", "repairer", RecordKind.INSPECTION),
        ("recordMileage", "insurer", RecordKind.MILEAGE),
        ("recordAccident", "inspector", RecordKind.ACCIDENT),
        ("recordRepair", "insurer", RecordKind.REPAIR),
        ("replaceOdometer", "inspector", RecordKind.ODOMETER_REPLACEMENT),
    ],
)
def test_record__wrong_role__reverts(registry, car, fn, who, kind, request):
    token_id, _ = car
    account = request.getfixturevalue(who)
    args = {
        "recordInspection": (token_id, 20_000, report_hash("r")),
        "recordMileage": (token_id, 20_000),
        "recordAccident": (token_id, 2, report_hash("r")),
        "recordRepair": (token_id, 2, report_hash("r")),
        "replaceOdometer": (token_id, 0, report_hash("r")),
    }[fn]
    with ape.reverts(registry.RecorderNotAuthorized, account=account, kind=kind):
        getattr(registry, fn)(*args, sender=account)


@pytest.mark.parametrize(
    "fn,who",
    [
        ("recordInspection", "insurer"),
        ("recordMileage", "insurer"),
        ("recordAccident", "inspector"),
        ("recordRepair", "insurer"),
        ("replaceOdometer", "inspector"),
        ("recordInspection", "stranger"),
    ],
)
def test_record__wrong_role_on_scrapped__reverts_scrapped(
    registry, registrar, car, fn, who, request
):
    token_id, _ = car
    registry.scrap(token_id, bytes(32), sender=registrar)
    account = request.getfixturevalue(who)
    args = {
        "recordInspection": (token_id, 20_000, report_hash("r")),
        "recordMileage": (token_id, 20_000),
        "recordAccident": (token_id, 2, report_hash("r")),
        "recordRepair": (token_id, 2, report_hash("r")),
        "replaceOdometer": (token_id, 0, report_hash("r")),
    }[fn]
    with ape.reverts(registry.VehicleAlreadyScrapped, tokenId=token_id):
        getattr(registry, fn)(*args, sender=account)


def test_record__wrong_role_on_unknown__reverts_unknown(registry, insurer):
    with ape.reverts(registry.UnknownVehicle, tokenId=7):
        registry.recordInspection(7, 1, report_hash("r"), sender=insurer)


def test_correct__wrong_role_on_scrapped__reverts_scrapped(
    registry, registrar, inspector, insurer, car
):
    token_id, _ = car
    registry.recordInspection(token_id, 11_000, report_hash("i"), sender=inspector)
    registry.scrap(token_id, bytes(32), sender=registrar)
    with ape.reverts(registry.VehicleAlreadyScrapped, tokenId=token_id):
        send_correction(registry, token_id, 2, 11_000, 0, bytes(32), sender=insurer)


def test_correct__wrong_role_on_corrected__reverts_already_corrected(
    registry, inspector, insurer, car
):
    token_id, _ = car
    registry.recordInspection(token_id, 11_000, report_hash("i"), sender=inspector)
    send_correction(registry, token_id, 2, 11_500, 0, bytes(32), sender=inspector)
    with ape.reverts(registry.RecordAlreadyCorrected, tokenId=token_id, recordId=2, correctedBy=3):
        send_correction(registry, token_id, 2, 11_000, 0, bytes(32), sender=insurer)


def test_record__unknown_vehicle__reverts(registry, inspector):
    with ape.reverts(registry.UnknownVehicle, tokenId=42):
        registry.recordMileage(42, 1, sender=inspector)


@pytest.mark.parametrize("who", ["insurer", "repairer"])
def test_record_accident__insurer_or_repairer__appends_severity(registry, car, who, request):
    token_id, _ = car
    writer = request.getfixturevalue(who)
    tx = registry.recordAccident(token_id, 3, report_hash("crash"), sender=writer)
    [log] = tx.decode_logs(registry.RecordAppended)
    assert (log.kind, log.severity, log.mileage, log.writer) == (
        RecordKind.ACCIDENT,
        3,
        0,
        writer,
    )
    assert log.reportHash == report_hash("crash")


def test_record_repair__repairer__appends(registry, repairer, car):
    token_id, _ = car
    tx = registry.recordRepair(token_id, 5, report_hash("fix"), sender=repairer)
    [log] = tx.decode_logs(registry.RecordAppended)
    assert (log.kind, log.severity) == (RecordKind.REPAIR, 5)


@pytest.mark.parametrize("severity", [0, 6])
def test_record_accident__severity_out_of_range__reverts(registry, insurer, car, severity):
    token_id, _ = car
    with ape.reverts(registry.InvalidSeverity, severity=severity):
        registry.recordAccident(token_id, severity, report_hash("x"), sender=insurer)


def test_replace_odometer__registrar__starts_new_segment(registry, registrar, inspector, car):
    token_id, vin = car
    registry.recordMileage(token_id, 90_000, sender=inspector)
    tx = registry.replaceOdometer(token_id, 0, report_hash("new-cluster"), sender=registrar)
    [log] = tx.decode_logs(registry.RecordAppended)
    assert (log.kind, log.segment, log.mileage) == (RecordKind.ODOMETER_REPLACEMENT, 1, 0)
    registry.recordMileage(token_id, 500, sender=inspector)
    info = registry.vehicle(token_id)
    assert (info.segment, info.highestMileage, info.latestReading) == (1, 500, 4)
    page = history(registry, token_id)
    assert [(r.segment, r.mileage) for _, r, _ in page] == [
        (0, 10_000),
        (0, 90_000),
        (1, 0),
        (1, 500),
    ]
    with ape.reverts(registry.OdometerRollback, tokenId=token_id, recorded=500, attempted=499):
        registry.recordMileage(token_id, 499, sender=inspector)


def test_correct__inspection__links_and_keeps_original(registry, inspector, car):
    token_id, _ = car
    registry.recordInspection(token_id, 11_000, report_hash("v1"), sender=inspector)
    before = history(registry, token_id)[1]
    tx = send_correction(registry, token_id, 2, 11_000, 0, report_hash("v2"), sender=inspector)
    assert tx.return_value == 3
    [log] = tx.decode_logs(registry.RecordAppended)
    assert (log.recordId, log.kind, log.corrects, log.reportHash) == (
        3,
        RecordKind.INSPECTION,
        2,
        report_hash("v2"),
    )
    assert history(registry, token_id)[1][:2] == before[:2]
    assert registry.correctedBy(token_id, 2) == 3
    assert registry.correctedBy(token_id, 3) == 0
    assert recount(registry)["vehicles"][token_id].latest_inspection == 3
    page = history(registry, token_id)
    assert [c for _, _, c in page] == [0, 3, 0]


def test_correct__latest_reading_downwards__lowers_highest(registry, inspector, car, repairer):
    token_id, vin = car
    registry.recordMileage(token_id, 100_000, sender=inspector)  # typo for 10_100
    send_correction(registry, token_id, 2, 10_100, 0, bytes(32), sender=repairer)
    info = registry.vehicle(token_id)
    assert (info.highestMileage, info.latestReading) == (10_100, 3)
    registry.recordMileage(token_id, 10_200, sender=inspector)
    assert registry.vehicle(token_id).highestMileage == 10_200


def test_correct__latest_reading_below_previous__reverts(registry, inspector, car):
    token_id, vin = car
    registry.recordMileage(token_id, 20_000, sender=inspector)
    with ape.reverts(registry.OdometerRollback, tokenId=token_id, recorded=10_000, attempted=9_999):
        send_correction(registry, token_id, 2, 9_999, 0, bytes(32), sender=inspector)


def test_correct__latest_of_two_readings_below_the_one_before__reverts(registry, inspector, car):
    token_id, vin = car
    registry.recordMileage(token_id, 20_000, sender=inspector)
    registry.recordMileage(token_id, 30_000, sender=inspector)
    # the floor is the reading before the latest (20,000), not the registration (10,000)
    with ape.reverts(
        registry.OdometerRollback, tokenId=token_id, recorded=20_000, attempted=15_000
    ):
        send_correction(registry, token_id, 3, 15_000, 0, bytes(32), sender=inspector)


def test_correct__older_reading_new_mileage__reverts(registry, inspector, car):
    token_id, _ = car
    registry.recordMileage(token_id, 20_000, sender=inspector)
    registry.recordMileage(token_id, 30_000, sender=inspector)
    with ape.reverts(
        registry.MileageCorrectionNotLatest, tokenId=token_id, recordId=2, latestReading=3
    ):
        send_correction(registry, token_id, 2, 21_000, 0, bytes(32), sender=inspector)


def test_correct__older_reading_same_mileage__appends_in_its_segment(
    registry, inspector, registrar, car
):
    token_id, _ = car
    registry.recordInspection(token_id, 20_000, report_hash("old"), sender=inspector)
    registry.replaceOdometer(token_id, 5, report_hash("swap"), sender=registrar)
    tx = send_correction(registry, token_id, 2, 20_000, 0, report_hash("fixed"), sender=inspector)
    [log] = tx.decode_logs(registry.RecordAppended)
    assert (log.segment, log.mileage, log.corrects) == (0, 20_000, 2)
    info = registry.vehicle(token_id)
    assert (info.segment, info.highestMileage, info.latestReading) == (1, 5, 3)
    assert recount(registry)["vehicles"][token_id].latest_inspection == 4


def test_correct__accident__new_severity(registry, insurer, repairer, car):
    token_id, _ = car
    registry.recordAccident(token_id, 1, report_hash("a"), sender=insurer)
    tx = send_correction(registry, token_id, 2, 0, 4, report_hash("a2"), sender=repairer)
    [log] = tx.decode_logs(registry.RecordAppended)
    assert (log.kind, log.severity, log.corrects, log.mileage) == (RecordKind.ACCIDENT, 4, 2, 0)


def test_correct__accident_after_odometer_swap__keeps_original_segment(
    registry, insurer, registrar, car
):
    token_id, _ = car
    registry.recordAccident(token_id, 1, report_hash("a"), sender=insurer)
    registry.replaceOdometer(token_id, 0, report_hash("swap"), sender=registrar)
    tx = send_correction(registry, token_id, 2, 0, 3, report_hash("a2"), sender=insurer)
    [log] = tx.decode_logs(registry.RecordAppended)
    assert (log.segment, log.corrects, log.severity) == (0, 2, 3)


def test_correct__accident_bad_severity__reverts(registry, insurer, car):
    token_id, _ = car
    registry.recordAccident(token_id, 1, report_hash("a"), sender=insurer)
    with ape.reverts(registry.InvalidSeverity, severity=9):
        send_correction(registry, token_id, 2, 0, 9, report_hash("a2"), sender=insurer)


def test_correct__already_corrected__reverts(registry, inspector, car):
    token_id, _ = car
    registry.recordMileage(token_id, 11_000, sender=inspector)
    send_correction(registry, token_id, 2, 11_100, 0, bytes(32), sender=inspector)
    with ape.reverts(registry.RecordAlreadyCorrected, tokenId=token_id, recordId=2, correctedBy=3):
        send_correction(registry, token_id, 2, 11_200, 0, bytes(32), sender=inspector)
    send_correction(registry, token_id, 3, 11_200, 0, bytes(32), sender=inspector)
    assert registry.vehicle(token_id).highestMileage == 11_200


@pytest.mark.parametrize("record_id", [0, 2])
def test_correct__unknown_record__reverts(registry, inspector, car, record_id):
    token_id, _ = car
    with ape.reverts(registry.UnknownRecord, tokenId=token_id, recordId=record_id):
        send_correction(registry, token_id, record_id, 1, 0, bytes(32), sender=inspector)


def test_correct__registration_record__reverts(registry, registrar, car):
    token_id, _ = car
    with ape.reverts(
        registry.RecordNotCorrectable, tokenId=token_id, recordId=1, kind=RecordKind.REGISTRATION
    ):
        send_correction(registry, token_id, 1, 10_000, 0, bytes(32), sender=registrar)


def test_correct__writer_lacks_role_for_kind__reverts(registry, inspector, insurer, car):
    token_id, _ = car
    registry.recordInspection(token_id, 11_000, report_hash("i"), sender=inspector)
    with ape.reverts(registry.RecorderNotAuthorized, account=insurer, kind=RecordKind.INSPECTION):
        send_correction(registry, token_id, 2, 11_000, 0, bytes(32), sender=insurer)


def test_correct__scrapped_vehicle__reverts(registry, inspector, registrar, car):
    token_id, _ = car
    registry.recordMileage(token_id, 11_000, sender=inspector)
    registry.scrap(token_id, report_hash("c"), sender=registrar)
    with ape.reverts(registry.VehicleAlreadyScrapped, tokenId=token_id):
        send_correction(registry, token_id, 2, 11_000, 0, bytes(32), sender=inspector)


def test_history__from_logs__covers_all_records_once_and_verifies(registry, inspector, car):
    token_id, _ = car
    for km in range(10_001, 10_006):
        registry.recordMileage(token_id, km, sender=inspector)
    page = history(registry, token_id)
    assert [rid for rid, _, _ in page] == [1, 2, 3, 4, 5, 6]
    assert [r.mileage for _, r, _ in page[4:]] == [10_004, 10_005]


def test_history__altered_record__chain_broken(registry, inspector, car, monkeypatch):
    token_id, _ = car
    registry.recordMileage(token_id, 10_001, sender=inspector)
    registry.recordMileage(token_id, 10_002, sender=inspector)
    import civic.vehicle as vehicle

    honest = vehicle.record_of_log

    def altered(log):
        rec = honest(log)
        return rec._replace(mileage=9_000) if log["args"]["recordId"] == 2 else rec

    monkeypatch.setattr(vehicle, "record_of_log", altered)
    with pytest.raises(HistoryChainBroken) as broken:
        history(registry, token_id)
    assert broken.value.record_id == 2


def test_correct__proof_of_other_fields__reverts(registry, inspector, car):
    token_id, _ = car
    registry.recordMileage(token_id, 11_000, sender=inspector)
    rec, prev, later = record_proof(registry, token_id, 2)
    forged = (rec[0], rec[1], rec[2], rec[3], 12_000, rec[5], rec[6], rec[7])
    with ape.reverts(registry.RecordProofMismatch, tokenId=token_id, recordId=2):
        registry.correct(token_id, 2, (forged, prev, later), 12_000, 0, bytes(32), sender=inspector)
    with ape.reverts(registry.RecordProofMismatch, tokenId=token_id, recordId=2):
        registry.correct(
            token_id, 2, (rec, prev, [bytes(32)]), 11_000, 0, bytes(32), sender=inspector
        )


def test_ownership_history__from_transfer_logs(registry, owner, buyer, car):
    token_id, _ = car
    registry.transferFrom(owner, buyer, token_id, sender=owner)
    registry.transferFrom(buyer, owner, token_id, sender=buyer)
    assert [o for o, _ in ownership_history(registry, token_id)] == [owner, buyer, owner]
