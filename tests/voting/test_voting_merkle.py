"""The Python Merkle helper builds roots and proofs exactly as MVoting checks them."""

import ape
import pytest
from eth_abi import encode

from civic.merkle import (
    MerkleTree,
    hash_pair,
    keccak,
    leaf_hash,
    pack_flags,
    process_multiproof,
    process_proof,
    verify,
)
from civic.voting import (
    LEAF_TYPES,
    Electorate,
    Rejection,
    multiproof_batch,
    signed_ballot,
    voter_leaf,
)
from civic.voting.keys import key_voters

# Build the session's 2**20 tree before this module's deployment (Ape isolation order).
pytestmark = pytest.mark.usefixtures("big_electorate")


def test_voter_leaf__hand_encoding__equals_abi_encoding(voters):
    for i, v in enumerate(voters):
        expected = keccak(keccak(encode(list(LEAF_TYPES), [i, v.address, 2**96 - 1 - i])))
        assert voter_leaf(i, v.address, 2**96 - 1 - i) == expected
        assert leaf_hash(LEAF_TYPES, [i, v.address, 2**96 - 1 - i]) == expected


def test_hash_pair__either_order__same_node():
    a, b = keccak(b"a"), keccak(b"b")
    assert hash_pair(a, b) == hash_pair(b, a) == keccak(min(a, b) + max(a, b))


@pytest.mark.parametrize("size", [1, 2, 3, 5, 8, 13])
def test_merkle_tree__every_leaf__proof_leads_to_root(size):
    leaves = [keccak(bytes([i])) for i in range(size)]
    tree = MerkleTree(leaves)
    for i, leaf in enumerate(leaves):
        assert verify(leaf, tree.proof(i), tree.root)
    assert not verify(keccak(b"stranger"), tree.proof(0), tree.root)


def test_merkle_tree__replace__equals_fresh_build():
    leaves = [keccak(bytes([i])) for i in range(7)]
    tree = MerkleTree(leaves)
    tree.replace(4, keccak(b"new"))
    leaves[4] = keccak(b"new")
    assert tree.root == MerkleTree(leaves).root


def test_merkle_tree__no_leaves__raises():
    with pytest.raises(ValueError):
        MerkleTree([])


@pytest.mark.parametrize("size", [1, 3, 6])
def test_vote__python_proofs_of_small_trees__all_verify_on_chain(
    voting, voters, create_ballot, size
):
    electorate = Electorate({v.address: 1 for v in voters[:size]})
    ballot = create_ballot(root=electorate.root)
    for v in voters[:size]:
        index, weight, proof = electorate.credentials(v)
        assert process_proof(voter_leaf(index, v.address, weight), proof) == electorate.root
        voting.vote(ballot, index, weight, 1, proof, sender=v)
    assert voting.getBallot(ballot).turnoutVotes == size


def test_vote__2_pow_20_tree__20_sibling_proofs_verify_on_chain(
    big_electorate, voting, accounts, create_ballot
):
    assert big_electorate.tree.depth == 20
    ballot = create_ballot(root=big_electorate.root)
    for who in (3, 4, 5):
        voter = accounts[who]
        index, weight, proof = big_electorate.credentials(voter)
        assert len(proof) == 20
        tx = voting.vote(ballot, index, weight, 0, proof, sender=voter)
        assert tx.decode_logs(voting.VoteCast)[0].weight == weight
        assert voting.hasVoted(ballot, index)
    assert voting.tallyOf(ballot, 0) == (3, 7)


def test_vote__2_pow_20_tree_wrong_sibling__reverts_not_eligible(
    big_electorate, voting, accounts, create_ballot
):
    ballot = create_ballot(root=big_electorate.root)
    voter = accounts[4]
    index, weight, proof = big_electorate.credentials(voter)
    proof[7] = keccak(b"forged")
    with ape.reverts(voting.NotEligible, ballotId=ballot, voter=voter, index=index, weight=weight):
        voting.vote(ballot, index, weight, 0, proof, sender=voter)


def test_vote__claimed_weight_not_in_tree__reverts_not_eligible(
    voting, voters, electorate, create_ballot
):
    ballot = create_ballot()
    index, weight, proof = electorate.credentials(voters[0])
    with ape.reverts(voting.NotEligible, ballotId=ballot, voter=voters[0], index=index, weight=5):
        voting.vote(ballot, index, 5, 0, proof, sender=voters[0])


@pytest.mark.parametrize(
    "indices", [[0], [3, 4], [0, 1, 2, 3], [1, 6, 9, 14], list(range(5, 12)), list(range(16))]
)
def test_multiproof__any_seats__leads_to_root(indices):
    tree = MerkleTree([bytes([i]) * 32 for i in range(16)])
    leaves, proof, flags = tree.multiproof(indices)
    assert leaves == [tree.leaf(i) for i in sorted(indices)]
    assert len(leaves) + len(proof) == len(flags) + 1
    assert process_multiproof(leaves, proof, flags) == tree.root


def test_multiproof__seat_run__shares_upper_siblings():
    tree = MerkleTree([bytes([i % 256, i // 256]) * 16 for i in range(1024)])
    _, proof, _ = tree.multiproof(list(range(64, 128)))
    assert len(proof) == 4  # 2^10 tree, one aligned 2^6 run: the 4 siblings above it


def test_multiproof__odd_node_moves_up__raises():
    tree = MerkleTree([bytes([i]) * 32 for i in range(5)])
    with pytest.raises(ValueError, match="unpaired"):
        tree.multiproof([4])


def test_relay_batch__multiproof__counts_every_covered_item(
    voting, voters, relayer, dom, create_ballot
):
    roll = Electorate({v.address: 1 + i for i, v in enumerate(voters)}, size=64)
    ballot = create_ballot(root=roll.root)
    items = [signed_ballot(roll, dom, v, ballot, i % 2) for i, v in enumerate(voters)]
    batch, proof, flags = multiproof_batch(roll, items)
    assert proof and all(item[6] == [] for item in batch)
    assert list(voting.relayBatch.call(ballot, batch, proof, flags, sender=relayer)) == [0] * len(
        items
    )
    tx = voting.relayBatch(ballot, batch, proof, flags, sender=relayer)
    assert [log.voter for log in tx.decode_logs(voting.VoteCast)] == [v.address for v in voters]
    assert tx.decode_logs(voting.RelayedBallotRejected) == []


def test_relay_batch__multiproof_wrong__covered_items_not_eligible_own_proof_counts(
    voting, voters, relayer, dom, create_ballot
):
    roll = Electorate({v.address: 1 for v in voters}, size=64)
    ballot = create_ballot(root=roll.root)
    items = [signed_ballot(roll, dom, v, ballot, 1) for v in voters]
    covered, proof, flags = multiproof_batch(roll, items[1:])
    batch = [items[0], *covered]  # the first item keeps its own proof
    bad = [b"\x01" * 32, *proof[1:]]
    results = voting.relayBatch.call(ballot, batch, bad, flags, sender=relayer)
    assert list(results) == [0] + [Rejection.NOT_ELIGIBLE] * len(covered)
    tx = voting.relayBatch(ballot, batch, bad, flags[:-1], sender=relayer)  # shape broken too
    logs = tx.decode_logs(voting.RelayedBallotRejected)
    assert [(log.voter, log.reason) for log in logs] == [
        (v.address, Rejection.NOT_ELIGIBLE) for v in voters[1:]
    ]
    assert voting.hasVoted(ballot, roll.seat(voters[0]))


def test_pack_flags__bit_i_of_word_i_div_256():
    flags = [i % 3 == 0 for i in range(300)]
    words = pack_flags(flags)
    assert len(words) == 2
    assert all(bool(words[i // 256] >> (i % 256) & 1) == flags[i] for i in range(300))
    assert words[1] >> 44 == 0
    assert pack_flags([]) == []


def _verifier(voting):
    return ape.project.SecretBallotVerifier.at(voting.verifier())


def test_multiproof_root__more_than_256_flags__leads_to_root(voting, dom):
    scattered = key_voters(40, "m-voting/flags")
    seats = {v.address: 97 * i for i, v in enumerate(scattered)}
    roll = Electorate({a: 1 for a in seats}, size=2**12, seats=seats)
    _, _, flags = roll.tree.multiproof(sorted(seats.values()))
    assert len(flags) > 256
    items = [signed_ballot(roll, dom, v, 1, 0) for v in scattered]
    batch, proof, packed = multiproof_batch(roll, items)
    assert packed == pack_flags(flags) and len(packed) == 2
    assert _verifier(voting).multiproofRoot(1, batch, proof, packed) == roll.root


def test_multiproof_root__flag_shape_wrong__zero(voting, voters, dom):
    roll = Electorate({v.address: 1 for v in voters}, size=64)
    items = [signed_ballot(roll, dom, v, 1, 0) for v in voters]
    batch, proof, packed = multiproof_batch(roll, items)
    steps = len(batch) + len(proof) - 1
    assert steps % 256 != 0
    verifier = _verifier(voting)
    assert verifier.multiproofRoot(1, batch, proof, packed) == roll.root
    dirty = [*packed[:-1], packed[-1] | 1 << 255]  # a bit past the last flag
    assert verifier.multiproofRoot(1, batch, proof, dirty) == bytes(32)
    assert verifier.multiproofRoot(1, batch, proof, [*packed, 0]) == bytes(32)
    assert verifier.multiproofRoot(1, batch, proof, []) == bytes(32)
    assert verifier.multiproofRoot(1, batch, proof[:-1], packed) != roll.root
    assert verifier.multiproofRoot(1, batch, [*proof, proof[0]], packed) != roll.root


def test_multiproof_root__any_one_flag_flipped__not_root(voting, voters, dom):
    """A flipped flag takes one sibling too few or too many; the flips that would read a node
    before the queue holds it (the set flags reaching the leaf count) are among them."""
    roll = Electorate({v.address: 1 for v in voters}, size=64)
    items = [signed_ballot(roll, dom, v, 1, 0) for v in voters]
    batch, proof, packed = multiproof_batch(roll, items)
    steps = len(batch) + len(proof) - 1
    verifier = _verifier(voting)
    for i in range(steps):
        flipped = list(packed)
        flipped[i // 256] ^= 1 << (i % 256)
        assert verifier.multiproofRoot(1, batch, proof, flipped) != roll.root
    every = [(1 << min(256, steps - 256 * w)) - 1 for w in range(len(packed))]
    assert verifier.multiproofRoot(1, batch, proof, every) == bytes(32)
