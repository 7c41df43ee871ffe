// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";

/// @notice Test-only ERC-1271 wallet that misbehaves in one fixed way when asked about a
/// signature (`setMode` switches it, e.g. after the wallet signed up honestly). Shared by
/// every service that accepts wallet signatures. Modes: 0 burns all the gas it is given (INVALID opcode); 1 reverts with a long reason;
/// 2 returns a 32-byte word that is not the magic value; 3 returns the magic value in fewer
/// than 32 bytes; 4 returns `param` bytes of garbage (a huge answer); 5 approves any
/// signature, but only if it was given at least `param` gas (a costly but honest wallet;
/// a few hundred gas of call dispatch come off what the caller gave).
contract HostileERC1271Wallet {
    uint8 public constant BURN_ALL_GAS = 0;
    uint8 public constant REVERT = 1;
    uint8 public constant GARBAGE = 2;
    uint8 public constant SHORT = 3;
    uint8 public constant HUGE = 4;
    uint8 public constant NEEDS_GAS = 5;

    uint8 private _mode;
    uint256 private _param;

    constructor(uint8 mode_, uint256 param_) {
        setMode(mode_, param_);
    }

    function setMode(uint8 mode_, uint256 param_) public {
        _mode = mode_;
        _param = param_;
    }

    function mode() external view returns (uint8) {
        return _mode;
    }

    // The signature check is a staticcall, so this function never writes state.
    function isValidSignature(bytes32, bytes calldata) external view returns (bytes4) {
        uint256 given = gasleft(); // before this wallet's own storage reads
        uint8 m = _mode;
        uint256 param = _param;
        if (m == BURN_ALL_GAS) {
            assembly {
                invalid()
            }
        }
        if (m == REVERT) {
            revert(
                "HostileERC1271Wallet: this reason is long on purpose, to make the caller copy it"
            );
        }
        if (m == GARBAGE) return 0xdeadbeef;
        bytes4 magic = IERC1271.isValidSignature.selector;
        if (m == SHORT) {
            assembly {
                mstore(0x00, magic)
                return(0x00, 4)
            }
        }
        if (m == HUGE) {
            assembly {
                mstore(0x00, not(0))
                return(0x00, param)
            }
        }
        if (given < param) return 0xffffffff;
        return magic;
    }
}
