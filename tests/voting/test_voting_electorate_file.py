"""The published electorate file (`Electorate.dump`): it rebuilds the same tree, so a
page derives the same root and proofs, and a file whose root does not match is refused."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civic.voting import ELECTORATE_FORMAT, Electorate, ElectorateError, publish_electorate

ADDRESSES = st.integers(min_value=1, max_value=2**160 - 1).map(lambda n: f"0x{n:040x}")


@settings(max_examples=50, deadline=None)
@given(
    voters=st.dictionaries(ADDRESSES, st.integers(1, 2**96 - 1), min_size=1, max_size=12),
    padding=st.integers(0, 9),
)
def test_dump__load__same_root_and_proofs(voters, padding):
    electorate = Electorate(voters, size=len(voters) + padding)
    data = json.loads(json.dumps(electorate.dump()))
    assert data["format"] == ELECTORATE_FORMAT
    loaded = Electorate.load(data)
    assert loaded.root == electorate.root
    for voter in electorate.voters:
        assert loaded.credentials(voter) == electorate.credentials(voter)


def test_load__root_not_matching_leaves__refused():
    data = Electorate({"0x" + "11" * 20: 1, "0x" + "22" * 20: 2}).dump()
    data["root"] = "0x" + "00" * 32
    with pytest.raises(ElectorateError, match="root does not match"):
        Electorate.load(data)


def test_load__another_format__refused():
    with pytest.raises(ElectorateError, match="not an electorate file"):
        Electorate.load({"format": "something else"})


def test_publish_electorate__writes_ballot_file(tmp_path):
    electorate = Electorate({"0x" + "11" * 20: 1})
    path = publish_electorate(electorate, 7, tmp_path)
    assert path == tmp_path / "7.json"
    assert Electorate.load(json.loads(path.read_text())).root == electorate.root
