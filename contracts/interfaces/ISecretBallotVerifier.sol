// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IMVoting} from "./IMVoting.sol";

/// @title Secret-ballot verifier: exponential ElGamal on alt_bn128 with Chaum-Pedersen proofs
/// @notice The checks behind an encrypted ballot whose individual choices stay secret for
/// ever (a Helios-style homomorphic tally, no zk circuit, no trusted setup). Stateless: an
/// election contract (M-Voting) calls it with `staticcall`, at an address fixed when that
/// contract is built; every `check*` function returns nothing and reverts with a named error
/// when a proof fails. Curve arithmetic runs on the EIP-196 precompiles (`AltBn128`).
///
/// Notation (additive, G1 of alt_bn128, order `Q`, generator `G = (1, 2)`):
/// - n trustees (the election committee) each hold a secret `x_i` and publish
///   `H_i = x_i * G` with a Schnorr proof of knowledge `(c, z)`:
///   `c = hash(TAG_KEY, tctx, H_i, z*G - c*H_i)`. The election key is `H = sum(H_i)`
///   (n-of-n; the proofs stop a trustee from choosing a share that cancels the others').
/// - An option's ciphertext of `m` is `(a, b) = (r*G, m*G + r*H)`.
/// - Bit proof `(c0, c1, z0, z1)` that `m` is 0 or 1 (disjunctive Chaum-Pedersen): with
///   `A_j = z_j*G - c_j*a` and `B_j = z_j*H - c_j*(b - j*G)`,
///   `c0 + c1 = hash(TAG_BIT, ctx, option, H, a, b, A_0, B_0, A_1, B_1)` (mod Q). 8 ecMul.
/// - Sum proof `(c, z)` that the product ciphertext `(sum a, sum b)` encrypts exactly 1:
///   `c = hash(TAG_SUM, ctx, H, sum a, sum b, z*G - c*sum a, z*H - c*(sum b - G))`. 4 ecMul.
/// - Two options: the voter sends option 0's `(a, b)` and its bit proof only; option 1 is
///   `(-a, G - b)`, which encrypts `1 - m` with randomness `-r`, so it is a bit too and the
///   two sum to 1 without a sum proof. 8 ecMul per ballot.
/// - Partial decryption `D_i = x_i * a` of an option's aggregate `(a, b)` with proof `(c, z)`
///   that `log_G(H_i) = log_a(D_i)`:
///   `c = hash(TAG_DECRYPT, tctx, option, H_i, a, D_i, z*G - c*H_i, z*a - c*D_i)`. 4 ecMul.
/// - Count: `b - sum(D_i) == count * G`. 1 ecMul.
/// `hash(...)` is `uint256(keccak256(abi.encode(words...))) % Q` over 32-byte words (a point
/// is its two coordinates; infinity is `(0, 0)`), `ctx` is
/// `keccak256(abi.encode(chainId, election, ballotId, index, voter))` and `tctx` is
/// `keccak256(abi.encode(chainId, election, ballotId, trustee))`: a proof made for one seat,
/// voter, trustee, ballot, contract or chain fails for every other one, so a ciphertext
/// copied from another voter is refused. Every proof scalar must be below `Q`.
///
/// Security: what is secret, and from whom. Every voter's choice is secret from everyone,
/// the trustees included, unless all n trustees collude (n-of-n: any one honest trustee
/// keeps every choice secret). Only per-option totals are ever decrypted. What is not
/// secret: turnout, which seats and addresses voted, each seat's weight, when they voted and
/// how often they changed their vote. What it does not give: receipt-freeness and coercion
/// resistance (a voter can prove their choice by revealing their randomness `r`; MACI's key
/// changes defend against that, this scheme does not). Soundness rests on the discrete
/// logarithm problem in alt_bn128 G1 (about 100 bits of security since the 2016 tower
/// number field sieve results) and on keccak256 as a random oracle.
///
/// Liveness: n-of-n means one absent trustee blocks the result. The committee's rule: if
/// any trustee has not posted their partial decryptions by the decryption deadline, the
/// election authority cancels the ballot and re-runs it with a fresh key (a committee
/// member who lost their key is replaced). t-of-n (Shamir shares with Feldman commitments,
/// Lagrange combination of the partial decryptions) would remove that, at the cost of a
/// distributed key generation; it is not implemented.
interface ISecretBallotVerifier {
    // ---------------------------------------------------------------- checks

    /// @notice Whether `proof = (c, z)` proves knowledge of the secret of `share` (not the
    /// point at infinity) for `trustee` on ballot `ballotId` of `election`.
    function verifyKeyShare(
        address election,
        uint256 ballotId,
        address trustee,
        uint256[2] calldata share,
        uint256[2] calldata proof
    ) external view returns (bool);

    /// @notice 0 when every option's ciphertext `(a[o], b[o])` carries a valid bit proof and
    /// the ballot a valid sum proof, all bound to `(election, ballotId, index, voter)` and the
    /// chain under election key `key`; else `o + 1` for the first option whose points or bit
    /// proof fail, `a.length + 1` when the sum proof fails, `type(uint256).max` when the
    /// arrays are empty or of different lengths. One entry is the two-option form: `(a, b)`
    /// is option 0's ciphertext and option 1's is `(-a, G - b)` (the encryption of `1 - m`
    /// with randomness `-r`), so the bit proof of option 0 alone shows both options are bits
    /// that sum to 1 and `sumProof` is ignored (8 ecMul instead of 20). Never reverts on bad
    /// input (every point is checked on the curve before a precompile sees it).
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
    ) external view returns (uint256 failure);

    /// @notice Whether `d` is `trustee`'s correct partial decryption of option `option`'s
    /// aggregate first point `a` under their share `share`.
    function verifyPartialDecryption(
        address election,
        uint256 ballotId,
        address trustee,
        uint256 option,
        uint256[2] calldata share,
        uint256[2] calldata a,
        uint256[2] calldata d,
        uint256[2] calldata proof
    ) external view returns (bool);

    /// @notice The root that the Merkle multiproof `proof` / `proofFlags` leads to from the
    /// leaves of the `ballots` whose own `proof` is empty, in batch order (OpenZeppelin's
    /// multiproof algorithm, `MerkleProof.processMultiProof`, with its flags packed: flag `i`
    /// is bit `i % 256` of `proofFlags[i / 256]`; leaves as in M-Voting,
    /// `keccak256(bytes.concat(keccak256(abi.encode(index, voter, weight))))`). With `L` leaves
    /// there are `L + proof.length - 1` flags, in exactly `ceil(that / 256)` words whose bits
    /// past the last flag are zero. Takes `IMVoting.relayBatch`'s arguments as they are
    /// (M-Voting forwards its calldata); `ballotId` is not read. Returns zero (never a root)
    /// or reverts (an out-of-range read) when the proof's shape does not fit its leaves,
    /// which M-Voting takes as a proof that does not hold.
    function multiproofRoot(
        uint256 ballotId,
        IMVoting.SignedBallot[] calldata ballots,
        bytes32[] calldata proof,
        uint256[] calldata proofFlags
    ) external pure returns (bytes32);

    /// @notice Whether `b - dSum == count * G` (`dSum` the sum of every partial decryption).
    function decryptsTo(
        uint256[2] calldata b,
        uint256[2] calldata dSum,
        uint256 count
    ) external view returns (bool);

    /// @notice Whether `p` is on alt_bn128 G1 (or is `(0, 0)`, infinity).
    function onCurve(uint256[2] calldata p) external pure returns (bool);
}
