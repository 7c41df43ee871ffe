"""The service descriptors (`civic.services`): one per service, and the only way in.

Scripts and tools reach a service through its descriptor, never by importing a module
named after it; every service package has one, and a name or option that no descriptor
declares is refused with its own error before anything is sent."""

import re
from pathlib import Path

import pytest

from civic.plan import DeployOptionError
from civic.services import NAMES, SERVICES, UnknownServiceError, service

ROOT = Path(__file__).resolve().parents[2]


def test_services__one_descriptor_per_service_package():
    packages = sorted(p.parent.name for p in (ROOT / "civic").glob("*/deploy.py"))
    assert sorted(NAMES) == packages
    assert len(set(NAMES)) == len(NAMES)
    for svc in SERVICES:
        assert svc.name == svc.plan.name
        assert svc.plan.contracts, f"{svc.name} deploys no contract"
        assert {"admin"} <= svc.role_names


def test_services__nw_deploys_first():
    # every other service may take or pay NW, so its address exists before theirs
    assert NAMES[0] == "nw"


def test_service__unknown_name__raises():
    with pytest.raises(UnknownServiceError, match="unknown service 'parking'; the services are"):
        service("parking")


@pytest.mark.parametrize("name", NAMES)
def test_plan_config__undeclared_option__raises(name):
    plan = service(name).plan
    assert plan.config() == dict(plan.options)
    with pytest.raises(DeployOptionError, match=f"{name} has no deploy option 'colour'"):
        plan.config(colour="blue")


def test_scripts__reach_services_through_descriptors():
    pattern = re.compile(r"import_module\(f?[\"']civic\.")
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("civic", "scripts", "tools")
        for path in (ROOT / folder).rglob("*.py")
        if pattern.search(path.read_text())
    ]
    assert offenders == []
