// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {Nonces} from "@openzeppelin/contracts/utils/Nonces.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {ICertificateRegistry} from "./interfaces/ICertificateRegistry.sol";

/// @title Certificate registry
/// @notice See {ICertificateRegistry}. Storage layout: a certificate is two slots, written once
/// at issuance: slot 0 packs holder, type, issue time, expiry, status and the holder's consent
/// (everything {isValid} reads, one SLOAD), slot 1 is the claims root (read by disclosure).
/// The issuer and the document hash live in the `CertificateIssued` event: no on-chain rule
/// reads them. A re-issue links old and new in two mappings written only then.
contract CertificateRegistry is ICertificateRegistry, AccessControl, EIP712, Nonces {
    // ---------------------------------------------------------------- storage

    /// @dev Slot 0: 160 + 16 + 32 + 32 + 8 + 8 = 256 bits. Slot 1: the claims root.
    struct Certificate {
        address holder;
        uint16 typeId;
        uint32 issuedAt;
        uint32 expiresAt;
        CertificateStatus status;
        Consent consent;
        bytes32 claimsRoot;
    }

    uint16 private _typeCount;
    uint256 private _certificateCount;
    mapping(uint16 typeId => CredentialType) private _types;
    mapping(uint16 typeId => mapping(address issuer => bool)) private _permitted;
    mapping(uint256 certificateId => Certificate) private _certificates;
    mapping(uint256 oldId => uint256 newId) private _replacedBy;
    mapping(uint256 newId => uint256 oldId) private _replaces;

    // ---------------------------------------------------------------- constants

    /// @inheritdoc ICertificateRegistry
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");
    /// @inheritdoc ICertificateRegistry
    uint256 public constant MAX_BATCH = 256;
    /// @inheritdoc ICertificateRegistry
    uint256 public constant WALLET_GAS_LIMIT = 50_000;
    /// @inheritdoc ICertificateRegistry
    bytes32 public constant CONSENT_TYPEHASH =
        keccak256("Consent(uint256 certificateId,uint8 decision,uint256 nonce,uint256 deadline)");

    // ---------------------------------------------------------------- constructor

    /// @param admin receives DEFAULT_ADMIN_ROLE (defines types, grants issuers and permissions)
    constructor(address admin) EIP712("Certificate Registry", "1") {
        if (admin == address(0)) revert InvalidAdmin();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ---------------------------------------------------------------- external: admin

    /// @inheritdoc ICertificateRegistry
    function defineType(
        bytes32 schemaHash,
        uint32 maxValidity,
        RevocationPolicy policy,
        bool acceptanceRequired
    ) external onlyRole(DEFAULT_ADMIN_ROLE) returns (uint16 typeId) {
        if (schemaHash == bytes32(0)) revert EmptySchemaHash();
        if (_typeCount == type(uint16).max) revert TooManyTypes();
        typeId = ++_typeCount;
        _types[typeId] = CredentialType(schemaHash, maxValidity, policy, acceptanceRequired);
        emit TypeDefined(typeId, schemaHash, maxValidity, policy, acceptanceRequired, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function setIssuerPermission(
        address issuer,
        uint16 typeId,
        bool allowed
    ) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _knownType(typeId);
        if (_permitted[typeId][issuer] == allowed) {
            revert PermissionUnchanged(issuer, typeId, allowed);
        }
        _permitted[typeId][issuer] = allowed;
        emit IssuerPermissionSet(issuer, typeId, allowed, msg.sender);
    }

    // ---------------------------------------------------------------- external: issuers

    /// @inheritdoc ICertificateRegistry
    function issue(
        uint16 typeId,
        CertificateInput calldata input
    ) external returns (uint256 certificateId) {
        uint32 maxValidity = _issuerType(typeId).maxValidity;
        certificateId = ++_certificateCount;
        _store(certificateId, typeId, maxValidity, input, 0);
    }

    /// @inheritdoc ICertificateRegistry
    function issueBatch(
        uint16 typeId,
        CertificateInput[] calldata inputs
    ) external returns (uint256 firstId) {
        uint32 maxValidity = _issuerType(typeId).maxValidity;
        uint256 count = inputs.length;
        if (count == 0 || count > MAX_BATCH) revert InvalidBatchSize(count, MAX_BATCH);
        firstId = _certificateCount + 1;
        // Reason: each certificate's CertificateIssued event carries its id; the count is
        // the last of them, so a separate event would repeat it.
        // slither-disable-next-line events-maths
        _certificateCount += count;
        for (uint256 i; i < count; ++i) {
            _store(firstId + i, typeId, maxValidity, inputs[i], i);
        }
    }

    /// @inheritdoc ICertificateRegistry
    function suspend(uint256 certificateId, Reason reason) external {
        Certificate storage c = _managed(certificateId);
        RevocationPolicy policy = _types[c.typeId].policy;
        if (policy != RevocationPolicy.RevocableAndSuspendable) {
            revert SuspensionNotAllowed(c.typeId, policy);
        }
        if (c.status != CertificateStatus.Active) {
            revert CertificateNotActive(certificateId, c.status);
        }
        if (reason == Reason.Unspecified) revert ReasonRequired(certificateId);
        c.status = CertificateStatus.Suspended;
        emit CertificateSuspended(certificateId, reason, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function reinstate(uint256 certificateId) external {
        Certificate storage c = _managed(certificateId);
        if (c.status != CertificateStatus.Suspended) {
            revert CertificateNotSuspended(certificateId, c.status);
        }
        c.status = CertificateStatus.Active;
        emit CertificateReinstated(certificateId, msg.sender);
    }

    /// @inheritdoc ICertificateRegistry
    function revoke(uint256 certificateId, Reason reason) external {
        _revoke(certificateId, reason);
    }

    /// @inheritdoc ICertificateRegistry
    function revokeBatch(uint256[] calldata certificateIds, Reason reason) external {
        uint256 count = certificateIds.length;
        if (count == 0 || count > MAX_BATCH) revert InvalidBatchSize(count, MAX_BATCH);
        for (uint256 i; i < count; ++i) {
            _revoke(certificateIds[i], reason);
        }
    }

    /// @inheritdoc ICertificateRegistry
    function reissue(
        uint256 oldId,
        CertificateInput calldata input
    ) external returns (uint256 newId) {
        Certificate storage old = _managed(oldId);
        _checkLive(oldId, old.status);
        uint16 typeId = old.typeId;
        old.status = CertificateStatus.Replaced;
        newId = ++_certificateCount;
        _replacedBy[oldId] = newId;
        _replaces[newId] = oldId;
        _store(newId, typeId, _types[typeId].maxValidity, input, 0);
        emit CertificateReplaced(oldId, newId, msg.sender);
    }

    // ---------------------------------------------------------------- external: holders

    /// @inheritdoc ICertificateRegistry
    function setConsent(uint256 certificateId, Consent decision) external {
        Certificate storage c = _existing(certificateId);
        if (msg.sender != c.holder) revert NotHolder(certificateId, msg.sender);
        _answer(certificateId, c, decision, false, 0);
    }

    /// @inheritdoc ICertificateRegistry
    function setConsentBySig(
        uint256 certificateId,
        Consent decision,
        uint256 deadline,
        bytes calldata signature
    ) external {
        Certificate storage c = _existing(certificateId);
        // Reason: a deadline is a coarse validity window chosen by the holder; a validator's
        // drift of seconds cannot make a signature usable that the holder did not sign.
        // slither-disable-next-line timestamp
        if (block.timestamp > deadline) revert ConsentSignatureExpired(certificateId, deadline);
        address holder = c.holder;
        uint256 nonce = _useNonce(holder);
        bytes32 digest = _consentDigest(certificateId, decision, nonce, deadline);
        if (!_isHolderSignature(holder, digest, signature)) {
            revert InvalidConsentSignature(certificateId, holder);
        }
        _answer(certificateId, c, decision, true, nonce);
    }

    // ---------------------------------------------------------------- external: getters

    /// @inheritdoc ICertificateRegistry
    function isValid(uint256 certificateId) external view returns (bool) {
        return _validity(certificateId) == Validity.Valid;
    }

    /// @inheritdoc ICertificateRegistry
    function validityOf(uint256 certificateId) external view returns (Validity) {
        return _validity(certificateId);
    }

    /// @inheritdoc ICertificateRegistry
    function verifyClaim(
        uint256 certificateId,
        bytes32 key,
        bytes32 value,
        bytes32 salt,
        bytes32[] calldata proof
    ) external view returns (bool) {
        return _hasClaim(certificateId, key, value, salt, proof);
    }

    /// @inheritdoc ICertificateRegistry
    function isValidWithClaim(
        uint256 certificateId,
        bytes32 key,
        bytes32 value,
        bytes32 salt,
        bytes32[] calldata proof
    ) external view returns (bool) {
        // Reason: the only time-dependent part is the expiry inside _validity (see _store).
        // slither-disable-next-line timestamp
        if (_validity(certificateId) != Validity.Valid) return false;
        return _hasClaim(certificateId, key, value, salt, proof);
    }

    /// @inheritdoc ICertificateRegistry
    function certificate(uint256 certificateId) external view returns (CertificateView memory v) {
        Certificate storage c = _certificates[certificateId];
        v.holder = c.holder;
        v.typeId = c.typeId;
        v.issuedAt = c.issuedAt;
        v.expiresAt = c.expiresAt;
        v.status = c.status;
        v.consent = c.consent;
        v.claimsRoot = c.claimsRoot;
        v.replaces = _replaces[certificateId];
        v.replacedBy = _replacedBy[certificateId];
    }

    /// @inheritdoc ICertificateRegistry
    function holderOf(uint256 certificateId) external view returns (address) {
        return _certificates[certificateId].holder;
    }

    /// @inheritdoc ICertificateRegistry
    function typeOf(uint256 certificateId) external view returns (uint16) {
        return _certificates[certificateId].typeId;
    }

    /// @inheritdoc ICertificateRegistry
    function credentialType(uint16 typeId) external view returns (CredentialType memory) {
        return _types[typeId];
    }

    /// @inheritdoc ICertificateRegistry
    function typeCount() external view returns (uint16) {
        return _typeCount;
    }

    /// @inheritdoc ICertificateRegistry
    function certificateCount() external view returns (uint256) {
        return _certificateCount;
    }

    /// @inheritdoc ICertificateRegistry
    function isPermitted(address issuer, uint16 typeId) external view returns (bool) {
        return _isPermitted(issuer, typeId);
    }

    /// @inheritdoc ICertificateRegistry
    function consentDigest(
        uint256 certificateId,
        Consent decision,
        uint256 nonce,
        uint256 deadline
    ) external view returns (bytes32) {
        return _consentDigest(certificateId, decision, nonce, deadline);
    }

    /// @inheritdoc ICertificateRegistry
    function nonces(
        address owner
    ) public view override(ICertificateRegistry, Nonces) returns (uint256) {
        return super.nonces(owner);
    }

    // ---------------------------------------------------------------- internal

    function _knownType(uint16 typeId) internal view returns (CredentialType storage t) {
        t = _types[typeId];
        if (t.schemaHash == bytes32(0)) revert UnknownType(typeId);
    }

    function _isPermitted(address issuer, uint16 typeId) internal view returns (bool) {
        return _permitted[typeId][issuer] && hasRole(ISSUER_ROLE, issuer);
    }

    /// @dev The type, once the caller is known to be a permitted issuer of it.
    function _issuerType(uint16 typeId) internal view returns (CredentialType storage t) {
        t = _knownType(typeId);
        if (!_isPermitted(msg.sender, typeId)) revert IssuerNotPermitted(msg.sender, typeId);
    }

    function _existing(uint256 certificateId) internal view returns (Certificate storage c) {
        c = _certificates[certificateId];
        if (c.status == CertificateStatus.None) revert UnknownCertificate(certificateId);
    }

    /// @dev The certificate, once the caller is known to be a permitted issuer of its type.
    function _managed(uint256 certificateId) internal view returns (Certificate storage c) {
        c = _existing(certificateId);
        if (!_isPermitted(msg.sender, c.typeId)) revert IssuerNotPermitted(msg.sender, c.typeId);
    }

    function _revoke(uint256 certificateId, Reason reason) internal {
        Certificate storage c = _managed(certificateId);
        RevocationPolicy policy = _types[c.typeId].policy;
        if (policy == RevocationPolicy.Irrevocable) revert RevocationNotAllowed(c.typeId, policy);
        _checkLive(certificateId, c.status);
        if (reason == Reason.Unspecified) revert ReasonRequired(certificateId);
        c.status = CertificateStatus.Revoked;
        emit CertificateRevoked(certificateId, reason, msg.sender);
    }

    /// @dev Revocation and re-issue need an active or suspended certificate.
    function _checkLive(uint256 certificateId, CertificateStatus status) internal pure {
        if (status != CertificateStatus.Active && status != CertificateStatus.Suspended) {
            revert CertificateNotActive(certificateId, status);
        }
    }

    /// @dev Checks one input and writes its two slots; `index` names it in errors.
    function _store(
        uint256 certificateId,
        uint16 typeId,
        uint32 maxValidity,
        CertificateInput calldata input,
        uint256 index
    ) internal {
        if (input.holder == address(0)) revert ZeroHolder(index);
        if (input.claimsRoot == bytes32(0)) revert EmptyClaimsRoot(index);
        uint32 issuedAt = SafeCast.toUint32(block.timestamp);
        uint256 latest = maxValidity == 0 ? 0 : uint256(issuedAt) + maxValidity;
        uint32 expiresAt = input.expiresAt;
        bool never = expiresAt == 0 && maxValidity == 0;
        // Reason: expiry is a day-scale term; the seconds a validator may shift the clock
        // neither make nor break a lawful certificate.
        // slither-disable-next-line timestamp
        if (!never && (expiresAt <= issuedAt || (latest != 0 && expiresAt > latest))) {
            revert InvalidExpiry(index, expiresAt, latest);
        }
        _certificates[certificateId] = Certificate({
            holder: input.holder,
            typeId: typeId,
            issuedAt: issuedAt,
            expiresAt: expiresAt,
            status: CertificateStatus.Active,
            consent: Consent.Pending,
            claimsRoot: input.claimsRoot
        });
        emit CertificateIssued(
            certificateId,
            typeId,
            input.holder,
            msg.sender,
            issuedAt,
            expiresAt,
            input.claimsRoot,
            input.documentHash
        );
    }

    function _answer(
        uint256 certificateId,
        Certificate storage c,
        Consent decision,
        bool relayed,
        uint256 nonce
    ) internal {
        Consent current = c.consent;
        bool allowed = (decision == Consent.Accepted &&
            (current == Consent.Pending || current == Consent.Hidden)) ||
            (decision == Consent.Refused && current == Consent.Pending) ||
            (decision == Consent.Hidden && current == Consent.Accepted);
        if (!allowed) revert ConsentChangeNotAllowed(certificateId, current, decision);
        c.consent = decision;
        emit ConsentChanged(certificateId, c.holder, current, decision, relayed, nonce);
    }

    function _validity(uint256 certificateId) internal view returns (Validity) {
        Certificate storage c = _certificates[certificateId];
        CertificateStatus status = c.status;
        if (status == CertificateStatus.None) return Validity.Unknown;
        if (status == CertificateStatus.Revoked) return Validity.Revoked;
        if (status == CertificateStatus.Replaced) return Validity.Replaced;
        if (status == CertificateStatus.Suspended) return Validity.Suspended;
        uint32 expiresAt = c.expiresAt;
        // Reason: expiry is a day-scale term (see _store).
        // slither-disable-next-line timestamp
        if (expiresAt != 0 && block.timestamp >= expiresAt) return Validity.Expired;
        Consent consent = c.consent;
        if (consent == Consent.Refused) return Validity.Refused;
        if (consent == Consent.Hidden) return Validity.Hidden;
        if (consent == Consent.Pending && _types[c.typeId].acceptanceRequired) {
            return Validity.NotAccepted;
        }
        return Validity.Valid;
    }

    function _hasClaim(
        uint256 certificateId,
        bytes32 key,
        bytes32 value,
        bytes32 salt,
        bytes32[] calldata proof
    ) internal view returns (bool) {
        // An unknown id has root 0, which no proof reaches: keccak256 has no known preimage of 0.
        bytes32 root = _certificates[certificateId].claimsRoot;
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(key, value, salt))));
        return MerkleProof.verifyCalldata(proof, root, leaf);
    }

    function _consentDigest(
        uint256 certificateId,
        Consent decision,
        uint256 nonce,
        uint256 deadline
    ) internal view returns (bytes32) {
        return
            _hashTypedDataV4(
                keccak256(abi.encode(CONSENT_TYPEHASH, certificateId, decision, nonce, deadline))
            );
    }

    /// @dev An ECDSA signature by `holder`'s key, or else its ERC-1271 wallet's approval,
    /// asked with at most WALLET_GAS_LIMIT gas and at most 32 bytes of answer copied: a wallet
    /// that reverts, exhausts that gas or answers anything but the magic value rejects it.
    /// A relayer that sends too little gas for the wallet to get its full allowance only makes
    /// its own transaction revert: the nonce stays unused and the signature stays good.
    function _isHolderSignature(
        address holder,
        bytes32 digest,
        bytes calldata signature
    ) internal view returns (bool ok) {
        // The third return value only details a malformed signature; err already says so.
        // slither-disable-next-line unused-return
        (address recovered, ECDSA.RecoverError err, ) = ECDSA.tryRecover(digest, signature);
        if (err == ECDSA.RecoverError.NoError && recovered == holder) return true;
        if (holder.code.length == 0) return false;
        bytes memory query = abi.encodeCall(IERC1271.isValidSignature, (digest, signature));
        bytes4 magic = IERC1271.isValidSignature.selector;
        uint256 gasLimit = WALLET_GAS_LIMIT;
        // Reason: Solidity's staticcall copies the whole answer into memory (a wallet could
        // return megabytes); this copies one word and checks its size and value.
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            mstore(0x00, 0)
            let success := staticcall(gasLimit, holder, add(query, 0x20), mload(query), 0x00, 0x20)
            ok := and(success, and(eq(returndatasize(), 0x20), eq(mload(0x00), magic)))
        }
    }
}
