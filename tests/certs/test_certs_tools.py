"""The Python side: deploy with roles from config/roles.yaml, the demo scene and the
recount over it, and the recount catching a state the events do not explain."""

import io

from rich.console import Console

from civic.actors import local_actors
from civic.certs import ISSUER_ROLE, Validity
from civic.certs import demo as certs_demo
from civic.certs.deploy import ROLE_NAMES, deploy
from civic.certs.recount import audit, recount
from civic.deploy import role_holders
from civic.roles import load_roles_file
from civic.services import NAMES as SERVICES


def _roles(deployer) -> dict[str, str]:
    return role_holders(load_roles_file(), "ethereum:local", True, ["certs"], deployer.address)[
        "certs"
    ]


def test_deploy__registered_with_roles(deployer, accounts):
    assert SERVICES[-1] == "certs"
    roles = _roles(deployer)
    assert set(roles) == ROLE_NAMES
    assert roles["issuer"] == accounts[27].address
    assert roles["district_issuer"] == accounts[28].address
    registry = deploy(deployer, roles)
    assert registry.hasRole(ISSUER_ROLE, roles["issuer"])
    assert registry.hasRole(ISSUER_ROLE, roles["district_issuer"])
    assert audit(registry) == []


def test_demo__scene_runs_and_recount_matches(deployer, chain):
    roles = _roles(deployer)
    registry = deploy(deployer, roles)
    actors = local_actors(deployer, "certs", certs_demo.ACTORS)
    out = io.StringIO()
    certs_demo.run(registry, actors, Console(file=out, width=200))
    text = out.getvalue()
    assert "admitted by disclosing one claim" in text and "CredentialNotValid: revoked" in text
    assert registry.certificateCount() == 102
    assert registry.validityOf(100) == Validity.REVOKED
    assert [registry.validityOf(i) for i in (1, 2, 3, 4)] == [0, 0, 0, Validity.NOT_ACCEPTED]
    assert audit(registry) == []
    state = recount(registry)
    assert state["certificates"][100]["reason"] == 5  # HOLDER_REQUEST
    assert len({state["issuers"][i] for i in range(1, 101)}) == 1


def test_audit__after_expiry__still_matches(deployer, chain):
    roles = _roles(deployer)
    registry = deploy(deployer, roles)
    actors = local_actors(deployer, "certs", certs_demo.ACTORS)
    certs_demo.run(registry, actors, Console(file=io.StringIO()))
    # Time alone changes validity; the recount follows it (expiry is read from the events).
    chain.pending_timestamp += 3 * 365 * 24 * 3600
    chain.mine()
    assert audit(registry) == []
    assert registry.validityOf(1) == Validity.EXPIRED


def test_audit__missing_event__reported(registry, holder, issue_cert, monkeypatch):
    import civic.certs.recount as recount_module

    cid, _, _ = issue_cert(holder)
    registry.setConsent(cid, 1, sender=holder)
    real = recount_module.fetch_logs

    def without_consent(contract, start_block=0):
        return [log for log in real(contract, start_block) if log.event_name != "ConsentChanged"]

    monkeypatch.setattr(recount_module, "fetch_logs", without_consent)
    problems = audit(registry)
    assert problems[0].startswith(f"certificate {cid}:")
    assert any(p.startswith(f"validityOf({cid})") for p in problems)
