"""Role ids kept in Python beside a service must be the contract's own.

A service's contract declares ``bytes32 public constant X_ROLE = keccak256("X_ROLE")``;
the build lists its ``X_ROLE()`` getter. Where Python keeps an id (``civic.nw.ISSUER_ROLE``
...), this test fails as soon as it differs from the contract's declaration, or names a
role the contract's ABI does not have. ``DEFAULT_ADMIN_ROLE`` is defined once, in
``civic.roles``.
"""

import importlib
import re
from pathlib import Path

import pytest
from eth_utils import keccak

import civic.roles
from civic.services import SERVICES

#: (service, contract) of every deployable, from the descriptors.
CONTRACTS = [(svc.name, spec.name) for svc in SERVICES for spec in svc.plan.contracts]
CONSTANT = re.compile(r'bytes32\s+public\s+constant\s+(\w+_ROLE)\s*=\s*keccak256\("([^"]*)"\)')


def _declared(contract: str) -> dict[str, bytes]:
    source = Path("contracts", f"{contract}.sol").read_text()
    roles = {name: keccak(text=text) for name, text in CONSTANT.findall(source)}
    roles["DEFAULT_ADMIN_ROLE"] = bytes(32)  # OpenZeppelin AccessControl
    return roles


def _abi_roles(project, contract: str) -> set[str]:
    abi = getattr(project, contract).contract_type.abi
    return {
        item.name
        for item in abi
        if item.type == "function" and item.name.endswith("_ROLE") and not item.inputs
    }


@pytest.mark.parametrize(("service", "contract"), CONTRACTS)
def test_python_role_ids__equal_the_contracts_declarations(project, service, contract):
    declared = _declared(contract)
    getters = _abi_roles(project, contract)
    assert set(declared) == getters, "a *_ROLE getter not declared as keccak256 of a name"
    module = importlib.import_module(f"civic.{service}")
    kept = {n: v for n, v in vars(module).items() if n.endswith("_ROLE")}
    for name, value in kept.items():
        assert name in declared, f"civic.{service}.{name}: {contract} has no such role"
        assert bytes(value) == declared[name], f"civic.{service}.{name} drifted from {contract}"


def test_default_admin_role__defined_once():
    assert bytes(32) == civic.roles.DEFAULT_ADMIN_ROLE
    mirrors = [
        str(path)
        for path in Path("civic").rglob("*.py")
        if re.search(r"^\s*\w*ADMIN_ROLE\s*=", path.read_text(), re.M)
        and path != Path("civic/roles.py")
    ]
    assert mirrors == []
