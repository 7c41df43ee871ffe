"""A thin JSON-RPC client for one contract on a dev node with unlocked accounts (Anvil).

Ape spends ~0.25 s per transaction and ~0.6 s per revert (it renders a call trace);
the vehicle state machine sends hundreds of each, so it talks to the node directly:
``eth_sendTransaction`` from unlocked test accounts, ``eth_call`` for reads, and exact
revert-data comparison (selector + ABI-encoded arguments) for expected custom errors.
"""

from __future__ import annotations

from eth_abi import decode, encode
from eth_utils import function_signature_to_4byte_selector, to_bytes

from civic.events import web3_contract

_GAS = 3_000_000


def _types(inputs) -> list[str]:
    out = []
    for i in inputs:
        if i["type"].startswith("tuple"):
            out.append("(" + ",".join(_types(i["components"])) + ")" + i["type"][5:])
        else:
            out.append(i["type"])
    return out


class RawClient:
    """Send, call and expect reverts on ``contract`` without Ape's per-call overhead."""

    def __init__(self, contract):
        self.w3, self.reader = web3_contract(contract)
        self.address = self.reader.address
        self.errors: dict[str, tuple[bytes, list[str], list[str]]] = {}
        for item in self.reader.abi:
            if item["type"] == "error":
                types = _types(item["inputs"])
                selector = function_signature_to_4byte_selector(
                    f"{item['name']}({','.join(types)})"
                )
                names = [i["name"] for i in item["inputs"]]
                self.errors[item["name"]] = (selector, types, names)
        self._by_selector = {sel: name for name, (sel, _, _) in self.errors.items()}
        self._outputs = {
            item["name"]: _types(item["outputs"])
            for item in self.reader.abi
            if item["type"] == "function"
        }

    def _tx(self, sender, fn: str, args) -> dict:
        data = self.reader.encode_abi(fn, args=list(args))
        return {"from": str(sender), "to": self.address, "data": data, "gas": hex(_GAS)}

    def call(self, fn: str, *args):
        """``fn(*args)`` by one raw ``eth_call``; a single return value is unwrapped."""
        response = self.w3.provider.make_request(
            "eth_call", [self.encode_call(fn, *args), "latest"]
        )
        if "error" in response:
            raise AssertionError(f"{fn}{args} reverted: {response['error']}")
        return self.decode_result(fn, response["result"])

    def encode_call(self, fn: str, *args) -> dict:
        return {"to": self.address, "data": self.reader.encode_abi(fn, args=list(args))}

    def decode_result(self, fn: str, result: str):
        values = decode(self._outputs[fn], to_bytes(hexstr=result))
        return values[0] if len(values) == 1 else values

    def send(self, sender, fn: str, *args) -> dict:
        """Mine ``fn(*args)`` from ``sender``; raise AssertionError (with the decoded custom
        error) if it reverts."""
        tx_hash = self.w3.eth.send_transaction(self._tx(sender, fn, args))
        receipt = self.w3.eth.wait_for_transaction_receipt(tx_hash, timeout=30, poll_latency=0.002)
        if receipt["status"] != 1:
            raise AssertionError(
                f"{fn}{args} reverted: {self.describe(self.revert_data(sender, fn, *args))}"
            )
        return receipt

    def revert_data(self, sender, fn: str, *args) -> bytes | None:
        """Revert data of ``fn(*args)`` simulated at the latest block, None if it succeeds."""
        tx = self._tx(sender, fn, args)
        del tx["gas"]
        response = self.w3.provider.make_request("eth_call", [tx, "latest"])
        if "error" not in response:
            return None
        data = response["error"].get("data") or "0x"
        return to_bytes(hexstr=data if isinstance(data, str) else data.get("data", "0x"))

    def describe(self, data: bytes | None) -> str:
        if data is None:
            return "no revert"
        name = self._by_selector.get(data[:4])
        if name is None:
            return f"unknown revert 0x{data.hex()}"
        _, types, names = self.errors[name]
        values = decode(types, data[4:])
        return f"{name}({', '.join(f'{n}={v!r}' for n, v in zip(names, values, strict=True))})"

    def expected(self, error: str, **args) -> bytes:
        selector, types, names = self.errors[error]
        return selector + encode(types, [args[n] for n in names])

    def expect_revert(self, sender, fn: str, fn_args: tuple, error: str, **args) -> None:
        """Assert ``fn(*fn_args)`` from ``sender`` reverts with exactly ``error(**args)``."""
        got = self.revert_data(sender, fn, *fn_args)
        want = self.expected(error, **args)
        if got != want:
            raise AssertionError(
                f"{fn}{fn_args}: expected {self.describe(want)}, got {self.describe(got)}"
            )

    def latest_timestamp(self) -> int:
        return self.w3.eth.get_block("latest")["timestamp"]

    def warp(self, seconds: int) -> None:
        """Move time forward and mine a block, so ``eth_call`` and the next tx agree."""
        self.w3.provider.make_request("evm_increaseTime", [seconds])
        self.w3.provider.make_request("evm_mine", [])


def batch_call(calls: list[tuple[RawClient, str, tuple]]) -> list:
    """Several ``RawClient.call``s in one JSON-RPC batch (one HTTP round trip)."""
    if not calls:
        return []
    w3 = calls[0][0].w3
    responses = w3.provider.make_batch_request(
        [("eth_call", [client.encode_call(fn, *args), "latest"]) for client, fn, args in calls]
    )
    out = []
    for (client, fn, args), response in zip(calls, responses, strict=True):
        if "error" in response:
            raise AssertionError(f"{fn}{args} reverted: {response['error']}")
        out.append(client.decode_result(fn, response["result"]))
    return out
