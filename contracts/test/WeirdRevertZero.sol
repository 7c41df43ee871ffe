// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {RevertZeroToken} from "weird-erc20/RevertZero.sol";

/// @title WeirdRevertZero
/// @notice Test-only wrapper making weird-erc20's `RevertZeroToken` (zero-value transfers revert) reachable as `project.WeirdRevertZero`.
contract WeirdRevertZero is RevertZeroToken {
    constructor(uint256 supply) RevertZeroToken(supply) {}
}
