"""Our tooling on a second EVM implementation: Hardhat 3's node (EDR, from npm), started
here as an external node by URL (toolchain/hardhat-node) with Ape's test accounts.

`ape run deploy` and `ape run audit` use it as the city chain (`ethereum:city`, chain id
82026, uri from CITY_RPC_URL); the demo, which plays a short scenario per service and
recounts each from events, uses it as a local dev node by URL (`ethereum:local:<url>`),
where Ape would otherwise sign for chain id 1337, give each transaction more gas than the
node's cap, ask `eth_mining` and leave the clock alone (see civic/node.py).
"""

import json
import os
import socket
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from web3 import Web3

from civic.services import NAMES as SERVICES
from civic.services import SERVICES as DESCRIPTORS

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = ROOT / "toolchain" / "hardhat-node"
CHAIN_ID = 82026  # ape-config.yaml: networks.custom[city].chain_id


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def hardhat(deployer):
    """One Hardhat node for the module: (url, web3). `deployer` (session-scoped) first:
    Ape re-runs module fixtures when a session fixture is first requested after them."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [str(LAUNCHER), "--port", str(port), "--chain-id", str(CHAIN_ID)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        w3 = Web3(Web3.HTTPProvider(url))
        for _ in range(300):  # Node.js and EDR start in 2-5 s
            if proc.poll() is not None:
                pytest.fail(f"the Hardhat node exited: {proc.stderr.read()}")
            if w3.is_connected():
                break
            time.sleep(0.1)
        else:
            pytest.fail("the Hardhat node did not answer within 30 s")
        assert w3.eth.chain_id == CHAIN_ID
        yield url, w3
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def roles_file(tmp_path_factory, accounts):
    """Role holders for the city network as plain addresses (Ape's test accounts, which
    the Hardhat node funds from the same mnemonic)."""
    holders = [a.address for a in accounts[1:10]]
    section = {}
    for svc in DESCRIPTORS:
        names = sorted(svc.role_names - {"admin"})
        section[svc.name] = {n: holders[i % len(holders)] for i, n in enumerate(names)}
    path = tmp_path_factory.mktemp("roles") / "roles.yaml"
    path.write_text(yaml.safe_dump({"ethereum:city": section}))
    return path


def ape_run(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "CITY_RPC_URL": url}
    return subprocess.run(
        ["ape", "run", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def _audited(done: subprocess.CompletedProcess) -> set[str]:
    assert done.returncode == 0, done.stdout + done.stderr
    return {
        s
        for s in SERVICES
        if any(s in line and "matches" in line for line in done.stdout.splitlines())
    }


def test_deploy__hardhat_city_node__every_service_idempotent_and_audit_matches(
    hardhat, roles_file, tmp_path
):
    url, w3 = hardhat
    city = ["--network", "ethereum:city:node", "--out", str(tmp_path)]
    first = ape_run(url, "deploy", *city, "--account", "TEST::0", "--roles", str(roles_file))
    assert first.returncode == 0, first.stdout + first.stderr
    record = json.loads((tmp_path / "ethereum_city.json").read_text())
    assert record["chain_id"] == CHAIN_ID
    assert set(record["services"]) == set(SERVICES)
    for contracts in record["services"].values():
        for rec in contracts.values():
            assert w3.eth.get_code(rec["address"]) not in (b"", None)

    height = w3.eth.block_number
    again = ape_run(url, "deploy", *city, "--account", "TEST::0", "--roles", str(roles_file))
    assert again.returncode == 0, again.stdout + again.stderr
    assert w3.eth.block_number == height  # every service found, nothing sent

    assert _audited(ape_run(url, "audit", *city, "--roles", str(roles_file))) == set(SERVICES)


def test_demo__hardhat_by_url__scenario_per_service_then_audit_matches(hardhat, tmp_path):
    url, w3 = hardhat
    local = ["--network", f"ethereum:local:{url}", "--out", str(tmp_path)]
    demo = ape_run(url, "demo", *local)
    assert demo.returncode == 0, demo.stdout + demo.stderr
    for service in SERVICES:
        assert f"recount of {service} from events matches the contract" in demo.stdout
    assert json.loads((tmp_path / "ethereum_local.json").read_text())["chain_id"] == CHAIN_ID
    assert _audited(ape_run(url, "audit", *local)) == set(SERVICES)
