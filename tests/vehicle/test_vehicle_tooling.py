"""deploy / demo entry points used by the lead's scripts."""

import pytest
from rich.console import Console

from civic.vehicle import ROLES
from civic.vehicle.demo import ACTORS, run
from civic.vehicle.deploy import ROLE_NAMES, deploy


def test_deploy__separate_admin__roles_granted_and_deployer_renounced(deployer, accounts):
    roles = {name: accounts[10 + i].address for i, name in enumerate(sorted(ROLE_NAMES))}
    registry = deploy(deployer, roles)
    for name, address in roles.items():
        assert registry.hasRole(ROLES[name], address)
    assert not registry.hasRole(ROLES["admin"], deployer)


def test_deploy__missing_role__raises(deployer):
    with pytest.raises(ValueError, match="missing roles"):
        deploy(deployer, {"admin": deployer.address})


def test_demo__run__completes_story(registry, roles, owner, buyer):
    actors = dict(roles)
    actors.update(owner=owner, buyer=buyer)
    assert set(actors) >= ROLE_NAMES | set(ACTORS)
    run(registry, actors, Console(record=True, width=120), scale=2)
