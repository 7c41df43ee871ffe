"""ape run electorate: the election authority's helper. Reads the electoral roll (a CSV of
`seat,address,weight` rows), builds the eligibility tree exactly as MVoting checks it and
writes the electorate file voters' pages load (`<ballot id>.json`), printing the root to
put in the ballot's configuration."""

import click


@click.command()
@click.argument("roll", type=click.Path(exists=True, dir_okay=False))
@click.option("--ballot", "ballot_id", type=int, required=True, help="The ballot's id.")
@click.option("--size", type=int, default=None, help="Tree size (filler leaves pad it).")
@click.option("--out", default="deployments/electorates", show_default=True, help="Folder.")
def cli(roll, ballot_id, size, out):
    """Write <out>/<ballot>.json from ROLL and print the eligibility root."""
    import csv

    from civic.voting import Electorate, ElectorateError, publish_electorate

    with open(roll, newline="") as handle:
        rows = [r for r in csv.reader(handle) if r and not r[0].startswith("#")]
    try:
        leaves = [(int(seat), address.strip(), int(weight)) for seat, address, weight in rows]
        electorate = Electorate({}, size=size, extra=leaves)
    except (ValueError, ElectorateError) as err:
        raise click.ClickException(f"{roll}: {err}") from err
    path = publish_electorate(electorate, ballot_id, out)
    click.echo(f"{path}: {len(leaves)} seats, root 0x{electorate.root.hex()}")
