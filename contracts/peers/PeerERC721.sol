// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @notice Benchmark peer only: a plain OpenZeppelin ERC-721 with an open mint, measured
/// beside VehicleRegistry's register / complete-sale on the same node by `make bench`.
contract PeerERC721 is ERC721 {
    constructor() ERC721("Peer ERC721", "P721") {}

    function mint(address to, uint256 tokenId) external {
        _mint(to, tokenId);
    }
}
