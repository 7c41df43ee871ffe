"""The demo scenario runs end to end (it raises on any unexpected outcome), and its scaled
path (gas-sized batches over the fast path, paged recount) unattended."""

import io

import pytest
from rich.console import Console

from civic import events
from civic.voting import demo, scale
from civic.voting.recount import recount

CAP = 4_000_000


def _actors(admin, authority, accounts):
    actors = {"admin": admin, "authority": authority}
    return actors | {name: accounts[14 + i] for i, name in enumerate(demo.ACTORS)}


class _NoInput(io.StringIO):
    """stdin that fails the test on any read: the demo must never prompt."""

    def read(self, *args):
        pytest.fail("the demo read stdin (a prompt)")

    readline = read


def test_demo_run__small_scale__completes(voting, admin, authority, accounts):
    console = Console(record=True, width=100)
    demo.run(voting, _actors(admin, authority, accounts), console, scale=3)
    text = console.export_text()
    assert "(ALREADY_VOTED)" in text
    assert "recount from events alone matches every getter" in text


def test_demo_run__2000_voters__gas_sized_batches_and_paged_recount_equal_tally(
    project, deployer, admin, authority, accounts, chain, monkeypatch
):
    voting = project.MVoting.deploy(admin, authority, sender=deployer)
    pages = []
    paged = events.paged_logs

    def recorded(*args, **kwargs):
        for page in paged(*args, **kwargs):
            pages.append((len(page), len({log["blockNumber"] for log in page})))
            yield page

    monkeypatch.setattr(events, "paged_logs", recorded)
    monkeypatch.setattr(events, "PAGE_LOGS", 500)  # a batch's ~220 logs: 2 blocks a page
    monkeypatch.setattr("sys.stdin", _NoInput())
    console = Console(record=True, width=120)
    # a lower per-transaction cap: more, smaller batches (the test chain traces every
    # opcode, which a 15M-gas batch makes slow)
    monkeypatch.setattr(scale, "TX_GAS_CAP", CAP)

    stats = demo.run(voting, _actors(admin, authority, accounts), console, scale=2_000)

    assert stats["gas_limit"] == chain.blocks.head.gas_limit > CAP
    assert stats["max_batch_gas"] <= stats["cap"] == CAP
    assert stats["budget"] == int(CAP * (1 - scale.GAS_MARGIN))
    assert stats["transactions"] == -(-2_004 // stats["batch_size"]) >= 3
    assert stats["counted"] == stats["ballots"] == 2_004 and stats["rejected"] == 0
    assert stats["audit"] == []
    tallies = recount(voting)["ballots"][1]["tallies"]
    votes, weights = voting.talliesOf(1)
    assert tallies == [[v, w] for v, w in zip(votes, weights, strict=True)]
    assert sum(v for v, _ in tallies) == 2_005  # kim's direct vote and every relayed one
    assert len(pages) > 3
    assert all(count <= 500 or blocks == 1 for count, blocks in pages)
    text = console.export_text()
    for bar in ("electorate: keys", "signing ballots", "relaying signed ballots", "recount"):
        assert bar in text
    assert "ballots a transaction" in text
