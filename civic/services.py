"""Every service's descriptor, in deploy order: NW first, since the others pay in it."""

from __future__ import annotations

from civic.certs.service import SERVICE as CERTS
from civic.escrow.service import SERVICE as ESCROW
from civic.labor.service import SERVICE as LABOR
from civic.nw.service import SERVICE as NW
from civic.roles import CivicConfigError
from civic.service import Service
from civic.vehicle.service import SERVICE as VEHICLE
from civic.voting.service import SERVICE as VOTING

__all__ = ["NAMES", "SERVICES", "UnknownServiceError", "service"]

SERVICES: tuple[Service, ...] = (NW, VOTING, VEHICLE, ESCROW, LABOR, CERTS)
NAMES: tuple[str, ...] = tuple(s.name for s in SERVICES)
_BY_NAME = {s.name: s for s in SERVICES}


class UnknownServiceError(CivicConfigError):
    """A service name that no descriptor declares."""


def service(name: str) -> Service:
    """The descriptor named `name`."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownServiceError(
            f"unknown service {name!r}; the services are {', '.join(NAMES)}"
        ) from None
