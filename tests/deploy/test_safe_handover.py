"""`--handover` to a real Safe 1.4.1 multisig (npm `@safe-global/safe-contracts`, its
shipped bytecode) with 2-of-3 owners, on a city node: the Safe accepts by revoking the
deployer's admin role on every contract, then runs admin actions (appoint an issuer,
appoint an inspector, pause NW) through `execTransaction` with two owners' signatures;
one owner's signature alone is refused, and the deployer holds no role anywhere."""

from __future__ import annotations

import json

import pytest
from city import ROOT, audit, deploy, output, record, roles_section, write_roles
from eth_account import Account
from web3.exceptions import ContractLogicError

from civic.deploy import ADMIN_ROLE
from civic.services import NAMES as SERVICES

ARTIFACTS = ROOT / "node_modules" / "@safe-global" / "safe-contracts" / "build" / "artifacts"
ZERO = "0x" + "00" * 20


def _artifact(path: str) -> dict:
    return json.loads((ARTIFACTS / path).read_text())


def _deploy_w3(w3, artifact, sender, *args):
    factory = w3.eth.contract(abi=artifact["abi"], bytecode=artifact["bytecode"])
    tx = factory.constructor(*args).transact({"from": sender})
    return w3.eth.get_transaction_receipt(tx)["contractAddress"]


@pytest.fixture(scope="module")
def owners(accounts):
    return sorted(accounts[25:28], key=lambda a: int(a.address, 16))


@pytest.fixture(scope="module")
def safe(city, owners, accounts):
    """A Safe 1.4.1 proxy with the three owners and threshold 2."""
    _, w3 = city
    funder = accounts[20].address
    singleton_artifact = _artifact("contracts/Safe.sol/Safe.json")
    singleton = _deploy_w3(w3, singleton_artifact, funder)
    factory_artifact = _artifact("contracts/proxies/SafeProxyFactory.sol/SafeProxyFactory.json")
    factory = w3.eth.contract(
        address=_deploy_w3(w3, factory_artifact, funder), abi=factory_artifact["abi"]
    )
    template = w3.eth.contract(abi=singleton_artifact["abi"])
    setup = template.encode_abi(
        "setup", [[o.address for o in owners], 2, ZERO, b"", ZERO, ZERO, 0, ZERO]
    )
    tx = factory.functions.createProxyWithNonce(singleton, setup, 1).transact({"from": funder})
    event = factory.events.ProxyCreation().process_receipt(w3.eth.get_transaction_receipt(tx))
    address = event[0]["args"]["proxy"]
    return w3.eth.contract(address=address, abi=singleton_artifact["abi"])


def _exec(safe, w3, signers, to: str, data: bytes, sender: str):
    """`execTransaction` of a call to `to`, signed by `signers` (sorted by address)."""
    nonce = safe.functions.nonce().call()
    digest = safe.functions.getTransactionHash(to, 0, data, 0, 0, 0, 0, ZERO, ZERO, nonce).call()
    signatures = b""
    for signer in sorted(signers, key=lambda a: int(a.address, 16)):
        signed = Account.unsafe_sign_hash(digest, signer.private_key)
        signatures += signed.r.to_bytes(32, "big") + signed.s.to_bytes(32, "big")
        signatures += bytes([signed.v])
    call = safe.functions.execTransaction(to, 0, data, 0, 0, 0, 0, ZERO, ZERO, signatures)
    tx = call.transact({"from": sender})
    receipt = w3.eth.get_transaction_receipt(tx)
    assert receipt["status"] == 1
    success = safe.events.ExecutionSuccess().process_receipt(receipt)
    assert success, "the Safe ran the call and it failed"
    return receipt


def _contracts(w3, out):
    result = {}
    for service, contracts in record(out)["services"].items():
        for rec in contracts.values():
            abi = json.loads((out / "abi" / f"{rec['name']}.json").read_text())
            result[service] = w3.eth.contract(address=rec["address"], abi=abi)
    return result


def test_handover__to_a_safe__two_owners_act_one_is_refused(
    city, safe, owners, tmp_path, deployer, accounts
):
    url, w3 = city
    roles = write_roles(tmp_path / "roles.yaml", roles_section([a.address for a in accounts[1:10]]))
    done = deploy(url, tmp_path, roles, "--handover", safe.address)
    assert done.returncode == 0, output(done)
    contracts = _contracts(w3, tmp_path)
    relayer = accounts[21].address

    # The Safe accepts: it revokes the deployer's admin role on every contract itself.
    for contract in contracts.values():
        data = contract.encode_abi("revokeRole", [ADMIN_ROLE, deployer.address])
        _exec(safe, w3, owners[:2], contract.address, data, relayer)
    for contract in contracts.values():
        assert contract.functions.hasRole(ADMIN_ROLE, safe.address).call()
        names = [f.fn_name for f in contract.all_functions() if f.fn_name.endswith("_ROLE")]
        for role in [getattr(contract.functions, n)().call() for n in names]:
            assert not contract.functions.hasRole(role, deployer.address).call()
    assert set(contracts) == set(SERVICES)
    accepted = audit(url, tmp_path, roles)
    assert accepted.returncode == 0, output(accepted)
    assert "not accepted yet" not in output(accepted)

    # Admin actions through the Safe, two owners each.
    nw, vehicle = contracts["nw"], contracts["vehicle"]
    new_issuer, new_inspector = accounts[22].address, accounts[23].address
    issuer_role = nw.functions.ISSUER_ROLE().call()
    inspector_role = vehicle.functions.INSPECTOR_ROLE().call()
    pauser_role = nw.functions.PAUSER_ROLE().call()
    _exec(
        safe,
        w3,
        owners[1:],
        nw.address,
        nw.encode_abi("grantRole", [issuer_role, new_issuer]),
        relayer,
    )
    _exec(
        safe, w3, [owners[0], owners[2]], vehicle.address,
        vehicle.encode_abi("grantRole", [inspector_role, new_inspector]), relayer,
    )  # fmt: skip
    _exec(
        safe,
        w3,
        owners[:2],
        nw.address,
        nw.encode_abi("grantRole", [pauser_role, safe.address]),
        relayer,
    )
    _exec(safe, w3, owners[:2], nw.address, nw.encode_abi("pause", []), relayer)
    assert nw.functions.hasRole(issuer_role, new_issuer).call()
    assert vehicle.functions.hasRole(inspector_role, new_inspector).call()
    assert nw.functions.paused().call()

    # One owner alone: the Safe refuses (GS020: signatures too short for the threshold).
    lone = nw.encode_abi("unpause", [])
    with pytest.raises(ContractLogicError, match="GS020"):
        _exec(safe, w3, owners[:1], nw.address, lone, relayer)
    assert nw.functions.paused().call()
