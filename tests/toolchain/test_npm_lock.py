"""The npm installs are frozen: each lock pins every direct dependency at the exact
version its package.json names, the lock is complete for every platform npm lists (so
`npm ci` accepts it whatever the registry lists today), and the Makefile installs with
`npm ci` followed by the pin check, never with a rewriting `npm install`."""

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TREES = [ROOT, ROOT / "frontend_stub"]
EXACT = re.compile(r"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$")


def _direct(manifest: dict) -> dict[str, str]:
    return {**manifest.get("dependencies", {}), **manifest.get("devDependencies", {})}


@pytest.mark.parametrize("tree", TREES, ids=lambda p: p.name)
def test_lock__pins_every_direct_dependency_exactly(tree):
    manifest = json.loads((tree / "package.json").read_text())
    packages = json.loads((tree / "package-lock.json").read_text())["packages"]
    assert packages[""].get("dependencies", {}) == manifest.get("dependencies", {})
    for name, spec in _direct(manifest).items():
        version = spec.rsplit("@", 1)[-1] if spec.startswith("npm:") else spec
        assert EXACT.match(version), f"{name}: {spec!r} is a range"
        assert packages[f"node_modules/{name}"]["version"] == version, name


def test_lock__lists_every_platform_of_optional_binaries():
    """Anvil's launcher names one optional package per platform; a lock missing any of
    them is rewritten by npm and refused by a frozen install on a new machine."""
    packages = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    launcher = packages["node_modules/@foundry-rs/anvil"]
    optional = launcher.get("optionalDependencies", {})
    assert len(optional) >= 2
    for name, version in optional.items():
        assert packages[f"node_modules/{name}"]["version"] == version, name


@pytest.mark.parametrize("tree", TREES, ids=lambda p: p.name)
def test_pin_check__accepts_this_tree(tree):
    """The check the Makefile runs after `npm ci` passes on the installed tree."""
    result = subprocess.run(
        ["node", str(ROOT / "toolchain" / "check-npm-pins.js"), str(tree)],
        capture_output=True,
        text=True,
        env={**os.environ, "CHECK_LOCK_ONLY": "0" if (tree / "node_modules").is_dir() else "1"},
    )
    assert result.returncode == 0, result.stderr


def test_pin_check__names_a_drifted_pin(tmp_path):
    manifest = json.loads((ROOT / "package.json").read_text())
    lock = json.loads((ROOT / "package-lock.json").read_text())
    manifest["dependencies"]["solc"] = "^0.8.28"
    lock["packages"]["node_modules/@openzeppelin/contracts"]["version"] = "5.0.0"
    (tmp_path / "package.json").write_text(json.dumps(manifest))
    (tmp_path / "package-lock.json").write_text(json.dumps(lock))
    result = subprocess.run(
        ["node", str(ROOT / "toolchain" / "check-npm-pins.js"), str(tmp_path)],
        capture_output=True,
        text=True,
        env={**os.environ, "CHECK_LOCK_ONLY": "1"},
    )
    assert result.returncode == 1
    assert 'solc: package.json asks for "^0.8.28"' in result.stderr
    assert "@openzeppelin/contracts: the lock has 5.0.0" in result.stderr


def test_makefile__installs_npm_trees_frozen():
    makefile = (ROOT / "Makefile").read_text()
    assert "npm install" not in makefile
    for prefix, tree in (("", "."), ("--prefix frontend_stub ", "frontend_stub")):
        install = re.search(rf"^\tnpm ci {re.escape(prefix)}.*$", makefile, re.M)
        assert install, f"no frozen install of {tree}"
        after = makefile[install.end() :].lstrip("\n").splitlines()[0]
        assert after.strip() == f"node toolchain/check-npm-pins.js {tree}"
