// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {MissingReturnToken} from "weird-erc20/MissingReturns.sol";

/// @notice Test only: weird-erc20's token whose transfers return nothing (USDT style);
/// SafeERC20 must still settle sales in it.
contract VehicleMissingReturnsToken is MissingReturnToken {
    constructor(uint256 supply) MissingReturnToken(supply) {}
}
