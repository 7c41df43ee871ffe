// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {TransferFeeToken} from "weird-erc20/TransferFee.sol";

/// @title WeirdTransferFee
/// @notice Test-only wrapper making weird-erc20's `TransferFeeToken` (a fixed fee is burnt from every transfer) reachable as `project.WeirdTransferFee`.
contract WeirdTransferFee is TransferFeeToken {
    constructor(uint256 supply, uint256 fee) TransferFeeToken(supply, fee) {}
}
