"""bench.measure: every row measured, above its calldata floor, peers on the same node."""

from civic.vehicle.bench import measure


def test_measure__fresh_deployment__rows_with_peers(deployer, accounts):
    rows = {row.operation.split(" ")[0]: row for row in measure(deployer, accounts)}
    assert set(rows) == {"register", "recordMileage", "list", "fund", "complete"}
    for row in rows.values():
        assert row.service == "vehicle"
        assert row.gas >= row.floor_gas > 21_000
    assert rows["register"].peer_gas > 0 and rows["complete"].peer_gas > 0
    assert rows["register"].gas > rows["register"].peer_gas
    assert rows["recordMileage"].peer_gas is None
