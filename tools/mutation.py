"""One slither-mutate campaign per contract, with a warm test runner.

``python -m tools.mutation <Contract> --tests <paths> --timeout <s>`` runs slither-mutate's
own campaign (``slither.tools.mutator.__main__.main``: its mutators, their order, the
RR/CR pruning and its counts) in this process. Two of its steps are replaced, because
with Ape they cost ~20 s per mutant and a contract has 600-1,800 mutants:

* the compile check (crytic-compile: one solc-js run) and the test command (a fresh
  ``ape test``: ~5 s of imports, the project compile, Anvil) become one forked child
  of this process, which already holds Ape, pytest and hypothesis imported. The child
  compiles the mutated project with Ape (a compile error is slither-mutate's
  "compilation failure": not counted) and then runs pytest with ``-x``, so a killed
  mutant stops at its first failing test.
* the per-mutant timeout is explicit (never derived from the baseline) and a timed-out
  run counts as killed, as in slither-mutate; timeouts are reported separately.

The working copy's sources are edited in place (that is how slither-mutate works):
run this in a throw-away worktree (``ape run mutation`` makes one per contract). The
result is written as JSON: counts per mutator class and the survivors.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import signal
import sys
import time
from pathlib import Path

REMAPS = "@openzeppelin/contracts/=node_modules/@openzeppelin/contracts/"


class _Runner:
    """Forks one child per mutant: compile with Ape, then pytest -x."""

    def __init__(self, pytest_args: list[str], timeout: int, log_dir: Path):
        self.pytest_args = pytest_args
        self.timeout = timeout
        self.log_dir = log_dir
        self.runs = 0
        self.timeouts = 0
        self.last: int | None = None  # exit code of the last child
        self.kills: dict[str, int] = {}  # test node id -> mutants it killed first
        #: function -> test node id -> mutants of that function it killed first
        self.function_kills: dict[str, dict[str, int]] = {}
        self.function: str | None = None  # the function the next mutant is in
        #: recompile every source, not only changed files: Ape recompiles a changed file
        #: alone, so a mutated library would leave its users' bytecode unmutated
        self.full_compile = False

    def warm(self) -> None:
        """Import everything a child needs once, before the first fork."""
        import ape  # noqa: F401
        import ape_ethereum.trace  # noqa: F401
        import ape_foundry  # noqa: F401
        import ape_solidity  # noqa: F401
        import hypothesis  # noqa: F401
        import pytest  # noqa: F401

        import civic.deploy  # noqa: F401

    def run(self) -> int:
        """0: tests passed, 1: a test failed (or timed out), 2: compile error."""
        self.runs += 1
        log = self.log_dir / f"run-{self.runs:05d}.log"
        started = time.monotonic()
        pid = os.fork()
        if pid == 0:  # child: never returns
            os.setpgid(0, 0)
            fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(fd, 1)
            os.dup2(fd, 2)
            code = 3
            try:
                from civic.ape_compat import list_sources_without_dependency_copies

                list_sources_without_dependency_copies()
                from ape import project

                try:
                    project.load_contracts(use_cache=not self.full_compile)
                except Exception as error:  # the mutant does not compile
                    print(f"compile failed: {error}", flush=True)
                    code = 2
                else:
                    import pytest

                    plugins = [
                        _KillersFirst(
                            self.kills,
                            self.log_dir / "killer",
                            self.function,
                            self.function_kills.get(self.function or "", {}),
                        )
                    ]
                    code = 1 if int(pytest.main(self.pytest_args, plugins=plugins)) else 0
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        deadline = started + self.timeout
        status = None
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.05)
        else:
            self.timeouts += 1
        _kill_group(pid)  # Anvil and anything else the child left behind
        if status is None:
            os.waitpid(pid, 0)
            code = 1  # timed out: killed, as slither-mutate counts it
        else:
            code = os.waitstatus_to_exitcode(status)
            code = code if code in (0, 1, 2) else 1
        killer = self.log_dir / "killer"
        if code == 1 and killer.exists():
            test = killer.read_text().strip()
            self.kills[test] = self.kills.get(test, 0) + 1
            if self.function:
                here = self.function_kills.setdefault(self.function, {})
                here[test] = here.get(test, 0) + 1
        killer.unlink(missing_ok=True)
        if code != 1:
            log.unlink(missing_ok=True)  # keep only the logs of killed mutants
        self.last = code
        return code


class _KillersFirst:
    """pytest plugin for the child: the tests most likely to kill this mutant run first,
    and the first failing test is written down for the parent. With -x a killed mutant
    then costs a few tests, not the suite up to the one test that happens to notice it.

    Likely killers, best first: tests that killed earlier mutants of the same function,
    then tests named after that function (``test_record_mileage__...`` for
    ``recordMileage``), then tests that killed any earlier mutant. Modules stay together,
    so module-scoped deployments are made once."""

    def __init__(
        self,
        kills: dict[str, int],
        killer_file: Path,
        function: str | None = None,
        function_kills: dict[str, int] | None = None,
    ):
        self.kills = kills
        self.killer_file = killer_file
        self.named = f"test_{_snake(function)}" if function else None
        self.function_kills = function_kills or {}

    def _score(self, item) -> tuple[int, bool, int]:
        named = self.named is not None and item.name.startswith(self.named)
        return (self.function_kills.get(item.nodeid, 0), named, self.kills.get(item.nodeid, 0))

    def pytest_collection_modifyitems(self, items) -> None:
        modules: dict[str, list] = {}
        for item in items:
            modules.setdefault(item.nodeid.split("::")[0], []).append(item)
        best = {m: max(self._score(i) for i in its) for m, its in modules.items()}
        ordered = []
        for module in sorted(modules, key=best.__getitem__, reverse=True):  # stable sorts
            ordered += sorted(modules[module], key=self._score, reverse=True)
        items[:] = ordered

    def pytest_runtest_logreport(self, report) -> None:
        if report.failed and not self.killer_file.exists():
            self.killer_file.write_text(report.nodeid)


def _snake(name: str) -> str:
    """``castVoteBySig`` -> ``cast_vote_by_sig`` (a leading underscore dropped)."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name.lstrip("_")).lower()


_DECLARATION = re.compile(r"^\s*(?:function\s+(\w+)|(constructor|modifier)\b\s*(\w*))")


def function_at(text: str, line: int) -> str | None:
    """The function (or modifier, or ``constructor``) declared at or above 1-based
    ``line``: where a mutant on that line sits."""
    for source_line in reversed(text.splitlines()[:line]):
        match = _DECLARATION.match(source_line)
        if match:
            return match.group(1) or match.group(3) or match.group(2)
    return None


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)


def fingerprint(source: Path, tests: list[str]) -> str:
    """What a mutant's outcome depends on: the contract, the tests and civic/."""
    files = {source, Path("tests/conftest.py"), *Path("civic").rglob("*.py")}
    for test in tests:
        files.update(Path(test).parent.glob("*.py"))
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(str(path).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class Journal:
    """Outcomes already judged, one JSON line each, so an interrupted campaign resumes
    where it stopped. Every outcome is reused while contract, tests and civic/ are
    unchanged; a compile error depends on the contract alone and is reused while the
    contract is unchanged (after new tests, only compiling mutants run again)."""

    def __init__(self, path: Path, source_text: str, tests_fingerprint: str):
        self.path = path
        self.header = {
            "source": hashlib.sha256(source_text.encode("utf8")).hexdigest(),
            "tests": tests_fingerprint,
        }
        self.entries: dict[tuple, dict] = {}
        lines = path.read_text().splitlines() if path.exists() else []
        old = json.loads(lines[0]) if lines else {}
        if old.get("source") == self.header["source"]:
            for line in lines[1:]:
                entry = json.loads(line)
                if entry["outcome"] == "compile_error" or old.get("tests") == tests_fingerprint:
                    self.entries[self._key(entry)] = entry
        with path.open("w") as out:
            out.write(json.dumps(self.header) + "\n")
            out.writelines(json.dumps(e) + "\n" for e in self.entries.values())

    @staticmethod
    def _key(mutant: dict) -> tuple:
        return (mutant["mutator"], mutant["start"], mutant["end"], mutant["to"])

    def get(self, mutant: dict) -> str | None:
        entry = self.entries.get(self._key(mutant))
        return entry["outcome"] if entry else None

    def add(self, mutant: dict) -> None:
        self.entries[self._key(mutant)] = dict(mutant)
        with self.path.open("a") as out:
            out.write(json.dumps(mutant) + "\n")


def _load_kills(runner: _Runner, path: Path) -> None:
    """The test order an interrupted campaign had learnt (older files: tests only)."""
    if path.exists():
        saved = json.loads(path.read_text())
        if "tests" in saved and isinstance(saved["tests"], dict):
            runner.kills.update(saved["tests"])
            runner.function_kills.update(saved.get("functions", {}))
        else:
            runner.kills.update(saved)


def _save_kills(runner: _Runner, path: Path) -> None:
    path.write_text(json.dumps({"tests": runner.kills, "functions": runner.function_kills}))


def survivor_key(mutant: dict) -> tuple:
    """What identifies a survivor across runs and in bench/mutation-equivalent.yaml: the
    function it is in, its mutator and its replacement text. No line number, so an edit
    elsewhere in the contract does not unmatch it; an entry matches every mutant of that
    text in that function (its reason must hold for each)."""
    return (mutant.get("function"), mutant["mutator"], mutant["to"].strip())


def _chars(text: str, byte_offset: int) -> int:
    """The str index of a UTF-8 byte offset into ``text``."""
    return len(text.encode("utf8")[:byte_offset].decode("utf8"))


def _solc_args() -> list[str]:
    """The compiler flags `make slither` uses (slither.config.json): without the optimizer
    a contract near the stack limit (MVoting) fails to compile with "Stack too deep"."""
    config = Path("slither.config.json")
    solc_args = json.loads(config.read_text()).get("solc_args") if config.exists() else None
    return [f"--solc-args={solc_args}"] if solc_args else []  # "=": the value starts with "-"


def _ror_mutate(self) -> dict:
    """slither-mutate's ROR ``_mutate`` with one guard: it builds the replacement by
    splitting the node's source at the operator's text, which fails (IndexError, and the
    whole class is lost for the contract) on a comparison whose text is not in the node,
    e.g. an ``eq(...)`` inside inline assembly. Those comparisons are skipped."""
    from slither.slithir.operations import Binary
    from slither.tools.mutator.mutators.ROR import relational_operators
    from slither.tools.mutator.utils.patch import create_patch_with_line

    result: dict = {}
    for function in self.contract.functions_and_modifiers_declared:
        for node in function.nodes:
            if not self.should_mutate_node(node):
                continue
            for ir in node.irs:
                if not (isinstance(ir, Binary) and ir.type in relational_operators):
                    continue
                if str(ir.variable_left.type) == "address" or str(ir.variable_right) == "address":
                    continue
                old_str = node.source_mapping.content
                parts = old_str.split(ir.type.value)
                if len(parts) < 2:
                    continue  # the guard
                start = ir.expression.source_mapping.start
                stop = start + ir.expression.source_mapping.length
                for op in relational_operators:
                    if op != ir.type:
                        create_patch_with_line(
                            result,
                            self.in_file,
                            start,
                            stop,
                            old_str,
                            f"{parts[0]}{op.value}{parts[1]}",
                            node.source_mapping.lines[0],
                        )
    return result


def source_path(contract: str, source: Path | None = None) -> Path:
    """The file a campaign mutates: ``source`` if given (a library), else the deployable
    contracts/<contract>.sol."""
    return Path(source) if source else Path(f"contracts/{contract}.sol")


def _pytest_args(tests: list[str]) -> list[str]:
    return [*tests, "-x", "-q", "-p", "no:cacheprovider"]


def campaign(
    contract: str,
    tests: list[str],
    timeout: int,
    mutators: str | None,
    out_dir: Path,
    functions: frozenset[str] = frozenset(),
    source: Path | None = None,
) -> dict:
    """Run slither-mutate's campaign on ``source`` (default contracts/<contract>.sol) and
    return the results. ``source`` may be a library (contracts/libraries/X.sol): it is
    mutated in place like a contract, and ``tests`` are then those of the contracts that
    link it. With ``functions``, only mutants inside those functions (see ``function_at``)
    are judged; the others are skipped untested and left out of every count."""
    import slither.tools.mutator.__main__ as slither_mutate
    import slither.tools.mutator.mutators.abstract_mutator as abstract_mutator
    import slither.tools.mutator.utils.testing_generated_mutant as testing
    from slither.tools.mutator.mutators.ROR import ROR

    ROR._mutate = _ror_mutate

    out_dir.mkdir(parents=True, exist_ok=True)
    log_dir = out_dir / "logs"
    log_dir.mkdir(exist_ok=True)
    runner = _Runner(_pytest_args(tests), timeout, log_dir)
    runner.warm()
    source = source_path(contract, source)
    runner.full_compile = source != source_path(contract)
    original = source.read_text(encoding="utf8")

    def compile_and_test(_file: str, _mappings: str | None) -> bool:
        return runner.run() != 2

    def test_result(_cmd: str, _timeout=None, _target=None, _verbose=False) -> bool:
        if runner.last is None:  # slither-mutate's baseline run
            runner.run()
        code, runner.last = runner.last, None
        return code == 0

    mutants: list[dict] = []
    test_patch = testing.test_patch
    outcomes = ("survived", "killed", "compile_error")
    journal = Journal(out_dir / "journal.jsonl", original, fingerprint(source, tests))
    kills_file = out_dir / "kills.json"  # test order for a resumed run
    _load_kills(runner, kills_file)

    def record(output_folder, file, patch, command, generator_name, *rest):
        # slither's offsets count UTF-8 bytes; test_patch slices the decoded text with them,
        # which misplaces every patch after a non-ASCII character (a Korean comment).
        patch = dict(
            patch, start=_chars(original, patch["start"]), end=_chars(original, patch["end"])
        )
        mutant = {
            "mutator": generator_name,
            "line": patch["line_number"],
            "from": patch["old_string"],
            "to": patch["new_string"],
            "start": patch["start"],
            "end": patch["end"],
        }
        function = mutant["function"] = function_at(original, patch["line_number"])
        if functions and function not in functions:
            return 2  # out of scope: slither-mutate counts it as not compiling, we not at all
        known = journal.get(mutant)
        if known is None:
            runner.function = function
            outcome = test_patch(output_folder, file, patch, command, generator_name, *rest)
            mutant["outcome"] = outcomes[outcome]
            journal.add(mutant)
            _save_kills(runner, kills_file)
        else:  # judged by an earlier, interrupted run of this same campaign
            outcome = outcomes.index(known)
            mutant["outcome"] = known
        mutants.append(mutant)
        print(
            f"{len(mutants)} {generator_name} line {patch['line_number']}: {mutant['outcome']}"
            + (" (journal)" if known else ""),
            file=sys.stderr,
            flush=True,
        )
        return outcome

    testing.compile_generated_mutant = compile_and_test
    testing.run_test_cmd = test_result
    slither_mutate.run_test_cmd = test_result
    abstract_mutator.test_patch = record

    argv = [
        "slither-mutate",
        str(source),
        "--test-cmd",
        f"pytest {' '.join(runner.pytest_args)} (in a warm forked process)",
        "--timeout",
        str(timeout),
        "--solc-remaps",
        REMAPS,
        "--output-dir",
        str(out_dir / "slither"),
    ]
    if mutators:
        argv += ["--mutators-to-run", mutators]
    argv += _solc_args()
    started = time.monotonic()
    saved, sys.argv = sys.argv, argv
    try:
        slither_mutate.main()
    finally:
        sys.argv = saved
    if runner.runs == 0 or source.read_text(encoding="utf8") != original:
        raise SystemExit(f"{contract}: the campaign did not run or left the source changed")
    if not mutants:
        raise SystemExit(f"{contract}: no mutants: the unmutated tests fail or slither stopped")
    result = summarise(contract, mutants, runner, time.monotonic() - started, tests, mutators)
    result["complete"] = True
    return result


def recheck(
    result: dict,
    tests: list[str],
    timeout: int,
    out_dir: Path,
    equivalent: list[dict] = (),
    source: Path | None = None,
) -> dict:
    """Run the current tests against the survivors of an earlier campaign (same source:
    each survivor is re-applied at its recorded offsets) and move the ones now killed.
    Survivors proven ``equivalent`` (entries with line, mutator and ``to``) are skipped:
    no test can kill them, and each would cost a full run of the suite."""
    proven = {survivor_key(e) for e in equivalent}
    contract = result["contract"]
    source = source_path(contract, source)
    original = source.read_text(encoding="utf8")
    log_dir = out_dir / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    runner = _Runner(_pytest_args(tests), timeout, log_dir)
    runner.full_compile = source != source_path(contract)
    runner.warm()
    started = time.monotonic()
    try:
        for mutant in result["mutants"]:
            if mutant["outcome"] != "survived":
                continue
            mutant.setdefault("function", function_at(original, mutant["line"]))
            if survivor_key(mutant) in proven:
                continue
            # ROR and its kin report the whole condition ("a == 0 || b > c") as "from" and
            # "to" but patch only the comparison inside it at start:end, as slither did.
            if original[mutant["start"] : mutant["end"]] not in mutant["from"]:
                raise SystemExit(
                    f"{contract}: source changed since the campaign (line {mutant['line']})"
                )
            source.write_text(
                original[: mutant["start"]] + mutant["to"] + original[mutant["end"] :],
                encoding="utf8",
            )
            runner.function = function_at(original, mutant["line"])
            if runner.run() == 1:
                mutant["outcome"] = "killed"
                mutant["killed_on_recheck"] = True
    finally:
        source.write_text(original, encoding="utf8")
    return summarise(
        contract,
        result["mutants"],
        runner,
        result["seconds"] + time.monotonic() - started,
        tests,
        result["mutators"],
    )


def partial_result(contract: str, journal: Path, tests: list[str], mutators: str) -> dict:
    """The mutants an unfinished campaign has judged so far (from its journal)."""
    lines = journal.read_text().splitlines()[1:]
    mutants = [json.loads(line) for line in lines]

    class _NoRuns:
        timeouts = runs = 0

    result = summarise(contract, mutants, _NoRuns(), 0, tests, mutators)
    result["complete"] = False
    return result


def summarise(contract, mutants, runner, seconds, tests, mutators) -> dict:
    per_mutator: dict[str, dict[str, int]] = {}
    for m in mutants:
        row = per_mutator.setdefault(m["mutator"], {"generated": 0, "killed": 0, "survived": 0})
        if m["outcome"] == "compile_error":
            continue
        row["generated"] += 1
        row[m["outcome"]] += 1
    generated = sum(r["generated"] for r in per_mutator.values())
    killed = sum(r["killed"] for r in per_mutator.values())
    return {
        "contract": contract,
        "tests": tests,
        "mutators": mutators or "all",
        "generated": generated,
        "killed": killed,
        "survived": generated - killed,
        "kill_rate": round(killed / generated, 4) if generated else None,
        "compile_errors": sum(m["outcome"] == "compile_error" for m in mutants),
        "per_mutator": per_mutator,
        "timeouts": runner.timeouts,
        "test_runs": runner.runs,
        "seconds": round(seconds),
        "survivors": [
            {k: m[k] for k in ("mutator", "function", "line", "from", "to") if k in m}
            for m in mutants
            if m["outcome"] == "survived"
        ],
        "mutants": mutants,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("contract")
    parser.add_argument("--tests", nargs="+", required=True)
    parser.add_argument("--timeout", type=int, required=True)
    parser.add_argument("--mutators", default=None)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument(
        "--source", type=Path, help="file to mutate (default contracts/<contract>.sol)"
    )
    parser.add_argument(
        "--functions", nargs="+", default=[], help="only mutants inside these functions"
    )
    parser.add_argument(
        "--recheck", action="store_true", help="only re-test the survivors in --out"
    )
    parser.add_argument(
        "--equivalent", type=Path, help="JSON list of proven-equivalent survivors to skip"
    )
    args = parser.parse_args()
    if args.recheck:
        journal = args.out.with_name("journal.jsonl")
        if args.out.exists():
            earlier = json.loads(args.out.read_text())
        else:  # an unfinished campaign: recheck what its journal holds
            earlier = partial_result(args.contract, journal, args.tests, args.mutators or "CR")
        equivalent = json.loads(args.equivalent.read_text()) if args.equivalent else []
        result = recheck(
            earlier, args.tests, args.timeout, args.out.parent, equivalent, args.source
        )
        result["complete"] = earlier.get("complete", True)
        result["functions"] = earlier.get("functions", sorted(args.functions))
    else:
        functions = frozenset(args.functions)
        result = campaign(
            args.contract,
            args.tests,
            args.timeout,
            args.mutators,
            args.out.parent,
            functions,
            args.source,
        )
        result["functions"] = sorted(functions)
    args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
