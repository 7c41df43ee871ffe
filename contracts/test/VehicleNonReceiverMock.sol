// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice Test only: a contract without `onERC721Received`; safe transfers to it must revert.
contract VehicleNonReceiverMock {
    uint256 public touched;

    function touch() external {
        ++touched;
    }
}
