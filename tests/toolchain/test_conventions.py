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
