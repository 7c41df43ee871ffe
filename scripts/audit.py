"""ape run audit: check a deployment from the chain alone.

Two halves, each finding named: every service's state rebuilt from its events and
compared with what its contracts return (civic/<service>/recount.py), and who holds power
(civic/power.py): code at every recorded address equal to the build, every role's members
from the role events against the roles file and the handover, every configured service
present, and balances a contract holds beyond what it owes. Exits non-zero on any
finding; a corrupt, swapped or foreign record is a clear error, never a traceback.
"""

import click

from civic.cli import CivicCommand


@click.command(cls=CivicCommand)
@click.option("--out", default="deployments", show_default=True, help="Records folder.")
@click.option(
    "--roles",
    "roles_file",
    default="config/roles.yaml",
    show_default=True,
    help="Role holders per network (what the audit expects on chain).",
)
def cli(ecosystem, network, provider, out, roles_file):
    """Recount every service of the deployment record from events, and check its power."""
    from pathlib import Path

    from ape import chain
    from rich.console import Console
    from rich.table import Table

    from civic import deploy as engine
    from civic.deployments import DeploymentRecord, RecordError, genesis_hash
    from civic.node import NodeIncompatible, check_node
    from civic.power import audit_power
    from civic.roles import CivicConfigError, load_roles_file
    from civic.services import NAMES, SERVICES, service

    try:
        check_node()
    except NodeIncompatible as err:
        raise click.ClickException(str(err)) from err
    console = Console()
    name = f"{ecosystem.name}:{network.name}"
    try:
        record = DeploymentRecord.load(name, Path(out))
    except RecordError as err:
        raise click.ClickException(str(err)) from err
    if record is None:
        raise click.ClickException(f"no deployment of {name} recorded in {out}/")
    genesis = genesis_hash(chain)
    if not record.matches_chain(chain.chain_id, genesis):
        raise click.ClickException(
            f"{DeploymentRecord.path_for(name, Path(out))} records chain {record.chain_id} with "
            f"genesis {record.genesis_hash}; the node is chain {chain.chain_id} with genesis "
            f"{genesis}: this record belongs to another chain"
        )

    failed: list[str] = []
    table = Table(title=f"Recount from events on {name}")
    for col in ("service", "from block", "result"):
        table.add_column(col)
    for key, recs in record.services.items():
        if key not in NAMES:
            continue  # reported by the power check
        try:
            contracts = {k: engine.instance(r.name, r.address) for k, r in recs.items()}
            target = next(iter(contracts.values())) if len(contracts) == 1 else contracts
            start = min(r.block for r in recs.values())
            problems = service(key).audit(target, start)
        except Exception as err:  # a recount must never end the audit in a traceback
            start, problems = "-", [f"recount failed: {type(err).__name__}: {err}"]
        table.add_row(key, str(start), "matches" if not problems else problems[0])
        if problems:
            failed.append(f"{key}: {problems[0]}")
    console.print(table)

    try:
        roles = load_roles_file(Path(roles_file))
        expected = engine.role_holders(
            roles,
            name,
            network.is_local,
            NAMES,
            record.deployer or "0x" + "00" * 20,
        )
    except CivicConfigError as err:
        raise click.ClickException(f"cannot say who should hold power: {err}") from err
    try:
        report = audit_power(record, expected, {s.name: s.plan for s in SERVICES}, engine.instance)
    except Exception as err:
        raise click.ClickException(f"the power check failed: {type(err).__name__}: {err}") from err
    for text in report.notes:  # one line each, whole, for whoever greps the output
        console.print(f"[yellow]note:[/] {text}", soft_wrap=True)
    for text in report.findings:
        console.print(f"[red]finding:[/] {text}", soft_wrap=True)
    if not report.findings:
        console.print("[green]power: code, roles, services and balances as configured[/]")
    failed += report.findings
    if failed:
        raise click.ClickException(f"{len(failed)} finding(s); the first: {failed[0]}")
