"""The record writers' permission table, held against the chain: for every record kind
and every role, the write succeeds exactly when `civic.vehicle.WRITERS` lists the role,
and is refused with the kind's own error otherwise. A kind added to `RecordKind` fails
here until the table (contract and Python) gives it an entry."""

import ape
import pytest

from civic.vehicle import WRITERS, RecordKind, report_hash

ROLES = ("registrar", "inspector", "insurer", "repairer", "dealer")


def _write(registry, kind, token_id, sender):
    proof = report_hash(f"{kind.name}:{token_id}")
    if kind == RecordKind.INSPECTION:
        return registry.recordInspection(token_id, 5_000, proof, sender=sender)
    if kind == RecordKind.MILEAGE:
        return registry.recordMileage(token_id, 5_000, sender=sender)
    if kind == RecordKind.ACCIDENT:
        return registry.recordAccident(token_id, 2, proof, sender=sender)
    if kind == RecordKind.REPAIR:
        return registry.recordRepair(token_id, 1, proof, sender=sender)
    if kind == RecordKind.ODOMETER_REPLACEMENT:
        return registry.replaceOdometer(token_id, 10, proof, sender=sender)
    if kind == RecordKind.SCRAP:
        return registry.scrap(token_id, proof, sender=sender)
    raise AssertionError(f"no writer for {kind.name}")


def test_writers__every_kind_has_an_entry():
    assert set(WRITERS) == set(RecordKind)
    assert WRITERS[RecordKind.SALE] == ()


WRITABLE = [k for k in RecordKind if k not in (RecordKind.REGISTRATION, RecordKind.SALE)]


@pytest.mark.parametrize("kind", WRITABLE, ids=lambda k: k.name.lower())
@pytest.mark.parametrize("role", ROLES)
def test_record_writer__role_per_table(registry, register, roles, kind, role):
    token_id, _ = register()
    account = roles[role]
    if role in WRITERS[kind]:
        tx = _write(registry, kind, token_id, account)
        logged = tx.decode_logs(registry.RecordAppended)
        assert [log.kind for log in logged] == [int(kind)]
    elif kind == RecordKind.SCRAP:
        with ape.reverts(
            registry.AccessControlUnauthorizedAccount,
            account=account.address,
            neededRole=registry.REGISTRAR_ROLE(),
        ):
            _write(registry, kind, token_id, account)
    else:
        with ape.reverts(registry.RecorderNotAuthorized, account=account.address, kind=int(kind)):
            _write(registry, kind, token_id, account)


@pytest.mark.parametrize("role", ROLES)
def test_register__role_per_table(registry, roles, owner, vins, role):
    account = roles[role]
    vin = vins()
    if role in WRITERS[RecordKind.REGISTRATION]:
        registry.register(vin, owner, 1_000, report_hash(vin), sender=account)
    else:
        with ape.reverts(
            registry.AccessControlUnauthorizedAccount,
            account=account.address,
            neededRole=registry.REGISTRAR_ROLE(),
        ):
            registry.register(vin, owner, 1_000, report_hash(vin), sender=account)
