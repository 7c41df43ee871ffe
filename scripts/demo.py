"""ape run demo: a civic day on a fresh local chain, every service deployed and used."""

import click
from ape.cli import account_option

from civic.cli import CivicCommand


@click.command(cls=CivicCommand)
@account_option(prompt=False)
@click.option(
    "--voters",
    default=0,
    show_default=True,
    type=click.IntRange(0, 1_000_000),
    help="Scale up: relay N signed votes (at most 1,000,000).",
)
@click.option("--out", default="deployments", show_default=True, help="Records folder.")
def cli(ecosystem, network, provider, account, voters, out):
    """Deploy every service and run the civic demo; exit non-zero on any failure."""
    import time
    from pathlib import Path

    from ape import accounts, chain
    from rich.console import Console
    from rich.rule import Rule

    from civic.actors import local_actors
    from civic.deploy import deploy_all
    from civic.node import NodeIncompatible, check_node
    from civic.sender import harden
    from civic.services import SERVICES

    console = Console()
    name = f"{ecosystem.name}:{network.name}"
    if not network.is_local and not chain.provider.get_balance(accounts.test_accounts[0].address):
        raise click.UsageError(
            "the demo uses funded test accounts: run it on a local network or a dev node "
            "that funds them"
        )
    try:
        check_node()
    except NodeIncompatible as err:
        raise click.ClickException(str(err)) from err
    harden(chain.provider)  # a lost answer never sends a transaction twice
    deployer = account or accounts.test_accounts[0]
    started = time.time()
    start_block = chain.blocks.height

    console.print(Rule(f"Seoul civic day on {name}"))
    record, deployed = deploy_all(deployer, name, True, folder=Path(out), redeploy=True)
    console.print(f"deployed {sum(len(c) for c in deployed.values())} contracts; record in {out}/")

    from civic.nw.demo import pay_in_nw

    failures = []
    relay_stats = None
    nw = deployed.get("nw", {}).get("NWToken")
    nw_actors = local_actors(deployer, "nw", ())
    for svc in SERVICES:
        service = svc.name
        if service not in deployed:
            continue
        contracts = deployed[service]
        target = next(iter(contracts.values())) if len(contracts) == 1 else contracts
        actors = local_actors(deployer, service, svc.actors)
        console.print(Rule(service))
        scene = target
        if nw is not None and service != "nw":
            scene = pay_in_nw(service, nw, target, actors, nw_actors, console)
        result = svc.demo(scene, actors, console, scale=voters if service == "voting" else 1)
        if service == "voting":
            relay_stats = result

        if isinstance(result, dict) and "audit" in result:
            problems = result["audit"]  # the demo recounted itself (paged, with progress)
        else:
            problems = svc.audit(target, start_block)
        if problems:
            failures.append((service, problems[0]))
            console.print(f"[red]recount of {service} from events differs: {problems[0]}[/]")
        else:
            console.print(f"[green]recount of {service} from events matches the contract[/]")

    if nw is not None:  # the other scenes paid in NW: the recount still agrees
        from civic.nw.recount import audit as nw_audit

        if problems := nw_audit(nw, start_block):
            failures.append(("nw", problems[0]))
            console.print(f"[red]recount of nw after the civic day differs: {problems[0]}[/]")
        else:
            console.print("[green]recount of nw after the civic day matches the contract[/]")

    if voters and relay_stats:
        _compare_throughput(console, deployer, relay_stats)
        _phases(console, relay_stats)

    console.print(Rule())
    console.print(
        f"civic day done in {time.time() - started:.1f} s, {chain.blocks.height - start_block} blocks"
    )
    if failures:
        raise click.ClickException(f"recount mismatch in {', '.join(s for s, _ in failures)}")


def _anvil_peak_rss() -> int | None:
    """The demo chain's peak resident memory in bytes (toolchain/devchain's pid file: the
    npm launcher, whose child is the node), or None when it is not that chain."""
    import os
    from pathlib import Path

    pid_file = Path(".cache/chain") / os.environ.get("CHAIN_PORT", "8545") / "anvil.pid"
    try:
        pid = pid_file.read_text().strip()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return None
    peak = None
    for proc in [pid, *children]:
        try:
            status = Path(f"/proc/{proc}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peak = max(peak or 0, int(line.split()[1]) * 1024)
    return peak


def _phases(console, stats):
    """The scaled vote's phases (seconds), with the chain's peak memory."""
    from rich.table import Table

    phases = stats["phases"]
    table = Table(title=f"scaled vote: {stats['ballots']:,} relayed ballots")
    for col in ("phase", "seconds", "detail"):
        table.add_column(col, justify="right")
    rate = stats["ballots"] / stats["seconds"]
    details = {
        "relaying": f"{rate:,.0f} ballots/s in {stats['transactions']:,} transactions",
    }
    for name, seconds in phases.items():
        table.add_row(name, f"{seconds:.1f}", details.get(name, ""))
    rss = _anvil_peak_rss()
    if rss is not None:
        table.caption = f"Anvil peak RSS {rss / 2**30:.2f} GiB"
    console.print(table)


def _compare_throughput(console, deployer, relay_stats, transfers: int = 100):
    """Our relaying harness next to a plain Ape loop of ERC-20 transfers, same node, same run."""
    import time

    from ape import accounts, project
    from rich.table import Table

    token = deployer.deploy(project.PeerOZERC20)
    token.mint(deployer, transfers, sender=deployer)
    to = accounts.test_accounts[1]
    began = time.perf_counter()
    for _ in range(transfers):
        token.transfer(to, 1, sender=deployer)
    plain = transfers / (time.perf_counter() - began)
    ours_tx = relay_stats["transactions"] / relay_stats["seconds"]
    ours_ballots = relay_stats["ballots"] / relay_stats["seconds"]
    table = Table(title="Harness throughput on this node (same run)")
    for col in ("what", "tx/s", "ballots/s", "vs plain Ape loop"):
        table.add_column(col, justify="right")
    table.add_row("plain Ape loop: ERC-20 transfer", f"{plain:.1f}", "-", "1.00x")
    table.add_row(
        f"relayed ballots ({relay_stats['ballots']:,} in {relay_stats['transactions']} tx)",
        f"{ours_tx:.1f}",
        f"{ours_ballots:.0f}",
        f"{ours_ballots / plain:.1f}x (ballots per plain tx)",
    )
    console.print(table)
