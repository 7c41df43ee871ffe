// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title Vehicle registry of the Jang-an-pyeong used-car market
/// @notice ERC-721 titles keyed by VIN, an append-only history of inspection, mileage,
/// accident and repair records with on-chain odometer-rollback rejection, and atomic
/// title-for-payment sales in any ERC-20. The records themselves live in `RecordAppended`
/// events, chained by hash, and a sale's terms in its `SaleListed` event; storage keeps only
/// what the contract's own checks read (the odometer state of the current segment, the head
/// of the chain, and per sale the hash of its terms beside its changing state).
/// @dev VIN policy: a VIN identifies a car, not a person, so the VIN string is stored once
/// and emitted in `VehicleRegistered`; the title's token id is
/// `uint256(keccak256(bytes(vin)))` (see `tokenIdOf`), so a frontend can hash a VIN
/// client-side or call `tokenIdOf`. Only canonical VINs are accepted (17 characters from
/// `0-9 A-H J-N P R-Z`, ISO 3779), so one car has exactly one token id.
///
/// Record ids are 1-based per vehicle: record `n` is the `n`-th entry of its history;
/// `0` means "none". Owners and other parties appear only as addresses; report, sale
/// contract and scrap certificate documents appear only as hashes.
///
/// History chain: record `n` of vehicle `t` has the leaf
/// `keccak256(abi.encode(t, n, record))` (the `Record` struct: writer, timestamp, kind,
/// severity, mileage, segment, reportHash, corrects) and moves the head from `head[n-1]` (zero before the first
/// record) to `head[n] = bytes28(keccak256(abi.encode(head[n-1], leaf)))`. The stored head
/// (`vehicle(t).head`) commits to the whole history: a history rebuilt from the logs is
/// complete and unaltered exactly when its last head equals the stored one. Each
/// `RecordAppended` log carries its record's fields and `head[n]`; `head[n-1]` is the head of
/// the vehicle's previous `RecordAppended` log (zero for record 1), so a reader recomputes
/// every head from the previous one and finds the first record where the logs stop linking
/// up. The head is
/// 224 bits so that it shares a slot with the highest reading (collision resistance
/// 2^112).
///
/// Odometer: every reading (registration, inspection, mileage) must be >= the highest
/// reading of the current segment; an OdometerReplacement (registrar) opens the next
/// segment at any value. A correction is a new record of the same kind pointing at the one
/// it corrects (each record is corrected at most once; correct the correction to amend
/// again). Only the current segment's latest reading may change its mileage by correction
/// (not below the reading before it), which fixes over-reported typos without opening a
/// rollback path.
///
/// Sales: the owner, or a DEALER_ROLE account the owner approved for the title (ERC-721
/// `approve` / `setApprovalForAll`), lists; the buyer funds the exact price (fee-on-transfer
/// tokens are rejected) acknowledging the history by its head hash (which commits to every
/// record); any later record makes `complete` revert until the buyer acknowledges again. The title is frozen while a sale
/// is open (no transfer, no scrap, no second listing) and only the seller, lister or buyer
/// can complete or cancel; anyone can cancel an expired sale. Cancelling refunds the full
/// deposit to the buyer; completing pays the seller (never the dealer).
///
/// Order of checks: a call names the state of the vehicle or sale it targets first (unknown,
/// scrapped, listed, wrong sale status, expired), then whether the caller may act, then its
/// own arguments, so a state error is never hidden behind an authorization error. Each
/// function lists its reverts in that order.
///
/// Dealers: a dealer is vouched for by the admin granting DEALER_ROLE (after checking its
/// licence off chain); the registry stores no business-registration hash for dealers, so
/// no hash can be claimed twice.
///
/// Frontend: `tokenIdOf(vin)` (or keccak256 client-side), then `vehicle(tokenId)` for the
/// summary; the history is the vehicle's `RecordAppended` logs (checked against
/// `vehicle(tokenId).head`), the ownership history its ERC-721 `Transfer` logs, and the
/// open sale's terms the `terms` of its `SaleListed` log (checked against
/// `sale(saleId).termsHash`).
interface IVehicleRegistry {
    /*//////////////////////////////////////////////////////////////
                                 TYPES
    //////////////////////////////////////////////////////////////*/

    /// @notice What a history record says. Who may write each kind:
    /// Registration, OdometerReplacement, Scrap: registrar; Inspection: inspector;
    /// Mileage: inspector or repair shop; Accident: insurer or repair shop;
    /// Repair: repair shop; Sale: written by the contract when a sale completes.
    enum RecordKind {
        Registration,
        Inspection,
        Mileage,
        Accident,
        Repair,
        OdometerReplacement,
        Sale,
        Scrap
    }

    /// @notice Life cycle of a sale: Listed -> Funded -> Completed, or -> Cancelled.
    enum SaleStatus {
        None,
        Listed,
        Funded,
        Completed,
        Cancelled
    }

    /// @notice One history entry; never changed or deleted once written.
    /// @param writer Account that wrote it (for Sale records: who completed the sale).
    /// @param timestamp Block time it was written.
    /// @param kind What the record says.
    /// @param severity Accident / repair severity 1..5 (`MAX_SEVERITY`), 0 for other kinds.
    /// @param mileage Odometer reading in km for Registration, Inspection, Mileage and
    /// OdometerReplacement records (and their corrections), 0 for other kinds.
    /// @param segment Odometer segment the reading belongs to (0 for the original
    /// odometer, +1 per OdometerReplacement).
    /// @param reportHash Hash of the off-chain report (inspection report, accident report,
    /// repair invoice, odometer replacement certificate, sale contract, scrap certificate).
    /// @param corrects Id of the record this one corrects, 0 if it is not a correction.
    struct Record {
        address writer;
        uint40 timestamp;
        RecordKind kind;
        uint8 severity;
        uint32 mileage;
        uint8 segment;
        bytes32 reportHash;
        uint32 corrects;
    }

    /// @notice A record with the chain position that proves it: `prevHead` is the head
    /// before it and `laterLeaves` the leaves of every record after it, oldest first.
    struct RecordProof {
        Record record;
        bytes28 prevHead;
        bytes32[] laterLeaves;
    }

    /// @notice What the contract keeps of a vehicle (the rest is in its logs).
    /// @param owner Current title holder, address(0) once scrapped.
    /// @param highestMileage Highest valid reading of the current odometer segment.
    /// @param latestReading Id of the record holding the current segment's latest reading.
    /// @param openSale Id of the open (Listed or Funded) sale, 0 if none.
    /// @param head Head of the history chain after record `recordCount`.
    struct VehicleInfo {
        uint256 tokenId;
        address owner;
        bool scrapped;
        uint8 segment;
        uint32 highestMileage;
        uint32 latestReading;
        uint32 recordCount;
        uint256 openSale;
        bytes28 head;
    }

    /// @notice The fixed terms of a sale of one title for `price` of `token`; the seller is
    /// the title holder, who cannot move the title while the sale is open (see `SaleListed`
    /// for who it was). Stored only as `saleTermsHash(terms)`; emitted in `SaleListed`.
    /// @param buyer Designated buyer, address(0) = anyone may fund.
    /// @param dealer The licensed dealer who listed for the seller, address(0) if the seller
    /// listed.
    struct SaleTerms {
        uint256 tokenId;
        IERC20 token;
        uint96 price;
        address buyer;
        uint40 expiresAt;
        bytes32 contractHash;
        address dealer;
    }

    /// @notice What the contract keeps of a sale: its terms' hash and its changing state.
    /// @param termsHash `saleTermsHash` of the terms it was listed with.
    /// @param buyer The buyer who funded it, address(0) until funded.
    /// @param acknowledged Number of records whose head the buyer acknowledged; completion
    /// needs it to be the vehicle's record count.
    struct Sale {
        bytes32 termsHash;
        address buyer;
        uint32 acknowledged;
        SaleStatus status;
    }

    /*//////////////////////////////////////////////////////////////
                                 ERRORS
    //////////////////////////////////////////////////////////////*/

    /// @notice `vin` is not 17 characters of `0-9 A-H J-N P R-Z`.
    error InvalidVin(string vin);
    /// @notice `vin` was registered before (possibly since scrapped); VINs never re-register.
    error VinAlreadyRegistered(string vin, uint256 tokenId);
    /// @notice A vehicle owner of address(0).
    error InvalidOwner(address owner);
    /// @notice No vehicle was ever registered under `tokenId`.
    error UnknownVehicle(uint256 tokenId);
    /// @notice The vehicle was scrapped; its history is read-only.
    error VehicleAlreadyScrapped(uint256 tokenId);
    /// @notice `account` may not write records of `kind`.
    error RecorderNotAuthorized(address account, RecordKind kind);
    /// @notice Records of `kind` have no entry in the record writers' permission table: no
    /// account may write them through a record writer.
    error RecordKindNotWritable(RecordKind kind);
    /// @notice `attempted` is below the highest reading `recorded` in the current segment.
    error OdometerRollback(uint256 tokenId, uint32 recorded, uint32 attempted);
    /// @notice The vehicle used all 256 odometer segments.
    error OdometerSegmentsExhausted(uint256 tokenId);
    /// @notice Accident / repair severity outside 1..MAX_SEVERITY.
    error InvalidSeverity(uint8 severity);
    /// @notice `recordId` is not in the vehicle's history.
    error UnknownRecord(uint256 tokenId, uint256 recordId);
    /// @notice The proof of record `recordId` does not lead to the vehicle's stored head
    /// (wrong record fields, previous head or later leaves).
    error RecordProofMismatch(uint256 tokenId, uint256 recordId);
    /// @notice Records of `kind` cannot be corrected (only Inspection, Mileage, Accident, Repair).
    error RecordNotCorrectable(uint256 tokenId, uint256 recordId, RecordKind kind);
    /// @notice `recordId` was already corrected by `correctedBy`; correct that one instead.
    error RecordAlreadyCorrected(uint256 tokenId, uint256 recordId, uint256 correctedBy);
    /// @notice Only the current segment's latest reading (`latestReading`) may have its
    /// mileage changed by a correction; older readings are bracketed by later ones.
    error MileageCorrectionNotLatest(uint256 tokenId, uint256 recordId, uint256 latestReading);
    /// @notice `account` is neither the owner nor a licensed dealer approved for the title.
    error ListerNotAuthorized(address account, uint256 tokenId);
    /// @notice The title has the open sale `saleId`: no transfer, scrap or second listing.
    error VehicleListed(uint256 tokenId, uint256 saleId);
    /// @notice `token` has no code.
    error InvalidPaymentToken(address token);
    /// @notice A price of zero or above `type(uint96).max`.
    error InvalidPrice(uint256 price);
    /// @notice `expiresAt` is not in the future (`nowTs`).
    error ExpiryNotInFuture(uint40 expiresAt, uint40 nowTs);
    /// @notice The designated buyer is the seller.
    error BuyerIsSeller(address buyer);
    /// @notice No sale `saleId`.
    error UnknownSale(uint256 saleId);
    /// @notice The terms passed for sale `saleId` hash to `given`, not to the `termsHash` it
    /// was listed with (take them from its `SaleListed` log).
    error SaleTermsMismatch(uint256 saleId, bytes32 termsHash, bytes32 given);
    /// @notice The sale is in `status`, which does not allow this call.
    error UnexpectedSaleStatus(uint256 saleId, SaleStatus status);
    /// @notice The sale expired at `expiresAt`.
    error SaleExpired(uint256 saleId, uint40 expiresAt);
    /// @notice `account` is not the sale's (designated or paying) buyer `buyer`.
    error NotBuyer(uint256 saleId, address account, address buyer);
    /// @notice `account` is not the seller, the lister or the buyer of `saleId`.
    error NotSaleParty(uint256 saleId, address account);
    /// @notice The buyer acknowledged the history up to record `acknowledged` but the
    /// latest is `latest`.
    error StaleAcknowledgement(uint256 tokenId, uint256 acknowledged, uint256 latest);
    /// @notice The buyer acknowledged the head `acknowledged` but the vehicle's is `head`.
    error HistoryHeadMismatch(uint256 tokenId, bytes28 acknowledged, bytes28 head);
    /// @notice The contract received `received` of `token` instead of `expected`
    /// (fee-on-transfer tokens are rejected so escrow always holds the full price).
    error PaymentShortfall(address token, uint256 expected, uint256 received);

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice A title was minted for `vin` (its Registration record is emitted too).
    event VehicleRegistered(uint256 indexed tokenId, string vin, address indexed owner);
    /// @notice Record `recordId` was appended to `tokenId`'s history (all its fields), moving
    /// the chain's head to `head` from the head of record `recordId - 1` (the `head` of the
    /// vehicle's previous `RecordAppended` log; zero for record 1).
    event RecordAppended(
        uint256 indexed tokenId,
        uint256 indexed recordId,
        RecordKind indexed kind,
        uint8 severity,
        uint32 mileage,
        uint8 segment,
        bytes32 reportHash,
        uint32 corrects,
        address writer,
        uint40 timestamp,
        bytes28 head
    );
    /// @notice The title was burned; history stays readable.
    event VehicleScrapped(uint256 indexed tokenId, bytes32 certificateHash);
    /// @notice A sale was opened by `lister` (the seller or its dealer) with `terms`, which
    /// every later call on the sale passes back.
    event SaleListed(
        uint256 indexed saleId,
        uint256 indexed tokenId,
        address indexed seller,
        address lister,
        SaleTerms terms
    );
    /// @notice `buyer` deposited `price` and acknowledged the history up to record
    /// `acknowledged`, whose head is `head`.
    event SaleFunded(
        uint256 indexed saleId,
        address indexed buyer,
        uint256 price,
        uint256 acknowledged,
        bytes28 head
    );
    /// @notice The buyer re-acknowledged the history up to record `acknowledged` (`head`).
    event SaleAcknowledged(uint256 indexed saleId, uint256 acknowledged, bytes28 head);
    /// @notice Title and payment swapped.
    event SaleCompleted(
        uint256 indexed saleId,
        uint256 indexed tokenId,
        address seller,
        address buyer,
        uint256 price
    );
    /// @notice The sale was cancelled by `by`; `refund` went back to `buyer`.
    event SaleCancelled(uint256 indexed saleId, address indexed by, address buyer, uint256 refund);

    /*//////////////////////////////////////////////////////////////
                              REGISTRATION
    //////////////////////////////////////////////////////////////*/

    /// @notice Registrar: mint the title of `vin` to `owner` with its first odometer reading.
    /// @return tokenId `tokenIdOf(vin)`.
    function register(
        string calldata vin,
        address owner,
        uint32 mileage,
        bytes32 reportHash
    ) external returns (uint256 tokenId);

    /// @notice Registrar: burn the title (deregistration); history stays readable and the
    /// VIN can never register again. Reverts while a sale is open.
    /// @dev Reverts, in this order: UnknownVehicle, VehicleAlreadyScrapped, VehicleListed,
    /// AccessControlUnauthorizedAccount (not a registrar).
    function scrap(uint256 tokenId, bytes32 certificateHash) external;

    /*//////////////////////////////////////////////////////////////
                                RECORDS
    //////////////////////////////////////////////////////////////*/

    /// @notice Inspector: a performance inspection with its odometer reading.
    /// @dev Reverts, in this order: UnknownVehicle, VehicleAlreadyScrapped,
    /// RecorderNotAuthorized, then OdometerRollback.
    function recordInspection(
        uint256 tokenId,
        uint32 mileage,
        bytes32 reportHash
    ) external returns (uint256 recordId);

    /// @notice Inspector or repair shop: an odometer reading.
    /// @dev Reverts, in this order: UnknownVehicle, VehicleAlreadyScrapped,
    /// RecorderNotAuthorized, then OdometerRollback.
    function recordMileage(uint256 tokenId, uint32 mileage) external returns (uint256 recordId);

    /// @notice Insurer or repair shop: an accident.
    /// @dev Reverts, in this order: UnknownVehicle, VehicleAlreadyScrapped,
    /// RecorderNotAuthorized, then InvalidSeverity.
    function recordAccident(
        uint256 tokenId,
        uint8 severity,
        bytes32 reportHash
    ) external returns (uint256 recordId);

    /// @notice Repair shop: a repair.
    /// @dev Reverts, in this order: UnknownVehicle, VehicleAlreadyScrapped,
    /// RecorderNotAuthorized, then InvalidSeverity.
    function recordRepair(
        uint256 tokenId,
        uint8 severity,
        bytes32 reportHash
    ) external returns (uint256 recordId);

    /// @notice Registrar: the odometer was replaced; starts segment `segment + 1` at `mileage`.
    /// @dev Reverts, in this order: UnknownVehicle, VehicleAlreadyScrapped,
    /// RecorderNotAuthorized, then OdometerSegmentsExhausted.
    function replaceOdometer(
        uint256 tokenId,
        uint32 mileage,
        bytes32 reportHash
    ) external returns (uint256 recordId);

    /// @notice A new record of the same kind that supersedes `recordId` (proved by `proof`,
    /// built from the logs); written by an account allowed to write that kind. `mileage` is ignored for kinds without a reading,
    /// `severity` for kinds without a severity. A reading's mileage may change only when
    /// correcting the current segment's latest reading, and then not below the reading before.
    /// @dev Reverts, in this order: UnknownVehicle, VehicleAlreadyScrapped, UnknownRecord,
    /// RecordProofMismatch, RecordNotCorrectable, RecordAlreadyCorrected, RecorderNotAuthorized (for the corrected
    /// record's kind), then InvalidSeverity / OdometerRollback / MileageCorrectionNotLatest.
    function correct(
        uint256 tokenId,
        uint256 recordId,
        RecordProof calldata proof,
        uint32 mileage,
        uint8 severity,
        bytes32 reportHash
    ) external returns (uint256 correctionId);

    /*//////////////////////////////////////////////////////////////
                                 SALES
    //////////////////////////////////////////////////////////////*/

    /// @notice The owner, or a licensed dealer approved for the title (ERC-721 `approve` or
    /// `setApprovalForAll` by the owner), lists the car. `buyer == 0` lets anyone fund. Stores
    /// the terms' hash; the terms are in the `SaleListed` event.
    /// @dev Reverts, in this order: UnknownVehicle, VehicleAlreadyScrapped, VehicleListed,
    /// ListerNotAuthorized, InvalidPaymentToken, InvalidPrice, ExpiryNotInFuture, BuyerIsSeller.
    function list(
        uint256 tokenId,
        IERC20 token,
        uint256 price,
        bytes32 contractHash,
        uint40 expiresAt,
        address buyer
    ) external returns (uint256 saleId);

    /// @notice Buyer: deposit the price (after `approve`) and acknowledge the vehicle's
    /// history by its current head `head` (`vehicle(tokenId).head`, or the last head of the
    /// verified logs). `terms` are the sale's, as in its `SaleListed` event.
    /// @dev Reverts, in this order: UnknownSale, UnexpectedSaleStatus, SaleTermsMismatch,
    /// SaleExpired, BuyerIsSeller (the seller funds its own listing, reserved for another
    /// buyer or not), NotBuyer (a reserved listing funded by someone else),
    /// HistoryHeadMismatch, PaymentShortfall.
    function fund(uint256 saleId, SaleTerms calldata terms, bytes28 head) external;

    /// @notice Buyer: re-acknowledge the history by its new head after records were appended.
    /// @dev Reverts, in this order: UnknownSale, UnexpectedSaleStatus, SaleTermsMismatch,
    /// SaleExpired, NotBuyer, HistoryHeadMismatch.
    function acknowledge(uint256 saleId, SaleTerms calldata terms, bytes28 head) external;

    /// @notice Seller, lister or buyer: swap title and payment. Needs a funded, unexpired
    /// sale whose acknowledgement covers the vehicle's latest record (else
    /// StaleAcknowledgement); appends a Sale record.
    /// @dev Reverts, in this order: UnknownSale, UnexpectedSaleStatus, SaleTermsMismatch,
    /// SaleExpired, NotSaleParty, StaleAcknowledgement, ListerNotAuthorized (the dealer who
    /// listed lost its licence or the owner's approval).
    function complete(uint256 saleId, SaleTerms calldata terms) external;

    /// @notice Seller, lister or buyer (anyone once expired): cancel, refunding any deposit
    /// to the buyer in full.
    /// @dev Reverts, in this order: UnknownSale, UnexpectedSaleStatus, SaleTermsMismatch,
    /// NotSaleParty.
    function cancel(uint256 saleId, SaleTerms calldata terms) external;

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice `uint256(keccak256(bytes(vin)))`.
    function tokenIdOf(string calldata vin) external pure returns (uint256);

    /// @notice Summary of a vehicle (also after scrapping). Reverts for unknown ids.
    function vehicle(uint256 tokenId) external view returns (VehicleInfo memory);

    /// @notice Id of the record correcting `recordId` (0 if none).
    function correctedBy(uint256 tokenId, uint256 recordId) external view returns (uint256);

    /// @notice What the contract keeps of sale `saleId` (its terms are in its `SaleListed`
    /// log). Reverts UnknownSale.
    function sale(uint256 saleId) external view returns (Sale memory);

    /// @notice `keccak256(abi.encode(terms))`, the hash a listing stores.
    function saleTermsHash(SaleTerms calldata terms) external pure returns (bytes32);

    /// @notice Number of sales ever listed (ids run 1..saleCount).
    function saleCount() external view returns (uint256);

    /// @notice Deposits of open (Funded) sales held in `token`.
    function escrowed(IERC20 token) external view returns (uint256);
}
