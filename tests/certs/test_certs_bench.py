"""The gas rows against EAS, measured on the test node: batch issuance stays within a
quarter of an EAS attest per certificate."""

import pytest

from civic.certs.bench import measure
from civic.peers import EASArtifactMissing, eas_container


def test_bench__batch_per_certificate_within_quarter_of_eas_attest(deployer, accounts):
    rows = {(r.operation, r.peer_operation): r for r in measure(deployer, list(accounts))}
    batch = rows[("issueBatch of 100, per certificate", "attest (96-byte data)")]
    assert batch.ratio <= 0.25, batch
    assert rows[("issue one", "attest (96-byte data)")].ratio < 0.5
    assert all(r.gas > 0 and r.service == "certs" for r in rows.values())


def test_eas_container__missing_artifacts__raises(tmp_path):
    with pytest.raises(EASArtifactMissing):
        eas_container("EAS", root=tmp_path)
