// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC20} from "solady/tokens/ERC20.sol";

/// @notice Benchmark peer only: Solady's ERC-20 with an open mint, measured
/// beside NW on the same node by `make bench`.
contract PeerSoladyERC20 is ERC20 {
    function name() public pure override returns (string memory) {
        return "Solady Peer";
    }

    function symbol() public pure override returns (string memory) {
        return "SPEER";
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
