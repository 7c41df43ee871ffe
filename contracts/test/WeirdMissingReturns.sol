// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {MissingReturnToken} from "weird-erc20/MissingReturns.sol";

/// @title WeirdMissingReturns
/// @notice Test-only wrapper making weird-erc20's `MissingReturnToken` (transfer, transferFrom and approve return nothing) reachable as `project.WeirdMissingReturns`.
contract WeirdMissingReturns is MissingReturnToken {
    constructor(uint256 supply) MissingReturnToken(supply) {}
}
