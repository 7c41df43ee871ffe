// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Labor contract records for part-time workers (시간제 노동자 권익보호)
/// @notice Two-party labor contracts (EIP-712 signatures of both sides, or an on-chain
/// propose/accept), versioned amendments, termination with a reason code, the four social
/// insurances attested by insurer roles, shift records confirmed by the worker with weekly
/// totals, wage payment records (optionally paid in an ERC-20) and a worker's career summary.
///
/// Conventions a reader must know:
/// - **Days** are KST day numbers: `day = (unixSeconds + 9 hours) / 1 days`, so day 0 is
///   Thursday 1970-01-01 in Korea. Every date argument (contract start/end, shifts, wage
///   periods, minimum-wage effective dates) is such a day number.
/// - **Weeks** are Monday-based: `week = (day + 3) / 7`. Week 0 runs from Monday 1969-12-29 to
///   Sunday 1970-01-04 (KST); the week of a day is the ISO week it belongs to.
/// - **Agreement ids** are `keccak256(abi.encode(employer, worker, nonce))`: the nonce is an
///   unordered number the employer picks for the offer. An id can be used once, so a signed
///   offer cannot be replayed, and either party can burn an unused nonce with {cancelOffer}.
/// - **Minimum wage** is a schedule of (effective day, hourly wage) set by the labor
///   authority alone (it never needs the parties' consent). Entries are appended for days
///   after today and never change, so the minimum in force on a past day is final. A version
///   of a contract must offer at least the minimum in force on its start day when it is
///   signed (or proposed and accepted); the minimum binds by the day the work is done, so a
///   later rate that comes into force during the contract overrides a lower agreed wage.
/// - **Rate owed** for a shift: the higher of the agreed hourly wage of the version in force
///   on the shift's day (the latest version whose start day is not after it) and the minimum
///   wage in force on that day. Owed amounts are whole won, rounded up, over the confirmed
///   minutes they cover: `ceil(sum(minutes * rate) / 60)`.
/// - **Employers** register themselves with the hash of their business registration (a
///   claim). An employer is *verified* when the labor authority or a business-registry
///   attester has verified that hash for its address; a hash is verified for one address at
///   a time, and {moveEmployerVerification} is the one way to move it. {careerSummary} counts
///   an agreement as verified when its employer is verified at the time of the query.
/// - **Order of checks**: a call names the state of the agreement (or employer, or shift
///   batch) it targets first, then whether the caller may act, then its own arguments; each
///   function lists its reverts in that order.
/// - No personal data on chain: contracts and businesses are identified by document hashes,
///   people by addresses.
interface ILaborRegistry {
    // ------------------------------------------------------------------ types

    /// @notice Lifecycle of an agreement id.
    enum AgreementStatus {
        None,
        Proposed,
        Active,
        Terminated,
        Cancelled
    }

    /// @notice Review state of one shift: written once by the employer, reviewed once by the worker.
    enum ShiftStatus {
        None,
        Recorded,
        Confirmed,
        Disputed
    }

    /// @notice The four social insurances (4대 보험).
    enum Insurance {
        NationalPension,
        Health,
        Employment,
        IndustrialAccident
    }

    /// @notice Enrollment state of one insurance for one agreement.
    enum InsuranceStatus {
        None,
        Enrolled,
        Withdrawn
    }

    /// @notice The terms both parties sign. One storage slot holds everything but the hash.
    /// @param employer registered employer
    /// @param worker the worker's address (an EOA or an ERC-1271 wallet)
    /// @param documentHash hash of the signed contract document kept off chain
    /// @param hourlyWage hourly wage in KRW (whole won)
    /// @param weeklyMinutes agreed working time per week, in minutes (1..MAX_WEEKLY_MINUTES)
    /// @param startDay first day of this version (KST day number)
    /// @param endDay last day of the contract (KST day number), 0 when open-ended
    struct Terms {
        address employer;
        address worker;
        bytes32 documentHash;
        uint32 hourlyWage;
        uint16 weeklyMinutes;
        uint24 startDay;
        uint24 endDay;
    }

    /// @notice What {agreement} returns: the agreement header and its current version.
    struct AgreementView {
        AgreementStatus status;
        uint16 version;
        uint8 terminationReason;
        uint24 firstDay;
        uint24 endedDay;
        Terms terms;
    }

    /// @notice A shift as the employer submits it.
    struct ShiftInput {
        uint24 day;
        uint16 workedMinutes;
    }

    /// @notice A stored shift.
    struct Shift {
        uint24 day;
        uint16 workedMinutes;
        ShiftStatus status;
    }

    /// @notice A wage payment record (amount in KRW when paid off chain, in token units when
    /// paid on chain). `owed` is the wage owed in KRW, when the payment was recorded, for the
    /// shifts confirmed so far whose day lies in the period (see "Rate owed").
    struct WagePayment {
        uint24 periodStartDay;
        uint24 periodEndDay;
        bool onChain;
        uint128 amount;
        bytes32 referenceHash;
        uint128 owed;
    }

    /// @notice A worker's career over a set of agreements, checked on chain by {careerSummary}.
    /// @param agreements agreements counted (every id given)
    /// @param activeAgreements of which still active
    /// @param employers distinct employers (verified and unverified)
    /// @param confirmedMinutes confirmed minutes over all agreements
    /// @param firstDay earliest first day
    /// @param verifiedAgreements agreements whose employer is verified now
    /// @param verifiedConfirmedMinutes confirmed minutes of those agreements
    /// @param owedWage KRW owed for all confirmed shifts (see "Rate owed")
    /// @param verifiedEmployers distinct verified employers, in order of first appearance
    /// @param unverifiedEmployers distinct unverified employers, in order of first appearance
    struct CareerSummary {
        uint256 agreements;
        uint256 activeAgreements;
        uint256 employers;
        uint256 confirmedMinutes;
        uint256 firstDay;
        uint256 verifiedAgreements;
        uint256 verifiedConfirmedMinutes;
        uint256 owedWage;
        address[] verifiedEmployers;
        address[] unverifiedEmployers;
    }

    /// @notice One entry of the minimum-wage schedule.
    struct MinimumWage {
        uint24 effectiveDay;
        uint32 hourlyWage;
    }

    // ------------------------------------------------------------------ errors

    /// @notice The constructor's admin is the zero address.
    error InvalidAdmin();
    /// @notice `employer` registered a business hash already.
    error EmployerAlreadyRegistered(address employer);
    /// @notice `employer` has not registered a business hash (see {registerEmployer}).
    error EmployerNotRegistered(address employer);
    /// @notice The business-registration hash is zero.
    error InvalidBusinessHash();
    /// @notice The signed contract document's hash is zero.
    error InvalidDocumentHash();
    /// @notice `worker` is the zero address or the employer itself.
    error InvalidWorker(address worker);
    /// @notice Agreed weekly minutes of `weeklyMinutes` are zero or above the legal week.
    error InvalidWeeklyMinutes(uint16 weeklyMinutes);
    /// @notice The contract period ends (`endDay`) before it starts (`startDay`); an open-ended
    /// contract has `endDay` zero.
    error InvalidContractPeriod(uint24 startDay, uint24 endDay);
    /// @notice The agreed `hourlyWage` is below `minimumWage`, the minimum in force on `day`.
    error WageBelowMinimum(uint32 hourlyWage, uint32 minimumWage, uint24 day);
    /// @notice No minimum wage is in force on `day`: the schedule starts later.
    error NoMinimumWageInForce(uint24 day);
    /// @notice A schedule entry for `effectiveDay` is not after the last one's
    /// `lastEffectiveDay`.
    error MinimumWageNotIncreasingDay(uint24 effectiveDay, uint24 lastEffectiveDay);
    /// @notice A minimum wage effective on `effectiveDay` would apply before tomorrow (`today`
    /// is the current KST day).
    error MinimumWageRetroactive(uint24 effectiveDay, uint24 today);
    /// @notice A minimum hourly wage of `hourlyWage` is zero.
    error InvalidMinimumWage(uint32 hourlyWage);
    /// @notice A signature's `deadline` passed: the block's time is `timestamp`.
    error SignatureExpired(uint256 deadline, uint256 timestamp);
    /// @notice The signature is not `signer`'s for this digest (an EOA's ECDSA signature, or a
    /// wallet that did not answer ERC-1271's magic value within the gas bound).
    error InvalidSignature(address signer);
    /// @notice `agreementId` exists already, in `status`.
    error AgreementIdUsed(bytes32 agreementId, AgreementStatus status);
    /// @notice `agreementId` is in `status`, not the one the call needs.
    error AgreementNotInStatus(bytes32 agreementId, AgreementStatus status);
    /// @notice `account` is neither the employer nor the worker of `agreementId`.
    error NotAgreementParty(bytes32 agreementId, address account);
    /// @notice `account` is not the employer of `agreementId`.
    error NotEmployer(bytes32 agreementId, address account);
    /// @notice `account` is not the worker of `agreementId`.
    error NotWorker(bytes32 agreementId, address account);
    /// @notice An amendment's `startDay` is before the current version's `previousStartDay`.
    error AmendmentStartsEarlier(uint24 startDay, uint24 previousStartDay);
    /// @notice A reason code of zero: ending an agreement, or disputing shifts, names a reason.
    error InvalidReasonCode(uint8 reasonCode);
    /// @notice The insurance `kind` of `agreementId` cannot move from `current` to the
    /// requested status.
    error InsuranceTransitionInvalid(bytes32 agreementId, Insurance kind, InsuranceStatus current);
    /// @notice `account` does not hold the insurer role of `kind`.
    error NotInsurer(address account, Insurance kind);
    /// @notice A batch had `count` items; it must have 1 to `max` (`MAX_BATCH`).
    error InvalidBatchSize(uint256 count, uint256 max);
    /// @notice The batch's shift `index` has `workedMinutes` outside 1..1440.
    error InvalidShiftMinutes(uint256 index, uint16 workedMinutes);
    /// @notice The batch's shift `index` is on `day`, outside the contract period or after
    /// today (KST).
    error ShiftOutOfPeriod(uint256 index, uint24 day);
    /// @notice Shift `shiftIndex` of `agreementId` is in `status`, not awaiting the worker's
    /// review.
    error ShiftNotRecorded(bytes32 agreementId, uint256 shiftIndex, ShiftStatus status);
    /// @notice A wage period from `periodStartDay` to `periodEndDay` is reversed or starts before
    /// the agreement's first day.
    error InvalidWagePeriod(uint24 periodStartDay, uint24 periodEndDay);
    /// @notice A wage payment of `amount` is zero.
    error InvalidWageAmount(uint256 amount);
    /// @notice The registry was deployed without a wage token: wages are recorded, not paid,
    /// here.
    error WageTokenDisabled();
    /// @notice The wage token moved `received` to the worker instead of `expected` (a
    /// fee-on-transfer or rebasing token).
    error WageTokenShortfall(uint256 expected, uint256 received);
    /// @notice The career summary's agreement ids are not strictly ascending at `index` (each
    /// agreement counts once).
    error CareerIdsNotAscending(uint256 index);
    /// @notice `agreementId` is not an agreement of `worker`.
    error NotWorkersAgreement(bytes32 agreementId, address worker);
    /// @notice `account` holds neither the labor authority nor the business-registry role.
    error NotEmployerVerifier(address account);
    /// @notice `employer` is verified for its business hash already.
    error EmployerAlreadyVerified(address employer);
    /// @notice `businessHash` is verified for `holder`: move it with {moveEmployerVerification}.
    error BusinessHashVerifiedForOther(bytes32 businessHash, address holder);
    /// @notice `employer` is not the verified holder of its business hash.
    error EmployerNotVerified(address employer);
    /// @notice `employer` registered `businessHash`, not the `expected` hash.
    error BusinessHashMismatch(address employer, bytes32 businessHash, bytes32 expected);

    // ------------------------------------------------------------------ events

    event EmployerRegistered(address indexed employer, bytes32 businessHash);
    /// @notice `verifier` verified `businessHash` for `employer`.
    event EmployerVerified(
        address indexed employer,
        bytes32 indexed businessHash,
        address indexed verifier
    );
    /// @notice The verification of `businessHash` moved from `from` to `to`.
    event EmployerVerificationMoved(
        bytes32 indexed businessHash,
        address indexed from,
        address indexed to,
        address verifier
    );
    event MinimumWageScheduled(uint256 indexed index, uint24 effectiveDay, uint32 hourlyWage);
    /// @notice Version 1 proposed on chain by the employer; the worker still has to accept.
    event AgreementProposed(bytes32 indexed agreementId, uint256 nonce, Terms terms);
    /// @notice The agreement became active (both parties agreed to version 1). `terms` is
    /// version 1 as signed.
    event AgreementActivated(bytes32 indexed agreementId, uint256 nonce, Terms terms);
    /// @notice Version `version` (>= 2) replaced version `version - 1`; both parties signed it.
    event AgreementAmended(bytes32 indexed agreementId, uint16 version, Terms terms);
    event AgreementTerminated(
        bytes32 indexed agreementId,
        address indexed by,
        uint8 reasonCode,
        uint24 endedDay
    );
    /// @notice An unused agreement id was burned, or a proposal withdrawn / declined.
    event OfferCancelled(
        bytes32 indexed agreementId,
        address indexed employer,
        address indexed worker,
        address by
    );
    event InsuranceAttested(
        bytes32 indexed agreementId,
        Insurance indexed kind,
        InsuranceStatus status,
        address insurer,
        bytes32 referenceHash
    );
    /// @notice Shifts `firstIndex .. firstIndex + shifts.length - 1` were recorded.
    event ShiftsRecorded(bytes32 indexed agreementId, uint256 firstIndex, ShiftInput[] shifts);
    event ShiftsConfirmed(bytes32 indexed agreementId, uint256[] indexes, uint256 totalMinutes);
    event ShiftsDisputed(bytes32 indexed agreementId, uint256[] indexes, uint8 reasonCode);
    event WagePaymentRecorded(
        bytes32 indexed agreementId,
        uint256 indexed index,
        WagePayment payment
    );

    // ------------------------------------------------------------------ employers and minimum wage

    /// @notice Registers the caller as an employer with the hash of its business registration.
    /// Once per address. This is a claim: the employer is unverified until {verifyEmployer}.
    /// @dev Reverts, in this order: EmployerAlreadyRegistered, InvalidBusinessHash.
    function registerEmployer(bytes32 businessHash) external;

    /// @notice The labor authority or a business-registry attester verifies the business hash
    /// `employer` registered, for `employer`. A hash is verified for one address at a time.
    /// @dev Reverts, in this order: EmployerNotRegistered, EmployerAlreadyVerified,
    /// BusinessHashVerifiedForOther (with the current holder), NotEmployerVerifier.
    function verifyEmployer(address employer) external;

    /// @notice The documented transfer of a verification (e.g. a business moving to a new
    /// address): the labor authority or a business-registry attester moves the verification
    /// of `from`'s business hash to `to`, which must have registered the same hash. `from` is
    /// unverified afterwards, and so are its agreements in {careerSummary}.
    /// @dev Reverts, in this order: EmployerNotVerified(from), EmployerNotRegistered(to),
    /// BusinessHashMismatch, NotEmployerVerifier.
    function moveEmployerVerification(address from, address to) external;

    /// @notice Appends a minimum hourly wage effective from `effectiveDay` (labor authority
    /// only, no consent of the parties needed). Effective days strictly increase and are
    /// after today (KST), so the minimum in force on a day never changes once that day came;
    /// a new rate binds every agreement from its effective day on (see "Rate owed").
    /// @dev Reverts, in this order: AccessControlUnauthorizedAccount, InvalidMinimumWage,
    /// MinimumWageRetroactive, MinimumWageNotIncreasingDay.
    function scheduleMinimumWage(uint24 effectiveDay, uint32 hourlyWage) external;

    // ------------------------------------------------------------------ agreements

    /// @notice Activates version 1 from both parties' EIP-712 signatures over
    /// `LaborContract(terms..., nonce, version = 1, deadline)`. Anyone may submit it, so the
    /// worker never needs gas. Signatures from EOAs or ERC-1271 wallets.
    /// @dev Reverts, in this order: AgreementIdUsed, the terms' errors (EmployerNotRegistered,
    /// InvalidWorker, InvalidDocumentHash, InvalidWeeklyMinutes, InvalidContractPeriod,
    /// NoMinimumWageInForce, WageBelowMinimum), SignatureExpired, InvalidSignature.
    function activate(
        Terms calldata terms,
        uint256 nonce,
        uint256 deadline,
        bytes calldata employerSignature,
        bytes calldata workerSignature
    ) external returns (bytes32 agreementId);

    /// @notice Employer proposes version 1 on chain; {accept} by the worker activates it.
    /// @dev Reverts, in this order: AgreementIdUsed, NotEmployer, the terms' errors.
    function propose(Terms calldata terms, uint256 nonce) external returns (bytes32 agreementId);

    /// @notice The worker (caller) accepts the proposal `employer` made with `nonce`; the
    /// minimum wage is checked again.
    /// @dev Reverts, in this order: AgreementNotInStatus, WageBelowMinimum.
    function accept(address employer, uint256 nonce) external;

    /// @notice Either party burns an unused agreement id (invalidating any signatures for it)
    /// or withdraws / declines a pending proposal.
    /// @dev Reverts, in this order: AgreementIdUsed, NotAgreementParty.
    function cancelOffer(address employer, address worker, uint256 nonce) external;

    /// @notice Appends version `current + 1` signed by both parties over
    /// `LaborContract(terms..., nonce, version, deadline)`. Parties cannot change; the new
    /// start day is not before the previous version's.
    /// @dev Reverts, in this order: AgreementNotInStatus, AmendmentStartsEarlier, the terms'
    /// errors (NoMinimumWageInForce and WageBelowMinimum for the new start day),
    /// SignatureExpired, InvalidSignature.
    function amend(
        Terms calldata terms,
        uint256 nonce,
        uint256 deadline,
        bytes calldata employerSignature,
        bytes calldata workerSignature
    ) external returns (uint16 version);

    /// @notice Either party ends an active agreement today (KST) with a nonzero reason code.
    /// @dev Reverts, in this order: AgreementNotInStatus, NotAgreementParty, InvalidReasonCode.
    function terminate(bytes32 agreementId, uint8 reasonCode) external;

    // ------------------------------------------------------------------ social insurance

    /// @notice The insurer of `kind` attests enrollment (agreement active, not enrolled) or
    /// withdrawal (currently enrolled) with a reference hash.
    /// @dev Reverts, in this order: AgreementNotInStatus (enrolment only),
    /// InsuranceTransitionInvalid, NotInsurer.
    function attestInsurance(
        bytes32 agreementId,
        Insurance kind,
        bool enrolled,
        bytes32 referenceHash
    ) external;

    // ------------------------------------------------------------------ shifts

    /// @notice Employer records a batch of shifts of an active agreement: each day within the
    /// contract period and not after today (KST), 1..1440 minutes. A shift's day is kept as
    /// its offset from the agreement's first day, so a day more than 65,535 days (179 years)
    /// after it is out of the period too.
    /// @dev Reverts, in this order: AgreementNotInStatus, NotEmployer, InvalidBatchSize,
    /// InvalidShiftMinutes / ShiftOutOfPeriod (first bad entry).
    function recordShifts(bytes32 agreementId, ShiftInput[] calldata shifts) external;

    /// @notice Worker confirms recorded shifts; their minutes count toward the week and total.
    function confirmShifts(bytes32 agreementId, uint256[] calldata indexes) external;

    /// @notice Worker disputes recorded shifts (final; the employer may record a corrected one).
    function disputeShifts(
        bytes32 agreementId,
        uint256[] calldata indexes,
        uint8 reasonCode
    ) external;

    /// @notice Gasless review: anyone submits the worker's EIP-712 signature over
    /// `ShiftReview(bytes32 agreementId,uint256[] indexes,bool confirmed,uint8 reasonCode,uint256 deadline)`.
    /// Replays fail because a shift is reviewed once.
    function reviewShiftsBySig(
        bytes32 agreementId,
        uint256[] calldata indexes,
        bool confirmed,
        uint8 reasonCode,
        uint256 deadline,
        bytes calldata workerSignature
    ) external;

    // ------------------------------------------------------------------ wages

    /// @notice Employer records a wage paid off chain (bank transfer; `referenceHash` hashes the slip).
    /// The record keeps what was owed for the period's confirmed shifts at that time; its gas
    /// grows with the agreement's number of shifts (five per storage word are read).
    /// @dev Reverts, in this order: AgreementNotInStatus, NotEmployer, InvalidWagePeriod,
    /// InvalidWageAmount.
    function recordWagePayment(
        bytes32 agreementId,
        uint24 periodStartDay,
        uint24 periodEndDay,
        uint128 amount,
        bytes32 referenceHash
    ) external;

    /// @notice Employer pays `amount` of the wage token from its own balance (prior approval)
    /// straight to the worker and records it. The worker must receive the full amount.
    function payWage(
        bytes32 agreementId,
        uint24 periodStartDay,
        uint24 periodEndDay,
        uint128 amount,
        bytes32 referenceHash
    ) external;

    // ------------------------------------------------------------------ views

    function agreementIdOf(
        address employer,
        address worker,
        uint256 nonce
    ) external pure returns (bytes32);

    /// @notice EIP-712 digest both parties sign for version `version` of these terms.
    function contractDigest(
        Terms calldata terms,
        uint256 nonce,
        uint16 version,
        uint256 deadline
    ) external view returns (bytes32);

    /// @notice EIP-712 digest the worker signs for {reviewShiftsBySig}.
    function shiftReviewDigest(
        bytes32 agreementId,
        uint256[] calldata indexes,
        bool confirmed,
        uint8 reasonCode,
        uint256 deadline
    ) external view returns (bytes32);

    function businessHashOf(address employer) external view returns (bytes32);

    /// @notice The agreement's header and current version. The terms' `documentHash` reads
    /// zero: a document hash is not kept in storage (no on-chain rule reads it); it is in the
    /// version's event (AgreementProposed / AgreementActivated / AgreementAmended, which the
    /// recount reads) and in the EIP-712 digest both parties signed.
    function agreement(bytes32 agreementId) external view returns (AgreementView memory);

    /// @notice Version `version` (1-based) of an agreement's terms, kept forever (its
    /// `documentHash` reads zero, as in {agreement}).
    function agreementVersion(
        bytes32 agreementId,
        uint16 version
    ) external view returns (Terms memory);

    function insuranceStatus(bytes32 agreementId) external view returns (InsuranceStatus[4] memory);

    function shiftCount(bytes32 agreementId) external view returns (uint256);

    function shift(bytes32 agreementId, uint256 index) external view returns (Shift memory);

    /// @notice Shifts `start .. start + count - 1` (clipped to the recorded ones), for
    /// frontends and auditors reading a whole history in one call.
    function shiftRange(
        bytes32 agreementId,
        uint256 start,
        uint256 count
    ) external view returns (Shift[] memory shifts);

    /// @notice Confirmed minutes of an agreement in Monday-based week `week`.
    function weeklyConfirmedMinutes(
        bytes32 agreementId,
        uint256 week
    ) external view returns (uint256);

    /// @notice True when confirmed minutes of `week` reached 15 hours (weekly holiday pay, 주휴수당).
    function reachedWeeklyHolidayThreshold(
        bytes32 agreementId,
        uint256 week
    ) external view returns (bool);

    /// @notice Total confirmed minutes of an agreement (hours = minutes / 60).
    function confirmedMinutes(bytes32 agreementId) external view returns (uint256);

    function wagePaymentCount(bytes32 agreementId) external view returns (uint256);

    function wagePayment(
        bytes32 agreementId,
        uint256 index
    ) external view returns (WagePayment memory);

    /// @notice The minimum hourly wage in force on `day` (reverts if none is scheduled yet).
    function minimumWageAt(uint24 day) external view returns (uint32);

    /// @notice The hourly rate owed for shift `index` (the higher of the agreed wage of the
    /// version in force on its day and the minimum in force on its day) and the KRW owed for
    /// it (rounded up; 0 unless the shift is confirmed). Reverts `ShiftNotRecorded` for an
    /// index never recorded.
    function shiftPay(
        bytes32 agreementId,
        uint256 index
    ) external view returns (uint32 hourlyRate, uint256 owed);

    /// @notice KRW owed for the confirmed shifts of Monday-based week `week` (rounded up).
    function weeklyOwedWage(bytes32 agreementId, uint256 week) external view returns (uint256);

    /// @notice KRW owed for the confirmed shifts whose day lies in `fromDay .. toDay`.
    function owedWage(
        bytes32 agreementId,
        uint24 fromDay,
        uint24 toDay
    ) external view returns (uint256);

    /// @notice Whether an active agreement's current agreed wage is below the minimum in force
    /// today; the rate owed for shifts on such days is the minimum all the same.
    function wageBelowCurrentMinimum(
        bytes32 agreementId
    ) external view returns (bool below, uint32 agreedWage, uint32 minimumWage);

    /// @notice Whether `employer` is the verified holder of the business hash it registered.
    function isVerifiedEmployer(address employer) external view returns (bool);

    /// @notice The address `businessHash` is verified for (zero: none).
    function verifiedEmployerOf(bytes32 businessHash) external view returns (address);

    function minimumWageScheduleLength() external view returns (uint256);

    function minimumWageEntry(uint256 index) external view returns (MinimumWage memory);

    /// @notice Verifies on chain that every id (strictly ascending, no duplicates) is an
    /// agreement the worker signed that became active, and sums it up, separating verified
    /// employers (verified now) from unverified ones.
    function careerSummary(
        address worker,
        bytes32[] calldata agreementIds
    ) external view returns (CareerSummary memory);

    function wageToken() external view returns (address);

    /// @notice Today's KST day number.
    function today() external view returns (uint24);

    /// @notice Monday-based week index of a KST day number: `(day + 3) / 7`.
    function weekOf(uint24 day) external pure returns (uint256);
}
