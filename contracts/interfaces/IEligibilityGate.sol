// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ICertificateRegistry} from "./ICertificateRegistry.sol";

/// @title Eligibility gate: a verifier that admits holders of a valid credential with one claim
/// @notice A programme (청년수당, a 주민감사청구 petition) fixes a credential type and one claim
/// (`claimKey`, `claimValue`, e.g. "resident of Seoul, aged 19-34"). A holder is admitted by
/// disclosing that claim of a certificate of that type, with its salt and Merkle proof, while
/// the registry answers the certificate valid. The other claims stay undisclosed. Each
/// certificate is admitted once, and only its holder can use it.
interface IEligibilityGate {
    // ---------------------------------------------------------------- errors

    /// @notice The registry address given to the constructor was zero.
    error InvalidRegistry();
    /// @notice `account` is not the holder of certificate `certificateId`.
    error NotCertificateHolder(uint256 certificateId, address account);
    /// @notice Certificate `certificateId` is of type `typeId`, not the gate's type.
    error WrongCredentialType(uint256 certificateId, uint16 typeId);
    /// @notice Certificate `certificateId` is not valid: the registry says `validity`.
    error CredentialNotValid(uint256 certificateId, ICertificateRegistry.Validity validity);
    /// @notice The disclosed salt and proof do not show the gate's claim in certificate
    /// `certificateId`.
    error ClaimNotProven(uint256 certificateId);
    /// @notice Certificate `certificateId` was admitted already.
    error AlreadyAdmitted(uint256 certificateId);

    // ---------------------------------------------------------------- events

    /// @notice `holder` was admitted on certificate `certificateId`.
    event Admitted(uint256 indexed certificateId, address indexed holder);

    // ---------------------------------------------------------------- functions

    /// @notice Admit the caller on certificate `certificateId`, disclosing the gate's claim.
    /// @param certificateId the caller's certificate
    /// @param salt the claim's salt
    /// @param proof sibling hashes from the claim's leaf up
    function admit(uint256 certificateId, bytes32 salt, bytes32[] calldata proof) external;

    /// @notice Whether `account` would be admitted now on `certificateId` with this disclosure
    /// (ignoring an earlier admission).
    /// @param account the would-be holder
    /// @param certificateId the certificate
    /// @param salt the claim's salt
    /// @param proof sibling hashes from the claim's leaf up
    function isEligible(
        address account,
        uint256 certificateId,
        bytes32 salt,
        bytes32[] calldata proof
    ) external view returns (bool);

    /// @notice The registry the gate asks.
    function registry() external view returns (ICertificateRegistry);

    /// @notice The credential type the gate accepts.
    function credentialTypeId() external view returns (uint16);

    /// @notice The name hash of the claim the gate needs.
    function claimKey() external view returns (bytes32);

    /// @notice The value the claim must have.
    function claimValue() external view returns (bytes32);

    /// @notice Whether certificate `certificateId` was admitted.
    /// @param certificateId the certificate
    function admitted(uint256 certificateId) external view returns (bool);
}
