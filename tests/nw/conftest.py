import pytest

from civic.nw import ISSUER_ROLE, MERCHANT_MANAGER_ROLE, PAUSER_ROLE, PERIOD_SECONDS, reference

BUDGET = 1_000_000


@pytest.fixture(scope="session")
def nw_admin(deployer):
    return deployer


@pytest.fixture(scope="session")
def issuer(accounts):
    """A volunteer centre."""
    return accounts[1]


@pytest.fixture(scope="session")
def issuer2(accounts):
    return accounts[2]


@pytest.fixture(scope="session")
def merchant_manager(accounts):
    return accounts[3]


@pytest.fixture(scope="session")
def pauser(accounts):
    return accounts[4]


@pytest.fixture(scope="session")
def resident(accounts):
    return accounts[5]


@pytest.fixture(scope="session")
def resident2(accounts):
    return accounts[6]


@pytest.fixture(scope="session")
def shop(accounts):
    """A registered local shop."""
    return accounts[7]


@pytest.fixture(scope="session")
def shop2(accounts):
    return accounts[8]


@pytest.fixture(scope="module")
def create_nw(project, nw_admin, issuer, issuer2, merchant_manager, pauser):
    """Factory: a fresh NWToken with roles granted and issuer budgets set."""

    def create(period=PERIOD_SECONDS, budget=BUDGET):
        token = nw_admin.deploy(project.NWToken, nw_admin, period)
        for who in (issuer, issuer2):
            token.grantRole(ISSUER_ROLE, who, sender=nw_admin)
            token.setIssuerBudget(who, budget, sender=nw_admin)
        token.grantRole(MERCHANT_MANAGER_ROLE, merchant_manager, sender=nw_admin)
        token.grantRole(PAUSER_ROLE, pauser, sender=nw_admin)
        return token

    return create


@pytest.fixture(scope="module")
def nw(create_nw, merchant_manager, shop):
    token = create_nw()
    token.registerMerchant(shop, reference("brn", "shop-1"), sender=merchant_manager)
    return token


@pytest.fixture
def fund(nw, issuer):
    """Issue NW to a resident for a fresh volunteer record."""
    counter = {"n": 0}

    def fund(who, amount, minutes=60):
        counter["n"] += 1
        ref = reference("volunteer", f"fixture-{counter['n']}-{who.address}")
        return nw.issue(who, amount, ref, minutes, sender=issuer)

    return fund
