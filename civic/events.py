"""Reading a contract's history and state fast: the raw material of every recount.

Three readers, once for every service: ``fetch_logs`` (one ``eth_getLogs``, decoded with
the contract's ABI by Ape), ``fetch_web3_logs`` (the same through web3's decoder: plain
dicts, ~3x faster on long histories) and ``web3_contract`` (a cached web3 view for getter
loops: Ape adds a code check and pydantic models per call, ~4x slower).
"""

from __future__ import annotations

from collections.abc import Iterable

_CONTRACTS: dict = {}


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
    raw = web3.eth.get_logs(
        {"address": str(contract.address), "fromBlock": start_block, "toBlock": stop}
    )
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
    raw = w3.eth.get_logs({"address": view.address, "fromBlock": start_block, "toBlock": "latest"})
    decoded = [
        events[bytes(log["topics"][0])].process_log(log)
        for log in raw
        if log["topics"] and bytes(log["topics"][0]) in events
    ]
    return sorted(decoded, key=lambda log: (log["blockNumber"], log["logIndex"]))
