// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {TransferFeeToken} from "weird-erc20/TransferFee.sol";

/// @notice Test only: weird-erc20's fee-on-transfer token (sales must reject it).
contract VehicleFeeToken is TransferFeeToken {
    constructor(uint256 supply, uint256 fee) TransferFeeToken(supply, fee) {}
}
