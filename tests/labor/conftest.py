"""Labor registry fixtures: role accounts named by role, a deployed registry with a wage
token, and factories that sign and activate agreements."""

import pytest
from labor_constants import BUSINESS, DOC, FAR_DEADLINE, MINIMUM_WAGE

from civic.labor import Terms, agreement_id, sign_contract
from civic.labor.calendar import SECONDS_PER_DAY
from civic.labor.deploy import deploy
from civic.labor.payloads import domain_of


@pytest.fixture(scope="session")
def labor_authority(accounts):
    return accounts[1]


@pytest.fixture(scope="session")
def pension_insurer(accounts):
    return accounts[2]


@pytest.fixture(scope="session")
def health_insurer(accounts):
    return accounts[3]


@pytest.fixture(scope="session")
def employment_insurer(accounts):
    return accounts[4]


@pytest.fixture(scope="session")
def accident_insurer(accounts):
    return accounts[5]


@pytest.fixture(scope="session")
def employer(accounts):
    return accounts[6]


@pytest.fixture(scope="session")
def other_employer(accounts):
    return accounts[7]


@pytest.fixture(scope="session")
def worker(accounts):
    return accounts[8]


@pytest.fixture(scope="session")
def other_worker(accounts):
    return accounts[9]


@pytest.fixture(scope="session")
def relayer(accounts):
    """Submits signed messages for others (pays the gas the worker never pays)."""
    return accounts[10]


@pytest.fixture(scope="session")
def business_registry(accounts):
    """Business-registry attester: verifies employers' business hashes."""
    return accounts[11]


@pytest.fixture(scope="session")
def insurers(pension_insurer, health_insurer, employment_insurer, accident_insurer):
    return [pension_insurer, health_insurer, employment_insurer, accident_insurer]


@pytest.fixture(scope="module")
def wage_token(project, deployer):
    return project.LaborTestToken.deploy(sender=deployer)


@pytest.fixture(scope="module")
def registry(
    deployer,
    labor_authority,
    pension_insurer,
    health_insurer,
    employment_insurer,
    accident_insurer,
    business_registry,
    employer,
    other_employer,
    wage_token,
):
    """The registry with `employer` verified by the business registry and `other_employer`
    registered but unverified."""
    roles = {
        "admin": deployer.address,
        "labor_authority": labor_authority.address,
        "pension_insurer": pension_insurer.address,
        "health_insurer": health_insurer.address,
        "employment_insurer": employment_insurer.address,
        "accident_insurer": accident_insurer.address,
        "business_registry": business_registry.address,
    }
    contract = deploy(deployer, roles, wage_token=wage_token.address, minimum_wage=MINIMUM_WAGE)
    contract.registerEmployer(BUSINESS, sender=employer)
    contract.registerEmployer(b"\xb2" * 32, sender=other_employer)
    contract.verifyEmployer(employer, sender=business_registry)
    return contract


@pytest.fixture(scope="module")
def domain(registry, chain):
    return domain_of(registry, chain.chain_id)


@pytest.fixture(scope="module")
def start_day(registry):
    """The first day the minimum wage is in force (tomorrow at deployment)."""
    return int(registry.minimumWageEntry(0).effectiveDay)


@pytest.fixture(scope="module")
def make_terms(employer, worker, start_day):
    def _make(employer_=None, worker_=None, **changes):
        base = Terms(
            employer=(employer_ or employer).address,
            worker=str(getattr(worker_, "address", worker_ or worker.address)),
            document_hash=DOC,
            hourly_wage=MINIMUM_WAGE,
            weekly_minutes=20 * 60,
            start_day=start_day,
            end_day=0,
        )
        return base.amended(**changes)

    return _make


@pytest.fixture(scope="module")
def sign_both(domain):
    """Signatures of both parties; `worker_signer` signs for a wallet worker."""

    def _sign(terms, nonce, version=1, deadline=FAR_DEADLINE, employer=None, worker=None):
        return (
            sign_contract(employer, domain, terms, nonce, version, deadline),
            sign_contract(worker, domain, terms, nonce, version, deadline),
        )

    return _sign


@pytest.fixture(scope="module")
def activate(registry, sign_both, relayer, employer, worker, make_terms):
    """Activate an agreement from two signatures, submitted by the relayer.
    Returns (agreement id as bytes, terms, receipt)."""

    def _activate(nonce=1, employer_=None, worker_=None, worker_signer=None, **changes):
        employer_ = employer_ or employer
        worker_ = worker_ or worker
        terms = make_terms(employer_, worker_, **changes)
        emp_sig, wrk_sig = sign_both(
            terms, nonce, employer=employer_, worker=worker_signer or worker_
        )
        tx = registry.activate(
            terms.as_tuple(), nonce, FAR_DEADLINE, emp_sig, wrk_sig, sender=relayer
        )
        return agreement_id(terms.employer, terms.worker, nonce), terms, tx

    return _activate


@pytest.fixture(scope="module")
def travel(chain):
    """Move chain time forward by whole days (mines one block)."""

    def _travel(days):
        chain.pending_timestamp = chain.pending_timestamp + days * SECONDS_PER_DAY
        chain.mine()

    return _travel


@pytest.fixture
def active(activate, travel, start_day):
    """An active open-ended agreement whose start day lies 10 days in the past."""
    agreement, terms, _ = activate()
    travel(11)
    return agreement, terms
