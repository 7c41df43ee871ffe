"""deploy / demo / bench / audit of the escrow package, as the `ape run` scripts call them."""

import io

import ape
import pytest
from rich.console import Console

from civic.escrow import AGENCY_ROLE, ARBITER_ROLE, DEFAULT_ADMIN_ROLE
from civic.escrow.bench import measure
from civic.escrow.demo import ACTORS, run
from civic.escrow.deploy import ROLE_NAMES, deploy
from civic.escrow.recount import audit, recount


@pytest.fixture(scope="module")
def roles(admin, agency, arbiter):
    return {"admin": admin, "agency": agency, "arbiter": arbiter}


def test_deploy__roles__granted_and_deployer_renounced(deployer, roles):
    assert set(roles) == ROLE_NAMES
    escrow = deploy(deployer, {k: v.address for k, v in roles.items()})
    assert escrow.hasRole(DEFAULT_ADMIN_ROLE, roles["admin"])
    assert not escrow.hasRole(DEFAULT_ADMIN_ROLE, deployer)
    assert escrow.hasRole(AGENCY_ROLE, roles["agency"])
    assert escrow.hasRole(ARBITER_ROLE, roles["arbiter"])


def test_deploy__missing_role__raises(deployer, roles):
    with pytest.raises(ValueError, match="arbiter"):
        deploy(deployer, {"admin": roles["admin"].address, "agency": roles["agency"].address})


def test_demo__scale_two__runs_and_stays_consistent(deployer, roles, accounts):
    escrow = deploy(deployer, {k: v.address for k, v in roles.items()})
    actors = dict(roles, **{name: accounts[12 + i] for i, name in enumerate(ACTORS)})
    out = io.StringIO()
    run(escrow, actors, Console(file=out, width=120), scale=2)
    assert "Recount from events" in out.getvalue()
    state = recount(escrow)
    assert len(state["projects"]) == 2
    assert len(state["disputes"]) == 1
    assert audit(escrow) == []


def test_bench__rows__measured_above_floor(deployer, accounts):
    rows = measure(deployer, accounts)
    assert [r.operation.split(" ")[0] for r in rows] == [
        "fund",
        "approveMilestone",
        "approveMilestone",
        "withdrawPayment",
        "withdrawPayment",
    ]
    for row in rows:
        assert row.service == "escrow"
        assert row.floor_gas < row.gas
    fund, approve10, approve50, first, again = rows
    assert fund.gas < 80_000
    assert approve10.gas == approve50.gas < 80_000  # one slot written, whatever the payees
    for row in (first, again):
        assert row.peer == "OZ 4.9 PaymentSplitter"
        assert row.gas <= 1.2 * row.peer_gas


def test_audit__recount_differs__names_first_difference(
    escrow, std, open_project, funder, monkeypatch
):
    from civic.escrow import recount as module

    pid, plans, _ = open_project(std)
    funder(std, pid, 0, plans[0].amount)
    assert audit(escrow) == []
    honest = module.recount

    def tampered(contract, start_block=0):
        state = honest(contract, start_block)
        state["projects"][pid]["milestones"][0]["funded"] -= 1
        return state

    monkeypatch.setattr(module, "recount", tampered)
    problems = audit(escrow)
    assert problems[0].startswith(f"project {pid} milestone 0 funded: recount")
    assert any(p.startswith("owed ") for p in problems)


def test_recount__start_after_opening__raises(escrow, std, open_project, funder):
    pid, plans, _ = open_project(std)
    start = ape.chain.blocks.height + 1
    funder(std, pid, 0, plans[0].amount)
    with pytest.raises(ValueError, match=f"project {pid} before its ProjectOpened"):
        recount(escrow, start)


@pytest.mark.parametrize(
    "name",
    [
        "SubcontractEscrow",
        "PeerPaymentSplitter",
        "MatrixERC20",
        "ReentrantERC20",
        "EscrowPlainToken",
        "WeirdMissingReturns",
        "WeirdReturnsFalse",
        "WeirdTransferFee",
        "WeirdBlockList",
        "WeirdPausable",
        "WeirdRevertZero",
    ],
)
def test_project__escrow_contract__reachable(project, name):
    assert getattr(project, name).contract_type.name == name
