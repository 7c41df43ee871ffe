"""The contract conventions of the README's contributor section, checked on the sources:
an exact pragma on every deployable and NatSpec on every error of every interface."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOYABLES = sorted((ROOT / "contracts").glob("*.sol"))
INTERFACES = sorted((ROOT / "contracts" / "interfaces").glob("*.sol"))


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.mark.parametrize("path", DEPLOYABLES, ids=_name)
def test_deployable__exact_pragma(path):
    assert re.search(r"^pragma solidity \d+\.\d+\.\d+;$", path.read_text(), re.M)


@pytest.mark.parametrize("path", INTERFACES, ids=_name)
def test_interface__every_error_documented(path):
    lines = path.read_text().splitlines()
    bare = [
        line.strip()
        for before, line in zip(lines, lines[1:], strict=False)
        if line.lstrip().startswith("error ") and not before.lstrip().startswith("///")
    ]
    assert bare == []


OURS = [
    p
    for folder in ("", "interfaces", "libraries", "examples")
    for p in sorted((ROOT / "contracts" / folder).glob("*.sol"))
]
ERROR = re.compile(r"^\s*error\s+(\w+)\(([^)]*)\)", re.M)


@pytest.mark.parametrize("path", OURS, ids=_name)
def test_slither_disable__has_a_reason_above(path):
    lines = path.read_text().splitlines()
    unexplained = [
        f"{_name(path)}:{i + 1}"
        for i, line in enumerate(lines)
        if "slither-disable" in line
        and not any(
            lines[j].lstrip().startswith("//") and "slither-disable" not in lines[j]
            for j in range(max(0, i - 3), i)
        )
    ]
    assert unexplained == []


def test_errors__one_name_one_signature_and_no_service_prefix():
    """Errors that share a name share their argument types, across every service; no
    service prefixes its error names."""
    seen: dict[str, tuple[str, str]] = {}
    for path in INTERFACES + sorted((ROOT / "contracts" / "libraries").glob("*.sol")):
        for name, params in ERROR.findall(path.read_text()):
            types = ",".join(p.split()[0] for p in params.split(",") if p.strip())
            assert not re.match(r"NW[A-Z]", name), f"{_name(path)}: {name} carries a prefix"
            if name in seen:
                assert seen[name][0] == types, f"{name}: {seen[name][1]} and {_name(path)}"
            seen[name] = (types, _name(path))
    assert len(seen) > 100
