"""`ape run deploy` end to end against a separately started node reached as the custom
network `ethereum:city` (the city chain) in ape-config.yaml: records, idempotence, the
two-step handover that leaves the deployer without rights, and the embedded chain."""

import json
import subprocess

import pytest
from city import (
    CHAIN_ID,
    ROOT,
    audit,
    deploy,
    output,
    record,
    roles_section,
    write_roles,
)

from civic.deploy import ADMIN_ROLE
from civic.services import NAMES as SERVICES


@pytest.fixture(scope="module")
def roles_file(tmp_path_factory, accounts):
    """Role holders for the city network as plain addresses (Ape's test accounts and the
    node share the default mnemonic)."""
    path = tmp_path_factory.mktemp("roles") / "roles.yaml"
    return write_roles(path, roles_section([a.address for a in accounts[1:10]]))


def _contracts(w3, out):
    for contracts in record(out)["services"].values():
        for rec in contracts.values():
            abi = json.loads((out / "abi" / f"{rec['name']}.json").read_text())
            yield w3.eth.contract(address=rec["address"], abi=abi)


def _roles(contract) -> list[bytes]:
    names = [f.fn_name for f in contract.all_functions() if f.fn_name.endswith("_ROLE")]
    return [getattr(contract.functions, n)().call() for n in names]


def test_deploy__city_network__records_every_service_and_is_idempotent(fresh, roles_file, tmp_path):
    url, w3 = fresh
    first = deploy(url, tmp_path, roles_file)
    assert first.returncode == 0, output(first)
    rec = record(tmp_path)
    assert rec["chain_id"] == CHAIN_ID
    assert rec["genesis_hash"] == "0x" + bytes(w3.eth.get_block(0)["hash"]).hex()
    assert set(rec["services"]) == set(SERVICES)
    assert rec["pending"] == []
    for contracts in rec["services"].values():
        for c in contracts.values():
            assert w3.eth.get_code(c["address"])
            assert w3.eth.get_transaction_receipt(c["tx"])["contractAddress"] == c["address"]
            assert (tmp_path / "abi" / f"{c['name']}.json").exists()

    height = w3.eth.block_number
    second = deploy(url, tmp_path, roles_file)
    assert second.returncode == 0, output(second)
    assert "found" in second.stdout
    assert w3.eth.block_number == height  # nothing sent
    assert record(tmp_path) == rec
    assert audit(url, tmp_path, roles_file).returncode == 0


def test_deploy__handover__two_steps_leave_the_deployer_without_roles(
    fresh, roles_file, tmp_path, deployer, accounts
):
    url, w3 = fresh
    new_admin = accounts[11]
    done = deploy(url, tmp_path, roles_file, "--handover", new_admin.address, "--handover-eoa")
    assert done.returncode == 0, output(done)
    assert record(tmp_path)["handover"] == new_admin.address
    for contract in _contracts(w3, tmp_path):
        # Step one: both are admins; the deployer's other roles are gone.
        assert contract.functions.hasRole(ADMIN_ROLE, new_admin.address).call()
        assert contract.functions.hasRole(ADMIN_ROLE, deployer.address).call()
    pending = audit(url, tmp_path, roles_file)
    assert pending.returncode == 0, output(pending)
    assert "not accepted yet" in output(pending)

    accept = deploy(
        url, tmp_path, roles_file, "--account", f"TEST::{11}", "--accept-handover", deployer.address
    )
    assert accept.returncode == 0, output(accept)
    checked = 0
    for contract in _contracts(w3, tmp_path):
        assert contract.functions.hasRole(ADMIN_ROLE, new_admin.address).call()
        for role in [ADMIN_ROLE, *_roles(contract)]:
            assert not contract.functions.hasRole(role, deployer.address).call()
        checked += 1
    assert checked == len(SERVICES)
    done = audit(url, tmp_path, roles_file)
    assert done.returncode == 0, output(done)


def test_deploy__network_without_roles__fails_clearly(fresh, tmp_path):
    url, w3 = fresh
    height = w3.eth.block_number
    failed = deploy(url, tmp_path, write_roles(tmp_path / "roles.yaml", "local: {}\n"))
    assert failed.returncode != 0
    assert "no section for network 'ethereum:city'" in output(failed)
    assert w3.eth.block_number == height


def test_deploy__write_roles__adds_a_documented_section_that_validation_names(fresh, tmp_path):
    url, _ = fresh
    roles = write_roles(tmp_path / "roles.yaml", "local: {}\n")
    done = deploy(url, tmp_path, roles, "--write-roles")
    assert done.returncode == 0, output(done)
    text = roles.read_text()
    assert "ethereum:city:" in text and "arbiter:" in text and "# resolves disputed" in text
    failed = deploy(url, tmp_path, roles)
    assert failed.returncode != 0
    assert "'0x<address>' is not an address" in output(failed)


def test_deploy__embedded_test_chain__deploys_every_service(tmp_path):
    """Ape's embedded chain (py-evm, no node process) works as well as Anvil."""
    cmd = ["ape", "run", "deploy", "--network", "ethereum:local:test", "--out", str(tmp_path)]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, output(done)
    rec = json.loads((tmp_path / "ethereum_local.json").read_text())
    assert set(rec["services"]) == set(SERVICES)
