"""Small chain helpers shared by scripts: dry-run a call and name its custom error
without sending a transaction (and without Ape's trace printing)."""

from __future__ import annotations

from eth_utils import keccak


def _error_selectors(contract) -> dict[bytes, str]:
    return {keccak(text=err.selector)[:4]: err.name for err in contract.contract_type.errors}


def dry_run_error(contract, method: str, *args, sender) -> str | None:
    """The name of the custom error `contract.method(*args)` would revert with when
    sent by `sender`, or None if it would succeed."""
    from ape import chain
    from web3.exceptions import ContractCustomError, ContractLogicError

    data = getattr(contract, method).encode_input(*args)
    tx = {"from": str(sender.address), "to": str(contract.address), "data": data}
    try:
        chain.provider.web3.eth.call(tx)
    except (ContractCustomError, ContractLogicError) as err:
        raw = err.data if isinstance(err.data, str) else ""
        selector = bytes.fromhex(raw[2:10]) if raw.startswith("0x") and len(raw) >= 10 else b""
        return _error_selectors(contract).get(selector, "unknown revert")
    return None
