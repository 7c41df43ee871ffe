"""ape run bench: gas of every service's operations next to its peers, measured on
one node in one run; prints a table and writes bench/gas.json."""

import click
from ape.cli import ConnectedProviderCommand


@click.command(cls=ConnectedProviderCommand)
@click.option("--out", default="bench/gas.json", show_default=True, help="Where to write the rows.")
@click.option(
    "--service",
    "services",
    multiple=True,
    help="Only these services; the other services' rows in --out are kept.",
)
@click.option(
    "--throughput/--no-throughput",
    default=True,
    show_default=True,
    help="Also print the harness's tx/s next to a plain Ape loop.",
)
def cli(ecosystem, network, provider, out, services, throughput):
    """Measure gas per operation against peers (local networks: funded test accounts)."""
    import json
    from pathlib import Path

    from ape import accounts
    from rich.console import Console
    from rich.table import Table

    from civic.services import SERVICES, service

    if not network.is_local:
        raise click.UsageError("bench deploys throw-away contracts: run it on a local network")
    console = Console(width=170)
    test = accounts.test_accounts
    rows = []
    for svc in [service(name) for name in services] or SERVICES:
        with console.status(f"measuring {svc.name}"):
            rows += svc.measure(test[0], list(test))

    table = Table(
        title=f"Gas per operation on {ecosystem.name}:{network.name} (same node, same run)"
    )
    for col in (
        "service",
        "operation",
        "gas",
        "floor",
        "gas/floor",
        "peer",
        "peer op",
        "peer gas",
        "ratio",
    ):
        table.add_column(
            col,
            justify="right"
            if col in ("gas", "floor", "peer gas", "ratio", "gas/floor")
            else "left",
        )
    for row in rows:
        table.add_row(
            row.service,
            row.operation,
            f"{row.gas:,}",
            f"{row.floor_gas:,}" if row.floor_gas else "-",
            f"{row.gas / row.floor_gas:.2f}x" if row.floor_gas else "-",
            row.peer or "-",
            row.peer_operation or "-",
            f"{row.peer_gas:,}" if row.peer_gas else "-",
            f"{row.ratio:.2f}x" if row.ratio else "-",
        )
    console.print(table)
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    written = [r.as_dict() for r in rows]
    if services and path.exists():
        # A partial run replaces its services' rows where they stood and keeps the others.
        fresh = {s: [r for r in written if r["service"] == s] for s in services}
        merged = []
        for old in json.loads(path.read_text()):
            if old["service"] not in fresh:
                merged.append(old)
            elif fresh[old["service"]] is not None:
                merged += fresh[old["service"]]
                fresh[old["service"]] = None
        written = merged + [r for new in fresh.values() if new for r in new]
    path.write_text(json.dumps(written, indent=2) + "\n")
    console.print(f"{len(rows)} rows measured; {len(written)} rows in {path}")
    if throughput:
        import sys

        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tools/ is not installed
        from tools.throughput import measure as measure_throughput

        with console.status("measuring throughput"):
            rates = measure_throughput(test[0], list(test))
        base = rates[0].per_second
        speed = Table(title="Transactions per second, same node, same run (state-machine steps)")
        for col in ("path", "steps", "seconds", "steps/s", "vs Ape"):
            speed.add_column(col, justify="left" if col == "path" else "right")
        for rate in rates:
            speed.add_row(
                rate.path,
                f"{rate.steps:,}",
                f"{rate.seconds:.2f}",
                f"{rate.per_second:,.0f}",
                f"{rate.per_second / base:.1f}x",
            )
        console.print(speed)
