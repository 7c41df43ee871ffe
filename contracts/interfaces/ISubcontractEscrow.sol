// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title Subcontract payment escrow (하도급 대금 자동지급)
/// @notice Public-works money held per milestone and released by a mandatory waterfall:
/// named workers' wages first, then named subcontractors' amounts, then the remainder to the
/// prime contractor. The prime cannot change shares or redirect them; a payee's address changes
/// only with that payee's proposal and the project agency's confirmation.
///
/// Money flow:
/// - The agency (a holder of `AGENCY_ROLE`) opens a project and funds its milestones. Funding is
///   credited by what actually arrived (balance before and after the transfer), so fee-on-transfer
///   tokens work: the milestone counts the net amount; anything that arrives beyond a milestone's
///   open amount is credited back to the agency.
/// - The project's supervisor approves a fully funded milestone before its deadline; approval
///   settles the whole milestone amount to its waterfall at once (one storage write, whatever
///   the number of payees): each payee slot's part is what the amount leaves beyond the shares
///   ahead of it, at most its own share, and `claimable` shows it.
/// - The agency or the prime can freeze (dispute) an open milestone; an arbiter (`ARBITER_ROLE`)
///   resolves it by a split: the payee part runs through the waterfall in order (wages, then
///   subcontracts, then the prime, each slot in full before the next), the rest is credited back
///   to the agency.
/// - A milestone neither approved nor disputed by its deadline can be refunded to the agency by
///   anyone.
/// - Every outflow is a pull: `withdrawPayment` sends a payee slot's part of a settled milestone
///   to the slot's address, `withdraw` sends an account's credit (the agency's refunds and
///   excess) to that account's own address; anyone may trigger either, so one blocked or
///   reverting payee never blocks others.
///
/// Invariant: for every token, the escrow's balance equals `totalOwed(token)`, which is the sum of
/// funded-but-not-settled milestone amounts, settled payee parts not yet withdrawn, and
/// credited-but-not-withdrawn balances. Tokens sent
/// to the escrow outside `fund` are surplus that the admin can sweep (`sweepSurplus`). Rebasing
/// tokens whose balances shrink without a transfer are not supported.
interface ISubcontractEscrow {
    // ------------------------------------------------------------------ types

    /// @notice Life of a milestone. `None` marks an index that was never scheduled.
    enum MilestoneStatus {
        None,
        Open,
        Disputed,
        Released,
        Resolved,
        Refunded
    }

    /// @notice Waterfall position of a payee. Workers come first, then subcontractors, and the
    /// prime's remainder is always the last payee of a milestone.
    enum PayeeKind {
        Worker,
        Subcontractor,
        Prime
    }

    /// @notice One named share of a milestone, as given when opening a project.
    struct Share {
        address payee;
        uint256 amount;
    }

    /// @notice One milestone as given when opening a project. `wages` and `subcontracts` keep
    /// their order in the waterfall; the prime receives `amount` minus both sums.
    struct MilestoneSpec {
        uint256 amount;
        uint64 deadline;
        Share[] wages;
        Share[] subcontracts;
    }

    /// @notice A project as stored.
    struct Project {
        address agency;
        address prime;
        address supervisor;
        IERC20 token;
        uint32 milestoneCount;
    }

    /// @notice A payee slot as stored: its current address, whether its part of the settled
    /// milestone was withdrawn, its fixed share, and the sum of the shares ahead of it in the
    /// waterfall.
    struct Payee {
        address account;
        bool withdrawn;
        uint128 amount;
        uint128 ahead;
    }

    /// @notice A milestone as stored, without its payees (see `payees`). `paid` is the payee
    /// part once settled: the whole amount when released, the arbiter's split when resolved,
    /// zero otherwise.
    struct Milestone {
        uint128 amount;
        uint128 funded;
        uint64 deadline;
        MilestoneStatus status;
        uint16 workerCount;
        uint16 payeeCount;
        uint128 paid;
    }

    // ------------------------------------------------------------------ errors

    /// @notice The prime contractor address is zero.
    error InvalidPrime(address prime);
    /// @notice The supervisor is zero or is the prime contractor (who must not approve own work).
    error InvalidSupervisor(address supervisor);
    /// @notice The payment token address holds no code.
    error InvalidToken(address token);
    /// @notice A project needs between one and `MAX_MILESTONES` milestones.
    error InvalidMilestoneCount(uint256 count, uint256 max);
    /// @notice A milestone has more named payees than `MAX_PAYEES - 1` (the prime takes one slot).
    error TooManyPayees(uint256 milestoneIndex, uint256 count, uint256 max);
    /// @notice A milestone amount is zero or does not fit in 128 bits.
    error InvalidMilestoneAmount(uint256 milestoneIndex, uint256 amount);
    /// @notice A milestone deadline is not in the future.
    error DeadlineNotInFuture(uint256 milestoneIndex, uint64 deadline, uint256 nowTimestamp);
    /// @notice A named payee is the zero address or the escrow itself.
    error InvalidPayee(uint256 milestoneIndex, uint256 payeeIndex, address payee);
    /// @notice A named share is zero.
    error ZeroShare(uint256 milestoneIndex, uint256 payeeIndex);
    /// @notice Wages plus subcontracts exceed the milestone amount.
    error SharesExceedMilestone(uint256 milestoneIndex, uint256 total, uint256 amount);

    /// @notice No project has this id.
    error UnknownProject(uint256 projectId);
    /// @notice The project has no milestone at this index.
    error UnknownMilestone(uint256 projectId, uint256 milestoneIndex);
    /// @notice The milestone has no payee at this index.
    error UnknownPayee(uint256 projectId, uint256 milestoneIndex, uint256 payeeIndex);
    /// @notice Only the project's agency may do this.
    error NotProjectAgency(uint256 projectId, address account);
    /// @notice Only the project's supervisor may approve its milestones.
    error NotProjectSupervisor(uint256 projectId, address account);
    /// @notice Only the project's agency or prime may dispute its milestones.
    error NotDisputant(uint256 projectId, address account);
    /// @notice Only the payee holding this slot may propose a new address for it.
    error NotPayee(uint256 projectId, uint256 milestoneIndex, uint256 payeeIndex, address account);

    /// @notice The milestone is not `Open` (funding, approval, dispute and refund need it open).
    error MilestoneNotOpen(uint256 projectId, uint256 milestoneIndex, MilestoneStatus status);
    /// @notice The milestone is not `Disputed`.
    error MilestoneNotDisputed(uint256 projectId, uint256 milestoneIndex, MilestoneStatus status);
    /// @notice The milestone is already settled (released, resolved or refunded).
    error MilestoneSettled(uint256 projectId, uint256 milestoneIndex, MilestoneStatus status);
    /// @notice The milestone's deadline has passed (funding and approval are over).
    error DeadlinePassed(uint256 projectId, uint256 milestoneIndex, uint64 deadline);
    /// @notice The milestone's deadline has not passed yet (no refund before it).
    error DeadlineNotReached(uint256 projectId, uint256 milestoneIndex, uint64 deadline);
    /// @notice The milestone is already fully funded.
    error MilestoneFullyFunded(uint256 projectId, uint256 milestoneIndex);
    /// @notice Approval needs the whole milestone amount funded.
    error MilestoneUnderfunded(
        uint256 projectId,
        uint256 milestoneIndex,
        uint256 funded,
        uint256 amount
    );
    /// @notice The arbiter's payee part exceeds what the milestone holds.
    error SplitExceedsFunded(
        uint256 projectId,
        uint256 milestoneIndex,
        uint256 payeeAmount,
        uint256 funded
    );
    /// @notice A refund of a milestone that holds nothing.
    error NothingToRefund(uint256 projectId, uint256 milestoneIndex);

    /// @notice A zero amount was given.
    error ZeroAmount();
    /// @notice The token reported a transfer but the escrow's balance did not grow.
    error NothingReceived(address token, uint256 sent);
    /// @notice The account has no credit in this token (or the payee slot has no part of a
    /// settled milestone).
    error NothingToWithdraw(address token, address account);
    /// @notice The payee slot's part of the settled milestone was already withdrawn.
    error PaymentAlreadyWithdrawn(uint256 projectId, uint256 milestoneIndex, uint256 payeeIndex);
    /// @notice A proposed payee address is zero, the escrow, or the current address.
    error InvalidNewPayee(address account);
    /// @notice The agency confirmed an address the payee did not propose.
    error PayeeChangeNotProposed(
        uint256 projectId,
        uint256 milestoneIndex,
        uint256 payeeIndex,
        address account
    );
    /// @notice The escrow holds no more of this token than it owes.
    error NoSurplus(address token);
    /// @notice A sweep, `withdrawTo` or `withdrawPaymentTo` recipient is the zero address (or, for
    /// the last two, the escrow).
    error InvalidRecipient(address recipient);

    // ------------------------------------------------------------------ events

    /// @notice A project was opened by `agency`.
    event ProjectOpened(
        uint256 indexed projectId,
        address indexed agency,
        address indexed prime,
        address supervisor,
        address token,
        uint256 milestoneCount
    );
    /// @notice A milestone of a project was scheduled (its payees follow as `PayeeScheduled`).
    event MilestoneScheduled(
        uint256 indexed projectId,
        uint256 indexed milestoneIndex,
        uint256 amount,
        uint64 deadline
    );
    /// @notice A payee slot of a milestone's waterfall was scheduled.
    event PayeeScheduled(
        uint256 indexed projectId,
        uint256 indexed milestoneIndex,
        uint256 payeeIndex,
        address indexed account,
        uint256 amount,
        PayeeKind kind
    );
    /// @notice `funder` sent `sent`; `credited` counts toward the milestone and `excess`
    /// (anything beyond its open amount) was credited back to the agency.
    event MilestoneFunded(
        uint256 indexed projectId,
        uint256 indexed milestoneIndex,
        address indexed funder,
        uint256 sent,
        uint256 credited,
        uint256 excess
    );
    /// @notice The supervisor approved the milestone: `amount` is settled to its waterfall, each
    /// slot's part readable with `claimable` and recomputable from the `PayeeScheduled` shares.
    event MilestoneApproved(
        uint256 indexed projectId,
        uint256 indexed milestoneIndex,
        address indexed supervisor,
        uint256 amount
    );
    /// @notice A payee slot's part of a settled milestone was sent to `recipient` (the slot's
    /// address unless its holder chose another with `withdrawPaymentTo`); `by` triggered it.
    event PaymentWithdrawn(
        uint256 indexed projectId,
        uint256 indexed milestoneIndex,
        uint256 payeeIndex,
        address indexed account,
        address recipient,
        uint256 amount,
        address by
    );
    /// @notice The milestone was frozen by the agency or the prime.
    event MilestoneDisputed(
        uint256 indexed projectId,
        uint256 indexed milestoneIndex,
        address indexed by
    );
    /// @notice The arbiter split a disputed milestone: `paid` settled to the waterfall in order,
    /// `refunded` credited to the agency.
    event DisputeResolved(
        uint256 indexed projectId,
        uint256 indexed milestoneIndex,
        address indexed arbiter,
        uint256 paid,
        uint256 refunded
    );
    /// @notice An expired milestone's funds were credited back to the agency.
    event MilestoneRefunded(
        uint256 indexed projectId,
        uint256 indexed milestoneIndex,
        address indexed agency,
        uint256 amount
    );
    /// @notice A payee proposed a new address for its slot.
    event PayeeChangeProposed(
        uint256 indexed projectId,
        uint256 indexed milestoneIndex,
        uint256 payeeIndex,
        address indexed proposed
    );
    /// @notice The agency confirmed a payee's new address.
    event PayeeChanged(
        uint256 indexed projectId,
        uint256 indexed milestoneIndex,
        uint256 payeeIndex,
        address previous,
        address indexed account
    );
    /// @notice `account`'s credit was sent to `recipient` (its own address unless the account
    /// itself chose another with `withdrawTo`); `by` triggered it.
    event Withdrawn(
        address indexed token,
        address indexed account,
        address recipient,
        uint256 amount,
        address indexed by
    );
    /// @notice Tokens held beyond what the escrow owes were sent to `to`.
    event SurplusSwept(address indexed token, address indexed to, uint256 amount);

    // ------------------------------------------------------------------ agency

    /// @notice Opens a project; the caller (an `AGENCY_ROLE` holder) becomes its agency.
    /// @return projectId the new project's id (starting at 1).
    function openProject(
        address prime,
        IERC20 token,
        address supervisor,
        MilestoneSpec[] calldata milestones
    ) external returns (uint256 projectId);

    /// @notice Pulls `amount` from the agency and credits what arrived to the milestone.
    /// @return credited the part counted toward the milestone (the rest is the agency's credit).
    function fund(
        uint256 projectId,
        uint256 milestoneIndex,
        uint256 amount
    ) external returns (uint256 credited);

    /// @notice Confirms the address a payee proposed for its slot.
    function confirmPayeeChange(
        uint256 projectId,
        uint256 milestoneIndex,
        uint256 payeeIndex,
        address account
    ) external;

    // ------------------------------------------------------------------ supervisor, arbiter

    /// @notice Approves a fully funded open milestone before its deadline and settles its whole
    /// amount to its waterfall (each payee slot then withdraws its part with `withdrawPayment`).
    function approveMilestone(uint256 projectId, uint256 milestoneIndex) external;

    /// @notice Freezes an open milestone (the agency or the prime).
    function disputeMilestone(uint256 projectId, uint256 milestoneIndex) external;

    /// @notice Resolves a dispute: `payeeAmount` is settled to the waterfall in order, the rest of
    /// the funded amount is credited to the agency. Only `ARBITER_ROLE`.
    function resolveDispute(
        uint256 projectId,
        uint256 milestoneIndex,
        uint256 payeeAmount
    ) external;

    // ------------------------------------------------------------------ anyone

    /// @notice Credits an open milestone's funds back to the agency once its deadline passed.
    function refundMilestone(uint256 projectId, uint256 milestoneIndex) external;

    /// @notice The holder of a payee slot proposes a new address for it (the agency confirms).
    function proposePayeeChange(
        uint256 projectId,
        uint256 milestoneIndex,
        uint256 payeeIndex,
        address account
    ) external;

    /// @notice Sends a payee slot's part of its settled milestone to the slot's address, once.
    /// Anyone may call.
    /// @return amount the amount sent.
    function withdrawPayment(
        uint256 projectId,
        uint256 milestoneIndex,
        uint256 payeeIndex
    ) external returns (uint256 amount);

    /// @notice Sends the caller's payee slot part to `to`: the escape hatch of a payee whose own
    /// address the token refuses (blocklisted, frozen). Only the slot's address.
    /// @return amount the amount sent.
    function withdrawPaymentTo(
        uint256 projectId,
        uint256 milestoneIndex,
        uint256 payeeIndex,
        address to
    ) external returns (uint256 amount);

    /// @notice Sends `account`'s whole credit in `token` (refunds to the agency, excess funding)
    /// to `account`. Anyone may call.
    /// @return amount the amount sent.
    function withdraw(IERC20 token, address account) external returns (uint256 amount);

    /// @notice Sends the caller's whole credit in `token` to `to`: the escape hatch of a payee
    /// whose own address the token refuses (blocklisted, frozen).
    /// @return amount the amount sent.
    function withdrawTo(IERC20 token, address to) external returns (uint256 amount);

    /// @notice Sends tokens held beyond `totalOwed(token)` to `to`. Only the admin.
    function sweepSurplus(IERC20 token, address to) external returns (uint256 amount);

    // ------------------------------------------------------------------ views

    /// @notice Number of projects opened so far (ids run from 1 to this number).
    function projectCount() external view returns (uint256);

    /// @notice A project's parties, token and milestone count.
    function project(uint256 projectId) external view returns (Project memory);

    /// @notice A milestone's amounts, deadline and status.
    function milestone(
        uint256 projectId,
        uint256 milestoneIndex
    ) external view returns (Milestone memory);

    /// @notice A milestone's waterfall: workers, then subcontractors, then the prime.
    function payees(
        uint256 projectId,
        uint256 milestoneIndex
    ) external view returns (Payee[] memory);

    /// @notice The address a payee proposed for its slot, zero if none.
    function pendingPayeeChange(
        uint256 projectId,
        uint256 milestoneIndex,
        uint256 payeeIndex
    ) external view returns (address);

    /// @notice What a payee slot can withdraw with `withdrawPayment`: its waterfall part of the
    /// settled milestone, zero before settlement and after its withdrawal.
    function claimable(
        uint256 projectId,
        uint256 milestoneIndex,
        uint256 payeeIndex
    ) external view returns (uint256);

    /// @notice What `account` can withdraw in `token` with `withdraw` (payee slots' parts are
    /// read with `claimable`).
    function creditOf(IERC20 token, address account) external view returns (uint256);

    /// @notice What the escrow owes in `token`: funded-but-unsettled, settled payee parts not yet
    /// withdrawn, and unwithdrawn credit.
    function totalOwed(IERC20 token) external view returns (uint256);
}
