// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title NW local currency (Nowon-style civic token)
/// @notice Residents earn NW for verified volunteer work and spend it at registered
/// local shops; shops redeem NW for won. 1 NW = 1 KRW, so the token has 0 decimals.
/// @dev Personal data never reaches the chain: volunteer records, business
/// registrations and settlements are referenced by hashes only.
///
/// Merchants are vouched for by the merchant manager (MERCHANT_MANAGER_ROLE), who checks
/// the business registration off chain. A business-registration hash belongs to one
/// merchant account at a time: a second registration under it reverts
/// `BusinessRegistrationClaimed`; {moveMerchant} is the way to give it a new account.
///
/// Order of checks: a merchant call names the state of the accounts or hash it targets
/// first, then the caller's role, then the remaining arguments; each function lists its
/// reverts in that order.
///
/// Signed payments (pay by QR at the counter, no gas for the resident): the resident signs
/// an EIP-712 `PaymentAuthorization(address payer,address payee,uint256 amount,uint256
/// validAfter,uint256 validBefore,bytes32 nonce,bytes32 orderRef)`, in the style of EIP-3009 `receiveWithAuthorization`; only the named payee can
/// submit it (`msg.sender == payee`), so nobody can front-run it into another payment. The
/// shop's terminal submits one ({receiveWithAuthorization}, reverts with the specific error)
/// or many ({receiveBatchWithAuthorization}, items in the `CompactPayment` encoding: the
/// same signed message, six fixed words each). A batch reverts as a whole only when paused or
/// empty, or when too little gas is left to ask a wallet (`GasTooLowForWalletCheck`); any
/// other bad item is skipped, never silently: it emits `PaymentAuthorizationRejected` with
/// its `PaymentRejection` reason, which is also returned at its position.
///
/// Item checks, in this order, everything without an external call first: validity window
/// (`block.timestamp` must be after `validAfter` and before `validBefore`), nonce unused,
/// amount not zero, spending policy, balance, and only then the signature: an ECDSA signature
/// by the payer's key or an ERC-1271 approval by the payer's contract, asked with exactly
/// `SignerCheck.ERC1271_GAS` gas (a hostile wallet can waste at most that much per item).
/// A batch item's signature is EIP-2098 compact (64 bytes, `r` and `vs`); it is checked with
/// the ecrecover precompile under OpenZeppelin ECDSA's rules (an `s` above n/2 or a recovered
/// zero address is no ECDSA signature), and a payer with code is asked by ERC-1271 with the
/// 64 bytes `r ‖ vs` as its signature, with the same bounded gas (a wallet that accepts
/// only other signature formats, such as a Safe's 65-byte owner signatures, pays through
/// {receiveWithAuthorization}).
///
/// Nonces are the payer's own 32-byte values, unordered as in EIP-3009 and stored as a bitmap
/// (Permit2-style: word `uint256(nonce) >> 8`, bit `uint256(nonce) & 255`), in storage of their own: they never
/// collide with ERC-2612 permit's sequential `nonces(owner)`. A wallet that draws a random
/// 248-bit word once and counts the low byte up pays for a fresh storage word once per 256
/// payments; {cancelAuthorization} burns a nonce before it is used.
///
/// Gas floor of a batch item (a payer who paid before, so its balance and nonce word are
/// cold but non-zero; the shop's balance warm): its calldata, 192 bytes (six words), ~2,500
/// (16 per non-zero, 4 per zero byte); ecrecover 3,000; the payer's balance 2,100 + 2,900;
/// the nonce word 2,100 + 2,900 (a word's first bit: 22,100 instead); the Transfer and
/// AuthorizationUsed logs 1,756 each; 1/50 of the 21,000 base in a batch of 50: about
/// 19,500 gas, 0.57x a Solady transfer to an existing holder (33,983). A fresh random nonce
/// per payment would add 17,100 more: hence the bitmap.
///
/// Service accounts are contracts the admin names (escrows such as the vehicle registry's
/// sale escrow, the subcontract escrow, the labor registry's wage payments): under the
/// merchant-only policy they may receive NW from anyone and pay anyone, and a `transferFrom`
/// they spend as is exempt too (how a wage moves from an employer to a worker). The list is
/// locked by {seal} like the policy.
interface INWToken {
    /// @notice Where residents may send NW.
    enum SpendingPolicy {
        /// Non-merchants may pay only active merchants (the default).
        MerchantsOnly,
        /// Anyone may pay anyone.
        Open
    }

    /// @notice Lifecycle of a merchant registration.
    enum MerchantStatus {
        Unregistered,
        Active,
        Suspended
    }

    /// @notice An issuer's budget for the current period.
    struct IssuerBudget {
        uint128 limit;
        uint96 used;
        uint32 period;
    }

    /// @notice A registered merchant.
    struct Merchant {
        MerchantStatus status;
        bytes32 businessRegistrationHash;
    }

    /// @notice Why an item of a signed-payment batch was skipped.
    enum PaymentRejection {
        /// Settled.
        None,
        /// `block.timestamp <= validAfter`.
        NotYetValid,
        /// `block.timestamp >= validBefore`.
        Expired,
        /// The payer's nonce was used or cancelled.
        AuthorizationUsed,
        /// The amount is zero.
        ZeroAmount,
        /// The spending policy forbids the payment (e.g. the payee is not an active merchant).
        PolicyViolation,
        /// The payer holds less than the amount.
        InsufficientBalance,
        /// The signature is not the payer's.
        InvalidSignature
    }

    /// @notice A resident's signed payment, as a shop's terminal submits it. The payee is
    /// the submitter (`msg.sender`) and is part of the signed message.
    struct PaymentAuthorization {
        address payer;
        uint256 amount;
        uint256 validAfter;
        uint256 validBefore;
        bytes32 nonce;
        bytes32 orderRef;
        bytes signature;
    }

    /// @notice A signed payment as a batch item: the `PaymentAuthorization` message the payer
    /// signed (payee: the submitter), in six fixed 32-byte words.
    /// @dev `terms` packs `amount << 128 | validAfter << 64 | validBefore` (amount below
    /// 2^128, times below 2^64); a payment with a larger amount or time goes through
    /// {receiveWithAuthorization}. `r` and `vs` are the EIP-2098 compact signature: `vs` holds
    /// `v - 27` in its top bit and `s` below it.
    struct CompactPayment {
        address payer;
        uint256 terms;
        bytes32 nonce;
        bytes32 orderRef;
        bytes32 r;
        bytes32 vs;
    }

    // ---------------------------------------------------------------- errors

    /// @notice An address argument was the zero address.
    error ZeroAddress();
    /// @notice An amount argument was zero.
    error ZeroAmount();
    /// @notice A reference hash (activity, business registration, settlement) was zero.
    error EmptyReference();
    /// @notice Issuing `requested` would exceed `issuer`'s remaining budget in `period`.
    error IssuerBudgetExceeded(address issuer, uint32 period, uint256 requested, uint256 remaining);
    /// @notice The budget limit does not fit the budget record.
    error BudgetTooLarge(uint256 limit);
    /// @notice The volunteer activity `activityRef` was rewarded already.
    error ActivityAlreadyRewarded(bytes32 activityRef);
    /// @notice Batch arrays had different lengths.
    error BatchLengthMismatch(
        uint256 recipients,
        uint256 amounts,
        uint256 activityRefs,
        uint256 volunteerMinutes
    );
    /// @notice `merchant` is registered already (active or suspended).
    error MerchantAlreadyRegistered(address merchant);
    /// @notice `account` is not an active merchant.
    error MerchantNotActive(address account);
    /// @notice `merchant` is not suspended.
    error MerchantNotSuspended(address merchant);
    /// @notice `account` holds no merchant registration (active or suspended).
    error MerchantNotRegistered(address account);
    /// @notice `businessRegistrationHash` belongs to `merchant` already (see {moveMerchant}).
    error BusinessRegistrationClaimed(bytes32 businessRegistrationHash, address merchant);
    /// @notice Under the merchant-only policy `from` (not a merchant) tried to pay `to` (not an active merchant).
    error SpendingPolicyViolation(address from, address to);
    /// @notice The spending policy is `policy` already.
    error SpendingPolicyUnchanged(SpendingPolicy policy);
    /// @notice Policy settings were sealed for good.
    error PolicyAlreadySealed();
    /// @notice The settlement reference was used by an earlier redemption.
    error SettlementReferenceUsed(bytes32 settlementRef);
    /// @notice `payer`'s authorization `nonce` is valid only after `validAfter`.
    error AuthorizationNotYetValid(address payer, bytes32 nonce, uint256 validAfter);
    /// @notice `payer`'s authorization `nonce` expired at `validBefore`.
    error AuthorizationExpired(address payer, bytes32 nonce, uint256 validBefore);
    /// @notice `payer`'s authorization `nonce` was used or cancelled already.
    error AuthorizationAlreadyUsed(address payer, bytes32 nonce);
    /// @notice The signature is not `signer`'s for its authorization `nonce`.
    error InvalidAuthorizationSignature(address signer, bytes32 nonce);
    /// @notice A signed-payment batch held no item.
    error EmptyBatch();
    /// @notice `account` has no code: only contracts can be service accounts.
    error ServiceAccountNotContract(address account);
    /// @notice `account` is a service account already.
    error ServiceAccountAlreadyAdded(address account);
    /// @notice `account` is not a service account.
    error NotServiceAccount(address account);

    // ---------------------------------------------------------------- events

    /// @notice `issuer` minted `amount` NW to `resident` for the volunteer record `activityRef`
    /// (hash of the off-chain record) covering `volunteerMinutes`, counted against `period`'s budget.
    event Issued(
        address indexed issuer,
        address indexed resident,
        uint256 amount,
        bytes32 indexed activityRef,
        uint32 volunteerMinutes,
        uint32 period
    );
    /// @notice The admin set `issuer`'s budget per period to `limit`.
    event IssuerBudgetSet(address indexed issuer, uint256 limit, address indexed admin);
    /// @notice `merchant` was registered with the hash of its business registration.
    event MerchantRegistered(
        address indexed merchant,
        bytes32 businessRegistrationHash,
        address indexed manager
    );
    /// @notice The registration of `from` (status and business-registration hash) moved to
    /// `to`; `from` is unregistered from now on.
    event MerchantMoved(
        address indexed from,
        address indexed to,
        bytes32 businessRegistrationHash,
        address indexed manager
    );
    /// @notice `merchant` was suspended: it cannot receive resident payments or redeem.
    event MerchantSuspended(address indexed merchant, address indexed manager);
    /// @notice `merchant` was reinstated.
    event MerchantReinstated(address indexed merchant, address indexed manager);
    /// @notice The spending policy changed.
    event SpendingPolicyChanged(
        SpendingPolicy previous,
        SpendingPolicy current,
        address indexed admin
    );
    /// @notice Policy settings were sealed; no policy change is possible from now on.
    event PolicySealed(address indexed admin);
    /// @notice `merchant` burned `amount` NW for a won payout. `redemptionId` numbers
    /// redemptions from 1 without gaps; `settlementRef` is the hash of the payout
    /// instruction and `businessRegistrationHash` the payee's registration, so a city
    /// auditor can reconcile every won transfer with exactly one burn.
    event Redeemed(
        uint256 indexed redemptionId,
        address indexed merchant,
        uint256 amount,
        bytes32 indexed settlementRef,
        bytes32 businessRegistrationHash
    );

    /// @notice `payer`'s signed payment `nonce` was settled to the payee of the Transfer
    /// event just before; `orderRef` is the hash of the shop's order.
    event AuthorizationUsed(address indexed payer, bytes32 indexed nonce, bytes32 orderRef);
    /// @notice `payer` cancelled its authorization `nonce` before it was used.
    event AuthorizationCanceled(address indexed payer, bytes32 indexed nonce);
    /// @notice Item `index` of `payee`'s batch (payer `payer`, nonce `nonce`) was skipped.
    event PaymentAuthorizationRejected(
        address indexed payee,
        address indexed payer,
        bytes32 nonce,
        uint256 index,
        PaymentRejection reason
    );
    /// @notice The admin named `account` a service account.
    event ServiceAccountAdded(address indexed account, address indexed admin);
    /// @notice The admin removed `account` from the service accounts.
    event ServiceAccountRemoved(address indexed account, address indexed admin);

    // ---------------------------------------------------------------- issuing

    /// @notice Mint `amount` NW to `resident` for a verified volunteer record.
    /// @dev Caller needs ISSUER_ROLE; the amount counts against the caller's budget for
    /// the current period; each `activityRef` can be rewarded once.
    function issue(
        address resident,
        uint256 amount,
        bytes32 activityRef,
        uint32 volunteerMinutes
    ) external;

    /// @notice `issue` for many records at once; all or nothing.
    function issueBatch(
        address[] calldata residents,
        uint256[] calldata amounts,
        bytes32[] calldata activityRefs,
        uint32[] calldata volunteerMinutes
    ) external;

    /// @notice Set `issuer`'s budget per period (admin only). Takes effect at once; what
    /// the issuer used in the current period still counts.
    function setIssuerBudget(address issuer, uint256 limit) external;

    // ---------------------------------------------------------------- merchants

    /// @notice Register `merchant` (merchant manager only) under a business-registration
    /// hash no other merchant account holds.
    /// @dev Reverts, in this order: MerchantAlreadyRegistered, BusinessRegistrationClaimed
    /// (with the holder), AccessControlUnauthorizedAccount, ZeroAddress, EmptyReference.
    function registerMerchant(address merchantAccount, bytes32 businessRegistrationHash) external;

    /// @notice Move the registration of `from` (its status, active or suspended, and its
    /// business-registration hash) to the unregistered account `to`, e.g. when a shop
    /// changes wallets (merchant manager only). `from` becomes unregistered and keeps its
    /// balance; `to` holds the hash from now on.
    /// @dev Reverts, in this order: MerchantNotRegistered(from),
    /// MerchantAlreadyRegistered(to), AccessControlUnauthorizedAccount, ZeroAddress.
    function moveMerchant(address from, address to) external;

    /// @notice Suspend an active merchant (merchant manager only).
    /// @dev Reverts, in this order: MerchantNotActive, AccessControlUnauthorizedAccount.
    function suspendMerchant(address merchantAccount) external;

    /// @notice Reinstate a suspended merchant (merchant manager only).
    /// @dev Reverts, in this order: MerchantNotSuspended, AccessControlUnauthorizedAccount.
    function reinstateMerchant(address merchantAccount) external;

    /// @notice Burn `amount` of the caller's NW for a won payout (active merchants only).
    /// @return redemptionId The number of this redemption.
    function redeem(uint256 amount, bytes32 settlementRef) external returns (uint256 redemptionId);

    // ---------------------------------------------------------------- signed payments

    /// @notice Settle one signed payment to the caller, who must be its payee.
    /// @dev Reverts: EnforcedPause, then in the order of the item checks (see above)
    /// AuthorizationNotYetValid, AuthorizationExpired, AuthorizationAlreadyUsed, ZeroAmount,
    /// SpendingPolicyViolation, ERC20InsufficientBalance, GasTooLowForWalletCheck,
    /// InvalidAuthorizationSignature.
    function receiveWithAuthorization(PaymentAuthorization calldata auth) external;

    /// @notice Settle many signed payments to the caller (a shop's terminal), each in the
    /// `CompactPayment` encoding. Bad items are skipped with a `PaymentAuthorizationRejected`
    /// event; the returned array holds each item's `PaymentRejection` (`None`: settled).
    /// @dev The pause and the caller's standing (merchant record, policy, service account)
    /// are read once per batch. Reverts: EnforcedPause, EmptyBatch,
    /// GasTooLowForWalletCheck.
    function receiveBatchWithAuthorization(
        CompactPayment[] calldata payments
    ) external returns (PaymentRejection[] memory results);

    /// @notice Burn `authorizer`'s unused nonce so that no authorization carrying it can
    /// settle. The authorizer calls it, or anyone relays its EIP-712
    /// `CancelAuthorization(address authorizer,bytes32 nonce)` signature (ERC-1271 allowed).
    /// @dev Reverts: AuthorizationAlreadyUsed, GasTooLowForWalletCheck,
    /// InvalidAuthorizationSignature.
    function cancelAuthorization(
        address authorizer,
        bytes32 nonce,
        bytes calldata signature
    ) external;

    /// @notice Whether `authorizer`'s `nonce` was used or cancelled.
    function authorizationState(address authorizer, bytes32 nonce) external view returns (bool);

    /// @notice The bitmap word `wordIndex` of `authorizer`'s used nonces (bit `uint256(nonce) & 255`
    /// of word `uint256(nonce) >> 8`), for wallets that pick the next free nonce.
    function nonceBitmap(address authorizer, uint256 wordIndex) external view returns (uint256);

    /// @notice The EIP-712 digest a payer signs for a payment to `payee`.
    function paymentDigest(
        address payee,
        PaymentAuthorization calldata auth
    ) external view returns (bytes32);

    // ---------------------------------------------------------------- service accounts

    /// @notice Name the contract `account` a service account (admin only, until sealed).
    /// @dev Reverts, in this order: AccessControlUnauthorizedAccount, PolicyAlreadySealed,
    /// ServiceAccountAlreadyAdded, ServiceAccountNotContract.
    function addServiceAccount(address account) external;

    /// @notice Remove `account` from the service accounts (admin only, until sealed).
    /// @dev The NW it holds stays; under the merchant-only policy it can then pay only
    /// active merchants. Reverts, in this order: AccessControlUnauthorizedAccount, PolicyAlreadySealed,
    /// NotServiceAccount.
    function removeServiceAccount(address account) external;

    /// @notice Whether `account` is a service account.
    function isServiceAccount(address account) external view returns (bool);

    // ---------------------------------------------------------------- policy

    /// @notice Change the spending policy (admin only, until sealed).
    function setSpendingPolicy(SpendingPolicy policy) external;

    /// @notice Lock the policy settings and the service accounts for good (admin only,
    /// irreversible).
    function seal() external;

    /// @notice Stop every transfer, issue and redemption (pauser only).
    function pause() external;

    /// @notice Resume after a pause (pauser only).
    function unpause() external;

    // ---------------------------------------------------------------- views

    /// @notice Role of volunteer centres that issue NW.
    function ISSUER_ROLE() external view returns (bytes32);

    /// @notice Role that registers, suspends and reinstates merchants.
    function MERCHANT_MANAGER_ROLE() external view returns (bytes32);

    /// @notice Role that pauses and unpauses in an emergency.
    function PAUSER_ROLE() external view returns (bytes32);

    /// @notice Length of a budget period in seconds.
    function periodDuration() external view returns (uint256);

    /// @notice Index of the current budget period, counted from deployment.
    function currentPeriod() external view returns (uint32);

    /// @notice `issuer`'s budget record (used is for `period`).
    function issuerBudget(address issuer) external view returns (IssuerBudget memory);

    /// @notice What `issuer` may still issue in the current period.
    function remainingBudget(address issuer) external view returns (uint256);

    /// @notice Whether `activityRef` was rewarded.
    function activityRewarded(bytes32 activityRef) external view returns (bool);

    /// @notice The merchant record of `account`.
    function merchant(address account) external view returns (Merchant memory);

    /// @notice The merchant account holding `businessRegistrationHash` (zero: none).
    function merchantOfBusiness(bytes32 businessRegistrationHash) external view returns (address);

    /// @notice Whether `account` is an active merchant.
    function isActiveMerchant(address account) external view returns (bool);

    /// @notice The current spending policy.
    function spendingPolicy() external view returns (SpendingPolicy);

    /// @notice Whether policy settings are sealed.
    function isSealed() external view returns (bool);

    /// @notice All NW ever issued: `totalSupply() + totalRedeemed()`, since issuing is the
    /// only mint and redeeming the only burn (the recount checks it against the events).
    function totalIssued() external view returns (uint256);

    /// @notice All NW ever redeemed (burned).
    function totalRedeemed() external view returns (uint256);

    /// @notice Number of redemptions so far (the last redemption id).
    function redemptionCount() external view returns (uint256);

    /// @notice Whether `settlementRef` was used by a redemption.
    function settlementUsed(bytes32 settlementRef) external view returns (bool);
}
