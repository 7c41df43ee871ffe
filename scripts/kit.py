"""ape run kit: write the dapp kit (frontend_stub/kit/) from the build and the committed
deployment records. tests/toolchain/test_kit.py fails when the committed kit drifts."""

import click


@click.command()
@click.option("--out", default="frontend_stub/kit", show_default=True, help="Kit folder.")
@click.option("--records", default="deployments", show_default=True, help="Records folder.")
def cli(out, records):
    """Write the kit: ABIs, networks, enums, error sentences and the decoder."""
    import sys
    from pathlib import Path

    from ape import project

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tools/ is not installed
    from tools.dapp_kit import kit_files, write_kit

    for path in write_kit(kit_files(project, Path(records)), Path(out)):
        click.echo(str(path))
