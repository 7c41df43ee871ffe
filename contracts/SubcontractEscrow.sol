// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {ReentrancyGuardTransient} from "@openzeppelin/contracts/utils/ReentrancyGuardTransient.sol";

import {ISubcontractEscrow} from "./interfaces/ISubcontractEscrow.sol";

/// @title SubcontractEscrow
/// @notice Milestone escrow for public works with a mandatory waterfall and pull payments.
/// See `ISubcontractEscrow` for the money flow and the invariant.
/// @dev Every token movement happens in `fund` (in), `withdraw`, `withdrawPayment` and
/// `sweepSurplus` (out); all other functions only move amounts between milestone buckets and
/// credits inside `_owed`. Settling a milestone writes one slot (its status and payee part); each
/// payee slot's claim is computed from the waterfall when it is withdrawn, in constant time, from
/// the shares scheduled ahead of it (`Payee.ahead`).
contract SubcontractEscrow is ISubcontractEscrow, AccessControl, ReentrancyGuardTransient {
    using SafeERC20 for IERC20;

    // ------------------------------------------------------------------ storage

    uint256 private _projectCount;
    mapping(uint256 projectId => Project) private _projects;
    mapping(uint256 projectId => mapping(uint256 milestoneIndex => Milestone)) private _milestones;
    mapping(uint256 projectId => mapping(uint256 milestoneIndex => Payee[])) private _payees;
    mapping(bytes32 slotKey => address proposed) private _pendingPayee;
    mapping(IERC20 token => mapping(address account => uint256)) private _credits;
    mapping(IERC20 token => uint256) private _owed;

    // ------------------------------------------------------------------ constants

    /// @notice Opens projects and funds them.
    bytes32 public constant AGENCY_ROLE = keccak256("AGENCY_ROLE");
    /// @notice Resolves disputed milestones.
    bytes32 public constant ARBITER_ROLE = keccak256("ARBITER_ROLE");
    /// @notice Most milestones per project.
    uint256 public constant MAX_MILESTONES = 32;
    /// @notice Most payees per milestone, the prime's remainder slot included.
    uint256 public constant MAX_PAYEES = 64;

    // ------------------------------------------------------------------ constructor

    constructor(address admin) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------ external: agency

    /// @inheritdoc ISubcontractEscrow
    function openProject(
        address prime,
        IERC20 token,
        address supervisor,
        MilestoneSpec[] calldata milestones
    ) external onlyRole(AGENCY_ROLE) returns (uint256 projectId) {
        if (prime == address(0)) revert InvalidPrime(prime);
        if (supervisor == address(0) || supervisor == prime) revert InvalidSupervisor(supervisor);
        if (address(token).code.length == 0) revert InvalidToken(address(token));
        uint256 count = milestones.length;
        if (count == 0 || count > MAX_MILESTONES) {
            revert InvalidMilestoneCount(count, MAX_MILESTONES);
        }

        projectId = ++_projectCount;
        _projects[projectId] = Project({
            agency: msg.sender,
            prime: prime,
            supervisor: supervisor,
            token: token,
            // cannot truncate: count <= MAX_MILESTONES
            milestoneCount: uint32(count)
        });
        emit ProjectOpened(projectId, msg.sender, prime, supervisor, address(token), count);

        for (uint256 i = 0; i < count; ++i) {
            _schedule(projectId, i, prime, milestones[i]);
        }
    }

    /// @inheritdoc ISubcontractEscrow
    function fund(
        uint256 projectId,
        uint256 milestoneIndex,
        uint256 amount
    ) external nonReentrant returns (uint256 credited) {
        Project storage p = _project(projectId);
        if (msg.sender != p.agency) revert NotProjectAgency(projectId, msg.sender);
        Milestone storage m = _openMilestone(projectId, milestoneIndex);
        _checkBeforeDeadline(projectId, milestoneIndex, m);
        if (amount == 0) revert ZeroAmount();
        // cannot underflow: funded <= amount is kept by every write to `funded`
        uint256 open = m.amount - m.funded;
        if (open == 0) revert MilestoneFullyFunded(projectId, milestoneIndex);

        IERC20 token = p.token;
        uint256 received = _pull(token, msg.sender, amount);
        credited = received < open ? received : open;
        uint256 excess = received - credited;
        // cannot truncate: credited <= open <= type(uint128).max
        m.funded += uint128(credited);
        _owed[token] += received;
        if (excess != 0) _credits[token][msg.sender] += excess;
        emit MilestoneFunded(projectId, milestoneIndex, msg.sender, amount, credited, excess);
    }

    /// @inheritdoc ISubcontractEscrow
    function confirmPayeeChange(
        uint256 projectId,
        uint256 milestoneIndex,
        uint256 payeeIndex,
        address account
    ) external nonReentrant {
        Project storage p = _project(projectId);
        if (msg.sender != p.agency) revert NotProjectAgency(projectId, msg.sender);
        Payee storage slot = _unsettledPayee(projectId, milestoneIndex, payeeIndex);
        bytes32 key = _slotKey(projectId, milestoneIndex, payeeIndex);
        if (account == address(0) || _pendingPayee[key] != account) {
            revert PayeeChangeNotProposed(projectId, milestoneIndex, payeeIndex, account);
        }
        address previous = slot.account;
        slot.account = account;
        delete _pendingPayee[key];
        emit PayeeChanged(projectId, milestoneIndex, payeeIndex, previous, account);
    }

    // ------------------------------------------------------------------ external: supervisor, arbiter

    /// @inheritdoc ISubcontractEscrow
    function approveMilestone(uint256 projectId, uint256 milestoneIndex) external nonReentrant {
        Project storage p = _project(projectId);
        if (msg.sender != p.supervisor) revert NotProjectSupervisor(projectId, msg.sender);
        Milestone storage m = _openMilestone(projectId, milestoneIndex);
        _checkBeforeDeadline(projectId, milestoneIndex, m);
        uint256 amount = m.amount;
        if (m.funded != amount) {
            revert MilestoneUnderfunded(projectId, milestoneIndex, m.funded, amount);
        }
        m.status = MilestoneStatus.Released;
        // cannot truncate: amount is a stored uint128
        m.paid = uint128(amount);
        emit MilestoneApproved(projectId, milestoneIndex, msg.sender, amount);
    }

    /// @inheritdoc ISubcontractEscrow
    function disputeMilestone(uint256 projectId, uint256 milestoneIndex) external nonReentrant {
        Project storage p = _project(projectId);
        if (msg.sender != p.agency && msg.sender != p.prime) {
            revert NotDisputant(projectId, msg.sender);
        }
        Milestone storage m = _openMilestone(projectId, milestoneIndex);
        m.status = MilestoneStatus.Disputed;
        emit MilestoneDisputed(projectId, milestoneIndex, msg.sender);
    }

    /// @inheritdoc ISubcontractEscrow
    function resolveDispute(
        uint256 projectId,
        uint256 milestoneIndex,
        uint256 payeeAmount
    ) external onlyRole(ARBITER_ROLE) nonReentrant {
        Project storage p = _project(projectId);
        Milestone storage m = _milestone(projectId, milestoneIndex);
        if (m.status != MilestoneStatus.Disputed) {
            revert MilestoneNotDisputed(projectId, milestoneIndex, m.status);
        }
        uint256 funded = m.funded;
        if (payeeAmount > funded) {
            revert SplitExceedsFunded(projectId, milestoneIndex, payeeAmount, funded);
        }
        // cannot underflow: payeeAmount <= funded (checked above)
        uint256 refunded = funded - payeeAmount;
        m.status = MilestoneStatus.Resolved;
        // cannot truncate: payeeAmount <= funded, a stored uint128
        m.paid = uint128(payeeAmount);
        if (refunded != 0) _credits[p.token][p.agency] += refunded;
        emit DisputeResolved(projectId, milestoneIndex, msg.sender, payeeAmount, refunded);
    }

    // ------------------------------------------------------------------ external: anyone

    /// @inheritdoc ISubcontractEscrow
    function refundMilestone(uint256 projectId, uint256 milestoneIndex) external nonReentrant {
        Project storage p = _project(projectId);
        Milestone storage m = _openMilestone(projectId, milestoneIndex);
        uint64 deadline = m.deadline;
        // deadlines are days apart; a validator's few seconds of drift do not matter
        // slither-disable-next-line timestamp
        if (block.timestamp <= deadline) {
            revert DeadlineNotReached(projectId, milestoneIndex, deadline);
        }
        uint256 funded = m.funded;
        if (funded == 0) revert NothingToRefund(projectId, milestoneIndex);
        m.status = MilestoneStatus.Refunded;
        _credits[p.token][p.agency] += funded;
        emit MilestoneRefunded(projectId, milestoneIndex, p.agency, funded);
    }

    /// @inheritdoc ISubcontractEscrow
    function proposePayeeChange(
        uint256 projectId,
        uint256 milestoneIndex,
        uint256 payeeIndex,
        address account
    ) external nonReentrant {
        _project(projectId);
        Payee storage slot = _unsettledPayee(projectId, milestoneIndex, payeeIndex);
        if (msg.sender != slot.account) {
            revert NotPayee(projectId, milestoneIndex, payeeIndex, msg.sender);
        }
        if (account == address(0) || account == address(this) || account == slot.account) {
            revert InvalidNewPayee(account);
        }
        _pendingPayee[_slotKey(projectId, milestoneIndex, payeeIndex)] = account;
        emit PayeeChangeProposed(projectId, milestoneIndex, payeeIndex, account);
    }

    /// @inheritdoc ISubcontractEscrow
    function withdraw(
        IERC20 token,
        address account
    ) external nonReentrant returns (uint256 amount) {
        return _payOut(token, account, account);
    }

    /// @inheritdoc ISubcontractEscrow
    function withdrawTo(IERC20 token, address to) external nonReentrant returns (uint256 amount) {
        if (to == address(0) || to == address(this)) revert InvalidRecipient(to);
        return _payOut(token, msg.sender, to);
    }

    /// @inheritdoc ISubcontractEscrow
    function withdrawPayment(
        uint256 projectId,
        uint256 milestoneIndex,
        uint256 payeeIndex
    ) external nonReentrant returns (uint256 amount) {
        Payee storage slot = _payeeSlot(projectId, milestoneIndex, payeeIndex);
        return _payOutSlot(projectId, milestoneIndex, payeeIndex, slot, slot.account);
    }

    /// @inheritdoc ISubcontractEscrow
    function withdrawPaymentTo(
        uint256 projectId,
        uint256 milestoneIndex,
        uint256 payeeIndex,
        address to
    ) external nonReentrant returns (uint256 amount) {
        if (to == address(0) || to == address(this)) revert InvalidRecipient(to);
        Payee storage slot = _payeeSlot(projectId, milestoneIndex, payeeIndex);
        if (msg.sender != slot.account) {
            revert NotPayee(projectId, milestoneIndex, payeeIndex, msg.sender);
        }
        return _payOutSlot(projectId, milestoneIndex, payeeIndex, slot, to);
    }

    /// @inheritdoc ISubcontractEscrow
    function sweepSurplus(
        IERC20 token,
        address to
    ) external onlyRole(DEFAULT_ADMIN_ROLE) nonReentrant returns (uint256 amount) {
        if (to == address(0)) revert InvalidRecipient(to);
        uint256 balance = token.balanceOf(address(this));
        uint256 owed = _owed[token];
        if (balance <= owed) revert NoSurplus(address(token));
        // cannot underflow: balance > owed (checked above)
        amount = balance - owed;
        emit SurplusSwept(address(token), to, amount);
        token.safeTransfer(to, amount);
    }

    // ------------------------------------------------------------------ external: views

    /// @inheritdoc ISubcontractEscrow
    function projectCount() external view returns (uint256) {
        return _projectCount;
    }

    /// @inheritdoc ISubcontractEscrow
    function project(uint256 projectId) external view returns (Project memory) {
        return _project(projectId);
    }

    /// @inheritdoc ISubcontractEscrow
    function milestone(
        uint256 projectId,
        uint256 milestoneIndex
    ) external view returns (Milestone memory) {
        return _milestone(projectId, milestoneIndex);
    }

    /// @inheritdoc ISubcontractEscrow
    function payees(
        uint256 projectId,
        uint256 milestoneIndex
    ) external view returns (Payee[] memory) {
        _milestone(projectId, milestoneIndex);
        return _payees[projectId][milestoneIndex];
    }

    /// @inheritdoc ISubcontractEscrow
    function pendingPayeeChange(
        uint256 projectId,
        uint256 milestoneIndex,
        uint256 payeeIndex
    ) external view returns (address) {
        return _pendingPayee[_slotKey(projectId, milestoneIndex, payeeIndex)];
    }

    /// @inheritdoc ISubcontractEscrow
    function claimable(
        uint256 projectId,
        uint256 milestoneIndex,
        uint256 payeeIndex
    ) external view returns (uint256) {
        Payee storage slot = _payeeSlot(projectId, milestoneIndex, payeeIndex);
        if (slot.withdrawn) return 0;
        return _entitlement(_milestones[projectId][milestoneIndex], slot);
    }

    /// @inheritdoc ISubcontractEscrow
    function creditOf(IERC20 token, address account) external view returns (uint256) {
        return _credits[token][account];
    }

    /// @inheritdoc ISubcontractEscrow
    function totalOwed(IERC20 token) external view returns (uint256) {
        return _owed[token];
    }

    // ------------------------------------------------------------------ internal

    /// @dev Stores one milestone and its waterfall: wages, subcontracts, then the prime.
    function _schedule(
        uint256 projectId,
        uint256 index,
        address prime,
        MilestoneSpec calldata spec
    ) private {
        uint256 amount = spec.amount;
        if (amount == 0 || amount > type(uint128).max) revert InvalidMilestoneAmount(index, amount);
        // a deadline a few seconds off is harmless; deadlines are set days ahead
        // slither-disable-next-line timestamp
        if (spec.deadline <= block.timestamp) {
            revert DeadlineNotInFuture(index, spec.deadline, block.timestamp);
        }
        uint256 workers = spec.wages.length;
        uint256 named = workers + spec.subcontracts.length;
        if (named >= MAX_PAYEES) revert TooManyPayees(index, named, MAX_PAYEES - 1);

        uint256 total = 0;
        for (uint256 j = 0; j < named; ++j) {
            bool isWorker = j < workers;
            // cannot underflow: j >= workers in the subcontract branch
            Share calldata share = isWorker ? spec.wages[j] : spec.subcontracts[j - workers];
            if (share.payee == address(0) || share.payee == address(this)) {
                revert InvalidPayee(index, j, share.payee);
            }
            if (share.amount == 0) revert ZeroShare(index, j);
            uint256 ahead = total;
            total += share.amount;
            if (total > amount) revert SharesExceedMilestone(index, total, amount);
            // cannot truncate: ahead < total <= amount <= type(uint128).max, same for share.amount
            _payees[projectId][index].push(
                Payee({
                    account: share.payee,
                    withdrawn: false,
                    amount: uint128(share.amount),
                    ahead: uint128(ahead)
                })
            );
            emit PayeeScheduled(
                projectId,
                index,
                j,
                share.payee,
                share.amount,
                isWorker ? PayeeKind.Worker : PayeeKind.Subcontractor
            );
        }
        // cannot underflow: total <= amount (checked in the loop)
        uint256 remainder = amount - total;
        // cannot truncate: remainder and total are <= amount <= type(uint128).max
        _payees[projectId][index].push(
            Payee({
                account: prime,
                withdrawn: false,
                amount: uint128(remainder),
                ahead: uint128(total)
            })
        );
        emit PayeeScheduled(projectId, index, named, prime, remainder, PayeeKind.Prime);

        _milestones[projectId][index] = Milestone({
            // cannot truncate: amount <= type(uint128).max (checked above)
            amount: uint128(amount),
            funded: 0,
            deadline: spec.deadline,
            status: MilestoneStatus.Open,
            // cannot truncate: workers <= named < MAX_PAYEES
            workerCount: uint16(workers),
            payeeCount: uint16(named + 1),
            paid: 0
        });
        emit MilestoneScheduled(projectId, index, amount, spec.deadline);
    }

    /// @dev A slot's part of the milestone's payee part `paid`, down the waterfall: each slot in
    /// order gets its full share until `paid` runs out, so the slot gets what `paid` leaves
    /// beyond the shares ahead of it, at most its own share. Zero unless approved or resolved.
    function _entitlement(Milestone storage m, Payee storage slot) private view returns (uint256) {
        MilestoneStatus status = m.status;
        if (status != MilestoneStatus.Released && status != MilestoneStatus.Resolved) return 0;
        uint256 paid = m.paid;
        uint256 ahead = slot.ahead;
        if (paid <= ahead) return 0;
        // cannot underflow: paid > ahead (checked above)
        uint256 left = paid - ahead;
        uint256 share = slot.amount;
        return share < left ? share : left;
    }

    /// @dev Marks the slot withdrawn and sends its waterfall part to `recipient`.
    function _payOutSlot(
        uint256 projectId,
        uint256 milestoneIndex,
        uint256 payeeIndex,
        Payee storage slot,
        address recipient
    ) private returns (uint256 amount) {
        if (slot.withdrawn) revert PaymentAlreadyWithdrawn(projectId, milestoneIndex, payeeIndex);
        IERC20 token = _projects[projectId].token;
        address account = slot.account;
        amount = _entitlement(_milestones[projectId][milestoneIndex], slot);
        if (amount == 0) revert NothingToWithdraw(address(token), account);
        slot.withdrawn = true;
        // cannot underflow: every settled payee part is still counted in _owed[token]
        _owed[token] -= amount;
        emit PaymentWithdrawn(
            projectId,
            milestoneIndex,
            payeeIndex,
            account,
            recipient,
            amount,
            msg.sender
        );
        token.safeTransfer(recipient, amount);
    }

    /// @dev Zeroes `account`'s credit and sends it to `recipient`.
    function _payOut(
        IERC20 token,
        address account,
        address recipient
    ) private returns (uint256 amount) {
        amount = _credits[token][account];
        if (amount == 0) revert NothingToWithdraw(address(token), account);
        _credits[token][account] = 0;
        // cannot underflow: every credit is also counted in _owed[token]
        _owed[token] -= amount;
        emit Withdrawn(address(token), account, recipient, amount, msg.sender);
        token.safeTransfer(recipient, amount);
    }

    /// @dev Transfers `amount` from `from` and returns what the escrow's balance actually grew by.
    function _pull(IERC20 token, address from, uint256 amount) private returns (uint256 received) {
        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(from, address(this), amount);
        uint256 afterwards = token.balanceOf(address(this));
        if (afterwards <= before) revert NothingReceived(address(token), amount);
        // cannot underflow: afterwards > before (checked above)
        received = afterwards - before;
    }

    function _project(uint256 projectId) private view returns (Project storage p) {
        p = _projects[projectId];
        if (p.agency == address(0)) revert UnknownProject(projectId);
    }

    function _milestone(
        uint256 projectId,
        uint256 milestoneIndex
    ) private view returns (Milestone storage m) {
        m = _milestones[projectId][milestoneIndex];
        if (m.status == MilestoneStatus.None) {
            if (_projects[projectId].agency == address(0)) revert UnknownProject(projectId);
            revert UnknownMilestone(projectId, milestoneIndex);
        }
    }

    function _openMilestone(
        uint256 projectId,
        uint256 milestoneIndex
    ) private view returns (Milestone storage m) {
        m = _milestone(projectId, milestoneIndex);
        if (m.status != MilestoneStatus.Open) {
            revert MilestoneNotOpen(projectId, milestoneIndex, m.status);
        }
    }

    function _unsettledPayee(
        uint256 projectId,
        uint256 milestoneIndex,
        uint256 payeeIndex
    ) private view returns (Payee storage) {
        Milestone storage m = _milestone(projectId, milestoneIndex);
        if (m.status != MilestoneStatus.Open && m.status != MilestoneStatus.Disputed) {
            revert MilestoneSettled(projectId, milestoneIndex, m.status);
        }
        if (payeeIndex >= m.payeeCount) revert UnknownPayee(projectId, milestoneIndex, payeeIndex);
        return _payees[projectId][milestoneIndex][payeeIndex];
    }

    function _payeeSlot(
        uint256 projectId,
        uint256 milestoneIndex,
        uint256 payeeIndex
    ) private view returns (Payee storage) {
        Milestone storage m = _milestone(projectId, milestoneIndex);
        if (payeeIndex >= m.payeeCount) revert UnknownPayee(projectId, milestoneIndex, payeeIndex);
        return _payees[projectId][milestoneIndex][payeeIndex];
    }

    function _checkBeforeDeadline(
        uint256 projectId,
        uint256 milestoneIndex,
        Milestone storage m
    ) private view {
        uint64 deadline = m.deadline;
        // deadlines are days apart; a validator's few seconds of drift do not matter
        // slither-disable-next-line timestamp
        if (block.timestamp > deadline) {
            revert DeadlinePassed(projectId, milestoneIndex, deadline);
        }
    }

    function _slotKey(
        uint256 projectId,
        uint256 milestoneIndex,
        uint256 payeeIndex
    ) private pure returns (bytes32) {
        return keccak256(abi.encode(projectId, milestoneIndex, payeeIndex));
    }
}
