// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";
import {IVehicleRegistry} from "./interfaces/IVehicleRegistry.sol";

/// @title VehicleRegistry
/// @notice ERC-721 vehicle titles with an append-only history and escrowed sales.
/// @dev Sales live in this contract (not a separate market) so a completed sale moves the
/// title without any standing approval and writes its Sale record in the same history.
/// While a sale is open the title cannot move or be scrapped (`_update` reverts), so the
/// owner at listing is the owner at completion: the seller is the title holder, not stored.
///
/// Storage per vehicle is two slots: `Chain` (head and highest reading, the only slot a
/// registration writes) and `Odometer` (the rest of the current segment's state, with
/// zero meaning "as registered" so that registration leaves it unwritten). A reading reads
/// each once and writes each once. Per sale two slots: the terms' hash and the `Sale` state.
contract VehicleRegistry is IVehicleRegistry, ERC721, AccessControl, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    /*//////////////////////////////////////////////////////////////
                                STORAGE
    //////////////////////////////////////////////////////////////*/

    /// @dev One slot; `head != 0` marks a registered vehicle (a keccak output is never zero
    /// in practice, and the first head hashes a leaf that names the token id).
    struct Chain {
        bytes28 head;
        uint32 highest; // highest valid reading of the current segment
    }

    /// @dev One slot; all zero right after registration (see `_latestReading`).
    struct Odometer {
        uint32 appended; // records after the Registration one: recordCount = 1 + appended
        uint32 floor; // highest valid reading before the latest one (same segment)
        uint32 latestReading; // record id of the current segment's latest reading; 0 = 1
        uint8 segment;
        bool scrapped;
        uint64 openSale;
    }

    mapping(uint256 tokenId => Chain) private _chains;
    mapping(uint256 tokenId => Odometer) private _odometers;
    mapping(uint256 tokenId => mapping(uint256 recordId => uint256)) private _correctedBy;
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
    /// @dev Bit `c` set for each byte `c` of `0-9 A-H J-N P R-Z` (ISO 3779).
    uint256 private constant VIN_CHARACTERS = 0x7fd7dfe03ff000000000000;
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
        Chain storage c = _chains[tokenId];
        if (c.head != 0) revert VinAlreadyRegistered(vin, tokenId);
        // Plain mint: the registrar names the holder; no receiver callback mid-registration.
        _mint(owner, tokenId);
        emit VehicleRegistered(tokenId, vin, owner);
        bytes28 head = _link(
            tokenId,
            1,
            0,
            _rec(RecordKind.Registration, 0, mileage, 0, 0),
            reportHash
        );
        c.head = head;
        c.highest = mileage;
    }

    /// @inheritdoc IVehicleRegistry
    function scrap(uint256 tokenId, bytes32 certificateHash) external {
        Odometer storage o = _liveVehicle(tokenId);
        _checkRole(REGISTRAR_ROLE);
        uint256 open = o.openSale;
        if (open != 0) revert VehicleListed(tokenId, open);
        o.scrapped = true;
        _burn(tokenId);
        emit VehicleScrapped(tokenId, certificateHash);
        _append(tokenId, o, _rec(RecordKind.Scrap, 0, 0, o.segment, 0), certificateHash);
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
        return _appendReading(tokenId, RecordKind.Inspection, mileage, reportHash);
    }

    /// @inheritdoc IVehicleRegistry
    function recordMileage(uint256 tokenId, uint32 mileage) external returns (uint256) {
        return _appendReading(tokenId, RecordKind.Mileage, mileage, 0);
    }

    /// @inheritdoc IVehicleRegistry
    function recordAccident(
        uint256 tokenId,
        uint8 severity,
        bytes32 reportHash
    ) external returns (uint256) {
        Odometer storage o = _checkWritable(tokenId, RecordKind.Accident);
        _checkSeverity(severity);
        return
            _append(tokenId, o, _rec(RecordKind.Accident, severity, 0, o.segment, 0), reportHash);
    }

    /// @inheritdoc IVehicleRegistry
    function recordRepair(
        uint256 tokenId,
        uint8 severity,
        bytes32 reportHash
    ) external returns (uint256) {
        Odometer storage o = _checkWritable(tokenId, RecordKind.Repair);
        _checkSeverity(severity);
        return _append(tokenId, o, _rec(RecordKind.Repair, severity, 0, o.segment, 0), reportHash);
    }

    /// @inheritdoc IVehicleRegistry
    function replaceOdometer(
        uint256 tokenId,
        uint32 mileage,
        bytes32 reportHash
    ) external returns (uint256 recordId) {
        Odometer storage o = _checkWritable(tokenId, RecordKind.OdometerReplacement);
        uint8 segment = o.segment;
        if (segment == type(uint8).max) revert OdometerSegmentsExhausted(tokenId);
        // cannot overflow: segment < type(uint8).max checked above
        unchecked {
            ++segment;
        }
        o.segment = segment;
        recordId = _append(
            tokenId,
            o,
            _rec(RecordKind.OdometerReplacement, 0, mileage, segment, 0),
            reportHash
        );
        _chains[tokenId].highest = mileage;
        o.floor = mileage;
        o.latestReading = uint32(recordId);
    }

    /// @inheritdoc IVehicleRegistry
    function correct(
        uint256 tokenId,
        uint256 recordId,
        RecordProof calldata proof,
        uint32 mileage,
        uint8 severity,
        bytes32 reportHash
    ) external returns (uint256 correctionId) {
        Odometer storage o = _liveVehicle(tokenId);
        Record calldata original = _correctable(tokenId, recordId, o, proof);
        RecordKind kind = original.kind;
        _checkRecorder(kind);
        if (kind == RecordKind.Accident || kind == RecordKind.Repair) {
            correctionId = _correctEvent(tokenId, o, recordId, original, severity, reportHash);
        } else {
            correctionId = _correctReading(tokenId, o, recordId, original, mileage, reportHash);
        }
        _correctedBy[tokenId][recordId] = correctionId;
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
        Odometer storage o = _odometers[tokenId];
        uint256 open = o.openSale;
        if (open != 0) revert VehicleListed(tokenId, open);
        _checkLister(seller, msg.sender, tokenId);
        if (address(token).code.length == 0) revert InvalidPaymentToken(address(token));
        if (price == 0 || price > type(uint96).max) revert InvalidPrice(price);
        // Sale expiries are days ahead; a validator's seconds of drift do not matter.
        // slither-disable-next-line timestamp
        if (expiresAt <= block.timestamp)
            revert ExpiryNotInFuture(expiresAt, uint40(block.timestamp));
        if (buyer == seller) revert BuyerIsSeller(buyer);
        saleId = ++_saleCount;
        SaleTerms memory terms = SaleTerms({
            tokenId: tokenId,
            token: token,
            // cannot truncate: price <= type(uint96).max checked above
            price: uint96(price),
            buyer: buyer,
            expiresAt: expiresAt,
            contractHash: contractHash,
            dealer: msg.sender == seller ? address(0) : msg.sender
        });
        _sales[saleId] = Sale({
            termsHash: keccak256(abi.encode(terms)),
            buyer: address(0),
            acknowledged: 0,
            status: SaleStatus.Listed
        });
        o.openSale = SafeCast.toUint64(saleId);
        emit SaleListed(saleId, tokenId, seller, msg.sender, terms);
    }

    /// @inheritdoc IVehicleRegistry
    function fund(uint256 saleId, SaleTerms calldata terms, bytes28 head) external nonReentrant {
        Sale storage s = _openSaleChecked(saleId, terms, SaleStatus.Listed);
        uint256 tokenId = terms.tokenId;
        if (msg.sender == _ownerOf(tokenId)) revert BuyerIsSeller(msg.sender);
        address reserved = terms.buyer;
        if (reserved != address(0) && reserved != msg.sender) {
            revert NotBuyer(saleId, msg.sender, reserved);
        }
        uint32 acknowledged = _checkHead(tokenId, head);
        IERC20 token = terms.token;
        uint256 price = terms.price;
        s.buyer = msg.sender;
        s.acknowledged = acknowledged;
        s.status = SaleStatus.Funded;
        _escrowed[token] += price;
        emit SaleFunded(saleId, msg.sender, price, acknowledged, head);
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), price);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != price) revert PaymentShortfall(address(token), price, received);
    }

    /// @inheritdoc IVehicleRegistry
    function acknowledge(uint256 saleId, SaleTerms calldata terms, bytes28 head) external {
        Sale storage s = _openSaleChecked(saleId, terms, SaleStatus.Funded);
        address buyer = s.buyer;
        if (msg.sender != buyer) revert NotBuyer(saleId, msg.sender, buyer);
        uint32 acknowledged = _checkHead(terms.tokenId, head);
        s.acknowledged = acknowledged;
        emit SaleAcknowledged(saleId, acknowledged, head);
    }

    /// @inheritdoc IVehicleRegistry
    function complete(uint256 saleId, SaleTerms calldata terms) external nonReentrant {
        Sale storage s = _openSaleChecked(saleId, terms, SaleStatus.Funded);
        uint256 tokenId = terms.tokenId;
        address seller = _ownerOf(tokenId);
        address buyer = s.buyer;
        Odometer storage o = _odometers[tokenId];
        _checkCompletion(saleId, s.acknowledged, terms, seller, buyer, uint256(o.appended) + 1);
        IERC20 token = terms.token;
        uint256 price = terms.price;
        s.status = SaleStatus.Completed;
        o.openSale = 0;
        _escrowed[token] -= price;
        _append(tokenId, o, _rec(RecordKind.Sale, 0, 0, o.segment, 0), terms.contractHash);
        _transfer(seller, buyer, tokenId);
        emit SaleCompleted(saleId, tokenId, seller, buyer, price);
        token.safeTransfer(seller, price);
    }

    /// @inheritdoc IVehicleRegistry
    function cancel(uint256 saleId, SaleTerms calldata terms) external nonReentrant {
        Sale storage s = _sale(saleId);
        SaleStatus status = s.status;
        if (status != SaleStatus.Listed && status != SaleStatus.Funded) {
            revert UnexpectedSaleStatus(saleId, status);
        }
        _checkTerms(saleId, s, terms);
        bool funded = status == SaleStatus.Funded;
        // before funding the buyer is the designated one (or nobody)
        address buyer = funded ? s.buyer : terms.buyer;
        address dealer = terms.dealer;
        uint256 tokenId = terms.tokenId;
        // As above: a sale expires days after listing, so seconds of drift do not matter.
        // slither-disable-next-line timestamp
        bool expired = block.timestamp >= terms.expiresAt; // anyone may clear an expired sale
        if (
            !expired &&
            msg.sender != _ownerOf(tokenId) &&
            msg.sender != buyer &&
            (dealer == address(0) || msg.sender != dealer)
        ) {
            revert NotSaleParty(saleId, msg.sender);
        }
        uint256 refund = funded ? terms.price : 0;
        s.status = SaleStatus.Cancelled;
        _odometers[tokenId].openSale = 0;
        IERC20 token = terms.token;
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
        Chain storage c = _known(tokenId);
        Odometer storage o = _odometers[tokenId];
        info = VehicleInfo({
            tokenId: tokenId,
            owner: _ownerOf(tokenId),
            scrapped: o.scrapped,
            segment: o.segment,
            highestMileage: c.highest,
            latestReading: _latestReading(o),
            recordCount: o.appended + 1,
            openSale: o.openSale,
            head: c.head
        });
    }

    /// @inheritdoc IVehicleRegistry
    function correctedBy(uint256 tokenId, uint256 recordId) external view returns (uint256) {
        _known(tokenId);
        if (recordId == 0 || recordId > uint256(_odometers[tokenId].appended) + 1) {
            revert UnknownRecord(tokenId, recordId);
        }
        return _correctedBy[tokenId][recordId];
    }

    /// @inheritdoc IVehicleRegistry
    function sale(uint256 saleId) external view returns (Sale memory) {
        return _sale(saleId);
    }

    /// @inheritdoc IVehicleRegistry
    function saleTermsHash(SaleTerms calldata terms) external pure returns (bytes32) {
        return keccak256(abi.encode(terms));
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
    /// move except by its own sale's completion (which closes the listing first). A title
    /// without a holder (a mint) has no sale to check.
    function _update(
        address to,
        uint256 tokenId,
        address auth
    ) internal override returns (address) {
        if (_ownerOf(tokenId) != address(0)) {
            uint256 open = _odometers[tokenId].openSale;
            if (open != 0) revert VehicleListed(tokenId, open);
        }
        return super._update(to, tokenId, auth);
    }

    /// @dev Inspection or Mileage record: checks as `_checkWritable`, then rejects a rollback
    /// below the current segment's highest. Reads each of the vehicle's two slots once as a
    /// word and writes each once (the packing is the one Solidity gives `Chain` and
    /// `Odometer`, first member in the lowest bits). Chain: head in bits 0-223, highest
    /// 224-255. Odometer: appended 0-31, floor 32-63, latestReading 64-95, segment 96-103,
    /// scrapped 104-111, openSale 112-175.
    function _appendReading(
        uint256 tokenId,
        RecordKind kind,
        uint32 mileage,
        bytes32 reportHash
    ) private returns (uint256 recordId) {
        Chain storage c = _chains[tokenId];
        Odometer storage o = _odometers[tokenId];
        uint256 chainWord;
        uint256 odometerWord;
        // Reason: both vehicle slots are read as whole words once (no struct copy per field).
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            chainWord := sload(c.slot)
            odometerWord := sload(o.slot)
        }
        if (chainWord << 32 == 0) revert UnknownVehicle(tokenId);
        if ((odometerWord >> 104) & 0xff != 0) revert VehicleAlreadyScrapped(tokenId);
        _checkRecorder(kind);
        {
            uint32 highest = uint32(chainWord >> 224);
            if (mileage < highest) revert OdometerRollback(tokenId, highest, mileage);
        }
        uint32 appended = uint32(odometerWord) + 1; // checked: uint32 ids, as in Record.corrects
        // cannot overflow: appended < 2^32
        unchecked {
            recordId = uint256(appended) + 1;
        }
        // `_rec(kind, 0, mileage, segment, 0)` with the segment's bits taken in place
        bytes28 head = _link(
            tokenId,
            recordId,
            bytes28(bytes32(chainWord << 32)),
            uint256(kind) | (uint256(mileage) << 16) | ((odometerWord >> 48) & (0xff << 48)),
            reportHash
        );
        // appended = recordId - 1; floor = the highest before; latestReading = recordId,
        // which SafeCast keeps within the 32 bits of a record id
        odometerWord =
            (odometerWord & ~uint256(type(uint96).max)) |
            uint256(appended) |
            ((chainWord >> 224) << 32) |
            (uint256(SafeCast.toUint32(recordId)) << 64);
        chainWord = (uint256(mileage) << 224) | (uint256(bytes32(head)) >> 32);
        // Reason: both vehicle slots are written back as whole words once.
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            sstore(c.slot, chainWord)
            sstore(o.slot, odometerWord)
        }
    }

    /// @dev Correction of an Accident or Repair record.
    function _correctEvent(
        uint256 tokenId,
        Odometer storage o,
        uint256 recordId,
        Record calldata original,
        uint8 severity,
        bytes32 reportHash
    ) private returns (uint256) {
        _checkSeverity(severity);
        // A correction describes the same event, so it keeps the corrected record's segment.
        return
            _append(
                tokenId,
                o,
                _rec(original.kind, severity, 0, original.segment, recordId),
                reportHash
            );
    }

    /// @dev Correction of an Inspection or Mileage record. The current segment's latest
    /// reading may go down, but not below the reading before it, and the correction becomes
    /// the latest reading; an older reading (or one of an earlier segment) keeps its mileage
    /// and segment.
    function _correctReading(
        uint256 tokenId,
        Odometer storage o,
        uint256 recordId,
        Record calldata original,
        uint32 mileage,
        bytes32 reportHash
    ) private returns (uint256 correctionId) {
        uint256 latestReading = _latestReading(o);
        bool latest = recordId == latestReading;
        if (latest) {
            // latestReading is a correctable reading here, so `floor` was written with it
            uint32 floor = o.floor;
            if (mileage < floor) revert OdometerRollback(tokenId, floor, mileage);
        } else if (mileage != original.mileage) {
            revert MileageCorrectionNotLatest(tokenId, recordId, latestReading);
        }
        // The latest reading is in the current segment, so the original's segment is right
        // in both cases.
        correctionId = _append(
            tokenId,
            o,
            _rec(original.kind, 0, mileage, original.segment, recordId),
            reportHash
        );
        if (latest) {
            _chains[tokenId].highest = mileage;
            o.latestReading = uint32(correctionId);
        }
    }

    /// @dev Appends record `recordCount + 1` after the Registration record: moves the head.
    function _append(
        uint256 tokenId,
        Odometer storage o,
        uint256 fields,
        bytes32 reportHash
    ) private returns (uint256 recordId) {
        uint32 appended = o.appended + 1; // checked: uint32 ids, as in Record.corrects
        o.appended = appended;
        recordId = uint256(appended) + 1;
        Chain storage c = _chains[tokenId];
        c.head = _link(tokenId, recordId, c.head, fields, reportHash);
    }

    /// @dev Emits record `recordId` (written now by the caller, with the small fields `fields`
    /// packed by `_rec`) and returns the head after it. One memory buffer holds the leaf's
    /// preimage `abi.encode(tokenId, recordId, record)` and, from `severity` on, the event's
    /// data (writer, timestamp and head follow `corrects`), so the record is laid out once.
    function _link(
        uint256 tokenId,
        uint256 recordId,
        bytes28 prevHead,
        uint256 fields,
        bytes32 reportHash
    ) private returns (bytes28 head) {
        bytes32 topic = RecordAppended.selector;
        // Reason: the record is laid out once in memory for both its hash and its log.
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            // words of the buffer at p: tokenId, recordId, writer, timestamp, kind, severity,
            // mileage, segment, reportHash, corrects (the leaf's preimage, 10 words)
            let p := mload(0x40)
            let kind := and(fields, 0xff)
            mstore(p, tokenId)
            mstore(add(p, 0x20), recordId)
            mstore(add(p, 0x40), caller())
            // block times fit the record's uint40 (until the year 36812), so the word is the
            // uint40's ABI encoding
            mstore(add(p, 0x60), timestamp())
            mstore(add(p, 0x80), kind)
            mstore(add(p, 0xa0), and(shr(8, fields), 0xff))
            mstore(add(p, 0xc0), and(shr(16, fields), 0xffffffff))
            mstore(add(p, 0xe0), and(shr(48, fields), 0xff))
            mstore(add(p, 0x100), reportHash)
            mstore(add(p, 0x120), shr(56, fields))
            mstore(0x00, prevHead)
            mstore(0x20, keccak256(p, 0x140))
            head := and(
                keccak256(0x00, 0x40),
                0xffffffffffffffffffffffffffffffffffffffffffffffffffffffff00000000
            )
            // event data: severity .. corrects where they are, then writer, timestamp, head
            mstore(add(p, 0x140), caller())
            mstore(add(p, 0x160), timestamp())
            mstore(add(p, 0x180), head)
            log4(add(p, 0xa0), 0x100, topic, tokenId, recordId, kind)
        }
    }

    /// @dev The small fields of a record written now, packed for `_link`: kind (bits 0-7),
    /// severity (8-15), mileage (16-47), segment (48-55), corrects (56-87). Its writer is the
    /// caller and its time the block's.
    function _rec(
        RecordKind kind,
        uint8 severity,
        uint32 mileage,
        uint8 segment,
        uint256 corrects
    ) private pure returns (uint256) {
        // cannot truncate: record ids are uint32 (`Odometer.appended` is checked)
        return
            uint256(kind) |
            (uint256(severity) << 8) |
            (uint256(mileage) << 16) |
            (uint256(segment) << 48) |
            (uint256(uint32(corrects)) << 56);
    }

    /// @dev The record `proof` proves at `recordId`, checked to be correctable and not yet
    /// corrected.
    function _correctable(
        uint256 tokenId,
        uint256 recordId,
        Odometer storage o,
        RecordProof calldata proof
    ) private view returns (Record calldata original) {
        uint256 count = uint256(o.appended) + 1;
        if (recordId == 0 || recordId > count) revert UnknownRecord(tokenId, recordId);
        _checkProof(tokenId, recordId, count, proof);
        original = proof.record;
        RecordKind kind = original.kind;
        if (
            kind != RecordKind.Inspection &&
            kind != RecordKind.Mileage &&
            kind != RecordKind.Accident &&
            kind != RecordKind.Repair
        ) revert RecordNotCorrectable(tokenId, recordId, kind);
        uint256 previous = _correctedBy[tokenId][recordId];
        if (previous != 0) revert RecordAlreadyCorrected(tokenId, recordId, previous);
    }

    /// @dev `proof` puts its record at position `recordId` of a chain ending in the stored
    /// head after `count` records.
    function _checkProof(
        uint256 tokenId,
        uint256 recordId,
        uint256 count,
        RecordProof calldata proof
    ) private view {
        bytes32[] calldata later = proof.laterLeaves;
        bytes28 h = bytes28(
            keccak256(
                abi.encode(proof.prevHead, keccak256(abi.encode(tokenId, recordId, proof.record)))
            )
        );
        if (later.length != count - recordId) revert RecordProofMismatch(tokenId, recordId);
        for (uint256 i = 0; i < later.length; ++i) {
            h = bytes28(keccak256(abi.encode(h, later[i])));
        }
        // A hash, not a time: slither taints it via the record's timestamp field.
        // slither-disable-next-line timestamp
        if (h != _chains[tokenId].head) revert RecordProofMismatch(tokenId, recordId);
    }

    /// @dev A party completes, the buyer acknowledged the latest record, and a dealer who
    /// listed is still licensed and approved.
    function _checkCompletion(
        uint256 saleId,
        uint256 acknowledged,
        SaleTerms calldata terms,
        address seller,
        address buyer,
        uint256 latest
    ) private view {
        address dealer = terms.dealer;
        if (
            msg.sender != seller &&
            msg.sender != buyer &&
            (dealer == address(0) || msg.sender != dealer)
        ) {
            revert NotSaleParty(saleId, msg.sender);
        }
        uint256 tokenId = terms.tokenId;
        if (acknowledged != latest) revert StaleAcknowledgement(tokenId, acknowledged, latest);
        if (dealer != address(0)) _checkLister(seller, dealer, tokenId);
    }

    /// @dev The record count whose head is `head`, which must be the vehicle's current one.
    function _checkHead(uint256 tokenId, bytes28 head) private view returns (uint32) {
        bytes28 current = _chains[tokenId].head;
        // A hash, not a time: slither taints it via the records' timestamp field.
        // slither-disable-next-line timestamp
        if (head != current) revert HistoryHeadMismatch(tokenId, head, current);
        return _odometers[tokenId].appended + 1;
    }

    /// @dev The order every record writer checks: the vehicle exists and is not scrapped,
    /// then the caller may write `kind`; the record's own values are checked after.
    function _checkWritable(
        uint256 tokenId,
        RecordKind kind
    ) private view returns (Odometer storage o) {
        o = _liveVehicle(tokenId);
        _checkRecorder(kind);
    }

    function _checkSeverity(uint8 severity) private pure {
        if (severity == 0 || severity > MAX_SEVERITY) revert InvalidSeverity(severity);
    }

    /// @dev The permission table of the record writers, one entry per kind. A kind with no
    /// entry (Registration, Sale and Scrap have writers of their own) is writable by no one
    /// here, so a kind added to `RecordKind` stays closed until it is given an entry.
    function _checkRecorder(RecordKind kind) private view {
        bool allowed = false;
        if (kind == RecordKind.Inspection) {
            allowed = hasRole(INSPECTOR_ROLE, msg.sender);
        } else if (kind == RecordKind.Mileage) {
            allowed = hasRole(INSPECTOR_ROLE, msg.sender) || hasRole(REPAIRER_ROLE, msg.sender);
        } else if (kind == RecordKind.Accident) {
            allowed = hasRole(INSURER_ROLE, msg.sender) || hasRole(REPAIRER_ROLE, msg.sender);
        } else if (kind == RecordKind.Repair) {
            allowed = hasRole(REPAIRER_ROLE, msg.sender);
        } else if (kind == RecordKind.OdometerReplacement) {
            allowed = hasRole(REGISTRAR_ROLE, msg.sender);
        } else {
            revert RecordKindNotWritable(kind);
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

    function _checkVin(string calldata vin) private pure {
        if (bytes(vin).length != 17) revert InvalidVin(vin);
        // The 17 characters are the first 17 bytes of one calldata word.
        bytes32 word = bytes32(bytes(vin)[:17]);
        for (uint256 i = 0; i < 17; ) {
            if ((VIN_CHARACTERS >> uint8(word[i])) & 1 == 0) revert InvalidVin(vin);
            // cannot overflow: i < 17
            unchecked {
                ++i;
            }
        }
    }

    function _latestReading(Odometer storage o) private view returns (uint32) {
        uint32 latest = o.latestReading;
        return latest == 0 ? 1 : latest;
    }

    function _known(uint256 tokenId) private view returns (Chain storage c) {
        c = _chains[tokenId];
        if (c.head == 0) revert UnknownVehicle(tokenId);
    }

    function _liveVehicle(uint256 tokenId) private view returns (Odometer storage o) {
        _known(tokenId);
        o = _odometers[tokenId];
        if (o.scrapped) revert VehicleAlreadyScrapped(tokenId);
    }

    function _sale(uint256 saleId) private view returns (Sale storage s) {
        s = _sales[saleId];
        if (s.status == SaleStatus.None) revert UnknownSale(saleId);
    }

    /// @dev An open sale in `expected` status, listed with `terms`, that has not expired.
    function _openSaleChecked(
        uint256 saleId,
        SaleTerms calldata terms,
        SaleStatus expected
    ) private view returns (Sale storage s) {
        s = _sale(saleId);
        SaleStatus status = s.status;
        if (status != expected) revert UnexpectedSaleStatus(saleId, status);
        _checkTerms(saleId, s, terms);
        uint40 expiresAt = terms.expiresAt;
        // Sale expiries are days ahead; a validator's seconds of drift do not matter.
        // slither-disable-next-line timestamp
        if (block.timestamp >= expiresAt) revert SaleExpired(saleId, expiresAt);
    }

    /// @dev `terms` are the ones sale `saleId` was listed with.
    function _checkTerms(uint256 saleId, Sale storage s, SaleTerms calldata terms) private view {
        bytes32 stored = s.termsHash;
        bytes32 given = keccak256(abi.encode(terms));
        if (given != stored) revert SaleTermsMismatch(saleId, stored, given);
    }
}
