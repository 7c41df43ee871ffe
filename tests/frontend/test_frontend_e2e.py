"""The page end to end: deploy every service with `civic.deploy.deploy_all` on the test
session's Anvil, drive a small scenario per service, serve the project root over HTTP and
let Debian's chromium (playwright-core, tests/frontend/e2e.mjs) use the page with an
injected EIP-1193 wallet that signs with a test key; then compare what the page shows
(in Korean, times in KST) with the chain. Screenshots at desktop and phone width are kept
in artifacts/frontend-desktop.png and artifacts/frontend-phone.png.
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
from eth_utils import keccak

from civic import deploy as civic_deploy
from civic.roles import RolesFile, load_roles_file
from civic.services import SERVICES
from civic.vehicle import history, send_correction

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCRIPT = ROOT / "tests" / "frontend" / "e2e.mjs"
ARTIFACTS = ROOT / "artifacts" / "frontend"
RECORDS_DIR = ARTIFACTS / "deployments"
SCREENSHOTS = {
    "desktop": ROOT / "artifacts" / "frontend-desktop.png",
    "phone": ROOT / "artifacts" / "frontend-phone.png",
}
NETWORK = "ethereum:local"
WALLET = 5  # the injected wallet signs with test account 5's key
VIN = "KMHDH41EBPU123456"
SALE_PRICE = 18_500_000
ZERO_ADDRESS = "0x" + "00" * 20
UNKNOWN_VIN = "KMHDH41EBPU654321"
PAY = 1_000
RECORD_KIND_KO = [
    "신규 등록",
    "정기 검사",
    "주행거리",
    "사고",
    "수리",
    "계기판 교체",
    "매매",
    "폐차",
]
#: Services found by contract name (whatever key their descriptor in civic.services gives them).
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
    for svc in SERVICES:
        given = dict(local.get(svc.name) or {})
        for role in sorted(svc.role_names - {"admin"}):
            given.setdefault(role, f"test:{next(spare)}")
        local[svc.name] = given
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


def _short(address: str) -> str:
    return f"{address[:6]}…{address[-4:]}"


def _won(n: int) -> str:
    return f"{n:,} NW"


# ----------------------------------------------------------------------------- scenarios


def _voting_scenario(voting, authority, test_accounts, chain) -> dict:
    """A finalized ballot (option 1 wins) and an open ballot where one seat voted; the
    wallet holds two seats (weights 2 and 3). Each ballot's electorate file is published
    as `<ballot id>.json` in the electorates folder."""
    from civic.voting import Electorate, ballot_config

    wallet = test_accounts[WALLET]
    others = [test_accounts[i] for i in (6, 7, 8)]
    electorate = Electorate(
        {wallet.address: 2, **{a.address: 1 for a in others}},
        size=8,
        extra=[(6, wallet.address, 3)],
    )
    folder = ARTIFACTS / "electorates"
    folder.mkdir(parents=True, exist_ok=True)

    def create(duration, secret=False):
        start = chain.pending_timestamp + 5
        reveal_end = start + duration + 3600 if secret else 0
        config = ballot_config(
            electorate.root,
            start,
            start + duration,
            options=2,
            secret=secret,
            reveal_end=reveal_end,
        )
        tx = voting.createBallot(config, sender=authority)
        chain.mine(1, timestamp=start)
        ballot_id = tx.decode_logs(voting.BallotCreated)[0].ballotId
        (folder / f"{ballot_id}.json").write_text(json.dumps(electorate.dump()))
        return ballot_id, start + duration

    closed, end = create(3600)
    for voter, choice in zip(others, (1, 1, 0), strict=True):
        index, weight, proof = electorate.credentials(voter)
        voting.vote(closed, index, weight, choice, proof, sender=voter)
    chain.mine(1, timestamp=end)
    voting.finalize(closed, sender=authority)

    secret, secret_end = create(3600, secret=True)
    live, _ = create(7 * 24 * 3600)
    index, weight, proof = electorate.credentials(others[0])
    voting.vote(live, index, weight, 0, proof, sender=others[0])
    return {
        "ballots": {"closed": closed, "live": live, "secret": secret},
        "secretEnd": secret_end,
        "vote": {"ballotId": live, "choice": 1, "seat": 6, "weight": 3},
        "seats": electorate.seats_of(wallet.address),
    }


def _certs_scenario(registry, admin, issuer, holder, chain) -> dict:
    from civic.certs import ClaimsTree, certificate_input, document_hash

    registry.grantRole(registry.ISSUER_ROLE(), issuer, sender=admin)
    tx = registry.defineType(keccak(text="youth-allowance"), 365 * 86400, 2, False, sender=admin)
    type_id = tx.decode_logs(registry.TypeDefined)[0].typeId
    registry.setIssuerPermission(issuer, type_id, True, sender=admin)
    tree = ClaimsTree({"youth_allowance": "eligible", "district": "nowon"})
    expires = chain.pending_timestamp + 180 * 86400
    tx = registry.issue(
        type_id, certificate_input(holder, tree.root, document_hash(b"doc"), expires), sender=issuer
    )
    certificate_id = tx.decode_logs(registry.CertificateIssued)[0].certificateId
    d = tree.disclose("youth_allowance")
    claim = {
        "key": _hex(d.key),
        "value": _hex(d.value),
        "salt": _hex(d.salt),
        "proof": [_hex(p) for p in d.proof],
    }
    return {
        "certificateId": certificate_id,
        "claim": claim,
        "otherValue": _hex(keccak(text="other")),
    }


def _labor_scenario(registry, employer, worker, chain) -> dict:
    """A contract proposed by the employer and accepted by the wallet; a week later the
    employer records Mon-Fri 3 hours each (15 hours) and a wrong Saturday."""
    from civic.labor.calendar import SECONDS_PER_DAY
    from civic.labor.payloads import Terms, agreement_id

    registry.registerEmployer(b"\xca" * 32, sender=employer)
    today = int(registry.today())
    start = max(today, int(registry.minimumWageEntry(0).effectiveDay))
    terms = Terms(
        employer.address,
        worker.address,
        b"\xd1" * 32,
        int(registry.minimumWageAt(start)) + 470,
        20 * 60,
        start,
    )
    registry.propose(terms.as_tuple(), 1, sender=employer)
    registry.accept(employer.address, 1, sender=worker)
    monday = start + (-(start + 3)) % 7
    chain.pending_timestamp = chain.pending_timestamp + (monday + 7 - today + 1) * SECONDS_PER_DAY
    chain.mine()
    agreement = agreement_id(employer.address, worker.address, 1)
    days = [monday + i for i in range(6)]
    registry.recordShifts(
        agreement, [(d, 180) for d in days[:5]] + [(days[5], 600)], sender=employer
    )
    return {"agreementId": _hex(agreement), "monday": monday}


def _escrow_scenario(escrow, agency, supervisor, payee, deployer, chain, project) -> dict:
    """One milestone funded and approved: the wallet is owed its wage share."""
    from civic.escrow import MilestonePlan, specs

    token = project.EscrowPlainToken.deploy("Test KRW", "tKRW", sender=deployer)
    token.mint(agency, 1_000_000, sender=agency)
    token.approve(escrow, 1_000_000, sender=agency)
    plan = MilestonePlan(1_000_000, chain.pending_timestamp + 30 * 86400, wages=[(payee, 300_000)])
    tx = escrow.openProject(deployer, token, supervisor, specs([plan]), sender=agency)
    pid = tx.decode_logs(escrow.ProjectOpened)[0].projectId
    escrow.fund(pid, 0, 1_000_000, sender=agency)
    escrow.approveMilestone(pid, 0, sender=supervisor)
    return {"token": token, "wage": 300_000, "pid": pid}


def _vehicle_scenario(registry, holders: dict, test_accounts) -> dict:
    """One car with 8 records (two history pages of 5): registration, inspections, mileage,
    an accident and its repair, and a correction of the latest reading; then listed for
    sale (the page reads the terms, price and expiry, from the listing's log alone)."""
    from ape import chain, project

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
    send_correction(registry, token_id, 7, 24_500, 0, doc("inspection 2, fixed"), sender=inspector)
    assert tx.txn_hash
    token = owner.deploy(project.VehicleTestToken)
    expires = chain.pending_timestamp + 30 * 86_400
    listed = registry.list(
        token_id, token, SALE_PRICE, doc("sale contract"), expires, ZERO_ADDRESS, sender=owner
    )
    return {"vin": VIN, "unknownVin": UNKNOWN_VIN, "saleId": listed.return_value}


# ------------------------------------------------------------------------------ fixtures


def _serve(port: int):
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(
                f"http://127.0.0.1:{port}/frontend_stub/config.json", timeout=1
            ).close()
            break
        except OSError:
            time.sleep(0.05)
    return server


@pytest.fixture(scope="module")
def page(accounts, chain, project):
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
    wallet = test_accounts[WALLET]
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
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

    # NW: issued to the wallet, two registered shops
    nw = deployed["nw"]["NWToken"]
    issuer = _account(test_accounts, holders["nw"]["issuer"])
    manager = _account(test_accounts, holders["nw"]["merchant_manager"])
    nw.setIssuerBudget(issuer, 1_000_000, sender=deployer)
    nw.issue(wallet, 25_000, b"\x01" * 32, 120, sender=issuer)
    shops = [test_accounts[i] for i in (20, 21)]
    for shop in shops:
        nw.registerMerchant(shop, keccak(text=f"business {shop.address}"), sender=manager)

    plan: dict = {"pay": PAY}
    labor = deployed["labor"]["LaborRegistry"]
    plan.update(_labor_scenario(labor, test_accounts[24], wallet, chain))
    service, voting = _locate(deployed, VOTING)
    plan.update(
        _voting_scenario(
            voting, _account(test_accounts, holders[service]["authority"]), test_accounts, chain
        )
    )
    service, registry = _locate(deployed, VEHICLE)
    plan.update(_vehicle_scenario(registry, holders[service], test_accounts))
    certs = deployed["certs"]["CertificateRegistry"]
    plan.update(_certs_scenario(certs, deployer, test_accounts[22], wallet, chain))
    escrow = deployed["escrow"]["SubcontractEscrow"]
    agency = _account(test_accounts, holders["escrow"]["agency"])
    money = _escrow_scenario(escrow, agency, test_accounts[23], wallet, deployer, chain, project)

    records_path = RECORDS_DIR / "ethereum_local.json"
    foreign = json.loads(records_path.read_text())
    foreign["genesis_hash"] = "0x" + "ab" * 32
    (ARTIFACTS / "foreign.json").write_text(json.dumps(foreign))

    rpc = getattr(chain.provider, "uri", None) or chain.provider.web3.provider.endpoint_uri
    port = _free_port()
    server = _serve(port)
    base = f"http://127.0.0.1:{port}/frontend_stub/index.html"
    records_url = "/" + str(records_path.relative_to(ROOT))

    def url(**params):
        return f"{base}?{urlencode(params)}"

    try:
        for shot in SCREENSHOTS.values():
            shot.parent.mkdir(parents=True, exist_ok=True)
            shot.unlink(missing_ok=True)
        plan.update(
            url=url(
                rpc=rpc,
                records=records_url,
                electorates="/" + str((ARTIFACTS / "electorates").relative_to(ROOT)) + "/",
                escrowToken=money["token"].address,
            ),
            broken={
                "unreachable": url(rpc=f"http://127.0.0.1:{_free_port()}", records=records_url),
                "foreign": url(
                    rpc=rpc,
                    records="/" + str((ARTIFACTS / "foreign.json").relative_to(ROOT)),
                    lang="en",
                ),
            },
            rpc=rpc,
            key=str(wallet.private_key),
            merchantKey=str(shops[0].private_key),
            chromium=str(CHROMIUM),
            screenshots={k: str(v) for k, v in SCREENSHOTS.items()},
        )
        run = subprocess.run(
            [node, str(SCRIPT), json.dumps(plan)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=150,
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert run.returncode == 0, f"e2e.mjs failed:\n{run.stdout}\n{run.stderr}"
    observed = json.loads(run.stdout)
    context = {
        "record": record,
        "deployed": deployed,
        "plan": plan,
        "holders": holders,
        "shops": shops,
        "wallet": wallet,
        "escrow": (escrow, money),
        "labor": labor,
    }
    return observed, context


# --------------------------------------------------------------------------------- tests


def test_page__unreachable_node__says_so_plainly(page):
    observed, _ = page
    assert observed["unreachable"]["ready"] == "error"
    assert "에 연결할 수 없습니다" in observed["unreachable"]["status"]


def test_page__records_of_another_chain__refused_in_english_naming_both_genesis_hashes(page, chain):
    observed, _ = page
    status = observed["foreign"]["status"]  # this load is in English (?lang=en)
    assert observed["foreign"]["ready"] == "error"
    assert "belong to another chain" in status and "0xabab…abab" in status
    genesis = chain.provider.web3.eth.get_block(0)["hash"].hex()
    genesis = genesis if genesis.startswith("0x") else "0x" + genesis
    assert _short(genesis.lower()) in status


def test_page__loads_read_only__then_connects_the_injected_wallet(page, chain):
    observed, context = page
    assert observed["ready"] == "true", observed
    assert observed["status"] == "준비됨"
    assert observed["chain"].startswith(f"체인 {chain.chain_id}, 제네시스 0x")
    assert observed["accountBefore"] == "읽기 전용 (지갑 연결 안 됨)"
    assert observed["devWarningHidden"] is True
    assert observed["nwReadOnly"] == _won(25_000)
    assert set(observed["sections"].values()) == {"true"}
    assert observed["wallet"] == "connected"
    assert observed["account"] == context["wallet"].address
    assert not [m for m in observed["console"] if m.startswith(("error", "pageerror"))], observed[
        "console"
    ]
    for shot in SCREENSHOTS.values():
        assert shot.stat().st_size > 10_000


def test_page__phone_width__no_sideways_scroll(page):
    observed, _ = page
    assert observed["phoneScrollWidth"] <= 390


def test_page__nw__totals_balance_shops_and_payment_match_chain(page):
    observed, context = page
    nw = context["deployed"]["nw"]["NWToken"]
    shown = observed["nw"]
    assert shown["issued"] == _won(nw.totalIssued()) == _won(25_000)
    # read before the shop redeemed (later in the run)
    assert shown["supply"] == _won(nw.totalSupply() + nw.totalRedeemed())
    assert shown["policy"] == "가맹점에서만 사용"
    assert (shown["paused"], shown["sealed"]) == ("아니오", "아니오")
    assert shown["balance"] == _won(25_000)
    assert [r[:2] for r in shown["shops"]] == [
        [_short(s.address), "영업 중"] for s in context["shops"]
    ]
    assert shown["pay"]["state"] == "done", shown["pay"]
    assert "블록에 기록되었습니다" in shown["pay"]["text"]
    assert nw.balanceOf(context["shops"][0]) + nw.totalRedeemed() == PAY  # it redeems later
    assert shown["balanceAfter"] == _won(nw.balanceOf(context["wallet"])) == _won(25_000 - PAY)


def test_page__ballot__final_result_and_live_turnout_match_chain(page):
    observed, context = page
    voting = _locate(context["deployed"], VOTING)[1]
    ballots = context["plan"]["ballots"]
    closed = observed["ballots"]["closed"]
    votes, weights = voting.talliesOf(ballots["closed"])
    assert closed["phase"] == "확정"
    assert (closed["outcome"], closed["winner"]) == ("당선", "선택지 1")
    assert closed["tallies"] == [
        [str(i), str(v), str(w)] for i, (v, w) in enumerate(zip(votes, weights, strict=True))
    ]
    assert "KST" in closed["window"]
    before = observed["ballots"]["liveBefore"]
    assert before["phase"] == "투표 중"
    assert (before["turnoutVotes"], before["turnoutWeight"]) == ("1", "1")
    assert before["electorate"].startswith("명부 확인")


def test_page__vote__proof_from_electorate_file__counts_on_chain(page):
    observed, context = page
    voting = _locate(context["deployed"], VOTING)[1]
    vote = context["plan"]["vote"]
    assert observed["seats"] == ["0번 자리 (가중치 2)", "6번 자리 (가중치 3)"]
    assert observed["voteState"] == "counted"
    assert voting.hasVoted(vote["ballotId"], vote["seat"])
    assert not voting.hasVoted(vote["ballotId"], 0)
    view = voting.getBallot(vote["ballotId"])
    after = observed["ballots"]["liveAfter"]
    assert (
        (after["turnoutVotes"], after["turnoutWeight"])
        == (
            str(view.turnoutVotes),
            str(view.turnoutWeight),
        )
        == ("2", "4")
    )
    assert observed["revote"] == {
        "state": "rejected",
        "text": f"거부됨: 6번 자리는 {vote['ballotId']}번 투표에 이미 투표했습니다.",
    }


def test_page__vehicle__history_segments_and_sale_state_match_chain(page):
    observed, context = page
    registry = _locate(context["deployed"], VEHICLE)[1]
    token_id = registry.tokenIdOf(VIN)
    info = registry.vehicle(token_id)
    page_rows = history(registry, token_id)  # from the logs, chain verified
    records = [r for _, r, _ in page_rows]
    corrections = [c for _, _, c in page_rows]
    shown = observed["vehicle"]
    assert shown["vin"] == VIN
    assert shown["owner"] == info.owner
    assert shown["record-count"] == str(info.recordCount) == "8"
    assert shown["mileage"] == f"{info.highestMileage:,}"
    # the price and expiry exist only in the listing's log: the page read and checked them
    assert info.openSale == context["plan"]["saleId"]
    assert shown["sale"].startswith(f"#{info.openSale} 판매 등록 · {SALE_PRICE:,} · ")
    assert shown["sale"].endswith("KST")
    assert shown["segments"] == f"구간 0: {info.highestMileage:,} km"
    assert [p["range"] for p in shown["pages"]] == ["기록 1–5 / 8", "기록 6–8 / 8"]
    rows = [row for p in shown["pages"] for row in p["rows"]]
    expected = [
        [
            str(i + 1),
            RECORD_KIND_KO[int(_field(r, "kind"))],
            f"{_field(r, 'mileage'):,}" if _field(r, "mileage") else "-",
            str(_field(r, "severity") or "-"),
            _short(_field(r, "writer")),
            str(_field(r, "corrects") or "-"),
            str(c or "-"),
        ]
        for i, (r, c) in enumerate(zip(records, corrections, strict=True))
    ]
    assert [[row[0], row[1], *row[3:]] for row in rows] == expected
    assert all(row[2].endswith("KST") for row in rows)
    assert (
        shown["unknown"]
        == f"등록되지 않은 차량입니다 ({_short(f'0x{registry.tokenIdOf(UNKNOWN_VIN):064x}')})."
    )


def test_page__escrow__payee_sees_credit_and_withdraws(page):
    observed, context = page
    escrow, money = context["escrow"]
    wallet = context["wallet"]
    assert observed["escrow"]["credited"] == _won(money["wage"])
    assert observed["escrow"]["withdraw"]["state"] == "done", observed["escrow"]
    assert observed["escrow"]["creditedAfter"] == _won(0)
    assert escrow.creditOf(money["token"], wallet) == 0
    assert escrow.claimable(money["pid"], 0, 0) == 0
    assert money["token"].balanceOf(wallet) == money["wage"]


def test_page__certificate__validity_and_disclosed_claim_checked_on_chain(page):
    observed, context = page
    registry = context["deployed"]["certs"]["CertificateRegistry"]
    cid = context["plan"]["certificateId"]
    claim = context["plan"]["claim"]
    assert registry.validityOf(cid) == 0
    assert registry.verifyClaim(cid, claim["key"], claim["value"], claim["salt"], claim["proof"])
    genuine, altered = observed["certs"]
    assert genuine == {"validity": "유효", "claim": "확인됨: 이 항목은 증명서에 들어 있습니다."}
    assert altered["claim"] == "확인 안 됨: 이 항목은 증명서에 없습니다."


def test_page__secret_ballot__commit_keeps_salt_then_reveal_counts(page):
    observed, context = page
    voting = _locate(context["deployed"], VOTING)[1]
    ballot_id = context["plan"]["ballots"]["secret"]
    shown = observed["secret"]
    assert shown["mode"] == "비밀 투표 (봉인 후 공개)"
    assert "비밀값을 이 브라우저에 저장했습니다" in shown["warning"]
    assert shown["commit"]["state"] == "done", shown
    assert shown["saltKept"] is True
    assert shown["phaseAfter"] == "공개 기간", shown
    assert shown["reveal"]["state"] == "done", shown
    assert voting.hasVoted(ballot_id, 0)
    votes, weights = voting.talliesOf(ballot_id)
    assert (list(votes), list(weights)) == ([0, 1], [0, 2])


def test_page__labor__worker_disputes_confirms_and_career_is_verifiable(page):
    observed, context = page
    labor = context["labor"]
    agreement = context["plan"]["agreementId"]
    shown = observed["labor"]
    assert shown["status"] == "유효"
    assert [r[2] for r in shown["shiftsBefore"]] == ["확인 대기"] * 6
    assert shown["dispute"]["state"] == "done", shown["dispute"]
    assert shown["confirm"]["state"] == "done", shown["confirm"]
    assert [r[2] for r in shown["shiftsAfter"]] == ["확인"] * 5 + ["이의 제기"]
    assert [int(labor.shift(agreement, i).status) for i in range(6)] == [2] * 5 + [3]
    week = (context["plan"]["monday"] + 3) // 7
    assert labor.weeklyConfirmedMinutes(agreement, week) == 900
    assert shown["weeks"] == [[shown["weeks"][0][0], "15시간 0분", "15시간 이상 (주휴수당 대상)"]]
    summary = labor.careerSummary(context["wallet"], [agreement])
    assert shown["career"] == {
        "agreements": str(summary.agreements),
        "employers": str(summary.employers),
        "minutes": "15시간 0분",
    }


def test_readme_example__kit_and_ethers__read_a_ballots_turnout(page):
    observed, context = page
    voting = _locate(context["deployed"], VOTING)[1]
    ballot_id = context["plan"]["ballots"]["live"]
    view = voting.getBallot(ballot_id)
    run = subprocess.run(
        [
            shutil.which("node"),
            str(ROOT / "frontend_stub" / "examples" / "turnout.mjs"),
            context["plan"]["rpc"],
            str(RECORDS_DIR / "ethereum_local.json"),
            str(ballot_id),
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == (
        f"Created: {view.turnoutVotes:,} seats, weight {view.turnoutWeight:,}"
    )


def test_page__nw__merchant_redeems_with_its_own_wallet(page):
    observed, context = page
    nw = context["deployed"]["nw"]["NWToken"]
    shop = context["shops"][0]
    shown = observed["redeem"]
    assert shown["account"] == shop.address
    assert shown["before"] == _won(PAY)
    assert shown["result"]["state"] == "done", shown
    assert shown["after"] == _won(0) == _won(nw.balanceOf(shop))
    assert nw.totalRedeemed() == PAY and nw.redemptionCount() == 1
