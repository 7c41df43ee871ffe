// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ICertificateRegistry} from "../interfaces/ICertificateRegistry.sol";
import {IEligibilityGate} from "../interfaces/IEligibilityGate.sol";

/// @title Eligibility gate
/// @notice See {IEligibilityGate}. One registry call answers validity (revocation, suspension,
/// expiry, consent, the type's rules); a second checks the disclosed claim against the root.
contract EligibilityGate is IEligibilityGate {
    // ---------------------------------------------------------------- storage

    ICertificateRegistry private immutable _registry;
    uint16 private immutable _typeId;
    bytes32 private immutable _claimKey;
    bytes32 private immutable _claimValue;
    mapping(uint256 certificateId => bool) private _admitted;

    // ---------------------------------------------------------------- constructor

    /// @param registry_ the certificate registry
    /// @param typeId_ the credential type accepted
    /// @param claimKey_ the claim's name hash
    /// @param claimValue_ the value the claim must have
    constructor(
        ICertificateRegistry registry_,
        uint16 typeId_,
        bytes32 claimKey_,
        bytes32 claimValue_
    ) {
        if (address(registry_) == address(0)) revert InvalidRegistry();
        _registry = registry_;
        _typeId = typeId_;
        _claimKey = claimKey_;
        _claimValue = claimValue_;
    }

    // ---------------------------------------------------------------- external

    /// @inheritdoc IEligibilityGate
    function admit(uint256 certificateId, bytes32 salt, bytes32[] calldata proof) external {
        if (_admitted[certificateId]) revert AlreadyAdmitted(certificateId);
        _check(msg.sender, certificateId, salt, proof);
        _admitted[certificateId] = true;
        emit Admitted(certificateId, msg.sender);
    }

    /// @inheritdoc IEligibilityGate
    function isEligible(
        address account,
        uint256 certificateId,
        bytes32 salt,
        bytes32[] calldata proof
    ) external view returns (bool) {
        if (_registry.holderOf(certificateId) != account) return false;
        if (_registry.typeOf(certificateId) != _typeId) return false;
        return _registry.isValidWithClaim(certificateId, _claimKey, _claimValue, salt, proof);
    }

    /// @inheritdoc IEligibilityGate
    function registry() external view returns (ICertificateRegistry) {
        return _registry;
    }

    /// @inheritdoc IEligibilityGate
    function credentialTypeId() external view returns (uint16) {
        return _typeId;
    }

    /// @inheritdoc IEligibilityGate
    function claimKey() external view returns (bytes32) {
        return _claimKey;
    }

    /// @inheritdoc IEligibilityGate
    function claimValue() external view returns (bytes32) {
        return _claimValue;
    }

    /// @inheritdoc IEligibilityGate
    function admitted(uint256 certificateId) external view returns (bool) {
        return _admitted[certificateId];
    }

    // ---------------------------------------------------------------- internal

    function _check(
        address account,
        uint256 certificateId,
        bytes32 salt,
        bytes32[] calldata proof
    ) internal view {
        ICertificateRegistry.CertificateView memory c = _registry.certificate(certificateId);
        if (c.holder != account) revert NotCertificateHolder(certificateId, account);
        if (c.typeId != _typeId) revert WrongCredentialType(certificateId, c.typeId);
        ICertificateRegistry.Validity validity = _registry.validityOf(certificateId);
        if (validity != ICertificateRegistry.Validity.Valid) {
            revert CredentialNotValid(certificateId, validity);
        }
        if (!_registry.verifyClaim(certificateId, _claimKey, _claimValue, salt, proof)) {
            revert ClaimNotProven(certificateId);
        }
    }
}
