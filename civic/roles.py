"""Who holds which role: the roles file, read and checked before any transaction.

``config/roles.yaml`` has one section per Ape network choice (``ethereum:city``, ...);
local chains without a section of their own use ``local``. Within a section, one block
per service maps a role name to a holder:

- ``deployer``: the account running the deploy;
- ``test:N``: the N-th funded Ape test account (local chains only);
- ``0x...``: an address, quoted (YAML reads an unquoted ``0x...`` as a number).

Every error names the file and line. Addresses must carry a valid EIP-55 checksum; an
all-lowercase address is accepted with a warning (it carries no checksum to check). The
zero address is refused, and so is one address for two roles of one service: each role of
a service is a separate duty (an arbiter who is also the agency judges its own disputes).
On a network that is not local, only ``admin`` may be the deployer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from eth_utils import is_checksum_address, is_hex_address, to_checksum_address

#: OpenZeppelin AccessControl's admin role (``DEFAULT_ADMIN_ROLE``, 0x00...00): the one id
#: that is not keccak256 of its name. Every service's other role ids are read from the
#: contract's ``*_ROLE`` getters or kept beside the service, checked against the
#: contracts by tests/toolchain/test_role_ids.py.
DEFAULT_ADMIN_ROLE = bytes(32)
ROLES_FILE = Path("config") / "roles.yaml"
ZERO_ADDRESS = "0x" + "00" * 20
#: Section of local chains that have none of their own.
LOCAL_SECTION = "local"


class CivicConfigError(ValueError):
    """An input the operator gave (roles file, address, option) is unusable."""


class RolesConfigError(CivicConfigError):
    """The roles file is malformed or names an unusable holder."""


class AddressError(CivicConfigError):
    """A value is not a usable address."""


def checked_address(value, what: str, warn: Callable[[str], None] | None = None) -> str:
    """`value` as a checksummed address, or `AddressError` saying why not (`what` names it).

    Mixed case must be the EIP-55 checksum (a typo in any letter breaks it); all-lowercase
    or all-uppercase hex carries no checksum and is accepted with a warning."""
    if isinstance(value, int) and not isinstance(value, bool):
        raise AddressError(f"{what}: {value} is a number; quote the address ('0x...')")
    text = str(value).strip()
    if not is_hex_address(text):
        raise AddressError(f"{what}: {text!r} is not an address (0x and 40 hex digits)")
    body = text[2:]
    if body != body.lower() and body != body.upper():
        if not is_checksum_address(text):
            raise AddressError(
                f"{what}: {text} fails its EIP-55 checksum (a mistyped letter?); "
                f"the checksummed form of these digits is {to_checksum_address(text)}"
            )
    elif warn is not None and any(c.isalpha() for c in body):
        warn(f"{what}: {text} has no checksum to check (all one case); using it as given")
    address = to_checksum_address(text)
    if address == ZERO_ADDRESS:
        raise AddressError(f"{what}: the zero address can hold no role")
    return address


@dataclass
class RolesFile:
    """A parsed roles file, with the line of every value for error messages."""

    path: Path
    data: dict
    lines: dict[tuple[str, ...], int] = field(default_factory=dict)

    def line(self, *keys: str) -> str:
        number = self.lines.get(tuple(keys))
        return f"{self.path}:{number}" if number else str(self.path)

    def section_name(self, network: str, is_local: bool) -> str:
        if network in self.data:
            return network
        if is_local and LOCAL_SECTION in self.data:
            return LOCAL_SECTION
        raise RolesConfigError(
            f"{self.path}: no section for network {network!r}; write one with "
            f"`ape run deploy --network {network} --write-roles` and fill it in"
        )


def _mark_lines(node, keys: tuple[str, ...], lines: dict) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            path = (*keys, str(key_node.value))
            lines[path] = key_node.start_mark.line + 1
            _mark_lines(value_node, path, lines)


def load_roles_file(path: Path = ROLES_FILE) -> RolesFile:
    """Parse the roles file; a YAML error or a wrong shape is a `RolesConfigError` with
    the line it is on."""
    path = Path(path)
    try:
        text = path.read_text()
    except FileNotFoundError as err:
        raise RolesConfigError(f"no roles file at {path}") from err
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(err, "problem", None) or str(err)
        raise RolesConfigError(f"{where}: not valid YAML: {problem}") from err
    lines: dict[tuple[str, ...], int] = {}
    _mark_lines(node, (), lines)
    roles = RolesFile(path=path, data=data, lines=lines)
    if not isinstance(data, dict):
        raise RolesConfigError(f"{path}: expected a mapping of networks to sections")
    for network, section in data.items():
        if section is None:
            continue
        if not isinstance(section, dict):
            raise RolesConfigError(f"{roles.line(network)}: section {network!r} is not a mapping")
        for service, block in section.items():
            if block is not None and not isinstance(block, dict):
                raise RolesConfigError(
                    f"{roles.line(network, service)}: {network}.{service} is not a mapping "
                    "of role names to holders"
                )
    return roles


def resolve_holders(
    roles: RolesFile,
    network: str,
    is_local: bool,
    wanted: dict[str, Iterable[str]],
    deployer: str,
    test_accounts: Callable[[int], str] | None = None,
    warn: Callable[[str], None] | None = None,
    known: Iterable[str] | None = None,
) -> dict[str, dict[str, str]]:
    """{service: {role: checksummed holder}} for the services in `wanted` (service ->
    its role names), every check done: unknown services (not in `known`, by default the
    wanted ones) or roles, missing roles, bad addresses, shared holders, the deployer in
    a role on a real network."""
    name = roles.section_name(network, is_local)
    section = roles.data.get(name) or {}
    known = sorted(set(known if known is not None else wanted))
    unknown = sorted(set(section) - set(known))
    if unknown:
        raise RolesConfigError(
            f"{roles.line(name, unknown[0])}: unknown service {unknown[0]!r} in section "
            f"{name!r}; the services are {', '.join(known)}"
        )
    holders: dict[str, dict[str, str]] = {}
    for service, role_names in wanted.items():
        given = {"admin": "deployer", **(section.get(service) or {})}
        role_names = set(role_names)
        extra = sorted(set(given) - role_names)
        if extra:
            raise RolesConfigError(
                f"{roles.line(name, service, extra[0])}: {service} has no role {extra[0]!r}; "
                f"its roles are {', '.join(sorted(role_names))}"
            )
        missing = sorted(role_names - set(given))
        if missing:
            raise RolesConfigError(
                f"{roles.line(name, service)}: {name}.{service} names no holder for "
                f"{', '.join(missing)}"
            )
        resolved: dict[str, str] = {}
        for role in sorted(role_names):
            where = f"{roles.line(name, service, role)}: {service}.{role}"
            value = given[role]
            if value is None:
                raise RolesConfigError(f"{where} is empty")
            text = value if isinstance(value, int) else str(value).strip()
            if text == "deployer":
                if role != "admin" and not is_local:
                    raise RolesConfigError(
                        f"{where}: the deployer may hold only the admin role on {network}"
                    )
                resolved[role] = deployer
            elif isinstance(text, str) and text.startswith("test:"):
                if not is_local or test_accounts is None:
                    raise RolesConfigError(
                        f"{where}: {text!r} names a test account: local chains only"
                    )
                try:
                    resolved[role] = test_accounts(int(text.split(":", 1)[1]))
                except (ValueError, IndexError) as err:
                    raise RolesConfigError(f"{where}: no test account {text!r}") from err
            else:
                try:
                    resolved[role] = checked_address(text, where, warn)
                except AddressError as err:
                    raise RolesConfigError(str(err)) from err
        shared = _first_shared(resolved)
        if shared:
            (first, second), address = shared
            raise RolesConfigError(
                f"{roles.line(name, service, second)}: {service}.{first} and {service}.{second} "
                f"are both {address}; each role of a service needs its own holder"
            )
        holders[service] = resolved
    return holders


def _first_shared(resolved: dict[str, str]):
    seen: dict[str, str] = {}
    for role, address in sorted(resolved.items()):
        if address in seen:
            return (seen[address], role), address
        seen[address] = role
    return None


def section_template(network: str, wanted: dict[str, Iterable[str]], describe) -> str:
    """A documented roles section for `network`: every service, every role, a placeholder
    and what the role does (`describe(service, role)`), ready to fill in."""
    out = [
        f"# Role holders on {network}. Replace every placeholder with a quoted, checksummed",
        "# address; each role of a service needs its own holder. `admin` stays with the",
        "# deployer until `ape run deploy --handover ADDRESS` hands it to the city multisig.",
        f"{network}:",
    ]
    for service, role_names in wanted.items():
        out.append(f"  {service}:")
        for role in sorted(set(role_names) - {"admin"}):
            out.append(f'    {role}: "0x<address>"  # {describe(service, role)}')
    return "\n".join(out) + "\n"
