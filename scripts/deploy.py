"""ape run deploy: deploy every civic service, wire roles, record addresses per network.

Everything the operator gave is checked before the first transaction (roles file,
handover target, services, the record's chain); reruns find, verify and adopt what an
interrupted run sent (see civic/deploy.py).
"""

import click
from ape.cli import account_option

from civic.cli import CivicCommand, yes_option
from civic.services import NAMES


@click.command(cls=CivicCommand)
@account_option(prompt=False)
@yes_option
@click.option(
    "--redeploy",
    is_flag=True,
    help="Deploy anew even if this chain has a record (also replaces a record of another chain).",
)
@click.option(
    "--service",
    "services",
    multiple=True,
    type=click.Choice(NAMES),
    help="Only these services (default: all, in dependency order).",
)
@click.option(
    "--handover",
    metavar="ADDRESS|ALIAS",
    default=None,
    help="Grant the admin role of every contract to ADDRESS (the city multisig) and renounce "
    "the deployer's other roles. The deployer stays admin until the new admin revokes it.",
)
@click.option(
    "--handover-eoa",
    is_flag=True,
    help="The --handover target is a plain account, not a contract (otherwise refused).",
)
@click.option(
    "--accept-handover",
    "previous_admin",
    metavar="ADDRESS",
    default=None,
    help="Run as the new admin (--account): revoke ADDRESS's admin role on every recorded "
    "contract, completing a handover.",
)
@click.option(
    "--write-roles",
    is_flag=True,
    help="Add a documented roles section for this network to the roles file and stop.",
)
@click.option("--out", default="deployments", show_default=True, help="Records folder.")
@click.option(
    "--roles",
    "roles_file",
    default="config/roles.yaml",
    show_default=True,
    help="Role holders per network.",
)
def cli(
    ecosystem,
    network,
    provider,
    account,
    unattended,
    redeploy,
    services,
    handover,
    handover_eoa,
    previous_admin,
    write_roles,
    out,
    roles_file,
):
    """Deploy every service to the connected network (idempotent, crash-safe)."""
    from pathlib import Path

    from ape import accounts
    from rich.console import Console

    from civic import deploy as engine
    from civic.cli import prepare_signer
    from civic.deployments import DeploymentRecord, RecordError, record_lock
    from civic.node import NodeIncompatible
    from civic.roles import CivicConfigError, checked_address, load_roles_file

    console = Console()
    name = f"{ecosystem.name}:{network.name}"
    is_local = network.is_local
    folder, roles_path = Path(out), Path(roles_file)

    def warn(text):
        console.print(f"[yellow]warning:[/] {text}", soft_wrap=True)

    if write_roles:
        _write_roles_section(console, roles_path, name)
        return

    deployer = account or (accounts.test_accounts[0] if is_local else None)
    if deployer is None:
        raise click.UsageError(f"--account is required on {name}")

    if previous_admin:
        try:
            old = checked_address(previous_admin, "--accept-handover", warn)
            record = DeploymentRecord.load(name, folder)
        except (CivicConfigError, RecordError) as err:
            raise click.UsageError(str(err)) from err
        if record is None:
            raise click.UsageError(f"no deployment of {name} recorded in {folder}/")
        prepare_signer(deployer, unattended)
        deployed = {
            svc: {k: engine.instance(r.name, r.address) for k, r in recs.items()}
            for svc, recs in record.services.items()
        }
        count = engine.accept_handover(deployed, deployer, old)
        console.print(f"{deployer.address} revoked {old}'s admin role on {count} contracts")
        return

    # Everything the operator gave, checked before the first transaction.
    try:
        roles = load_roles_file(roles_path)
        engine.role_holders(roles, name, is_local, services or NAMES, deployer.address, warn)
        target = (
            engine.admin_target(handover, deployer.address, handover_eoa, warn)
            if handover
            else None
        )
    except CivicConfigError as err:
        raise click.UsageError(str(err)) from err
    prepare_signer(deployer, unattended)

    try:
        with record_lock(name, folder):
            _deploy(
                console, name, deployer, is_local, roles, services, redeploy, folder, target, warn
            )
    except (CivicConfigError, RecordError, engine.DeployError, NodeIncompatible) as err:
        raise click.ClickException(str(err)) from err


def _deploy(console, name, deployer, is_local, roles, services, redeploy, folder, target, warn):
    from ape import chain
    from rich.table import Table

    from civic import deploy as engine

    with console.status(f"deploying to {name}") as status:

        def step(service, what):
            status.update(f"{service}: {what}")
            console.print(f"  {service:8} {what}")

        record, deployed = engine.deploy_all(
            deployer,
            name,
            is_local,
            roles_config=roles,
            services=services or NAMES,
            redeploy=redeploy,
            folder=folder,
            on_step=step,
            warn=warn,
        )

    table = Table(title=f"Deployments on {name} (chain {record.chain_id})")
    for col in ("service", "contract", "address", "from block"):
        table.add_column(col)
    for service, contracts in record.services.items():
        for key, rec in contracts.items():
            table.add_row(service, key, rec.address, str(rec.block))
    console.print(table)
    console.print(f"record: {record.path_for(name, folder)}")

    if target:
        choice = f"{name}:{chain.provider.name}"
        count = engine.handover(deployed, target, deployer)
        record.handover = target
        record.save(folder)
        console.print(
            f"admin role granted to {target} on {count} contracts. The deployer stays admin "
            f"until {target} revokes it: from that account, `ape run deploy --network {choice} "
            f"--account <it> --accept-handover {deployer.address}`, or, for a multisig, its "
            "own transactions revokeRole(DEFAULT_ADMIN_ROLE, deployer) on each contract."
        )


def _write_roles_section(console, path, network):
    from civic import deploy as engine
    from civic.roles import load_roles_file, section_template

    if path.exists() and network in (load_roles_file(path).data or {}):
        raise click.UsageError(f"{path} already has a section for {network}")
    plans = {s: engine.plan_of(s) for s in NAMES}
    text = section_template(
        network,
        {s: p.role_names for s, p in plans.items()},
        lambda service, role: plans[service].duties.get(role, role),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = path.read_text() if path.exists() else ""
    path.write_text(existing + ("\n" if existing and not existing.endswith("\n\n") else "") + text)
    console.print(f"wrote a section for {network} to {path}: replace every placeholder")
