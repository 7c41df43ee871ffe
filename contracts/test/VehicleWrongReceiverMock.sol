// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice Test only: answers `onERC721Received` with the wrong magic value.
contract VehicleWrongReceiverMock {
    function onERC721Received(
        address,
        address,
        uint256,
        bytes calldata
    ) external pure returns (bytes4) {
        return bytes4(0xdeadbeef);
    }
}
