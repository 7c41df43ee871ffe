// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {MissingReturnToken} from "weird-erc20/MissingReturns.sol";

/// @notice Test-only ERC-20 whose transfers return nothing (USDT-style), for SafeERC20.
contract LaborMissingReturnToken is MissingReturnToken {
    constructor(uint256 supply) MissingReturnToken(supply) {}
}
