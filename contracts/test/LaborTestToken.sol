// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Test-only stand-in for NW in the labor tests: a plain ERC-20 anyone can mint.
contract LaborTestToken is ERC20 {
    constructor() ERC20("Labor Test Won", "LTW") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
