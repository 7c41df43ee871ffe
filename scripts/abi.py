"""ape run abi: write the ABI of every deployable contract (each service's plan) to
deployments/abi/, from the build. The committed ABIs go with the committed records;
tests/toolchain/test_abis.py fails when they drift from the build."""

import click


@click.command()
@click.option("--out", default="deployments", show_default=True, help="Records folder.")
def cli(out):
    """Write deployments/abi/<Contract>.json for every contract of every service."""
    from pathlib import Path

    from ape import project

    from civic.deployments import write_abi
    from civic.services import SERVICES

    for svc in SERVICES:
        for spec in svc.plan.contracts:
            path = write_abi(project.get_contract(spec.name).contract_type, Path(out))
            click.echo(f"{svc.name:8} {path}")
