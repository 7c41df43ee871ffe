// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {TransferFeeToken} from "weird-erc20/TransferFee.sol";

/// @notice Test-only fee-on-transfer token (weird-erc20): the worker would receive less.
contract LaborFeeToken is TransferFeeToken {
    constructor(uint256 supply, uint256 fee) TransferFeeToken(supply, fee) {}
}
