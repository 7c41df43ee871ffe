// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Test only: a plain OpenZeppelin ERC-20 with an open mint, used as sale currency.
contract VehicleTestToken is ERC20 {
    constructor() ERC20("Vehicle Test Won", "VTW") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
