"""A service's contracts as data: what the deploy engine (`civic.deploy`) deploys.

Each service states its plan once, in ``civic/<service>/deploy.py``: its contracts, the
constructor arguments, which role of the roles file maps to which role constant, an
optional idempotent setup step, the deploy options it accepts with their defaults, and an
optional link step that needs the other services' addresses. The service's descriptor
(`civic.service.Service`) holds the plan beside its demo, bench and recount.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from civic.roles import CivicConfigError
from civic.sender import Sender

__all__ = ["ContractPlan", "DeployContext", "DeployOptionError", "ServicePlan"]


class DeployOptionError(CivicConfigError):
    """A deploy option that the service's plan does not declare."""


@dataclass
class DeployContext:
    """What a plan's callables see: the deployer, the role holders of the service, the
    service's deploy options (``deploy(..., **config)``) and the contracts of the services
    deployed before it in the same run ({service: {record key: contract}})."""

    deployer: object
    holders: dict[str, str]
    config: dict
    sender: Sender
    notes: list[str] = field(default_factory=list)
    deployed: dict[str, dict] = field(default_factory=dict)

    def contract_of(self, service: str, key: str):
        """A contract deployed earlier in this run, or None."""
        return self.deployed.get(service, {}).get(key)

    def send(self, contract, method: str, *args):
        txn = getattr(contract, method).as_transaction(*args, sender=self.deployer)
        return self.sender.send(txn)


@dataclass(frozen=True)
class ContractPlan:
    """One deployable contract of a service.

    `args(ctx)` gives the constructor arguments (the contract's admin is always the
    deployer, first); `grants` maps a role name of the roles file to the contract's role
    constant (``"issuer": "ISSUER_ROLE"``); `setup(ctx, contract)` runs after the grants
    and must be idempotent (it checks on chain before it sends); `owed` names the getter
    of what the contract owes per token, so the audit can tell a surplus."""

    name: str
    args: Callable[[DeployContext], tuple]
    grants: dict[str, str]
    setup: Callable[[DeployContext, object], None] | None = None
    key: str | None = None
    #: The getter of what the contract owes per token (`totalOwed(token)`), if it holds any.
    owed: str | None = None

    @property
    def record_key(self) -> str:
        return self.key or self.name


@dataclass(frozen=True)
class ServicePlan:
    name: str
    contracts: tuple[ContractPlan, ...]
    #: What each role does, for the roles-file template.
    duties: dict[str, str] = field(default_factory=dict)
    #: `link(ctx, contracts)` runs after every service of a `deploy_all` run is deployed
    #: (`ctx.deployed` holds them all); idempotent, like `setup`.
    link: Callable[[DeployContext, dict], None] | None = None
    #: The deploy options the plan's callables read from `ctx.config`, with their defaults.
    options: Mapping[str, object] = field(default_factory=dict)

    @property
    def role_names(self) -> frozenset[str]:
        return frozenset({"admin"}.union(*(c.grants for c in self.contracts)))

    def config(self, **given) -> dict:
        """The plan's options: `given` over the defaults; an undeclared one is refused."""
        if unknown := sorted(set(given) - set(self.options)):
            declared = ", ".join(sorted(self.options)) or "none"
            raise DeployOptionError(
                f"{self.name} has no deploy option {unknown[0]!r} (its options: {declared})"
            )
        return {**self.options, **given}

    def deploy(self, deployer, roles: dict, **options):
        """Deploy the service in one call, as tests, benches and demos do (see
        `civic.deploy.deploy_with_roles`): `roles` maps every role name to an account or
        address; `options` are the plan's declared deploy options."""
        from civic.deploy import deploy_with_roles

        return deploy_with_roles(self, deployer, roles, **options)
