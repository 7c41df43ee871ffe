"""M-Voting fixtures: role accounts, one deployment per module, a small weighted
electorate, a cached 2**20-seat electorate and a ballot factory."""

import pytest

from civic.voting import Electorate, ballot_config, domain
from civic.voting.deploy import deploy

VOTING_PERIOD = 1_000
REVEAL_PERIOD = 1_000


@pytest.fixture(scope="session")
def admin(accounts):
    return accounts[1]


@pytest.fixture(scope="session")
def authority(accounts):
    """Holds ELECTION_AUTHORITY_ROLE: creates and cancels ballots."""
    return accounts[2]


@pytest.fixture(scope="session")
def voters(accounts):
    """Eight residents on the electoral roll."""
    return [accounts[i] for i in range(3, 11)]


@pytest.fixture(scope="session")
def outsider(accounts):
    """A resident who is not on the roll."""
    return accounts[11]


@pytest.fixture(scope="session")
def relayer(accounts):
    """Pays the gas for other people's signed ballots."""
    return accounts[12]


@pytest.fixture(scope="session")
def wallet_owner(accounts):
    """The EOA behind an ERC-1271 smart-wallet voter."""
    return accounts[13]


@pytest.fixture(scope="module")
def voting(deployer, admin, authority, voters, outsider, relayer, wallet_owner, stranger):
    """A fresh MVoting per module (the role fixtures are listed so Ape sets the session
    fixtures up before the module snapshot)."""
    return deploy(deployer, {"admin": admin, "authority": authority})


@pytest.fixture(scope="module")
def wallet(project, deployer, wallet_owner):
    return project.MockERC1271Wallet.deploy(wallet_owner, sender=deployer)


@pytest.fixture(scope="module")
def electorate(voters, wallet):
    """Household shares 1..3 for the eight residents, weight 2 for the wallet voter."""
    weights = {v.address: 1 + (i % 3) for i, v in enumerate(voters)}
    weights[wallet.address] = 2
    return Electorate(weights)


@pytest.fixture(scope="module")
def household_electorate(voters):
    """Seats as ``(index, voter, weight)`` leaves where some residents hold several seats
    (households with two or three flats): voters[0] holds seats 0 and 1, voters[2] seats 3, 4
    and 5, voters[5] seats 8 and 9; the others one seat each."""
    leaves = [
        (0, voters[0], 1),
        (1, voters[0], 5),
        (2, voters[1], 1),
        (3, voters[2], 2),
        (4, voters[2], 3),
        (5, voters[2], 1),
        (6, voters[3], 2),
        (7, voters[4], 1),
        (8, voters[5], 4),
        (9, voters[5], 1),
        (10, voters[6], 3),
        (11, voters[7], 1),
    ]
    return Electorate({}, extra=[(i, v.address, w) for i, v, w in leaves])


@pytest.fixture(scope="session")
def big_electorate(accounts):
    """2**20 seats (a million-voter poll): three real voters seated across the tree, filler
    leaves elsewhere. Built once per session (~4 s)."""
    real = {accounts[3].address: 1, accounts[4].address: 1, accounts[5].address: 5}
    seats = {accounts[3].address: 0, accounts[4].address: 777_777, accounts[5].address: 2**20 - 1}
    return Electorate(real, size=2**20, seats=seats)


@pytest.fixture(scope="module")
def dom(voting, chain):
    return domain(voting, chain.chain_id)


@pytest.fixture
def create_ballot(voting, authority, electorate, chain):
    """Factory: create a ballot opening ``delay`` seconds from now (0 = open at once by
    mining to its start) and return its id."""

    def _create(
        *,
        root=None,
        options=3,
        secret=False,
        allow_change=False,
        quorum_votes=0,
        quorum_weight=0,
        delay=0,
        period=VOTING_PERIOD,
        reveal=REVEAL_PERIOD,
    ):
        start = chain.pending_timestamp + 5 + delay
        end = start + period
        config = ballot_config(
            root if root is not None else electorate.root,
            start,
            end,
            options=options,
            secret=secret,
            allow_change=allow_change,
            reveal_end=end + reveal if secret else 0,
            quorum_votes=quorum_votes,
            quorum_weight=quorum_weight,
        )
        tx = voting.createBallot(config, sender=authority)
        ballot_id = tx.decode_logs(voting.BallotCreated)[0].ballotId
        if delay == 0:
            chain.mine(1, timestamp=start)
        return ballot_id

    return _create


@pytest.fixture
def to_time(chain):
    """Mine a block at ``timestamp`` (the next transaction lands right after it)."""

    def _go(timestamp):
        chain.mine(1, timestamp=int(timestamp))

    return _go
