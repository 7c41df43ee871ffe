// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Certificate registry: appointment certificates and paperless credential checks
/// @notice Departments and district offices (ISSUER_ROLE) issue certificates of the credential
/// types the admin permits each of them: appointment certificates (위촉장), eligibility
/// credentials (청년수당, 주민감사청구), forgery-proof online certificates. A certificate holds a
/// Merkle root over its claims; every claim is a salted hash, so no personal data reaches the
/// chain. Its holder accepts it (directly or by a relayed EIP-712 signature), may refuse it
/// or hide it; its issuer suspends, reinstates, revokes with a reason code, or re-issues it as
/// a new certificate that points at the one it replaces. Nothing is overwritten.
///
/// Validity rule ({validityOf}, {isValid}), first match wins: unknown id -> `Unknown`;
/// revoked -> `Revoked`; replaced by a re-issue -> `Replaced`; suspended -> `Suspended`;
/// `block.timestamp >= expiresAt` (when `expiresAt != 0`) -> `Expired`; refused by the
/// holder -> `Refused`; hidden by the holder -> `Hidden`; not yet accepted while its type
/// requires acceptance -> `NotAccepted`; else `Valid`.
///
/// Issuer rule: an issuer's role and type permission are checked when it issues, suspends,
/// reinstates, revokes or re-issues. Withdrawing the role or the permission later stops all of
/// those from that moment, and leaves the certificates it issued while permitted valid: they
/// were lawfully issued, and a department that is reorganised must not void its appointees'
/// certificates. To void them (a compromised issuer key), an issuer still permitted for the
/// type revokes them with reason `IssuerCompromised` ({revokeBatch}); every certificate's
/// issuer is in its `CertificateIssued` event.
///
/// Claims: a leaf is `keccak256(bytes.concat(keccak256(abi.encode(key, value, salt))))`
/// (OpenZeppelin StandardMerkleTree encoding of `(bytes32, bytes32, bytes32)`; the double hash
/// keeps a leaf from equalling an inner node), pairs hashed sorted. `key` names the claim
/// (`keccak256("age_band")`), `value` is the claim's value or its hash, `salt` is 32 random
/// bytes per claim, so a small domain (birth years, districts) cannot be guessed from the root.
/// Disclosing one claim reveals its key, value, salt and sibling hashes, nothing of the others.
///
/// Consent signatures: EIP-712 `Consent(uint256 certificateId,uint8 decision,uint256 nonce,
/// uint256 deadline)` in this contract's domain, signed by the holder; `nonce` is the holder's
/// next nonce ({nonces}), so each signature is used once. A contract holder (ERC-1271 wallet)
/// is asked with at most WALLET_GAS_LIMIT gas; a wallet that reverts, runs out of that gas or
/// returns anything but the magic value rejects the signature.
interface ICertificateRegistry {
    // ---------------------------------------------------------------- types

    /// @notice What the issuer side may do to certificates of a type after issuance.
    enum RevocationPolicy {
        /// Certificates can neither be revoked nor suspended.
        Irrevocable,
        /// Certificates can be revoked, not suspended.
        RevocableOnly,
        /// Certificates can be revoked, suspended and reinstated.
        RevocableAndSuspendable
    }

    /// @notice A certificate's status on the issuer side.
    enum CertificateStatus {
        None,
        Active,
        Suspended,
        Revoked,
        Replaced
    }

    /// @notice The holder's answer to a certificate.
    enum Consent {
        /// Not answered yet (the initial state).
        Pending,
        /// Accepted by the holder.
        Accepted,
        /// Refused by the holder (final).
        Refused,
        /// Accepted, then hidden by the holder; `Accepted` again shows it.
        Hidden
    }

    /// @notice The answer of {validityOf}; `Valid` is the only accepting one.
    enum Validity {
        Valid,
        Unknown,
        Revoked,
        Replaced,
        Suspended,
        Expired,
        Refused,
        Hidden,
        NotAccepted
    }

    /// @notice Why a certificate was revoked or suspended.
    enum Reason {
        Unspecified,
        IssuedInError,
        TermEnded,
        Misconduct,
        EligibilityLost,
        HolderRequest,
        IssuerCompromised
    }

    /// @notice A credential type, defined by the admin and fixed from then on.
    /// @param schemaHash hash of the off-chain schema listing the type's claims
    /// @param maxValidity longest validity in seconds from issuance; 0 means no limit
    /// @param policy what may happen to a certificate of the type after issuance
    /// @param acceptanceRequired whether a certificate is valid only once its holder accepted it
    struct CredentialType {
        bytes32 schemaHash;
        uint32 maxValidity;
        RevocationPolicy policy;
        bool acceptanceRequired;
    }

    /// @notice One certificate to issue.
    /// @param holder the holder's address (an EOA or an ERC-1271 wallet)
    /// @param expiresAt expiry (unix seconds); 0 means none, allowed only if the type has no limit
    /// @param claimsRoot Merkle root over the certificate's salted claims
    /// @param documentHash hash of the certificate document (the PDF), kept in the event only
    struct CertificateInput {
        address holder;
        uint32 expiresAt;
        bytes32 claimsRoot;
        bytes32 documentHash;
    }

    /// @notice A certificate as {certificate} returns it.
    struct CertificateView {
        address holder;
        uint16 typeId;
        uint32 issuedAt;
        uint32 expiresAt;
        CertificateStatus status;
        Consent consent;
        bytes32 claimsRoot;
        uint256 replaces;
        uint256 replacedBy;
    }

    // ---------------------------------------------------------------- errors

    /// @notice The constructor's `admin` was the zero address.
    error InvalidAdmin();
    /// @notice A credential type's schema hash was zero.
    error EmptySchemaHash();
    /// @notice No credential type `typeId` is defined.
    error UnknownType(uint16 typeId);
    /// @notice All 65,535 credential type ids are used.
    error TooManyTypes();
    /// @notice `issuer` holds no permission for type `typeId` (or lost its ISSUER_ROLE).
    error IssuerNotPermitted(address issuer, uint16 typeId);
    /// @notice `issuer`'s permission for `typeId` is `allowed` already.
    error PermissionUnchanged(address issuer, uint16 typeId, bool allowed);
    /// @notice A batch had `count` certificates; it must have 1 to `max`.
    error InvalidBatchSize(uint256 count, uint256 max);
    /// @notice The certificate at `index` of the call had the zero address as holder.
    error ZeroHolder(uint256 index);
    /// @notice The certificate at `index` of the call had a zero claims root.
    error EmptyClaimsRoot(uint256 index);
    /// @notice The certificate at `index` expires at `expiresAt`; it must be after now and not
    /// after `latest` (0 = no limit, and then 0 is allowed as "never").
    error InvalidExpiry(uint256 index, uint32 expiresAt, uint256 latest);
    /// @notice No certificate `certificateId` exists.
    error UnknownCertificate(uint256 certificateId);
    /// @notice Certificate `certificateId` is `status`; the action needs an active one (revoke
    /// and re-issue also accept a suspended one).
    error CertificateNotActive(uint256 certificateId, CertificateStatus status);
    /// @notice Certificate `certificateId` is `status`, not suspended.
    error CertificateNotSuspended(uint256 certificateId, CertificateStatus status);
    /// @notice Type `typeId`'s policy `policy` does not allow revocation.
    error RevocationNotAllowed(uint16 typeId, RevocationPolicy policy);
    /// @notice Type `typeId`'s policy `policy` does not allow suspension.
    error SuspensionNotAllowed(uint16 typeId, RevocationPolicy policy);
    /// @notice A revocation or suspension gave reason `Unspecified`.
    error ReasonRequired(uint256 certificateId);
    /// @notice `account` is not the holder of certificate `certificateId`.
    error NotHolder(uint256 certificateId, address account);
    /// @notice The holder's answer cannot go from `current` to `requested`.
    error ConsentChangeNotAllowed(uint256 certificateId, Consent current, Consent requested);
    /// @notice The consent signature for `certificateId` expired at `deadline`.
    error ConsentSignatureExpired(uint256 certificateId, uint256 deadline);
    /// @notice The consent signature for `certificateId` is not `holder`'s (or not for its
    /// current nonce).
    error InvalidConsentSignature(uint256 certificateId, address holder);

    // ---------------------------------------------------------------- events

    /// @notice The admin defined credential type `typeId`.
    event TypeDefined(
        uint16 indexed typeId,
        bytes32 schemaHash,
        uint32 maxValidity,
        RevocationPolicy policy,
        bool acceptanceRequired,
        address indexed admin
    );
    /// @notice The admin set whether `issuer` may issue (and manage) certificates of `typeId`.
    event IssuerPermissionSet(
        address indexed issuer,
        uint16 indexed typeId,
        bool allowed,
        address indexed admin
    );
    /// @notice `issuer` issued certificate `certificateId` of `typeId` to `holder` at
    /// `issuedAt`, valid until `expiresAt` (0: no expiry), with its claims root and the hash of
    /// its document.
    event CertificateIssued(
        uint256 indexed certificateId,
        uint16 indexed typeId,
        address indexed holder,
        address issuer,
        uint32 issuedAt,
        uint32 expiresAt,
        bytes32 claimsRoot,
        bytes32 documentHash
    );
    /// @notice Certificate `certificateId` was suspended by `issuer` for `reason`.
    event CertificateSuspended(
        uint256 indexed certificateId,
        Reason reason,
        address indexed issuer
    );
    /// @notice Certificate `certificateId` was reinstated by `issuer`.
    event CertificateReinstated(uint256 indexed certificateId, address indexed issuer);
    /// @notice Certificate `certificateId` was revoked by `issuer` for `reason`.
    event CertificateRevoked(uint256 indexed certificateId, Reason reason, address indexed issuer);
    /// @notice Certificate `oldId` was replaced by the newly issued `newId` (issued by `issuer`;
    /// its `CertificateIssued` event comes just before).
    event CertificateReplaced(uint256 indexed oldId, uint256 indexed newId, address indexed issuer);
    /// @notice The holder of `certificateId` changed its answer from `previous` to `current`,
    /// itself (`relayed` false) or by a signature that used nonce `nonce` (`relayed` true).
    event ConsentChanged(
        uint256 indexed certificateId,
        address indexed holder,
        Consent previous,
        Consent current,
        bool relayed,
        uint256 nonce
    );

    // ---------------------------------------------------------------- admin

    /// @notice Define a credential type (admin only); its rules never change afterwards.
    /// @param schemaHash hash of the off-chain schema (non-zero)
    /// @param maxValidity longest validity in seconds from issuance; 0 means no limit
    /// @param policy revocation policy of its certificates
    /// @param acceptanceRequired whether certificates are valid only once accepted
    /// @return typeId the new type's id (types are numbered from 1)
    function defineType(
        bytes32 schemaHash,
        uint32 maxValidity,
        RevocationPolicy policy,
        bool acceptanceRequired
    ) external returns (uint16 typeId);

    /// @notice Allow or withdraw `issuer`'s right to issue and manage certificates of
    /// `typeId` (admin only). The issuer also needs ISSUER_ROLE. Withdrawal stops future
    /// actions only; see the issuer rule above.
    /// @param issuer the department or district office
    /// @param typeId the credential type
    /// @param allowed the new permission
    function setIssuerPermission(address issuer, uint16 typeId, bool allowed) external;

    // ---------------------------------------------------------------- issuers

    /// @notice Issue one certificate of `typeId` (permitted issuers only).
    /// @param typeId the credential type
    /// @param input holder, expiry, claims root and document hash
    /// @return certificateId the new certificate's id (ids are numbered from 1)
    function issue(
        uint16 typeId,
        CertificateInput calldata input
    ) external returns (uint256 certificateId);

    /// @notice Issue certificates of `typeId` to many holders at once, all or nothing
    /// (permitted issuers only); ids are consecutive.
    /// @param typeId the credential type
    /// @param inputs one entry per certificate (1 to MAX_BATCH)
    /// @return firstId the id of the first certificate of the batch
    function issueBatch(
        uint16 typeId,
        CertificateInput[] calldata inputs
    ) external returns (uint256 firstId);

    /// @notice Suspend an active certificate (a permitted issuer of its type; the type's
    /// policy must allow suspension).
    /// @param certificateId the certificate
    /// @param reason why (not `Unspecified`)
    function suspend(uint256 certificateId, Reason reason) external;

    /// @notice Reinstate a suspended certificate (a permitted issuer of its type).
    /// @param certificateId the certificate
    function reinstate(uint256 certificateId) external;

    /// @notice Revoke an active or suspended certificate for good (a permitted issuer of its
    /// type; the type's policy must allow revocation).
    /// @param certificateId the certificate
    /// @param reason why (not `Unspecified`)
    function revoke(uint256 certificateId, Reason reason) external;

    /// @notice {revoke} for many certificates with one reason, all or nothing (e.g. every
    /// certificate of a compromised issuer, listed from its `CertificateIssued` events).
    /// @param certificateIds the certificates (1 to MAX_BATCH)
    /// @param reason why (not `Unspecified`)
    function revokeBatch(uint256[] calldata certificateIds, Reason reason) external;

    /// @notice Replace an active or suspended certificate by a new one of the same type (a
    /// permitted issuer of its type): corrected claims, an extended term, a new holder
    /// address. The old one becomes `Replaced` and points at the new one, which points back;
    /// the new one starts unanswered by its holder.
    /// @param oldId the certificate replaced
    /// @param input the new certificate
    /// @return newId the new certificate's id
    function reissue(
        uint256 oldId,
        CertificateInput calldata input
    ) external returns (uint256 newId);

    // ---------------------------------------------------------------- holders

    /// @notice The holder answers its certificate: `Accepted` (from `Pending` or `Hidden`),
    /// `Refused` (from `Pending`) or `Hidden` (from `Accepted`).
    /// @param certificateId the certificate
    /// @param decision the new answer
    function setConsent(uint256 certificateId, Consent decision) external;

    /// @notice {setConsent} by the holder's EIP-712 signature, sent by anyone (a relayer pays
    /// the gas); uses the holder's current nonce.
    /// @param certificateId the certificate
    /// @param decision the new answer
    /// @param deadline last second the signature may be used
    /// @param signature 65-byte ECDSA signature, or what the holder's ERC-1271 wallet accepts
    function setConsentBySig(
        uint256 certificateId,
        Consent decision,
        uint256 deadline,
        bytes calldata signature
    ) external;

    // ---------------------------------------------------------------- views

    /// @notice Role of departments and district offices that issue certificates.
    function ISSUER_ROLE() external view returns (bytes32);

    /// @notice Most certificates one {issueBatch} may issue.
    function MAX_BATCH() external view returns (uint256);

    /// @notice Gas given to a holder's ERC-1271 wallet to check a consent signature.
    function WALLET_GAS_LIMIT() external view returns (uint256);

    /// @notice EIP-712 type hash of a consent signature.
    function CONSENT_TYPEHASH() external view returns (bytes32);

    /// @notice Whether certificate `certificateId` is valid now (see the validity rule).
    /// @param certificateId the certificate
    function isValid(uint256 certificateId) external view returns (bool);

    /// @notice Why certificate `certificateId` is or is not valid now.
    /// @param certificateId the certificate
    function validityOf(uint256 certificateId) external view returns (Validity);

    /// @notice Whether the claim `(key, value, salt)` is in certificate `certificateId`'s
    /// claims root (whatever the certificate's validity).
    /// @param certificateId the certificate
    /// @param key the claim's name hash
    /// @param value the claim's value (or its hash)
    /// @param salt the claim's salt
    /// @param proof sibling hashes from the leaf up
    function verifyClaim(
        uint256 certificateId,
        bytes32 key,
        bytes32 value,
        bytes32 salt,
        bytes32[] calldata proof
    ) external view returns (bool);

    /// @notice {isValid} and {verifyClaim} together: the credential is valid now and holds the
    /// disclosed claim.
    /// @param certificateId the certificate
    /// @param key the claim's name hash
    /// @param value the claim's value (or its hash)
    /// @param salt the claim's salt
    /// @param proof sibling hashes from the leaf up
    function isValidWithClaim(
        uint256 certificateId,
        bytes32 key,
        bytes32 value,
        bytes32 salt,
        bytes32[] calldata proof
    ) external view returns (bool);

    /// @notice Certificate `certificateId` (all zero for an unknown id).
    /// @param certificateId the certificate
    function certificate(uint256 certificateId) external view returns (CertificateView memory);

    /// @notice Holder of certificate `certificateId` (zero for an unknown id).
    /// @param certificateId the certificate
    function holderOf(uint256 certificateId) external view returns (address);

    /// @notice Type of certificate `certificateId` (0 for an unknown id).
    /// @param certificateId the certificate
    function typeOf(uint256 certificateId) external view returns (uint16);

    /// @notice Credential type `typeId` (all zero for an unknown id).
    /// @param typeId the credential type
    function credentialType(uint16 typeId) external view returns (CredentialType memory);

    /// @notice Number of credential types defined (the last type id).
    function typeCount() external view returns (uint16);

    /// @notice Number of certificates issued (the last certificate id).
    function certificateCount() external view returns (uint256);

    /// @notice Whether `issuer` may issue certificates of `typeId` now (role and permission).
    /// @param issuer the department or district office
    /// @param typeId the credential type
    function isPermitted(address issuer, uint16 typeId) external view returns (bool);

    /// @notice The nonce the holder's next consent signature must use.
    /// @param owner the holder
    function nonces(address owner) external view returns (uint256);

    /// @notice The EIP-712 digest a holder signs for {setConsentBySig}.
    /// @param certificateId the certificate
    /// @param decision the new answer
    /// @param nonce the holder's nonce the signature uses
    /// @param deadline last second the signature may be used
    function consentDigest(
        uint256 certificateId,
        Consent decision,
        uint256 nonce,
        uint256 deadline
    ) external view returns (bytes32);
}
