"""The frontend stub end to end: deploy with `civic.deploy.deploy_all` on the test session's
Anvil, drive a small scenario per service, serve the project root over HTTP and let Debian's
chromium (playwright-core, tests/frontend/e2e.mjs) read the page; then compare what the page
shows with the chain. A screenshot is kept at artifacts/frontend.png.

A service that is not deployed (not in `civic.deploy.SERVICES`, found by contract name)
must show "service not deployed" on the page; its own assertions are skipped, saying so.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode

import pytest

from civic import deploy as civic_deploy
from civic.roles import RolesFile, load_roles_file

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCRIPT = ROOT / "tests" / "frontend" / "e2e.mjs"
RECORDS_DIR = ROOT / "artifacts" / "frontend" / "deployments"
SCREENSHOT = ROOT / "artifacts" / "frontend.png"
NETWORK = "ethereum:local"
DEV_ACCOUNT = 5  # the page signs with Anvil's eth_accounts[5] == Ape's test_accounts[5]
VIN = "KMHDH41EBPU123456"
UNKNOWN_VIN = "KMHDH41EBPU654321"
RECORD_KIND = [
    "Registration",
    "Inspection",
    "Mileage",
    "Accident",
    "Repair",
    "OdometerReplacement",
    "Sale",
    "Scrap",
]
#: Services found by contract name (whatever key civic.deploy.SERVICES gives them).
VOTING, VEHICLE = "MVoting", "VehicleRegistry"


# ------------------------------------------------------------------------------ helpers


def _locate(deployed: dict, contract_name: str):
    """(service key, contract) of the deployed contract named `contract_name`, or (None, None)."""
    for service, contracts in deployed.items():
        for contract in contracts.values():
            if contract.contract_type.name == contract_name:
                return service, contract
    return None, None


def _roles_config(test_accounts) -> dict:
    """config/roles.yaml, completed for local services it does not name yet (test accounts
    10.. in order), so a service whose roles the file does not name yet still deploys."""
    config = load_roles_file().data
    local = dict(config.get("local") or {})
    spare = iter(range(10, len(test_accounts)))
    for service in civic_deploy.SERVICES:
        given = dict(local.get(service) or {})
        for role in sorted(civic_deploy.service_module(service).ROLE_NAMES - {"admin"}):
            given.setdefault(role, f"test:{next(spare)}")
        local[service] = given
    return {**config, "local": local}


def _account(test_accounts, address: str):
    return next(a for a in test_accounts if a.address.lower() == str(address).lower())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: IVehicleRegistry.Record field order (Ape may return struct arrays as plain tuples).
RECORD_FIELDS = (
    "writer",
    "timestamp",
    "kind",
    "severity",
    "mileage",
    "segment",
    "reportHash",
    "corrects",
)


def _field(record, name: str):
    return getattr(record, name) if hasattr(record, name) else record[RECORD_FIELDS.index(name)]


def _hex(value) -> str:
    return "0x" + bytes(value).hex()


# ----------------------------------------------------------------------------- scenarios


def _voting_scenario(voting, authority, test_accounts, chain) -> dict:
    """A closed, finalized ballot (option 1 wins) and an open ballot where seat 1 voted;
    returns the plan entries the page needs (ids, the dev account's credentials)."""
    from civic.voting import Electorate, ballot_config

    dev = test_accounts[DEV_ACCOUNT]
    others = [test_accounts[i] for i in (6, 7, 8)]
    electorate = Electorate({dev.address: 2, **{a.address: 1 for a in others}})

    def create(duration):
        start = chain.pending_timestamp + 5
        config = ballot_config(electorate.root, start, start + duration, options=2)
        tx = voting.createBallot(config, sender=authority)
        chain.mine(1, timestamp=start)
        return tx.decode_logs(voting.BallotCreated)[0].ballotId, start + duration

    closed, end = create(3600)
    for voter, choice in zip(others, (1, 1, 0), strict=True):
        index, weight, proof = electorate.credentials(voter)
        voting.vote(closed, index, weight, choice, proof, sender=voter)
    chain.mine(1, timestamp=end)
    voting.finalize(closed, sender=authority)

    live, _ = create(7 * 24 * 3600)
    index, weight, proof = electorate.credentials(others[0])
    voting.vote(live, index, weight, 0, proof, sender=others[0])

    index, weight, proof = electorate.credentials(dev)
    vote = {
        "ballotId": live,
        "choice": 1,
        "index": index,
        "weight": weight,
        "proof": [_hex(p) for p in proof],
    }
    return {"ballots": {"closed": closed, "live": live}, "vote": vote}


def _vehicle_scenario(registry, holders: dict, test_accounts) -> dict:
    """One car with 8 records (two history pages of 5): registration, inspections, mileage,
    an accident and its repair, and a correction of the latest reading."""

    def doc(text: str) -> bytes:
        from eth_utils import keccak

        return keccak(text=text)

    registrar, inspector, insurer, repairer = (
        _account(test_accounts, holders[r])
        for r in ("registrar", "inspector", "insurer", "repairer")
    )
    owner = test_accounts[9]
    tx = registry.register(VIN, owner, 12_000, doc("registration"), sender=registrar)
    token_id = registry.tokenIdOf(VIN)
    registry.recordInspection(token_id, 15_000, doc("inspection 1"), sender=inspector)
    registry.recordMileage(token_id, 18_000, sender=inspector)
    registry.recordAccident(token_id, 2, doc("accident"), sender=insurer)
    registry.recordRepair(token_id, 2, doc("repair"), sender=repairer)
    registry.recordMileage(token_id, 21_000, sender=inspector)
    registry.recordInspection(token_id, 24_000, doc("inspection 2"), sender=inspector)
    registry.correct(token_id, 7, 24_500, 0, doc("inspection 2, fixed"), sender=inspector)
    assert tx.txn_hash
    return {"vin": VIN, "unknownVin": UNKNOWN_VIN}


# ------------------------------------------------------------------------------ fixtures


@pytest.fixture(scope="module")
def page(accounts, chain):
    """Deploy, run the scenarios, serve, drive chromium; returns (observed, context)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the frontend e2e test needs Debian's chromium "
            "(`make test` installs it: apt-get install -y --no-install-recommends chromium)"
        )
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: the frontend e2e test drives chromium from node")
    for needed in ("ethers", "playwright-core"):
        if not (ROOT / "frontend_stub" / "node_modules" / needed).is_dir():
            pytest.fail(
                f"frontend_stub/node_modules/{needed} is missing: run `npm ci --prefix frontend_stub`"
            )

    test_accounts = accounts
    deployer = test_accounts[0]
    shutil.rmtree(RECORDS_DIR, ignore_errors=True)
    roles_config = _roles_config(test_accounts)
    record, deployed = civic_deploy.deploy_all(
        deployer, NETWORK, True, roles_config=roles_config, folder=RECORDS_DIR
    )
    holders = civic_deploy.role_holders(
        RolesFile(path=Path("roles.yaml"), data=roles_config),
        NETWORK,
        True,
        deployed,
        deployer.address,
    )

    # NW: some activity so the totals are not all zero
    nw = deployed["nw"]["NWToken"]
    issuer = _account(test_accounts, holders["nw"]["issuer"])
    nw.setIssuerBudget(issuer, 1_000_000, sender=deployer)
    nw.issue(test_accounts[9], 25_000, b"\x01" * 32, 120, sender=issuer)

    plan = {}
    service, voting = _locate(deployed, VOTING)
    if voting is not None:
        authority = _account(test_accounts, holders[service]["authority"])
        plan.update(_voting_scenario(voting, authority, test_accounts, chain))
    service, registry = _locate(deployed, VEHICLE)
    if registry is not None:
        plan.update(_vehicle_scenario(registry, holders[service], test_accounts))

    rpc = getattr(chain.provider, "uri", None) or chain.provider.web3.provider.endpoint_uri
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/frontend_stub/config.json", timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        query = urlencode(
            {
                "rpc": rpc,
                "records": "/" + str((RECORDS_DIR / "ethereum_local.json").relative_to(ROOT)),
                "account": DEV_ACCOUNT,
            }
        )
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        SCREENSHOT.unlink(missing_ok=True)
        plan.update(
            url=f"{base}/frontend_stub/index.html?{query}",
            chromium=str(CHROMIUM),
            screenshot=str(SCREENSHOT),
        )
        run = subprocess.run(
            [node, str(SCRIPT), json.dumps(plan)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert run.returncode == 0, f"e2e.mjs failed:\n{run.stdout}\n{run.stderr}"
    observed = json.loads(run.stdout)
    return observed, {"record": record, "deployed": deployed, "plan": plan, "holders": holders}


def _skip_unless(contract_name: str, observed: dict, context: dict, sections: tuple[str, ...]):
    """The deployed contract; if the service is not on this branch yet, check that the page
    says so and skip the service's own assertions."""
    _, contract = _locate(context["deployed"], contract_name)
    if contract is None:
        for section in sections:
            assert observed["sections"][section]["notDeployed"], (section, observed["sections"])
        pytest.skip(
            f"{contract_name} is not on this branch yet (not in civic.deploy.SERVICES): the "
            f"page shows 'service not deployed' for {', '.join(sections)}"
        )
    return contract


# --------------------------------------------------------------------------------- tests


def test_page__loads__shows_chain_records_and_dev_warning(page, chain):
    observed, _ = page
    assert observed["ready"] == "true", observed
    assert observed["status"] == "ready"
    assert observed["chain"] == f"chain id {chain.chain_id}"
    assert "DEVELOPMENT STUB" in observed["devWarning"]
    assert not [m for m in observed["console"] if m.startswith(("error", "pageerror"))], observed[
        "console"
    ]
    assert SCREENSHOT.stat().st_size > 10_000


def test_page__nw__totals_and_policy_match_chain(page):
    observed, context = page
    nw = context["deployed"]["nw"]["NWToken"]
    assert observed["sections"]["nw"]["deployed"] == "true"
    assert observed["nw"] == {
        "issued": str(nw.totalIssued()),
        "redeemed": str(nw.totalRedeemed()),
        "supply": str(nw.totalSupply()),
        "redemptions": str(nw.redemptionCount()),
        "policy": ["MerchantsOnly", "Open"][int(nw.spendingPolicy())],
        "paused": "yes" if nw.paused() else "no",
        "sealed": "yes" if nw.isSealed() else "no",
    }
    assert observed["nw"]["issued"] == "25000"


def test_page__ballot__live_turnout_and_final_result_match_chain(page):
    observed, context = page
    voting = _skip_unless(VOTING, observed, context, ("ballot", "vote"))
    ballots = context["plan"]["ballots"]

    closed = observed["ballots"]["closed"]
    view = voting.getBallot(ballots["closed"])
    votes, weights = voting.talliesOf(ballots["closed"])
    assert closed["phase"] == "finalized"
    assert closed["outcome"] == "Winner" and closed["winner"] == f"option {view.winner}"
    assert closed["winner"] == "option 1"
    assert closed["tallies"] == [
        [str(i), str(v), str(w)] for i, (v, w) in enumerate(zip(votes, weights, strict=True))
    ]
    assert (closed["turnoutVotes"], closed["turnoutWeight"]) == ("3", "3")

    before = observed["ballots"]["liveBefore"]
    assert before["phase"] == "open"
    assert (before["turnoutVotes"], before["turnoutWeight"]) == ("1", "1")
    assert "outcome" not in before


def test_page__vote__dev_account_vote_counts_on_chain(page, accounts):
    observed, context = page
    voting = _skip_unless(VOTING, observed, context, ("ballot", "vote"))
    vote = context["plan"]["vote"]
    assert observed["account"] == accounts[DEV_ACCOUNT].address
    assert observed["voteState"] == "counted", observed["voteStatus"]
    assert voting.hasVoted(vote["ballotId"], vote["index"])
    view = voting.getBallot(vote["ballotId"])
    after = observed["ballots"]["liveAfter"]
    assert (after["turnoutVotes"], after["turnoutWeight"]) == (
        str(view.turnoutVotes),
        str(view.turnoutWeight),
    )
    assert (after["turnoutVotes"], after["turnoutWeight"]) == ("2", "3")
    dev = accounts[DEV_ACCOUNT].address
    assert observed["revoteStatus"] == (
        f"vote rejected: AlreadyVoted({vote['ballotId']}, {dev}, {vote['index']})"
    )


def test_page__vehicle__owner_and_paginated_history_match_chain(page):
    observed, context = page
    registry = _skip_unless(VEHICLE, observed, context, ("vehicle",))
    token_id = registry.tokenIdOf(VIN)
    info = registry.vehicle(token_id)
    records, corrections = registry.vehicleHistory(token_id, 0, 100)
    shown = observed["vehicle"]
    assert shown["vin"] == VIN
    assert shown["owner"] == info.owner
    assert shown["recordCount"] == str(info.recordCount) == "8"
    assert shown["mileage"] == str(info.highestMileage)
    assert [p["range"] for p in shown["pages"]] == ["records 1–5 of 8", "records 6–8 of 8"]
    rows = [row for p in shown["pages"] for row in p["rows"]]
    expected = [
        [
            str(i + 1),
            RECORD_KIND[int(_field(r, "kind"))],
            str(_field(r, "mileage") or "-"),
            str(_field(r, "severity") or "-"),
            _field(r, "writer"),
            str(_field(r, "corrects") or "-"),
            str(c or "-"),
        ]
        for i, (r, c) in enumerate(zip(records, corrections, strict=True))
    ]
    assert [[row[0], row[1], *row[3:]] for row in rows] == expected
    assert rows[6][-1] == "8" and rows[7][-2] == "7"  # the correction links both ways
    assert shown["unknown"] == f"UnknownVehicle({registry.tokenIdOf(UNKNOWN_VIN)})"
