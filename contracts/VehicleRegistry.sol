// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {IVehicleRegistry} from "./interfaces/IVehicleRegistry.sol";

/// @title VehicleRegistry
/// @notice ERC-721 vehicle titles with an append-only history and escrowed sales.
/// @dev Sales live in this contract (not a separate market) so a completed sale moves the
/// title without any standing approval and writes its Sale record in the same history.
/// While a sale is open the title cannot move or be scrapped (`_update` reverts), so the
/// seller recorded at listing is the owner at completion.
contract VehicleRegistry is IVehicleRegistry, ERC721, AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    /*//////////////////////////////////////////////////////////////
                                STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @dev Per-vehicle odometer state; one slot.
    struct VehicleState {
        uint40 registeredAt;
        uint40 scrappedAt;
        uint8 segment;
        uint32 highest; // highest valid reading of the current segment
        uint32 floor; // highest valid reading before the latest one (same segment)
        uint32 latestReading; // record id of the current segment's latest reading
        uint32 latestInspection;
        uint32 recordCount; // records are ids 1..recordCount of `_records[tokenId]`
    }

    mapping(uint256 tokenId => VehicleState) private _vehicles;
    mapping(uint256 tokenId => string) private _vins;
    /// @dev 1-based record ids; a mapping (not an array) so the count lives in the vehicle's
    /// slot and zero fields (no report hash, not a correction) cost no storage write.
    mapping(uint256 tokenId => mapping(uint256 recordId => Record)) private _records;
    mapping(uint256 tokenId => mapping(uint256 recordId => uint256)) private _correctedBy;
    mapping(uint256 tokenId => Ownership[]) private _ownerships;
    mapping(uint256 tokenId => uint256) private _openSale;
    mapping(uint256 saleId => Sale) private _sales;
    mapping(IERC20 token => uint256) private _escrowed;
    uint256 private _saleCount;

    /*//////////////////////////////////////////////////////////////
                               CONSTANTS
    //////////////////////////////////////////////////////////////*/

    bytes32 public constant REGISTRAR_ROLE = keccak256("REGISTRAR_ROLE");
    bytes32 public constant INSPECTOR_ROLE = keccak256("INSPECTOR_ROLE");
    bytes32 public constant INSURER_ROLE = keccak256("INSURER_ROLE");
    bytes32 public constant REPAIRER_ROLE = keccak256("REPAIRER_ROLE");
    bytes32 public constant DEALER_ROLE = keccak256("DEALER_ROLE");
    /// @notice Accident / repair severity runs 1..MAX_SEVERITY.
    uint8 public constant MAX_SEVERITY = 5;

    /*//////////////////////////////////////////////////////////////
                              CONSTRUCTOR
    //////////////////////////////////////////////////////////////*/

    constructor(address admin) ERC721("Jang-an-pyeong Vehicle Title", "JVT") {
        if (admin == address(0)) revert InvalidOwner(admin);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    /*//////////////////////////////////////////////////////////////
                              REGISTRATION
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IVehicleRegistry
    function register(
        string calldata vin,
        address owner,
        uint32 mileage,
        bytes32 reportHash
    ) external onlyRole(REGISTRAR_ROLE) returns (uint256 tokenId) {
        _checkVin(vin);
        if (owner == address(0)) revert InvalidOwner(owner);
        tokenId = uint256(keccak256(bytes(vin)));
        VehicleState storage v = _vehicles[tokenId];
        if (v.registeredAt != 0) revert VinAlreadyRegistered(vin, tokenId);
        v.registeredAt = uint40(block.timestamp);
        v.highest = mileage;
        v.floor = mileage;
        v.latestReading = 1;
        _vins[tokenId] = vin;
        // Plain mint: the registrar names the holder; no receiver callback mid-registration.
        _mint(owner, tokenId);
        emit VehicleRegistered(tokenId, vin, owner);
        _append(tokenId, RecordKind.Registration, 0, mileage, 0, reportHash, 0);
    }

    /// @inheritdoc IVehicleRegistry
    function scrap(uint256 tokenId, bytes32 certificateHash) external {
        VehicleState storage v = _liveVehicle(tokenId);
        _checkRole(REGISTRAR_ROLE);
        uint256 open = _openSale[tokenId];
        if (open != 0) revert VehicleListed(tokenId, open);
        v.scrappedAt = uint40(block.timestamp);
        _burn(tokenId);
        emit VehicleScrapped(tokenId, certificateHash);
        _append(tokenId, RecordKind.Scrap, 0, 0, v.segment, certificateHash, 0);
    }

    /*//////////////////////////////////////////////////////////////
                                RECORDS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IVehicleRegistry
    function recordInspection(
        uint256 tokenId,
        uint32 mileage,
        bytes32 reportHash
    ) external returns (uint256) {
        _checkWritable(tokenId, RecordKind.Inspection);
        return _appendReading(tokenId, RecordKind.Inspection, mileage, reportHash, 0);
    }

    /// @inheritdoc IVehicleRegistry
    function recordMileage(uint256 tokenId, uint32 mileage) external returns (uint256) {
        _checkWritable(tokenId, RecordKind.Mileage);
        return _appendReading(tokenId, RecordKind.Mileage, mileage, 0, 0);
    }

    /// @inheritdoc IVehicleRegistry
    function recordAccident(
        uint256 tokenId,
        uint8 severity,
        bytes32 reportHash
    ) external returns (uint256) {
        _checkWritable(tokenId, RecordKind.Accident);
        return _appendEvent(tokenId, RecordKind.Accident, severity, reportHash, 0);
    }

    /// @inheritdoc IVehicleRegistry
    function recordRepair(
        uint256 tokenId,
        uint8 severity,
        bytes32 reportHash
    ) external returns (uint256) {
        _checkWritable(tokenId, RecordKind.Repair);
        return _appendEvent(tokenId, RecordKind.Repair, severity, reportHash, 0);
    }

    /// @inheritdoc IVehicleRegistry
    function replaceOdometer(
        uint256 tokenId,
        uint32 mileage,
        bytes32 reportHash
    ) external returns (uint256 recordId) {
        VehicleState storage v = _liveVehicle(tokenId);
        _checkRecorder(RecordKind.OdometerReplacement);
        if (v.segment == type(uint8).max) revert OdometerSegmentsExhausted(tokenId);
        // cannot overflow: segment < type(uint8).max checked above
        unchecked {
            ++v.segment;
        }
        recordId = _append(
            tokenId,
            RecordKind.OdometerReplacement,
            0,
            mileage,
            v.segment,
            reportHash,
            0
        );
        v.highest = mileage;
        v.floor = mileage;
        v.latestReading = uint32(recordId);
    }

    /// @inheritdoc IVehicleRegistry
    function correct(
        uint256 tokenId,
        uint256 recordId,
        uint32 mileage,
        uint8 severity,
        bytes32 reportHash
    ) external returns (uint256) {
        _liveVehicle(tokenId);
        Record storage original = _record(tokenId, recordId);
        RecordKind kind = original.kind;
        if (
            kind != RecordKind.Inspection &&
            kind != RecordKind.Mileage &&
            kind != RecordKind.Accident &&
            kind != RecordKind.Repair
        ) revert RecordNotCorrectable(tokenId, recordId, kind);
        uint256 previous = _correctedBy[tokenId][recordId];
        if (previous != 0) revert RecordAlreadyCorrected(tokenId, recordId, previous);
        _checkRecorder(kind);
        if (kind == RecordKind.Accident || kind == RecordKind.Repair) {
            return _appendEvent(tokenId, kind, severity, reportHash, recordId);
        }
        return _correctReading(tokenId, recordId, original, mileage, reportHash);
    }

    /*//////////////////////////////////////////////////////////////
                                 SALES
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IVehicleRegistry
    function list(
        uint256 tokenId,
        IERC20 token,
        uint256 price,
        bytes32 contractHash,
        uint40 expiresAt,
        address buyer
    ) external returns (uint256 saleId) {
        address seller = _ownerOf(tokenId);
        // Only a vehicle never registered or scrapped has no owner: name which one.
        if (seller == address(0)) _liveVehicle(tokenId);
        uint256 open = _openSale[tokenId];
        if (open != 0) revert VehicleListed(tokenId, open);
        _checkLister(seller, msg.sender, tokenId);
        if (address(token).code.length == 0) revert InvalidPaymentToken(address(token));
        if (price == 0) revert InvalidPrice(price);
        // slither-disable-next-line timestamp
        if (expiresAt <= block.timestamp) revert InvalidExpiry(expiresAt, uint40(block.timestamp));
        if (buyer == seller) revert BuyerIsSeller(buyer);
        saleId = ++_saleCount;
        _sales[saleId] = Sale({
            tokenId: tokenId,
            seller: seller,
            expiresAt: expiresAt,
            acknowledged: 0,
            status: SaleStatus.Listed,
            lister: msg.sender,
            buyer: buyer,
            token: token,
            price: price,
            contractHash: contractHash
        });
        _openSale[tokenId] = saleId;
        emit SaleListed(
            saleId,
            tokenId,
            seller,
            msg.sender,
            buyer,
            token,
            price,
            contractHash,
            expiresAt
        );
    }

    /// @inheritdoc IVehicleRegistry
    function fund(uint256 saleId, uint256 acknowledged) external nonReentrant {
        Sale storage s = _openSaleChecked(saleId, SaleStatus.Listed);
        if (msg.sender == s.seller) revert BuyerIsSeller(msg.sender);
        if (s.buyer != address(0) && s.buyer != msg.sender) {
            revert NotBuyer(saleId, msg.sender, s.buyer);
        }
        _checkAcknowledgement(s.tokenId, acknowledged);
        IERC20 token = s.token;
        uint256 price = s.price;
        s.buyer = msg.sender;
        s.acknowledged = uint32(acknowledged);
        s.status = SaleStatus.Funded;
        _escrowed[token] += price;
        emit SaleFunded(saleId, msg.sender, price, acknowledged);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), price);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != price) revert PaymentShortfall(address(token), price, received);
    }

    /// @inheritdoc IVehicleRegistry
    function acknowledge(uint256 saleId, uint256 acknowledged) external {
        Sale storage s = _openSaleChecked(saleId, SaleStatus.Funded);
        if (msg.sender != s.buyer) revert NotBuyer(saleId, msg.sender, s.buyer);
        _checkAcknowledgement(s.tokenId, acknowledged);
        s.acknowledged = uint32(acknowledged);
        emit SaleAcknowledged(saleId, acknowledged);
    }

    /// @inheritdoc IVehicleRegistry
    function complete(uint256 saleId) external nonReentrant {
        Sale storage s = _openSaleChecked(saleId, SaleStatus.Funded);
        address seller = s.seller;
        address buyer = s.buyer;
        if (msg.sender != seller && msg.sender != s.lister && msg.sender != buyer) {
            revert NotSaleParty(saleId, msg.sender);
        }
        uint256 tokenId = s.tokenId;
        uint256 latest = _vehicles[tokenId].recordCount;
        if (s.acknowledged != latest) revert StaleAcknowledgement(tokenId, s.acknowledged, latest);
        if (s.lister != seller) _checkLister(seller, s.lister, tokenId);
        IERC20 token = s.token;
        uint256 price = s.price;
        s.status = SaleStatus.Completed;
        delete _openSale[tokenId];
        _escrowed[token] -= price;
        _append(tokenId, RecordKind.Sale, 0, 0, _vehicles[tokenId].segment, s.contractHash, 0);
        _transfer(seller, buyer, tokenId);
        emit SaleCompleted(saleId, tokenId, seller, buyer, price);
        token.safeTransfer(seller, price);
    }

    /// @inheritdoc IVehicleRegistry
    function cancel(uint256 saleId) external nonReentrant {
        Sale storage s = _sale(saleId);
        SaleStatus status = s.status;
        if (status != SaleStatus.Listed && status != SaleStatus.Funded) {
            revert UnexpectedSaleStatus(saleId, status);
        }
        address buyer = s.buyer;
        // slither-disable-next-line timestamp
        bool expired = block.timestamp >= s.expiresAt; // anyone may clear an expired sale
        if (!expired && msg.sender != s.seller && msg.sender != s.lister && msg.sender != buyer) {
            revert NotSaleParty(saleId, msg.sender);
        }
        uint256 refund = status == SaleStatus.Funded ? s.price : 0;
        s.status = SaleStatus.Cancelled;
        delete _openSale[s.tokenId];
        IERC20 token = s.token;
        _escrowed[token] -= refund;
        emit SaleCancelled(saleId, msg.sender, buyer, refund);
        if (refund != 0) token.safeTransfer(buyer, refund);
    }

    /*//////////////////////////////////////////////////////////////
                                 VIEWS
    //////////////////////////////////////////////////////////////*/

    /// @inheritdoc IVehicleRegistry
    function tokenIdOf(string calldata vin) external pure returns (uint256) {
        return uint256(keccak256(bytes(vin)));
    }

    /// @inheritdoc IVehicleRegistry
    function vehicle(uint256 tokenId) external view returns (VehicleInfo memory info) {
        VehicleState storage v = _known(tokenId);
        info = VehicleInfo({
            tokenId: tokenId,
            vin: _vins[tokenId],
            owner: _ownerOf(tokenId),
            registeredAt: v.registeredAt,
            scrappedAt: v.scrappedAt,
            segment: v.segment,
            highestMileage: v.highest,
            latestReading: v.latestReading,
            latestInspection: v.latestInspection,
            recordCount: v.recordCount,
            ownershipCount: uint32(_ownerships[tokenId].length),
            openSale: _openSale[tokenId]
        });
    }

    /// @inheritdoc IVehicleRegistry
    function vehicleHistory(
        uint256 tokenId,
        uint256 offset,
        uint256 limit
    ) external view returns (Record[] memory records, uint256[] memory corrections) {
        uint256 n = _pageLength(_known(tokenId).recordCount, offset, limit);
        records = new Record[](n);
        corrections = new uint256[](n);
        for (uint256 i = 0; i < n; ++i) {
            records[i] = _records[tokenId][offset + i + 1];
            corrections[i] = _correctedBy[tokenId][offset + i + 1];
        }
    }

    /// @inheritdoc IVehicleRegistry
    function record(uint256 tokenId, uint256 recordId) external view returns (Record memory) {
        return _record(tokenId, recordId);
    }

    /// @inheritdoc IVehicleRegistry
    function correctedBy(uint256 tokenId, uint256 recordId) external view returns (uint256) {
        _record(tokenId, recordId);
        return _correctedBy[tokenId][recordId];
    }

    /// @inheritdoc IVehicleRegistry
    function ownershipHistory(
        uint256 tokenId,
        uint256 offset,
        uint256 limit
    ) external view returns (Ownership[] memory page) {
        _known(tokenId);
        Ownership[] storage all = _ownerships[tokenId];
        uint256 n = _pageLength(all.length, offset, limit);
        page = new Ownership[](n);
        for (uint256 i = 0; i < n; ++i) {
            page[i] = all[offset + i];
        }
    }

    /// @inheritdoc IVehicleRegistry
    function sale(uint256 saleId) external view returns (Sale memory) {
        return _sale(saleId);
    }

    /// @inheritdoc IVehicleRegistry
    function saleCount() external view returns (uint256) {
        return _saleCount;
    }

    /// @inheritdoc IVehicleRegistry
    function escrowed(IERC20 token) external view returns (uint256) {
        return _escrowed[token];
    }

    /// @inheritdoc ERC721
    function supportsInterface(
        bytes4 interfaceId
    ) public view override(ERC721, AccessControl) returns (bool) {
        return super.supportsInterface(interfaceId);
    }

    /*//////////////////////////////////////////////////////////////
                                INTERNAL
    //////////////////////////////////////////////////////////////*/

    /// @dev Every title move (mint, transfer, sale, burn) lands here: a listed title cannot
    /// move except by its own sale's completion (which closes the listing first), and every
    /// move is written to the ownership history.
    function _update(
        address to,
        uint256 tokenId,
        address auth
    ) internal override returns (address from) {
        uint256 open = _openSale[tokenId];
        if (open != 0) revert VehicleListed(tokenId, open);
        from = super._update(to, tokenId, auth);
        _ownerships[tokenId].push(Ownership({owner: to, since: uint40(block.timestamp)}));
    }

    /// @dev Reading-bearing record: rejects rollback below the current segment's highest.
    function _appendReading(
        uint256 tokenId,
        RecordKind kind,
        uint32 mileage,
        bytes32 reportHash,
        uint256 corrects
    ) private returns (uint256 recordId) {
        VehicleState storage v = _liveVehicle(tokenId);
        uint32 highest = v.highest;
        if (mileage < highest) revert OdometerRollback(_vins[tokenId], highest, mileage);
        recordId = _append(tokenId, kind, 0, mileage, v.segment, reportHash, corrects);
        v.floor = highest;
        v.highest = mileage;
        v.latestReading = uint32(recordId);
        if (kind == RecordKind.Inspection) v.latestInspection = uint32(recordId);
    }

    /// @dev Correction of an Inspection or Mileage record. The current segment's latest
    /// reading may go down, but not below the reading before it, and the correction becomes
    /// the latest reading; an older reading (or one of an earlier segment) keeps its mileage
    /// and segment.
    function _correctReading(
        uint256 tokenId,
        uint256 recordId,
        Record storage original,
        uint32 mileage,
        bytes32 reportHash
    ) private returns (uint256 correctionId) {
        VehicleState storage v = _liveVehicle(tokenId);
        RecordKind kind = original.kind;
        if (recordId == v.latestReading) {
            uint32 floor = v.floor;
            if (mileage < floor) revert OdometerRollback(_vins[tokenId], floor, mileage);
            correctionId = _append(tokenId, kind, 0, mileage, v.segment, reportHash, recordId);
            v.highest = mileage;
            v.latestReading = uint32(correctionId);
        } else {
            if (mileage != original.mileage) {
                revert MileageCorrectionNotLatest(tokenId, recordId, v.latestReading);
            }
            correctionId = _append(
                tokenId,
                kind,
                0,
                mileage,
                original.segment,
                reportHash,
                recordId
            );
        }
        // The latest inspection stays the latest one, now in its corrected form.
        if (recordId == v.latestInspection) v.latestInspection = uint32(correctionId);
    }

    /// @dev Accident / repair record (or its correction when `corrects != 0`).
    function _appendEvent(
        uint256 tokenId,
        RecordKind kind,
        uint8 severity,
        bytes32 reportHash,
        uint256 corrects
    ) private returns (uint256) {
        VehicleState storage v = _liveVehicle(tokenId);
        if (severity == 0 || severity > MAX_SEVERITY) revert InvalidSeverity(severity);
        // A correction describes the same event, so it keeps the corrected record's segment.
        uint8 segment = corrects == 0 ? v.segment : _records[tokenId][corrects].segment;
        return _append(tokenId, kind, severity, 0, segment, reportHash, corrects);
    }

    function _append(
        uint256 tokenId,
        RecordKind kind,
        uint8 severity,
        uint32 mileage,
        uint8 segment,
        bytes32 reportHash,
        uint256 corrects
    ) private returns (uint256 recordId) {
        VehicleState storage v = _vehicles[tokenId];
        recordId = ++v.recordCount; // checked: uint32 ids, as stored in Record.corrects
        Record storage r = _records[tokenId][recordId];
        r.writer = msg.sender;
        r.timestamp = uint40(block.timestamp);
        r.kind = kind;
        r.severity = severity;
        r.mileage = mileage;
        r.segment = segment;
        // zero fields stay unwritten: a fresh slot already reads zero
        if (reportHash != 0) r.reportHash = reportHash;
        if (corrects != 0) {
            r.corrects = uint32(corrects);
            _correctedBy[tokenId][corrects] = recordId;
        }
        emit RecordAppended(
            tokenId,
            recordId,
            kind,
            msg.sender,
            uint40(block.timestamp),
            severity,
            mileage,
            segment,
            reportHash,
            uint32(corrects)
        );
    }

    /// @dev The order every record writer checks: the vehicle exists and is not scrapped,
    /// then the caller may write `kind`; the record's own values are checked after.
    function _checkWritable(uint256 tokenId, RecordKind kind) private view {
        _liveVehicle(tokenId);
        _checkRecorder(kind);
    }

    function _checkRecorder(RecordKind kind) private view {
        bool allowed;
        if (kind == RecordKind.Inspection) {
            allowed = hasRole(INSPECTOR_ROLE, msg.sender);
        } else if (kind == RecordKind.Mileage) {
            allowed = hasRole(INSPECTOR_ROLE, msg.sender) || hasRole(REPAIRER_ROLE, msg.sender);
        } else if (kind == RecordKind.Accident) {
            allowed = hasRole(INSURER_ROLE, msg.sender) || hasRole(REPAIRER_ROLE, msg.sender);
        } else if (kind == RecordKind.Repair) {
            allowed = hasRole(REPAIRER_ROLE, msg.sender);
        } else {
            allowed = hasRole(REGISTRAR_ROLE, msg.sender);
        }
        if (!allowed) revert RecorderNotAuthorized(msg.sender, kind);
    }

    /// @dev The owner itself, or a licensed dealer the owner approved for this title.
    function _checkLister(address owner, address account, uint256 tokenId) private view {
        if (account == owner) return;
        if (!hasRole(DEALER_ROLE, account) || !_isAuthorized(owner, account, tokenId)) {
            revert ListerNotAuthorized(account, tokenId);
        }
    }

    function _checkAcknowledgement(uint256 tokenId, uint256 acknowledged) private view {
        uint256 latest = _vehicles[tokenId].recordCount;
        // A record count, not a time: slither taints it via the struct's timestamp fields.
        // slither-disable-next-line timestamp
        if (acknowledged != latest) revert StaleAcknowledgement(tokenId, acknowledged, latest);
    }

    function _checkVin(string calldata vin) private pure {
        bytes calldata b = bytes(vin);
        if (b.length != 17) revert InvalidVin(vin);
        for (uint256 i = 0; i < 17; ++i) {
            bytes1 c = b[i];
            bool digit = c >= "0" && c <= "9";
            bool letter = c >= "A" && c <= "Z" && c != "I" && c != "O" && c != "Q";
            if (!digit && !letter) revert InvalidVin(vin);
        }
    }

    function _known(uint256 tokenId) private view returns (VehicleState storage v) {
        v = _vehicles[tokenId];
        if (v.registeredAt == 0) revert UnknownVehicle(tokenId);
    }

    function _liveVehicle(uint256 tokenId) private view returns (VehicleState storage v) {
        v = _known(tokenId);
        if (v.scrappedAt != 0) revert VehicleAlreadyScrapped(tokenId);
    }

    function _record(uint256 tokenId, uint256 recordId) private view returns (Record storage) {
        if (recordId == 0 || recordId > _known(tokenId).recordCount) {
            revert UnknownRecord(tokenId, recordId);
        }
        return _records[tokenId][recordId];
    }

    function _sale(uint256 saleId) private view returns (Sale storage s) {
        s = _sales[saleId];
        if (s.status == SaleStatus.None) revert UnknownSale(saleId);
    }

    /// @dev An open sale in `expected` status that has not expired.
    function _openSaleChecked(
        uint256 saleId,
        SaleStatus expected
    ) private view returns (Sale storage s) {
        s = _sale(saleId);
        if (s.status != expected) revert UnexpectedSaleStatus(saleId, s.status);
        // slither-disable-next-line timestamp
        if (block.timestamp >= s.expiresAt) revert SaleExpired(saleId, s.expiresAt);
    }

    function _pageLength(
        uint256 total,
        uint256 offset,
        uint256 limit
    ) private pure returns (uint256) {
        if (offset >= total) return 0;
        // cannot underflow: offset < total checked above
        unchecked {
            uint256 rest = total - offset;
            return limit < rest ? limit : rest;
        }
    }
}
