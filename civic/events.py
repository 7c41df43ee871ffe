"""Reading a contract's history and state fast: the raw material of every recount.

Every log reader asks the node in pages a public node accepts (``paged_logs``: at most
``PAGE_BLOCKS`` blocks and ``PAGE_LOGS`` logs a request). Four readers, once for every
service: ``fetch_logs`` (decoded with the contract's ABI by Ape), ``fetch_web3_logs``
(through web3's decoder: plain dicts, ~3x faster on long histories), ``fetch_raw_logs``
(the node's JSON decoded by eth_abi into ``DecodedLog`` objects: ~20x faster than Ape's,
for a million-vote history) and ``web3_contract`` (a cached web3 view for getter loops:
Ape adds a code check and pydantic models per call, ~4x slower).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

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
        _CONTRACTS[key] = w3.eth.contract(address=str(contract.address), abi=abi)
    return w3, _CONTRACTS[key]


def fetch_web3_logs(contract, start_block: int = 0) -> list:
    """Events of ``contract`` from ``start_block`` as web3 event dicts (``args``,
    ``blockNumber``, ``logIndex``...), in chain order."""
    from eth_utils import event_abi_to_log_topic

    w3, view = web3_contract(contract)
    events = {
        event_abi_to_log_topic(item): getattr(view.events, item["name"])()
        for item in view.abi
        if item["type"] == "event"
    }
    stop = w3.eth.block_number
    pages = paged_logs(
        lambda a, b: w3.eth.get_logs({"address": view.address, "fromBlock": a, "toBlock": b}),
        start_block,
        stop,
    )
    raw = [log for page in pages for log in page]
    decoded = [
        events[bytes(log["topics"][0])].process_log(log)
        for log in raw
        if log["topics"] and bytes(log["topics"][0]) in events
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
    """topic0 hex -> decode(raw log) for every event of ``contract``'s ABI: arguments of
    one-word elementary types are read straight from the hex words (~10x faster than
    eth_abi, which decodes the rest)."""
    from eth_abi import decode as abi_decode

    from civic.merkle import checksum_address, keccak

    def fix(kind: str, value):
        if kind == "address":
            return checksum_address(value)
        if kind.startswith("address["):
            return tuple(checksum_address(v) for v in value)
        return value

    decoders = {}
    for event in contract.contract_type.events:
        # an indexed dynamic value is only its hash: bytes32 in the topic
        indexed = [
            (i.name, _word_reader(i.canonical_type) or (lambda word: bytes.fromhex(word)))
            for i in event.inputs
            if i.indexed
        ]
        plain = [(i.name, i.canonical_type) for i in event.inputs if not i.indexed]
        readers = [(name, _word_reader(kind)) for name, kind in plain]
        words = all(reader is not None for _, reader in readers)
        plain_types = [t for _, t in plain]
        name = event.name

        def decode(
            log,
            name=name,
            indexed=indexed,
            plain=plain,
            readers=readers,
            words=words,
            plain_types=plain_types,
        ):
            topics = log["topics"][1:]
            args = {arg: read(t[2:]) for (arg, read), t in zip(indexed, topics, strict=True)}
            data = log["data"]
            if words:
                for k, (arg, read) in enumerate(readers):
                    args[arg] = read(data[2 + 64 * k : 66 + 64 * k])
            else:
                values = abi_decode(plain_types, bytes.fromhex(data[2:]))
                for (arg, kind), value in zip(plain, values, strict=True):
                    args[arg] = fix(kind, value)
            return DecodedLog(
                name,
                int(log["blockNumber"], 16),
                int(log["logIndex"], 16),
                log["transactionHash"],
                args,
            )

        decoders["0x" + keccak(event.selector.encode()).hex()] = decode
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
    address = str(contract.address)
    decoders = _event_decoders(contract)
    wanted = set(names)

    def get_logs(a: int, b: int) -> list:
        answer = node.make_request(
            "eth_getLogs", [{"address": address, "fromBlock": hex(a), "toBlock": hex(b)}]
        )
        if "error" in answer:
            raise ValueError(f"eth_getLogs: {answer['error']}")
        return answer["result"]

    logs = []
    pages = paged_logs(
        get_logs, start_block, stop, max_blocks=PAGE_BLOCKS, max_logs=PAGE_LOGS, advance=advance
    )
    for page in pages:
        for raw in page:
            decode = decoders.get(raw["topics"][0]) if raw["topics"] else None
            if decode is not None:
                log = decode(raw)
                if not wanted or log.event_name in wanted:
                    logs.append(log)
    return sorted(logs, key=lambda log: (log.block_number, log.log_index))
