"""A lean transaction path to a local automining node (Anvil) for Ape's contract objects.

Ape sends a contract transaction in about a dozen JSON-RPC requests (nonce, gas price,
chain id, an estimate, the send, a polled receipt wait, the transaction again, a trace
when it reverts). ``FastPath`` sends the same call in two: ``eth_sendTransaction`` from
the node's own account (the node assigns the nonce, so snapshots, reverts and Ape's own
sends beside it never leave a local nonce stale) with the gas given, then
``eth_getTransactionReceipt``, which an automining node answers at once. A reverted
transaction costs a third request: ``eth_call`` of the same call on the parent block
gives its revert data, which ``civic.chain.revert_data`` reads from the node's answer.

Inside ``FastPath.installed()`` every Ape contract transaction and call whose keywords
it understands (``sender``, ``value``, ``gas``) takes this path, and web3's requests
(the recount readers, Ape's own reads) go over the same kept-alive socket; anything
else, and everything outside the block, is Ape's and web3's own. The arguments are converted and ABI-encoded by
Ape, results decoded by Ape, and a revert raises the exception Ape would: the contract's
``CustomError`` class with its decoded inputs, or ``ContractLogicError`` with the reason,
so ``ape.reverts(contract.Error, arg=...)`` asserts them as before. The receipt is a
``FastReceipt``: ``status``, ``gas_used``, ``logs`` and ``decode_logs(event)`` at once,
and every other attribute from Ape's full receipt, fetched on first use.

Only for nodes that mine each transaction as it arrives and sign for their accounts
(Anvil, Hardhat's node): senders the node does not hold are impersonated
(``anvil_impersonateAccount``), so this path never runs against a real network.
"""

from __future__ import annotations

import contextlib
import http.client
import itertools
import json
import socket
import time
from urllib.parse import urlsplit

from eth_abi import decode as abi_decode
from eth_utils import to_checksum_address
from hexbytes import HexBytes

from civic.chain import ChainError, revert_data

#: Gas given to every transaction instead of an estimate: under the per-transaction cap
#: of EIP-7825 (2**24) and Anvil's 30M block; the node charges only what is used.
GAS = 16_000_000
_ERROR_STRING = bytes.fromhex("08c379a0")
_PANIC = bytes.fromhex("4e487b71")


class FastPathError(ChainError):
    """The node answered a request of the fast path with an error that is not a revert."""


class FastReceipt:
    """A mined transaction's receipt as the node gave it; Ape's receipt on demand."""

    def __init__(self, fast: FastPath, raw: dict, sender: str):
        self._fast = fast
        self._raw = raw
        self._full = None
        self.sender = sender
        self.txn_hash = raw["transactionHash"]
        self.status = int(raw["status"], 16)
        self.gas_used = int(raw["gasUsed"], 16)
        self.block_number = int(raw["blockNumber"], 16)
        self.contract_address = raw.get("contractAddress")
        self.logs = [_log(entry) for entry in raw["logs"]]

    @property
    def failed(self) -> bool:
        return self.status != 1

    def decode_logs(self, abi=None):
        """Ape's ``ReceiptAPI.decode_logs``: the same decoder over the same logs."""
        from ape.types.events import ContractLogContainer
        from ethpm_types.abi import EventABI

        if abi is None:
            return self._ape.decode_logs()
        if not self.logs:
            return ContractLogContainer([])
        abis = abi if isinstance(abi, list | tuple) else [abi]
        event_abis = [a if isinstance(a, EventABI) else a.abi for a in abis]
        return ContractLogContainer(
            self._fast.ecosystem.decode_logs(self.logs, *event_abis)  # type: ignore[arg-type]
        )

    @property
    def _ape(self):
        if self._full is None:
            self._full = self._fast.provider.get_receipt(self.txn_hash)
        return self._full

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self._ape, name)


def _log(entry: dict) -> dict:
    """A log as Ape's ecosystem decodes it (the shape web3 gives a receipt's logs)."""
    return {
        "address": to_checksum_address(entry["address"]),
        "topics": [HexBytes(t) for t in entry["topics"]],
        "data": HexBytes(entry["data"]),
        "blockNumber": int(entry["blockNumber"], 16),
        "blockHash": HexBytes(entry["blockHash"]),
        "transactionHash": HexBytes(entry["transactionHash"]),
        "transactionIndex": int(entry["transactionIndex"], 16),
        "logIndex": int(entry["logIndex"], 16),
        "removed": entry.get("removed", False),
    }


class FastPath:
    """Plain JSON-RPC to the provider's node, and Ape's contract objects routed over it."""

    def __init__(self, provider=None, gas: int = GAS):
        if provider is None:
            from ape import chain

            provider = chain.provider
        self.provider = provider
        self.ecosystem = provider.network.ecosystem
        self.uri = provider.web3.provider.endpoint_uri
        self.gas = gas
        self._http = _Connection(self.uri)
        self._ids = itertools.count(1)
        self._signers: set[str] | None = None
        self._instances: dict = {}
        self._sync = True
        self.sent = 0

    # -- JSON-RPC ---------------------------------------------------------------------
    def request(self, method: str, params: list) -> dict:
        """The node's whole answer (``result`` or ``error``) to one request."""
        body = {"jsonrpc": "2.0", "id": next(self._ids), "method": method, "params": params}
        return self._http.post(body)

    def rpc(self, method: str, params: list):
        answer = self.request(method, params)
        if "error" in answer:
            raise FastPathError(f"{method}: {answer['error']}")
        return answer["result"]

    def batch(self, calls: list[tuple[str, list]]) -> list[dict]:
        """Several requests in one HTTP round trip; the answers in the order asked."""
        if not calls:
            return []
        body = [
            {"jsonrpc": "2.0", "id": next(self._ids), "method": m, "params": p} for m, p in calls
        ]
        by_id = {a["id"]: a for a in self._http.post(body)}
        return [by_id[item["id"]] for item in body]

    # -- transactions -----------------------------------------------------------------
    def _can_sign(self, sender: str) -> bool:
        if self._signers is None:
            self._signers = {a.lower() for a in self.rpc("eth_accounts", [])}
        if sender.lower() not in self._signers:
            self.rpc("anvil_impersonateAccount", [sender])
            self._signers.add(sender.lower())
        return True

    def transact(self, tx: dict) -> dict:
        """Mine ``tx`` (``from``, ``to``, ``data``, optional ``value``/``gas``, hex) and
        return the node's receipt: status 1, or 0 for a revert."""
        tx = {"gas": hex(self.gas), **tx}
        self._can_sign(tx["from"])
        if self._sync:
            # EIP-7966: the node answers with the receipt (one round trip)
            answer = self.request("eth_sendTransactionSync", [tx])
            if "error" not in answer:
                self.sent += 1
                return answer["result"]
            if answer["error"].get("code") != -32601:  # other than "method not found"
                raise FastPathError(f"eth_sendTransactionSync: {answer['error']}")
            self._sync = False
        tx_hash = self.rpc("eth_sendTransaction", [tx])
        self.sent += 1
        receipt = self.rpc("eth_getTransactionReceipt", [tx_hash])
        return receipt if receipt is not None else self.transact_receipt(tx_hash)

    def transact_many(self, txs: list[dict]) -> list[dict]:
        """Mine ``txs`` with one batched request for the sends and one for the receipts.
        A node may run a batch's requests side by side, so each sender's transactions get
        explicit consecutive nonces: they are mined in the order given for each sender
        (the order between different senders is the node's)."""
        nonces: dict[str, int] = {}
        for sender in dict.fromkeys(tx["from"] for tx in txs):
            self._can_sign(sender)
            nonces[sender] = int(self.rpc("eth_getTransactionCount", [sender, "pending"]), 16)
        sends = []
        for tx in txs:
            nonce = nonces[tx["from"]]
            nonces[tx["from"]] = nonce + 1
            sends.append(
                ("eth_sendTransaction", [{"gas": hex(self.gas), **tx, "nonce": hex(nonce)}])
            )
        hashes = []
        for answer in self.batch(sends):
            if "error" in answer:
                raise FastPathError(f"eth_sendTransaction: {answer['error']}")
            hashes.append(answer["result"])
        self.sent += len(hashes)
        receipts = self._receipts(hashes)
        if None in receipts:
            # a send that reached the node before its predecessor waits in the pool until
            # the next block: mine one
            self.rpc("evm_mine", [])
            receipts = self._receipts(hashes)
        return [
            r if r is not None else self.transact_receipt(h)
            for r, h in zip(receipts, hashes, strict=True)
        ]

    def _receipts(self, hashes: list[str]) -> list[dict | None]:
        answers = self.batch([("eth_getTransactionReceipt", [h]) for h in hashes])
        return [a.get("result") for a in answers]

    def transact_receipt(self, tx_hash: str) -> dict:
        for pause in (0, 0.0005, 0.001, 0.002, 0.005, 0.02, 0.1, 0.5, 1, 2):
            time.sleep(pause)
            receipt = self.rpc("eth_getTransactionReceipt", [tx_hash])
            if receipt is not None:
                return receipt
        raise FastPathError(f"{tx_hash}: no receipt (is the node automining?)")

    def call(self, tx: dict, block="latest") -> tuple[bytes | None, bytes | None]:
        """``(returndata, None)`` of an ``eth_call``, or ``(None, revert data)``."""
        answer = self.request("eth_call", [tx, block])
        if "error" in answer:
            data = revert_data(answer["error"])
            if data is None:
                raise FastPathError(f"eth_call: {answer['error']}")
            return None, data
        return HexBytes(answer["result"]), None

    def revert_of(self, tx: dict, receipt: dict) -> bytes:
        """The revert data of a mined, reverted ``tx``: the same call on its parent block
        (an automining node mines one transaction per block)."""
        parent = hex(int(receipt["blockNumber"], 16) - 1)
        _, data = self.call({k: v for k, v in tx.items() if k != "nonce"}, parent)
        return data if data is not None else b""

    # -- Ape's errors -----------------------------------------------------------------
    def error_for(self, data: bytes, address: str, tx_hash: str | None = None):
        """The exception Ape raises for revert ``data`` of a call to ``address``."""
        from ape.exceptions import ContractLogicError

        data = HexBytes(data)
        if data[:4] == _ERROR_STRING:
            (reason,) = abi_decode(["string"], data[4:])
            return ContractLogicError(
                revert_message=reason, contract_address=address, set_ape_traceback=False
            )
        if data[:4] == _PANIC:
            (code,) = abi_decode(["uint256"], data[4:])
            return ContractLogicError(
                revert_message=f"Panic({code:#x})",
                contract_address=address,
                set_ape_traceback=False,
            )
        own = self._custom_error(data, address)
        if own is not None:
            return own
        if tx_hash:
            # raised deeper in the call: the node's call tracer names the frame that
            # reverted with these bytes (one request, where Ape's trace takes ~0.2 s)
            for inner in self._reverted_frames(tx_hash, data):
                found = self._custom_error(data, inner)
                if found is not None:
                    return found
        # a frame the tracer did not name: Ape finds the contract from its own trace
        kwargs = {"txn": _Hashed(tx_hash)} if tx_hash else {}
        custom = self.ecosystem.decode_custom_error(data, address, **kwargs)
        if custom is not None:
            return custom
        return ContractLogicError(
            revert_message=data.to_0x_hex() if data else "Transaction failed.",
            contract_address=address,
            set_ape_traceback=False,
        )

    def _custom_error(self, data: HexBytes, address: str):
        """The error ``address``'s ABI declares for ``data``, as Ape raises it; None if the
        ABI declares none (or Ape knows no contract there)."""
        try:
            contract = self._instance(address)
        except Exception:  # noqa: BLE001 - no contract type known at that address
            return None
        errors = contract.contract_type.errors
        abi = errors[data[:4]] if data[:4] in errors else None  # noqa: SIM401 (no .get)
        if abi is None:
            return None
        # Ape's own decode_custom_error, without the source traceback it renders
        error_cls = contract.get_error_by_signature(abi.signature)
        inputs = self.ecosystem.decode_calldata(abi, data[4:])
        return error_cls(abi, inputs, contract_address=to_checksum_address(address))

    def _reverted_frames(self, tx_hash: str, data: bytes) -> list[str]:
        """Addresses of the frames of ``tx_hash`` that reverted with exactly ``data``,
        innermost first (empty if the node has no call tracer)."""
        answer = self.request("debug_traceTransaction", [tx_hash, {"tracer": "callTracer"}])
        if "error" in answer or not isinstance(answer.get("result"), dict):
            return []
        want, found = HexBytes(data).to_0x_hex().lower(), []

        def walk(frame: dict, depth: int) -> None:
            for sub in frame.get("calls") or ():
                walk(sub, depth + 1)
            if frame.get("error") and (frame.get("output") or "0x").lower() == want:
                found.append((depth, frame.get("to") or ""))

        walk(answer["result"], 0)
        return [to for _, to in sorted(found, reverse=True) if to]

    def _instance(self, address: str):
        if address not in self._instances:
            from ape import chain

            self._instances[address] = chain.contracts.instance_at(address)
        return self._instances[address]

    # -- Ape's contract objects -------------------------------------------------------
    def send_method(self, handler, args, kwargs) -> FastReceipt:
        from ape.contracts.base import _select_method_abi

        abi = _select_method_abi(handler.abis, args, encode_check=handler._can_encode)
        arguments = handler.conversion_manager.convert_method_args(abi, args)
        data = self.ecosystem.get_method_selector(abi) + self.ecosystem.encode_calldata(
            abi, *arguments
        )
        sender = _address(kwargs["sender"])
        address = str(handler.contract.address)
        tx = {"from": sender, "to": address, "data": HexBytes(data).to_0x_hex()}
        if kwargs.get("value"):
            tx["value"] = hex(handler.conversion_manager.convert(kwargs["value"], int))
        if kwargs.get("gas"):
            tx["gas"] = hex(int(kwargs["gas"]))
        receipt = self.transact(tx)
        if receipt["status"] != "0x1":
            raise self.error_for(self.revert_of(tx, receipt), address, receipt["transactionHash"])
        return FastReceipt(self, receipt, sender)

    def call_method(self, handler, args, kwargs):
        from ape.contracts.base import ContractCall, _select_method_abi

        abi = _select_method_abi(handler.abis, args, encode_check=handler._can_encode)
        arguments = handler.conversion_manager.convert_method_args(abi, args)
        data = self.ecosystem.get_method_selector(abi) + self.ecosystem.encode_calldata(
            abi, *arguments
        )
        address = str(handler.contract.address)
        tx = {"to": address, "data": HexBytes(data).to_0x_hex()}
        if "sender" in kwargs:
            tx["from"] = _address(kwargs["sender"])
        returned, reverted = self.call(tx)
        if reverted is not None:
            raise self.error_for(reverted, address)
        return ContractCall(abi=abi, address=handler.contract.address)._decode_returndata(returned)

    @contextlib.contextmanager
    def installed(self):
        """Route Ape's contract transactions and calls over this path inside the block."""
        from ape.contracts.base import ContractCallHandler, ContractTransactionHandler

        send_original = ContractTransactionHandler.__call__
        call_original = ContractCallHandler.__call__
        fast = self

        def send(handler, *args, **kwargs):
            if "sender" not in kwargs or set(kwargs) - {"sender", "value", "gas"}:
                return send_original(handler, *args, **kwargs)
            return fast.send_method(handler, args, kwargs)

        def call(handler, *args, **kwargs):
            if set(kwargs) - {"sender"}:
                return call_original(handler, *args, **kwargs)
            return fast.call_method(handler, args, kwargs)

        # web3's own requests (the recount readers' views, Ape's reads) over the same
        # socket: web3 composes its middleware around ``make_request`` once and caches it
        web3_provider = self.provider.web3.provider
        ContractTransactionHandler.__call__ = send
        ContractCallHandler.__call__ = call
        web3_provider.make_request = self.request
        web3_provider._request_func_cache = (None, None)
        try:
            yield self
        finally:
            ContractTransactionHandler.__call__ = send_original
            ContractCallHandler.__call__ = call_original
            del web3_provider.make_request
            web3_provider._request_func_cache = (None, None)


class _Connection:
    """One kept-alive HTTP/1.1 connection to the node: each request goes out in one send
    (headers and body together, no Nagle delay); reconnects once if the node closed it."""

    def __init__(self, uri: str):
        parts = urlsplit(uri)
        if parts.scheme != "http":
            raise FastPathError(f"the fast path speaks plain HTTP to a local node, not {uri}")
        self.address = (parts.hostname, parts.port or 80)
        self.head = (
            f"POST {parts.path or '/'} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
            "Content-Type: application/json\r\nContent-Length: "
        ).encode()
        self._sock: socket.socket | None = None

    def post(self, body):
        data = json.dumps(body).encode()
        request = self.head + str(len(data)).encode() + b"\r\n\r\n" + data
        for attempt in (1, 2):
            if self._sock is None:
                self._sock = socket.create_connection(self.address, timeout=300)
                self._sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            try:
                self._sock.sendall(request)
                response = http.client.HTTPResponse(self._sock)
                response.begin()
                payload = response.read()
            except (http.client.HTTPException, OSError):
                self._sock.close()
                self._sock = None
                if attempt == 2:
                    raise
                continue
            if response.will_close:
                self._sock.close()
                self._sock = None
            if response.status != 200:
                raise FastPathError(f"HTTP {response.status}: {payload[:200]!r}")
            return json.loads(payload)
        raise AssertionError("unreachable")  # pragma: no cover


class _Hashed:
    """What Ape's error decoder needs of a transaction: its hash (to trace it when the
    error came from a contract deeper in the call)."""

    def __init__(self, tx_hash: str):
        self.txn_hash = HexBytes(tx_hash)


def _address(who) -> str:
    address = getattr(who, "address", who)
    return str(address)
