"""Idempotent transactions for the deploy tooling: sign first, remember, then send.

A transaction is signed before it is sent, so its hash is known before the node sees it.
`Sender.send` hands the hash to a callback (the deploy journal writes it to disk) and only
then sends. When the node's answer is lost (a dropped connection, a 502, a timeout) the
same signed bytes are never blindly replaced by a new transaction: the sender first asks
whether that hash was mined or is pending, and resends the identical bytes only if the
node has never seen them. A rerun after a crash therefore finds what an earlier run sent
by its hash instead of sending a second copy.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

#: How often a transient RPC failure is retried, and the first pause (doubling).
ATTEMPTS = 6
FIRST_PAUSE = 0.5


class SendError(RuntimeError):
    """A transaction could not be sent or did not succeed."""


def is_transient(err: BaseException) -> bool:
    """A failure of the connection, not of the transaction: worth asking again."""
    import requests
    from ape.exceptions import ContractLogicError, VirtualMachineError

    if isinstance(err, ContractLogicError | VirtualMachineError):
        return False
    if isinstance(err, requests.exceptions.RequestException | ConnectionError | TimeoutError):
        return True
    text = str(err).lower()
    return any(
        word in text
        for word in (
            "connection",
            "timed out",
            "timeout",
            "502",
            "503",
            "504",
            "bad gateway",
            "remote end closed",
            "not connected",
        )
    )


def retrying(action: Callable, what: str, attempts: int = ATTEMPTS):
    """`action()`, retried with growing pauses while it fails transiently."""
    pause = FIRST_PAUSE
    for attempt in range(1, attempts + 1):
        try:
            return action()
        except Exception as err:
            if not is_transient(err) or attempt == attempts:
                raise
            time.sleep(pause)
            pause *= 2
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass
class Sent:
    """What a callback learns before a transaction goes out."""

    tx_hash: str
    nonce: int
    sender: str


def receipt_of(tx_hash: str):
    """The receipt of `tx_hash` if it is mined, else None (no waiting)."""
    from ape import chain
    from web3.exceptions import TransactionNotFound

    try:
        raw = chain.provider.web3.eth.get_transaction_receipt(tx_hash)
    except TransactionNotFound:
        return None
    return raw if raw is not None else None


def known_to_node(tx_hash: str) -> bool:
    from ape import chain
    from web3.exceptions import TransactionNotFound

    try:
        return chain.provider.web3.eth.get_transaction(tx_hash) is not None
    except TransactionNotFound:
        return False


def send_signed(send: Callable, signed, wait_seconds: float = 120.0):
    """Send an already signed transaction through `send` (a provider's own
    ``send_transaction``) without ever sending a second one for it: when the answer is
    lost, or a retry beneath resent it ("nonce too low", "already known"), the node is
    asked for this very hash first, and its receipt decides. Decoded reverts raise at once."""
    from ape.exceptions import ContractLogicError

    tx_hash = _hex(signed.txn_hash)
    pause = FIRST_PAUSE
    last: Exception | None = None
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return send(signed)
        except ContractLogicError:
            raise  # a decoded revert: the transaction's own answer
        except Exception as err:
            last = err
        if _node_has(tx_hash):
            return wait_receipt(tx_hash, wait_seconds)
        if not is_transient(last):
            raise last
        if attempt < ATTEMPTS:
            time.sleep(pause)
            pause *= 2
    raise SendError(f"{tx_hash} could not be sent after {ATTEMPTS} attempts: {last}")


def _node_has(tx_hash: str) -> bool:
    try:
        return receipt_of(tx_hash) is not None or known_to_node(tx_hash)
    except Exception as err:
        if is_transient(err):
            return False
        raise


def wait_receipt(tx_hash: str, wait_seconds: float = 120.0):
    """Ape's receipt of a transaction already sent (raises on a revert)."""
    from ape import chain

    receipt = retrying(lambda: chain.provider.get_receipt(tx_hash, timeout=wait_seconds), "receipt")
    if receipt.failed:
        raise SendError(f"{tx_hash} reverted")
    return receipt


def plain_send(provider) -> Callable:
    """The provider's send without Ape's own resend: Ape's node provider answers "nonce
    too low" for a test account by signing the transaction again with a new nonce, which
    sends a second copy when the first was mined but its answer lost."""
    from ape_ethereum.provider import Web3Provider

    if isinstance(provider, Web3Provider):
        return lambda signed, *args, **kwargs: Web3Provider.send_transaction(
            provider, signed, *args, **kwargs
        )
    return provider.send_transaction


def harden(provider) -> None:
    """Make every transaction this provider sends idempotent under a flaky connection
    (`send_signed`), for scripts that send through Ape's contract calls (the demo).
    Reads are already retried by web3's HTTP provider for its read-only methods."""
    if getattr(provider, "_civic_hardened", False):
        return
    original, plain = provider.send_transaction, plain_send(provider)

    def send_transaction(txn, *args, **kwargs):
        if getattr(txn, "signature", None) is None:
            return original(txn, *args, **kwargs)  # unsigned: the node signs; nothing to track
        return send_signed(lambda signed: plain(signed, *args, **kwargs), txn)

    object.__setattr__(provider, "send_transaction", send_transaction)
    object.__setattr__(provider, "_civic_hardened", True)


class Sender:
    """Signs and sends the deploy tooling's transactions for one account."""

    def __init__(self, account, wait_seconds: float = 120.0):
        self.account = account
        self.wait_seconds = wait_seconds

    def send(self, txn, before_send: Callable[[Sent], None] | None = None):
        """Prepare, sign, announce (`before_send`), send; returns Ape's receipt.

        Reverts raise Ape's own error (decoded custom error) at once; connection failures
        are retried without ever creating a second transaction for the same step."""
        from ape import chain

        prepared = retrying(lambda: self.account.prepare_transaction(txn), "prepare")
        signed = self.account.sign_transaction(prepared)
        if signed is None:
            raise SendError("the transaction was not signed")
        if before_send is not None:
            before_send(
                Sent(
                    tx_hash=_hex(signed.txn_hash),
                    nonce=int(signed.nonce),
                    sender=self.account.address,
                )
            )
        return send_signed(plain_send(chain.provider), signed, self.wait_seconds)


def raw_receipt(tx_hash: str, timeout: float = 120.0):
    """The node's receipt of `tx_hash`: at once if mined, after waiting if the node has it
    pending, None if the node has never seen it."""
    from ape import chain

    found = retrying(lambda: receipt_of(tx_hash), "receipt")
    if found is not None:
        return found
    if not retrying(lambda: known_to_node(tx_hash), "transaction"):
        return None
    return retrying(
        lambda: chain.provider.web3.eth.wait_for_transaction_receipt(tx_hash, timeout=timeout),
        "receipt",
    )


def _hex(value) -> str:
    text = value.hex() if isinstance(value, bytes | bytearray) else str(value)
    return text if text.startswith("0x") else "0x" + text
