// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";
import {IMVoting} from "./interfaces/IMVoting.sol";
import {SignerCheck} from "./libraries/SignerCheck.sol";

/// @title M-Voting
/// @notice See {IMVoting}. Gas layout: every vote touches the Merkle root (1 slot), the
/// ballot's hot slot (window, mode, live turnout: 1 slot, rewritten), one seat bit (shared by
/// 256 seats), the chosen option's tally (1 slot) and, only on ballots that allow changes or
/// are secret, the seat's record. A batch adds its tallies up in memory and writes each
/// touched option once.
contract MVoting is IMVoting, AccessControl, EIP712 {
    using BitMaps for BitMaps.BitMap;

    // ---------------------------------------------------------------- storage

    /// @dev Slot 2 (`start` .. `turnoutWeight`) is the one every vote reads and writes; slot 3
    /// (`revealEnd` .. `winner`) is read by reveals and `finalize` only.
    struct Ballot {
        bytes32 root;
        bytes32 metadataHash;
        uint32 start;
        uint32 end;
        uint8 optionCount;
        bool secret;
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

    /// @dev A ballot's voting rules, read from storage once per call.
    struct Rules {
        bytes32 root;
        uint256 optionCount;
        bool secret;
        bool allowChange;
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
    mapping(uint256 ballotId => BitMaps.BitMap) private _seats;
    mapping(uint256 ballotId => mapping(uint256 index => Record)) private _records;
    mapping(uint256 ballotId => mapping(uint256 index => bytes32)) private _commitments;

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

    // ---------------------------------------------------------------- modifiers

    modifier onlyAuthority() {
        _checkRole(ELECTION_AUTHORITY_ROLE);
        _;
    }

    // ---------------------------------------------------------------- constructor

    constructor(address admin, address authority) EIP712("M-Voting", "1") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ELECTION_AUTHORITY_ROLE, authority);
    }

    // ---------------------------------------------------------------- external: authority

    /// @inheritdoc IMVoting
    function createBallot(
        BallotConfig calldata config
    ) external onlyAuthority returns (uint256 ballotId) {
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
        b.secret = config.secret;
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
        // Reason: the authority may only withdraw a ballot nobody could have voted on yet;
        // a miner's few seconds of drift cannot open a vote early (votes check the same bound).
        // slither-disable-next-line timestamp
        if (block.timestamp >= b.start) revert BallotAlreadyOpened(ballotId, b.start);
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
        _single(b, rules, ballotId, msg.sender, index, weight, commitment, proof);
    }

    /// @inheritdoc IMVoting
    function relay(uint256 ballotId, SignedBallot calldata ballot) external {
        (Ballot storage b, Rules memory rules) = _open(ballotId);
        Rejection reason = _checkRelayed(rules, ballotId, ballot);
        if (reason != Rejection.None) _revertRelayed(reason, rules, ballotId, ballot);
        Pending memory p = _newPending(rules.optionCount);
        _apply(rules, ballotId, ballot.voter, ballot.index, ballot.weight, ballot.choice, p);
        _flush(b, ballotId, p);
    }

    /// @inheritdoc IMVoting
    function relayBatch(
        uint256 ballotId,
        SignedBallot[] calldata ballots
    ) external returns (Rejection[] memory results) {
        (Ballot storage b, Rules memory rules) = _open(ballotId);
        uint256 n = ballots.length;
        if (n == 0) revert EmptyBatch();
        results = new Rejection[](n);
        Pending memory p = _newPending(rules.optionCount);
        for (uint256 i; i < n; ) {
            SignedBallot calldata s = ballots[i];
            Rejection reason = _checkRelayed(rules, ballotId, s);
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
        if (!b.secret) revert WrongBallotMode(ballotId, false);
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
        uint256 closesAt = b.secret ? b.revealEnd : b.end;
        // Reason: closing times are hours to days apart from any vote; drift does not matter.
        // slither-disable-next-line timestamp
        if (block.timestamp < closesAt) revert BallotNotClosed(ballotId, block.timestamp, closesAt);
        uint256 totalVotes = 0;
        uint256 totalWeight = 0;
        uint256 best = 0;
        bool tie = false;
        uint256 options = b.optionCount;
        for (uint256 o; o < options; ++o) {
            Tally memory t = _tallies[ballotId][o];
            totalVotes += t.votes;
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
            secret: b.secret,
            allowChange: b.allowChange,
            quorumVotes: b.quorumVotes,
            quorumWeight: b.quorumWeight
        });
        v.state = b.state;
        if (b.secret) {
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
        return _seats[ballotId].get(index);
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
            secret: b.secret,
            allowChange: b.allowChange
        });
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
        Rejection reason = _checkSeat(rules, ballotId, voter, index, weight, choice, proof);
        if (reason != Rejection.None) {
            _revertFor(reason, rules, ballotId, voter, index, weight, choice);
        }
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
        SignedBallot calldata s
    ) internal view returns (Rejection reason) {
        // Reason: a signature deadline is a voter's coarse expiry; drift does not matter.
        // slither-disable-next-line timestamp
        if (block.timestamp > s.deadline) return Rejection.SignatureExpired;
        reason = _checkSeat(rules, ballotId, s.voter, s.index, s.weight, s.choice, s.proof);
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
    /// (open mode), seat not used (unless changes are allowed), Merkle proof.
    function _checkSeat(
        Rules memory rules,
        uint256 ballotId,
        address voter,
        uint256 index,
        uint256 weight,
        bytes32 choice,
        bytes32[] calldata proof
    ) internal view returns (Rejection) {
        if (!rules.secret && uint256(choice) >= rules.optionCount) return Rejection.InvalidChoice;
        if (!rules.allowChange && _seats[ballotId].get(index)) return Rejection.AlreadyVoted;
        if (weight > type(uint96).max) return Rejection.NotEligible;
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(index, voter, weight))));
        if (!MerkleProof.verifyCalldata(proof, rules.root, leaf)) return Rejection.NotEligible;
        return Rejection.None;
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
        if (first) _seats[ballotId].set(index);
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
            revert SignatureExpired(ballotId, s.voter, s.deadline);
        }
        if (reason == Rejection.NonceMismatch) {
            uint256 expected = _expectedNonce(rules, ballotId, s.index);
            revert NonceMismatch(ballotId, s.voter, s.index, expected, s.nonce);
        }
        if (reason == Rejection.InvalidSignature) revert InvalidSignature(ballotId, s.voter);
        _revertFor(reason, rules, ballotId, s.voter, s.index, s.weight, s.choice);
    }
}
