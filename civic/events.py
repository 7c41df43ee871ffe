"""Reading a contract's history and state fast: the raw material of every recount.

Every log reader asks the node in pages a public node accepts (``paged_logs``: at most
``PAGE_BLOCKS`` blocks and ``PAGE_LOGS`` logs a request). The readers, once for every
service: ``fetch_logs`` (decoded with the contract's ABI by Ape), ``fetch_web3_logs`` and
``event_logs`` (web3's event dicts), ``fetch_raw_logs`` (``DecodedLog`` objects, as
recounts read Ape's: ~20x faster than Ape's, for a million-vote history); the last three
decode the node's JSON with one codec per event (``_EventCodec``: one-word arguments read
straight from the hex words, the rest by eth-abi). And ``web3_contract`` (a cached web3 view
for getter loops: Ape adds a code check and pydantic models per call, ~4x slower). The
view's ``functions`` and ``encode_abi`` encode and decode with eth-abi from selectors and
types cached per function (~0.1 ms a call where web3's own path spends 5 to 9 ms in its
formatters); anything they do not handle (an overloaded name, an argument eth-abi does not
take as given, a reverted or empty answer) goes to web3's own path, so errors and
exceptions are web3's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from eth_abi import decode as abi_decode
from eth_abi import encode as abi_encode
from eth_abi.grammar import parse
from eth_utils import function_signature_to_4byte_selector, keccak, to_checksum_address
from hexbytes import HexBytes
from web3.datastructures import AttributeDict

_CONTRACTS: dict = {}
#: Blocks per ``eth_getLogs`` at most (public providers accept 1,000 to 10,000).
PAGE_BLOCKS = 2_000
#: Logs per ``eth_getLogs`` answer at most (the common provider limit is 10,000).
PAGE_LOGS = 10_000
# Words of a node's error when a range holds too many logs or blocks.
_TOO_LARGE = ("limit", "range", "too many", "more than", "exceed", "too large", "too wide")


def paged_logs(
    get_logs: Callable[[int, int], list],
    start: int,
    stop: int,
    *,
    max_blocks: int = PAGE_BLOCKS,
    max_logs: int = PAGE_LOGS,
    advance: Callable[[int], None] | None = None,
) -> Iterator[list]:
    """Pages of ``get_logs(from_block, to_block)`` covering ``[start, stop]`` in order, each
    of at most ``max_blocks`` blocks and at most ``max_logs`` logs. A page whose answer holds
    more, or that the node refuses as too large, is halved and asked again. Pages start at
    one block and the next is sized from the density of the last (at 90% of ``max_logs``),
    at most doubling, so an oversized answer is rare and at most twice the bound. A single
    block holding more than
    ``max_logs`` logs cannot be split: it is one page. ``advance(blocks)`` after each page."""
    if max_blocks < 1 or max_logs < 1:
        raise ValueError("pages need at least one block and one log")
    span, at = 1, start
    while at <= stop:
        end = min(stop, at + span - 1)
        try:
            logs = get_logs(at, end)
        except Exception as err:
            if end == at or not any(w in str(err).lower() for w in _TOO_LARGE):
                raise
            span = max(1, (end - at + 1) // 2)
            continue
        if len(logs) > max_logs and end > at:
            span = max(1, (end - at + 1) // 2)
            continue
        yield logs
        if advance is not None:
            advance(end - at + 1)
        blocks = end - at + 1
        at = end + 1
        dense = blocks * max_logs * 9 // (10 * max(len(logs), 1))
        span = max(1, min(max_blocks, 2 * blocks, dense))


def fetch_logs(
    contract, start_block: int = 0, stop_block: int | None = None, names: Iterable[str] = ()
) -> list:
    """Events of ``contract`` from ``start_block``, decoded, in chain order (only the
    events called ``names`` if given)."""
    from ape import chain

    web3 = chain.provider.web3
    stop = chain.blocks.height if stop_block is None else stop_block
    if start_block > stop:
        return []
    address = str(contract.address)
    pages = paged_logs(
        lambda a, b: web3.eth.get_logs({"address": address, "fromBlock": a, "toBlock": b}),
        start_block,
        stop,
    )
    raw = [log for page in pages for log in page]
    if not raw:
        return []
    events = list(contract.contract_type.events)
    logs = list(chain.provider.network.ecosystem.decode_logs([dict(r) for r in raw], *events))
    if names:
        logs = by_name(logs, *names)
    return sorted(logs, key=lambda log: (log.block_number, log.log_index))


def by_name(logs: Iterable, *names: str) -> list:
    wanted = set(names)
    return [log for log in logs if log.event_name in wanted]


class _LeanFunction:
    """One view function: selector, input and output types parsed once."""

    def __init__(self, item: dict):
        self.name = item["name"]
        self.inputs = abi_types(item["inputs"])
        self.outputs = abi_types(item.get("outputs", []))
        self.selector = function_signature_to_4byte_selector(
            f"{self.name}({','.join(self.inputs)})"
        )
        self._checksum = [_checksummer(parse(t)) for t in self.outputs]

    def encode(self, args) -> str:
        return "0x" + (self.selector + abi_encode(self.inputs, list(args))).hex()

    def decode(self, data: bytes):
        values = abi_decode(self.outputs, data)
        values = [fix(v) for fix, v in zip(self._checksum, values, strict=True)]
        return values[0] if len(values) == 1 else values


def abi_types(params) -> list[str]:
    """The canonical types of ABI ``inputs``/``outputs`` (tuples spelled out)."""
    return [
        "(" + ",".join(abi_types(p["components"])) + ")" + p["type"][5:]
        if p["type"].startswith("tuple")
        else p["type"]
        for p in params
    ]


def _identity(value):
    return value


def _checksummer(abi_type):
    """A function that gives ``value`` of ``abi_type`` the checksummed addresses web3
    returns (eth-abi decodes them lower-case)."""
    if abi_type.is_array:
        inner = _checksummer(abi_type.item_type)
        return _identity if inner is _identity else (lambda v: [inner(x) for x in v])
    if getattr(abi_type, "components", None):
        parts = [_checksummer(c) for c in abi_type.components]
        if all(p is _identity for p in parts):
            return _identity
        return lambda v: tuple(p(x) for p, x in zip(parts, v, strict=True))
    if abi_type.base == "address":
        return to_checksum_address
    return _identity


class _LeanCall:
    def __init__(self, functions: _LeanFunctions, name: str, args: tuple):
        self._functions, self._name, self._args = functions, name, args

    def _web3(self):
        return getattr(self._functions._view.functions, self._name)(*self._args)

    def call(self, block_identifier="latest"):
        lean = self._functions._lean.get(self._name)
        if lean is None:
            return self._web3().call(block_identifier=block_identifier)
        try:
            data = lean.encode(self._args)
        except Exception:  # noqa: BLE001 - an argument eth-abi does not take as given
            return self._web3().call(block_identifier=block_identifier)
        block = hex(block_identifier) if isinstance(block_identifier, int) else block_identifier
        try:
            answer = self._functions._w3.provider.make_request(
                "eth_call", [{"to": self._functions._view.address, "data": data}, block]
            )
        except Exception:  # noqa: BLE001 - a provider that raises (eth-tester wants `from`)
            return self._web3().call(block_identifier=block_identifier)
        result = answer.get("result") if isinstance(answer, dict) else None
        if not result or result == "0x":
            # a revert, or no code: web3 raises its own exception for it
            return self._web3().call(block_identifier=block_identifier)
        return lean.decode(bytes.fromhex(result[2:]))


class _LeanFunctions:
    def __init__(self, w3, view):
        self._w3, self._view = w3, view
        items = [i for i in view.abi if i["type"] == "function"]
        names = [i["name"] for i in items]
        self._lean = {i["name"]: _LeanFunction(i) for i in items if names.count(i["name"]) == 1}

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args: _LeanCall(self, name, args)


class _LeanView:
    """A web3 contract whose ``functions`` and ``encode_abi`` take the lean path."""

    def __init__(self, w3, view):
        self._view = view
        self.functions = _LeanFunctions(w3, view)
        self.events = _LeanEvents(view)

    def encode_abi(self, abi_element_identifier: str, args=()):
        lean = self.functions._lean.get(abi_element_identifier)
        if lean is not None:
            try:
                return lean.encode(args)
            except Exception:  # noqa: BLE001 - web3 normalises what eth-abi refuses
                pass
        return self._view.encode_abi(abi_element_identifier, args=list(args))

    def decode_output(self, name: str, data: bytes):
        """What ``functions.<name>(...).call()`` returns for the answer ``data`` (a single
        value unwrapped, addresses checksummed)."""
        lean = self.functions._lean.get(name)
        if lean is None:  # an overloaded name: its first declaration's outputs
            item = next(i for i in self.abi if i["type"] == "function" and i["name"] == name)
            lean = _LeanFunction(item)
        return lean.decode(data)

    def __getattr__(self, name: str):
        return getattr(self._view, name)


def web3_contract(contract):
    """``(web3, web3 contract)`` for fast reads of an Ape contract instance (cached per
    provider connection, address and contract type: a reverted snapshot can put another
    contract at the same address)."""
    from ape import chain

    w3 = chain.provider.web3
    ct = contract.contract_type
    key = (id(w3), str(contract.address), ct.name, ct.source_id, len(ct.abi))
    if key not in _CONTRACTS:
        abi = [item.model_dump(mode="json", by_alias=True) for item in contract.contract_type.abi]
        _CONTRACTS[key] = _LeanView(w3, w3.eth.contract(address=str(contract.address), abi=abi))
    return w3, _CONTRACTS[key]


class _EventCodec:
    """One event's topic and argument decoder, from its ABI item: arguments of one-word
    elementary types are read straight from the log's hex words (~10x faster than
    eth-abi), the rest decoded by eth-abi; addresses checksummed, inside arrays too (as
    web3 gives them). An indexed argument that is not one elementary word is its hash."""

    def __init__(self, item: dict):
        types = abi_types(item["inputs"])
        self.name = item["name"]
        self.topic = "0x" + keccak(text=f"{self.name}({','.join(types)})").hex()
        self.structs = any(t.startswith("(") for t in types)
        self.anonymous = bool(item.get("anonymous"))
        self._indexed, data = [], []
        for param, abi_type in zip(item["inputs"], types, strict=True):
            if param.get("indexed"):
                read = _word_reader(abi_type) or _word_reader("bytes32")
                self._indexed.append((param["name"], read))
            else:
                data.append((param["name"], abi_type))
        self._names = [name for name, _ in data]
        self._types = [abi_type for _, abi_type in data]
        self._readers = [_word_reader(abi_type) for abi_type in self._types]
        self._words = all(read is not None for read in self._readers)
        self._fix = [_checksummer(parse(abi_type)) for abi_type in self._types]

    def args(self, log) -> dict:
        """The arguments of ``log`` (topics and data as hex strings or bytes)."""
        topics = log["topics"][1:]
        args = {
            name: read(_hex(t)[2:]) for (name, read), t in zip(self._indexed, topics, strict=True)
        }
        data = _hex(log["data"])
        if self._words:
            for k, (name, read) in enumerate(zip(self._names, self._readers, strict=True)):
                args[name] = read(data[2 + 64 * k : 66 + 64 * k])
        elif self._types:
            values = abi_decode(self._types, bytes.fromhex(data[2:]))
            for name, fix, value in zip(self._names, self._fix, values, strict=True):
                args[name] = fix(value)
        return args


class _LeanEvent:
    """What web3's ``process_log`` gives (``event``, ``args``, ``blockNumber``,
    ``logIndex``...), decoded by the event's ``_EventCodec``. An event with a struct
    argument is decoded by web3 (its tuple shapes)."""

    def __init__(self, item: dict, web3_event):
        self._codec = _EventCodec(item)
        self.name = self._codec.name
        self.topic = self._codec.topic
        self._web3_event = web3_event
        self._lean = not self._codec.structs and not self._codec.anonymous

    def process_log(self, log):
        if not self._lean:
            return self._web3_event.process_log(_web3_shape(log))
        return AttributeDict(
            {
                "args": AttributeDict(self._codec.args(log)),
                "event": self.name,
                "logIndex": _int(log["logIndex"]),
                "transactionIndex": _int(log["transactionIndex"]),
                "transactionHash": HexBytes(log["transactionHash"]),
                "address": to_checksum_address(log["address"]),
                "blockHash": HexBytes(log["blockHash"]),
                "blockNumber": _int(log["blockNumber"]),
            }
        )


def _web3_shape(log: dict) -> AttributeDict:
    """A log as web3's ``get_logs`` formats it (bytes and ints, not hex)."""
    out = dict(log)
    out["topics"] = [HexBytes(t) for t in log["topics"]]
    for key in ("data", "transactionHash", "blockHash"):
        if key in out:
            out[key] = HexBytes(out[key])
    for key in ("logIndex", "transactionIndex", "blockNumber"):
        if key in out:
            out[key] = _int(out[key])
    out["address"] = to_checksum_address(log["address"])
    return AttributeDict(out)


def _raw_bytes(value) -> bytes:
    return bytes.fromhex(value[2:]) if isinstance(value, str) else bytes(value)


def _hex(value) -> str:
    return value if isinstance(value, str) else "0x" + bytes(value).hex()


def _int(value) -> int:
    return int(value, 16) if isinstance(value, str) else int(value)


class _LeanEvents:
    def __init__(self, view):
        self._view = view
        self._events = {
            i["name"]: _LeanEvent(i, getattr(view.events, i["name"])())
            for i in view.abi
            if i["type"] == "event"
        }

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        event = self._events.get(name)
        if event is None:
            return getattr(self._view.events, name)
        return lambda: event


def _topic(value) -> str | None:
    """A log filter's topic: None (any), an int (a uint word), bytes or a hex word."""
    if value is None:
        return None
    if isinstance(value, int):
        return "0x" + value.to_bytes(32, "big").hex()
    if isinstance(value, bytes | bytearray):
        return "0x" + bytes(value).rjust(32, b"\x00").hex()
    return "0x" + value[2:].rjust(64, "0")


def raw_logs(w3, query: dict, advance: Callable[[int], None] | None = None) -> list[dict]:
    """``eth_getLogs`` answered as the node sends it (hex fields), without web3's
    formatters, in pages (``paged_logs``; ``advance(blocks)`` after each);
    ``fromBlock``/``toBlock`` may be ints."""
    start = int(query.get("fromBlock", 0))
    stop = query.get("toBlock", "latest")
    stop = w3.eth.block_number if stop == "latest" else int(stop)

    def get_logs(a: int, b: int) -> list:
        page = {**query, "fromBlock": hex(a), "toBlock": hex(b)}
        try:
            answer = w3.provider.make_request("eth_getLogs", [page])
        except Exception:  # noqa: BLE001 - a provider that raises: web3's own path below
            answer = None
        if isinstance(answer, dict) and isinstance(answer.get("result"), list):
            return answer["result"]
        if isinstance(answer, dict) and "error" in answer:
            raise ValueError(f"eth_getLogs: {answer['error']}")
        return [dict(log) for log in w3.eth.get_logs({**query, "fromBlock": a, "toBlock": b})]

    # the page bounds are read here, at call time, so a caller may change them
    pages = paged_logs(
        get_logs, start, stop, max_blocks=PAGE_BLOCKS, max_logs=PAGE_LOGS, advance=advance
    )
    return [log for page in pages for log in page]


def event_logs(contract, name: str, *topics, start_block: int = 0) -> list:
    """The ``name`` events of ``contract`` from ``start_block`` whose indexed arguments
    match ``topics`` (in order; None matches any), decoded like web3's event dicts, in
    chain order."""
    w3, view = web3_contract(contract)
    event = getattr(view.events, name)()
    raw = raw_logs(
        w3,
        {
            "address": view.address,
            "fromBlock": start_block,
            "toBlock": "latest",
            "topics": [event.topic, *(_topic(t) for t in topics)],
        },
    )
    logs = [event.process_log(log) for log in raw]
    return sorted(logs, key=lambda log: (log["blockNumber"], log["logIndex"]))


def fetch_web3_logs(contract, start_block: int = 0) -> list:
    """Events of ``contract`` from ``start_block`` as web3 event dicts (``args``,
    ``blockNumber``, ``logIndex``...), in chain order."""
    w3, view = web3_contract(contract)
    events = {}
    for item in view.abi:
        if item["type"] == "event":
            event = getattr(view.events, item["name"])()
            events[_raw_bytes(event.topic)] = event
    raw = raw_logs(w3, {"address": view.address, "fromBlock": start_block, "toBlock": "latest"})
    decoded = [
        events[_raw_bytes(log["topics"][0])].process_log(log)
        for log in raw
        if log["topics"] and _raw_bytes(log["topics"][0]) in events
    ]
    return sorted(decoded, key=lambda log: (log["blockNumber"], log["logIndex"]))


class DecodedLog:
    """An event log decoded from the node's JSON: ``event_name``, ``block_number``,
    ``log_index``, ``transaction_hash`` and each argument as an attribute (addresses
    checksummed, ``bytesN`` as bytes, tuples and arrays as tuples), as recounts read Ape's."""

    def __init__(self, event_name: str, block_number: int, log_index: int, tx: str, args):
        self.event_name = event_name
        self.block_number = block_number
        self.log_index = log_index
        self.transaction_hash = tx
        self.__dict__.update(args)

    def __repr__(self) -> str:
        return f"<{self.event_name} block {self.block_number} log {self.log_index}>"


def _word_reader(kind: str):
    """A reader of one 64-hex-digit ABI word of an elementary one-word type, or None."""
    from civic.merkle import checksum_address

    if "[" in kind or "(" in kind:
        return None
    if kind.startswith("uint"):
        return lambda word: int(word, 16)
    if kind.startswith("int"):
        bits = int(kind[3:] or 256)
        return lambda word: (v - (1 << 256) if (v := int(word, 16)) >> (bits - 1) else v)
    if kind == "address":
        return lambda word: checksum_address("0x" + word[24:])
    if kind == "bool":
        return lambda word: int(word, 16) != 0
    if kind.startswith("bytes") and kind[5:].isdigit():
        size = int(kind[5:])
        return lambda word: bytes.fromhex(word[: 2 * size])
    return None


def _event_decoders(contract) -> dict:
    """topic0 hex -> decode(raw log) into a ``DecodedLog``, for every event of
    ``contract``'s ABI (each by its ``_EventCodec``)."""
    decoders = {}
    for item in contract.contract_type.abi:
        if item.type != "event":
            continue
        codec = _EventCodec(item.model_dump(mode="json", by_alias=True))

        def decode(log, codec=codec):
            return DecodedLog(
                codec.name,
                int(log["blockNumber"], 16),
                int(log["logIndex"], 16),
                log["transactionHash"],
                codec.args(log),
            )

        decoders[codec.topic] = decode
    return decoders


def fetch_raw_logs(
    contract,
    start_block: int = 0,
    stop_block: int | None = None,
    names: Iterable[str] = (),
    advance: Callable[[int], None] | None = None,
) -> list[DecodedLog]:
    """``fetch_logs`` without Ape's decoder: each page of the node's JSON answer decoded
    by eth_abi (``DecodedLog``), in chain order; ``advance(blocks)`` after each page."""
    from ape import chain

    node = chain.provider.web3.provider
    if not getattr(node, "endpoint_uri", None):  # Ape's embedded chain: no JSON to read
        return fetch_logs(contract, start_block, stop_block, names)
    stop = chain.blocks.height if stop_block is None else stop_block
    decoders = _event_decoders(contract)
    wanted = set(names)
    query = {"address": str(contract.address), "fromBlock": start_block, "toBlock": stop}
    logs = []
    for raw in raw_logs(chain.provider.web3, query, advance):
        decode = decoders.get(raw["topics"][0]) if raw["topics"] else None
        if decode is not None:
            log = decode(raw)
            if not wanted or log.event_name in wanted:
                logs.append(log)
    return sorted(logs, key=lambda log: (log.block_number, log.log_index))
