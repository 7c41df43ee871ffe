"""`ape run deploy` end to end against a separately started Anvil on a fixed port,
declared as the custom network `ethereum:city` (the city chain) in ape-config.yaml:
records, idempotence, and the handover that leaves the deployer without rights."""

import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from web3 import Web3

from civic.deploy import SERVICES, service_module

ROOT = Path(__file__).resolve().parents[2]
PORT = 8655
URL = f"http://127.0.0.1:{PORT}"
CHAIN_ID = 82026  # ape-config.yaml: networks.custom[city].chain_id
MULTISIG = Web3.to_checksum_address("0x000000000000000000000000000000000000c1c1")


def _free(port):
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


@pytest.fixture(scope="module")
def city_node(deployer):
    # `deployer` (session-scoped) first: Ape re-runs module fixtures when a session
    # fixture is first requested after them, which would start this node twice.
    for _ in range(50):  # a node of an earlier run may still be shutting down
        if _free(PORT):
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"port {PORT} is taken: the city-node test needs it")
    anvil = shutil.which("anvil")
    proc = subprocess.Popen(
        [anvil, "--port", str(PORT), "--chain-id", str(CHAIN_ID), "--silent"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        w3 = Web3(Web3.HTTPProvider(URL))
        for _ in range(100):
            if w3.is_connected():
                break
            time.sleep(0.1)
        yield w3
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def roles_file(tmp_path_factory, accounts):
    """Role holders for the city network given as plain addresses. Ape's test
    accounts and the separately started Anvil share the default mnemonic."""
    holders = [a.address for a in accounts[1:10]]
    section = {}
    for service in SERVICES:
        names = sorted(set(service_module(service).ROLE_NAMES) - {"admin"})
        section[service] = {n: holders[i % len(holders)] for i, n in enumerate(names)}
    path = tmp_path_factory.mktemp("roles") / "roles.yaml"
    path.write_text(yaml.safe_dump({"ethereum:city": section}))
    return path


def run_deploy(out: Path, roles: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CITY_RPC_URL": URL}
    cmd = ["ape", "run", "deploy", "--network", "ethereum:city:node", "--account", "TEST::0"]
    cmd += ["--out", str(out), "--roles", str(roles), *extra]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_deploy__city_network__records_every_service_and_is_idempotent(
    city_node, roles_file, tmp_path
):
    first = run_deploy(tmp_path, roles_file)
    assert first.returncode == 0, first.stdout + first.stderr
    record = json.loads((tmp_path / "ethereum_city.json").read_text())
    assert record["chain_id"] == CHAIN_ID
    assert set(record["services"]) == set(SERVICES)
    for contracts in record["services"].values():
        for rec in contracts.values():
            assert city_node.eth.get_code(rec["address"]) not in (b"", None)
            assert (tmp_path / "abi" / f"{rec['name']}.json").exists()

    height = city_node.eth.block_number
    second = run_deploy(tmp_path, roles_file)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "found" in second.stdout
    assert city_node.eth.block_number == height  # nothing sent
    assert json.loads((tmp_path / "ethereum_city.json").read_text()) == record


def test_deploy__handover__deployer_keeps_no_role(city_node, roles_file, tmp_path, deployer):
    done = run_deploy(tmp_path, roles_file, "--redeploy", "--handover", MULTISIG)
    assert done.returncode == 0, done.stdout + done.stderr
    record = json.loads((tmp_path / "ethereum_city.json").read_text())
    assert record["handover"] == MULTISIG
    checked = 0
    for contracts in record["services"].values():
        for rec in contracts.values():
            abi = json.loads((tmp_path / "abi" / f"{rec['name']}.json").read_text())
            names = {item.get("name") for item in abi if item.get("type") == "function"}
            if "hasRole" not in names:
                continue
            contract = city_node.eth.contract(address=rec["address"], abi=abi)
            roles = [b"\x00" * 32] + [
                getattr(contract.functions, n)().call()
                for n in names
                if n and n.endswith("_ROLE") and n != "DEFAULT_ADMIN_ROLE"
            ]
            assert contract.functions.hasRole(b"\x00" * 32, MULTISIG).call()
            for role in roles:
                assert not contract.functions.hasRole(role, deployer.address).call(), (
                    rec["name"],
                    role,
                )
            checked += 1
    assert checked >= 1


def test_deploy__network_without_roles__fails_clearly(city_node, tmp_path):
    empty = tmp_path / "roles.yaml"
    empty.write_text("local: {}\n")
    failed = run_deploy(tmp_path, empty)
    assert failed.returncode != 0
    assert "no section for network 'ethereum:city'" in failed.stdout + failed.stderr


def test_deploy__embedded_test_chain__deploys_every_service(tmp_path):
    """Ape's embedded chain (py-evm, no node process) works as well as Anvil."""
    cmd = ["ape", "run", "deploy", "--network", "ethereum:local:test", "--out", str(tmp_path)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    record = json.loads((tmp_path / "ethereum_local.json").read_text())
    assert set(record["services"]) == set(SERVICES)
