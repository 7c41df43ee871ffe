"""Read a contract's whole event history in one ``eth_getLogs`` call and decode
it with the contract's ABI: the raw material of every recount."""

from __future__ import annotations

from collections.abc import Iterable


def fetch_logs(contract, start_block: int = 0, stop_block: int | None = None) -> list:
    """All events of ``contract`` from ``start_block``, decoded, in chain order."""
    from ape import chain

    web3 = chain.provider.web3
    stop = chain.blocks.height if stop_block is None else stop_block
    if start_block > stop:
        return []
    raw = web3.eth.get_logs(
        {"address": contract.address, "fromBlock": start_block, "toBlock": stop}
    )
    if not raw:
        return []
    events = list(contract.contract_type.events)
    logs = list(chain.provider.network.ecosystem.decode_logs([dict(r) for r in raw], *events))
    return sorted(logs, key=lambda log: (log.block_number, log.log_index))


def by_name(logs: Iterable, *names: str) -> list:
    wanted = set(names)
    return [log for log in logs if log.event_name in wanted]
