"""A city node for the deploy tests: an Anvil started by the test on a free port with the
city chain's id, reached as `ethereum:city` through CITY_RPC_URL exactly as an operator
reaches the real node; `ape run deploy` / `ape run audit` run as subprocesses against it."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import yaml
from web3 import Web3

from civic.deploy import create_address, plan_of
from civic.services import NAMES as SERVICES

ROOT = Path(__file__).resolve().parents[2]
CHAIN_ID = 82026  # ape-config.yaml: networks.custom[city].chain_id
NETWORK = "ethereum:city"
DEPLOYER = 0  # Ape's TEST::0 is Anvil's first default account


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def anvil_node(*extra: str):
    """(url, web3) of a fresh Anvil with the city chain id; stopped on exit."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    proc = subprocess.Popen(
        [
            shutil.which("anvil"),
            "--port",
            str(port),
            "--chain-id",
            str(CHAIN_ID),
            "--accounts",
            "30",
            *extra,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        w3 = Web3(Web3.HTTPProvider(url))
        for _ in range(200):
            if w3.is_connected():
                break
            time.sleep(0.05)
        yield url, w3
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def roles_section(holders: list[str]) -> dict:
    """Every service's roles, each service's roles held by distinct `holders`."""
    section = {}
    for service in SERVICES:
        names = sorted(plan_of(service).role_names - {"admin"})
        section[service] = {n: holders[i % len(holders)] for i, n in enumerate(names)}
    return section


def write_roles(path: Path, section: dict | str) -> Path:
    path.write_text(section if isinstance(section, str) else yaml.safe_dump({NETWORK: section}))
    return path


def ape_run(url: str, script: str, *args: str, env: dict | None = None, **kw):
    cmd = ["ape", "run", script, "--network", "ethereum:city:node", *args]
    return subprocess.run(
        cmd,
        cwd=ROOT,
        env={**os.environ, "CITY_RPC_URL": url, **(env or {})},
        capture_output=True,
        text=True,
        timeout=kw.pop("timeout", 600),
        stdin=subprocess.DEVNULL,
        **kw,
    )


def deploy_args(out: Path, roles: Path) -> list[str]:
    return ["--account", f"TEST::{DEPLOYER}", "--out", str(out), "--roles", str(roles)]


def deploy(url: str, out: Path, roles: Path, *extra: str, **kw):
    return ape_run(url, "deploy", *deploy_args(out, roles), *extra, **kw)


def deploy_process(url: str, out: Path, roles: Path, **kw) -> subprocess.Popen:
    """`ape run deploy` started in the background (to interrupt, freeze or race it)."""
    return subprocess.Popen(
        ["ape", "run", "deploy", "--network", "ethereum:city:node", *deploy_args(out, roles)],
        cwd=ROOT,
        env={**os.environ, "CITY_RPC_URL": url},
        stdin=subprocess.DEVNULL,
        **({"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL} | kw),
    )


def audit(url: str, out: Path, roles: Path, **kw):
    return ape_run(url, "audit", "--out", str(out), "--roles", str(roles), **kw)


def output(done) -> str:
    return done.stdout + done.stderr


def record(out: Path) -> dict:
    return json.loads((out / "ethereum_city.json").read_text())


def created_contracts(w3, deployer: str, nonces: range) -> set[str]:
    """Addresses with code among those `deployer` created at `nonces`."""
    found = set()
    for nonce in nonces:
        address = create_address(deployer, nonce)
        if w3.eth.get_code(address):
            found.add(address)
    return found


def recorded_addresses(rec: dict) -> set[str]:
    return {c["address"] for contracts in rec["services"].values() for c in contracts.values()}
