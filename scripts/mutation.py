"""ape run mutation: slither-mutate every deployable contract against its own fast
test command; writes bench/mutation.json and checks contracts/ is left unchanged."""

import click

#: contract -> the fast test command that judges its mutants (no property tests: they
#: are slow and the unit tests are meant to kill mutants on their own).
TARGETS = {
    "NWToken": "tests/nw",
    "MVoting": "tests/voting",
    "VehicleRegistry": "tests/vehicle",
    "SubcontractEscrow": "tests/escrow",
    "LaborRegistry": "tests/labor",
}


def parse(output: str) -> dict:
    """Counts and survivors from slither-mutate's log."""
    import re

    generated = uncaught = 0
    for kind in ("Revert", "Comment", "Tweak"):
        m = re.search(rf"{kind} mutants: (\d+) uncaught of (\d+)", output)
        if m:
            uncaught += int(m.group(1))
            generated += int(m.group(2))
    survivors = re.findall(r"\[(\w+)\] Line (\d+): '(.*?)' ==> '(.*?)' --> UNCAUGHT", output)
    return {
        "generated": generated,
        "killed": generated - uncaught,
        "survived": uncaught,
        "survivors": [
            {"mutator": g, "line": int(n), "from": old, "to": new} for g, n, old, new in survivors
        ],
    }


@click.command()
@click.option("--contract", "contracts", multiple=True, help="Only these contracts.")
@click.option("--timeout", default=600, show_default=True, help="Seconds per mutant run.")
@click.option("--mutators", default=None, help="slither-mutate --mutators-to-run.")
@click.option("--out", default="bench/mutation.json", show_default=True)
def cli(contracts, timeout, mutators, out):
    """Mutation campaign per contract (slow: not part of make test)."""
    import json
    import subprocess
    from pathlib import Path

    from rich.console import Console
    from rich.table import Table

    console = Console()
    results = {}
    path = Path(out)
    if path.exists():
        results = json.loads(path.read_text())
    for name in contracts or TARGETS:
        tests = TARGETS[name]
        if not Path(f"contracts/{name}.sol").exists():
            continue
        test_cmd = (
            f"ape test {tests} -x -q -p no:cacheprovider -k 'not state_machine and not properties'"
        )
        cmd = [
            "slither-mutate",
            f"contracts/{name}.sol",
            "--test-cmd",
            test_cmd,
            "--test-dir",
            tests,
            "--timeout",
            str(timeout),  # explicit: never a 0 s default
            "--solc-remaps",
            "@openzeppelin/contracts/=node_modules/@openzeppelin/contracts/",
            "--output-dir",
            f".cache/mutation/{name}",
        ]
        if mutators:
            cmd += ["--mutators-to-run", mutators]
        with console.status(f"mutating {name} (one test run per mutant)"):
            run = subprocess.run(cmd, capture_output=True, text=True)
        results[name] = parse(run.stdout + run.stderr)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(results, indent=2) + "\n")
        # slither-mutate edits sources in place: make sure it put everything back.
        subprocess.run(["git", "diff", "--exit-code", "--stat", "contracts/"], check=True)

    table = Table(title="Mutation testing (slither-mutate)")
    for col in ("contract", "generated", "killed", "survived", "kill rate"):
        table.add_column(col)
    for name, r in results.items():
        rate = f"{100 * r['killed'] / r['generated']:.0f}%" if r["generated"] else "-"
        table.add_row(name, str(r["generated"]), str(r["killed"]), str(r["survived"]), rate)
    console.print(table)
