"""Talking to any EVM node the same way: revert data decoded by one decoder, calls
simulated without sending, and a thin JSON-RPC client for hot loops.

Every provider reports a revert in its own shape: an HTTP node (Anvil, Hardhat, geth)
answers a JSON-RPC error object whose ``data`` is the hex revert data (or an object
holding it), web3 raises ``ContractCustomError``/``ContractLogicError`` with ``.data``,
Ape raises ``ContractLogicError``/``CustomError`` with the hex in ``revert_message`` or
in the error it wraps, and the embedded provider (eth-tester) raises ``TransactionFailed``
with the bytes, or their ``repr`` after web3 re-raises it. ``revert_data`` turns each
into the same bytes; ``ErrorDecoder`` names them from a contract's ABI.

``RawClient`` skips Ape's per-call overhead (~0.25 s per transaction, ~0.6 s per revert
while it renders a trace): ``eth_sendTransaction`` from the node's unlocked accounts,
``eth_call`` for reads, exact revert-data comparison for expected custom errors.
"""

from __future__ import annotations

import ast
import re

from eth_abi import decode, encode
from eth_utils import function_signature_to_4byte_selector, to_bytes

from civic.events import abi_types, web3_contract

_GAS = 3_000_000
_HEX = re.compile(r"0x[0-9a-fA-F]*")
_BYTES_REPR = re.compile(r"""b(['"]).*\1""", re.S)


class ChainError(Exception):
    """A call or transaction did not do what the caller required."""


class CallReverted(ChainError):
    """A call that had to succeed reverted; ``data`` is its revert data."""

    def __init__(self, message: str, data: bytes | None = None):
        super().__init__(message)
        self.data = data


class UnexpectedRevert(ChainError):
    """A call reverted with other revert data than the one required (or not at all)."""


def _hex_bytes(value) -> bytes | None:
    if isinstance(value, bytes | bytearray):
        return bytes(value)
    if isinstance(value, str) and _HEX.fullmatch(value.strip()):
        return to_bytes(hexstr=value.strip())
    return None


def _from_rpc_error(error: dict) -> bytes | None:
    """Revert data inside a JSON-RPC error object: ``data`` as hex, or an object with it
    under ``data``/``result``/``return``, or (older ganache) keyed by transaction hash."""
    data = error.get("data")
    found = _hex_bytes(data)
    if found is not None:
        return found
    if isinstance(data, dict):
        for key in ("data", "result", "return"):
            found = _hex_bytes(data.get(key))
            if found is not None:
                return found
        for value in data.values():
            if isinstance(value, dict):
                found = _from_rpc_error({"data": value})
                if found is not None:
                    return found
    return None


def revert_data(error) -> bytes | None:
    """The revert data carried by ``error``: an exception of web3, Ape or eth-tester, or a
    JSON-RPC error object. None when it carries none (not a revert, or a node that drops
    the data); ``b""`` for a revert without data."""
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, dict):
            return _from_rpc_error(error)
        # web3's ContractCustomError/ContractLogicError and OffchainLookup carry `.data`.
        data = getattr(error, "data", None)
        found = _hex_bytes(data) if not isinstance(data, dict) else _from_rpc_error(error.data)
        if found is not None:
            return found
        # Ape's ContractLogicError before enrichment: the hex in `revert_message`.
        found = _hex_bytes(getattr(error, "revert_message", None))
        if found is not None:
            return found
        # web3's Web3RPCError: the node's whole response.
        response = getattr(error, "rpc_response", None)
        if isinstance(response, dict) and isinstance(response.get("error"), dict):
            found = _from_rpc_error(response["error"])
            if found is not None:
                return found
        # eth-tester's TransactionFailed: the bytes, a wrapped exception, or (re-raised by
        # web3's tester provider) "execution reverted: b'...'".
        args = getattr(error, "args", ())
        first = args[0] if args else None
        if isinstance(first, bytes | bytearray):
            return bytes(first)
        if isinstance(first, dict):
            found = _from_rpc_error(first)
            if found is not None:
                return found
        if isinstance(first, str) and (match := _BYTES_REPR.search(first)):
            try:
                return bytes(ast.literal_eval(match.group(0)))
            except (ValueError, SyntaxError):
                pass
        error = (
            getattr(error, "base_err", None)
            or (first if isinstance(first, BaseException) else None)
            or error.__cause__
        )
    return None


def simulate(w3, tx: dict, block="latest") -> bytes | None:
    """Revert data of ``tx`` run by ``eth_call`` at ``block``, None if it succeeds.
    Raises ``CallReverted`` for a failure that carries no revert data (say, an invalid
    opcode on a node that reports only a message)."""
    try:
        response = w3.provider.make_request("eth_call", [tx, block])
    except Exception as err:  # the embedded provider raises instead of answering
        data = revert_data(err)
        if data is None:
            raise CallReverted(f"eth_call failed: {err}") from err
        return data
    if "error" not in response:
        return None
    data = revert_data(response["error"])
    if data is None:
        raise CallReverted(f"eth_call failed: {response['error']}")
    return data


class ErrorDecoder:
    """Custom errors of one ABI (a list of JSON ABI items): name, decode and encode them."""

    def __init__(self, abi: list[dict]):
        self.errors: dict[str, tuple[bytes, list[str], list[str]]] = {}
        for item in abi:
            if item["type"] == "error":
                types = abi_types(item["inputs"])
                selector = function_signature_to_4byte_selector(
                    f"{item['name']}({','.join(types)})"
                )
                self.errors[item["name"]] = (selector, types, [i["name"] for i in item["inputs"]])
        self._by_selector = {sel: name for name, (sel, _, _) in self.errors.items()}

    @classmethod
    def of(cls, contract) -> ErrorDecoder:
        """The decoder of an Ape contract instance or contract type."""
        ct = getattr(contract, "contract_type", contract)
        return cls([item.model_dump(mode="json", by_alias=True) for item in ct.abi])

    def name(self, data: bytes | None) -> str | None:
        """The custom error's name, ``"unknown revert"`` for other data, None for none."""
        if data is None:
            return None
        return self._by_selector.get(data[:4], "unknown revert")

    def decode(self, data: bytes) -> tuple[str, dict] | None:
        """``(name, {argument: value})`` of a custom error of this ABI, else None."""
        name = self._by_selector.get(data[:4])
        if name is None:
            return None
        _, types, names = self.errors[name]
        return name, dict(zip(names, decode(types, data[4:]), strict=True))

    def describe(self, data: bytes | None) -> str:
        """``Name(arg=value, ...)`` for a custom error; says so for none or other data."""
        if data is None:
            return "no revert"
        decoded = self.decode(data)
        if decoded is None:
            return f"unknown revert 0x{data.hex()}"
        name, args = decoded
        return f"{name}({', '.join(f'{n}={v!r}' for n, v in args.items())})"

    def expected(self, error: str, **args) -> bytes:
        """The exact revert data of ``error(**args)``."""
        selector, types, names = self.errors[error]
        return selector + encode(types, [args[n] for n in names])


def dry_run_error(contract, method: str, *args, sender) -> str | None:
    """The name of the custom error `contract.method(*args)` would revert with when
    sent by `sender`, or None if it would succeed (nothing is sent)."""
    from ape import chain

    data = getattr(contract, method).encode_input(*args)
    tx = {"from": str(sender.address), "to": str(contract.address), "data": data.hex()}
    if not tx["data"].startswith("0x"):
        tx["data"] = "0x" + tx["data"]
    return ErrorDecoder.of(contract).name(simulate(chain.provider.web3, tx))


class RawClient:
    """Send, call and expect reverts on ``contract`` without Ape's per-call overhead."""

    def __init__(self, contract):
        self.w3, self.reader = web3_contract(contract)
        self.address = self.reader.address
        self.decoder = ErrorDecoder(self.reader.abi)
        self.errors = self.decoder.errors

    def _tx(self, sender, fn: str, args) -> dict:
        data = self.reader.encode_abi(fn, args=list(args))
        return {"from": str(sender), "to": self.address, "data": data, "gas": hex(_GAS)}

    def call(self, fn: str, *args):
        """``fn(*args)`` by one raw ``eth_call``; a single return value is unwrapped."""
        try:
            response = self.w3.provider.make_request(
                "eth_call", [self.encode_call(fn, *args), "latest"]
            )
        except Exception as err:  # the embedded provider raises instead of answering
            data = revert_data(err)
            if data is None:
                raise
            raise CallReverted(f"{fn}{args} reverted: {self.describe(data)}", data) from err
        if "error" in response:
            data = revert_data(response["error"])
            raise CallReverted(f"{fn}{args} reverted: {self.describe(data)}", data)
        return self.decode_result(fn, response["result"])

    def encode_call(self, fn: str, *args) -> dict:
        return {"to": self.address, "data": self.reader.encode_abi(fn, args=list(args))}

    def decode_result(self, fn: str, result: str):
        return self.reader.decode_output(fn, to_bytes(hexstr=result))

    def send(self, sender, fn: str, *args) -> dict:
        """Mine ``fn(*args)`` from ``sender``; raise ``CallReverted`` (with the decoded
        custom error) if it reverts."""
        tx_hash = self.w3.eth.send_transaction(self._tx(sender, fn, args))
        receipt = self.w3.eth.wait_for_transaction_receipt(tx_hash, timeout=30, poll_latency=0.002)
        if receipt["status"] != 1:
            data = self.revert_data(sender, fn, *args)
            raise CallReverted(f"{fn}{args} reverted: {self.describe(data)}", data)
        return receipt

    def revert_data(self, sender, fn: str, *args) -> bytes | None:
        """Revert data of ``fn(*args)`` simulated at the latest block, None if it succeeds."""
        tx = self._tx(sender, fn, args)
        del tx["gas"]
        return simulate(self.w3, tx)

    def describe(self, data: bytes | None) -> str:
        return self.decoder.describe(data)

    def expected(self, error: str, **args) -> bytes:
        return self.decoder.expected(error, **args)

    def expect_revert(self, sender, fn: str, fn_args: tuple, error: str, **args) -> None:
        """Require ``fn(*fn_args)`` from ``sender`` to revert with exactly ``error(**args)``;
        raise ``UnexpectedRevert`` otherwise."""
        got = self.revert_data(sender, fn, *fn_args)
        want = self.expected(error, **args)
        if got != want:
            raise UnexpectedRevert(
                f"{fn}{fn_args}: expected {self.describe(want)}, got {self.describe(got)}"
            )

    def latest_timestamp(self) -> int:
        return self.w3.eth.get_block("latest")["timestamp"]

    def warp(self, seconds: int) -> None:
        """Move time forward and mine a block, so ``eth_call`` and the next tx agree."""
        self.w3.provider.make_request("evm_increaseTime", [seconds])
        self.w3.provider.make_request("evm_mine", [])


def batch_call(calls: list[tuple[RawClient, str, tuple]]) -> list:
    """Several ``RawClient.call``s in one JSON-RPC batch (one HTTP round trip), one by one
    on a provider without batches."""
    if not calls:
        return []
    w3 = calls[0][0].w3
    try:
        responses = w3.provider.make_batch_request(
            [("eth_call", [client.encode_call(fn, *args), "latest"]) for client, fn, args in calls]
        )
    except NotImplementedError:
        return [client.call(fn, *args) for client, fn, args in calls]
    out = []
    for (client, fn, args), response in zip(calls, responses, strict=True):
        if "error" in response:
            data = revert_data(response["error"])
            raise CallReverted(f"{fn}{args} reverted: {client.describe(data)}", data)
        out.append(client.decode_result(fn, response["result"]))
    return out
