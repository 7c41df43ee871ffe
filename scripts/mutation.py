"""ape run mutation: slither-mutate each deployable contract against its own fast test
command, and each library against the tests of the contracts that link it, in a
throw-away worktree per campaign, and write bench/mutation.json.

Slow (not part of make test): each mutant is one compile of the mutated contract with
solc-js (~5-8 s here) plus a pytest -x run. ``--jobs`` campaigns run side by side, each in
its own git worktree of HEAD in the temp folder (slither-mutate edits sources in place),
so commit before you run it; results go to .cache/mutation/<contract>/. The mutation logic is ``tools.mutation``.
"""

import click

#: contract -> its fast unit tests, broad flows first (pytest -x stops at the first
#: failure). Property tests, script/demo tests and benches are left out: they are slow
#: and the unit tests are meant to kill mutants on their own.
TARGETS = {
    "NWToken": ["tests/nw/test_nw_token.py", "tests/nw/test_nw_recount.py"],
    "MVoting": [
        "tests/voting/test_voting_votes.py",
        "tests/voting/test_voting_ballots.py",
        "tests/voting/test_voting_relay.py",
        "tests/voting/test_voting_secret.py",
        "tests/voting/test_voting_seats.py",
        "tests/voting/test_voting_bounds.py",
        "tests/voting/test_voting_hostile_wallet.py",
        "tests/voting/test_voting_encrypted.py",
        "tests/voting/test_voting_recount.py",
    ],
    "VehicleRegistry": [
        "tests/vehicle/test_vehicle_registration.py",
        "tests/vehicle/test_vehicle_records.py",
        "tests/vehicle/test_vehicle_sales.py",
        "tests/vehicle/test_vehicle_erc721.py",
        "tests/vehicle/test_vehicle_edges.py",
        "tests/vehicle/test_vehicle_recount.py",
    ],
    "SubcontractEscrow": [
        "tests/escrow/test_escrow_flow.py",
        "tests/escrow/test_escrow_rules.py",
        "tests/escrow/test_escrow_open.py",
        "tests/escrow/test_escrow_tokens.py",
    ],
    "LaborRegistry": [
        "tests/labor/test_labor_agreements.py",
        "tests/labor/test_labor_records.py",
        "tests/labor/test_labor_wage_floor_and_employers.py",
        "tests/labor/test_labor_hostile_wallet.py",
    ],
    "CertificateRegistry": [
        "tests/certs/test_certs_registry.py",
        "tests/certs/test_certs_consent.py",
        "tests/certs/test_certs_disclosure.py",
    ],
}

#: library -> (its source, the deployables that link it). A library has no tests of its
#: own: its mutants are judged by the unit tests of every contract that uses it.
LIBRARIES = {
    "SignerCheck": (
        "contracts/libraries/SignerCheck.sol",
        ("NWToken", "LaborRegistry", "MVoting"),
    ),
}


def tests_of(name: str) -> list[str]:
    """The test files a campaign on ``name`` runs: a contract's own, or for a library
    those of each contract linking it (in that order, no file twice)."""
    if name in TARGETS:
        return list(TARGETS[name])
    users = LIBRARIES[name][1]
    return list(dict.fromkeys(test for user in users for test in TARGETS[user]))


def source_of(name: str) -> str:
    """The file a campaign on ``name`` mutates."""
    return LIBRARIES[name][0] if name in LIBRARIES else f"contracts/{name}.sol"


#: Every name a campaign can run on: the deployables, then the libraries.
NAMES = [*TARGETS, *LIBRARIES]

#: The mutator class run by default: statement deletion (CR, slither-mutate's "comment
#: replacement": every statement's effect must be checked by some test). A 2-core machine
#: gets through it in about an hour for the five contracts; ``--mutators all`` runs all 15
#: slither-mutate classes (~6,000 mutants: most of a day here).
DEFAULT_MUTATORS = "CR"
REPORT = "bench/mutation.json"
EQUIVALENT = "bench/mutation-equivalent.yaml"


def _worktree(root, name):
    """A clean checkout of HEAD for one campaign, sharing node_modules and the build cache."""
    import shutil
    import subprocess

    path = _src(root, name)
    if path.exists():
        subprocess.run(["git", "worktree", "remove", "--force", str(path)], check=False)
        shutil.rmtree(path, ignore_errors=True)
    subprocess.run(["git", "worktree", "prune"], check=True)
    subprocess.run(["git", "worktree", "add", "-q", "--detach", str(path), "HEAD"], check=True)
    (path / "node_modules").symlink_to(root / "node_modules")
    if (root / ".build").is_dir():  # saves the first full compile
        shutil.copytree(root / ".build", path / ".build")
    return path


def _environment(root, path):
    import os
    import sys
    from pathlib import Path

    env = dict(os.environ)
    env["PATH"] = os.pathsep.join(
        [str(path / "toolchain" / "bin"), str(Path(sys.executable).parent), env["PATH"]]
    )
    env["SOLCX_BINARY_PATH"] = str(path / "toolchain" / "bin")
    env["APE_DATA_FOLDER"] = env.get("APE_DATA_FOLDER", str(root / ".cache" / "ape"))
    env["PYTHONPATH"] = str(path)
    return env


def apply_equivalents(report: dict, equivalents: dict) -> None:
    """Mark survivors proven equivalent (bench/mutation-equivalent.yaml) and add the kill
    rate over the mutants that can be killed at all."""
    _tools_importable()
    from tools.mutation import survivor_key

    for name, campaigns in report.items():
        reasons = {survivor_key(entry): entry["reason"] for entry in equivalents.get(name, [])}
        for result in campaigns.values():
            equivalent = 0
            for survivor in result["survivors"]:
                if survivor_key(survivor) in reasons:
                    survivor["equivalent"] = reasons[survivor_key(survivor)]
                    equivalent += 1
            result["equivalent"] = equivalent
            killable = result["generated"] - equivalent
            result["kill_rate_excluding_equivalent"] = (
                round(result["killed"] / killable, 4) if killable else None
            )


@click.command()
@click.option("--contract", "contracts", multiple=True, type=click.Choice(NAMES))
@click.option("--mutators", default=DEFAULT_MUTATORS, show_default=True)
@click.option("--timeout", default=180, show_default=True, help="Seconds per mutant run.")
@click.option("--jobs", default=2, show_default=True, help="Campaigns side by side.")
@click.option("--recheck", is_flag=True, help="Only re-test the last campaign's survivors.")
@click.option("--report-only", is_flag=True, help="Rebuild the report from the last results.")
@click.option(
    "--function",
    "functions",
    multiple=True,
    help="Only mutants inside this function (repeatable); results go to <mutators>@<label>.",
)
@click.option("--label", help="Folder label of a --function campaign (default: the names).")
def cli(contracts, mutators, timeout, jobs, recheck, report_only, functions, label):
    """Mutation campaign per contract (slow: not part of make test)."""
    import json
    import subprocess
    import sys
    import time
    from pathlib import Path

    import yaml
    from rich.console import Console
    from rich.table import Table

    console = Console(width=120)
    root = Path.cwd()
    names = list(contracts or NAMES)
    # one folder per contract and mutator set: a ROR campaign leaves the CR results alone
    folder = mutators
    if functions:
        folder += "@" + (label or "+".join(sorted(functions)))
    results = {n: _results(root, n, folder) for n in NAMES}

    equivalents_path = root / EQUIVALENT
    equivalents = yaml.safe_load(equivalents_path.read_text()) if equivalents_path.exists() else {}
    equivalents = equivalents or {}
    if not report_only:
        if subprocess.run(
            ["git", "diff", "--quiet", "HEAD", "--", "contracts", "tests"]
        ).returncode:
            console.print("[yellow]contracts/ or tests/ differ from HEAD: the campaign uses HEAD")
        pending = list(names)
        running: dict[str, tuple[subprocess.Popen, Path]] = {}
        started = time.monotonic()
        with console.status("") as status:
            while pending or running:
                while pending and len(running) < jobs:
                    name = pending.pop(0)
                    path = _worktree(root, name)
                    progress = results[name].with_name("progress.log")
                    progress.parent.mkdir(parents=True, exist_ok=True)
                    cmd = [sys.executable, "-m", "tools.mutation", name, "--tests", *tests_of(name)]
                    cmd += ["--source", source_of(name)]
                    cmd += ["--timeout", str(timeout), "--out", str(results[name])]
                    if recheck:
                        cmd += ["--recheck", "--mutators", mutators]
                        known = results[name].with_name("equivalent.json")
                        known.write_text(json.dumps(equivalents.get(name, [])))
                        cmd += ["--equivalent", str(known)]
                    elif mutators != "all":
                        cmd += ["--mutators", mutators]
                    if functions:
                        cmd += ["--functions", *functions]
                    with progress.open("w") as log:
                        proc = subprocess.Popen(
                            cmd, cwd=path, env=_environment(root, path), stdout=log, stderr=log
                        )
                    running[name] = (proc, progress)
                for name, (proc, progress) in list(running.items()):
                    if proc.poll() is None:
                        continue
                    del running[name]
                    subprocess.run(["git", "worktree", "remove", "--force", str(_src(root, name))])
                    if proc.returncode:
                        raise click.ClickException(f"{name}: campaign failed, see {progress}")
                lines = {n: _last_line(p) for n, (_, p) in running.items()}
                status.update(
                    f"{time.monotonic() - started:.0f} s: "
                    + "; ".join(f"{n} {line}" for n, line in lines.items())
                )
                time.sleep(1)

    _tools_importable()
    from tools.mutation import partial_result

    report: dict[str, dict[str, dict]] = {}
    for name in NAMES:
        for folder in sorted(_campaigns(root, name).glob("*/")):
            result_file, journal = folder / "result.json", folder / "journal.jsonl"
            if result_file.exists():
                result = json.loads(result_file.read_text())
                result.setdefault("complete", True)
            elif journal.exists():  # a campaign still running or stopped: judged so far
                result = partial_result(name, journal, tests_of(name), folder.name.split("@")[0])
            else:
                continue
            result.pop("mutants", None)
            _name_functions(root, name, result, journal)
            report.setdefault(name, {})[folder.name] = result
    apply_equivalents(report, equivalents)
    # campaigns run elsewhere (no folder here) keep their last published figures and marks
    if Path(REPORT).exists():
        for name, campaigns in json.loads(Path(REPORT).read_text()).items():
            for folder_name, result in campaigns.items():
                if not (_campaigns(root, name) / folder_name).is_dir():
                    report.setdefault(name, {}).setdefault(folder_name, result)
    report = {n: report[n] for n in NAMES if n in report}
    Path(REPORT).write_text(json.dumps(report, indent=2) + "\n")

    table = Table(title=f"Mutation testing (slither-mutate), written to {REPORT}")
    for col in (
        "contract",
        "mutators",
        "generated",
        "killed",
        "survived",
        "equivalent",
        "kill rate",
        "campaign",
    ):
        table.add_column(col, justify="right")
    for name, campaigns in report.items():
        for r in campaigns.values():
            rate = r["kill_rate_excluding_equivalent"]
            table.add_row(
                name,
                r["mutators"],
                str(r["generated"]),
                str(r["killed"]),
                str(r["survived"]),
                str(r["equivalent"]),
                f"{100 * rate:.1f}%" if rate is not None else "-",
                "complete" if r["complete"] else "PARTIAL",
            )
    console.print(table)
    # The campaigns edit only their worktrees; the checkout must be untouched.
    subprocess.run(["git", "diff", "--exit-code", "--stat", "contracts/"], check=True)


def _name_functions(root, name, result, journal):
    """Survivors judged before they carried their function get it from the current source,
    if that is the source the campaign mutated (its hash is in the journal's header)."""
    import hashlib
    import json

    from tools.mutation import function_at

    if all("function" in s for s in result["survivors"]) or not journal.exists():
        return
    text = (root / source_of(name)).read_text(encoding="utf8")
    header = json.loads(journal.read_text().splitlines()[0])
    if header.get("source") == hashlib.sha256(text.encode("utf8")).hexdigest():
        for survivor in result["survivors"]:
            survivor.setdefault("function", function_at(text, survivor["line"]))


def _campaigns(root, name):
    """.cache/mutation/<contract>/: one folder per mutator set run on that contract."""
    return root / ".cache" / "mutation" / name


def _results(root, name, mutators):
    """<campaigns>/<mutator set>/result.json (journal, logs beside it)."""
    return _campaigns(root, name) / mutators / "result.json"


def _src(root, name):
    """Outside the checkout: Ape skips every source under a path with a `.cache` part."""
    import tempfile
    from pathlib import Path

    return Path(tempfile.gettempdir()) / f"civic-mutation-{root.name}" / name


def _last_line(path) -> str:
    lines = path.read_text().strip().splitlines() if path.exists() else []
    return lines[-1][:60] if lines else "starting"


def _tools_importable() -> None:
    import sys
    from pathlib import Path

    root = str(Path(__file__).resolve().parents[1])  # tools/ is not installed
    if root not in sys.path:
        sys.path.insert(0, root)
