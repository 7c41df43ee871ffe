// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {INWToken} from "./interfaces/INWToken.sol";
import {SignerCheck} from "./libraries/SignerCheck.sol";

/// @title NWToken
/// @notice Nowon-style local currency: issued for verified volunteer work, spent at
/// registered shops, redeemed by shops for won. See {INWToken}.
/// @dev Decimals are 0: one NW is one won, the won has no minor unit in circulation,
/// and whole units keep redemption reconciliation free of rounding.
contract NWToken is ERC20, ERC20Permit, Pausable, AccessControl, INWToken {
    // ---------------------------------------------------------------- storage

    /// @dev Policy and seal share one slot: transfers read it with one SLOAD.
    SpendingPolicy private _spendingPolicy;
    bool private _sealed;

    mapping(address issuer => IssuerBudget) private _budgets;
    mapping(bytes32 activityRef => bool) private _activityRewarded;
    mapping(address account => Merchant) private _merchants;
    /// @dev The one merchant account a business registration belongs to (zero: none).
    mapping(bytes32 businessRegistrationHash => address) private _merchantOfBusiness;
    mapping(bytes32 settlementRef => bool) private _settlementUsed;

    /// @dev Used or cancelled authorization nonces: bit `uint256(nonce) & 255` of word
    /// `uint256(nonce) >> 8` (see {INWToken}); apart from ERC20Permit's sequential nonces.
    mapping(address authorizer => mapping(uint256 wordIndex => uint256)) private _nonceBitmaps;
    mapping(address account => bool) private _serviceAccounts;

    uint256 private _totalRedeemed;
    uint256 private _redemptionCount;

    // ---------------------------------------------------------------- constants

    /// @inheritdoc INWToken
    bytes32 public constant ISSUER_ROLE = keccak256("ISSUER_ROLE");
    /// @inheritdoc INWToken
    bytes32 public constant MERCHANT_MANAGER_ROLE = keccak256("MERCHANT_MANAGER_ROLE");
    /// @inheritdoc INWToken
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");

    bytes32 private constant _PAYMENT_TYPEHASH =
        keccak256(
            "PaymentAuthorization(address payer,address payee,uint256 amount,uint256 validAfter,"
            "uint256 validBefore,bytes32 nonce,bytes32 orderRef)"
        );
    bytes32 private constant _CANCEL_TYPEHASH =
        keccak256("CancelAuthorization(address authorizer,bytes32 nonce)");

    /// @dev Storage slot of OpenZeppelin 5.4 ERC20's private `_balances`, its first state
    /// variable; ERC20 is this contract's first base and its own bases hold no storage, so
    /// the mapping sits at slot 0. The signed-payment batch updates balances there directly
    /// (one credit write per batch for the shop); tests/nw read the slot against balanceOf.
    uint256 private constant _BALANCES_SLOT = 0;

    uint256 private immutable _periodDuration;
    uint256 private immutable _genesis;

    // ---------------------------------------------------------------- constructor

    /// @param admin Receives DEFAULT_ADMIN_ROLE (the city; hand over to a multisig later).
    /// @param periodDuration_ Length of an issuer budget period in seconds (e.g. 30 days).
    constructor(
        address admin,
        uint256 periodDuration_
    ) ERC20("Nowon Won", "NW") ERC20Permit("Nowon Won") {
        if (admin == address(0)) revert ZeroAddress();
        if (periodDuration_ == 0) revert ZeroAmount();
        _periodDuration = periodDuration_;
        _genesis = block.timestamp;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ---------------------------------------------------------------- external: issuing

    /// @inheritdoc INWToken
    function issue(
        address resident,
        uint256 amount,
        bytes32 activityRef,
        uint32 volunteerMinutes
    ) external onlyRole(ISSUER_ROLE) {
        uint32 period = currentPeriod();
        _spendBudget(msg.sender, period, amount);
        _issue(resident, amount, activityRef, volunteerMinutes, period);
    }

    /// @inheritdoc INWToken
    function issueBatch(
        address[] calldata residents,
        uint256[] calldata amounts,
        bytes32[] calldata activityRefs,
        uint32[] calldata volunteerMinutes
    ) external onlyRole(ISSUER_ROLE) {
        uint256 n = residents.length;
        if (amounts.length != n || activityRefs.length != n || volunteerMinutes.length != n) {
            revert BatchLengthMismatch(
                n,
                amounts.length,
                activityRefs.length,
                volunteerMinutes.length
            );
        }
        uint32 period = currentPeriod();
        uint256 total = 0;
        for (uint256 i; i < n; ++i) {
            total += amounts[i];
        }
        _spendBudget(msg.sender, period, total);
        for (uint256 i; i < n; ++i) {
            _issue(residents[i], amounts[i], activityRefs[i], volunteerMinutes[i], period);
        }
    }

    /// @inheritdoc INWToken
    function setIssuerBudget(address issuer, uint256 limit) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (issuer == address(0)) revert ZeroAddress();
        if (limit > type(uint96).max) revert BudgetTooLarge(limit);
        IssuerBudget storage budget = _budgets[issuer];
        budget.limit = uint128(limit);
        emit IssuerBudgetSet(issuer, limit, msg.sender);
    }

    // ---------------------------------------------------------------- external: merchants

    /// @inheritdoc INWToken
    function registerMerchant(address merchantAccount, bytes32 businessRegistrationHash) external {
        if (_merchants[merchantAccount].status != MerchantStatus.Unregistered) {
            revert MerchantAlreadyRegistered(merchantAccount);
        }
        address holder = _merchantOfBusiness[businessRegistrationHash];
        if (holder != address(0)) {
            revert BusinessRegistrationClaimed(businessRegistrationHash, holder);
        }
        _checkRole(MERCHANT_MANAGER_ROLE);
        if (merchantAccount == address(0)) revert ZeroAddress();
        if (businessRegistrationHash == bytes32(0)) revert EmptyReference();
        _merchants[merchantAccount] = Merchant({
            status: MerchantStatus.Active,
            businessRegistrationHash: businessRegistrationHash
        });
        _merchantOfBusiness[businessRegistrationHash] = merchantAccount;
        emit MerchantRegistered(merchantAccount, businessRegistrationHash, msg.sender);
    }

    /// @inheritdoc INWToken
    function moveMerchant(address from, address to) external {
        Merchant memory record = _merchants[from];
        if (record.status == MerchantStatus.Unregistered) revert MerchantNotRegistered(from);
        if (_merchants[to].status != MerchantStatus.Unregistered) {
            revert MerchantAlreadyRegistered(to);
        }
        _checkRole(MERCHANT_MANAGER_ROLE);
        if (to == address(0)) revert ZeroAddress();
        delete _merchants[from];
        _merchants[to] = record;
        _merchantOfBusiness[record.businessRegistrationHash] = to;
        emit MerchantMoved(from, to, record.businessRegistrationHash, msg.sender);
    }

    /// @inheritdoc INWToken
    function suspendMerchant(address merchantAccount) external {
        Merchant storage record = _merchants[merchantAccount];
        if (record.status != MerchantStatus.Active) revert MerchantNotActive(merchantAccount);
        _checkRole(MERCHANT_MANAGER_ROLE);
        record.status = MerchantStatus.Suspended;
        emit MerchantSuspended(merchantAccount, msg.sender);
    }

    /// @inheritdoc INWToken
    function reinstateMerchant(address merchantAccount) external {
        Merchant storage record = _merchants[merchantAccount];
        if (record.status != MerchantStatus.Suspended) {
            revert MerchantNotSuspended(merchantAccount);
        }
        _checkRole(MERCHANT_MANAGER_ROLE);
        record.status = MerchantStatus.Active;
        emit MerchantReinstated(merchantAccount, msg.sender);
    }

    /// @inheritdoc INWToken
    function redeem(uint256 amount, bytes32 settlementRef) external returns (uint256 redemptionId) {
        Merchant storage record = _merchants[msg.sender];
        if (record.status != MerchantStatus.Active) revert MerchantNotActive(msg.sender);
        if (amount == 0) revert ZeroAmount();
        if (settlementRef == bytes32(0)) revert EmptyReference();
        if (_settlementUsed[settlementRef]) revert SettlementReferenceUsed(settlementRef);
        _settlementUsed[settlementRef] = true;
        _burn(msg.sender, amount);
        _totalRedeemed += amount;
        redemptionId = ++_redemptionCount;
        emit Redeemed(
            redemptionId,
            msg.sender,
            amount,
            settlementRef,
            record.businessRegistrationHash
        );
    }

    // ---------------------------------------------------------------- external: signed payments

    /// @inheritdoc INWToken
    function receiveWithAuthorization(PaymentAuthorization calldata auth) external whenNotPaused {
        PaymentRejection reason = _pay(auth, _payeeOpen());
        if (reason != PaymentRejection.None) _revertPayment(reason, auth);
    }

    /// @inheritdoc INWToken
    function receiveBatchWithAuthorization(
        CompactPayment[] calldata payments
    ) external whenNotPaused returns (PaymentRejection[] memory results) {
        uint256 n = payments.length;
        if (n == 0) revert EmptyBatch();
        results = new PaymentRejection[](n);
        // No item can change the payee's standing: wallets are asked by staticcall.
        bool payeeOpen = _payeeOpen();
        bytes32 domainSeparator = _domainSeparatorV4();
        // What the settled items owe the caller, written to its balance once after the loop.
        uint256 credited = 0;
        for (uint256 i; i < n; ) {
            CompactPayment calldata payment = payments[i];
            // A caller paying itself sees its balance with the credits so far.
            if (payment.payer == msg.sender && credited != 0) {
                _addToBalance(msg.sender, credited);
                credited = 0;
            }
            (PaymentRejection reason, uint256 credit) = _payCompact(
                payment,
                payeeOpen,
                domainSeparator
            );
            // cannot overflow: every credit was debited from a payer's balance first, so
            // credited <= totalSupply(), which OpenZeppelin's mint keeps below 2^256
            unchecked {
                credited += credit;
            }
            if (reason != PaymentRejection.None) {
                results[i] = reason;
                emit PaymentAuthorizationRejected(
                    msg.sender,
                    payment.payer,
                    payment.nonce,
                    i,
                    reason
                );
            }
            // cannot overflow: i < n <= calldata length
            unchecked {
                ++i;
            }
        }
        if (credited != 0) _addToBalance(msg.sender, credited);
    }

    /// @inheritdoc INWToken
    function cancelAuthorization(
        address authorizer,
        bytes32 nonce,
        bytes calldata signature
    ) external {
        (uint256 wordIndex, uint256 bit) = _nonceSlot(nonce);
        uint256 word = _nonceBitmaps[authorizer][wordIndex];
        if (word & bit != 0) revert AuthorizationAlreadyUsed(authorizer, nonce);
        if (msg.sender != authorizer) {
            bytes32 digest = _hashTypedDataV4(
                keccak256(abi.encode(_CANCEL_TYPEHASH, authorizer, nonce))
            );
            if (!SignerCheck.isValidNow(authorizer, digest, signature)) {
                revert InvalidAuthorizationSignature(authorizer, nonce);
            }
        }
        _nonceBitmaps[authorizer][wordIndex] = word | bit;
        emit AuthorizationCanceled(authorizer, nonce);
    }

    // ---------------------------------------------------------------- external: service accounts

    /// @inheritdoc INWToken
    function addServiceAccount(address account) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (_sealed) revert PolicyAlreadySealed();
        if (_serviceAccounts[account]) revert ServiceAccountAlreadyAdded(account);
        if (account.code.length == 0) revert ServiceAccountNotContract(account);
        _serviceAccounts[account] = true;
        emit ServiceAccountAdded(account, msg.sender);
    }

    /// @inheritdoc INWToken
    function removeServiceAccount(address account) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (_sealed) revert PolicyAlreadySealed();
        if (!_serviceAccounts[account]) revert NotServiceAccount(account);
        _serviceAccounts[account] = false;
        emit ServiceAccountRemoved(account, msg.sender);
    }

    /// @notice ERC-20 `transferFrom`; a service account spending an allowance is exempt from
    /// the spending policy (see {INWToken}), the pause still applies.
    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        if (!_serviceAccounts[msg.sender]) return super.transferFrom(from, to, value);
        _spendAllowance(from, msg.sender, value);
        if (from == address(0)) revert ERC20InvalidSender(address(0));
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        _requireNotPaused();
        ERC20._update(from, to, value);
        return true;
    }

    // ---------------------------------------------------------------- external: policy

    /// @inheritdoc INWToken
    function setSpendingPolicy(SpendingPolicy policy) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (_sealed) revert PolicyAlreadySealed();
        SpendingPolicy previous = _spendingPolicy;
        if (previous == policy) revert SpendingPolicyUnchanged(policy);
        _spendingPolicy = policy;
        emit SpendingPolicyChanged(previous, policy, msg.sender);
    }

    /// @inheritdoc INWToken
    function seal() external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (_sealed) revert PolicyAlreadySealed();
        _sealed = true;
        emit PolicySealed(msg.sender);
    }

    /// @inheritdoc INWToken
    function pause() external onlyRole(PAUSER_ROLE) {
        _pause();
    }

    /// @inheritdoc INWToken
    function unpause() external onlyRole(PAUSER_ROLE) {
        _unpause();
    }

    // ---------------------------------------------------------------- external: views

    /// @notice NW counts whole won: see the contract documentation.
    function decimals() public pure override returns (uint8) {
        return 0;
    }

    /// @inheritdoc INWToken
    function periodDuration() external view returns (uint256) {
        return _periodDuration;
    }

    /// @inheritdoc INWToken
    function currentPeriod() public view returns (uint32) {
        return SafeCast.toUint32((block.timestamp - _genesis) / _periodDuration);
    }

    /// @inheritdoc INWToken
    function issuerBudget(address issuer) external view returns (IssuerBudget memory) {
        return _budgets[issuer];
    }

    /// @inheritdoc INWToken
    function remainingBudget(address issuer) public view returns (uint256) {
        IssuerBudget memory budget = _budgets[issuer];
        // Budget periods last days to months: a validator's few seconds of timestamp
        // drift cannot move an issuance into another period in any useful way.
        // slither-disable-next-line timestamp,incorrect-equality
        uint256 used = budget.period == currentPeriod() ? budget.used : 0;
        // slither-disable-next-line timestamp
        return used >= budget.limit ? 0 : budget.limit - used;
    }

    /// @inheritdoc INWToken
    function activityRewarded(bytes32 activityRef) external view returns (bool) {
        return _activityRewarded[activityRef];
    }

    /// @inheritdoc INWToken
    function merchant(address account) external view returns (Merchant memory) {
        return _merchants[account];
    }

    /// @inheritdoc INWToken
    function merchantOfBusiness(bytes32 businessRegistrationHash) external view returns (address) {
        return _merchantOfBusiness[businessRegistrationHash];
    }

    /// @inheritdoc INWToken
    function isActiveMerchant(address account) public view returns (bool) {
        return _merchants[account].status == MerchantStatus.Active;
    }

    /// @inheritdoc INWToken
    function spendingPolicy() external view returns (SpendingPolicy) {
        return _spendingPolicy;
    }

    /// @inheritdoc INWToken
    function isSealed() external view returns (bool) {
        return _sealed;
    }

    /// @inheritdoc INWToken
    function authorizationState(address authorizer, bytes32 nonce) external view returns (bool) {
        (uint256 wordIndex, uint256 bit) = _nonceSlot(nonce);
        return _nonceBitmaps[authorizer][wordIndex] & bit != 0;
    }

    /// @inheritdoc INWToken
    function nonceBitmap(address authorizer, uint256 wordIndex) external view returns (uint256) {
        return _nonceBitmaps[authorizer][wordIndex];
    }

    /// @inheritdoc INWToken
    function paymentDigest(
        address payee,
        PaymentAuthorization calldata auth
    ) external view returns (bytes32) {
        return _paymentDigest(auth.payer, payee, auth);
    }

    /// @inheritdoc INWToken
    function isServiceAccount(address account) external view returns (bool) {
        return _serviceAccounts[account];
    }

    /// @inheritdoc INWToken
    function totalIssued() external view returns (uint256) {
        // Only issue mints and only redeem burns, so what was issued is what exists plus
        // what was redeemed; no separate counter is written on every issue.
        return totalSupply() + _totalRedeemed;
    }

    /// @inheritdoc INWToken
    function totalRedeemed() external view returns (uint256) {
        return _totalRedeemed;
    }

    /// @inheritdoc INWToken
    function redemptionCount() external view returns (uint256) {
        return _redemptionCount;
    }

    /// @inheritdoc INWToken
    function settlementUsed(bytes32 settlementRef) external view returns (bool) {
        return _settlementUsed[settlementRef];
    }

    // ---------------------------------------------------------------- internal

    /// @dev Count `amount` against `issuer`'s budget for `period`, starting afresh in a new period.
    function _spendBudget(address issuer, uint32 period, uint256 amount) private {
        IssuerBudget memory budget = _budgets[issuer];
        // Budget periods last days to months: a validator's few seconds of timestamp
        // drift cannot move an issuance into another period in any useful way.
        // slither-disable-next-line timestamp,incorrect-equality
        uint256 used = budget.period == period ? budget.used : 0;
        // slither-disable-next-line timestamp
        uint256 remaining = used >= budget.limit ? 0 : budget.limit - used;
        // Budgets are per period of days; the comparison is of amounts, tainted only by the period.
        // slither-disable-next-line timestamp
        if (amount > remaining) revert IssuerBudgetExceeded(issuer, period, amount, remaining);
        // used + amount <= limit <= type(uint96).max (setIssuerBudget), so the cast is exact.
        _budgets[issuer] = IssuerBudget({
            limit: budget.limit,
            used: uint96(used + amount),
            period: period
        });
    }

    function _issue(
        address resident,
        uint256 amount,
        bytes32 activityRef,
        uint32 volunteerMinutes,
        uint32 period
    ) private {
        if (resident == address(0)) revert ZeroAddress();
        if (amount == 0) revert ZeroAmount();
        if (activityRef == bytes32(0)) revert EmptyReference();
        if (_activityRewarded[activityRef]) revert ActivityAlreadyRewarded(activityRef);
        _activityRewarded[activityRef] = true;
        _mint(resident, amount);
        emit Issued(msg.sender, resident, amount, activityRef, volunteerMinutes, period);
    }

    /// @dev The bitmap word and bit of `nonce`.
    function _nonceSlot(bytes32 nonce) private pure returns (uint256 wordIndex, uint256 bit) {
        wordIndex = uint256(nonce) >> 8;
        bit = 1 << (uint256(nonce) & 0xff);
    }

    /// @dev The EIP-712 digest of `auth` paid by `payer` (`auth.payer`, already read and
    /// validated as an address by the caller) to `payee`. The struct hash is the keccak of
    /// the eight words `abi.encode(_PAYMENT_TYPEHASH, payer, payee, amount, validAfter,
    /// validBefore, nonce, orderRef)` laid out in free memory without moving the free memory
    /// pointer (nothing is allocated per payment of a batch); `amount` to `orderRef` are the
    /// struct's second to sixth head words in calldata, copied as they are (uint256 and
    /// bytes32 words need no cleaning). tests/nw check it against the off-chain digest.
    function _paymentDigest(
        address payer,
        address payee,
        PaymentAuthorization calldata auth
    ) private view returns (bytes32) {
        bytes32 structHash;
        bytes32 typeHash = _PAYMENT_TYPEHASH;
        // Reason: eight words written at the free memory pointer, which is not moved (the
        // memory past it is free to use); the layout is the one documented above.
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, typeHash)
            mstore(add(ptr, 0x20), payer)
            mstore(add(ptr, 0x40), payee)
            calldatacopy(add(ptr, 0x60), add(auth, 0x20), 0xa0)
            structHash := keccak256(ptr, 0x100)
        }
        return _hashTypedDataV4(structHash);
    }

    /// @dev Whether the spending policy lets anyone pay `msg.sender` (an active merchant,
    /// a service account, or the open policy), as the policy rule in `_update` decides it.
    function _payeeOpen() private view returns (bool) {
        return
            isActiveMerchant(msg.sender) ||
            _spendingPolicy == SpendingPolicy.Open ||
            _serviceAccounts[msg.sender];
    }

    /// @dev Settle a signed payment to `msg.sender` if it passes its checks, every one
    /// without an external call first: window, nonce, amount, policy (unless `payeeOpen`),
    /// balance; then the signature, whose ERC-1271 wallet call has a fixed gas bound
    /// (SignerCheck). A rejected payment changes nothing.
    function _pay(
        PaymentAuthorization calldata auth,
        bool payeeOpen
    ) private returns (PaymentRejection) {
        // Reason: a validity window is a payer's coarse bound of minutes; drift does not matter.
        // slither-disable-next-line timestamp
        if (block.timestamp <= auth.validAfter) return PaymentRejection.NotYetValid;
        // slither-disable-next-line timestamp
        if (block.timestamp >= auth.validBefore) return PaymentRejection.Expired;
        address payer = auth.payer;
        uint256 amount = auth.amount;
        bytes32 nonce = auth.nonce;
        (uint256 wordIndex, uint256 bit) = _nonceSlot(nonce);
        mapping(uint256 => uint256) storage bitmap = _nonceBitmaps[payer];
        uint256 word = bitmap[wordIndex];
        if (word & bit != 0) return PaymentRejection.AuthorizationUsed;
        if (amount == 0) return PaymentRejection.ZeroAmount;
        if (!payeeOpen && !_payerOpen(payer)) return PaymentRejection.PolicyViolation;
        if (balanceOf(payer) < amount) return PaymentRejection.InsufficientBalance;
        if (
            !SignerCheck.isValidNow(payer, _paymentDigest(payer, msg.sender, auth), auth.signature)
        ) {
            return PaymentRejection.InvalidSignature;
        }
        bitmap[wordIndex] = word | bit;
        // The pause (the caller's) and the policy (above) were checked for these accounts.
        ERC20._update(payer, msg.sender, amount);
        emit AuthorizationUsed(payer, nonce, auth.orderRef);
        return PaymentRejection.None;
    }

    /// @dev `_pay` for a batch item in the `CompactPayment` encoding, with the EIP-712
    /// domain separator read once per batch: the same checks in the same order, over the
    /// same signed message. The nonce word's storage slot is that of
    /// `_nonceBitmaps[payer][uint256(nonce) >> 8]`, computed once for its read and its write.
    /// A settled item debits the payer's balance here and returns the amount `credit` owed to
    /// the caller, which the batch adds to the caller's balance once; a payment to oneself
    /// changes no balance (credit zero), as OpenZeppelin's transfer to oneself.
    function _payCompact(
        CompactPayment calldata payment,
        bool payeeOpen,
        bytes32 domainSeparator
    ) private returns (PaymentRejection, uint256 credit) {
        // terms = amount << 128 | validAfter << 64 | validBefore (INWToken.CompactPayment)
        uint256 terms = payment.terms;
        // Reason: a validity window is a payer's coarse bound of minutes; drift does not matter.
        // slither-disable-next-line timestamp
        if (block.timestamp <= uint64(terms >> 64)) return (PaymentRejection.NotYetValid, 0);
        // slither-disable-next-line timestamp
        if (block.timestamp >= uint64(terms)) return (PaymentRejection.Expired, 0);
        address payer = payment.payer;
        uint256 slot;
        uint256 word;
        // Reason: the mapping slot keccak(wordIndex . keccak(payer . slot of _nonceBitmaps)),
        // hashed in the scratch space (0x00-0x3f), as Solidity hashes a nested mapping key;
        // `word` is returned with the nonce's bit set, zero if it was set already.
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            let nonce := calldataload(add(payment, 0x40))
            mstore(0x00, payer)
            mstore(0x20, _nonceBitmaps.slot)
            mstore(0x20, keccak256(0x00, 0x40))
            mstore(0x00, shr(8, nonce))
            slot := keccak256(0x00, 0x40)
            let stored := sload(slot)
            // Reason: shl(shift, value) is 1 shifted left by the nonce's low byte, as meant.
            // slither-disable-next-line incorrect-shift
            let bit := shl(and(nonce, 0xff), 1)
            word := mul(or(stored, bit), iszero(and(stored, bit)))
        }
        if (word == 0) return (PaymentRejection.AuthorizationUsed, 0);
        uint256 amount = terms >> 128;
        if (amount == 0) return (PaymentRejection.ZeroAmount, 0);
        if (!payeeOpen && !_payerOpen(payer)) return (PaymentRejection.PolicyViolation, 0);
        uint256 balanceSlot = _balanceSlot(payer);
        uint256 held;
        // Reason: the payer's balance, read once for the check and the debit below.
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            held := sload(balanceSlot)
        }
        if (held < amount) return (PaymentRejection.InsufficientBalance, 0);
        if (!_compactSignatureValid(payment, payer, terms, domainSeparator)) {
            return (PaymentRejection.InvalidSignature, 0);
        }
        // Reason: the nonce word read above, with the payment's bit set, and the payer's
        // balance debited unless it pays itself (no external call since the reads can change
        // either: the wallet is asked by staticcall).
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            sstore(slot, word)
            if iszero(eq(payer, caller())) {
                // cannot underflow: held >= amount was checked above
                sstore(balanceSlot, sub(held, amount))
                credit := amount
            }
        }
        // The pause (the caller's) and the policy (above) were checked for these accounts.
        emit Transfer(payer, msg.sender, amount);
        emit AuthorizationUsed(payer, payment.nonce, payment.orderRef);
        return (PaymentRejection.None, credit);
    }

    /// @dev Raise `account`'s balance by `amount` that was debited from other balances
    /// (the batch's credits, each already reported by its Transfer event).
    function _addToBalance(address account, uint256 amount) private {
        uint256 balanceSlot = _balanceSlot(account);
        // Reason: the account's balance in OpenZeppelin's `_balances` (see _BALANCES_SLOT).
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            // cannot overflow: balance + amount <= totalSupply() < 2^256, since `amount` was
            // debited from other accounts' balances
            sstore(balanceSlot, add(sload(balanceSlot), amount))
        }
    }

    /// @dev The storage slot of `account`'s held in OpenZeppelin's ERC20 `_balances`
    /// mapping (at `_BALANCES_SLOT`).
    function _balanceSlot(address account) private pure returns (uint256 slot) {
        // Reason: Solidity's mapping slot keccak(key . mapping slot), in the scratch space.
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            mstore(0x00, account)
            mstore(0x20, _BALANCES_SLOT)
            slot := keccak256(0x00, 0x40)
        }
    }

    /// @dev Whether the batch item `payment`'s compact signature is its payer's (`payer`,
    /// read and validated by the caller) for its payment to `msg.sender`.
    function _compactSignatureValid(
        CompactPayment calldata payment,
        address payer,
        uint256 terms,
        bytes32 domainSeparator
    ) private view returns (bool) {
        return
            SignerCheck.isValidCompactNow(
                payer,
                _compactDigest(payment, payer, terms, domainSeparator),
                payment.r,
                payment.vs
            );
    }

    /// @dev The EIP-712 digest of the batch item `payment` (payer `payer`, already read and
    /// validated as an address; its `terms` word unpacked here) paid to `msg.sender`, the same
    /// digest {paymentDigest} gives for the unpacked `PaymentAuthorization`.
    function _compactDigest(
        CompactPayment calldata payment,
        address payer,
        uint256 terms,
        bytes32 domainSeparator
    ) private view returns (bytes32 digest) {
        bytes32 typeHash = _PAYMENT_TYPEHASH;
        // Reason: the struct hash is the keccak of the eight words abi.encode(typehash, payer,
        // payee, amount, validAfter, validBefore, nonce, orderRef), laid out past the free
        // memory pointer, which is not moved (nonce and orderRef are the item's third and
        // fourth calldata words); then the EIP-712 digest keccak("\x19\x01" ‖ domain separator
        // ‖ struct hash) over the same memory, as OpenZeppelin's MessageHashUtils lays it out.
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            mstore(ptr, typeHash)
            mstore(add(ptr, 0x20), payer)
            mstore(add(ptr, 0x40), caller())
            mstore(add(ptr, 0x60), shr(128, terms))
            mstore(add(ptr, 0x80), and(shr(64, terms), 0xffffffffffffffff))
            mstore(add(ptr, 0xa0), and(terms, 0xffffffffffffffff))
            calldatacopy(add(ptr, 0xc0), add(payment, 0x40), 0x40)
            let structHash := keccak256(ptr, 0x100)
            mstore(ptr, hex"1901")
            mstore(add(ptr, 0x02), domainSeparator)
            mstore(add(ptr, 0x22), structHash)
            digest := keccak256(ptr, 0x42)
        }
    }

    /// @dev Whether `payer` may pay a payee the policy does not open (an active merchant
    /// or a service account pays anyone): with the payee's standing and the policy known
    /// (`_payeeOpen` false), the rule of `_update` reduces to this.
    function _payerOpen(address payer) private view returns (bool) {
        return isActiveMerchant(payer) || _serviceAccounts[payer];
    }

    /// @dev Turn a signed payment's rejection into its custom error with arguments.
    function _revertPayment(
        PaymentRejection reason,
        PaymentAuthorization calldata auth
    ) private view {
        address payer = auth.payer;
        bytes32 nonce = auth.nonce;
        if (reason == PaymentRejection.NotYetValid) {
            revert AuthorizationNotYetValid(payer, nonce, auth.validAfter);
        }
        if (reason == PaymentRejection.Expired) {
            revert AuthorizationExpired(payer, nonce, auth.validBefore);
        }
        if (reason == PaymentRejection.AuthorizationUsed)
            revert AuthorizationAlreadyUsed(payer, nonce);
        if (reason == PaymentRejection.ZeroAmount) revert ZeroAmount();
        if (reason == PaymentRejection.PolicyViolation) {
            revert SpendingPolicyViolation(payer, msg.sender);
        }
        if (reason == PaymentRejection.InsufficientBalance) {
            revert ERC20InsufficientBalance(payer, balanceOf(payer), auth.amount);
        }
        revert InvalidAuthorizationSignature(payer, nonce);
    }

    /// @dev Every balance change passes here: the pause (OZ Pausable) and the spending
    /// policy apply to transfers; mints and burns are governed by issue and redeem.
    function _update(address from, address to, uint256 value) internal override {
        // The pause comes first: in an emergency every caller learns that, not a policy detail.
        _requireNotPaused();
        // Paying an active merchant, the common case, reads the recipient's record and never
        // the policy; under the merchant-only policy, otherwise, the payer must be an active
        // merchant, or one side a service account.
        if (
            from != address(0) &&
            to != address(0) &&
            !isActiveMerchant(to) &&
            _spendingPolicy == SpendingPolicy.MerchantsOnly &&
            !isActiveMerchant(from) &&
            !_serviceAccounts[to] &&
            !_serviceAccounts[from]
        ) {
            revert SpendingPolicyViolation(from, to);
        }
        super._update(from, to, value);
    }
}
