"""M-Voting: what scripts, tests, the demo and the bench share.

Constants mirror ``contracts/interfaces/IMVoting.sol``; ``Electorate`` builds the
eligibility tree over ``(index, voter, weight)`` leaves exactly as ``MVoting`` checks it
(an address may hold several seats; each seat is its own vote); ``sign_ballot`` /
``signed_ballot`` build the EIP-712 ballots a relayer submits, each for one seat;
``commitment`` is the secret-mode commitment of a seat.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import IntEnum

from eth_abi import encode as abi_encode

from civic.eip712 import Domain, sign_digest
from civic.eip712 import digest as eip712_digest
from civic.merkle import MerkleTree, checksum_address, keccak, pack_flags
from civic.roles import DEFAULT_ADMIN_ROLE  # noqa: F401 (re-exported)

ELECTION_AUTHORITY_ROLE = keccak(b"ELECTION_AUTHORITY_ROLE")
MAX_OPTIONS = 32
# Gas an ERC-1271 wallet is given, and the gas that must be left before asking it
# (contracts/libraries/SignerCheck.sol).
ERC1271_GAS = 50_000
ERC1271_GAS_REQUIRED = ERC1271_GAS + ERC1271_GAS // 63 + 3_000
MAX_LEAF_WEIGHT = 2**96 - 1
DOMAIN_NAME = "M-Voting"
DOMAIN_VERSION = "1"
LEAF_TYPES = ("uint256", "address", "uint256")
#: The published electorate file's format tag (``Electorate.dump``).
ELECTORATE_FORMAT = "m-voting-electorate/1"
BALLOT_TYPES = {
    "Ballot": [
        {"name": "voter", "type": "address"},
        {"name": "ballotId", "type": "uint256"},
        {"name": "index", "type": "uint256"},
        {"name": "weight", "type": "uint256"},
        {"name": "choice", "type": "bytes32"},
        {"name": "nonce", "type": "uint256"},
        {"name": "deadline", "type": "uint256"},
    ]
}


class ElectorateError(ValueError):
    """An electoral roll that cannot be built, or a question it cannot answer."""


class BallotState(IntEnum):
    NONE = 0
    CREATED = 1
    CANCELLED = 2
    FINALIZED = 3


class Outcome(IntEnum):
    NONE = 0
    WINNER = 1
    TIE = 2
    QUORUM_NOT_MET = 3


class Rejection(IntEnum):
    NONE = 0
    NOT_ELIGIBLE = 1
    ALREADY_VOTED = 2
    INVALID_CHOICE = 3
    SIGNATURE_EXPIRED = 4
    NONCE_MISMATCH = 5
    INVALID_SIGNATURE = 6
    INVALID_PROOF = 7


def voter_leaf(index: int, voter: str, weight: int) -> bytes:
    """``keccak256(bytes.concat(keccak256(abi.encode(index, voter, weight))))``, hand-encoded
    (the same bytes as eth_abi, ~20x faster for million-leaf trees)."""
    encoded = (
        index.to_bytes(32, "big")
        + bytes(12)
        + bytes.fromhex(str(voter)[2:])
        + weight.to_bytes(32, "big")
    )
    return keccak(keccak(encoded))


def filler_leaf(index: int) -> bytes:
    """A leaf nobody can prove (no preimage of the leaf form): pads synthetic electorates."""
    return keccak(b"m-voting/filler" + index.to_bytes(32, "big"))


@dataclass
class Electorate:
    """Eligible voters with weights, seated at leaf indices of a Merkle tree.

    ``voters`` maps address -> weight and takes seats 0, 1, 2, ... in order, unless
    ``seats`` names a seat for some of them. ``extra`` adds further ``(index, voter,
    weight)`` leaves, so one address can hold several seats (a household with two flats:
    each seat is its own vote). ``size`` pads the tree with filler leaves (a ``2**20`` size
    gives 20-sibling proofs, as for a million-voter poll). The contract keys "has voted" by
    seat. For a voter with several seats, name the seat (``seat=``) when asking for its
    weight, proof or credentials.
    """

    voters: dict[str, int]
    size: int | None = None
    seats: dict[str, int] = field(default_factory=dict)
    extra: Sequence[tuple[int, str, int]] = ()

    def __post_init__(self) -> None:
        self.voters = {checksum_address(str(v)): int(w) for v, w in self.voters.items()}
        explicit = {checksum_address(str(v)): i for v, i in self.seats.items()}
        extra = [(int(i), checksum_address(str(v)), int(w)) for i, v, w in self.extra]
        count = len(self.voters) + len(extra)
        size = self.size or count
        if size < count:
            raise ElectorateError("size smaller than the electorate")
        listed = list(explicit.values()) + [i for i, _, _ in extra]
        taken = set(listed)
        if len(taken) != len(listed):
            raise ElectorateError("two leaves share a seat")
        free = (i for i in range(size) if i not in taken)
        self.seats = {v: explicit[v] if v in explicit else next(free) for v in self.voters}
        leaves = {i: (v, self.voters[v]) for v, i in self.seats.items()}
        leaves |= {i: (v, w) for i, v, w in extra}
        if any(not 0 <= i < size for i in leaves):
            raise ElectorateError("seat outside the tree")
        self.by_seat: dict[int, tuple[str, int]] = dict(sorted(leaves.items()))
        self._seats_of: dict[str, list[int]] = {}
        for i, (v, _) in self.by_seat.items():
            self._seats_of.setdefault(v, []).append(i)
        self.tree = MerkleTree(
            [
                voter_leaf(i, *self.by_seat[i]) if i in self.by_seat else filler_leaf(i)
                for i in range(size)
            ]
        )

    @property
    def root(self) -> bytes:
        return self.tree.root

    @property
    def total_weight(self) -> int:
        return sum(w for _, w in self.by_seat.values())

    def seats_of(self, voter) -> list[int]:
        """Every seat of ``voter``, in index order (empty if not on the roll)."""
        return list(self._seats_of.get(checksum_address(str(voter)), []))

    def seat(self, voter) -> int:
        """The voter's seat; a voter with several seats must name one."""
        seats = self.seats_of(voter)
        if len(seats) != 1:
            raise ElectorateError(f"{voter} holds {len(seats)} seats: name the seat")
        return seats[0]

    def _seat(self, voter, seat: int | None) -> int:
        if seat is None:
            return self.seat(voter)
        if self.by_seat.get(seat, (None,))[0] != checksum_address(str(voter)):
            raise ElectorateError(f"seat {seat} is not {voter}'s")
        return seat

    def weight(self, voter, seat: int | None = None) -> int:
        return self.by_seat[self._seat(voter, seat)][1]

    def proof(self, voter, seat: int | None = None) -> list[bytes]:
        return self.tree.proof(self._seat(voter, seat))

    def credentials(self, voter, seat: int | None = None) -> tuple[int, int, list[bytes]]:
        """``(index, weight, proof)`` - what a vote call needs besides the choice."""
        index = self._seat(voter, seat)
        return index, self.by_seat[index][1], self.tree.proof(index)

    def dump(self) -> dict:
        """The published electorate file (``ELECTORATE_FORMAT``): the tree size, its root and
        every ``[seat, voter, weight]`` leaf; seats not listed are filler leaves. Anyone
        (the page, a voter, an auditor) rebuilds the tree from it, checks the root against
        the ballot's and derives a seat's proof."""
        return {
            "format": ELECTORATE_FORMAT,
            "size": len(self.tree),
            "root": "0x" + self.root.hex(),
            "leaves": [[i, v, str(w)] for i, (v, w) in self.by_seat.items()],
        }

    @classmethod
    def load(cls, data: dict) -> Electorate:
        """The electorate of a file written by ``dump``; `ElectorateError` if it is not one
        or its root does not match its leaves."""
        if not isinstance(data, dict) or data.get("format") != ELECTORATE_FORMAT:
            raise ElectorateError(f"not an electorate file of format {ELECTORATE_FORMAT}")
        electorate = cls(
            {}, size=int(data["size"]), extra=[(int(i), v, int(w)) for i, v, w in data["leaves"]]
        )
        if "0x" + electorate.root.hex() != str(data["root"]).lower():
            raise ElectorateError("the file's root does not match its leaves")
        return electorate


#: Where the demo publishes each ballot's electorate file (``<ballot id>.json``); the page
#: reads them from there by default (frontend_stub/config.json ``electorates``).
ELECTORATE_DIR = "deployments/electorates"


def publish_electorate(electorate: Electorate, ballot_id: int, folder=ELECTORATE_DIR):
    """Write ``electorate.dump()`` to ``<folder>/<ballot_id>.json``; returns the path."""
    import json
    from pathlib import Path

    path = Path(folder) / f"{int(ballot_id)}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(electorate.dump(), indent=1) + "\n")
    return path


def domain(contract, chain_id: int) -> Domain:
    return Domain(DOMAIN_NAME, DOMAIN_VERSION, chain_id, str(contract.address))


def choice_word(choice: int | bytes) -> bytes:
    """The signed ``choice`` field: an option number as bytes32, or a commitment."""
    return choice if isinstance(choice, bytes) else int(choice).to_bytes(32, "big")


def ballot_digest(dom: Domain, voter, ballot_id, index, weight, choice, nonce, deadline) -> bytes:
    """EIP-712 digest of a signed ballot for seat ``index`` (``MVoting.ballotDigest``)."""
    message = {
        "voter": str(voter),
        "ballotId": int(ballot_id),
        "index": int(index),
        "weight": int(weight),
        "choice": choice_word(choice),
        "nonce": int(nonce),
        "deadline": int(deadline),
    }
    return eip712_digest(dom, "Ballot", BALLOT_TYPES, message)


def sign_ballot(
    signer, dom: Domain, voter, ballot_id, index, weight, choice, nonce, deadline
) -> bytes:
    """65-byte signature by ``signer`` (the voter, or the EOA owning its ERC-1271 wallet)."""
    digest = ballot_digest(dom, voter, ballot_id, index, weight, choice, nonce, deadline)
    return sign_digest(signer, digest)


def signed_ballot(
    electorate: Electorate,
    dom: Domain,
    signer,
    ballot_id: int,
    choice,
    *,
    voter=None,
    seat: int | None = None,
    nonce: int = 0,
    deadline: int = 2**40,
    signature: bytes | None = None,
) -> tuple:
    """A ``SignedBallot`` tuple for the voter's seat (``seat`` if they hold several), ready
    for ``relay`` / ``relayBatch``."""
    voter = checksum_address(str(voter if voter is not None else signer.address))
    index, weight, proof = electorate.credentials(voter, seat)
    word = choice_word(choice)
    if signature is None:
        signature = sign_ballot(signer, dom, voter, ballot_id, index, weight, word, nonce, deadline)
    return (voter, index, weight, word, nonce, deadline, proof, signature)


def multiproof_batch(electorate: Electorate, items: Sequence[tuple]) -> tuple:
    """``relayBatch`` arguments ``(items, proof, flags)`` for ``signed_ballot`` tuples: the
    items sorted by seat with their own proofs emptied and one multiproof for them all
    (``MerkleTree.multiproof``, its flags packed by ``pack_flags``), when it sends fewer
    siblings than the items' own proofs; otherwise (a one-seat roll, or a seat the
    multiproof cannot cover: the odd end of a layer) the items, sorted, with their own
    proofs and an empty multiproof."""
    ordered = sorted(items, key=lambda item: item[1])
    seats = [item[1] for item in ordered]
    try:
        _, proof, flags = electorate.tree.multiproof(seats)
    except ValueError:
        return list(ordered), [], []
    if not flags or len(proof) >= sum(len(item[6]) for item in ordered):
        return list(ordered), [], []
    return [(*item[:6], [], item[7]) for item in ordered], proof, pack_flags(flags)


def commitment(contract_address, ballot_id: int, index: int, choice: int, salt: bytes) -> bytes:
    """Seat ``index``'s commitment: ``keccak256(abi.encode(contract, ballotId, index, choice,
    salt))``."""
    return keccak(
        abi_encode(
            ["address", "uint256", "uint256", "uint256", "bytes32"],
            [str(contract_address), ballot_id, index, choice, salt],
        )
    )


def new_salt() -> bytes:
    return os.urandom(32)


def ballot_config(
    root: bytes,
    start: int,
    end: int,
    *,
    options: int = 2,
    secret: bool = False,
    allow_change: bool = False,
    reveal_end: int = 0,
    quorum_votes: int = 0,
    quorum_weight: int = 0,
    metadata: bytes = b"\x00" * 32,
) -> tuple:
    """A ``BallotConfig`` tuple (field order of ``IMVoting.BallotConfig``)."""
    return (
        metadata,
        root,
        start,
        end,
        reveal_end,
        options,
        secret,
        allow_change,
        quorum_votes,
        quorum_weight,
    )


def chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
