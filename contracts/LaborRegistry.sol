// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Checkpoints} from "@openzeppelin/contracts/utils/structs/Checkpoints.sol";

import {ILaborRegistry} from "./interfaces/ILaborRegistry.sol";
import {SignerCheck} from "./libraries/SignerCheck.sol";

/// @title LaborRegistry
/// @notice Labor contract records for part-time workers. See {ILaborRegistry} for the
/// conventions (KST day numbers, Monday-based weeks, agreement ids, minimum-wage schedule).
/// @dev Storage holds only what the on-chain rules read; everything else lives in the events
/// (which the recount rebuilds from) and in the EIP-712 struct both parties signed.
/// A new agreement writes exactly two fresh slots (header, version) and nothing per worker;
/// replay protection is the agreement id itself (a used id is never free again). A week of
/// seven shifts writes at most one fresh word (eight shifts to a word) and the header's
/// counter; a confirmation rewrites only the shift words it touches: weekly and total
/// confirmed minutes are summed from the shifts by the views.
contract LaborRegistry is ILaborRegistry, AccessControl, EIP712, ReentrancyGuard {
    using SafeERC20 for IERC20;
    using Checkpoints for Checkpoints.Trace224;

    // ------------------------------------------------------------------ storage

    /// @dev One slot: who employs, how many versions, where the agreement stands, the first
    /// day (every shift's day is stored relative to it) and how many shifts are recorded.
    struct Header {
        address employer;
        uint16 versionCount;
        AgreementStatus status;
        uint24 firstDay;
        uint48 shiftCount;
    }

    /// @dev One slot per version: the worker and the terms the rules read. The document hash
    /// is in the version's event and in the signed digest, not in storage.
    struct Version {
        address worker;
        uint32 hourlyWage;
        uint16 weeklyMinutes;
        uint24 startDay;
        uint24 endDay;
    }

    /// @dev One slot written after activation: wage payments and how the agreement ended.
    struct Tally {
        uint64 paymentCount;
        uint8 terminationReason;
        uint24 endedDay;
    }

    /// @dev The newest minimum-wage entry, mirrored from the schedule so that a day on or
    /// after it (contracts and shifts almost always are) costs one slot read.
    struct LatestMinimum {
        uint24 effectiveDay;
        uint32 hourlyWage;
    }

    IERC20 private immutable _wageToken;

    mapping(address employer => bytes32) private _businessHashes;
    /// @dev The one address a business hash is verified for (zero: none).
    mapping(bytes32 businessHash => address) private _verifiedEmployers;
    /// @dev Key: effective day; value: hourly wage (never zero, so a zero lookup means none).
    Checkpoints.Trace224 private _minimumWages;
    LatestMinimum private _latestMinimum;
    /// @dev Document hash of an on-chain proposal, kept until it is accepted (then cleared)
    /// so that the activation event carries the full terms.
    mapping(bytes32 id => bytes32) private _proposedDocuments;

    mapping(bytes32 id => Header) private _headers;
    mapping(bytes32 id => mapping(uint256 version => Version)) private _versions;
    mapping(bytes32 id => Tally) private _tallies;
    mapping(bytes32 id => InsuranceStatus[4]) private _insurance;
    /// @dev Shifts packed eight to a word (see _packShift): shift `i` lives in word `i / 8` at
    /// bit offset `32 * (i % 8)`. Seven shifts touch at most two words, one of them fresh.
    mapping(bytes32 id => mapping(uint256 word => uint256)) private _shiftWords;
    mapping(bytes32 id => mapping(uint256 index => WagePayment)) private _payments;

    // ------------------------------------------------------------------ constants

    bytes32 public constant LABOR_AUTHORITY_ROLE = keccak256("LABOR_AUTHORITY_ROLE");
    bytes32 public constant PENSION_INSURER_ROLE = keccak256("PENSION_INSURER_ROLE");
    bytes32 public constant HEALTH_INSURER_ROLE = keccak256("HEALTH_INSURER_ROLE");
    bytes32 public constant EMPLOYMENT_INSURER_ROLE = keccak256("EMPLOYMENT_INSURER_ROLE");
    bytes32 public constant ACCIDENT_INSURER_ROLE = keccak256("ACCIDENT_INSURER_ROLE");
    /// @notice Business-registry attester: verifies employers' business hashes (as does the
    /// labor authority).
    bytes32 public constant BUSINESS_REGISTRY_ROLE = keccak256("BUSINESS_REGISTRY_ROLE");

    /// @notice 52 hours: the statutory weekly maximum (40 + 12 overtime).
    uint16 public constant MAX_WEEKLY_MINUTES = 52 * 60;
    uint16 public constant MAX_SHIFT_MINUTES = 24 * 60;
    /// @notice 15 hours a week: the weekly-holiday-pay (주휴수당) threshold.
    uint256 public constant WEEKLY_HOLIDAY_THRESHOLD_MINUTES = 15 * 60;
    uint256 public constant MAX_BATCH = 64;
    uint256 private constant _KST_OFFSET = 9 hours;
    uint256 private constant _SHIFTS_PER_WORD = 8;
    uint256 private constant _SHIFT_BITS = 32;
    uint256 private constant _SHIFT_MASK = (1 << 32) - 1;
    uint256 private constant _STATUS_MASK = 3;
    /// @dev A shift's day is stored as its offset from the agreement's first day in 16 bits.
    uint256 private constant _MAX_DAY_OFFSET = type(uint16).max;

    bytes32 private constant _CONTRACT_TYPEHASH =
        keccak256(
            "LaborContract(address employer,address worker,bytes32 documentHash,uint32 hourlyWage,"
            "uint16 weeklyMinutes,uint24 startDay,uint24 endDay,uint256 nonce,uint16 version,"
            "uint256 deadline)"
        );
    bytes32 private constant _SHIFT_REVIEW_TYPEHASH =
        keccak256(
            "ShiftReview(bytes32 agreementId,uint256[] indexes,bool confirmed,uint8 reasonCode,"
            "uint256 deadline)"
        );

    // ------------------------------------------------------------------ constructor

    /// @param admin receives DEFAULT_ADMIN_ROLE (grants the authority and insurer roles)
    /// @param wageToken_ ERC-20 used by {payWage}; address(0) disables on-chain payment
    constructor(address admin, address wageToken_) EIP712("LaborRegistry", "1") {
        if (admin == address(0)) revert InvalidAdmin();
        _wageToken = IERC20(wageToken_);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------ external: employers, wage floor

    /// @inheritdoc ILaborRegistry
    function registerEmployer(bytes32 businessHash) external {
        if (_businessHashes[msg.sender] != bytes32(0)) revert EmployerAlreadyRegistered(msg.sender);
        if (businessHash == bytes32(0)) revert InvalidBusinessHash();
        _businessHashes[msg.sender] = businessHash;
        emit EmployerRegistered(msg.sender, businessHash);
    }

    /// @inheritdoc ILaborRegistry
    function verifyEmployer(address employer) external {
        bytes32 businessHash = _registeredHash(employer);
        address holder = _verifiedEmployers[businessHash];
        if (holder == employer) revert EmployerAlreadyVerified(employer);
        if (holder != address(0)) revert BusinessHashVerifiedForOther(businessHash, holder);
        _checkEmployerVerifier();
        _verifiedEmployers[businessHash] = employer;
        emit EmployerVerified(employer, businessHash, msg.sender);
    }

    /// @inheritdoc ILaborRegistry
    function moveEmployerVerification(address from, address to) external {
        bytes32 businessHash = _businessHashes[from];
        if (businessHash == bytes32(0) || _verifiedEmployers[businessHash] != from) {
            revert EmployerNotVerified(from);
        }
        bytes32 claimed = _registeredHash(to);
        if (claimed != businessHash) revert BusinessHashMismatch(to, claimed, businessHash);
        _checkEmployerVerifier();
        _verifiedEmployers[businessHash] = to;
        emit EmployerVerificationMoved(businessHash, from, to, msg.sender);
    }

    /// @inheritdoc ILaborRegistry
    function scheduleMinimumWage(
        uint24 effectiveDay,
        uint32 hourlyWage
    ) external onlyRole(LABOR_AUTHORITY_ROLE) {
        if (hourlyWage == 0) revert InvalidMinimumWage(hourlyWage);
        uint24 day = _today();
        // Calendar days derive from block time by design; a 15 s skew cannot move a day boundary
        // in any way that matters for a rate scheduled days ahead.
        // slither-disable-next-line timestamp
        if (effectiveDay <= day) revert MinimumWageRetroactive(effectiveDay, day);
        uint256 length = _minimumWages.length();
        if (length > 0) {
            // Keys were pushed from uint24 effective days: the cast is exact.
            uint24 last = SafeCast.toUint24(_minimumWages.at(SafeCast.toUint32(length - 1))._key);
            if (effectiveDay <= last) revert MinimumWageNotIncreasingDay(effectiveDay, last);
        }
        // push returns the entry's previous and new value: a new key has no previous value.
        // slither-disable-next-line unused-return
        _minimumWages.push(effectiveDay, hourlyWage);
        _latestMinimum = LatestMinimum(effectiveDay, hourlyWage);
        emit MinimumWageScheduled(length, effectiveDay, hourlyWage);
    }

    // ------------------------------------------------------------------ external: agreements

    /// @inheritdoc ILaborRegistry
    function activate(
        Terms calldata terms,
        uint256 nonce,
        uint256 deadline,
        bytes calldata employerSignature,
        bytes calldata workerSignature
    ) external returns (bytes32 agreementId) {
        agreementId = agreementIdOf(terms.employer, terms.worker, nonce);
        _checkUnused(agreementId);
        _checkTerms(terms);
        _checkSignedByBoth(terms, nonce, 1, deadline, employerSignature, workerSignature);
        _headers[agreementId] = Header({
            employer: terms.employer,
            versionCount: 1,
            status: AgreementStatus.Active,
            firstDay: terms.startDay,
            shiftCount: 0
        });
        _storeVersion(agreementId, 1, terms);
        emit AgreementActivated(agreementId, nonce, terms);
    }

    /// @inheritdoc ILaborRegistry
    function propose(Terms calldata terms, uint256 nonce) external returns (bytes32 agreementId) {
        agreementId = agreementIdOf(terms.employer, terms.worker, nonce);
        _checkUnused(agreementId);
        if (msg.sender != terms.employer) revert NotEmployer(agreementId, msg.sender);
        _checkTerms(terms);
        _headers[agreementId] = Header({
            employer: terms.employer,
            versionCount: 1,
            status: AgreementStatus.Proposed,
            firstDay: terms.startDay,
            shiftCount: 0
        });
        _storeVersion(agreementId, 1, terms);
        _proposedDocuments[agreementId] = terms.documentHash;
        emit AgreementProposed(agreementId, nonce, terms);
    }

    /// @inheritdoc ILaborRegistry
    function accept(address employer, uint256 nonce) external {
        // The caller is the worker by construction: another caller derives another id.
        bytes32 agreementId = agreementIdOf(employer, msg.sender, nonce);
        Header storage header = _headers[agreementId];
        _checkStatus(agreementId, header.status, AgreementStatus.Proposed);
        Version storage first = _versions[agreementId][1];
        _checkMinimumWage(first.hourlyWage, first.startDay);
        header.status = AgreementStatus.Active;
        Terms memory terms = _termsOf(agreementId, header, 1);
        terms.documentHash = _proposedDocuments[agreementId];
        delete _proposedDocuments[agreementId];
        emit AgreementActivated(agreementId, nonce, terms);
    }

    /// @inheritdoc ILaborRegistry
    function cancelOffer(address employer, address worker, uint256 nonce) external {
        bytes32 agreementId = agreementIdOf(employer, worker, nonce);
        Header storage header = _headers[agreementId];
        AgreementStatus status = header.status;
        if (status != AgreementStatus.None && status != AgreementStatus.Proposed) {
            revert AgreementIdUsed(agreementId, status);
        }
        if (msg.sender != employer && msg.sender != worker) {
            revert NotAgreementParty(agreementId, msg.sender);
        }
        header.employer = employer;
        header.status = AgreementStatus.Cancelled;
        delete _proposedDocuments[agreementId];
        emit OfferCancelled(agreementId, employer, worker, msg.sender);
    }

    /// @inheritdoc ILaborRegistry
    function amend(
        Terms calldata terms,
        uint256 nonce,
        uint256 deadline,
        bytes calldata employerSignature,
        bytes calldata workerSignature
    ) external returns (uint16 version) {
        bytes32 agreementId = agreementIdOf(terms.employer, terms.worker, nonce);
        Header storage header = _headers[agreementId];
        _checkStatus(agreementId, header.status, AgreementStatus.Active);
        // The ordering rule first: an earlier start may also lie before any minimum wage.
        uint24 previousStart = _versions[agreementId][header.versionCount].startDay;
        if (terms.startDay < previousStart) {
            revert AmendmentStartsEarlier(terms.startDay, previousStart);
        }
        _checkTerms(terms);
        version = header.versionCount + 1;
        _checkSignedByBoth(terms, nonce, version, deadline, employerSignature, workerSignature);
        header.versionCount = version;
        _storeVersion(agreementId, version, terms);
        emit AgreementAmended(agreementId, version, terms);
    }

    /// @inheritdoc ILaborRegistry
    function terminate(bytes32 agreementId, uint8 reasonCode) external {
        Header storage header = _headers[agreementId];
        _checkStatus(agreementId, header.status, AgreementStatus.Active);
        if (
            msg.sender != header.employer &&
            msg.sender != _versions[agreementId][header.versionCount].worker
        ) revert NotAgreementParty(agreementId, msg.sender);
        if (reasonCode == 0) revert InvalidReasonCode(reasonCode);
        uint24 day = _today();
        header.status = AgreementStatus.Terminated;
        Tally storage tally = _tallies[agreementId];
        tally.terminationReason = reasonCode;
        tally.endedDay = day;
        emit AgreementTerminated(agreementId, msg.sender, reasonCode, day);
    }

    // ------------------------------------------------------------------ external: insurance

    /// @inheritdoc ILaborRegistry
    function attestInsurance(
        bytes32 agreementId,
        Insurance kind,
        bool enrolled,
        bytes32 referenceHash
    ) external {
        InsuranceStatus current = _insurance[agreementId][uint8(kind)];
        InsuranceStatus next;
        if (enrolled) {
            _checkStatus(agreementId, _headers[agreementId].status, AgreementStatus.Active);
            if (current == InsuranceStatus.Enrolled) {
                revert InsuranceTransitionInvalid(agreementId, kind, current);
            }
            next = InsuranceStatus.Enrolled;
        } else {
            if (current != InsuranceStatus.Enrolled) {
                revert InsuranceTransitionInvalid(agreementId, kind, current);
            }
            next = InsuranceStatus.Withdrawn;
        }
        if (!hasRole(insurerRole(kind), msg.sender)) revert NotInsurer(msg.sender, kind);
        _insurance[agreementId][uint8(kind)] = next;
        emit InsuranceAttested(agreementId, kind, next, msg.sender, referenceHash);
    }

    // ------------------------------------------------------------------ external: shifts

    /// @inheritdoc ILaborRegistry
    function recordShifts(bytes32 agreementId, ShiftInput[] calldata shifts) external {
        Header storage header = _headers[agreementId];
        _checkStatus(agreementId, header.status, AgreementStatus.Active);
        if (msg.sender != header.employer) revert NotEmployer(agreementId, msg.sender);
        uint256 count = shifts.length;
        _checkBatch(count);
        uint24 firstDay = header.firstDay;
        uint256 lastDay = _today();
        uint24 endDay = _versions[agreementId][header.versionCount].endDay;
        if (endDay != 0 && endDay < lastDay) lastDay = endDay;
        // Days are stored as 16-bit offsets from the first day: 179 years of shifts.
        if (lastDay > firstDay + _MAX_DAY_OFFSET) lastDay = firstDay + _MAX_DAY_OFFSET;

        uint256 firstIndex = header.shiftCount;
        mapping(uint256 => uint256) storage words = _shiftWords[agreementId];
        // The first word may already hold earlier shifts; every later word starts empty
        // (shifts are append-only), so each word is written once per batch.
        uint256 wordIndex = firstIndex / _SHIFTS_PER_WORD;
        uint256 word = words[wordIndex];
        for (uint256 i = 0; i < count; ++i) {
            ShiftInput calldata entry = shifts[i];
            if (entry.workedMinutes == 0 || entry.workedMinutes > MAX_SHIFT_MINUTES) {
                revert InvalidShiftMinutes(i, entry.workedMinutes);
            }
            // Calendar days derive from block time by design ("no shift recorded in the future").
            // slither-disable-next-line timestamp
            if (entry.day < firstDay || entry.day > lastDay) revert ShiftOutOfPeriod(i, entry.day);
            uint256 index = firstIndex + i;
            if (index / _SHIFTS_PER_WORD != wordIndex) {
                words[wordIndex] = word;
                wordIndex = index / _SHIFTS_PER_WORD;
                word = 0;
            }
            word |= _packShift(entry.day - firstDay, entry.workedMinutes) << _shiftOffset(index);
        }
        words[wordIndex] = word;
        // Cannot overflow in practice: at most MAX_BATCH shifts per transaction, 2^48 in all.
        header.shiftCount = uint48(firstIndex + count);
        emit ShiftsRecorded(agreementId, firstIndex, shifts);
    }

    /// @inheritdoc ILaborRegistry
    function confirmShifts(bytes32 agreementId, uint256[] calldata indexes) external {
        address worker = _reviewableWorker(agreementId);
        if (msg.sender != worker) revert NotWorker(agreementId, msg.sender);
        _review(agreementId, indexes, true, 0);
    }

    /// @inheritdoc ILaborRegistry
    function disputeShifts(
        bytes32 agreementId,
        uint256[] calldata indexes,
        uint8 reasonCode
    ) external {
        address worker = _reviewableWorker(agreementId);
        if (msg.sender != worker) revert NotWorker(agreementId, msg.sender);
        _review(agreementId, indexes, false, reasonCode);
    }

    /// @inheritdoc ILaborRegistry
    function reviewShiftsBySig(
        bytes32 agreementId,
        uint256[] calldata indexes,
        bool confirmed,
        uint8 reasonCode,
        uint256 deadline,
        bytes calldata workerSignature
    ) external {
        address worker = _reviewableWorker(agreementId);
        _checkDeadline(deadline);
        bytes32 digest = _shiftReviewDigest(agreementId, indexes, confirmed, reasonCode, deadline);
        _checkSignature(worker, digest, workerSignature);
        _review(agreementId, indexes, confirmed, reasonCode);
    }

    // ------------------------------------------------------------------ external: wages

    /// @inheritdoc ILaborRegistry
    function recordWagePayment(
        bytes32 agreementId,
        uint24 periodStartDay,
        uint24 periodEndDay,
        uint128 amount,
        bytes32 referenceHash
    ) external {
        _recordWage(agreementId, periodStartDay, periodEndDay, amount, referenceHash, false);
    }

    /// @inheritdoc ILaborRegistry
    function payWage(
        bytes32 agreementId,
        uint24 periodStartDay,
        uint24 periodEndDay,
        uint128 amount,
        bytes32 referenceHash
    ) external nonReentrant {
        IERC20 token = _wageToken;
        if (address(token) == address(0)) revert WageTokenDisabled();
        // Effects (record + event) first; the transfer below reverts the whole call if short.
        address worker = _recordWage(
            agreementId,
            periodStartDay,
            periodEndDay,
            amount,
            referenceHash,
            true
        );
        uint256 balanceBefore = token.balanceOf(worker);
        token.safeTransferFrom(msg.sender, worker, amount);
        uint256 received = token.balanceOf(worker) - balanceBefore;
        if (received < amount) revert WageTokenShortfall(amount, received);
    }

    // ------------------------------------------------------------------ external: views

    /// @inheritdoc ILaborRegistry
    function contractDigest(
        Terms calldata terms,
        uint256 nonce,
        uint16 version,
        uint256 deadline
    ) external view returns (bytes32) {
        return _contractDigest(terms, nonce, version, deadline);
    }

    /// @inheritdoc ILaborRegistry
    function shiftReviewDigest(
        bytes32 agreementId,
        uint256[] calldata indexes,
        bool confirmed,
        uint8 reasonCode,
        uint256 deadline
    ) external view returns (bytes32) {
        return _shiftReviewDigest(agreementId, indexes, confirmed, reasonCode, deadline);
    }

    /// @inheritdoc ILaborRegistry
    function businessHashOf(address employer) external view returns (bytes32) {
        return _businessHashes[employer];
    }

    /// @inheritdoc ILaborRegistry
    function agreement(bytes32 agreementId) external view returns (AgreementView memory view_) {
        Header storage header = _headers[agreementId];
        view_.status = header.status;
        view_.version = header.versionCount;
        Tally storage tally = _tallies[agreementId];
        view_.terminationReason = tally.terminationReason;
        view_.firstDay = header.firstDay;
        view_.endedDay = tally.endedDay;
        if (header.versionCount > 0) {
            view_.terms = _termsOf(agreementId, header, header.versionCount);
        } else {
            view_.terms.employer = header.employer;
        }
    }

    /// @inheritdoc ILaborRegistry
    function agreementVersion(
        bytes32 agreementId,
        uint16 version
    ) external view returns (Terms memory terms) {
        Header storage header = _headers[agreementId];
        if (version != 0 && version <= header.versionCount) {
            terms = _termsOf(agreementId, header, version);
        }
    }

    /// @inheritdoc ILaborRegistry
    function insuranceStatus(
        bytes32 agreementId
    ) external view returns (InsuranceStatus[4] memory) {
        return _insurance[agreementId];
    }

    /// @inheritdoc ILaborRegistry
    function shiftCount(bytes32 agreementId) external view returns (uint256) {
        return _headers[agreementId].shiftCount;
    }

    /// @inheritdoc ILaborRegistry
    function shift(bytes32 agreementId, uint256 index) external view returns (Shift memory) {
        return _shiftAt(agreementId, index);
    }

    /// @inheritdoc ILaborRegistry
    function shiftRange(
        bytes32 agreementId,
        uint256 start,
        uint256 count
    ) external view returns (Shift[] memory shifts) {
        uint256 recorded = _headers[agreementId].shiftCount;
        uint256 available = start < recorded ? recorded - start : 0;
        if (count > available) count = available;
        shifts = new Shift[](count);
        for (uint256 i = 0; i < count; ++i) {
            shifts[i] = _shiftAt(agreementId, start + i);
        }
    }

    /// @inheritdoc ILaborRegistry
    function weeklyConfirmedMinutes(
        bytes32 agreementId,
        uint256 week
    ) external view returns (uint256) {
        return _weekMinutes(agreementId, week);
    }

    /// @inheritdoc ILaborRegistry
    function reachedWeeklyHolidayThreshold(
        bytes32 agreementId,
        uint256 week
    ) external view returns (bool) {
        return _weekMinutes(agreementId, week) >= WEEKLY_HOLIDAY_THRESHOLD_MINUTES;
    }

    /// @inheritdoc ILaborRegistry
    function confirmedMinutes(bytes32 agreementId) external view returns (uint256) {
        return _confirmedMinutes(agreementId);
    }

    /// @inheritdoc ILaborRegistry
    function wagePaymentCount(bytes32 agreementId) external view returns (uint256) {
        return _tallies[agreementId].paymentCount;
    }

    /// @inheritdoc ILaborRegistry
    function wagePayment(
        bytes32 agreementId,
        uint256 index
    ) external view returns (WagePayment memory) {
        return _payments[agreementId][index];
    }

    /// @inheritdoc ILaborRegistry
    function minimumWageAt(uint24 day) external view returns (uint32) {
        return _minimumWageAt(day);
    }

    /// @inheritdoc ILaborRegistry
    function shiftPay(
        bytes32 agreementId,
        uint256 index
    ) external view returns (uint32 hourlyRate, uint256 owed) {
        Shift memory entry = _shiftAt(agreementId, index);
        if (entry.status == ShiftStatus.None) {
            revert ShiftNotRecorded(agreementId, index, entry.status);
        }
        hourlyRate = _rateOwed(agreementId, _headers[agreementId].versionCount, entry.day);
        if (entry.status == ShiftStatus.Confirmed) {
            owed = Math.ceilDiv(uint256(entry.workedMinutes) * hourlyRate, 60);
        }
    }

    /// @inheritdoc ILaborRegistry
    function weeklyOwedWage(bytes32 agreementId, uint256 week) external view returns (uint256) {
        (uint256 first, uint256 last) = _weekDays(week);
        (uint256 wonMinutes, ) = _confirmedBetween(agreementId, first, last, true);
        return Math.ceilDiv(wonMinutes, 60);
    }

    /// @inheritdoc ILaborRegistry
    function owedWage(
        bytes32 agreementId,
        uint24 fromDay,
        uint24 toDay
    ) external view returns (uint256) {
        return _owedBetween(agreementId, fromDay, toDay);
    }

    /// @inheritdoc ILaborRegistry
    function wageBelowCurrentMinimum(
        bytes32 agreementId
    ) external view returns (bool below, uint32 agreedWage, uint32 minimumWage) {
        Header storage header = _headers[agreementId];
        if (header.status != AgreementStatus.Active) return (false, 0, 0);
        agreedWage = _versions[agreementId][header.versionCount].hourlyWage;
        // Values were pushed from uint32 wages: the cast is exact.
        minimumWage = SafeCast.toUint32(_minimumWages.upperLookupRecent(_today()));
        // Wages, not times: "today" only picks the schedule entry, a day ahead of any skew.
        // slither-disable-next-line timestamp
        below = agreedWage < minimumWage;
    }

    /// @inheritdoc ILaborRegistry
    function isVerifiedEmployer(address employer) public view returns (bool) {
        bytes32 businessHash = _businessHashes[employer];
        return businessHash != bytes32(0) && _verifiedEmployers[businessHash] == employer;
    }

    /// @inheritdoc ILaborRegistry
    function verifiedEmployerOf(bytes32 businessHash) external view returns (address) {
        return _verifiedEmployers[businessHash];
    }

    /// @inheritdoc ILaborRegistry
    function minimumWageScheduleLength() external view returns (uint256) {
        return _minimumWages.length();
    }

    /// @inheritdoc ILaborRegistry
    function minimumWageEntry(uint256 index) external view returns (MinimumWage memory) {
        Checkpoints.Checkpoint224 memory entry = _minimumWages.at(SafeCast.toUint32(index));
        // Pushed from a uint24 day and a uint32 wage: both casts are exact.
        return MinimumWage(SafeCast.toUint24(entry._key), SafeCast.toUint32(entry._value));
    }

    /// @inheritdoc ILaborRegistry
    function careerSummary(
        address worker,
        bytes32[] calldata agreementIds
    ) external view returns (CareerSummary memory summary) {
        uint256 count = agreementIds.length;
        address[] memory employers = new address[](count);
        bool[] memory verified = new bool[](count);
        uint256 verifiedCount = 0;
        for (uint256 i = 0; i < count; ++i) {
            bytes32 agreementId = agreementIds[i];
            if (i > 0 && agreementId <= agreementIds[i - 1]) revert CareerIdsNotAscending(i);
            Header storage header = _headers[agreementId];
            bool active = header.status == AgreementStatus.Active;
            if (
                (!active && header.status != AgreementStatus.Terminated) ||
                _versions[agreementId][header.versionCount].worker != worker
            ) revert NotWorkersAgreement(agreementId, worker);
            (uint256 wonMinutes, uint256 minutes_) = _confirmedBetween(
                agreementId,
                0,
                type(uint256).max,
                true
            );
            summary.agreements += 1;
            if (active) summary.activeAgreements += 1;
            summary.confirmedMinutes += minutes_;
            summary.owedWage += Math.ceilDiv(wonMinutes, 60);
            if (summary.firstDay == 0 || header.firstDay < summary.firstDay) {
                summary.firstDay = header.firstDay;
            }
            address employer = header.employer;
            bool isVerified = isVerifiedEmployer(employer);
            if (isVerified) {
                summary.verifiedAgreements += 1;
                summary.verifiedConfirmedMinutes += minutes_;
            }
            if (!_contains(employers, summary.employers, employer)) {
                employers[summary.employers] = employer;
                verified[summary.employers] = isVerified;
                summary.employers += 1;
                if (isVerified) verifiedCount += 1;
            }
        }
        summary.verifiedEmployers = new address[](verifiedCount);
        summary.unverifiedEmployers = new address[](summary.employers - verifiedCount);
        uint256 v = 0;
        for (uint256 j = 0; j < summary.employers; ++j) {
            if (verified[j]) {
                summary.verifiedEmployers[v++] = employers[j];
            } else {
                summary.unverifiedEmployers[j - v] = employers[j];
            }
        }
    }

    /// @inheritdoc ILaborRegistry
    function wageToken() external view returns (address) {
        return address(_wageToken);
    }

    /// @inheritdoc ILaborRegistry
    function today() external view returns (uint24) {
        return _today();
    }

    /// @inheritdoc ILaborRegistry
    function weekOf(uint24 day) external pure returns (uint256) {
        return _weekOf(day);
    }

    /// @inheritdoc ILaborRegistry
    function agreementIdOf(
        address employer,
        address worker,
        uint256 nonce
    ) public pure returns (bytes32) {
        return keccak256(abi.encode(employer, worker, nonce));
    }

    /// @notice The role that attests insurance `kind`.
    function insurerRole(Insurance kind) public pure returns (bytes32) {
        if (kind == Insurance.NationalPension) return PENSION_INSURER_ROLE;
        if (kind == Insurance.Health) return HEALTH_INSURER_ROLE;
        if (kind == Insurance.Employment) return EMPLOYMENT_INSURER_ROLE;
        return ACCIDENT_INSURER_ROLE;
    }

    // ------------------------------------------------------------------ internal

    /// @dev The labor authority or a business-registry attester.
    function _checkEmployerVerifier() internal view {
        if (
            !hasRole(LABOR_AUTHORITY_ROLE, msg.sender) &&
            !hasRole(BUSINESS_REGISTRY_ROLE, msg.sender)
        ) revert NotEmployerVerifier(msg.sender);
    }

    function _registeredHash(address employer) internal view returns (bytes32 businessHash) {
        businessHash = _businessHashes[employer];
        if (businessHash == bytes32(0)) revert EmployerNotRegistered(employer);
    }

    function _contains(
        address[] memory list,
        uint256 length,
        address item
    ) internal pure returns (bool) {
        for (uint256 j = 0; j < length; ++j) {
            if (list[j] == item) return true;
        }
        return false;
    }

    /// @dev The higher of the agreed wage of the version in force on `day` and the minimum
    /// in force on `day`. Versions' start days never decrease, and `day` is not before the
    /// first version's start day for any recorded shift.
    function _rateOwed(
        bytes32 agreementId,
        uint16 versionCount,
        uint24 day
    ) internal view returns (uint32) {
        mapping(uint256 => Version) storage versions = _versions[agreementId];
        uint32 agreed = versions[1].hourlyWage;
        // A version count, not a time (slither taints it through the shared header slot).
        // slither-disable-next-line timestamp
        for (uint256 v = versionCount; v > 1; --v) {
            Version storage version = versions[v];
            if (version.startDay <= day) {
                agreed = version.hourlyWage;
                break;
            }
        }
        uint32 minimum = _minimumWageOrZero(day);
        return agreed > minimum ? agreed : minimum;
    }

    /// @dev KRW owed for the confirmed shifts with `fromDay <= day <= toDay`, rounded up.
    function _owedBetween(
        bytes32 agreementId,
        uint24 fromDay,
        uint24 toDay
    ) internal view returns (uint256) {
        (uint256 wonMinutes, ) = _confirmedBetween(agreementId, fromDay, toDay, true);
        return Math.ceilDiv(wonMinutes, 60);
    }

    /// @dev Over the confirmed shifts with `fromDay <= day <= toDay`: the sum of minutes times
    /// the rate owed (when `priced`, else 0) and the sum of minutes.
    function _confirmedBetween(
        bytes32 agreementId,
        uint256 fromDay,
        uint256 toDay,
        bool priced
    ) internal view returns (uint256 wonMinutes, uint256 minutes_) {
        Header storage header = _headers[agreementId];
        uint256 count = header.shiftCount;
        uint256 firstDay = header.firstDay;
        mapping(uint256 => uint256) storage words = _shiftWords[agreementId];
        uint256 word = 0;
        for (uint256 i = 0; i < count; ++i) {
            if (i % _SHIFTS_PER_WORD == 0) word = words[i / _SHIFTS_PER_WORD];
            uint256 packed = (word >> _shiftOffset(i)) & _SHIFT_MASK;
            uint256 day = firstDay + (packed >> 16);
            if (
                ShiftStatus(packed & _STATUS_MASK) == ShiftStatus.Confirmed &&
                day >= fromDay &&
                day <= toDay
            ) {
                uint256 worked = _minutesOf(packed);
                minutes_ += worked;
                if (priced) {
                    wonMinutes +=
                        worked *
                        _rateOwed(agreementId, header.versionCount, SafeCast.toUint24(day));
                }
            }
        }
    }

    function _checkUnused(bytes32 agreementId) internal view {
        AgreementStatus status = _headers[agreementId].status;
        // Not a time comparison (slither taints it through the shared header slot).
        // slither-disable-next-line timestamp
        if (status != AgreementStatus.None) revert AgreementIdUsed(agreementId, status);
    }

    function _checkStatus(
        bytes32 agreementId,
        AgreementStatus status,
        AgreementStatus expected
    ) internal pure {
        // Not a time comparison (slither taints it through the shared header slot).
        // slither-disable-next-line timestamp
        if (status != expected) revert AgreementNotInStatus(agreementId, status);
    }

    function _checkBatch(uint256 count) internal pure {
        if (count == 0 || count > MAX_BATCH) revert InvalidBatchSize(count, MAX_BATCH);
    }

    /// @dev Everything a version must satisfy on its own (the amendment adds its ordering rule).
    function _checkTerms(Terms calldata terms) internal view {
        if (_businessHashes[terms.employer] == bytes32(0)) {
            revert EmployerNotRegistered(terms.employer);
        }
        if (terms.worker == address(0) || terms.worker == terms.employer) {
            revert InvalidWorker(terms.worker);
        }
        if (terms.documentHash == bytes32(0)) revert InvalidDocumentHash();
        if (terms.weeklyMinutes == 0 || terms.weeklyMinutes > MAX_WEEKLY_MINUTES) {
            revert InvalidWeeklyMinutes(terms.weeklyMinutes);
        }
        if (terms.endDay != 0 && terms.endDay < terms.startDay) {
            revert InvalidContractPeriod(terms.startDay, terms.endDay);
        }
        _checkMinimumWage(terms.hourlyWage, terms.startDay);
    }

    function _checkMinimumWage(uint32 hourlyWage, uint24 day) internal view {
        uint32 minimum = _minimumWageAt(day);
        if (hourlyWage < minimum) revert WageBelowMinimum(hourlyWage, minimum, day);
    }

    function _minimumWageAt(uint24 day) internal view returns (uint32 minimum) {
        minimum = _minimumWageOrZero(day);
        // A wage, not a balance: scheduled wages are never zero, so zero means none.
        // slither-disable-next-line incorrect-equality
        if (minimum == 0) revert NoMinimumWageInForce(day);
    }

    /// @dev Zero when no rate is in force on `day` (scheduled wages are never zero). Searches
    /// from the newest entry: contracts and shifts usually fall under the latest rates.
    function _minimumWageOrZero(uint24 day) internal view returns (uint32) {
        LatestMinimum memory latest = _latestMinimum;
        // A wage schedule day, not a time (slither taints it through the shared slot).
        // slither-disable-next-line timestamp
        if (latest.hourlyWage != 0 && day >= latest.effectiveDay) return latest.hourlyWage;
        // Values were pushed from uint32 wages: the cast is exact.
        return SafeCast.toUint32(_minimumWages.upperLookupRecent(day));
    }

    function _checkDeadline(uint256 deadline) internal view {
        // A signature deadline is a point in time; validators' skew is seconds.
        // slither-disable-next-line timestamp
        if (block.timestamp > deadline) revert SignatureExpired(deadline, block.timestamp);
    }

    function _checkSignedByBoth(
        Terms calldata terms,
        uint256 nonce,
        uint16 version,
        uint256 deadline,
        bytes calldata employerSignature,
        bytes calldata workerSignature
    ) internal view {
        _checkDeadline(deadline);
        bytes32 digest = _contractDigest(terms, nonce, version, deadline);
        _checkSignature(terms.employer, digest, employerSignature);
        _checkWorkerSignature(terms.worker, digest, workerSignature);
    }

    /// @dev The worker's signature, asked of the worker's code first: a worker with code is
    /// given its ERC-1271 check straight away (the code lookup warms the account for the
    /// call), so a wallet worker does not pay for an ECDSA recovery that cannot match it; an
    /// EOA worker pays the code lookup (2,600 gas) instead. Accepts exactly what
    /// {SignerCheck.isValidNow} accepts: a worker with code whose wallet says no is still
    /// accepted on an ECDSA signature by its key (an EIP-7702 account).
    function _checkWorkerSignature(
        address worker,
        bytes32 digest,
        bytes calldata signature
    ) internal view {
        if (worker.code.length > 0 && SignerCheck.isValidERC1271Now(worker, digest, signature)) {
            return;
        }
        // The third return value only details a malformed signature; err already says so.
        // slither-disable-next-line unused-return
        (address recovered, ECDSA.RecoverError err, ) = ECDSA.tryRecover(digest, signature);
        if (err != ECDSA.RecoverError.NoError || recovered != worker) {
            revert InvalidSignature(worker);
        }
    }

    /// @dev An EOA's ECDSA signature or a wallet's ERC-1271 approval (see SignerCheck).
    function _checkSignature(
        address signer,
        bytes32 digest,
        bytes calldata signature
    ) internal view {
        if (!SignerCheck.isValidNow(signer, digest, signature)) revert InvalidSignature(signer);
    }

    function _contractDigest(
        Terms calldata terms,
        uint256 nonce,
        uint16 version,
        uint256 deadline
    ) internal view returns (bytes32) {
        // Terms is a static struct: abi.encode lays out its seven fields as seven words,
        // exactly the EIP-712 encoding of the LaborContract fields in declaration order.
        return
            _hashTypedDataV4(
                keccak256(abi.encode(_CONTRACT_TYPEHASH, terms, nonce, version, deadline))
            );
    }

    function _shiftReviewDigest(
        bytes32 agreementId,
        uint256[] calldata indexes,
        bool confirmed,
        uint8 reasonCode,
        uint256 deadline
    ) internal view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(
                    abi.encode(
                        _SHIFT_REVIEW_TYPEHASH,
                        agreementId,
                        keccak256(abi.encodePacked(indexes)),
                        confirmed,
                        reasonCode,
                        deadline
                    )
                )
            );
    }

    function _storeVersion(bytes32 agreementId, uint16 version, Terms calldata terms) internal {
        _versions[agreementId][version] = Version({
            worker: terms.worker,
            hourlyWage: terms.hourlyWage,
            weeklyMinutes: terms.weeklyMinutes,
            startDay: terms.startDay,
            endDay: terms.endDay
        });
    }

    function _termsOf(
        bytes32 agreementId,
        Header storage header,
        uint16 version
    ) internal view returns (Terms memory) {
        Version storage stored = _versions[agreementId][version];
        return
            Terms({
                employer: header.employer,
                worker: stored.worker,
                documentHash: bytes32(0),
                hourlyWage: stored.hourlyWage,
                weeklyMinutes: stored.weeklyMinutes,
                startDay: stored.startDay,
                endDay: stored.endDay
            });
    }

    /// @dev Shifts stay reviewable after termination, so a worker never loses the last week.
    function _reviewableWorker(bytes32 agreementId) internal view returns (address) {
        Header storage header = _headers[agreementId];
        AgreementStatus status = header.status;
        if (status != AgreementStatus.Active && status != AgreementStatus.Terminated) {
            revert AgreementNotInStatus(agreementId, status);
        }
        return _versions[agreementId][header.versionCount].worker;
    }

    function _review(
        bytes32 agreementId,
        uint256[] calldata indexes,
        bool confirmed,
        uint8 reasonCode
    ) internal {
        uint256 count = indexes.length;
        _checkBatch(count);
        if (!confirmed && reasonCode == 0) revert InvalidReasonCode(reasonCode);
        mapping(uint256 => uint256) storage words = _shiftWords[agreementId];
        // Recorded -> next only changes the status bits: XOR flips exactly those bits.
        uint256 flip = uint256(uint8(ShiftStatus.Recorded)) ^
            uint256(uint8(confirmed ? ShiftStatus.Confirmed : ShiftStatus.Disputed));
        uint256 total = 0;
        // One read and one write per word the batch touches: the word is kept while the
        // indexes stay in it and written back when they leave it.
        uint256 wordIndex = type(uint256).max;
        uint256 word = 0;
        for (uint256 i = 0; i < count; ++i) {
            uint256 index = indexes[i];
            uint256 nextWord = index / _SHIFTS_PER_WORD;
            if (nextWord != wordIndex) {
                if (wordIndex != type(uint256).max) words[wordIndex] = word;
                wordIndex = nextWord;
                word = words[wordIndex];
            }
            uint256 worked;
            (word, worked) = _reviewShift(agreementId, word, index, flip);
            total += worked;
        }
        words[wordIndex] = word;
        if (confirmed) {
            emit ShiftsConfirmed(agreementId, indexes, total);
        } else {
            emit ShiftsDisputed(agreementId, indexes, reasonCode);
        }
    }

    /// @dev Moves shift `index` in its `word` from Recorded to the reviewed status; returns
    /// the new word and the shift's worked minutes.
    function _reviewShift(
        bytes32 agreementId,
        uint256 word,
        uint256 index,
        uint256 flip
    ) internal pure returns (uint256, uint256) {
        uint256 offset = _shiftOffset(index);
        uint256 packed = (word >> offset) & _SHIFT_MASK;
        ShiftStatus status = ShiftStatus(packed & _STATUS_MASK);
        if (status != ShiftStatus.Recorded) revert ShiftNotRecorded(agreementId, index, status);
        return (word ^ (flip << offset), _minutesOf(packed));
    }

    function _recordWage(
        bytes32 agreementId,
        uint24 periodStartDay,
        uint24 periodEndDay,
        uint128 amount,
        bytes32 referenceHash,
        bool onChain
    ) internal returns (address worker) {
        Header storage header = _headers[agreementId];
        worker = _reviewableWorker(agreementId);
        if (msg.sender != header.employer) revert NotEmployer(agreementId, msg.sender);
        if (periodEndDay < periodStartDay || periodStartDay < header.firstDay) {
            revert InvalidWagePeriod(periodStartDay, periodEndDay);
        }
        if (amount == 0) revert InvalidWageAmount(amount);
        Tally storage tally = _tallies[agreementId];
        uint256 index = tally.paymentCount;
        WagePayment memory payment = WagePayment(
            periodStartDay,
            periodEndDay,
            onChain,
            amount,
            referenceHash,
            SafeCast.toUint128(_owedBetween(agreementId, periodStartDay, periodEndDay))
        );
        _payments[agreementId][index] = payment;
        // Cannot overflow in practice: one record per transaction.
        tally.paymentCount = uint64(index + 1);
        emit WagePaymentRecorded(agreementId, index, payment);
    }

    function _shiftAt(bytes32 agreementId, uint256 index) internal view returns (Shift memory) {
        uint256 packed = (_shiftWords[agreementId][index / _SHIFTS_PER_WORD] >>
            _shiftOffset(index)) & _SHIFT_MASK;
        ShiftStatus status = ShiftStatus(packed & _STATUS_MASK);
        if (status == ShiftStatus.None) return Shift(0, 0, status);
        return
            Shift({
                day: SafeCast.toUint24(_headers[agreementId].firstDay + (packed >> 16)),
                workedMinutes: uint16(_minutesOf(packed)),
                status: status
            });
    }

    /// @dev 32 bits: day offset from the first day (16) | worked minutes (14) | status (2),
    /// status Recorded. Minutes are at most MAX_SHIFT_MINUTES (1440 < 2^14).
    function _packShift(uint256 dayOffset, uint16 workedMinutes) internal pure returns (uint256) {
        return
            (dayOffset << 16) |
            (uint256(workedMinutes) << 2) |
            uint256(uint8(ShiftStatus.Recorded));
    }

    function _minutesOf(uint256 packed) internal pure returns (uint256) {
        return (packed >> 2) & 0x3fff;
    }

    function _shiftOffset(uint256 index) internal pure returns (uint256) {
        return _SHIFT_BITS * (index % _SHIFTS_PER_WORD);
    }

    /// @dev Days `first .. last` of Monday-based week `week`: 7w - 3 .. 7w + 3 (see weekOf);
    /// week 0 starts before day 0. A week past any uint24 day holds no stored shift.
    function _weekDays(uint256 week) internal pure returns (uint256 first, uint256 last) {
        if (week > type(uint24).max) return (1, 0);
        first = week == 0 ? 0 : week * 7 - 3;
        last = week * 7 + 3;
    }

    function _weekMinutes(bytes32 agreementId, uint256 week) internal view returns (uint256) {
        (uint256 first, uint256 last) = _weekDays(week);
        (, uint256 minutes_) = _confirmedBetween(agreementId, first, last, false);
        return minutes_;
    }

    function _confirmedMinutes(bytes32 agreementId) internal view returns (uint256 minutes_) {
        (, minutes_) = _confirmedBetween(agreementId, 0, type(uint256).max, false);
    }

    function _today() internal view returns (uint24) {
        // Fits uint24 until the year 47,000.
        return uint24((block.timestamp + _KST_OFFSET) / 1 days);
    }

    function _weekOf(uint24 day) internal pure returns (uint256) {
        // Day 0 (1970-01-01) was a Thursday: shifting by 3 makes weeks start on Monday.
        return (uint256(day) + 3) / 7;
    }
}
