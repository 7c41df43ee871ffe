// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice Test-only service contract: holds NW and moves it on request, as an escrow or a
/// wage payment does (transfer of its own NW, transferFrom with an allowance it was given).
contract NWServiceMock {
    IERC20 private immutable _token;

    constructor(IERC20 token_) {
        _token = token_;
    }

    function pay(address to, uint256 amount) external {
        // The token reverts on failure (OZ ERC20); the bool is always true.
        // slither-disable-next-line unchecked-transfer
        _token.transfer(to, amount);
    }

    function payFrom(address from, address to, uint256 amount) external {
        // slither-disable-next-line unchecked-transfer
        _token.transferFrom(from, to, amount);
    }
}
