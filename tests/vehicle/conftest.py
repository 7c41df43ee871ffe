"""Fixtures for the vehicle registry: role accounts, one shared deployment, factories."""

import itertools

import pytest

from civic.vehicle import report_hash, sale_terms, vin_from_serial
from civic.vehicle.deploy import deploy

PRICE = 25_000_000  # in the test token's smallest unit
DAY = 86_400


@pytest.fixture(scope="session")
def admin(deployer):
    return deployer


@pytest.fixture(scope="session")
def registrar(accounts):
    """District office: registers, replaces odometers, scraps."""
    return accounts[1]


@pytest.fixture(scope="session")
def inspector(accounts):
    return accounts[2]


@pytest.fixture(scope="session")
def insurer(accounts):
    return accounts[3]


@pytest.fixture(scope="session")
def repairer(accounts):
    return accounts[4]


@pytest.fixture(scope="session")
def dealer(accounts):
    """Licensed used-car dealer."""
    return accounts[5]


@pytest.fixture(scope="session")
def owner(accounts):
    """A citizen who owns a car."""
    return accounts[6]


@pytest.fixture(scope="session")
def buyer(accounts):
    return accounts[7]


@pytest.fixture(scope="session")
def other_buyer(accounts):
    return accounts[8]


@pytest.fixture(scope="session")
def roles(admin, registrar, inspector, insurer, repairer, dealer):
    return {
        "admin": admin,
        "registrar": registrar,
        "inspector": inspector,
        "insurer": insurer,
        "repairer": repairer,
        "dealer": dealer,
    }


@pytest.fixture(scope="module")
def registry(deployer, roles):
    return deploy(deployer, {name: acct.address for name, acct in roles.items()})


@pytest.fixture(scope="module")
def token(project, deployer, buyer, other_buyer):
    t = deployer.deploy(project.VehicleTestToken)
    for acct in (buyer, other_buyer):
        t.mint(acct, 10 * PRICE, sender=deployer)
    return t


@pytest.fixture(scope="session")
def vins():
    """Fresh syntactically valid VINs, never repeated within a session."""
    counter = itertools.count(1)
    return lambda: vin_from_serial(next(counter))


@pytest.fixture(scope="module")
def register(registry, registrar, owner, vins):
    """``register(owner=owner, mileage=1_000) -> (token_id, vin)``."""

    def _register(to=None, mileage=1_000, vin=None):
        vin = vin or vins()
        tx = registry.register(
            vin, to or owner, mileage, report_hash(f"reg:{vin}"), sender=registrar
        )
        return tx.return_value, vin

    return _register


@pytest.fixture(scope="module")
def list_car(registry, token, owner, chain):
    """``list_car(token_id, by=owner, price=PRICE, days=7, buyer=0) -> sale_id``."""

    def _list(token_id, by=None, price=PRICE, days=7, buyer=None, currency=None):
        expires = chain.pending_timestamp + days * DAY
        tx = registry.list(
            token_id,
            currency or token,
            price,
            report_hash(f"contract:{token_id}"),
            expires,
            buyer or "0x" + "00" * 20,
            sender=by or owner,
        )
        return tx.return_value

    return _list


@pytest.fixture(scope="module")
def terms(registry):
    """``terms(sale_id) -> SaleTerms``: the sale's terms from its ``SaleListed`` log, checked
    against the hash the registry stores (every sale call takes them back)."""
    return lambda sale_id: sale_terms(registry, sale_id)


@pytest.fixture(scope="module")
def fund(registry, token, buyer, terms):
    """``fund(sale_id, by=buyer)``: approve the price and fund, acknowledging the current head."""

    def _fund(sale_id, by=None, currency=None):
        by = by or buyer
        t = terms(sale_id)
        (currency or token).approve(registry, t.price, sender=by)
        return registry.fund(sale_id, t, registry.vehicle(t.tokenId).head, sender=by)

    return _fund
