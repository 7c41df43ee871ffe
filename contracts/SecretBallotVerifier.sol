// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IMVoting} from "./interfaces/IMVoting.sol";
import {ISecretBallotVerifier} from "./interfaces/ISecretBallotVerifier.sol";
import {AltBn128} from "./libraries/AltBn128.sol";

/// @title Secret-ballot verifier
/// @notice See {ISecretBallotVerifier}. Stateless and ownerless: nothing in it can change
/// after deployment. Its gas is the precompiles': per option 8 ecMul and 9 ecAdd, per
/// ballot 4 ecMul and 2n + 3 ecAdd for the sum proof (a two-option ballot: one bit proof,
/// 8 ecMul and 9 ecAdd, nothing else); a partial decryption 4 ecMul.
contract SecretBallotVerifier is ISecretBallotVerifier {
    using AltBn128 for uint256[2];

    // ---------------------------------------------------------------- constants

    /// @notice Fiat-Shamir domain tags, one per statement.
    uint256 public constant TAG_KEY = uint256(keccak256("civic.elgamal.key"));
    uint256 public constant TAG_BIT = uint256(keccak256("civic.elgamal.bit"));
    uint256 public constant TAG_SUM = uint256(keccak256("civic.elgamal.sum"));
    uint256 public constant TAG_DECRYPT = uint256(keccak256("civic.elgamal.decrypt"));

    // ---------------------------------------------------------------- external

    /// @inheritdoc ISecretBallotVerifier
    function verifyKeyShare(
        address election,
        uint256 ballotId,
        address trustee,
        uint256[2] calldata share,
        uint256[2] calldata proof
    ) external view returns (bool) {
        if ((share[0] == 0 && share[1] == 0) || !_onCurve(share)) return false;
        if (proof[0] >= AltBn128.Q || proof[1] >= AltBn128.Q) return false;
        uint256[2] memory h = share;
        uint256[2] memory commitment = AltBn128.g().mulSub(proof[1], h, proof[0]);
        uint256 tctx = _trusteeContext(election, ballotId, trustee);
        return _challenge(abi.encode(TAG_KEY, tctx, h, commitment)) == proof[0];
    }

    /// @inheritdoc ISecretBallotVerifier
    function verifyBallot(
        address election,
        uint256 ballotId,
        uint256 index,
        address voter,
        uint256[2] calldata key,
        uint256[2][] calldata a,
        uint256[2][] calldata b,
        uint256[4][] calldata bitProofs,
        uint256[2] calldata sumProof
    ) external view returns (uint256 failure) {
        uint256 n = a.length;
        if (n == 0 || b.length != n || bitProofs.length != n || !_onCurve(key)) {
            return type(uint256).max;
        }
        uint256 ctx = uint256(
            keccak256(abi.encode(block.chainid, election, ballotId, index, voter))
        );
        if (n == 1) {
            // the two-option form: option 1 is `(-a, G - b)`, a bit exactly when option 0 is
            // one, and the two always encrypt a sum of 1, so no sum proof is needed
            bool ok = _onCurve(a[0]) && _onCurve(b[0]);
            return ok && _bitValid(ctx, 0, key, a[0], b[0], bitProofs[0]) ? 0 : 1;
        }
        uint256[2] memory aSum;
        uint256[2] memory bSum;
        (failure, aSum, bSum) = _checkOptions(ctx, key, a, b, bitProofs);
        if (failure != 0) return failure;
        if (!_sumValid(ctx, key, aSum, bSum, sumProof)) return n + 1;
    }

    /// @inheritdoc ISecretBallotVerifier
    function verifyPartialDecryption(
        address election,
        uint256 ballotId,
        address trustee,
        uint256 option,
        uint256[2] calldata share,
        uint256[2] calldata a,
        uint256[2] calldata d,
        uint256[2] calldata proof
    ) external view returns (bool) {
        if (!_onCurve(share) || !_onCurve(a) || !_onCurve(d)) return false;
        if (proof[0] >= AltBn128.Q || proof[1] >= AltBn128.Q) return false;
        uint256[2] memory h = share;
        uint256[2] memory pa = a;
        uint256[2] memory pd = d;
        uint256[2] memory cg = AltBn128.g().mulSub(proof[1], h, proof[0]);
        uint256[2] memory ca = pa.mulSub(proof[1], pd, proof[0]);
        uint256 tctx = _trusteeContext(election, ballotId, trustee);
        return _challenge(abi.encode(TAG_DECRYPT, tctx, option, h, pa, pd, cg, ca)) == proof[0];
    }

    /// @inheritdoc ISecretBallotVerifier
    function decryptsTo(
        uint256[2] calldata b,
        uint256[2] calldata dSum,
        uint256 count
    ) external view returns (bool) {
        if (!_onCurve(b) || !_onCurve(dSum)) return false;
        uint256[2] memory rest = AltBn128.add(b, AltBn128.neg(dSum));
        uint256[2] memory expected = AltBn128.g().mul(count);
        return expected[0] == rest[0] && expected[1] == rest[1];
    }

    /// @inheritdoc ISecretBallotVerifier
    function multiproofRoot(
        uint256,
        IMVoting.SignedBallot[] calldata ballots,
        bytes32[] calldata proof,
        uint256[] calldata proofFlags
    ) external pure returns (bytes32 root) {
        uint256 proofLen = proof.length;
        (uint256 queue, uint256 leavesLen) = _multiproofLeaves(ballots, proofLen);
        uint256 total = leavesLen + proofLen;
        if (total == 0) return bytes32(0);
        uint256 steps = total - 1;
        if (proofFlags.length != (steps + 255) / 256) return bytes32(0);
        if (steps % 256 != 0 && proofFlags[steps / 256] >> (steps % 256) != 0) return bytes32(0);
        if (steps == 0 && leavesLen == 0) return proof[0];
        uint256 siblingEnd;
        (root, siblingEnd) = _multiproofSteps(
            queue,
            queue + 32 * leavesLen,
            _offset(proof),
            _offset(proofFlags),
            steps
        );
        if (siblingEnd != _offset(proof) + 32 * proofLen) return bytes32(0);
    }

    /// @inheritdoc ISecretBallotVerifier
    function onCurve(uint256[2] calldata p) external pure returns (bool) {
        return _onCurve(p);
    }

    // ---------------------------------------------------------------- internal

    /// @dev The queue of `multiproofRoot`, raw memory from the free pointer on, holding the
    /// leaves of the `ballots` without an own proof; `leavesLen` of them.
    function _multiproofLeaves(
        IMVoting.SignedBallot[] calldata ballots,
        uint256 proofLen
    ) private pure returns (uint256 queue, uint256 leavesLen) {
        uint256 n = ballots.length;
        // Reason: in Solidity the calldata checks of this loop and the bounds checks of the
        // next cost ~6,000 gas per scattered seat of a 2^20 tree, 3x the hashing. `queue` is
        // the queue of OpenZeppelin's algorithm (the leaves, then each node as computed), raw
        // memory from the free pointer on, reserved for `2n + proofLen + 2` words (every leaf
        // and node, and two words past the last leaf that hashing a leaf uses). Each item's
        // head is read as the ABI lays it out (array head: offsets relative to the array's
        // data; item: voter, index, weight, ..., proof offset at word 6, relative to the
        // item); a malformed offset only reads other calldata or zeros, so the root fails to
        // match, and M-Voting reads every item itself with full checks. Only the reserved
        // words and scratch space are written.
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            queue := mload(0x40)
            mstore(0x40, add(queue, shl(5, add(add(shl(1, n), proofLen), 2))))
            let base := ballots.offset
            let out := queue
            for {
                let i := 0
            } lt(i, n) {
                i := add(i, 1)
            } {
                let item := add(base, calldataload(add(base, shl(5, i))))
                if iszero(calldataload(add(item, calldataload(add(item, 192))))) {
                    // keccak256(bytes.concat(keccak256(abi.encode(index, voter, weight))))
                    mstore(out, calldataload(add(item, 32)))
                    mstore(add(out, 32), and(calldataload(item), sub(shl(160, 1), 1)))
                    mstore(add(out, 64), calldataload(add(item, 64)))
                    mstore(0, keccak256(out, 96))
                    mstore(out, keccak256(0, 32))
                    out := add(out, 32)
                }
            }
            leavesLen := shr(5, sub(out, queue))
        }
    }

    /// @dev The `steps` hashing steps of `multiproofRoot` over the queue at `read` (its leaves
    /// end at `write`), siblings from calldata at `sibling`, flag words at `flagPtr`: the
    /// last node written and where the siblings read end.
    function _multiproofSteps(
        uint256 read,
        uint256 write,
        uint256 sibling,
        uint256 flagPtr,
        uint256 steps
    ) private pure returns (bytes32 root, uint256 siblingEnd) {
        // Reason: see `multiproofRoot`. Flag `i` is bit `i % 256` of flag word `i / 256`,
        // shifted out one step at a time; the flag words read are the `ceil(steps / 256)`
        // the caller checked. A step hashes `a`, the queue's next node, with `b`: the queue's
        // node after it (flag set) or the proof's next sibling, both branch-free. A node is
        // never read before it is in the queue once the caller's check holds that the
        // siblings read end at the proof's end: with `L` leaves, `P` siblings and
        // `L + P - 1` steps, `F` set flags use `L + P - 1 - F` siblings, so that check means
        // `F = L - 1`; the queue holds `L - f` nodes after `f` set flags and a step needs
        // `1 + flag` of them, which `f + flag <= F = L - 1` gives. (OpenZeppelin's
        // `processMultiProof` rests on the same count.) If the check fails the root is
        // discarded, and a read past the written nodes only reads memory.
        // Only the queue's reserved words and scratch space are written.
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            let end := add(write, shl(5, steps))
            for {} lt(write, end) {} {
                let flags := calldataload(flagPtr)
                flagPtr := add(flagPtr, 32)
                let wordEnd := add(write, 8192) // 256 steps
                if gt(wordEnd, end) {
                    wordEnd := end
                }
                for {} lt(write, wordEnd) {
                    write := add(write, 32)
                } {
                    let flag := and(flags, 1)
                    let a := mload(read)
                    let fromProof := calldataload(sibling)
                    let b := xor(fromProof, mul(flag, xor(mload(add(read, 32)), fromProof)))
                    read := add(add(read, 32), shl(5, flag))
                    sibling := add(sibling, shl(5, iszero(flag)))
                    flags := shr(1, flags)
                    // OpenZeppelin's `Hashes.commutativeKeccak256`: the pair sorted, then
                    // hashed; `lo` is 32 when `a > b`, so `a` goes to the second word
                    let lo := shl(5, gt(a, b))
                    mstore(lo, a)
                    mstore(sub(32, lo), b)
                    mstore(write, keccak256(0, 64))
                }
            }
            root := mload(sub(write, 32))
            siblingEnd := sibling
        }
    }

    /// @dev Where a calldata array's elements start.
    function _offset(bytes32[] calldata array) private pure returns (uint256 offset) {
        // Reason: reads the array's calldata offset only.
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            offset := array.offset
        }
    }

    /// @dev Where a calldata array's elements start.
    function _offset(uint256[] calldata array) private pure returns (uint256 offset) {
        // Reason: reads the array's calldata offset only.
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            offset := array.offset
        }
    }

    /// @dev Every option's points and bit proof; the product ciphertext on success.
    function _checkOptions(
        uint256 ctx,
        uint256[2] calldata key,
        uint256[2][] calldata a,
        uint256[2][] calldata b,
        uint256[4][] calldata bitProofs
    ) internal view returns (uint256 failure, uint256[2] memory aSum, uint256[2] memory bSum) {
        uint256 n = a.length;
        for (uint256 o; o < n; ++o) {
            if (
                !_onCurve(a[o]) ||
                !_onCurve(b[o]) ||
                !_bitValid(ctx, o, key, a[o], b[o], bitProofs[o])
            ) {
                return (o + 1, aSum, bSum);
            }
            aSum = aSum.add(a[o]);
            bSum = bSum.add(b[o]);
        }
    }

    /// @dev The disjunctive Chaum-Pedersen check of one option (see the interface).
    function _bitValid(
        uint256 ctx,
        uint256 option,
        uint256[2] calldata h,
        uint256[2] calldata a,
        uint256[2] calldata b,
        uint256[4] calldata p
    ) internal view returns (bool) {
        if (p[0] >= AltBn128.Q || p[1] >= AltBn128.Q) return false;
        if (p[2] >= AltBn128.Q || p[3] >= AltBn128.Q) return false;
        uint256[2] memory g = AltBn128.g();
        uint256[2] memory a0 = g.mulSub(p[2], a, p[0]);
        uint256[2] memory b0 = AltBn128.mulSub(h, p[2], b, p[0]);
        uint256[2] memory a1 = g.mulSub(p[3], a, p[1]);
        uint256[2] memory b1 = AltBn128.mulSub(h, p[3], AltBn128.add(b, g.neg()), p[1]);
        uint256 c = _challenge(abi.encode(TAG_BIT, ctx, option, h, a, b, a0, b0, a1, b1));
        return addmod(p[0], p[1], AltBn128.Q) == c;
    }

    /// @dev The Chaum-Pedersen check that the product ciphertext encrypts 1.
    function _sumValid(
        uint256 ctx,
        uint256[2] calldata key,
        uint256[2] memory aSum,
        uint256[2] memory bSum,
        uint256[2] calldata p
    ) internal view returns (bool) {
        if (p[0] >= AltBn128.Q || p[1] >= AltBn128.Q) return false;
        uint256[2] memory g = AltBn128.g();
        uint256[2] memory h = key;
        uint256[2] memory ca = g.mulSub(p[1], aSum, p[0]);
        uint256[2] memory cb = h.mulSub(p[1], bSum.add(g.neg()), p[0]);
        return _challenge(abi.encode(TAG_SUM, ctx, h, aSum, bSum, ca, cb)) == p[0];
    }

    /// @dev `y^2 == x^3 + 3 (mod P)` with both coordinates below `P`, or `(0, 0)`.
    function _onCurve(uint256[2] calldata p) internal pure returns (bool) {
        uint256 x = p[0];
        uint256 y = p[1];
        if (x == 0 && y == 0) return true;
        if (x >= AltBn128.P || y >= AltBn128.P) return false;
        uint256 rhs = addmod(mulmod(mulmod(x, x, AltBn128.P), x, AltBn128.P), 3, AltBn128.P);
        return mulmod(y, y, AltBn128.P) == rhs;
    }

    function _trusteeContext(
        address election,
        uint256 ballotId,
        address trustee
    ) internal view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, election, ballotId, trustee)));
    }

    function _challenge(bytes memory words) internal pure returns (uint256) {
        return uint256(keccak256(words)) % AltBn128.Q;
    }
}
