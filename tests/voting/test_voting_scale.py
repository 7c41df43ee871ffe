"""Relaying at scale (civic.voting.scale): the gas sizer and the log pager at their bounds,
the hand encoders against Ape's ABI encoding, the fast digests, keys and signatures
against the plain ones."""

import os

import pytest
from eth_utils import to_checksum_address

from civic.events import paged_logs
from civic.merkle import checksum_address
from civic.voting import Electorate, ballot_digest, choice_word, multiproof_batch, signed_ballot
from civic.voting import scale as sc
from civic.voting.keys import key_roll, key_voters, sign_digests

# ------------------------------------------------------------------ the batch sizer


def test_gas_budget__block_above_tx_cap__margin_below_cap():
    assert sc.gas_budget(30_000_000) == int(sc.TX_GAS_CAP * (1 - sc.GAS_MARGIN))
    assert sc.gas_cap(30_000_000) == sc.TX_GAS_CAP


def test_gas_budget__block_below_tx_cap__margin_below_block():
    assert sc.gas_budget(10_000_000, margin=0.1) == 9_000_000
    assert sc.gas_budget(10_000_000, margin=0) == 10_000_000


@pytest.mark.parametrize("margin", [-0.01, 1, 1.5])
def test_gas_budget__margin_outside_unit_interval__raises(margin):
    with pytest.raises(ValueError, match="margin"):
        sc.gas_budget(30_000_000, margin=margin)


def test_batch_size__exact_fit__takes_it():
    assert sc.batch_size(1_000 + 7 * 100, 1_000, 100) == 7


def test_batch_size__one_gas_short__one_fewer():
    assert sc.batch_size(1_000 + 7 * 100 - 1, 1_000, 100) == 6


def test_batch_size__one_ballot_exactly__one():
    assert sc.batch_size(1_100, 1_000, 100) == 1


def test_batch_size__not_one_fits__raises():
    with pytest.raises(sc.BatchSizeError, match="1,100 gas"):
        sc.batch_size(1_099, 1_000, 100)


def test_batch_size__more_fit_than_ballots__capped_at_ballots():
    assert sc.batch_size(10**9, 1_000, 100, most=5) == 5


def test_batch_size__per_item_not_positive__raises():
    with pytest.raises(ValueError, match="positive"):
        sc.batch_size(10**6, 0, 0)


def test_probe_cost__linear_estimate__fixed_and_slope():
    assert sc.probe_cost(lambda n: 21_000 + 15_500 * n, probe=64) == (21_000, 15_500)


def test_probe_cost__fractional_slope__rounded_up():
    fixed, per = sc.probe_cost(lambda n: 1_000 + (n * 31) // 2, probe=4)
    assert per == 16 and fixed + 4 * per >= 1_000 + 62


def test_fit_batch__superlinear_cost__shrinks_until_within_budget():
    def estimate(n):  # memory cost: quadratic beyond the probes' range
        return 50_000 + 15_000 * n + n * n * 3

    budget = 15_000_000
    size, _, _ = sc.fit_batch(estimate, budget, most=10**6, probe=8)
    assert estimate(size) <= budget
    assert estimate(size * 101 // 100 + 1) > budget  # within 1% of the largest that fits


def test_fit_batch__fewer_ballots_than_probes__whole_batch():
    asked = []

    def estimate(n):
        asked.append(n)
        return 21_000 + 16_000 * n

    assert sc.fit_batch(estimate, 15_000_000, most=3)[0] == 3
    assert max(asked) <= 3


def test_fit_batch__single_ballot_over_budget__raises():
    with pytest.raises(sc.BatchSizeError):
        sc.fit_batch(lambda n: 2_000_000 * n, 1_000_000, most=10)


# ------------------------------------------------------------------ the log pager


def _chain(counts):
    """get_logs over blocks holding counts[i] logs each; records every request."""
    asked = []

    def get_logs(a, b):
        asked.append((a, b))
        return [(block, k) for block in range(a, b + 1) for k in range(counts[block])]

    return get_logs, asked


def _check_pages(counts, pages, asked, max_blocks, max_logs):
    flat = [log for page in pages for log in page]
    assert flat == [(b, k) for b in range(len(counts)) for k in range(counts[b])]
    for a, b in asked:
        assert b - a + 1 <= max_blocks
    for page in pages:
        blocks = {block for block, _ in page}
        assert len(page) <= max_logs or len(blocks) == 1


@pytest.mark.parametrize(
    "counts",
    [
        [0] * 50,
        [3] * 50,
        [0] * 20 + [940] * 30 + [0] * 10,
        [1, 0, 2000, 0, 5, 9, 0, 0, 1500, 1],
        [10] * 7,
    ],
)
def test_paged_logs__any_density__pages_within_bounds_and_complete(counts):
    get_logs, asked = _chain(counts)
    pages = list(paged_logs(get_logs, 0, len(counts) - 1, max_blocks=8, max_logs=1000))
    _check_pages(counts, pages, asked, 8, 1000)


def test_paged_logs__block_over_log_bound__one_page_for_it():
    get_logs, asked = _chain([1, 1200, 1])
    pages = list(paged_logs(get_logs, 0, 2, max_blocks=8, max_logs=1000))
    assert [len(p) for p in pages if len(p) > 1000] == [1200]
    assert (1, 1) in asked


def test_paged_logs__page_exactly_at_bound__kept():
    get_logs, _ = _chain([500, 500])
    pages = list(paged_logs(get_logs, 0, 1, max_blocks=1, max_logs=500))
    assert [len(p) for p in pages] == [500, 500]


def test_paged_logs__node_refuses_large_range__halves_and_retries():
    counts = [300] * 16
    get_logs, asked = _chain(counts)

    def strict(a, b):
        if sum(counts[a : b + 1]) > 1000:
            raise ValueError("query returned more than 1000 results")
        return get_logs(a, b)

    pages = list(paged_logs(strict, 0, 15, max_blocks=16, max_logs=10**6))
    assert sum(len(p) for p in pages) == 300 * 16
    assert all(len(p) <= 1000 for p in pages)


def test_paged_logs__other_node_error__raised():
    def broken(a, b):
        raise ValueError("connection reset")

    with pytest.raises(ValueError, match="connection reset"):
        list(paged_logs(broken, 0, 10))


def test_paged_logs__empty_range__no_request():
    get_logs, asked = _chain([1])
    assert list(paged_logs(get_logs, 5, 4)) == [] and asked == []


def test_paged_logs__advance__counts_every_block():
    get_logs, _ = _chain([2] * 37)
    seen = []
    list(paged_logs(get_logs, 0, 36, max_blocks=5, max_logs=7, advance=seen.append))
    assert sum(seen) == 37


@pytest.mark.parametrize("bound", [{"max_blocks": 0}, {"max_logs": 0}])
def test_paged_logs__zero_bound__raises(bound):
    with pytest.raises(ValueError, match="at least one"):
        list(paged_logs(lambda a, b: [], 0, 1, **bound))


# ------------------------------------------------------------------ fast paths = plain ones


def test_checksum_address__random__equals_eth_utils():
    for _ in range(500):
        raw = "0x" + os.urandom(20).hex()
        assert checksum_address(raw) == to_checksum_address(raw)
        assert checksum_address(raw.upper().replace("0X", "0x")) == to_checksum_address(raw)


def test_checksum_address__not_hex__raises():
    with pytest.raises(ValueError):
        checksum_address("0x" + "g" * 40)


def test_key_roll__same_keys__as_key_voters():
    voters = key_voters(20, "t/roll")
    roll = key_roll(20, "t/roll")
    assert [a for _, a in roll] == [v.address for v in voters]
    digests = [bytes([i]) * 32 for i in range(1, 21)]
    expected = [v.sign_raw_msghash(d).encode_rsv() for v, d in zip(voters, digests, strict=True)]
    assert sign_digests(zip([s for s, _ in roll], digests, strict=True)) == expected


def test_ballot_hasher__digest__equals_ballot_digest(dom):
    hasher = sc.BallotHasher(dom, 7, nonce=3, deadline=1234)
    voter = key_voters(1, "t/hash")[0].address
    for index, weight, choice in [(0, 1, 0), (2**20 - 1, 2**96 - 1, 5)]:
        word = choice_word(choice)
        assert hasher.digest(voter, index, weight, word) == ballot_digest(
            dom, voter, 7, index, weight, word, 3, 1234
        )


def test_relay_batch_calldata__multiproof_batch__equals_ape_encoding(voting, dom):
    synthetic = key_voters(40, "t/encode")
    electorate = Electorate({v.address: 1 + i % 3 for i, v in enumerate(synthetic)}, size=64)
    items = [signed_ballot(electorate, dom, v, 1, i % 2) for i, v in enumerate(synthetic[3:20])]
    batch, proof, flags = multiproof_batch(electorate, items)
    expected = bytes(voting.relayBatch.encode_input(1, batch, proof, flags))
    encoded = [sc.encode_signed_ballot(item) for item in batch]
    assert sc.relay_batch_calldata(1, encoded, proof, flags) == expected


def test_relay_batch_calldata__own_proofs__equals_ape_encoding(voting, dom):
    synthetic = key_voters(5, "t/encode-own")
    electorate = Electorate({v.address: 1 for v in synthetic})
    items = [signed_ballot(electorate, dom, v, 2, 1) for v in synthetic]
    expected = bytes(voting.relayBatch.encode_input(2, items, [], []))
    encoded = [sc.encode_signed_ballot(item) for item in items]
    assert sc.relay_batch_calldata(2, encoded, [], []) == expected
