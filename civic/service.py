"""One descriptor per service: everything the scripts need to know about it.

A service declares itself once, in ``civic/<service>/service.py``: its deploy plan
(`civic.plan.ServicePlan`: contracts, roles, options), the demo scene and the extra
actors it needs, the bench that measures its gas, and the recount that audits it from its
events. `civic.services` lists the descriptors in deploy order; ``ape run deploy``,
``demo``, ``bench``, ``audit``, ``abi`` and the dapp kit iterate over that list, so a new
service is one descriptor and one entry there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from civic.plan import ServicePlan

__all__ = ["Service"]


@dataclass(frozen=True)
class Service:
    #: Its contracts, roles and deploy options.
    plan: ServicePlan
    #: `demo(target, actors, console, scale=1)`: the service's scene of the civic day;
    #: `target` is its contract, or {record key: contract} for several.
    demo: Callable
    #: `measure(deployer, accounts) -> list[civic.gas.GasRow]`: its bench rows.
    measure: Callable
    #: `audit(target, start_block=0) -> list[str]`: the recount from events; each string
    #: is one disagreement with the contract, none when they agree.
    audit: Callable
    #: Named local accounts the demo needs besides the role holders.
    actors: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.plan.name

    @property
    def role_names(self) -> frozenset[str]:
        return self.plan.role_names

    def deploy(self, deployer, roles: dict, **options):
        """The service deployed in one call (see `civic.plan.ServicePlan.deploy`)."""
        return self.plan.deploy(deployer, roles, **options)
