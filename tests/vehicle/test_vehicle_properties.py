"""Hypothesis state machine over register / record / correct / replace-odometer / list /
fund / acknowledge / complete / cancel / transfer / scrap / time, against a ghost model.
The sale calls pass the terms the ghost listed with (read back from the ``SaleListed`` log
and checked equal), or now and then forged terms, which must revert ``SaleTermsMismatch``.

Invariants: the history rebuilt from the logs equals the model and its hash chain verifies
against the stored head; within a segment the effective readings never decrease; history
only grows and old records never change; titles sit where the ghost says (they move only
by owner transfer or completed sale); escrow holds exactly the deposits of funded sales.
Each example ends with ``audit()`` (recount from events == getters, chain verified) and a
chain restore.

Transactions go through ``civic.chain.RawClient`` (plain JSON-RPC to Anvil's
unlocked accounts): every expected revert is still checked byte for byte against the
custom error selector and its ABI-encoded arguments.
"""

from collections import Counter
from dataclasses import dataclass, field

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import (
    initialize,
    invariant,
    precondition,
    rule,
)
from state_machine import CivicMachine, machine_settings, run_machine

from civic.chain import RawClient, batch_call
from civic.vehicle import (
    CORRECTABLE_KINDS,
    READING_KINDS,
    ZERO_HEAD,
    RecordKind,
    SaleStatus,
    SaleTerms,
    history,
    record_logs,
    record_proof,
    sale_terms,
    terms_hash,
    token_id_of,
    vin_from_serial,
)
from civic.vehicle.recount import audit

PRICE = 1_000
DAY = 86_400
LISTING = 7 * DAY + DAY // 2  # expiry never falls within seconds of a whole-day warp
ZERO = "0x" + "00" * 20
H = b"\x11" * 32
# For each kind a role that may not write it (registrar may write only its own kinds).
WRONG_WRITER = {
    RecordKind.INSPECTION: "insurer",
    RecordKind.MILEAGE: "insurer",
    RecordKind.ACCIDENT: "inspector",
    RecordKind.REPAIR: "insurer",
    RecordKind.ODOMETER_REPLACEMENT: "inspector",
}
EXAMPLES_RUN: list[int] = []  # cars per finished example, to prove the budget was used
OUTCOMES: Counter = Counter()  # "function: ok|Error" -> count over the whole run


class _CountingClient(RawClient):
    """RawClient that tallies outcomes per function, to show which paths the walks reach."""

    def send(self, sender, fn, *args):
        OUTCOMES[f"{fn}: ok"] += 1
        return super().send(sender, fn, *args)

    def expect_revert(self, sender, fn, fn_args, error, **args):
        OUTCOMES[f"{fn}: {error}"] += 1
        return super().expect_revert(sender, fn, fn_args, error, **args)


@dataclass
class GhostCar:
    token_id: int
    vin: str
    owner: str | None
    segment: int = 0
    highest: int = 0
    floor: int = 0
    latest_reading: int = 1
    scrapped: bool = False
    open_sale: int = 0
    seen: list = field(default_factory=list)  # records as first read back
    kinds: list = field(default_factory=list)
    mileages: list = field(default_factory=list)
    segments: list = field(default_factory=list)
    corrected_by: dict = field(default_factory=dict)


@dataclass
class GhostSale:
    car: GhostCar
    seller: str
    expires_at: int
    terms: SaleTerms
    status: SaleStatus = SaleStatus.LISTED
    buyer: str | None = None
    acknowledged: int = 0
    reserved_for: str | None = None

    def forged(self) -> SaleTerms:
        """The terms with a lower price: what a buyer might try to pay."""
        return self.terms._replace(price=self.terms.price - 1)


class VehicleMachine(CivicMachine):
    steps = 12

    def __init__(self, chain, registry, token, roles, citizens):
        super().__init__()
        self.chain, self.registry = chain, registry
        self.rpc, self.erc20 = _CountingClient(registry), RawClient(token)
        self.roles, self.citizens = roles, citizens
        self.cars: list[GhostCar] = []
        self.sales: dict[int, GhostSale] = {}
        self.serial = 0

    # -- helpers ----------------------------------------------------------------------------

    def _append(self, car, kind, mileage, segment, corrects=0):
        rid = len(car.kinds) + 1
        car.kinds.append(kind)
        car.mileages.append(mileage)
        car.segments.append(segment)
        if corrects:
            car.corrected_by[corrects] = rid
        return rid

    def _heads(self, car):
        """The chain's heads after each record, from the car's logs."""
        return [bytes(log["args"]["head"]) for log in record_logs(self.registry, car.token_id)]

    def _car(self, i):
        return self.cars[i % len(self.cars)]

    def _sale(self, i):
        sale_id = sorted(self.sales)[i % len(self.sales)]
        return sale_id, self.sales[sale_id]

    def _expired(self, sale):
        return self.rpc.latest_timestamp() + 1 >= sale.expires_at

    # -- registration / records -------------------------------------------------------------

    @initialize(owner=st.integers(0, 2), mileage=st.integers(0, 200_000))
    def first_car(self, owner, mileage):
        self.register(owner, mileage)

    @precondition(lambda self: len(self.cars) < 3)
    @rule(owner=st.integers(0, 2), mileage=st.integers(0, 200_000))
    def register(self, owner, mileage):
        self.serial += 1
        vin = vin_from_serial(900_000 + self.serial)
        who = self.citizens[owner]
        self.rpc.send(self.roles["registrar"], "register", vin, who, mileage, H)
        car = GhostCar(token_id_of(vin), vin, who, highest=mileage, floor=mileage)
        self._append(car, RecordKind.REGISTRATION, mileage, 0)
        self.cars.append(car)

    @precondition(lambda self: self.cars)
    @rule(i=st.integers(0, 2), delta=st.integers(-3_000, 20_000), inspect=st.booleans())
    def record_reading(self, i, delta, inspect):
        car = self._car(i)
        attempted = max(0, car.highest + delta)
        kind = RecordKind.INSPECTION if inspect else RecordKind.MILEAGE
        fn, args = (
            ("recordInspection", (car.token_id, attempted, H))
            if inspect
            else ("recordMileage", (car.token_id, attempted))
        )
        inspector = self.roles["inspector"]
        if car.scrapped:
            self.rpc.expect_revert(
                inspector, fn, args, "VehicleAlreadyScrapped", tokenId=car.token_id
            )
        elif attempted < car.highest:
            self.rpc.expect_revert(
                inspector,
                fn,
                args,
                "OdometerRollback",
                tokenId=car.token_id,
                recorded=car.highest,
                attempted=attempted,
            )
        else:
            self.rpc.send(inspector, fn, *args)
            rid = self._append(car, kind, attempted, car.segment)
            car.floor, car.highest, car.latest_reading = car.highest, attempted, rid

    @precondition(lambda self: self.cars)
    @rule(i=st.integers(0, 2), severity=st.integers(0, 6))
    def record_accident(self, i, severity):
        car = self._car(i)
        args, insurer = (car.token_id, severity, H), self.roles["insurer"]
        if car.scrapped:
            self.rpc.expect_revert(
                insurer, "recordAccident", args, "VehicleAlreadyScrapped", tokenId=car.token_id
            )
        elif not 1 <= severity <= 5:
            self.rpc.expect_revert(
                insurer, "recordAccident", args, "InvalidSeverity", severity=severity
            )
        else:
            self.rpc.send(insurer, "recordAccident", *args)
            self._append(car, RecordKind.ACCIDENT, 0, car.segment)

    @precondition(lambda self: self.cars)
    @rule(i=st.integers(0, 2), pick=st.integers(0, 50), delta=st.integers(-2_000, 2_000))
    def correct(self, i, pick, delta):
        car = self._car(i)
        rid = len(car.kinds) - pick % len(car.kinds)  # pick 0 = the latest record
        kind = car.kinds[rid - 1]
        writer = self.roles[
            {
                RecordKind.INSPECTION: "inspector",
                RecordKind.MILEAGE: "inspector",
                RecordKind.ACCIDENT: "insurer",
            }.get(kind, "registrar")
        ]
        mileage = max(0, car.mileages[rid - 1] + delta) if kind in READING_KINDS else 0
        tid = car.token_id
        args = (tid, rid, record_proof(self.registry, tid, rid), mileage, 2, H)
        if car.scrapped:  # the vehicle's state first, before the record's
            self.rpc.expect_revert(writer, "correct", args, "VehicleAlreadyScrapped", tokenId=tid)
        elif kind not in CORRECTABLE_KINDS:
            self.rpc.expect_revert(
                writer,
                "correct",
                args,
                "RecordNotCorrectable",
                tokenId=tid,
                recordId=rid,
                kind=kind,
            )
        elif rid in car.corrected_by:
            self.rpc.expect_revert(
                writer,
                "correct",
                args,
                "RecordAlreadyCorrected",
                tokenId=tid,
                recordId=rid,
                correctedBy=car.corrected_by[rid],
            )
        elif kind == RecordKind.ACCIDENT:
            self.rpc.send(writer, "correct", *args)
            self._append(car, kind, 0, car.segments[rid - 1], corrects=rid)
        elif rid == car.latest_reading:
            if mileage < car.floor:
                self.rpc.expect_revert(
                    writer,
                    "correct",
                    args,
                    "OdometerRollback",
                    tokenId=car.token_id,
                    recorded=car.floor,
                    attempted=mileage,
                )
            else:
                self.rpc.send(writer, "correct", *args)
                car.highest = mileage
                car.latest_reading = self._append(car, kind, mileage, car.segment, corrects=rid)
        elif mileage != car.mileages[rid - 1]:
            self.rpc.expect_revert(
                writer,
                "correct",
                args,
                "MileageCorrectionNotLatest",
                tokenId=tid,
                recordId=rid,
                latestReading=car.latest_reading,
            )
        else:
            self.rpc.send(writer, "correct", *args)
            self._append(car, kind, mileage, car.segments[rid - 1], corrects=rid)

    @precondition(lambda self: self.cars)
    @rule(i=st.integers(0, 2), mileage=st.integers(0, 1_000))
    def replace_odometer(self, i, mileage):
        car = self._car(i)
        args, registrar = (car.token_id, mileage, H), self.roles["registrar"]
        if car.scrapped:
            self.rpc.expect_revert(
                registrar, "replaceOdometer", args, "VehicleAlreadyScrapped", tokenId=car.token_id
            )
            return
        self.rpc.send(registrar, "replaceOdometer", *args)
        car.segment += 1
        car.highest = car.floor = mileage
        car.latest_reading = self._append(
            car, RecordKind.ODOMETER_REPLACEMENT, mileage, car.segment
        )

    @precondition(lambda self: self.cars)
    @rule(i=st.integers(0, 2), kind=st.sampled_from(sorted(WRONG_WRITER)))
    def write_with_wrong_role(self, i, kind):
        """A role that may not write `kind`: a scrapped car says so before the role does."""
        car = self._car(i)
        fn, args = {
            RecordKind.INSPECTION: ("recordInspection", (car.token_id, car.highest, H)),
            RecordKind.MILEAGE: ("recordMileage", (car.token_id, car.highest)),
            RecordKind.ACCIDENT: ("recordAccident", (car.token_id, 2, H)),
            RecordKind.REPAIR: ("recordRepair", (car.token_id, 2, H)),
            RecordKind.ODOMETER_REPLACEMENT: ("replaceOdometer", (car.token_id, 0, H)),
        }[kind]
        who = self.roles[WRONG_WRITER[kind]]
        if car.scrapped:
            self.rpc.expect_revert(who, fn, args, "VehicleAlreadyScrapped", tokenId=car.token_id)
        else:
            self.rpc.expect_revert(who, fn, args, "RecorderNotAuthorized", account=who, kind=kind)

    # -- title moves ------------------------------------------------------------------------

    @precondition(lambda self: self.cars)
    @rule(i=st.integers(0, 2), to=st.integers(0, 2))
    def transfer(self, i, to):
        car = self._car(i)
        if car.scrapped:
            return
        args = (car.owner, self.citizens[to], car.token_id)
        if car.open_sale:
            self.rpc.expect_revert(
                car.owner,
                "transferFrom",
                args,
                "VehicleListed",
                tokenId=car.token_id,
                saleId=car.open_sale,
            )
            return
        self.rpc.send(car.owner, "transferFrom", *args)
        car.owner = self.citizens[to]

    @precondition(lambda self: self.cars)
    @rule(i=st.integers(0, 2), gate=st.integers(0, 3))
    def scrap(self, i, gate):
        """Scrapping ends a car's story: tried in one of four draws so walks reach sales."""
        if gate:
            return
        car = self._car(i)
        args, registrar = (car.token_id, H), self.roles["registrar"]
        if car.scrapped:
            self.rpc.expect_revert(
                registrar, "scrap", args, "VehicleAlreadyScrapped", tokenId=car.token_id
            )
        elif car.open_sale:
            self.rpc.expect_revert(
                registrar,
                "scrap",
                args,
                "VehicleListed",
                tokenId=car.token_id,
                saleId=car.open_sale,
            )
        else:
            self.rpc.send(registrar, "scrap", *args)
            car.scrapped, car.owner = True, None
            self._append(car, RecordKind.SCRAP, 0, car.segment)

    # -- sales ------------------------------------------------------------------------------

    @precondition(lambda self: self.cars)
    @rule(i=st.integers(0, 2), reserve=st.integers(0, 2))
    def list_car(self, i, reserve):
        """``reserve`` 1..2 reserves the listing for another citizen, 0 lets anyone fund."""
        car = self._car(i)
        expires = self.rpc.latest_timestamp() + LISTING
        reserved = (
            self.citizens[(self.citizens.index(car.owner) + reserve) % 3]
            if reserve and car.owner
            else None
        )
        args = (car.token_id, self.erc20.address, PRICE, H, expires, reserved or ZERO)
        if car.scrapped:
            lister = self.citizens[i % 3]
            self.rpc.expect_revert(
                lister, "list", args, "VehicleAlreadyScrapped", tokenId=car.token_id
            )
            return
        if car.open_sale:
            self.rpc.expect_revert(
                car.owner, "list", args, "VehicleListed", tokenId=car.token_id, saleId=car.open_sale
            )
            return
        self.rpc.send(car.owner, "list", *args)
        sale_id = len(self.sales) + 1
        terms = SaleTerms(
            car.token_id, self.erc20.address, PRICE, reserved or ZERO, expires, H, ZERO
        )
        assert terms_hash(sale_terms(self.registry, sale_id)) == terms_hash(terms)
        self.sales[sale_id] = GhostSale(car, car.owner, expires, terms, reserved_for=reserved)
        car.open_sale = sale_id

    def _mismatch(self, sender, fn, sale_id, s, args) -> None:
        """``fn`` with forged terms reverts naming both hashes."""
        self.rpc.expect_revert(
            sender,
            fn,
            args,
            "SaleTermsMismatch",
            saleId=sale_id,
            termsHash=terms_hash(s.terms),
            given=terms_hash(s.forged()),
        )

    @precondition(lambda self: self.sales)
    @rule(
        pick=st.integers(0, 10),
        other=st.integers(1, 3),
        stale=st.integers(0, 2),
        forge=st.integers(0, 3),
    )
    def fund(self, pick, other, stale, forge):
        """``other`` 1..2 is another citizen, 3 the seller; ``stale == 2`` acknowledges one
        record short, ``forge == 3`` passes forged terms (hypothesis favours small values,
        so most draws fund for real)."""
        sale_id, s = self._sale(pick)
        seller_index = self.citizens.index(s.seller)
        buyer = self.citizens[(seller_index + other) % 3]
        heads = self._heads(s.car)
        stale = stale == 2
        ack = (heads[-2] if len(heads) > 1 else ZERO_HEAD) if stale else heads[-1]
        forge = forge == 3
        args = (sale_id, s.forged() if forge else s.terms, ack)
        if s.status != SaleStatus.LISTED:
            self.rpc.expect_revert(
                buyer, "fund", args, "UnexpectedSaleStatus", saleId=sale_id, status=s.status
            )
        elif forge:
            self._mismatch(buyer, "fund", sale_id, s, args)
        elif self._expired(s):
            self.rpc.expect_revert(
                buyer, "fund", args, "SaleExpired", saleId=sale_id, expiresAt=s.expires_at
            )
        elif buyer == s.seller:  # reserved for another buyer or not: the seller is named
            self.rpc.expect_revert(buyer, "fund", args, "BuyerIsSeller", buyer=buyer)
        elif s.reserved_for and buyer != s.reserved_for:
            self.rpc.expect_revert(
                buyer, "fund", args, "NotBuyer", saleId=sale_id, account=buyer, buyer=s.reserved_for
            )
        elif stale:
            self.rpc.expect_revert(
                buyer,
                "fund",
                args,
                "HistoryHeadMismatch",
                tokenId=s.car.token_id,
                acknowledged=ack,
                head=heads[-1],
            )
        else:
            self.rpc.send(buyer, "fund", *args)
            s.status, s.buyer, s.acknowledged = SaleStatus.FUNDED, buyer, len(heads)

    @precondition(lambda self: self.sales)
    @rule(pick=st.integers(0, 10))
    def acknowledge(self, pick):
        sale_id, s = self._sale(pick)
        if s.status != SaleStatus.FUNDED or self._expired(s):
            return
        heads = self._heads(s.car)
        self.rpc.send(s.buyer, "acknowledge", sale_id, s.terms, heads[-1])
        s.acknowledged = len(heads)

    @precondition(lambda self: self.sales)
    @rule(pick=st.integers(0, 10), by_buyer=st.booleans(), forge=st.integers(0, 3))
    def complete(self, pick, by_buyer, forge):
        sale_id, s = self._sale(pick)
        forge = forge == 3
        args = (sale_id, s.forged() if forge else s.terms)
        if s.status != SaleStatus.FUNDED:
            self.rpc.expect_revert(
                s.seller,
                "complete",
                args,
                "UnexpectedSaleStatus",
                saleId=sale_id,
                status=s.status,
            )
            return
        who = s.buyer if by_buyer else s.seller
        latest = len(s.car.kinds)
        if forge:
            self._mismatch(who, "complete", sale_id, s, args)
        elif self._expired(s):
            self.rpc.expect_revert(
                who, "complete", args, "SaleExpired", saleId=sale_id, expiresAt=s.expires_at
            )
        elif s.acknowledged != latest:
            self.rpc.expect_revert(
                who,
                "complete",
                args,
                "StaleAcknowledgement",
                tokenId=s.car.token_id,
                acknowledged=s.acknowledged,
                latest=latest,
            )
        else:
            seller_before = self.erc20.call("balanceOf", s.seller)
            self.rpc.send(who, "complete", *args)
            assert self.erc20.call("balanceOf", s.seller) == seller_before + PRICE
            s.status = SaleStatus.COMPLETED
            s.car.owner, s.car.open_sale = s.buyer, 0
            self._append(s.car, RecordKind.SALE, 0, s.car.segment)

    @precondition(lambda self: self.sales)
    @rule(pick=st.integers(0, 10), by_buyer=st.booleans(), forge=st.integers(0, 3))
    def cancel(self, pick, by_buyer, forge):
        sale_id, s = self._sale(pick)
        who = s.buyer if by_buyer and s.buyer else s.seller
        forge = forge == 3
        args = (sale_id, s.forged() if forge else s.terms)
        if s.status not in (SaleStatus.LISTED, SaleStatus.FUNDED):
            self.rpc.expect_revert(
                who, "cancel", args, "UnexpectedSaleStatus", saleId=sale_id, status=s.status
            )
            return
        if forge:
            self._mismatch(who, "cancel", sale_id, s, args)
            return
        before = self.erc20.call("balanceOf", s.buyer) if s.buyer else 0
        self.rpc.send(who, "cancel", *args)
        if s.status == SaleStatus.FUNDED:
            assert self.erc20.call("balanceOf", s.buyer) == before + PRICE
        s.status = SaleStatus.CANCELLED
        s.car.open_sale = 0

    @rule(days=st.integers(1, 9))
    def warp(self, days):
        self.rpc.warp(days * DAY)

    # -- invariants -------------------------------------------------------------------------

    @invariant()
    def ghost_matches_chain(self):
        """All invariants from one JSON-RPC batch of reads (one round trip per step)."""
        calls = [(self.rpc, "vehicle", (car.token_id,)) for car in self.cars]
        calls += [
            (self.erc20, "balanceOf", (self.rpc.address,)),
            (self.rpc, "escrowed", (self.erc20.address,)),
        ]
        results = batch_call(calls)
        n = len(self.cars)
        for car, info in zip(self.cars, results[:n], strict=True):
            # rebuilt from the logs and verified against the stored head (raises if broken)
            self._check_history(car, history(self.registry, car.token_id))
            self._check_title(car, info)
        self._check_escrow(*results[n:])

    def _check_history(self, car, page):
        """The history rebuilt from logs (its chain verified by ``history``) equals the
        model; it only grows, old records never change, and within a segment the effective
        readings (each original reading followed through its corrections) never decrease."""
        assert len(page) == len(car.kinds)
        for expected_rid, (rid, rec, corrected_by) in enumerate(page, start=1):
            assert rid == expected_rid
            if rid <= len(car.seen):
                assert rec == car.seen[rid - 1], f"record {rid} changed"
            else:
                car.seen.append(rec)
            assert (rec.kind, rec.mileage, rec.segment) == (
                car.kinds[rid - 1],
                car.mileages[rid - 1],
                car.segments[rid - 1],
            )
            assert corrected_by == car.corrected_by.get(rid, 0)
        last: dict[int, int] = {}
        for rid, rec in enumerate(car.seen, start=1):
            if rec.kind not in READING_KINDS or rec.corrects:
                continue
            final = rid
            while final in car.corrected_by:
                final = car.corrected_by[final]
            km = car.mileages[final - 1]
            assert km >= last.get(rec.segment, 0), f"segment {rec.segment} went down"
            last[rec.segment] = km

    def _check_title(self, car, info):
        """Titles move only by owner transfer or completed sale (the ghost's moves)."""
        owner, scrapped, segment, highest = info[1], info[2], info[3], info[4]
        latest_reading, record_count, open_sale = info[5], info[6], info[7]
        assert owner.lower() == (car.owner or ZERO).lower()
        assert (segment, highest, open_sale) == (car.segment, car.highest, car.open_sale)
        assert (scrapped, latest_reading) == (car.scrapped, car.latest_reading)
        assert record_count == len(car.kinds)

    def _check_escrow(self, balance, escrowed):
        """Escrow holds exactly the deposits of funded (open) sales."""
        held = sum(PRICE for s in self.sales.values() if s.status == SaleStatus.FUNDED)
        assert balance == escrowed == held

    def audit(self):
        EXAMPLES_RUN.append(len(self.cars))
        assert audit(self.registry) == []


@pytest.mark.slow
def test_vehicle_state_machine__random_walks__invariants_hold(
    chain, registry, token, roles, owner, buyer, other_buyer, deployer
):
    citizens = [owner, buyer, other_buyer]
    for who in citizens:
        token.mint(who, 100 * PRICE, sender=deployer)
        token.approve(registry, 2**256 - 1, sender=who)
    role_addresses = {name: acct.address for name, acct in roles.items()}
    run_machine(
        VehicleMachine,
        lambda: VehicleMachine(
            chain, registry, token, role_addresses, [c.address for c in citizens]
        ),
    )
    print(f"vehicle state machine: {len(EXAMPLES_RUN)} examples, {sum(EXAMPLES_RUN)} cars")
    print(", ".join(f"{k} {v}" for k, v in sorted(OUTCOMES.items())))
    assert len(EXAMPLES_RUN) >= machine_settings(VehicleMachine).max_examples
