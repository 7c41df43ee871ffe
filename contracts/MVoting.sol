// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {IMVoting} from "./interfaces/IMVoting.sol";
import {ISecretBallotVerifier} from "./interfaces/ISecretBallotVerifier.sol";
import {SecretBallotVerifier} from "./SecretBallotVerifier.sol";
import {AltBn128} from "./libraries/AltBn128.sol";
import {SignerCheck} from "./libraries/SignerCheck.sol";

/// @title M-Voting
/// @notice See {IMVoting}. Gas layout: every vote touches the Merkle root (1 slot), the
/// ballot's hot slot (window, mode, live turnout: 1 slot, rewritten), one seat bit (a word
/// holds 32 seats of 8 ballots, see `_seats`), the chosen option's tally (1 slot) and, only on ballots that allow changes or
/// are secret, the seat's record. A batch adds its tallies up in memory and writes each
/// touched option once.
///
/// Encrypted mode: the proofs are checked by `verifier()`, a stateless
/// `SecretBallotVerifier` this constructor deploys (so its address is fixed and its code is
/// ours; calls to it are `staticcall`s of view functions); the aggregates are added here with
/// the precompiles (`AltBn128`), per option one ecAdd per ballot, plus two ecMul for a weight
/// above 1 and, on a change, two ecMul and one ecAdd for the earlier ciphertext.
contract MVoting is IMVoting, AccessControl, EIP712 {
    using AltBn128 for uint256[2];

    // ---------------------------------------------------------------- storage

    /// @dev Slot 2 (`start` .. `turnoutWeight`) is the one every vote reads and writes; slot 3
    /// (`revealEnd` .. `winner`) is read by reveals and `finalize` only.
    struct Ballot {
        bytes32 root;
        bytes32 metadataHash;
        uint32 start;
        uint32 end;
        uint8 optionCount;
        uint8 mode; // _OPEN, _COMMIT_REVEAL or _ENCRYPTED: in the hot slot, read by every vote
        bool allowChange;
        BallotState state;
        uint32 turnoutVotes;
        uint128 turnoutWeight;
        uint32 revealEnd;
        uint32 quorumVotes;
        uint96 quorumWeight;
        Outcome outcome;
        uint8 winner;
    }

    /// @dev `opened` is set for every option when the ballot is created, so the first vote
    /// for an option rewrites a live slot (~5k gas) instead of creating one (~22k): the
    /// authority pays that once per option, whatever the size of the electorate.
    struct Tally {
        bool opened;
        uint32 votes;
        uint128 weight;
    }

    /// @dev A seat's record, written only on ballots that allow changes or are secret. `nonce`
    /// counts the ballots accepted for the seat; `nonce == 0` means "has not voted / committed".
    struct Record {
        uint32 nonce;
        uint8 choice;
        bool revealed;
        uint96 weight;
    }

    /// @dev 32 seats' bits on 8 ballots (see `_seats`).
    struct SeatWord {
        uint256 bits;
    }

    /// @dev A ballot's voting rules, read from storage once per call.
    struct Rules {
        bytes32 root;
        uint256 optionCount;
        bool secret;
        bool allowChange;
        bool encrypted;
    }

    /// @dev An encrypted ballot's trustee committee and election key.
    struct Committee {
        uint8 size;
        uint8 shares;
        uint8 decryptions;
        uint256[2] key;
    }

    /// @dev An option's aggregate ciphertext `(a, b)`, each stored plus `G` so that its four
    /// slots are live from `createEncryptedBallot` on (the first ballot then rewrites them,
    /// ~5k gas each, instead of creating them, ~22k); readers subtract `G` (`_aggregate`).
    /// `d` is the sum of the partial decryptions posted so far.
    struct Aggregate {
        uint256[2] a;
        uint256[2] b;
        uint256[2] d;
    }

    /// @dev Tally changes of one call, written to storage once at its end. Open ballots
    /// derive turnout from their tallies; secret ballots count it at commit time.
    struct Pending {
        int256[] votes;
        int256[] weight;
        uint256 turnoutVotes;
        int256 turnoutWeight;
    }

    uint256 private _ballotCount;
    mapping(uint256 ballotId => Ballot) private _ballots;
    mapping(uint256 ballotId => mapping(uint256 option => Tally)) private _tallies;
    /// @dev Seat bits, `_GROUP` ballots to a word so that a word stays non-zero from one
    /// ballot to the next: ballot `b`'s bit for seat `i` is bit
    /// `(b % _GROUP) * _WORD_SEATS + i % _WORD_SEATS` of `_seats[b / _GROUP][i / _WORD_SEATS]`.
    /// A seat's first vote in a word an earlier ballot of its group wrote rewrites a live slot
    /// (~5k gas) instead of creating one (~22k). Bits are only ever set.
    mapping(uint256 group => mapping(uint256 word => SeatWord)) private _seats;
    mapping(uint256 ballotId => mapping(uint256 index => Record)) private _records;
    mapping(uint256 ballotId => mapping(uint256 index => bytes32)) private _commitments;
    mapping(uint256 ballotId => Committee) private _committees;
    mapping(uint256 ballotId => address[]) private _trustees;
    /// @dev Per trustee: bit 0 member, bit 1 key share posted, bit 2 decryptions posted.
    mapping(uint256 ballotId => mapping(address trustee => uint256)) private _trusteeFlags;
    mapping(uint256 ballotId => mapping(address trustee => uint256[2])) private _keyShares;
    mapping(uint256 ballotId => mapping(uint256 option => Aggregate)) private _aggregates;
    ISecretBallotVerifier private immutable _VERIFIER;

    // ---------------------------------------------------------------- constants

    /// @notice Creates and cancels ballots.
    bytes32 public constant ELECTION_AUTHORITY_ROLE = keccak256("ELECTION_AUTHORITY_ROLE");
    /// @notice Most options a ballot may have (options are numbered 0..optionCount-1).
    uint256 public constant MAX_OPTIONS = 32;
    /// @notice EIP-712 type of a signed ballot for one seat; `choice` is the option (open) or
    /// the commitment (secret).
    bytes32 public constant BALLOT_TYPEHASH =
        keccak256(
            "Ballot(address voter,uint256 ballotId,uint256 index,uint256 weight,bytes32 choice,"
            "uint256 nonce,uint256 deadline)"
        );
    /// @inheritdoc IMVoting
    uint256 public constant ERC1271_GAS = SignerCheck.ERC1271_GAS;
    /// @notice Most trustees an encrypted ballot may have.
    uint256 public constant MAX_TRUSTEES = 16;
    uint8 private constant _OPEN = 0;
    uint8 private constant _COMMIT_REVEAL = 1;
    uint8 private constant _ENCRYPTED = 2;
    uint256 private constant _MEMBER = 1;
    uint256 private constant _SHARED = 2;
    uint256 private constant _DECRYPTED = 4;
    uint256 private constant _GROUP = 8;
    uint256 private constant _WORD_SEATS = 32;
    /// @dev How a relayed item's eligibility is checked: its own proof, or a batch
    /// multiproof that held / failed.
    uint256 private constant _OWN_PROOF = 0;
    uint256 private constant _SHARED_HELD = 1;
    uint256 private constant _SHARED_FAILED = 2;
    /// @dev `_encryptedFailure` codes beyond the verifier's (which are at most
    /// `MAX_OPTIONS + 1`).
    uint256 private constant _BAD_LENGTH = type(uint256).max;
    uint256 private constant _BAD_PREVIOUS = type(uint256).max - 1;

    // ---------------------------------------------------------------- modifiers

    modifier onlyAuthority() {
        _checkRole(ELECTION_AUTHORITY_ROLE);
        _;
    }

    // ---------------------------------------------------------------- constructor

    constructor(address admin, address authority) EIP712("M-Voting", "1") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ELECTION_AUTHORITY_ROLE, authority);
        _VERIFIER = new SecretBallotVerifier();
    }

    // ---------------------------------------------------------------- external: authority

    /// @inheritdoc IMVoting
    function createBallot(
        BallotConfig calldata config
    ) external onlyAuthority returns (uint256 ballotId) {
        ballotId = _create(config);
    }

    /// @inheritdoc IMVoting
    function createEncryptedBallot(
        BallotConfig calldata config,
        address[] calldata trustees
    ) external onlyAuthority returns (uint256 ballotId) {
        if (!config.secret) revert WrongBallotMode(0, false);
        uint256 n = trustees.length;
        if (n == 0 || n > MAX_TRUSTEES) revert InvalidCommittee(n);
        ballotId = _create(config);
        for (uint256 i; i < n; ++i) {
            address t = trustees[i];
            if (t == address(0) || _trusteeFlags[ballotId][t] != 0) revert InvalidCommittee(n);
            _trusteeFlags[ballotId][t] = _MEMBER;
        }
        _ballots[ballotId].mode = _ENCRYPTED;
        _trustees[ballotId] = trustees;
        _committees[ballotId].size = SafeCast.toUint8(n);
        for (uint256 o; o < _cipherCount(config.optionCount); ++o) {
            Aggregate storage agg = _aggregates[ballotId][o];
            agg.a = AltBn128.g();
            agg.b = AltBn128.g();
        }
        emit EncryptedBallotCreated(ballotId, trustees);
    }

    /// @inheritdoc IMVoting
    function postKeyShare(
        uint256 ballotId,
        uint256[2] calldata share,
        uint256[2] calldata proof
    ) external {
        Ballot storage b = _encryptedBallot(ballotId);
        // Reason: the key must be complete before anyone votes; drift does not matter.
        // slither-disable-next-line timestamp
        if (block.timestamp >= b.start) revert KeyWindowClosed(ballotId, block.timestamp, b.start);
        uint256 flags = _trusteeFlag(ballotId, _SHARED);
        if (!_VERIFIER.verifyKeyShare(address(this), ballotId, msg.sender, share, proof)) {
            revert InvalidKeyProof(ballotId, msg.sender);
        }
        _trusteeFlags[ballotId][msg.sender] = flags | _SHARED;
        _keyShares[ballotId][msg.sender] = share;
        Committee storage c = _committees[ballotId];
        c.shares += 1;
        if (c.shares == c.size) {
            uint256[2] memory key = [uint256(0), uint256(0)];
            address[] storage trustees = _trustees[ballotId];
            for (uint256 i; i < c.size; ++i) {
                key = key.add(_keyShares[ballotId][trustees[i]]);
            }
            c.key = key;
        }
        emit KeySharePosted(ballotId, msg.sender, share, proof);
    }

    /// @inheritdoc IMVoting
    function castEncrypted(
        uint256 ballotId,
        uint256 index,
        uint256 weight,
        bytes32[] calldata proof,
        EncryptedVote calldata v
    ) external {
        (Ballot storage b, Rules memory rules) = _openEncrypted(ballotId);
        Rejection reason = _checkSeat(
            rules,
            ballotId,
            msg.sender,
            index,
            weight,
            0,
            proof,
            _OWN_PROOF
        );
        if (reason != Rejection.None) {
            _revertFor(reason, rules, ballotId, msg.sender, index, weight, 0);
        }
        _castEncrypted(b, rules, ballotId, msg.sender, index, weight, v);
    }

    /// @inheritdoc IMVoting
    function relayEncrypted(
        uint256 ballotId,
        SignedBallot calldata ballot,
        EncryptedVote calldata v
    ) external {
        (Ballot storage b, Rules memory rules) = _openEncrypted(ballotId);
        Rejection reason = _checkRelayed(rules, ballotId, ballot, _OWN_PROOF);
        if (reason != Rejection.None) _revertRelayed(reason, rules, ballotId, ballot);
        if (ballot.choice != _ciphertextHash(v.a, v.b)) {
            revert CiphertextNotSigned(ballotId, ballot.voter, ballot.choice);
        }
        _castEncrypted(b, rules, ballotId, ballot.voter, ballot.index, ballot.weight, v);
    }

    /// @inheritdoc IMVoting
    function relayEncryptedBatch(
        uint256 ballotId,
        SignedBallot[] calldata ballots,
        EncryptedVote[] calldata votes
    ) external returns (Rejection[] memory results) {
        (Ballot storage b, Rules memory rules) = _openEncrypted(ballotId);
        uint256 n = ballots.length;
        if (n == 0) revert EmptyBatch();
        if (votes.length != n) revert LengthMismatch(ballotId, n, votes.length);
        results = new Rejection[](n);
        for (uint256 i; i < n; ++i) {
            SignedBallot calldata s = ballots[i];
            Rejection reason = _checkRelayed(rules, ballotId, s, _OWN_PROOF);
            if (reason == Rejection.None && !_encryptedValid(rules, ballotId, s, votes[i])) {
                reason = Rejection.InvalidProof;
            }
            if (reason == Rejection.None) {
                _countEncrypted(b, rules, ballotId, s.voter, s.index, s.weight, votes[i]);
            } else {
                results[i] = reason;
                emit RelayedBallotRejected(ballotId, s.voter, s.index, reason);
            }
        }
    }

    /// @inheritdoc IMVoting
    function postDecryption(
        uint256 ballotId,
        uint256[2][] calldata d,
        uint256[2][] calldata proofs
    ) external {
        Ballot storage b = _encryptedBallot(ballotId);
        // Reason: the decryption window is hours to days long; drift does not matter.
        // slither-disable-next-line timestamp
        if (block.timestamp < b.end || block.timestamp >= b.revealEnd) {
            revert NotInDecryptionWindow(ballotId, block.timestamp, b.end, b.revealEnd);
        }
        uint256 options = b.optionCount;
        if (d.length != options || proofs.length != options) {
            revert LengthMismatch(ballotId, options, d.length);
        }
        uint256 flags = _trusteeFlag(ballotId, _DECRYPTED);
        uint256[2] memory share = _keyShares[ballotId][msg.sender];
        for (uint256 o; o < options; ++o) {
            _addPartial(ballotId, o, share, d[o], proofs[o]);
        }
        _trusteeFlags[ballotId][msg.sender] = flags | _DECRYPTED;
        _committees[ballotId].decryptions += 1;
        emit DecryptionPosted(ballotId, msg.sender, d, proofs);
    }

    /// @inheritdoc IMVoting
    function finalizeEncrypted(
        uint256 ballotId,
        uint256[] calldata weights
    ) external returns (Outcome outcome, uint256 winner) {
        Ballot storage b = _encryptedBallot(ballotId);
        if (b.state == BallotState.Finalized) revert BallotAlreadyFinalized(ballotId);
        Committee storage c = _committees[ballotId];
        if (c.decryptions != c.size) revert DecryptionIncomplete(ballotId, c.decryptions, c.size);
        uint256 options = b.optionCount;
        if (weights.length != options) revert LengthMismatch(ballotId, options, weights.length);
        for (uint256 o; o < options; ++o) {
            (, uint256[2] memory aggB, uint256[2] memory d) = _aggregate(ballotId, o);
            // Reason: a view call to this contract's own stateless verifier (deployed by the
            // constructor, fixed address, no state, never reverts on bad input).
            // slither-disable-next-line calls-loop
            if (!_VERIFIER.decryptsTo(aggB, d, weights[o])) {
                revert CountMismatch(ballotId, o, weights[o]);
            }
            // the decrypted weight is at most the turnout weight, below 2^128
            _tallies[ballotId][o].weight = SafeCast.toUint128(weights[o]);
        }
        return _record(b, ballotId, b.turnoutVotes);
    }

    function _create(BallotConfig calldata config) internal returns (uint256 ballotId) {
        if (config.optionCount < 2 || config.optionCount > MAX_OPTIONS) {
            revert InvalidOptionCount(config.optionCount);
        }
        if (config.eligibilityRoot == bytes32(0)) revert EmptyEligibilityRoot();
        bool badReveal = config.secret ? config.revealEnd <= config.end : config.revealEnd != 0;
        // Reason: "start not in the past" only keeps the authority from backdating a ballot;
        // seconds of drift do not matter.
        // slither-disable-next-line timestamp
        if (config.start < block.timestamp || config.end <= config.start || badReveal) {
            revert InvalidBallotWindow(config.start, config.end, config.revealEnd);
        }
        ballotId = ++_ballotCount;
        Ballot storage b = _ballots[ballotId];
        b.root = config.eligibilityRoot;
        b.metadataHash = config.metadataHash;
        b.start = config.start;
        b.end = config.end;
        b.revealEnd = config.revealEnd;
        b.optionCount = config.optionCount;
        b.mode = config.secret ? _COMMIT_REVEAL : _OPEN;
        b.allowChange = config.allowChange;
        b.state = BallotState.Created;
        b.quorumVotes = config.quorumVotes;
        b.quorumWeight = config.quorumWeight;
        for (uint256 o; o < config.optionCount; ++o) {
            _tallies[ballotId][o].opened = true;
        }
        emit BallotCreated(ballotId, config);
    }

    /// @inheritdoc IMVoting
    function cancelBallot(uint256 ballotId) external onlyAuthority {
        Ballot storage b = _existing(ballotId);
        if (b.state == BallotState.Cancelled) revert BallotIsCancelled(ballotId);
        // Reason: the authority may only withdraw a ballot nobody could have voted on yet, or
        // an encrypted one whose decryption deadline passed unfinalized (a missing trustee);
        // a miner's few seconds of drift cannot open a vote early (votes check the same bound).
        // slither-disable-next-line timestamp
        bool stalled = b.mode == _ENCRYPTED &&
            b.state != BallotState.Finalized &&
            block.timestamp >= b.revealEnd;
        // Opening times are hours apart; a validator's seconds of drift cannot open a ballot early.
        // slither-disable-next-line timestamp
        if (block.timestamp >= b.start && !stalled) revert BallotAlreadyOpened(ballotId, b.start);
        b.state = BallotState.Cancelled;
        emit BallotCancelled(ballotId);
    }

    // ---------------------------------------------------------------- external: voters

    /// @inheritdoc IMVoting
    function vote(
        uint256 ballotId,
        uint256 index,
        uint256 weight,
        uint256 choice,
        bytes32[] calldata proof
    ) external {
        (Ballot storage b, Rules memory rules) = _open(ballotId);
        if (rules.secret) revert WrongBallotMode(ballotId, true);
        _single(b, rules, ballotId, msg.sender, index, weight, bytes32(choice), proof);
    }

    /// @inheritdoc IMVoting
    function commit(
        uint256 ballotId,
        uint256 index,
        uint256 weight,
        bytes32 commitment,
        bytes32[] calldata proof
    ) external {
        (Ballot storage b, Rules memory rules) = _open(ballotId);
        if (!rules.secret) revert WrongBallotMode(ballotId, false);
        if (rules.encrypted) revert WrongEncryption(ballotId, true);
        _single(b, rules, ballotId, msg.sender, index, weight, commitment, proof);
    }

    /// @inheritdoc IMVoting
    function relay(uint256 ballotId, SignedBallot calldata ballot) external {
        (Ballot storage b, Rules memory rules) = _open(ballotId);
        if (rules.encrypted) revert WrongEncryption(ballotId, true);
        Rejection reason = _checkRelayed(rules, ballotId, ballot, _OWN_PROOF);
        if (reason != Rejection.None) _revertRelayed(reason, rules, ballotId, ballot);
        _count(b, rules, ballotId, ballot.voter, ballot.index, ballot.weight, ballot.choice);
    }

    /// @inheritdoc IMVoting
    function relayBatch(
        uint256 ballotId,
        SignedBallot[] calldata ballots,
        bytes32[] calldata proof,
        uint256[] calldata proofFlags
    ) external returns (Rejection[] memory results) {
        if (proof.length == 0 && proofFlags.length == 0) {
            return _relayBatch(ballotId, ballots, _OWN_PROOF);
        }
        // The verifier's `multiproofRoot` shares this function's parameters: it gets this
        // call's own arguments behind its selector (a `staticcall` to the stateless verifier
        // this constructor deployed; a revert there is a proof that does not hold). An unknown
        // ballot's root is zero, never a keccak output; `_relayBatch` reverts for it.
        bytes32 root = _ballots[ballotId].root;
        address verifierAddress = address(_VERIFIER);
        bytes4 selector = ISecretBallotVerifier.multiproofRoot.selector;
        bool held;
        // Reason: forwarding the calldata as it is keeps MVoting under EIP-170 (re-encoding
        // the ballots would not); only scratch memory and memory past the free pointer are
        // written.
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, selector)
            calldatacopy(add(ptr, 4), 4, sub(calldatasize(), 4))
            let ok := staticcall(gas(), verifierAddress, ptr, calldatasize(), 0, 32)
            held := and(and(ok, eq(returndatasize(), 32)), eq(mload(0), root))
        }
        return _relayBatch(ballotId, ballots, held ? _SHARED_HELD : _SHARED_FAILED);
    }

    /// @dev The batch loop of `relayBatch`; `shared` is
    /// `_OWN_PROOF` (every item checks its own proof) or the multiproof's verdict for the
    /// items without a proof of their own.
    function _relayBatch(
        uint256 ballotId,
        SignedBallot[] calldata ballots,
        uint256 shared
    ) internal returns (Rejection[] memory results) {
        (Ballot storage b, Rules memory rules) = _open(ballotId);
        if (rules.encrypted) revert WrongEncryption(ballotId, true);
        uint256 n = ballots.length;
        if (n == 0) revert EmptyBatch();
        results = new Rejection[](n);
        Pending memory p = _newPending(rules.optionCount);
        for (uint256 i; i < n; ) {
            SignedBallot calldata s = ballots[i];
            uint256 mode = (shared != _OWN_PROOF && s.proof.length == 0) ? shared : _OWN_PROOF;
            Rejection reason = _checkRelayed(rules, ballotId, s, mode);
            if (reason == Rejection.None) {
                _apply(rules, ballotId, s.voter, s.index, s.weight, s.choice, p);
            } else {
                results[i] = reason;
                emit RelayedBallotRejected(ballotId, s.voter, s.index, reason);
            }
            // cannot overflow: i < n <= calldata length
            unchecked {
                ++i;
            }
        }
        _flush(b, ballotId, p);
    }

    /// @inheritdoc IMVoting
    function reveal(uint256 ballotId, uint256 index, uint256 choice, bytes32 salt) external {
        Ballot storage b = _existing(ballotId);
        if (b.state == BallotState.Cancelled) revert BallotIsCancelled(ballotId);
        if (b.mode == _OPEN) revert WrongBallotMode(ballotId, false);
        if (b.mode == _ENCRYPTED) revert WrongEncryption(ballotId, true);
        // Reason: the reveal window is hours to days long; seconds of drift do not matter.
        // slither-disable-next-line timestamp
        if (block.timestamp < b.end || block.timestamp >= b.revealEnd) {
            revert NotInRevealWindow(ballotId, block.timestamp, b.end, b.revealEnd);
        }
        Record storage r = _records[ballotId][index];
        if (r.nonce == 0) revert NoCommitment(ballotId, index);
        if (r.revealed) revert AlreadyRevealed(ballotId, index);
        if (choice >= b.optionCount) revert InvalidChoice(ballotId, choice, b.optionCount);
        bytes32 commitment = _commitments[ballotId][index];
        if (_commitment(ballotId, index, choice, salt) != commitment) {
            revert RevealMismatch(ballotId, index, commitment);
        }
        r.revealed = true;
        r.choice = SafeCast.toUint8(choice);
        Tally storage t = _tallies[ballotId][choice];
        t.votes = SafeCast.toUint32(uint256(t.votes) + 1);
        t.weight = SafeCast.toUint128(uint256(t.weight) + r.weight);
        emit VoteRevealed(ballotId, index, choice);
    }

    /// @inheritdoc IMVoting
    function finalize(uint256 ballotId) external returns (Outcome outcome, uint256 winner) {
        Ballot storage b = _existing(ballotId);
        if (b.state == BallotState.Cancelled) revert BallotIsCancelled(ballotId);
        if (b.state == BallotState.Finalized) revert BallotAlreadyFinalized(ballotId);
        if (b.mode == _ENCRYPTED) revert WrongEncryption(ballotId, true);
        uint256 closesAt = b.mode != _OPEN ? b.revealEnd : b.end;
        // Reason: closing times are hours to days apart from any vote; drift does not matter.
        // slither-disable-next-line timestamp
        if (block.timestamp < closesAt) revert BallotNotClosed(ballotId, block.timestamp, closesAt);
        uint256 totalVotes = 0;
        uint256 options = b.optionCount;
        for (uint256 o; o < options; ++o) {
            totalVotes += _tallies[ballotId][o].votes;
        }
        return _record(b, ballotId, totalVotes);
    }

    /// @dev Decide and record the result from the tallied weights; `totalVotes` is the
    /// tallied headcount (turnout on encrypted ballots, whose per-option headcounts are secret).
    function _record(
        Ballot storage b,
        uint256 ballotId,
        uint256 totalVotes
    ) internal returns (Outcome outcome, uint256 winner) {
        uint256 totalWeight = 0;
        uint256 best = 0;
        bool tie = false;
        uint256 options = b.optionCount;
        for (uint256 o; o < options; ++o) {
            Tally memory t = _tallies[ballotId][o];
            totalWeight += t.weight;
            if (o == 0 || t.weight > best) {
                best = t.weight;
                winner = o;
                tie = false;
            } else if (t.weight == best) {
                tie = true;
            }
        }
        if (totalVotes < b.quorumVotes || totalWeight < b.quorumWeight) {
            outcome = Outcome.QuorumNotMet;
        } else if (tie) {
            outcome = Outcome.Tie;
        } else {
            outcome = Outcome.Winner;
        }
        if (outcome != Outcome.Winner) winner = 0;
        b.state = BallotState.Finalized;
        b.outcome = outcome;
        b.winner = SafeCast.toUint8(winner);
        emit BallotFinalized(ballotId, outcome, winner, totalVotes, totalWeight);
    }

    // ---------------------------------------------------------------- external: getters

    /// @inheritdoc IMVoting
    function verifier() external view returns (address) {
        return address(_VERIFIER);
    }

    /// @inheritdoc IMVoting
    function isEncrypted(uint256 ballotId) external view returns (bool) {
        return _ballots[ballotId].mode == _ENCRYPTED;
    }

    /// @inheritdoc IMVoting
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
        )
    {
        Committee storage c = _committees[ballotId];
        return (_trustees[ballotId], c.key, c.shares, c.decryptions);
    }

    /// @inheritdoc IMVoting
    function keyShareOf(
        uint256 ballotId,
        address trustee
    ) external view returns (uint256[2] memory) {
        return _keyShares[ballotId][trustee];
    }

    /// @inheritdoc IMVoting
    function aggregateOf(
        uint256 ballotId,
        uint256 option
    ) external view returns (uint256[2] memory a, uint256[2] memory b, uint256[2] memory d) {
        return _aggregate(ballotId, option);
    }

    /// @inheritdoc IMVoting
    function ballotCount() external view returns (uint256) {
        return _ballotCount;
    }

    /// @inheritdoc IMVoting
    function getBallot(uint256 ballotId) external view returns (BallotView memory v) {
        Ballot storage b = _ballots[ballotId];
        v.config = BallotConfig({
            metadataHash: b.metadataHash,
            eligibilityRoot: b.root,
            start: b.start,
            end: b.end,
            revealEnd: b.revealEnd,
            optionCount: b.optionCount,
            secret: b.mode != _OPEN,
            allowChange: b.allowChange,
            quorumVotes: b.quorumVotes,
            quorumWeight: b.quorumWeight
        });
        v.state = b.state;
        if (b.mode != _OPEN) {
            v.turnoutVotes = b.turnoutVotes;
            v.turnoutWeight = b.turnoutWeight;
        } else {
            // open ballots: every counted seat sits in exactly one option's tally
            for (uint256 o; o < b.optionCount; ++o) {
                Tally storage t = _tallies[ballotId][o];
                v.turnoutVotes += t.votes;
                v.turnoutWeight += t.weight;
            }
        }
        v.outcome = b.outcome;
        v.winner = b.winner;
    }

    /// @inheritdoc IMVoting
    function tallyOf(
        uint256 ballotId,
        uint256 option
    ) external view returns (uint256 votes, uint256 weight) {
        Tally storage t = _tallies[ballotId][option];
        return (t.votes, t.weight);
    }

    /// @inheritdoc IMVoting
    function talliesOf(
        uint256 ballotId
    ) external view returns (uint256[] memory votes, uint256[] memory weights) {
        uint256 options = _ballots[ballotId].optionCount;
        votes = new uint256[](options);
        weights = new uint256[](options);
        for (uint256 o; o < options; ++o) {
            Tally storage t = _tallies[ballotId][o];
            votes[o] = t.votes;
            weights[o] = t.weight;
        }
    }

    /// @inheritdoc IMVoting
    function hasVoted(uint256 ballotId, uint256 index) external view returns (bool) {
        return _voted(ballotId, index);
    }

    /// @inheritdoc IMVoting
    function nonceOf(uint256 ballotId, uint256 index) external view returns (uint256) {
        return _records[ballotId][index].nonce;
    }

    /// @inheritdoc IMVoting
    function recordOf(
        uint256 ballotId,
        uint256 index
    ) external view returns (uint256 choice, uint256 weight, bool revealed) {
        Record storage r = _records[ballotId][index];
        return (r.choice, r.weight, r.revealed);
    }

    /// @inheritdoc IMVoting
    function commitmentOf(uint256 ballotId, uint256 index) external view returns (bytes32) {
        return _commitments[ballotId][index];
    }

    /// @inheritdoc IMVoting
    function commitmentFor(
        uint256 ballotId,
        uint256 index,
        uint256 choice,
        bytes32 salt
    ) external view returns (bytes32) {
        return _commitment(ballotId, index, choice, salt);
    }

    /// @inheritdoc IMVoting
    function ballotDigest(
        address voter,
        uint256 ballotId,
        uint256 index,
        uint256 weight,
        bytes32 choice,
        uint256 nonce,
        uint256 deadline
    ) external view returns (bytes32) {
        return _ballotDigest(voter, ballotId, index, weight, choice, nonce, deadline);
    }

    // ---------------------------------------------------------------- internal

    /// @dev The ballot exists (was created, whatever happened since).
    function _existing(uint256 ballotId) internal view returns (Ballot storage b) {
        b = _ballots[ballotId];
        if (b.state == BallotState.None) revert UnknownBallot(ballotId);
    }

    /// @dev The ballot takes votes and commitments now: created, not cancelled, in its window.
    function _open(uint256 ballotId) internal view returns (Ballot storage b, Rules memory rules) {
        b = _existing(ballotId);
        if (b.state == BallotState.Cancelled) revert BallotIsCancelled(ballotId);
        // Reason: voting windows are hours to days long; seconds of drift do not matter.
        // slither-disable-next-line timestamp
        if (block.timestamp < b.start || block.timestamp >= b.end) {
            revert BallotNotOpen(ballotId, block.timestamp, b.start, b.end);
        }
        rules = Rules({
            root: b.root,
            optionCount: b.optionCount,
            secret: b.mode != _OPEN,
            allowChange: b.allowChange,
            encrypted: b.mode == _ENCRYPTED
        });
    }

    /// @dev The ballot exists, is encrypted and not cancelled.
    function _encryptedBallot(uint256 ballotId) internal view returns (Ballot storage b) {
        b = _existing(ballotId);
        if (b.state == BallotState.Cancelled) revert BallotIsCancelled(ballotId);
        if (b.mode != _ENCRYPTED) revert WrongEncryption(ballotId, false);
    }

    /// @dev The encrypted ballot takes votes now and its election key is complete.
    function _openEncrypted(
        uint256 ballotId
    ) internal view returns (Ballot storage b, Rules memory rules) {
        (b, rules) = _open(ballotId);
        if (!rules.encrypted) revert WrongEncryption(ballotId, false);
        Committee storage c = _committees[ballotId];
        if (c.shares != c.size) revert ElectionKeyNotReady(ballotId, c.shares, c.size);
    }

    /// @dev `msg.sender`'s trustee flags; reverts unless a member who has not set `flag`.
    function _trusteeFlag(uint256 ballotId, uint256 flag) internal view returns (uint256 flags) {
        flags = _trusteeFlags[ballotId][msg.sender];
        if (flags & _MEMBER == 0) revert NotTrustee(ballotId, msg.sender);
        if (flags & flag != 0) revert AlreadyPosted(ballotId, msg.sender);
    }

    /// @dev Verify a seat's encrypted ballot (reverting with the named error), then count it:
    /// record and turnout as a secret-mode commitment of the ciphertexts' hash, and the
    /// aggregates gain `weight * (a, b)` minus the seat's earlier ciphertexts times its
    /// earlier weight.
    function _castEncrypted(
        Ballot storage b,
        Rules memory rules,
        uint256 ballotId,
        address voter,
        uint256 index,
        uint256 weight,
        EncryptedVote calldata v
    ) internal {
        _verifyEncrypted(rules, ballotId, voter, index, v);
        _countEncrypted(b, rules, ballotId, voter, index, weight, v);
    }

    /// @dev Count a verified encrypted ballot (see `_castEncrypted`).
    function _countEncrypted(
        Ballot storage b,
        Rules memory rules,
        uint256 ballotId,
        address voter,
        uint256 index,
        uint256 weight,
        EncryptedVote calldata v
    ) internal {
        Record storage r = _records[ballotId][index];
        bool change = r.nonce != 0;
        uint256 oldWeight = r.weight;
        _count(b, rules, ballotId, voter, index, weight, _ciphertextHash(v.a, v.b));
        uint256 stored = v.a.length; // `_cipherCount(optionCount)`, checked before
        for (uint256 o; o < stored; ++o) {
            Aggregate storage agg = _aggregates[ballotId][o];
            uint256[2] memory a = agg.a.add(_scaled(v.a[o], weight));
            uint256[2] memory bb = agg.b.add(_scaled(v.b[o], weight));
            if (change) {
                a = a.add(_scaled(v.previousA[o], oldWeight).neg());
                bb = bb.add(_scaled(v.previousB[o], oldWeight).neg());
            }
            agg.a = a;
            agg.b = bb;
        }
        emit EncryptedVoteCast(ballotId, index, v.a, v.b, v.bitProofs, v.sumProof);
    }

    /// @dev The checks of `_castEncrypted`, each failure its named error.
    function _verifyEncrypted(
        Rules memory rules,
        uint256 ballotId,
        address voter,
        uint256 index,
        EncryptedVote calldata v
    ) internal view {
        uint256 options = _cipherCount(rules.optionCount);
        uint256 failure = _encryptedFailure(options, ballotId, voter, index, v);
        if (failure == _BAD_LENGTH) revert LengthMismatch(ballotId, options, v.a.length);
        if (failure == _BAD_PREVIOUS) {
            revert PreviousBallotMismatch(ballotId, index, _commitments[ballotId][index]);
        }
        if (failure > options) revert InvalidSumProof(ballotId, index);
        if (failure != 0) revert InvalidBitProof(ballotId, index, failure - 1);
    }

    /// @dev 0 if seat `index`'s encrypted ballot holds, else what fails: `_BAD_LENGTH`,
    /// `_BAD_PREVIOUS` (its earlier ciphertexts are not the recorded ones) or the verifier's
    /// code (1 + the option whose bit proof fails, or above `options` for the sum proof).
    function _encryptedFailure(
        uint256 options,
        uint256 ballotId,
        address voter,
        uint256 index,
        EncryptedVote calldata v
    ) internal view returns (uint256) {
        if (v.a.length != options) return _BAD_LENGTH;
        if (_records[ballotId][index].nonce != 0 || v.previousA.length != 0) {
            if (_ciphertextHash(v.previousA, v.previousB) != _commitments[ballotId][index]) {
                return _BAD_PREVIOUS;
            }
        }
        return _proofFailure(ballotId, index, voter, v);
    }

    /// @dev The verifier's answer for seat `index`'s ballot (0 = every proof holds).
    function _proofFailure(
        uint256 ballotId,
        uint256 index,
        address voter,
        EncryptedVote calldata v
    ) internal view returns (uint256 failure) {
        // Reason: a view call to this contract's own stateless verifier (deployed by the
        // constructor, fixed address, no state, never reverts on bad input).
        // slither-disable-next-line calls-loop
        failure = _VERIFIER.verifyBallot(
            address(this),
            ballotId,
            index,
            voter,
            _committees[ballotId].key,
            v.a,
            v.b,
            v.bitProofs,
            v.sumProof
        );
    }

    /// @dev Verify `msg.sender`'s partial decryption of option `o` and add it to the sum.
    function _addPartial(
        uint256 ballotId,
        uint256 o,
        uint256[2] memory share,
        uint256[2] calldata d,
        uint256[2] calldata proof
    ) internal {
        (uint256[2] memory aggA, , ) = _aggregate(ballotId, o);
        // Reason: a view call to this contract's own stateless verifier (deployed by the
        // constructor, fixed address, no state, never reverts on bad input).
        // slither-disable-next-line calls-loop
        bool ok = _VERIFIER.verifyPartialDecryption(
            address(this),
            ballotId,
            msg.sender,
            o,
            share,
            aggA,
            d,
            proof
        );
        if (!ok) revert InvalidDecryptionProof(ballotId, msg.sender, o);
        Aggregate storage agg = _aggregates[ballotId][o];
        agg.d = agg.d.add(d);
    }

    /// @dev A batch item's encrypted checks without reverting: the signed hash, the earlier
    /// ciphertexts and every proof.
    function _encryptedValid(
        Rules memory rules,
        uint256 ballotId,
        SignedBallot calldata s,
        EncryptedVote calldata v
    ) internal view returns (bool) {
        if (s.choice != _ciphertextHash(v.a, v.b)) return false;
        uint256 options = _cipherCount(rules.optionCount);
        return _encryptedFailure(options, ballotId, s.voter, s.index, v) == 0;
    }

    /// @dev Option `o`'s aggregate `(a, b)` without the stored offset `G`, and `d`. On a
    /// two-option ballot only option 0's is stored; option 1's is `(-a_0, W*G - b_0)`, the sum
    /// of every counted seat's `weight * (-a, G - b)` (`W` the turnout weight).
    function _aggregate(
        uint256 ballotId,
        uint256 o
    ) internal view returns (uint256[2] memory a, uint256[2] memory b, uint256[2] memory d) {
        Ballot storage bal = _ballots[ballotId];
        bool derived = o == 1 && bal.optionCount == 2;
        Aggregate storage agg = _aggregates[ballotId][derived ? 0 : o];
        if (agg.a[0] == 0 && agg.a[1] == 0) return (a, b, d); // no such encrypted option
        uint256[2] memory minusG = AltBn128.g().neg();
        a = agg.a.add(minusG);
        b = agg.b.add(minusG);
        d = _aggregates[ballotId][o].d;
        if (derived) {
            a = a.neg();
            b = AltBn128.g().mul(bal.turnoutWeight).add(b.neg());
        }
    }

    /// @dev How many options' ciphertexts a ballot carries: 1 for two options (option 1 is
    /// derived from option 0, see `ISecretBallotVerifier.verifyBallot`), else one per option.
    function _cipherCount(uint256 optionCount) internal pure returns (uint256) {
        return optionCount == 2 ? 1 : optionCount;
    }

    /// @dev `weight * p` (the precompile only when the weight is not 1).
    function _scaled(
        uint256[2] calldata p,
        uint256 weight
    ) internal view returns (uint256[2] memory) {
        uint256[2] memory q = p;
        return weight == 1 ? q : q.mul(weight);
    }

    function _ciphertextHash(
        uint256[2][] calldata a,
        uint256[2][] calldata b
    ) internal pure returns (bytes32) {
        return keccak256(abi.encode(a, b));
    }

    /// @dev Count one vote or commitment, reverting with the specific error if it cannot.
    function _single(
        Ballot storage b,
        Rules memory rules,
        uint256 ballotId,
        address voter,
        uint256 index,
        uint256 weight,
        bytes32 choice,
        bytes32[] calldata proof
    ) internal {
        Rejection reason = _checkSeat(
            rules,
            ballotId,
            voter,
            index,
            weight,
            choice,
            proof,
            _OWN_PROOF
        );
        if (reason != Rejection.None) {
            _revertFor(reason, rules, ballotId, voter, index, weight, choice);
        }
        _count(b, rules, ballotId, voter, index, weight, choice);
    }

    /// @dev Count one checked vote or commitment (`_apply`) and write its tally (`_flush`).
    function _count(
        Ballot storage b,
        Rules memory rules,
        uint256 ballotId,
        address voter,
        uint256 index,
        uint256 weight,
        bytes32 choice
    ) internal {
        Pending memory p = _newPending(rules.optionCount);
        _apply(rules, ballotId, voter, index, weight, choice, p);
        _flush(b, ballotId, p);
    }

    /// @dev Checks of a relayed ballot, every one that needs no external call first:
    /// deadline, then the seat's (option, seat unused, proof), then the seat's nonce, and only
    /// then the signature, whose ERC-1271 wallet call has a fixed gas bound (SignerCheck).
    function _checkRelayed(
        Rules memory rules,
        uint256 ballotId,
        SignedBallot calldata s,
        uint256 mode
    ) internal view returns (Rejection reason) {
        // Reason: a signature deadline is a voter's coarse expiry; drift does not matter.
        // slither-disable-next-line timestamp
        if (block.timestamp > s.deadline) return Rejection.SignatureExpired;
        reason = _checkSeat(rules, ballotId, s.voter, s.index, s.weight, s.choice, s.proof, mode);
        if (reason != Rejection.None) return reason;
        if (s.nonce != _expectedNonce(rules, ballotId, s.index)) return Rejection.NonceMismatch;
        bytes32 digest = _ballotDigest(
            s.voter,
            ballotId,
            s.index,
            s.weight,
            s.choice,
            s.nonce,
            s.deadline
        );
        if (!SignerCheck.isValidNow(s.voter, digest, s.signature)) {
            return Rejection.InvalidSignature;
        }
        return Rejection.None;
    }

    /// @dev Checks of a vote or commitment by `voter` from seat `index`: option in range
    /// (open mode), seat not used (unless changes are allowed), Merkle proof: its own, or
    /// (`mode`) the batch multiproof's verdict.
    function _checkSeat(
        Rules memory rules,
        uint256 ballotId,
        address voter,
        uint256 index,
        uint256 weight,
        bytes32 choice,
        bytes32[] calldata proof,
        uint256 mode
    ) internal view returns (Rejection) {
        if (!rules.secret && uint256(choice) >= rules.optionCount) return Rejection.InvalidChoice;
        if (!rules.allowChange && _voted(ballotId, index)) return Rejection.AlreadyVoted;
        if (weight > type(uint96).max || mode == _SHARED_FAILED) return Rejection.NotEligible;
        if (mode == _SHARED_HELD) return Rejection.None;
        if (!MerkleProof.verifyCalldata(proof, rules.root, _leaf(index, voter, weight))) {
            return Rejection.NotEligible;
        }
        return Rejection.None;
    }

    /// @dev Whether seat `index` has voted or committed on `ballotId` (see `_seats`).
    function _voted(uint256 ballotId, uint256 index) internal view returns (bool) {
        (SeatWord storage w, uint256 mask) = _seatWord(ballotId, index);
        return w.bits & mask != 0;
    }

    /// @dev Seat `index`'s word of ballot `ballotId` in `_seats` and its bit in that word.
    function _seatWord(
        uint256 ballotId,
        uint256 index
    ) internal view returns (SeatWord storage w, uint256 mask) {
        w = _seats[ballotId / _GROUP][index / _WORD_SEATS];
        // cannot overflow: the shift is (ballotId % 8) * 32 + index % 32 <= 7 * 32 + 31 = 255
        unchecked {
            mask = 1 << (((ballotId % _GROUP) * _WORD_SEATS) + (index % _WORD_SEATS));
        }
    }

    /// @dev Seat `index`'s eligibility leaf (OpenZeppelin StandardMerkleTree encoding; the
    /// verifier's `multiproofRoot` builds the same).
    function _leaf(uint256 index, address voter, uint256 weight) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(index, voter, weight))));
    }

    /// @dev Count a checked vote or commitment of seat `index`: seat bit, record, commitment,
    /// event; tally and turnout changes go to `p`. On ballots that keep records, the seat's
    /// first ballot is told by its record's `nonce == 0`, and a change replaces that seat's
    /// record only (an address at two seats has two records); elsewhere `_checkSeat` already
    /// refused a used seat.
    function _apply(
        Rules memory rules,
        uint256 ballotId,
        address voter,
        uint256 index,
        uint256 weight,
        bytes32 choice,
        Pending memory p
    ) internal {
        bool first = true;
        uint256 oldWeight = 0;
        if (rules.allowChange || rules.secret) {
            Record storage r = _records[ballotId][index];
            first = r.nonce == 0;
            if (!first) {
                oldWeight = r.weight;
                if (!rules.secret) {
                    p.votes[r.choice] -= 1;
                    p.weight[r.choice] -= SafeCast.toInt256(oldWeight);
                }
            }
            r.nonce += 1;
            r.weight = SafeCast.toUint96(weight);
            if (!rules.secret) r.choice = SafeCast.toUint8(uint256(choice));
        }
        if (first) {
            (SeatWord storage w, uint256 mask) = _seatWord(ballotId, index);
            w.bits |= mask;
        }
        // weight <= type(uint96).max (_checkSeat), so these int256 conversions are exact
        if (rules.secret) {
            if (first) p.turnoutVotes += 1;
            p.turnoutWeight += SafeCast.toInt256(weight) - SafeCast.toInt256(oldWeight);
            _commitments[ballotId][index] = choice;
            emit VoteCommitted(ballotId, voter, index, choice, weight);
        } else {
            p.votes[uint256(choice)] += 1;
            p.weight[uint256(choice)] += SafeCast.toInt256(weight);
            emit VoteCast(ballotId, voter, index, uint256(choice), weight);
        }
    }

    /// @dev Write the pending tally and turnout changes, each touched slot once.
    function _flush(Ballot storage b, uint256 ballotId, Pending memory p) internal {
        uint256 options = p.votes.length;
        for (uint256 o; o < options; ++o) {
            int256 dv = p.votes[o];
            int256 dw = p.weight[o];
            if (dv == 0 && dw == 0) continue;
            Tally storage t = _tallies[ballotId][o];
            // A removal moves a vote that an earlier call or this one added to the same
            // option, so no sum goes below zero; each conversion is checked all the same, and
            // a tally beyond 2^32 - 1 seats reverts. Weights cannot exceed the 128 bits:
            // fewer than 2^32 seats of at most 2^96 - 1 each (see IMVoting, "Bounds").
            t.votes = SafeCast.toUint32(SafeCast.toUint256(SafeCast.toInt256(t.votes) + dv));
            t.weight = SafeCast.toUint128(SafeCast.toUint256(SafeCast.toInt256(t.weight) + dw));
        }
        if (p.turnoutVotes != 0 || p.turnoutWeight != 0) {
            // same bounds as the tallies above
            b.turnoutVotes = SafeCast.toUint32(b.turnoutVotes + p.turnoutVotes);
            b.turnoutWeight = SafeCast.toUint128(
                SafeCast.toUint256(SafeCast.toInt256(b.turnoutWeight) + p.turnoutWeight)
            );
        }
    }

    function _newPending(uint256 options) internal pure returns (Pending memory p) {
        p.votes = new int256[](options);
        p.weight = new int256[](options);
    }

    function _expectedNonce(
        Rules memory rules,
        uint256 ballotId,
        uint256 index
    ) internal view returns (uint256) {
        return (rules.allowChange || rules.secret) ? _records[ballotId][index].nonce : 0;
    }

    function _ballotDigest(
        address voter,
        uint256 ballotId,
        uint256 index,
        uint256 weight,
        bytes32 choice,
        uint256 nonce,
        uint256 deadline
    ) internal view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(
                        BALLOT_TYPEHASH,
                        voter,
                        ballotId,
                        index,
                        weight,
                        choice,
                        nonce,
                        deadline
                    )
                )
            );
    }

    function _commitment(
        uint256 ballotId,
        uint256 index,
        uint256 choice,
        bytes32 salt
    ) internal view returns (bytes32) {
        return keccak256(abi.encode(address(this), ballotId, index, choice, salt));
    }

    /// @dev Turn a rejection into its custom error with arguments.
    function _revertFor(
        Rejection reason,
        Rules memory rules,
        uint256 ballotId,
        address voter,
        uint256 index,
        uint256 weight,
        bytes32 choice
    ) internal pure {
        if (reason == Rejection.InvalidChoice) {
            revert InvalidChoice(ballotId, uint256(choice), rules.optionCount);
        }
        if (reason == Rejection.AlreadyVoted) revert AlreadyVoted(ballotId, voter, index);
        if (reason == Rejection.NotEligible) revert NotEligible(ballotId, voter, index, weight);
        // the signature's own rejections are raised by `_revertRelayed`, which holds their values
    }

    /// @dev Turn a relayed ballot's rejection into its custom error with arguments.
    function _revertRelayed(
        Rejection reason,
        Rules memory rules,
        uint256 ballotId,
        SignedBallot calldata s
    ) internal view {
        if (reason == Rejection.SignatureExpired) {
            revert BallotSignatureExpired(ballotId, s.voter, s.deadline);
        }
        if (reason == Rejection.NonceMismatch) {
            uint256 expected = _expectedNonce(rules, ballotId, s.index);
            revert NonceMismatch(ballotId, s.voter, s.index, expected, s.nonce);
        }
        if (reason == Rejection.InvalidSignature) revert InvalidBallotSignature(ballotId, s.voter);
        _revertFor(reason, rules, ballotId, s.voter, s.index, s.weight, s.choice);
    }
}
