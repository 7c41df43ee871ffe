"""What an operator can do wrong, and what the tooling does then: bad inputs stop before
any transaction; a deploy killed at any point is resumed by the rerun without a second
copy; a node restored to an earlier state has its lost grants restored; a flaky RPC does
not duplicate transactions; a second concurrent deploy stops; and the audit names every
change of power made behind the tooling's back."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from city import (
    NETWORK,
    anvil_node,
    audit,
    created_contracts,
    deploy,
    deploy_process,
    output,
    record,
    recorded_addresses,
    roles_section,
    write_roles,
)

from civic.roles import RolesConfigError
from civic.services import NAMES as SERVICES

ZERO = "0x" + "00" * 20


@pytest.fixture(scope="module")
def holders(accounts):
    return [a.address for a in accounts[1:10]]


@pytest.fixture
def roles_file(tmp_path, holders):
    return write_roles(tmp_path / "roles.yaml", roles_section(holders))


def _nonce(w3, deployer):
    return w3.eth.get_transaction_count(deployer.address)


def _assert_one_copy_each(w3, deployer, out, first_nonce):
    """Every contract the deployer created is recorded, once per contract of a service."""
    rec = record(out)
    assert set(rec["services"]) == set(SERVICES)
    assert rec["pending"] == []
    created = created_contracts(w3, deployer.address, range(first_nonce, _nonce(w3, deployer)))
    assert created == recorded_addresses(rec)


# ------------------------------------------------------------------------ bad inputs


def _bad(holders, service, role, value):
    section = roles_section(holders)
    section[service][role] = value
    return section


BAD_ROLES = {
    "zero address": (lambda h: _bad(h, "escrow", "arbiter", ZERO), "the zero address"),
    "bad checksum": (
        lambda h: _bad(h, "nw", "pauser", h[0][:-1] + ("a" if h[0][-1] != "a" else "b")),
        "fails its EIP-55 checksum",
    ),
    "short address": (lambda h: _bad(h, "nw", "issuer", h[0][:-2]), "is not an address"),
    "shared holder": (
        lambda h: _bad(h, "escrow", "arbiter", roles_section(h)["escrow"]["agency"]),
        "each role of a service needs its own holder",
    ),
    "deployer in a role": (
        lambda h: _bad(h, "vehicle", "dealer", "deployer"),
        "the deployer may hold only the admin role",
    ),
    "unknown role": (lambda h: _bad(h, "voting", "auditor", h[0]), "voting has no role 'auditor'"),
    "unknown service": (
        lambda h: {**roles_section(h), "bogus": {"x": h[0]}},
        "unknown service 'bogus'",
    ),
    "missing role": (
        lambda h: {**roles_section(h), "labor": {"labor_authority": h[0]}},
        "names no holder for",
    ),
}


@pytest.mark.parametrize("case", ["bad checksum", "shared holder"])
def test_deploy__bad_roles_file__refused_before_any_transaction(fresh, tmp_path, holders, case):
    url, w3 = fresh
    make, message = BAD_ROLES[case]
    roles = write_roles(tmp_path / "roles.yaml", make(holders))
    height = w3.eth.block_number
    failed = deploy(url, tmp_path, roles)
    assert failed.returncode != 0
    assert message in output(failed)
    assert "Traceback" not in output(failed)
    assert w3.eth.block_number == height


@pytest.mark.parametrize(
    "text, message",
    [
        (
            f"{NETWORK}:\n  nw:\n    issuer: [unclosed\n  voting: {{}}\n",
            "roles.yaml:4: not valid YAML",
        ),
        (
            f"{NETWORK}:\n  nw:\n    issuer: 0x{'12' * 20}\n    merchant_manager: x\n    pauser: x\n",
            "is a number; quote the address",
        ),
        (f"{NETWORK}:\n  nw: 5\n", "roles.yaml:2: ethereum:city.nw is not a mapping"),
    ],
    ids=["malformed yaml", "unquoted address", "wrong shape"],
)
def test_roles_file__malformed__names_the_line(tmp_path, deployer, text, message):
    with pytest.raises(RolesConfigError, match=re.escape(message)):
        _holders(write_roles(tmp_path / "roles.yaml", text), deployer)


@pytest.mark.parametrize("case", sorted(BAD_ROLES))
def test_roles_file__bad_holder__named(tmp_path, holders, deployer, case):
    make, message = BAD_ROLES[case]
    with pytest.raises(RolesConfigError, match=re.escape(message)):
        _holders(write_roles(tmp_path / "roles.yaml", make(holders)), deployer)


def test_roles_file__lowercase_address__accepted_with_a_warning(tmp_path, holders, deployer):
    section = roles_section(holders)
    section["nw"]["pauser"] = section["nw"]["pauser"].lower()
    warnings = []
    resolved = _holders(write_roles(tmp_path / "roles.yaml", section), deployer, warnings.append)
    assert resolved["nw"]["pauser"] == roles_section(holders)["nw"]["pauser"]
    assert any("nw.pauser" in w and "no checksum to check" in w for w in warnings)


def _holders(path, deployer, warn=None):
    from civic.deploy import role_holders
    from civic.roles import load_roles_file

    return role_holders(load_roles_file(path), NETWORK, False, SERVICES, deployer.address, warn)


@pytest.mark.parametrize(
    "target, message",
    [
        (ZERO, "the zero address"),
        ("0x976EA74026E726554dB657fA54763abd0C3a0aA9", "fails its EIP-55 checksum"),
        ("0x976ea74026e726554db657fa54763abd0c3a0aa9", "has no code on this chain"),
        ("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "the target is the deployer itself"),
        ("city-multisig", "neither an address nor an Ape account alias"),
    ],
    ids=["zero", "bad checksum", "lowercase eoa", "deployer", "unknown alias"],
)
def test_admin_target__bad__refused(target, message, deployer):
    """The handover target's checks, on the test chain (no account there has code)."""
    from civic.deploy import admin_target
    from civic.roles import CivicConfigError

    with pytest.raises(CivicConfigError, match=re.escape(message)):
        admin_target(target, deployer.address, allow_eoa=False)


def test_admin_target__lowercase_eoa_when_told__accepted_with_a_warning(deployer, accounts):
    from civic.deploy import admin_target

    warnings = []
    target = accounts[11].address
    assert admin_target(target.lower(), deployer.address, True, warnings.append) == target
    assert "no checksum to check" in warnings[0]


@pytest.mark.parametrize(
    "target, message",
    [
        ("0x976EA74026E726554dB657fA54763abd0C3a0aA9", "fails its EIP-55 checksum"),
        ("city-multisig", "neither an address nor an Ape account alias"),
    ],
    ids=["bad checksum", "unknown alias"],
)
def test_deploy__bad_handover_target__refused_before_any_transaction(
    fresh, tmp_path, roles_file, target, message
):
    url, w3 = fresh
    height = w3.eth.block_number
    failed = deploy(url, tmp_path, roles_file, "--handover", target)
    assert failed.returncode != 0
    assert message in output(failed)
    assert w3.eth.block_number == height
    assert not (tmp_path / "ethereum_city.json").exists()


def test_deploy__unknown_service__lists_the_services(fresh, tmp_path, roles_file):
    url, _ = fresh
    failed = deploy(url, tmp_path, roles_file, "--service", "bogus")
    assert failed.returncode != 0
    assert all(service in output(failed) for service in SERVICES)


@pytest.fixture
def keyfile_account(accounts):
    """An `ape accounts` keyfile account `ops` (a funded key that holds no role), its
    passphrase in the environment variable Ape reads; removed afterwards."""
    from city import ROOT

    alias, passphrase = "ops", "correct horse battery staple"
    folder = Path(os.environ.get("APE_DATA_FOLDER", Path.home() / ".ape")) / "accounts"
    (folder / f"{alias}.json").unlink(missing_ok=True)
    imported = subprocess.run(
        ["ape", "accounts", "import", alias],
        input=f"{accounts[15].private_key}\n{passphrase}\n{passphrase}\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert imported.returncode == 0, output(imported)
    yield alias, {f"APE_ACCOUNTS_{alias}_PASSPHRASE": passphrase}
    (folder / f"{alias}.json").unlink(missing_ok=True)


def test_deploy__keyfile_account_without_yes__stops_before_signing(
    fresh, tmp_path, roles_file, keyfile_account
):
    """stdin closed and no --yes: told what to pass, nothing sent."""
    url, w3 = fresh
    alias, env = keyfile_account
    height = w3.eth.block_number
    failed = deploy(url, tmp_path, roles_file, "--account", alias, env=env)
    assert failed.returncode != 0
    assert "pass --yes" in output(failed) and f"APE_ACCOUNTS_{alias}_PASSPHRASE" in output(failed)
    assert w3.eth.block_number == height


def test_deploy__keyfile_account_with_yes__deploys_unattended(
    fresh, tmp_path, roles_file, keyfile_account, accounts
):
    url, w3 = fresh
    alias, env = keyfile_account
    done = deploy(url, tmp_path, roles_file, "--account", alias, "--yes", env=env)
    assert done.returncode == 0, output(done)
    assert record(tmp_path)["deployer"] == accounts[15].address
    missing = deploy(url, tmp_path / "again", roles_file, "--account", alias, "--yes")
    assert missing.returncode != 0
    assert f"APE_ACCOUNTS_{alias}_PASSPHRASE" in output(missing)


# ---------------------------------------------------------------- interrupts and restores


def _kill_after(url, w3, out, roles, transactions: int, sig=signal.SIGKILL):
    """Start a deploy, kill it after `transactions` blocks; returns the process result."""

    start = w3.eth.block_number
    proc = deploy_process(url, out, roles)
    deadline = time.time() + 300
    while w3.eth.block_number < start + transactions and time.time() < deadline:
        if proc.poll() is not None:
            break
        time.sleep(0.01)
    proc.send_signal(sig)
    proc.wait(timeout=60)
    return proc


@pytest.mark.parametrize(
    "transactions, sig",
    [(1, signal.SIGKILL), (5, signal.SIGINT), (12, signal.SIGKILL)],
    ids=["kill after 1", "interrupt after 5", "kill after 12"],
)
def test_deploy__killed_midway__rerun_adopts_and_deploys_no_copy(
    fresh, tmp_path, roles_file, deployer, transactions, sig
):
    url, w3 = fresh
    first_nonce = _nonce(w3, deployer)
    _kill_after(url, w3, tmp_path, roles_file, transactions, sig)
    rerun = deploy(url, tmp_path, roles_file)
    assert rerun.returncode == 0, output(rerun)
    _assert_one_copy_each(w3, deployer, tmp_path, first_nonce)
    done = audit(url, tmp_path, roles_file)
    assert done.returncode == 0, output(done)


def test_deploy__node_restored_without_grants__rerun_grants_again_and_says_so(
    fresh, tmp_path, roles_file
):
    """The escrow is recorded but the node lost the grants that followed its creation."""

    url, w3 = fresh
    proc = deploy_process(url, tmp_path, roles_file)
    path = tmp_path / "ethereum_city.json"
    saved = None
    deadline = time.time() + 300
    while saved is None and time.time() < deadline and proc.poll() is None:
        try:
            if "escrow" in json.loads(path.read_text())["services"]:
                proc.send_signal(signal.SIGSTOP)  # frozen right after the escrow's creation
                saved = w3.provider.make_request("evm_snapshot", [])["result"]
        except (FileNotFoundError, json.JSONDecodeError, KeyError):
            pass
        time.sleep(0.005)
    assert saved is not None
    proc.send_signal(signal.SIGCONT)
    assert proc.wait(timeout=300) == 0
    w3.provider.make_request("evm_revert", [saved])  # the node's periodic save, restored

    lost = audit(url, tmp_path, roles_file)
    assert lost.returncode != 0
    assert "AGENCY_ROLE should be held by" in output(lost)
    rerun = deploy(url, tmp_path, roles_file)
    assert rerun.returncode == 0, output(rerun)
    assert "AGENCY_ROLE was not held by" in output(rerun)
    done = audit(url, tmp_path, roles_file)
    assert done.returncode == 0, output(done)


class _FlakyProxy(ThreadingHTTPServer):
    """Forwards JSON-RPC to the node; every `every`-th request loses its answer (the
    connection closes), and a lost eth_sendRawTransaction is forwarded first, so the node
    mines what the client never hears about."""

    def __init__(self, target: str, every: int = 7):
        self.target, self.every, self.count, self.dropped = target, every, 0, 0
        self.lock = threading.Lock()
        super().__init__(("127.0.0.1", 0), _ProxyHandler)


class _ProxyHandler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        server = self.server
        with server.lock:
            server.count += 1
            drop = server.count % server.every == 0
        request = urllib.request.Request(
            server.target, data=body, headers={"Content-Type": "application/json"}
        )
        if drop and b"eth_sendRawTransaction" not in body:
            server.dropped += 1
            self.close_connection = True
            return
        with urllib.request.urlopen(request, timeout=30) as answer:
            payload = answer.read()
        if drop:
            server.dropped += 1
            self.close_connection = True
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)


def test_deploy__flaky_rpc__completes_without_duplicates(fresh, tmp_path, roles_file, deployer):
    url, w3 = fresh
    proxy = _FlakyProxy(url)
    thread = threading.Thread(target=proxy.serve_forever, daemon=True)
    thread.start()
    try:
        first_nonce = _nonce(w3, deployer)
        done = deploy(f"http://127.0.0.1:{proxy.server_address[1]}", tmp_path, roles_file)
        assert done.returncode == 0, output(done)
        assert proxy.dropped > 0
    finally:
        proxy.shutdown()
    _assert_one_copy_each(w3, deployer, tmp_path, first_nonce)
    assert audit(url, tmp_path, roles_file).returncode == 0


def test_demo__flaky_rpc__completes_and_every_recount_matches(tmp_path):
    """The demo through a connection that loses every 7th answer (sends included)."""
    from city import ROOT

    with anvil_node("--silent") as (url, _):
        proxy = _FlakyProxy(url)
        thread = threading.Thread(target=proxy.serve_forever, daemon=True)
        thread.start()
        try:
            network = f"ethereum:local:http://127.0.0.1:{proxy.server_address[1]}"
            done = subprocess.run(
                [
                    "ape",
                    "run",
                    "demo",
                    "--network",
                    network,
                    "--out",
                    str(tmp_path),
                    "-v",
                    "WARNING",
                ],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=900,
                stdin=subprocess.DEVNULL,
            )
        finally:
            proxy.shutdown()
    assert done.returncode == 0, output(done)
    assert proxy.dropped > 0
    assert "differs" not in output(done)


@pytest.mark.parametrize("voters", ["-5", "100000000"])
def test_demo__size_out_of_bounds__refused_with_the_range(voters):
    from city import ROOT

    done = subprocess.run(
        ["ape", "run", "demo", "--network", "ethereum:local:test", "--voters", voters],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode != 0
    assert "0<=x<=1000000" in output(done)


def test_deploy__two_at_once__the_second_stops(fresh, tmp_path, roles_file, deployer):
    url, w3 = fresh
    first_nonce = _nonce(w3, deployer)
    procs = [
        deploy_process(url, tmp_path, roles_file, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for _ in range(2)
    ]  # fmt: skip
    results = [(p.wait(timeout=600), p.stdout.read()) for p in procs]
    codes = sorted(code for code, _ in results)
    assert codes[0] == 0
    if codes[1] != 0:
        assert any("already running" in text for _, text in results)
    _assert_one_copy_each(w3, deployer, tmp_path, first_nonce)


# ----------------------------------------------------------------------- the audit of power


def _contract(w3, out, service):
    rec = next(iter(record(out)["services"][service].values()))
    abi = json.loads((out / "abi" / f"{rec['name']}.json").read_text())
    return w3.eth.contract(address=rec["address"], abi=abi)


@pytest.fixture
def deployed(fresh, tmp_path, roles_file):
    url, w3 = fresh
    done = deploy(url, tmp_path, roles_file)
    assert done.returncode == 0, output(done)
    return url, w3


def _issuer_to_stranger(w3, out, deployer, stranger):
    nw = _contract(w3, out, "nw")
    nw.functions.grantRole(nw.functions.ISSUER_ROLE().call(), stranger.address).transact(
        {"from": deployer.address}
    )
    return "ISSUER_ROLE is held by"


def _escrow_admin_to_stranger(w3, out, deployer, stranger):
    escrow = _contract(w3, out, "escrow")
    escrow.functions.grantRole(b"\x00" * 32, stranger.address).transact({"from": deployer.address})
    return "DEFAULT_ADMIN_ROLE is held by"


def _agency_revoked(w3, out, deployer, stranger):
    escrow = _contract(w3, out, "escrow")
    role = escrow.functions.AGENCY_ROLE().call()
    holder = roles_section_holder(out, "escrow", "agency")
    escrow.functions.revokeRole(role, holder).transact({"from": deployer.address})
    return "AGENCY_ROLE should be held by"


def _token_sent_to_escrow(w3, out, deployer, stranger):
    from ape import project

    build = project.PeerOZERC20.contract_type
    abi = [item.model_dump(mode="json", by_alias=True) for item in build.abi]
    factory = w3.eth.contract(abi=abi, bytecode=build.deployment_bytecode.bytecode)
    created = factory.constructor().transact({"from": deployer.address})
    token = w3.eth.contract(
        address=w3.eth.get_transaction_receipt(created)["contractAddress"], abi=abi
    )
    escrow = _contract(w3, out, "escrow")
    token.functions.mint(escrow.address, 123_456).transact({"from": deployer.address})
    return "holds 123456 units of token"


def roles_section_holder(out, service, role):
    import yaml

    return yaml.safe_load((out / "roles.yaml").read_text())[NETWORK][service][role]


def _record_points_at_no_code(w3, out, deployer, stranger):
    rec = record(out)
    rec["services"]["voting"]["MVoting"]["address"] = stranger.address
    (out / "ethereum_city.json").write_text(json.dumps(rec))
    return "no code at the recorded address"


def _service_removed(w3, out, deployer, stranger):
    rec = record(out)
    del rec["services"]["labor"]
    (out / "ethereum_city.json").write_text(json.dumps(rec))
    return "service labor is configured but not in the record"


def _records_swapped(w3, out, deployer, stranger):
    rec = record(out)
    nw, escrow = rec["services"]["nw"]["NWToken"], rec["services"]["escrow"]["SubcontractEscrow"]
    nw["address"], escrow["address"] = escrow["address"], nw["address"]
    (out / "ethereum_city.json").write_text(json.dumps(rec))
    return "the code differs from the build"


def test_audit__power_changed_on_chain__each_change_named(
    deployed, tmp_path, roles_file, deployer, stranger
):
    url, w3 = deployed
    clean = audit(url, tmp_path, roles_file)
    assert clean.returncode == 0, output(clean)
    changes = (
        _issuer_to_stranger,
        _escrow_admin_to_stranger,
        _agency_revoked,
        _token_sent_to_escrow,
    )
    _assert_findings(url, w3, tmp_path, roles_file, deployer, stranger, changes)


def test_audit__record_tampered__each_change_named(
    deployed, tmp_path, roles_file, deployer, stranger
):
    url, w3 = deployed
    changes = (_record_points_at_no_code, _service_removed, _records_swapped)
    _assert_findings(url, w3, tmp_path, roles_file, deployer, stranger, changes)


def _assert_findings(url, w3, out, roles, deployer, stranger, changes):
    """Make each change, then one audit names every one of them, without a traceback."""
    messages = [change(w3, out, deployer, stranger) for change in changes]
    found = audit(url, out, roles)
    assert found.returncode != 0
    for message in messages:
        assert message in output(found)
    assert "Traceback" not in output(found)


def test_audit__swapped_record_then_correct_one__no_cache_outlives_it(
    deployed, tmp_path, roles_file, deployer, stranger
):
    url, w3 = deployed
    good = (tmp_path / "ethereum_city.json").read_text()
    _records_swapped(w3, tmp_path, deployer, stranger)
    assert audit(url, tmp_path, roles_file).returncode != 0
    (tmp_path / "ethereum_city.json").write_text(good)
    again = audit(url, tmp_path, roles_file)
    assert again.returncode == 0, output(again)


@pytest.mark.parametrize(
    "text, message",
    [
        ("{not json", "not a readable deployment record"),
        ('{"network": "ethereum:city"}', "malformed deployment record"),
        ('{"network": "ethereum:other", "chain_id": 1, "genesis_hash": "0x00"}', "records network"),
    ],
    ids=["corrupt", "incomplete", "foreign"],
)
def test_audit__unusable_record__clear_error(deployed, tmp_path, roles_file, text, message):
    url, _ = deployed
    (tmp_path / "ethereum_city.json").write_text(text)
    failed = audit(url, tmp_path, roles_file)
    assert failed.returncode != 0
    assert message in output(failed)
    assert "Traceback" not in output(failed)


def test_deploy__record_of_another_chain__refused_naming_both_genesis_hashes(
    deployed, tmp_path, roles_file
):
    url, w3 = deployed
    with anvil_node("--silent") as (other_url, other):
        # Another chain under the same name: same id, other genesis (a later timestamp).
        other.provider.make_request("evm_mine", [])
        refused = deploy(other_url, tmp_path, roles_file)
        assert refused.returncode != 0
        assert record(tmp_path)["genesis_hash"] in output(refused)
        assert "Refusing to replace the record" in output(refused)
