"""The ABIs committed beside the deployment records (deployments/abi/) are the build's,
for every contract of every service: a dapp or an auditor reading a fresh clone gets
the interface the deployed code has. `make abi` rewrites them after a contract change."""

import json
from pathlib import Path

import pytest

from civic.deployments import abi_json
from civic.services import SERVICES

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = [spec.name for svc in SERVICES for spec in svc.plan.contracts]


@pytest.mark.parametrize("name", CONTRACTS)
def test_committed_abi__equals_the_build(project, name):
    path = ROOT / "deployments" / "abi" / f"{name}.json"
    assert path.exists(), f"{path} is missing: run `make abi`"
    committed = json.loads(path.read_text())
    assert committed == abi_json(project.get_contract(name).contract_type), (
        f"{path} differs from the build: run `make abi` and commit it"
    )
