// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ReturnsFalseToken} from "weird-erc20/ReturnsFalse.sol";

/// @title WeirdReturnsFalse
/// @notice Test-only wrapper making weird-erc20's `ReturnsFalseToken` (returns false even on success) reachable as `project.WeirdReturnsFalse`.
contract WeirdReturnsFalse is ReturnsFalseToken {
    constructor(uint256 supply) ReturnsFalseToken(supply) {}
}
