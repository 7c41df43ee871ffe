// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {BlockableToken} from "weird-erc20/BlockList.sol";

/// @title WeirdBlockList
/// @notice Test-only wrapper making weird-erc20's `BlockableToken` (its owner can block addresses from sending and receiving) reachable as `project.WeirdBlockList`.
contract WeirdBlockList is BlockableToken {
    constructor(uint256 supply) BlockableToken(supply) {}
}
