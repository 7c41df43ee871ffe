"""ape run audit: rebuild every deployed service's state from its events alone and
compare it with what the contracts return; exits non-zero naming the first difference."""

import click
from ape.cli import ConnectedProviderCommand


@click.command(cls=ConnectedProviderCommand)
@click.option("--out", default="deployments", show_default=True, help="Records folder.")
def cli(ecosystem, network, provider, out):
    """Recount every service of the deployment record from events and compare."""
    import importlib
    from pathlib import Path

    from ape import chain, project
    from rich.console import Console
    from rich.table import Table

    from civic.deployments import DeploymentRecord
    from civic.node import NodeIncompatible, check_node

    try:
        check_node()
    except NodeIncompatible as err:
        raise click.ClickException(str(err)) from err
    console = Console()
    name = f"{ecosystem.name}:{network.name}"
    record = DeploymentRecord.load(name, Path(out))
    if record is None or not record.matches_chain(chain.chain_id, chain.blocks[0].hash.hex()):
        raise click.ClickException(f"no deployment of this chain recorded in {out}/ for {name}")

    table = Table(title=f"Recount from events on {name}")
    for col in ("service", "from block", "result"):
        table.add_column(col)
    failed = []
    for service, recs in record.services.items():
        contracts = {k: project.get_contract(r.name).at(r.address) for k, r in recs.items()}
        target = next(iter(contracts.values())) if len(contracts) == 1 else contracts
        start = min(r.block for r in recs.values())
        problems = importlib.import_module(f"civic.{service}.recount").audit(target, start)
        table.add_row(service, str(start), "matches" if not problems else problems[0])
        if problems:
            failed.append(service)
    console.print(table)
    if failed:
        raise click.ClickException(f"state differs from events in: {', '.join(failed)}")
