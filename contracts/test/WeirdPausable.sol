// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {PausableToken} from "weird-erc20/Pausable.sol";

/// @title WeirdPausable
/// @notice Test-only wrapper making weird-erc20's `PausableToken` (its owner can pause every transfer) reachable as `project.WeirdPausable`.
contract WeirdPausable is PausableToken {
    constructor(uint256 supply) PausableToken(supply) {}
}
