"""ape run deploy: deploy every civic service, wire roles, record addresses per network."""

import click
from ape.cli import ConnectedProviderCommand, account_option


@click.command(cls=ConnectedProviderCommand)
@account_option(prompt=False)
@click.option("--redeploy", is_flag=True, help="Deploy anew even if this chain has a record.")
@click.option(
    "--service",
    "services",
    multiple=True,
    help="Only these services (default: all, in dependency order).",
)
@click.option(
    "--handover",
    metavar="ADDRESS",
    default=None,
    help="Give the admin role of every contract to ADDRESS (a city multisig) and renounce "
    "every role the deployer holds.",
)
@click.option("--out", default="deployments", show_default=True, help="Records folder.")
@click.option(
    "--roles",
    "roles_file",
    default="config/roles.yaml",
    show_default=True,
    help="Role holders per network.",
)
def cli(ecosystem, network, provider, account, redeploy, services, handover, out, roles_file):
    """Deploy every service to the connected network (idempotent, resumable)."""
    from pathlib import Path

    from ape import accounts
    from rich.console import Console
    from rich.table import Table

    from civic.deploy import SERVICES, RolesConfigError, deploy_all, load_roles
    from civic.deploy import handover as do_handover

    console = Console()
    name = f"{ecosystem.name}:{network.name}"
    is_local = network.is_local
    deployer = account or (accounts.test_accounts[0] if is_local else None)
    if deployer is None:
        raise click.UsageError(f"--account is required on {name}")

    with console.status(f"deploying to {name}") as status:

        def step(service, what):
            status.update(f"{service}: {what}")
            console.print(f"  {service:8} {what}")

        try:
            roles = load_roles(Path(roles_file))
        except FileNotFoundError as err:
            raise click.UsageError(f"no roles file {roles_file}") from err
        try:
            record, deployed = deploy_all(
                deployer,
                name,
                is_local,
                roles_config=roles,
                services=services or SERVICES,
                redeploy=redeploy,
                folder=Path(out),
                on_step=step,
            )
        except RolesConfigError as err:
            raise click.UsageError(str(err)) from err
    table = Table(title=f"Deployments on {name} (chain {record.chain_id})")
    for col in ("service", "contract", "address", "from block"):
        table.add_column(col)
    for service, contracts in record.services.items():
        for key, rec in contracts.items():
            table.add_row(service, key, rec.address, str(rec.block))
    console.print(table)
    console.print(f"record: {record.path_for(name, Path(out))}")

    if handover:
        renounced = do_handover(deployed, handover, deployer)
        record.handover = handover
        record.save(Path(out))
        console.print(f"admin handed to {handover}; deployer renounced {len(renounced)} roles")
