// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title M-Voting: eligible-voter ballots with gasless signed votes, open and secret modes
/// @notice An election authority creates ballots whose electorate is a Merkle root over
/// `(index, voter, weight)` leaves (OpenZeppelin StandardMerkleTree encoding: the leaf is
/// `keccak256(bytes.concat(keccak256(abi.encode(index, voter, weight))))`, pairs hashed sorted).
/// Setting up a ballot costs the same for 10 or 1,000,000 voters.
///
/// A voter votes directly, or signs an EIP-712 `Ballot` that anyone relays, alone or in a
/// batch. In open mode the choice is tallied at once; in secret mode the voter commits
/// `keccak256(abi.encode(contract, ballotId, index, choice, salt))` for seat `index` while
/// the ballot is open and anyone holding the salt reveals it in the reveal window after
/// close. Turnout is live in both modes; an unrevealed commitment counts toward turnout,
/// never toward the tally or the quorum. Leaf indices are unique within a tree.
///
/// Seats, not addresses, vote. Each leaf is a seat and each seat is its own vote, the same
/// in open, secret and relayed modes: an address holding several seats (a household with two
/// flats) votes once per seat, each time with that seat's weight, and counts once per seat
/// in turnout, tallies and the headcount quorum. A seat votes or commits once unless the
/// ballot allows changes; a change replaces that seat's earlier vote or commitment only,
/// never another seat's, even one of the same address. A signed ballot names its seat and
/// weight (both are in `BALLOT_TYPEHASH`), so a signature counts for that one seat.
///
/// Replay protection: a seat's first ballot sets its bit in a bitmap (a storage word holds
/// the bits of 32 seats on 8 consecutive ballots, ballot ids `8k` to `8k + 7`, so a word
/// an earlier ballot wrote is rewritten, not created). A ballot that allows changes or is secret keeps a per-seat record (to move the old
/// choice out of the tally, or to hold the commitment); its `nonce` is the number of ballots
/// already accepted for that seat, and a signature must carry it. On an open ballot that
/// does not allow changes the nonce is always 0 and the seat bit stops replays.
///
/// Relayed ballots are checked in this order, and everything that needs no external call
/// comes before the signature: deadline (`SignatureExpired`), option (`InvalidChoice`, open
/// mode), seat already used (`AlreadyVoted`), Merkle proof (`NotEligible`), nonce
/// (`NonceMismatch`), then the signature (`InvalidSignature`). An ERC-1271 wallet is asked
/// with exactly `ERC1271_GAS` gas (a `staticcall`, at most 32 bytes of its answer read); a
/// wallet that reverts, runs out of that gas, or returns short or wrong data is an invalid
/// signature. If too little gas is left to give the wallet all of `ERC1271_GAS` (EIP-150
/// keeps 1/64 back), the whole transaction reverts with `SignerCheck.GasTooLowForWalletCheck`
/// rather than report a wallet's signature as invalid: a relayer cannot starve a wallet.
///
/// Batch relay (`relayBatch`): whole-batch conditions (unknown, cancelled or closed ballot)
/// revert the transaction. Each item is then checked on its own: a bad item is skipped, never
/// silently: it emits `RelayedBallotRejected(ballotId, voter, index, reason)` and its
/// `Rejection` code is returned at its position in the result array (`None` = counted).
/// Cost bound: an item whose voter is an ERC-1271 wallet costs at most `ERC1271_GAS` plus
/// about 10,000 gas more than an EOA's item, whatever the wallet does; an ineligible item is
/// rejected before any wallet call. Measured on a 107-seat tree (7-sibling proofs): 100 EOA
/// ballots plus five hostile wallet items (gas burner, reverter, garbage, short and 64 KiB
/// answers) in one batch cost 2,153,873 gas; the tests assert at most 2,300,000.
///
/// Bounds (nothing wraps): a leaf's weight is at most 2^96 - 1 (a heavier claim is
/// `NotEligible`); an option's tallied voters and a secret ballot's turnout count are stored
/// in 32 bits with checked conversion (a 2^32-th seat reverts, never wraps), so any sum of
/// weights is below 2^32 * 2^96 = 2^128 and is stored in 128 bits, also with checked
/// conversion. Getters return these sums as uint256.
///
/// Results: most tallied weight wins; an equal top weight is a tie; the quorum (headcount
/// and/or weight) is measured on tallied votes, so in secret mode an unrevealed commitment
/// never helps a result pass. Open ballots report turnout as the sum of their tallies.
///
/// Encrypted mode (secret for ever): see `createEncryptedBallot` and
/// {ISecretBallotVerifier}, which states what is secret from whom and what is not. A ballot is
/// created with `secret = true` and a committee of trustees; `revealEnd` is the decryption
/// deadline. Each trustee posts a key share with a Schnorr proof before `start`; the election
/// key is their sum (n-of-n). A seat casts one exponential-ElGamal ciphertext per option with
/// proofs that each encrypts 0 or 1 and that they sum to exactly 1, bound to the chain, this
/// contract, the ballot, the seat and the voter; on a two-option ballot only option 0's
/// ciphertext `(a, b)` and its bit proof (option 1 is `(-a, G - b)`, which needs no proof of
/// its own and no sum proof). The contract verifies them (through its own
/// verifier, deployed by its constructor: `verifier()`), multiplies each ciphertext by the
/// seat's weight and adds it to the option's aggregate (two options: only option 0's is
/// stored, option 1's is `(-A, W*G - B)` with `W` the turnout weight); a change subtracts the
/// seat's earlier
/// ciphertexts (given again in calldata and checked against the stored hash, its
/// commitment). Signed ballots carry `choice = keccak256(abi.encode(a, b))`. After `end`
/// each trustee posts one partial decryption per option with a Chaum-Pedersen proof; once
/// all have, anyone finalizes with the claimed per-option weights, each checked as
/// `b - sum(D_i) == weight * G`. Turnout counts as in secret mode; per-option headcounts are
/// never known (tallies report votes 0), so the headcount quorum is measured on turnout.
/// Liveness: a trustee who never posts blocks the result; once `revealEnd` passes unfinalized
/// the authority may cancel the ballot and re-run it with a new committee.
///
/// Gas notes for relayers: seats share bitmap words (256 seats per storage word), so a batch
/// of ballots sorted by seat pays one fresh word per 256 seats instead of one per voter; a
/// batch adds its tallies up in memory and writes each touched option once.
interface IMVoting {
    // ---------------------------------------------------------------- types

    /// @notice Ballot life cycle. `Created` covers pending, open, revealing and closed; the
    /// window in time decides which of those applies.
    enum BallotState {
        None,
        Created,
        Cancelled,
        Finalized
    }

    /// @notice What a finalized ballot decided.
    enum Outcome {
        None,
        Winner,
        Tie,
        QuorumNotMet
    }

    /// @notice Why a relayed ballot in a batch was skipped.
    enum Rejection {
        None,
        NotEligible,
        AlreadyVoted,
        InvalidChoice,
        SignatureExpired,
        NonceMismatch,
        InvalidSignature,
        InvalidProof
    }

    /// @notice Everything the authority fixes when it creates a ballot.
    /// @param metadataHash hash of the off-chain text (title, options, rules)
    /// @param eligibilityRoot Merkle root over `(index, voter, weight)` leaves
    /// @param start first second votes count (inclusive)
    /// @param end first second votes no longer count (exclusive); reveals start here
    /// @param revealEnd end of the reveal window (exclusive); 0 for open ballots
    /// @param optionCount number of options, 2..MAX_OPTIONS; options are 0..optionCount-1
    /// @param secret commit/reveal mode
    /// @param allowChange whether a voter may replace their vote or commitment before close
    /// @param quorumVotes least number of tallied seats for a valid result (0 = none)
    /// @param quorumWeight least tallied weight for a valid result (0 = none)
    struct BallotConfig {
        bytes32 metadataHash;
        bytes32 eligibilityRoot;
        uint32 start;
        uint32 end;
        uint32 revealEnd;
        uint8 optionCount;
        bool secret;
        bool allowChange;
        uint32 quorumVotes;
        uint96 quorumWeight;
    }

    /// @notice A ballot as the getters report it.
    struct BallotView {
        BallotConfig config;
        BallotState state;
        uint256 turnoutVotes;
        uint256 turnoutWeight;
        Outcome outcome;
        uint8 winner;
    }

    /// @notice A voter's EIP-712 signed ballot for one seat, relayed by anyone. Every field
    /// but `proof` and `signature` is signed (`BALLOT_TYPEHASH`).
    /// @param voter the eligible address (an EOA or an ERC-1271 wallet)
    /// @param index the seat (leaf index) this ballot is for
    /// @param weight the seat's weight in the eligibility tree
    /// @param choice the option number (open mode) or the commitment (secret mode)
    /// @param nonce the seat's nonce on this ballot (see `nonceOf`)
    /// @param deadline last second the signature is valid
    /// @param proof Merkle proof of the leaf
    /// @param signature 65-byte ECDSA signature or ERC-1271 wallet signature
    struct SignedBallot {
        address voter;
        uint256 index;
        uint256 weight;
        bytes32 choice;
        uint256 nonce;
        uint256 deadline;
        bytes32[] proof;
        bytes signature;
    }

    /// @notice An encrypted ballot for one seat (see {ISecretBallotVerifier} for the proofs).
    /// On a two-option ballot `a`, `b` and `bitProofs` hold option 0's entry only and
    /// `sumProof` is not checked (send zeros); with more options one entry per option.
    /// @param a per option, the ciphertext's first point `r*G` as `[x, y]`
    /// @param b per option, the ciphertext's second point `m*G + r*H`
    /// @param bitProofs per option, `(c0, c1, z0, z1)` that it encrypts 0 or 1
    /// @param sumProof `(c, z)` that the options sum to exactly 1
    /// @param previousA the seat's earlier `a` on a change (empty on its first ballot)
    /// @param previousB the seat's earlier `b` on a change (empty on its first ballot)
    struct EncryptedVote {
        uint256[2][] a;
        uint256[2][] b;
        uint256[4][] bitProofs;
        uint256[2] sumProof;
        uint256[2][] previousA;
        uint256[2][] previousB;
    }

    // ---------------------------------------------------------------- errors

    /// @notice The ballot configuration is invalid: fewer than 2 or more than MAX_OPTIONS options.
    error InvalidOptionCount(uint256 optionCount);
    /// @notice The ballot window is invalid (start in the past, end not after start, or a reveal
    /// window that does not match the mode).
    error InvalidBallotWindow(uint256 start, uint256 end, uint256 revealEnd);
    /// @notice The eligibility root is zero.
    error EmptyEligibilityRoot();
    /// @notice No ballot has this id.
    error UnknownBallot(uint256 ballotId);
    /// @notice The ballot was cancelled.
    error BallotIsCancelled(uint256 ballotId);
    /// @notice The ballot already opened, so it can no longer be cancelled.
    error BallotAlreadyOpened(uint256 ballotId, uint256 start);
    /// @notice Votes and commitments count only in `[start, end)`.
    error BallotNotOpen(uint256 ballotId, uint256 timestamp, uint256 start, uint256 end);
    /// @notice The call does not fit the ballot's mode (a plain vote on a secret ballot, a
    /// commitment on an open one, a reveal on an open one).
    error WrongBallotMode(uint256 ballotId, bool secret);
    /// @notice The Merkle proof does not show `(index, voter, weight)` in the eligibility tree.
    error NotEligible(uint256 ballotId, address voter, uint256 index, uint256 weight);
    /// @notice The seat already voted and the ballot does not allow changes.
    error AlreadyVoted(uint256 ballotId, address voter, uint256 index);
    /// @notice The option does not exist on this ballot.
    error InvalidChoice(uint256 ballotId, uint256 choice, uint256 optionCount);
    /// @notice The signed ballot's deadline has passed.
    error BallotSignatureExpired(uint256 ballotId, address voter, uint256 deadline);
    /// @notice The signed ballot carries a stale or future nonce for its seat (a replay).
    error NonceMismatch(
        uint256 ballotId,
        address voter,
        uint256 index,
        uint256 expected,
        uint256 given
    );
    /// @notice The signature is not the voter's (ECDSA or ERC-1271).
    error InvalidBallotSignature(uint256 ballotId, address voter);
    /// @notice Reveals count only in `[end, revealEnd)`.
    error NotInRevealWindow(uint256 ballotId, uint256 timestamp, uint256 end, uint256 revealEnd);
    /// @notice The seat has no commitment on this ballot.
    error NoCommitment(uint256 ballotId, uint256 index);
    /// @notice The seat's commitment was already revealed.
    error AlreadyRevealed(uint256 ballotId, uint256 index);
    /// @notice `(choice, salt)` does not open the seat's commitment.
    error RevealMismatch(uint256 ballotId, uint256 index, bytes32 commitment);
    /// @notice The ballot cannot be finalized before `closesAt` (end, or revealEnd if secret).
    error BallotNotClosed(uint256 ballotId, uint256 timestamp, uint256 closesAt);
    /// @notice The ballot's result is already recorded.
    error BallotAlreadyFinalized(uint256 ballotId);
    /// @notice A batch must hold at least one signed ballot.
    error EmptyBatch();
    /// @notice The call does not fit the ballot's encryption (an encrypted vote on a plain
    /// ballot, or a plain vote, commitment, reveal or finalize on an encrypted one).
    error WrongEncryption(uint256 ballotId, bool encrypted);
    /// @notice An encrypted ballot needs 1..MAX_TRUSTEES distinct non-zero trustees.
    error InvalidCommittee(uint256 trustees);
    /// @notice `account` is not a trustee of the ballot.
    error NotTrustee(uint256 ballotId, address account);
    /// @notice The trustee already posted (a key share, or partial decryptions).
    error AlreadyPosted(uint256 ballotId, address trustee);
    /// @notice Key shares are posted only before the ballot opens.
    error KeyWindowClosed(uint256 ballotId, uint256 timestamp, uint256 start);
    /// @notice Not every trustee posted a key share, so there is no election key yet.
    error ElectionKeyNotReady(uint256 ballotId, uint256 posted, uint256 trustees);
    /// @notice Partial decryptions are posted only in `[end, revealEnd)`.
    error NotInDecryptionWindow(
        uint256 ballotId,
        uint256 timestamp,
        uint256 end,
        uint256 revealEnd
    );
    /// @notice Not every trustee posted partial decryptions yet.
    error DecryptionIncomplete(uint256 ballotId, uint256 posted, uint256 trustees);
    /// @notice An array has the wrong length (one entry per option is expected; one for an
    /// encrypted two-option ballot).
    error LengthMismatch(uint256 ballotId, uint256 expected, uint256 given);
    /// @notice The earlier ciphertexts given for a change are not the seat's.
    error PreviousBallotMismatch(uint256 ballotId, uint256 index, bytes32 commitment);
    /// @notice Trustee `trustee`'s key share is infinity or its Schnorr proof fails.
    error InvalidKeyProof(uint256 ballotId, address trustee);
    /// @notice Option `option`'s ciphertext is not shown to encrypt 0 or 1 for this seat and
    /// voter on this ballot (a wrong bit, a point off the curve, or a proof made for another
    /// seat, voter, ballot or contract, e.g. a ciphertext copied from another voter).
    error InvalidBitProof(uint256 ballotId, uint256 index, uint256 option);
    /// @notice The options are not shown to sum to exactly one for this seat and voter.
    error InvalidSumProof(uint256 ballotId, uint256 index);
    /// @notice Trustee `trustee`'s partial decryption of option `option` fails its proof.
    error InvalidDecryptionProof(uint256 ballotId, address trustee, uint256 option);
    /// @notice `weight` is not option `option`'s decrypted tally.
    error CountMismatch(uint256 ballotId, uint256 option, uint256 weight);
    /// @notice A signed encrypted ballot's `choice` is not `keccak256(abi.encode(a, b))`.
    error CiphertextNotSigned(uint256 ballotId, address voter, bytes32 choice);

    // ---------------------------------------------------------------- events

    /// @notice A ballot was created (its full configuration, enough to recount).
    event BallotCreated(uint256 indexed ballotId, BallotConfig config);
    /// @notice A ballot was cancelled before it opened.
    event BallotCancelled(uint256 indexed ballotId);
    /// @notice An open-mode vote of seat `index` counted. When the seat had voted before (a
    /// change), the recount moves that seat's earlier choice to this one; turnout does not
    /// change.
    event VoteCast(
        uint256 indexed ballotId,
        address indexed voter,
        uint256 index,
        uint256 choice,
        uint256 weight
    );
    /// @notice A secret-mode commitment of seat `index` counted toward turnout (replacing
    /// that seat's earlier one, if any).
    event VoteCommitted(
        uint256 indexed ballotId,
        address indexed voter,
        uint256 index,
        bytes32 commitment,
        uint256 weight
    );
    /// @notice Seat `index`'s commitment was opened; its weight joins `choice`'s tally.
    event VoteRevealed(uint256 indexed ballotId, uint256 indexed index, uint256 choice);
    /// @notice An encrypted ballot was created with its trustee committee.
    event EncryptedBallotCreated(uint256 indexed ballotId, address[] trustees);
    /// @notice A trustee's key share was recorded, with the Schnorr proof `(c, z)` it passed
    /// (logged so that a recount from logs alone re-verifies it).
    event KeySharePosted(
        uint256 indexed ballotId,
        address indexed trustee,
        uint256[2] share,
        uint256[2] proof
    );
    /// @notice Seat `index`'s encrypted ballot counted (its `VoteCommitted` event carries the
    /// hash, voter and weight); the aggregates gained `weight` times each option's ciphertext
    /// and, on a change, lost the seat's earlier ones times its earlier weight. `a`/`b` are as
    /// sent (one entry on a two-option ballot: option 1 is `(-a, G - b)`), with the bit proofs
    /// and sum proof they passed, so that a recount from logs alone re-verifies every ballot
    /// (on any node, whatever contract or wallet relayed it) at 8 gas per logged byte.
    event EncryptedVoteCast(
        uint256 indexed ballotId,
        uint256 indexed index,
        uint256[2][] a,
        uint256[2][] b,
        uint256[4][] bitProofs,
        uint256[2] sumProof
    );
    /// @notice A trustee's verified partial decryptions `d[o] = x_i * aggregateA[o]`, with
    /// the Chaum-Pedersen proofs `(c, z)` they passed.
    event DecryptionPosted(
        uint256 indexed ballotId,
        address indexed trustee,
        uint256[2][] d,
        uint256[2][] proofs
    );
    /// @notice An item of a relayed batch was skipped, and why.
    event RelayedBallotRejected(
        uint256 indexed ballotId,
        address indexed voter,
        uint256 index,
        Rejection reason
    );
    /// @notice The result was recorded; it never changes afterwards.
    event BallotFinalized(
        uint256 indexed ballotId,
        Outcome outcome,
        uint256 winner,
        uint256 talliedVotes,
        uint256 talliedWeight
    );

    // ---------------------------------------------------------------- authority

    /// @notice Create a ballot; returns its id (1, 2, ...). Only the election authority.
    function createBallot(BallotConfig calldata config) external returns (uint256 ballotId);

    /// @notice Cancel a ballot before it opens, or an encrypted ballot whose decryption
    /// deadline (`revealEnd`) passed before it was finalized. Only the election authority.
    function cancelBallot(uint256 ballotId) external;

    // ---------------------------------------------------------------- voters

    /// @notice Vote directly (open mode) as `msg.sender` from seat `index` with `weight`.
    function vote(
        uint256 ballotId,
        uint256 index,
        uint256 weight,
        uint256 choice,
        bytes32[] calldata proof
    ) external;

    /// @notice Commit directly (secret mode) as `msg.sender`.
    function commit(
        uint256 ballotId,
        uint256 index,
        uint256 weight,
        bytes32 commitment,
        bytes32[] calldata proof
    ) external;

    /// @notice Relay one signed ballot; reverts with the specific error if it does not count.
    function relay(uint256 ballotId, SignedBallot calldata ballot) external;

    /// @notice Relay many signed ballots for one ballot. Bad items are skipped with a
    /// `RelayedBallotRejected` event; the returned array holds each item's `Rejection`.
    /// Eligibility: an item with a non-empty `proof` is checked on its own. With `proof` and
    /// `proofFlags` both empty, so is every item (an empty own proof then means a one-seat
    /// roll, as in `relay`). Otherwise `proof` / `proofFlags` are one Merkle multiproof
    /// (OpenZeppelin's multiproof, its flags packed 256 to a word: flag `i` is bit `i % 256`
    /// of `proofFlags[i / 256]`, see `ISecretBallotVerifier.multiproofRoot`) for every item
    /// whose own `proof`
    /// is empty, so the siblings those seats share are sent once for the batch: their leaves
    /// are taken in batch order, which must be the multiproof's leaf order (seats ascending,
    /// as `civic.merkle.MerkleTree.multiproof` builds it). The multiproof is checked once,
    /// before any item (by `verifier().multiproofRoot`); if it does not lead to the ballot's
    /// root, or its shape does not fit its leaves, every item it covers is
    /// `Rejection.NotEligible` at that check's usual place (after `AlreadyVoted`, before the
    /// nonce and any wallet call); nothing reverts for it.
    function relayBatch(
        uint256 ballotId,
        SignedBallot[] calldata ballots,
        bytes32[] calldata proof,
        uint256[] calldata proofFlags
    ) external returns (Rejection[] memory results);

    /// @notice Open seat `index`'s commitment in the reveal window. Anyone holding the salt
    /// may call.
    function reveal(uint256 ballotId, uint256 index, uint256 choice, bytes32 salt) external;

    /// @notice Record the result once the ballot closed (and its reveal window ended). Anyone.
    function finalize(uint256 ballotId) external returns (Outcome outcome, uint256 winner);

    // ---------------------------------------------------------------- encrypted mode

    /// @notice Create an encrypted ballot (`config.secret` must be true; `revealEnd` is the
    /// decryption deadline) with its trustee committee. Only the election authority.
    function createEncryptedBallot(
        BallotConfig calldata config,
        address[] calldata trustees
    ) external returns (uint256 ballotId);

    /// @notice Post `msg.sender`'s key share with its Schnorr proof `(c, z)`, before `start`.
    function postKeyShare(
        uint256 ballotId,
        uint256[2] calldata share,
        uint256[2] calldata proof
    ) external;

    /// @notice Cast an encrypted ballot directly as `msg.sender` from seat `index`.
    function castEncrypted(
        uint256 ballotId,
        uint256 index,
        uint256 weight,
        bytes32[] calldata proof,
        EncryptedVote calldata encryptedVote
    ) external;

    /// @notice Relay one signed encrypted ballot; reverts with the specific error if it does
    /// not count.
    function relayEncrypted(
        uint256 ballotId,
        SignedBallot calldata ballot,
        EncryptedVote calldata encryptedVote
    ) external;

    /// @notice Relay many signed encrypted ballots (same rules as `relayBatch`; a ballot
    /// whose proofs or ciphertext hash fail is `Rejection.InvalidProof`).
    function relayEncryptedBatch(
        uint256 ballotId,
        SignedBallot[] calldata ballots,
        EncryptedVote[] calldata encryptedVotes
    ) external returns (Rejection[] memory results);

    /// @notice Post `msg.sender`'s partial decryption of every option's aggregate, each
    /// with its Chaum-Pedersen proof `(c, z)`, in `[end, revealEnd)`.
    function postDecryption(
        uint256 ballotId,
        uint256[2][] calldata d,
        uint256[2][] calldata proofs
    ) external;

    /// @notice Record the result of an encrypted ballot from the claimed per-option weights,
    /// each checked against the decrypted aggregate. Anyone, once every trustee posted.
    function finalizeEncrypted(
        uint256 ballotId,
        uint256[] calldata weights
    ) external returns (Outcome outcome, uint256 winner);

    /// @notice The verifier this contract deployed and calls (`staticcall`) for proofs.
    function verifier() external view returns (address);

    /// @notice Whether the ballot is in encrypted mode.
    function isEncrypted(uint256 ballotId) external view returns (bool);

    /// @notice The ballot's trustees, the election key (zero until all shares are in) and how
    /// many trustees posted key shares and partial decryptions.
    function committeeOf(
        uint256 ballotId
    )
        external
        view
        returns (
            address[] memory trustees,
            uint256[2] memory key,
            uint256 sharesPosted,
            uint256 decryptionsPosted
        );

    /// @notice Trustee `trustee`'s key share (zero if none).
    function keyShareOf(
        uint256 ballotId,
        address trustee
    ) external view returns (uint256[2] memory);

    /// @notice Option `option`'s aggregate ciphertext and the sum of the partial decryptions
    /// posted so far (on a two-option ballot option 1's is derived: `(-A_0, W*G - B_0)`).
    function aggregateOf(
        uint256 ballotId,
        uint256 option
    ) external view returns (uint256[2] memory a, uint256[2] memory b, uint256[2] memory d);

    // ---------------------------------------------------------------- getters

    /// @notice Gas an ERC-1271 wallet's `isValidSignature` is given: 50,000 (see
    /// `SignerCheck.ERC1271_GAS`; a Safe 1.4.1 with a threshold up to 4 fits, measured cold:
    /// 27,026 gas for one owner signature, 6,673 per further one). The call needs
    /// `SignerCheck.ERC1271_GAS_REQUIRED` (53,793) gas left before it, or the transaction
    /// reverts with `GasTooLowForWalletCheck`.
    function ERC1271_GAS() external view returns (uint256);

    /// @notice Number of ballots created; ids run from 1 to this.
    function ballotCount() external view returns (uint256);

    /// @notice A ballot's configuration, state, live turnout and (once finalized) result.
    function getBallot(uint256 ballotId) external view returns (BallotView memory);

    /// @notice Tallied seats and weight of one option (revealed votes only in secret mode).
    function tallyOf(
        uint256 ballotId,
        uint256 option
    ) external view returns (uint256 votes, uint256 weight);

    /// @notice Every option's tallied voters and weight, in option order.
    function talliesOf(
        uint256 ballotId
    ) external view returns (uint256[] memory votes, uint256[] memory weights);

    /// @notice Whether seat `index` voted or committed on the ballot.
    function hasVoted(uint256 ballotId, uint256 index) external view returns (bool);

    /// @notice The nonce the next signed ballot for seat `index` must carry on this ballot.
    function nonceOf(uint256 ballotId, uint256 index) external view returns (uint256);

    /// @notice Seat `index`'s record on ballots that allow changes or are secret: current
    /// choice (open; or revealed choice), weight and whether the commitment was revealed.
    function recordOf(
        uint256 ballotId,
        uint256 index
    ) external view returns (uint256 choice, uint256 weight, bool revealed);

    /// @notice Seat `index`'s current commitment on a secret ballot (zero if none).
    function commitmentOf(uint256 ballotId, uint256 index) external view returns (bytes32);

    /// @notice The commitment seat `index` must make to choose `choice` with `salt`.
    function commitmentFor(
        uint256 ballotId,
        uint256 index,
        uint256 choice,
        bytes32 salt
    ) external view returns (bytes32);

    /// @notice EIP-712 digest of a signed ballot for seat `index`, for wallets and relayers.
    function ballotDigest(
        address voter,
        uint256 ballotId,
        uint256 index,
        uint256 weight,
        bytes32 choice,
        uint256 nonce,
        uint256 deadline
    ) external view returns (bytes32);
}
