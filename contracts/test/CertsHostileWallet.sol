// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @notice Test-only ERC-1271 wallet that misbehaves on purpose, one way per `mode`:
/// 0 reverts, 1 burns all the gas it is given, 2 returns a wrong word, 3 returns the magic
/// value in a 64-byte answer, 4 returns the magic value after burning more than 50,000 gas.
contract CertsHostileWallet {
    uint256 private immutable _mode;

    constructor(uint256 mode_) {
        _mode = mode_;
    }

    function isValidSignature(bytes32, bytes memory) external view returns (bytes4) {
        uint256 mode = _mode;
        if (mode == 0) revert("no");
        if (mode == 1) {
            while (true) {}
        }
        if (mode == 2) return 0xdeadbeef;
        if (mode == 3) {
            assembly {
                mstore(0x00, 0x1626ba7e00000000000000000000000000000000000000000000000000000000)
                mstore(0x20, 0x01)
                return(0x00, 0x40)
            }
        }
        uint256 acc;
        for (uint256 i; i < 400; ++i) {
            acc += uint256(keccak256(abi.encode(i, gasleft())));
        }
        return acc == 0 ? bytes4(0) : bytes4(0x1626ba7e);
    }
}
