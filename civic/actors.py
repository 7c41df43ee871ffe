"""Funded accounts for role holders and citizens on local chains (demo, bench)."""

from __future__ import annotations

from civic.roles import ROLES_FILE, load_roles_file

#: Citizens (non-role actors) are taken from the test accounts from this index on.
FIRST_CITIZEN = 10


def local_actors(deployer, service: str, citizen_names, network: str = "local") -> dict:
    """Role holders of `service` (from config/roles.yaml) and the named citizens,
    all as Ape test accounts; `admin` is the deployer."""
    from ape import accounts

    test = accounts.test_accounts
    config = load_roles_file(ROLES_FILE).data
    section = config.get(network) or config["local"]
    actors = {"admin": deployer}
    for name, value in (section.get(service) or {}).items():
        value = str(value)
        actors[name] = deployer if value == "deployer" else test[int(value.split(":", 1)[1])]
    for offset, name in enumerate(citizen_names):
        actors.setdefault(name, test[FIRST_CITIZEN + offset])
    return actors
