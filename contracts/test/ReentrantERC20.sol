// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ReentrantERC20
/// @notice Test-only ERC-20 that, on the next transfer after it is armed, calls back into a
/// target (the escrow, the vehicle registry) with fixed calldata and records whether that
/// call succeeded and what it returned, without failing the outer transfer. Tests then
/// assert the reentry was refused with the target's ReentrancyGuard error.
contract ReentrantERC20 is ERC20 {
    /// @notice Where and what to call during a transfer; `target == 0` disarms.
    address public target;
    bytes public payload;
    /// @notice Outcome of the last reentry attempt.
    uint256 public attempts;
    bool public lastSuccess;
    bytes public lastReturn;

    constructor() ERC20("Reentrant", "REE") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function arm(address target_, bytes calldata payload_) external {
        target = target_;
        payload = payload_;
    }

    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        address t = target;
        if (t != address(0) && from != address(0)) {
            target = address(0); // one attempt per arming, no recursion
            attempts += 1;
            (lastSuccess, lastReturn) = t.call(payload);
        }
    }
}
