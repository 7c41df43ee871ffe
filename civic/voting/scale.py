"""Relaying a large poll: signed ballots hashed and signed in a tight loop, batched by gas
and sent over plain JSON-RPC (``civic.fastpath``).

- ``BallotHasher``: ``ballot_digest`` with the domain separator and the struct's fixed
  words computed once (two keccaks a ballot).
- ``encode_signed_ballot`` / ``relay_batch_calldata``: the ``relayBatch`` calldata, encoded
  by hand (the bytes eth_abi gives for ``IMVoting.relayBatch``; tests compare the two).
  They are the one place the item encoding lives: ``relay_batches`` and ``probe_cost``
  take the calldata encoder as an argument.
- ``gas_cap`` / ``gas_budget`` / ``batch_size`` / ``probe_cost`` / ``fit_batch``: a batch
  holds as many ballots as fit in ``GAS_MARGIN`` below the node's gas limit for one
  transaction (the block gas limit, capped by EIP-7825's ``TX_GAS_CAP``): a per-ballot and
  fixed cost from ``eth_estimateGas`` of two probe batches give a size, and the estimate of
  a batch of that size confirms (or shrinks) it. Each batch is sent with the whole cap as
  its gas limit: the margin is the headroom for batches that cost more than the probed one.
- ``seat_runs``: consecutive seats in batches of that size, each with one multiproof
  (a seat run shares its upper proof siblings: the cheapest batch).
- ``relay_batches``: the batches sent one transaction each, under a progress callback.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from civic.eip712 import Domain, domain_separator
from civic.merkle import MerkleTree, keccak, pack_flags

BALLOT_TYPEHASH = keccak(
    b"Ballot(address voter,uint256 ballotId,uint256 index,uint256 weight,bytes32 choice,"
    b"uint256 nonce,uint256 deadline)"
)
RELAY_BATCH_SELECTOR = keccak(
    b"relayBatch(uint256,(address,uint256,uint256,bytes32,uint256,uint256,bytes32[],bytes)[],"
    b"bytes32[],uint256[])"
)[:4]
#: EIP-7825's cap on one transaction's gas (Osaka and later).
TX_GAS_CAP = 2**24
#: Headroom kept below the gas limit: a batch's cost varies with its seats (a new bitmap
#: word every 32 seats, the multiproof's size at the run's edges) around the probe's rate.
GAS_MARGIN = 0.10
#: Ballots in the smaller probe batch (the larger has twice as many).
PROBE = 64


class BatchSizeError(ValueError):
    """Not even one ballot fits in the gas budget."""


def _word(value: int) -> bytes:
    return value.to_bytes(32, "big")


class BallotHasher:
    """EIP-712 digests of one ballot's signed ballots (``ballot_digest`` for seat after
    seat): the domain separator and the ballot, nonce and deadline words are fixed."""

    def __init__(self, dom: Domain, ballot_id: int, nonce: int = 0, deadline: int = 2**40):
        self.prefix = b"\x19\x01" + domain_separator(dom)
        self.ballot = _word(int(ballot_id))
        self.tail = _word(nonce) + _word(deadline)
        self.nonce, self.deadline = nonce, deadline

    def digest(self, voter: str, index: int, weight: int, choice: bytes) -> bytes:
        struct = (
            BALLOT_TYPEHASH
            + bytes(12)
            + bytes.fromhex(voter[2:])
            + self.ballot
            + index.to_bytes(32, "big")
            + weight.to_bytes(32, "big")
            + choice
            + self.tail
        )
        return keccak(self.prefix + keccak(struct))


def encode_signed_ballot(item: Sequence) -> bytes:
    """ABI encoding of one ``SignedBallot`` tuple ``(voter, index, weight, choice, nonce,
    deadline, proof, signature)`` as an element of ``relayBatch``'s array (its tail:
    eight head words, then the proof and the signature)."""
    voter, index, weight, choice, nonce, deadline, proof, signature = item
    proof_at = 8 * 32
    signature_at = proof_at + 32 + 32 * len(proof)
    return b"".join(
        [
            bytes(12) + bytes.fromhex(str(voter)[2:]),
            _word(int(index)),
            _word(int(weight)),
            bytes(choice),
            _word(int(nonce)),
            _word(int(deadline)),
            _word(proof_at),
            _word(signature_at),
            _word(len(proof)),
            *(bytes(p) for p in proof),
            _word(len(signature)),
            bytes(signature) + bytes(-len(signature) % 32),
        ]
    )


def relay_batch_calldata(
    ballot_id: int, items: Sequence[bytes], proof: Sequence[bytes], flags: Sequence[int]
) -> bytes:
    """``relayBatch(ballotId, ballots, proof, proofFlags)`` calldata from items already
    encoded by ``encode_signed_ballot``."""
    offsets, at = [], 32 * len(items)
    for item in items:
        offsets.append(_word(at))
        at += len(item)
    ballots = b"".join([_word(len(items)), *offsets, *items])
    proof_at = 4 * 32 + len(ballots)
    flags_at = proof_at + 32 + 32 * len(proof)
    return b"".join(
        [
            RELAY_BATCH_SELECTOR,
            _word(int(ballot_id)),
            _word(4 * 32),
            _word(proof_at),
            _word(flags_at),
            ballots,
            _word(len(proof)),
            *(bytes(p) for p in proof),
            _word(len(flags)),
            *(_word(int(f)) for f in flags),
        ]
    )


Encoder = Callable[[int, Sequence[bytes], Sequence[bytes], Sequence[int]], bytes]


@dataclass(frozen=True)
class Batch:
    """One ``relayBatch`` transaction: encoded items (seat order) with their multiproof."""

    seats: tuple[int, ...]
    items: tuple[bytes, ...]
    proof: tuple[bytes, ...]
    flags: tuple[int, ...]


def gas_cap(block_gas_limit: int, cap: int | None = None) -> int:
    """The node's limit for one transaction: its block gas limit, at most ``cap``
    (``TX_GAS_CAP`` unless given)."""
    return min(block_gas_limit, TX_GAS_CAP if cap is None else cap)


def gas_budget(block_gas_limit: int, margin: float = GAS_MARGIN, cap: int | None = None) -> int:
    """Gas a batch is sized to: ``margin`` below ``gas_cap``."""
    if not 0 <= margin < 1:
        raise ValueError(f"margin {margin} outside [0, 1)")
    return int(gas_cap(block_gas_limit, cap) * (1 - margin))


def batch_size(budget: int, fixed: int, per_item: int, most: int | None = None) -> int:
    """The most ballots whose gas ``fixed + n * per_item`` stays within ``budget`` (at most
    ``most``); ``BatchSizeError`` when not one fits."""
    if per_item <= 0:
        raise ValueError(f"per-ballot gas {per_item} must be positive")
    n = (budget - fixed) // per_item
    if n < 1:
        raise BatchSizeError(
            f"one ballot needs {fixed + per_item:,} gas, over the budget of {budget:,}"
        )
    return n if most is None else max(1, min(n, most))


def probe_cost(estimate: Callable[[int], int], probe: int = PROBE) -> tuple[int, int]:
    """``(fixed, per_item)`` gas from ``estimate(n)`` (the gas of a batch of the first
    ``n`` ballots) at ``probe`` and ``2 * probe``: the slope, rounded up, and the rest."""
    small, large = estimate(probe), estimate(2 * probe)
    per_item = max(1, math.ceil((large - small) / probe))
    return max(0, small - probe * per_item), per_item


def fit_batch(
    estimate: Callable[[int], int], budget: int, most: int, probe: int = PROBE
) -> tuple[int, int, int]:
    """``(size, fixed, per_item)``: ``probe_cost``'s line gives a first size, then the
    batch of that size is estimated itself; over ``budget`` (memory grows faster than
    linearly with a batch, so the line alone overshoots a large one) it is shrunk in
    proportion, then bisected to within 1% of the largest size that fits."""
    fixed, per_item = probe_cost(estimate, max(1, min(probe, most // 2)))
    size = batch_size(budget, fixed, per_item, most)
    fits, over = 0, None
    while True:
        gas = estimate(size)
        if gas <= budget:
            fits = size
            if over is None or over - fits <= max(1, fits // 100):
                return fits, fixed, per_item
        else:
            if size == 1:
                raise BatchSizeError(f"one ballot needs {gas:,} gas, over the budget of {budget:,}")
            over = size
        if fits:
            size = (fits + over) // 2
        else:
            size = max(1, min(size - 1, size * (budget - fixed) // max(1, gas - fixed)))


def multiproof_of(tree: MerkleTree, seats: Sequence[int]) -> tuple[tuple, tuple] | None:
    """``(proof, packed flags)`` for ``seats`` (ascending), or None when a multiproof
    cannot cover them (a node moving up unpaired: see ``MerkleTree.multiproof``)."""
    try:
        _, proof, flags = tree.multiproof(seats)
    except ValueError:
        return None
    return tuple(proof), tuple(pack_flags(flags))


def batch_of(tree: MerkleTree, seats: Sequence[int], items: Sequence[bytes]) -> Batch:
    proof = multiproof_of(tree, seats)
    if proof is None:
        raise ValueError(f"seats {seats[0]}..{seats[-1]} have no multiproof")
    return Batch(tuple(seats), tuple(items), *proof)


def seat_runs(tree: MerkleTree, signed: Sequence[tuple[int, bytes]], size: int) -> Iterator[Batch]:
    """``signed`` ``(seat, encoded item with an empty proof)`` pairs, ascending by seat, in
    batches of ``size`` with a multiproof each (built as the batch is taken)."""
    for start in range(0, len(signed), size):
        chunk = signed[start : start + size]
        yield batch_of(tree, [s for s, _ in chunk], [item for _, item in chunk])


#: Batches sent ahead of the receipt awaited: the node executes one while the next is
#: encoded and sent.
PIPELINE = 2
#: Seconds to wait for one batch's receipt (a loaded or tracing node is slow).
RECEIPT_TIMEOUT = 600


def _receipt(fast, tx_hash: str) -> dict:
    import time

    from civic.fastpath import FastPathError

    pause, waited = 0.001, 0.0
    while waited < RECEIPT_TIMEOUT:
        receipt = fast.rpc("eth_getTransactionReceipt", [tx_hash])
        if receipt is not None:
            return receipt
        time.sleep(pause)
        waited += pause
        pause = min(0.02, pause * 2)
    raise FastPathError(f"{tx_hash}: no receipt after {RECEIPT_TIMEOUT} s")


def relay_batches(
    fast,
    sender: str,
    contract: str,
    ballot_id: int,
    batches: Iterator[Batch],
    gas: int,
    encode: Encoder = relay_batch_calldata,
    advance: Callable[[int], None] | None = None,
) -> Iterator[dict]:
    """Send each batch as one ``relayBatch`` transaction with ``gas`` (``gas_cap``) over
    ``fast`` (a ``civic.fastpath.FastPath``), ``PIPELINE`` sends ahead of the receipts (the
    node numbers one sender's transactions in the order they arrive); yields the node's
    receipts in order. A reverted batch raises ``FastPathError``; ``advance(n)`` follows
    each mined batch."""
    from collections import deque

    from civic.fastpath import FastPathError

    fast._can_sign(sender)
    pending: deque = deque()

    def settle() -> dict:
        batch, tx_hash = pending.popleft()
        receipt = _receipt(fast, tx_hash)
        if receipt["status"] != "0x1":
            raise FastPathError(
                f"relayBatch of seats {batch.seats[0]}..{batch.seats[-1]} reverted "
                f"({int(receipt['gasUsed'], 16):,} of {gas:,} gas)"
            )
        if advance is not None:
            advance(len(batch.items))
        return receipt

    for batch in batches:
        data = encode(ballot_id, batch.items, batch.proof, batch.flags)
        tx = {"from": sender, "to": contract, "data": "0x" + data.hex(), "gas": hex(gas)}
        pending.append((batch, fast.rpc("eth_sendTransaction", [tx])))
        fast.sent += 1
        if len(pending) >= PIPELINE:
            yield settle()
    while pending:
        yield settle()


def estimator(fast, sender: str, contract: str, ballot_id: int, batch_for, encode=None):
    """``estimate(n)`` for ``probe_cost``: ``eth_estimateGas`` of the batch ``batch_for(n)``
    (a ``Batch``) encoded by ``encode``."""
    encode = encode or relay_batch_calldata

    def estimate(n: int) -> int:
        batch = batch_for(n)
        data = encode(ballot_id, batch.items, batch.proof, batch.flags)
        tx = {"from": sender, "to": contract, "data": "0x" + data.hex()}
        return int(fast.rpc("eth_estimateGas", [tx]), 16)

    return estimate


class ApeTransport:
    """What ``relay_batches``, ``estimator`` and the demo ask of a ``FastPath``, through
    Ape's account and provider: for a chain without an HTTP node (Ape's embedded
    eth-tester). Each send is mined before it returns."""

    def __init__(self, account):
        self.account = account
        self.sent = 0
        self._receipts: dict[str, dict] = {}

    def _can_sign(self, sender: str) -> bool:
        return True

    def rpc(self, method: str, params: list):
        from ape import chain

        if method == "eth_getBlockByNumber":
            return {"gasLimit": hex(chain.blocks.head.gas_limit)}
        if method == "eth_getTransactionReceipt":
            return self._receipts.pop(params[0])
        tx = params[0]
        fields = {"sender": tx["from"], "receiver": tx["to"], "data": bytes.fromhex(tx["data"][2:])}
        if method == "eth_estimateGas":
            txn = chain.provider.network.ecosystem.create_transaction(**fields)
            return hex(chain.provider.estimate_gas_cost(txn))
        if method == "eth_sendTransaction":
            txn = chain.provider.network.ecosystem.create_transaction(
                **fields, gas_limit=int(tx["gas"], 16)
            )
            receipt = self.account.call(txn)
            tx_hash = str(receipt.txn_hash)
            self._receipts[tx_hash] = {
                "status": hex(receipt.status),
                "gasUsed": hex(receipt.gas_used),
                "logs": [
                    {"topics": ["0x" + bytes(t).hex() for t in log["topics"]]}
                    for log in receipt.logs
                ],
            }
            return tx_hash
        raise NotImplementedError(method)
