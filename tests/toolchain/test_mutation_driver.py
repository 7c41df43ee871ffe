"""tools/mutation.py, the pieces that decide what a campaign counts: offsets, the resume
journal and the summary."""

import json
from types import SimpleNamespace

from tools.mutation import Journal, _chars, _KillersFirst, function_at, summarise

SOURCE = "// 주휴수당\ncontract A { uint256 x; }\n"


def _mutant(outcome, start=0, to="//x"):
    return {
        "mutator": "CR",
        "line": 2,
        "from": "x",
        "to": to,
        "start": start,
        "end": start + 1,
        "outcome": outcome,
    }


def test_chars__after_korean_comment__maps_utf8_bytes_to_text_offsets():
    byte_offset = SOURCE.encode("utf8").index(b"contract")
    assert SOURCE[_chars(SOURCE, byte_offset) :].startswith("contract")
    assert _chars("ascii only", 5) == 5


def _journal(tmp_path, source=SOURCE, tests="t1"):
    return Journal(tmp_path / "journal.jsonl", source, tests)


def test_journal__unchanged__resumes_every_outcome(tmp_path):
    first = _journal(tmp_path)
    for i, outcome in enumerate(("killed", "survived", "compile_error")):
        first.add(_mutant(outcome, start=i))
    again = _journal(tmp_path)
    assert [again.get(_mutant("?", start=i)) for i in range(3)] == [
        "killed",
        "survived",
        "compile_error",
    ]


def test_journal__new_tests__keeps_only_compile_errors(tmp_path):
    first = _journal(tmp_path)
    first.add(_mutant("survived", start=0))
    first.add(_mutant("compile_error", start=1))
    again = _journal(tmp_path, tests="t2")
    assert again.get(_mutant("?", start=0)) is None
    assert again.get(_mutant("?", start=1)) == "compile_error"
    # what was kept is written back under the new header
    lines = (tmp_path / "journal.jsonl").read_text().splitlines()
    assert json.loads(lines[0])["tests"] == "t2" and len(lines) == 2


def test_journal__changed_contract__starts_empty(tmp_path):
    _journal(tmp_path).add(_mutant("compile_error"))
    assert _journal(tmp_path, source=SOURCE + "\n").get(_mutant("?")) is None


def test_summarise__counts_compiling_mutants_only():
    class Runs:
        timeouts, runs = 0, 4

    mutants = [
        _mutant("killed", 0),
        _mutant("killed", 1),
        _mutant("survived", 2),
        _mutant("compile_error", 3),
    ]
    result = summarise("A", mutants, Runs(), 12.3, ["tests/a"], "CR")
    assert (result["generated"], result["killed"], result["survived"]) == (3, 2, 1)
    assert result["compile_errors"] == 1 and result["kill_rate"] == 0.6667
    assert result["survivors"] == [{"mutator": "CR", "line": 2, "from": "x", "to": "//x"}]


CONTRACT = """contract A {
    constructor() {
        x = 1;
    }

    function recordMileage(uint256 m) external {
        _check(m);
    }

    function _check(uint256 m) private {
        require(m > 0);
    }
}
"""


def test_function_at__line_inside_or_on_declaration__names_its_function():
    lines = CONTRACT.splitlines()
    assert function_at(CONTRACT, lines.index("        x = 1;") + 1) == "constructor"
    assert function_at(CONTRACT, lines.index("        _check(m);") + 1) == "recordMileage"
    declaration = next(i for i, line in enumerate(lines) if "function _check" in line)
    assert function_at(CONTRACT, declaration + 1) == "_check"
    assert function_at(CONTRACT, 1) is None


def _item(module, name):
    return SimpleNamespace(nodeid=f"{module}::{name}", name=name)


def test_killers_first__orders_function_killers_then_named_tests_then_any_killer(tmp_path):
    items = [
        _item("tests/a.py", "test_other"),
        _item("tests/a.py", "test_record_mileage__rollback__reverts"),
        _item("tests/b.py", "test_sale"),
        _item("tests/b.py", "test_global_killer"),
        _item("tests/c.py", "test_check_killer"),
    ]
    plugin = _KillersFirst(
        {"tests/b.py::test_global_killer": 5, "tests/c.py::test_check_killer": 1},
        tmp_path / "killer",
        "recordMileage",
        {"tests/c.py::test_check_killer": 1},
    )
    plugin.pytest_collection_modifyitems(items)
    assert [i.name for i in items] == [
        "test_check_killer",
        "test_record_mileage__rollback__reverts",
        "test_other",
        "test_global_killer",
        "test_sale",
    ]


def _fake_runner(source, result: int):
    """A stand-in for the driver's per-mutant runner: records the text of ``source`` it
    was run on and answers ``result`` (1 killed, 0 survived)."""

    class Runner:
        timeouts = runs = 0
        applied: list[str] = []

        def __init__(self, *args):
            self.function = None

        def warm(self):
            pass

        def run(self):
            Runner.runs += 1
            Runner.applied.append(source.read_text())
            return result

    return Runner


def test_recheck__skips_proven_equivalent_survivors(tmp_path, monkeypatch):
    import tools.mutation as driver

    Runner = _fake_runner(tmp_path / "contracts" / "A.sol", 1)

    monkeypatch.chdir(tmp_path)
    (tmp_path / "contracts").mkdir()
    source = "function f() {\nab\n}"
    (tmp_path / "contracts" / "A.sol").write_text(source)
    monkeypatch.setattr(driver, "_Runner", Runner)
    at = source.index("ab")
    mutants = [
        dict(_mutant("survived", at, to="X"), **{"from": "ab"}),  # slice "a" of a condition
        dict(_mutant("survived", at + 1, to="Y"), **{"from": "b"}),
    ]
    result = summarise("A", mutants, Runner, 1, ["t"], "CR")
    equivalent = [{"function": "f", "mutator": "CR", "to": "Y", "reason": "r"}]
    again = driver.recheck(result, ["t"], 10, tmp_path / "out", equivalent)
    assert Runner.applied == ["function f() {\nXb\n}"]  # only the first survivor was tested
    assert (again["killed"], again["survived"]) == (1, 1)
    assert (tmp_path / "contracts" / "A.sol").read_text() == source


def _script():
    import importlib.util
    from pathlib import Path

    path = Path(__file__).parents[2] / "scripts" / "mutation.py"
    spec = importlib.util.spec_from_file_location("mutation_script", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_apply_equivalents__matches_function_and_text_not_line():
    """An entry keeps matching after the contract's lines move, and only in its function."""
    survivors = [
        {"mutator": "ROR", "function": "fund", "line": 120, "from": "a == 0", "to": "a <= 0"},
        {"mutator": "ROR", "function": "redeem", "line": 90, "from": "a == 0", "to": "a <= 0"},
    ]
    report = {"A": {"ROR": {"generated": 4, "killed": 2, "survivors": survivors}}}
    entry = {"function": "fund", "mutator": "ROR", "to": "a <= 0 ", "reason": "unsigned"}
    _script().apply_equivalents(report, {"A": [entry]})
    result = report["A"]["ROR"]
    assert [s.get("equivalent") for s in survivors] == ["unsigned", None]
    assert result["equivalent"] == 1 and result["kill_rate_excluding_equivalent"] == 0.6667


def test_solc_args__from_slither_config__one_argument(tmp_path, monkeypatch):
    from tools.mutation import _solc_args

    monkeypatch.chdir(tmp_path)
    assert _solc_args() == []
    (tmp_path / "slither.config.json").write_text(json.dumps({"solc_args": "--optimize"}))
    assert _solc_args() == ["--solc-args=--optimize"]


def test_tests_of__library__runs_the_tests_of_every_contract_linking_it():
    """A library is mutated in its own file and judged by the tests of exactly the
    deployables that import it."""
    from pathlib import Path

    script = _script()
    root = Path(__file__).parents[2]
    for library, (source, users) in script.LIBRARIES.items():
        assert script.source_of(library) == source and (root / source).is_file()
        importers = [
            name
            for name in script.TARGETS
            if f"import {{{library}}}" in (root / script.source_of(name)).read_text()
        ]
        assert sorted(users) == sorted(importers)
        tests = script.tests_of(library)
        assert tests == list(dict.fromkeys(t for u in users for t in script.TARGETS[u]))
        assert len(tests) == len(set(tests))
    assert script.source_of("NWToken") == "contracts/NWToken.sol"
    assert script.tests_of("NWToken") == script.TARGETS["NWToken"]
    assert [*script.TARGETS, *script.LIBRARIES] == script.NAMES


def test_recheck__library_source__mutates_that_file_and_restores_it(tmp_path, monkeypatch):
    import tools.mutation as driver

    library = tmp_path / "contracts" / "libraries" / "L.sol"

    Runner = _fake_runner(library, 0)

    monkeypatch.chdir(tmp_path)
    library.parent.mkdir(parents=True)
    source = "function f() {\nab\n}"
    library.write_text(source)
    monkeypatch.setattr(driver, "_Runner", Runner)
    at = source.index("ab")
    mutants = [dict(_mutant("survived", at, to="X"), **{"from": "ab"})]
    result = summarise("L", mutants, Runner, 1, ["t"], "CR")
    again = driver.recheck(result, ["t"], 10, tmp_path / "out", source=library)
    assert Runner.applied == ["function f() {\nXb\n}"]
    assert (again["killed"], again["survived"]) == (0, 1)
    assert library.read_text() == source
    assert driver.source_path("L", library) == library
    assert driver.source_path("A") == driver.Path("contracts/A.sol")
