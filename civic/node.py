"""Is the connected node able to run our build? Checked before anything is sent.

Solidity compiles for one ``evm_version`` (ape-config.yaml ``solidity: evm_version``)
and may then use every opcode of that hardfork and the ones before it: ``cancun``
bytecode uses MCOPY, and our escrow's transient guard uses TLOAD/TSTORE. A node of an
older hardfork accepts the deployment, then fails every call that reaches one of them
with ``invalid opcode``. ``check_node`` runs, by ``eth_call`` of a small initcode (no
``to``: nothing is deployed or sent), each opcode the build's hardfork brings, and
refuses with ``NodeIncompatible`` naming the hardfork and EIPs a node lacks.

The rest fits Ape's providers for a node given by URL (``ethereum:local:http://...``,
or a custom network) to the node: ``use_node_chain_id`` makes Ape sign for the chain id
the node reports (Ape assumes 1337 on a local network, which a node of another id
refuses: "invalid chainId"), ``fit_gas_limit`` keeps each transaction within a node's
per-transaction gas cap, and ``use_dev_node_clock`` moves a dev node's clock (for
``chain.mine`` and ``chain.pending_timestamp = ...``) by ``evm_setNextBlockTimestamp`` and
``evm_mine``, which Anvil, Hardhat and ganache answer alike.
"""

from __future__ import annotations

from typing import NamedTuple

from ape.exceptions import ApeException

#: EIP-7825 (Osaka): the most gas one transaction may ask for.
TX_GAS_CAP = 2**24
# Epilogue of every probe: MSTORE(0, 1); RETURN(0, 32), so success is a 32-byte 1.
_RETURN_ONE = "600160005260206000f3"
_ONE = (1).to_bytes(32, "big")


class NodeIncompatible(ApeException):
    """The node cannot run what our build needs (opcodes of its hardfork, chain id).
    An Ape exception, so that `ape run` reports it without a Python traceback."""


class Probe(NamedTuple):
    opcode: str
    eip: str
    code: str  # bytecode that runs the opcode and leaves the stack as it found it


class Fork(NamedTuple):
    name: str  # solc's evm_version
    title: str
    probes: tuple[Probe, ...]


#: solc's EVM versions in order, with the opcodes each one adds.
FORKS: tuple[Fork, ...] = (
    Fork("homestead", "Homestead", (Probe("DELEGATECALL", "EIP-7", "6000600060006000305af450"),)),
    Fork("tangerineWhistle", "Tangerine Whistle", ()),
    Fork("spuriousDragon", "Spurious Dragon", ()),
    Fork(
        "byzantium",
        "Byzantium",
        (
            Probe("RETURNDATASIZE", "EIP-211", "3d50"),
            Probe("RETURNDATACOPY", "EIP-211", "6000600060003e"),
            Probe("STATICCALL", "EIP-214", "6000600060006000305afa50"),
        ),
    ),
    Fork(
        "constantinople",
        "Constantinople",
        (
            Probe("SHL", "EIP-145", "600160011b50"),
            Probe("SHR", "EIP-145", "600160011c50"),
            Probe("SAR", "EIP-145", "600160011d50"),
            Probe("CREATE2", "EIP-1014", "6000600060006000f550"),
            Probe("EXTCODEHASH", "EIP-1052", "303f50"),
        ),
    ),
    Fork("petersburg", "Petersburg", ()),
    Fork(
        "istanbul",
        "Istanbul",
        (Probe("CHAINID", "EIP-1344", "4650"), Probe("SELFBALANCE", "EIP-1884", "4750")),
    ),
    Fork("berlin", "Berlin", ()),
    Fork("london", "London", (Probe("BASEFEE", "EIP-3198", "4850"),)),
    Fork("paris", "Paris", ()),  # PREVRANDAO reuses DIFFICULTY's opcode
    Fork("shanghai", "Shanghai", (Probe("PUSH0", "EIP-3855", "5f50"),)),
    Fork(
        "cancun",
        "Cancun",
        (
            Probe("MCOPY", "EIP-5656", "6020600060005e"),
            Probe("TLOAD", "EIP-1153", "60015c50"),
            Probe("TSTORE", "EIP-1153", "602a60015d"),
            Probe("BLOBHASH", "EIP-4844", "60004950"),
            Probe("BLOBBASEFEE", "EIP-7516", "4a50"),
        ),
    ),
    Fork("prague", "Prague", ()),
    Fork("osaka", "Osaka", (Probe("CLZ", "EIP-7939", "60011e50"),)),
)
_BY_NAME = {fork.name.lower(): fork for fork in FORKS}


def forks_up_to(evm_version: str) -> tuple[Fork, ...]:
    """The hardforks whose opcodes code compiled for ``evm_version`` may use."""
    key = evm_version.lower()
    if key not in _BY_NAME:
        known = ", ".join(f.name for f in FORKS)
        raise NodeIncompatible(f"unknown evm_version {evm_version!r} (known: {known})")
    return FORKS[: FORKS.index(_BY_NAME[key]) + 1]


def probe_code(probes) -> str:
    """Initcode running each probe in turn, then returning a 32-byte 1."""
    return "0x" + "".join(p.code for p in probes) + _RETURN_ONE


def build_evm_version() -> str:
    """The evm_version of our build: the latest hardfork any compiler of the project's
    build manifest targeted (``.build/``), else ape-config.yaml's ``solidity:
    evm_version``, else solc's default for our compiler, ``cancun``."""
    from ape import config, project

    built = [
        str(c.settings.get("evmVersion"))
        for c in (project.manifest.compilers or [])
        if c.settings and str(c.settings.get("evmVersion", "")).lower() in _BY_NAME
    ]
    if built:
        return max(built, key=lambda v: FORKS.index(_BY_NAME[v.lower()]))
    return str(config.get_config("solidity").get("evm_version") or "cancun")


def _runs(w3, code: str) -> bool:
    try:
        result = w3.eth.call({"data": code})
    except Exception:  # an unknown opcode: each provider raises its own error type
        return False
    return bytes(result) == _ONE


def missing_opcodes(w3, evm_version: str) -> list[tuple[Fork, Probe]]:
    """(hardfork, opcode) pairs the node at ``w3`` does not run, of those the build's
    ``evm_version`` may use. One ``eth_call`` when nothing is missing."""
    forks = forks_up_to(evm_version)
    probes = [(fork, probe) for fork in forks for probe in fork.probes]
    if _runs(w3, probe_code(p for _, p in probes)):
        return []
    try:
        baseline = bytes(w3.eth.call({"data": probe_code(())}))
    except Exception as err:
        raise NodeIncompatible(
            f"the node does not run eth_call of initcode (a call without `to`), so its "
            f"opcodes cannot be checked: {err}"
        ) from err
    if baseline != _ONE:
        raise NodeIncompatible(f"the node answers a probe returning 1 with 0x{baseline.hex()}")
    return [(fork, probe) for fork, probe in probes if not _runs(w3, probe_code([probe]))]


def describe_missing(missing: list[tuple[Fork, Probe]], evm_version: str, where: str) -> str:
    """The refusal, e.g. "the node at URL does not run Cancun's MCOPY/TLOAD/TSTORE
    (EIP-5656, EIP-1153): our build targets evm_version cancun; use a node at Cancun or
    later"."""
    parts = []
    for fork in dict.fromkeys(f for f, _ in missing):
        ops = [p for f, p in missing if f == fork]
        eips = ", ".join(dict.fromkeys(p.eip for p in ops))
        parts.append(f"{fork.title}'s {'/'.join(p.opcode for p in ops)} ({eips})")
    target = _BY_NAME[evm_version.lower()].title
    return (
        f"the node at {where} does not run {' and '.join(parts)}: our build targets "
        f"evm_version {evm_version}; use a node at {target} or later"
    )


def _where(provider) -> str:
    uri = getattr(provider, "uri", None) or getattr(provider, "http_uri", None)
    return str(uri) if uri else f"{provider.network.choice}"


def check_node(provider=None, evm_version: str | None = None) -> None:
    """Before the first transaction on a node: raise ``NodeIncompatible`` unless it runs
    every opcode of the build's hardfork (and of the ones before it), and make Ape sign
    for its chain id (``use_node_chain_id``) within its gas cap (``fit_gas_limit``),
    moving a dev node's clock by the dev methods (``use_dev_node_clock``). Sends nothing."""
    if provider is None:
        from ape import chain

        provider = chain.provider
    use_node_chain_id(provider)
    fit_gas_limit(provider)
    use_dev_node_clock(provider)
    evm_version = evm_version or build_evm_version()
    missing = missing_opcodes(provider.web3, evm_version)
    if missing:
        raise NodeIncompatible(describe_missing(missing, evm_version, _where(provider)))


def use_node_chain_id(provider=None) -> int:
    """Make Ape sign for the chain id the node reports, and return it. Raises
    ``NodeIncompatible`` when the provider cannot be told (Ape would sign transactions
    that the node refuses)."""
    if provider is None:
        from ape import chain

        provider = chain.provider
    reported = int(provider.web3.eth.chain_id)
    if provider.chain_id == reported:
        return reported
    # Ape's dev-node provider reads the id from its settings' `ethereum.local`, which
    # merge its plugin config with `provider_settings` (one level deep) on every read.
    ethereum = getattr(getattr(provider, "settings", None), "ethereum", None)
    if ethereum is not None and isinstance(getattr(ethereum, "local", None), dict):
        settings = ethereum.model_dump()
        settings["local"] = {**settings["local"], "chain_id": reported}
        provider.provider_settings = {**provider.provider_settings, "ethereum": settings}
    if provider.chain_id != reported:
        raise NodeIncompatible(
            f"Ape signs for chain id {provider.chain_id} but the node at {_where(provider)} "
            f"runs chain {reported}: declare a network with chain_id {reported} for it"
        )
    return reported


def fit_gas_limit(provider=None) -> None:
    """On a local network Ape gives every transaction the block's whole gas limit
    (``gas_limit: max``); a node that caps one transaction's gas below it (EIP-7825,
    Osaka: 2**24) refuses them all. Where a call with that much gas is refused, use the
    cap instead."""
    if provider is None:
        from ape import chain

        provider = chain.provider
    network = provider.network
    if network.gas_limit != "max" or provider.max_gas <= TX_GAS_CAP:
        return
    if _runs_with_gas(provider.web3, provider.max_gas) or not _runs_with_gas(
        provider.web3, TX_GAS_CAP
    ):
        return
    # Ape builds a network's config from the ecosystem's stored dict, and caches the
    # network's `gas_limit` property once read.
    stored = network.ecosystem_config.get(network.name)
    if isinstance(stored, dict):
        stored["gas_limit"] = TX_GAS_CAP
        vars(network).pop("gas_limit", None)
    if network.gas_limit != TX_GAS_CAP:
        raise NodeIncompatible(
            f"the node at {_where(provider)} refuses the block's gas limit "
            f"({provider.max_gas}) for one transaction: set gas_limit for {network.choice}"
        )


def _runs_with_gas(w3, gas: int) -> bool:
    try:
        return bytes(w3.eth.call({"data": probe_code(()), "gas": hex(gas)})) == _ONE
    except Exception:  # a node's refusal: each provider raises its own error type
        return False


_ADAPTED: dict[tuple[type, frozenset], type] = {}


def _stub(cls, name: str) -> bool:
    """Whether Ape declares ``cls.name`` but leaves it unimplemented."""
    qualname = getattr(getattr(cls, name, None), "__qualname__", "")
    return qualname.startswith("raises_not_implemented")


def _set_timestamp(self, new_timestamp: int) -> None:
    self.make_request("evm_setNextBlockTimestamp", [int(new_timestamp)])


def _mine(self, num_blocks: int = 1) -> None:
    for _ in range(num_blocks):
        self.make_request("evm_mine", [])


def _auto_mine(self) -> bool:
    from ape.exceptions import ProviderError

    try:
        return bool(self.make_request("eth_mining", []))
    except (ProviderError, NotImplementedError):
        return True  # a dev node that does not say mines every transaction (Hardhat 3)


def use_dev_node_clock(provider=None) -> None:
    """Give Ape's provider the dev-node methods it leaves unimplemented for a node by URL
    (``set_timestamp``, ``mine``), through the JSON-RPC methods dev nodes share, and an
    ``auto_mine`` that survives a node without ``eth_mining``. A node that is no dev
    node refuses those methods when they are used, as it would have before."""
    if provider is None:
        from ape import chain

        provider = chain.provider
    cls = type(provider)
    if cls in _ADAPTED.values():
        return
    methods: dict = {}
    if _stub(cls, "set_timestamp"):
        methods["set_timestamp"] = _set_timestamp
    if _stub(cls, "mine"):
        methods["mine"] = _mine
    if isinstance(getattr(cls, "auto_mine", None), property) and not _reads_auto_mine(provider):
        methods["auto_mine"] = property(_auto_mine, cls.auto_mine.fset)
    if not methods:
        return
    key = (cls, frozenset(methods))
    if key not in _ADAPTED:
        _ADAPTED[key] = type(cls.__name__, (cls,), {"__module__": __name__, **methods})
    object.__setattr__(provider, "__class__", _ADAPTED[key])


def _reads_auto_mine(provider) -> bool:
    try:
        provider.auto_mine  # noqa: B018 (a property that asks the node)
    except Exception:  # the node's refusal, as each provider raises it
        return False
    return True
