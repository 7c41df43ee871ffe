"""The demo scenario runs end to end (it raises on any unexpected outcome)."""

from rich.console import Console

from civic.voting import demo


def test_demo_run__small_scale__completes(voting, admin, authority, accounts):
    actors = {"admin": admin, "authority": authority}
    actors |= {name: accounts[14 + i] for i, name in enumerate(demo.ACTORS)}
    console = Console(record=True, width=100)
    demo.run(voting, actors, console, scale=3)
    text = console.export_text()
    assert "(ALREADY_VOTED)" in text
    assert "recount from events alone matches every getter" in text
