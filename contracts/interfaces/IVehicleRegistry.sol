// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title Vehicle registry of the Jang-an-pyeong used-car market
/// @notice ERC-721 titles keyed by VIN, an append-only history of inspection, mileage,
/// accident and repair records with on-chain odometer-rollback rejection, and atomic
/// title-for-payment sales in any ERC-20.
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
/// tokens are rejected) acknowledging the latest record id; any later record makes
/// `complete` revert until the buyer acknowledges again. The title is frozen while a sale
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
/// summary and `vehicleHistory` / `ownershipHistory` pages for the lists.
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

    /// @notice One entry of a title's ownership history (`owner == 0` once scrapped).
    struct Ownership {
        address owner;
        uint40 since;
    }

    /// @notice Everything a vehicle page shows above the history list.
    /// @param owner Current title holder, address(0) once scrapped.
    /// @param highestMileage Highest valid reading of the current odometer segment.
    /// @param latestReading Id of the record holding the current segment's latest reading.
    /// @param latestInspection Id of the latest Inspection record (0 if none).
    /// @param openSale Id of the open (Listed or Funded) sale, 0 if none.
    struct VehicleInfo {
        uint256 tokenId;
        string vin;
        address owner;
        uint40 registeredAt;
        uint40 scrappedAt;
        uint8 segment;
        uint32 highestMileage;
        uint32 latestReading;
        uint32 latestInspection;
        uint32 recordCount;
        uint32 ownershipCount;
        uint256 openSale;
    }

    /// @notice A sale of one title for `price` of `token`.
    /// @param seller Title holder when listed; receives the price.
    /// @param lister The seller, or the licensed dealer who listed for them.
    /// @param buyer Designated buyer (address(0) = anyone) until funded, then the payer.
    /// @param acknowledged Record id the buyer acknowledged; completion needs it to be the
    /// vehicle's latest record.
    struct Sale {
        uint256 tokenId;
        address seller;
        uint40 expiresAt;
        uint32 acknowledged;
        SaleStatus status;
        address lister;
        address buyer;
        IERC20 token;
        uint256 price;
        bytes32 contractHash;
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
    /// @notice `attempted` is below the highest reading `recorded` in the current segment.
    error OdometerRollback(string vin, uint32 recorded, uint32 attempted);
    /// @notice The vehicle used all 256 odometer segments.
    error OdometerSegmentsExhausted(uint256 tokenId);
    /// @notice Accident / repair severity outside 1..MAX_SEVERITY.
    error InvalidSeverity(uint8 severity);
    /// @notice `recordId` is not in the vehicle's history.
    error UnknownRecord(uint256 tokenId, uint256 recordId);
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
    /// @notice A price of zero.
    error InvalidPrice(uint256 price);
    /// @notice `expiresAt` is not in the future (`nowTs`).
    error InvalidExpiry(uint40 expiresAt, uint40 nowTs);
    /// @notice The designated buyer is the seller.
    error BuyerIsSeller(address buyer);
    /// @notice No sale `saleId`.
    error UnknownSale(uint256 saleId);
    /// @notice The sale is in `status`, which does not allow this call.
    error UnexpectedSaleStatus(uint256 saleId, SaleStatus status);
    /// @notice The sale expired at `expiresAt`.
    error SaleExpired(uint256 saleId, uint40 expiresAt);
    /// @notice `account` is not the sale's (designated or paying) buyer `buyer`.
    error NotBuyer(uint256 saleId, address account, address buyer);
    /// @notice `account` is not the seller, the lister or the buyer of `saleId`.
    error NotSaleParty(uint256 saleId, address account);
    /// @notice The buyer acknowledged record `acknowledged` but the latest is `latest`.
    error StaleAcknowledgement(uint256 tokenId, uint256 acknowledged, uint256 latest);
    /// @notice The contract received `received` of `token` instead of `expected`
    /// (fee-on-transfer tokens are rejected so escrow always holds the full price).
    error PaymentShortfall(address token, uint256 expected, uint256 received);

    /*//////////////////////////////////////////////////////////////
                                 EVENTS
    //////////////////////////////////////////////////////////////*/

    /// @notice A title was minted for `vin` (its Registration record is emitted too).
    event VehicleRegistered(uint256 indexed tokenId, string vin, address indexed owner);
    /// @notice Record `recordId` was appended to `tokenId`'s history (all its fields).
    event RecordAppended(
        uint256 indexed tokenId,
        uint256 indexed recordId,
        RecordKind indexed kind,
        address writer,
        uint40 timestamp,
        uint8 severity,
        uint32 mileage,
        uint8 segment,
        bytes32 reportHash,
        uint32 corrects
    );
    /// @notice The title was burned; history stays readable.
    event VehicleScrapped(uint256 indexed tokenId, bytes32 certificateHash);
    /// @notice A sale was opened.
    event SaleListed(
        uint256 indexed saleId,
        uint256 indexed tokenId,
        address indexed seller,
        address lister,
        address buyer,
        IERC20 token,
        uint256 price,
        bytes32 contractHash,
        uint40 expiresAt
    );
    /// @notice `buyer` deposited `price` and acknowledged record `acknowledged`.
    event SaleFunded(
        uint256 indexed saleId,
        address indexed buyer,
        uint256 price,
        uint256 acknowledged
    );
    /// @notice The buyer re-acknowledged the history up to record `acknowledged`.
    event SaleAcknowledged(uint256 indexed saleId, uint256 acknowledged);
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

    /// @notice A new record of the same kind that supersedes `recordId`; written by an
    /// account allowed to write that kind. `mileage` is ignored for kinds without a reading,
    /// `severity` for kinds without a severity. A reading's mileage may change only when
    /// correcting the current segment's latest reading, and then not below the reading before.
    /// @dev Reverts, in this order: UnknownVehicle, VehicleAlreadyScrapped, UnknownRecord,
    /// RecordNotCorrectable, RecordAlreadyCorrected, RecorderNotAuthorized (for the corrected
    /// record's kind), then InvalidSeverity / OdometerRollback / MileageCorrectionNotLatest.
    function correct(
        uint256 tokenId,
        uint256 recordId,
        uint32 mileage,
        uint8 severity,
        bytes32 reportHash
    ) external returns (uint256 correctionId);

    /*//////////////////////////////////////////////////////////////
                                 SALES
    //////////////////////////////////////////////////////////////*/

    /// @notice The owner, or a licensed dealer approved for the title (ERC-721 `approve` or
    /// `setApprovalForAll` by the owner), lists the car. `buyer == 0` lets anyone fund.
    /// @dev Reverts, in this order: UnknownVehicle, VehicleAlreadyScrapped, VehicleListed,
    /// ListerNotAuthorized, InvalidPaymentToken, InvalidPrice, InvalidExpiry, BuyerIsSeller.
    function list(
        uint256 tokenId,
        IERC20 token,
        uint256 price,
        bytes32 contractHash,
        uint40 expiresAt,
        address buyer
    ) external returns (uint256 saleId);

    /// @notice Buyer: deposit the price (after `approve`) and acknowledge the vehicle's
    /// latest record `acknowledged`.
    /// @dev Reverts, in this order: UnknownSale, UnexpectedSaleStatus, SaleExpired,
    /// BuyerIsSeller (the seller funds its own listing, reserved for another buyer or not),
    /// NotBuyer (a reserved listing funded by someone else), StaleAcknowledgement,
    /// PaymentShortfall.
    function fund(uint256 saleId, uint256 acknowledged) external;

    /// @notice Buyer: re-acknowledge after new records were appended.
    /// @dev Reverts, in this order: UnknownSale, UnexpectedSaleStatus, SaleExpired, NotBuyer,
    /// StaleAcknowledgement.
    function acknowledge(uint256 saleId, uint256 acknowledged) external;

    /// @notice Seller, lister or buyer: swap title and payment. Needs a funded, unexpired
    /// sale whose acknowledgement is the vehicle's latest record; appends a Sale record.
    function complete(uint256 saleId) external;

    /// @notice Seller, lister or buyer (anyone once expired): cancel, refunding any deposit
    /// to the buyer in full.
    function cancel(uint256 saleId) external;

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @notice `uint256(keccak256(bytes(vin)))`.
    function tokenIdOf(string calldata vin) external pure returns (uint256);

    /// @notice Summary of a vehicle (also after scrapping). Reverts for unknown ids.
    function vehicle(uint256 tokenId) external view returns (VehicleInfo memory);

    /// @notice (Named `vehicleHistory`: Ape reserves `history` on contract objects.)
    /// Up to `limit` records starting at 0-based `offset` (record id = offset + i + 1),
    /// with the id of the record correcting each (0 if none). Empty past the end.
    function vehicleHistory(
        uint256 tokenId,
        uint256 offset,
        uint256 limit
    ) external view returns (Record[] memory records, uint256[] memory corrections);

    /// @notice Record `recordId` of `tokenId`.
    function record(uint256 tokenId, uint256 recordId) external view returns (Record memory);

    /// @notice Id of the record correcting `recordId` (0 if none).
    function correctedBy(uint256 tokenId, uint256 recordId) external view returns (uint256);

    /// @notice Up to `limit` ownership entries from 0-based `offset`; empty past the end.
    function ownershipHistory(
        uint256 tokenId,
        uint256 offset,
        uint256 limit
    ) external view returns (Ownership[] memory);

    /// @notice Sale `saleId`.
    function sale(uint256 saleId) external view returns (Sale memory);

    /// @notice Number of sales ever listed (ids run 1..saleCount).
    function saleCount() external view returns (uint256);

    /// @notice Deposits of open (Funded) sales held in `token`.
    function escrowed(IERC20 token) external view returns (uint256);
}
