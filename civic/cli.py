"""What every `ape run` script of ours shares: the connected command with checks made
before Ape connects, and signing without a terminal.

- `CivicCommand` is Ape's `ConnectedProviderCommand`; before connecting it names any
  environment variable that the chosen network's node settings in ``ape-config.yaml``
  refer to (``uri: ${CITY_RPC_URL}``) and that is not set, and it keeps Ape's copy of
  the dependencies (``contracts/.cache``) out of the project's source listing, so a
  script finds every contract of ours however many dependency files are unpacked.
- `prepare_signer` follows Ape's own conventions for unattended use: an account from
  ``ape accounts`` signs without asking only when the operator said so (``--yes``), and
  then reads its passphrase from ``APE_ACCOUNTS_<alias>_PASSPHRASE``. Without ``--yes``
  it asks in a terminal as Ape always does; with no terminal it stops before the first
  transaction and says what to pass.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import click
import yaml
from ape.cli import ConnectedProviderCommand

CONFIG_FILE = Path("ape-config.yaml")
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def unset_variables(ecosystem: str, network: str, config_file: Path = CONFIG_FILE) -> list[str]:
    """Environment variables the node settings of `ecosystem:network` refer to and that
    are not set."""
    try:
        config = yaml.safe_load(config_file.read_text()) or {}
    except (OSError, yaml.YAMLError):
        return []
    found: list[str] = []
    for provider in ("node", "foundry"):
        settings = ((config.get(provider) or {}).get(ecosystem) or {}).get(network) or {}
        for value in settings.values() if isinstance(settings, dict) else ():
            found += [name for name in _ENV_REF.findall(str(value)) if not os.environ.get(name)]
    return sorted(set(found))


def _choice_parts(value) -> tuple[str, str] | None:
    if value is None:
        return None
    if hasattr(value, "network"):  # a provider object, as Ape's network option gives
        return value.network.ecosystem.name, value.network.name
    parts = str(value).split(":")
    return (parts[0], parts[1]) if len(parts) >= 2 else None


class CivicCommand(ConnectedProviderCommand):
    """Ape's connected command, with the network's environment checked first."""

    def invoke(self, ctx: click.Context):
        from civic.ape_compat import list_sources_without_dependency_copies

        list_sources_without_dependency_copies()
        parts = _choice_parts(ctx.params.get("network"))
        if parts is not None:
            missing = unset_variables(*parts)
            if missing:
                names = ", ".join(missing)
                raise click.UsageError(
                    f"the network {parts[0]}:{parts[1]} takes its node settings from the "
                    f"environment variable {names}, which is not set: "
                    f"export {missing[0]}=https://<the node's JSON-RPC URL>"
                )
        return super().invoke(ctx)


yes_option = click.option(
    "--yes",
    "-y",
    "unattended",
    is_flag=True,
    help="Sign every transaction without asking (CI, ops scripts). An `ape accounts` "
    "account then takes its passphrase from APE_ACCOUNTS_<alias>_PASSPHRASE.",
)


def passphrase_variable(account) -> str:
    return f"APE_ACCOUNTS_{account.alias}_PASSPHRASE"


def prepare_signer(account, unattended: bool) -> None:
    """Make `account` ready to sign this run's transactions, or stop before the first
    one with what to do. Test accounts sign without asking and need nothing."""
    from ape_accounts.accounts import KeyfileAccount

    if not isinstance(account, KeyfileAccount):
        return
    variable = passphrase_variable(account)
    interactive = sys.stdin is not None and sys.stdin.isatty()
    if unattended:
        if not os.environ.get(variable) and not interactive:
            raise click.UsageError(
                f"--yes needs the passphrase of {account.alias!r} in {variable} "
                "(no terminal to ask in)"
            )
        account.set_autosign(True)
    elif not interactive:
        raise click.UsageError(
            f"no terminal to confirm each transaction of {account.alias!r} in: pass --yes "
            f"and set {variable} to sign unattended"
        )
