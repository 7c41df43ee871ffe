// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice Test helper: many ERC-20 balances in one eth_call, so property-test
/// invariants can check every holder after every step without one RPC per holder.
contract TestBalanceReader {
    function balancesOf(
        IERC20 token,
        address[] calldata holders
    ) external view returns (uint256[] memory balances, uint256 sum, uint256 totalSupply) {
        balances = new uint256[](holders.length);
        for (uint256 i = 0; i < holders.length; ++i) {
            balances[i] = token.balanceOf(holders[i]);
            sum += balances[i];
        }
        totalSupply = token.totalSupply();
    }
}
