"""recount / audit: rebuilt from events, equal to getters; a tampered view is reported."""

import civic.vehicle.recount as module
from civic.vehicle import RecordKind, SaleStatus, report_hash, send_correction, terms_hash
from civic.vehicle.recount import audit, recount


def test_audit__full_lifecycle__no_mismatch(
    registry, token, owner, buyer, inspector, insurer, registrar, register, list_car, fund, terms
):
    car, vin = register(mileage=5_000)
    registry.recordInspection(car, 6_000, report_hash("i"), sender=inspector)
    registry.recordAccident(car, 2, report_hash("a"), sender=insurer)
    send_correction(registry, car, 2, 6_100, 0, report_hash("i2"), sender=inspector)
    registry.replaceOdometer(car, 0, report_hash("swap"), sender=registrar)
    sale_id = list_car(car)
    fund(sale_id)
    registry.complete(sale_id, terms(sale_id), sender=buyer)
    other, _ = register()
    cancelled = list_car(other)
    registry.cancel(cancelled, terms(cancelled), sender=owner)
    registry.scrap(other, report_hash("cert"), sender=registrar)
    list_car(car, by=buyer)  # left open: the audit covers a listed sale too

    state = recount(registry)
    v = state["vehicles"][car]
    assert v.vin == vin
    assert [r["kind"] for r in v.records] == [
        RecordKind.REGISTRATION,
        RecordKind.INSPECTION,
        RecordKind.ACCIDENT,
        RecordKind.INSPECTION,
        RecordKind.ODOMETER_REPLACEMENT,
        RecordKind.SALE,
    ]
    assert v.corrected_by == {2: 4}
    assert (v.segment, v.highest, v.latest_inspection) == (1, 0, 4)
    assert [o for o, _ in v.ownership] == [owner.address.lower(), buyer.address.lower()]
    assert state["sales"][sale_id]["status"] == SaleStatus.COMPLETED
    assert state["sales"][sale_id]["terms"] == terms(sale_id)
    assert state["sales"][cancelled]["status"] == SaleStatus.CANCELLED
    assert state["vehicles"][other].scrapped_at > 0
    assert audit(registry) == []


def test_audit__tampered_recount__names_first_difference(
    registry, inspector, register, monkeypatch
):
    car, vin = register(mileage=5_000)
    registry.recordMileage(car, 6_000, sender=inspector)
    honest = module.recount

    def tampered(contract, start_block=0):
        state = honest(contract, start_block)
        v = state["vehicles"][car]
        v.highest = 7_000
        v.records[1]["mileage"] = 7_000
        return state

    monkeypatch.setattr(module, "recount", tampered)
    problems = module.audit(registry)
    assert problems == [
        f"vehicle {vin}: history chain broken at record 2: record fields do not hash to its head",
        f"vehicle {vin}: highestMileage is 6000, events say 7000",
    ]


def test_audit__dropped_record__chain_broken(registry, inspector, register, monkeypatch):
    car, vin = register(mileage=5_000)
    registry.recordMileage(car, 6_000, sender=inspector)
    registry.recordMileage(car, 7_000, sender=inspector)
    honest = module.recount

    def dropped(contract, start_block=0):
        state = honest(contract, start_block)
        v = state["vehicles"][car]
        del v.records[-1], v.heads[-1]
        return state

    monkeypatch.setattr(module, "recount", dropped)
    problems = module.audit(registry)
    assert problems[0] == (
        f"vehicle {vin}: history chain broken at record 2: "
        "last head differs from the contract's stored head"
    )


def test_audit__tampered_sale_terms__reported(registry, register, list_car, monkeypatch):
    car, _ = register()
    sale_id = list_car(car)
    honest = module.recount

    def tampered(contract, start_block=0):
        state = honest(contract, start_block)
        s = state["sales"][sale_id]
        s["terms"] = s["terms"]._replace(price=1)
        s["termsHash"] = terms_hash(s["terms"])
        return state

    monkeypatch.setattr(module, "recount", tampered)
    [problem] = module.audit(registry)
    assert problem.startswith(f"sale {sale_id}: termsHash is ")


def test_lean_reader__logs_and_getters__equal_web3s_own(
    registry, token, owner, buyer, inspector, register, list_car, fund, terms
):
    """civic.events decodes logs and getters with eth-abi from cached types: every log of a
    lifecycle (indexed and data arguments, addresses, bytes, a struct argument) and the
    getters read back exactly what web3's own decoders give."""
    from civic.events import fetch_web3_logs, web3_contract

    car, _ = register(mileage=5_000)
    registry.recordInspection(car, 6_000, report_hash("i"), sender=inspector)
    sale_id = list_car(car)
    fund(sale_id)
    registry.complete(sale_id, terms(sale_id), sender=buyer)

    w3, view = web3_contract(registry)
    web3_view = view._view  # web3's own contract object behind the lean view
    raw = w3.eth.get_logs({"address": view.address, "fromBlock": 0, "toBlock": "latest"})
    topics = {
        getattr(web3_view.events, i["name"])().topic: i["name"]
        for i in web3_view.abi
        if i["type"] == "event"
    }
    own = sorted(
        (
            getattr(web3_view.events, topics[log["topics"][0].to_0x_hex()])().process_log(log)
            for log in raw
        ),
        key=lambda log: (log["blockNumber"], log["logIndex"]),
    )
    lean = fetch_web3_logs(registry)
    assert {log["event"] for log in lean} >= {"RecordAppended", "SaleListed", "Transfer"}
    assert [dict(log["args"]) for log in lean] == [dict(log["args"]) for log in own]
    for mine, theirs in zip(lean, own, strict=True):
        for key in ("event", "blockNumber", "logIndex", "transactionHash", "address"):
            assert mine[key] == theirs[key]
    for name, args in (
        ("vehicle", (car,)),
        ("sale", (sale_id,)),
        ("ownerOf", (car,)),
        ("saleCount", ()),
        ("hasRole", (b"\x00" * 32, owner.address)),
    ):
        assert (
            getattr(view.functions, name)(*args).call()
            == getattr(web3_view.functions, name)(*args).call()
        )
