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
/// `NWBusinessRegistrationClaimed`; {moveMerchant} is the way to give it a new account.
///
/// Order of checks: a merchant call names the state of the accounts or hash it targets
/// first, then the caller's role, then the remaining arguments; each function lists its
/// reverts in that order.
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

    // ---------------------------------------------------------------- errors

    /// @notice An address argument was the zero address.
    error NWZeroAddress();
    /// @notice An amount argument was zero.
    error NWZeroAmount();
    /// @notice A reference hash (activity, business registration, settlement) was zero.
    error NWEmptyReference();
    /// @notice Issuing `requested` would exceed `issuer`'s remaining budget in `period`.
    error NWIssuerBudgetExceeded(
        address issuer,
        uint32 period,
        uint256 requested,
        uint256 remaining
    );
    /// @notice The budget limit does not fit the budget record.
    error NWBudgetTooLarge(uint256 limit);
    /// @notice The volunteer activity `activityRef` was rewarded already.
    error NWActivityAlreadyRewarded(bytes32 activityRef);
    /// @notice Batch arrays had different lengths.
    error NWBatchLengthMismatch(
        uint256 recipients,
        uint256 amounts,
        uint256 activityRefs,
        uint256 volunteerMinutes
    );
    /// @notice `merchant` is registered already (active or suspended).
    error NWMerchantAlreadyRegistered(address merchant);
    /// @notice `account` is not an active merchant.
    error NWMerchantNotActive(address account);
    /// @notice `merchant` is not suspended.
    error NWMerchantNotSuspended(address merchant);
    /// @notice `account` holds no merchant registration (active or suspended).
    error NWMerchantNotRegistered(address account);
    /// @notice `businessRegistrationHash` belongs to `merchant` already (see {moveMerchant}).
    error NWBusinessRegistrationClaimed(bytes32 businessRegistrationHash, address merchant);
    /// @notice Under the merchant-only policy `from` (not a merchant) tried to pay `to` (not an active merchant).
    error NWSpendingPolicyViolation(address from, address to);
    /// @notice The spending policy is `policy` already.
    error NWSpendingPolicyUnchanged(SpendingPolicy policy);
    /// @notice Policy settings were sealed for good.
    error NWPolicySealed();
    /// @notice The settlement reference was used by an earlier redemption.
    error NWSettlementReferenceUsed(bytes32 settlementRef);

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
    /// @dev Reverts, in this order: NWMerchantAlreadyRegistered, NWBusinessRegistrationClaimed
    /// (with the holder), AccessControlUnauthorizedAccount, NWZeroAddress, NWEmptyReference.
    function registerMerchant(address merchantAccount, bytes32 businessRegistrationHash) external;

    /// @notice Move the registration of `from` (its status, active or suspended, and its
    /// business-registration hash) to the unregistered account `to`, e.g. when a shop
    /// changes wallets (merchant manager only). `from` becomes unregistered and keeps its
    /// balance; `to` holds the hash from now on.
    /// @dev Reverts, in this order: NWMerchantNotRegistered(from),
    /// NWMerchantAlreadyRegistered(to), AccessControlUnauthorizedAccount, NWZeroAddress.
    function moveMerchant(address from, address to) external;

    /// @notice Suspend an active merchant (merchant manager only).
    /// @dev Reverts, in this order: NWMerchantNotActive, AccessControlUnauthorizedAccount.
    function suspendMerchant(address merchantAccount) external;

    /// @notice Reinstate a suspended merchant (merchant manager only).
    /// @dev Reverts, in this order: NWMerchantNotSuspended, AccessControlUnauthorizedAccount.
    function reinstateMerchant(address merchantAccount) external;

    /// @notice Burn `amount` of the caller's NW for a won payout (active merchants only).
    /// @return redemptionId The number of this redemption.
    function redeem(uint256 amount, bytes32 settlementRef) external returns (uint256 redemptionId);

    // ---------------------------------------------------------------- policy

    /// @notice Change the spending policy (admin only, until sealed).
    function setSpendingPolicy(SpendingPolicy policy) external;

    /// @notice Lock the policy settings for good (admin only, irreversible).
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

    /// @notice All NW ever issued.
    function totalIssued() external view returns (uint256);

    /// @notice All NW ever redeemed (burned).
    function totalRedeemed() external view returns (uint256);

    /// @notice Number of redemptions so far (the last redemption id).
    function redemptionCount() external view returns (uint256);

    /// @notice Whether `settlementRef` was used by a redemption.
    function settlementUsed(bytes32 settlementRef) external view returns (bool);
}
