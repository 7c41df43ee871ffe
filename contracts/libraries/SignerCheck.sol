// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";

/// @title SignerCheck
/// @notice Whether a signature over a digest is the signer's: an ECDSA signature by the
/// signer's key, or else an ERC-1271 approval by the signer's contract. Used for every
/// signed ballot (MVoting) and labor-contract signature (LaborRegistry).
///
/// A wallet is untrusted code, so its `isValidSignature` runs as a `staticcall` with exactly
/// `ERC1271_GAS` gas, and at most its first 32 bytes of return data are copied. A wallet
/// that reverts, runs out of that gas (e.g. the INVALID opcode), returns fewer than 32 bytes
/// or anything but the ERC-1271 magic value in its first word gives "not valid", for a
/// fixed worst-case cost: `ERC1271_GAS` plus a few thousand gas of call overhead, however
/// large its return data.
///
/// EIP-150 forwards at most 63/64 of the gas left, so a caller could otherwise starve a
/// valid wallet below `ERC1271_GAS` and have its signature reported as invalid. The check
/// therefore requires `ERC1271_GAS_REQUIRED` gas left before the call and reverts the whole
/// transaction with `GasTooLowForWalletCheck` when it is short: "not valid" always means the
/// wallet itself said no.
/// @dev OpenZeppelin's `SignatureChecker.isValidSignatureNow` looks up the signer's code size
/// first: a cold EXTCODESIZE (2,600 gas) that every EOA signer pays for nothing. Trying ECDSA
/// first skips it. It accepts nothing the OpenZeppelin order rejects except an ECDSA signature
/// by the key of an account that also has code, i.e. an EIP-7702 account, whose key holder
/// controls that account anyway; a CREATE/CREATE2 address has no known key.
library SignerCheck {
    /// @notice Gas given to a wallet's `isValidSignature`. Measured on a Safe 1.4.1 (proxy,
    /// singleton and CompatibilityFallbackHandler, every account and slot cold, solc 0.8.28,
    /// optimizer 200): the least gas with which it approves is 27,026 for one required owner
    /// signature and 6,673 more per further one (33,700 / 40,373 / 47,046 for 2 / 3 / 4), so a
    /// Safe with a threshold up to 4 fits (5 needs 53,720). A hostile wallet can waste at most
    /// this much per signature.
    uint256 internal constant ERC1271_GAS = 50_000;

    /// @notice Gas that must be left before the wallet call: `ERC1271_GAS` after EIP-150's
    /// 1/64 retention, plus the call's own cost (a cold account access at most) and the few
    /// instructions between the check and the call.
    uint256 internal constant ERC1271_GAS_REQUIRED = ERC1271_GAS + ERC1271_GAS / 63 + 3_000;

    /// @dev Masks the `s` half of an EIP-2098 `vs` word.
    uint256 private constant _S_MASK = (1 << 255) - 1;
    /// @dev secp256k1's group order n over 2: the largest `s` OpenZeppelin ECDSA accepts.
    uint256 private constant _HALF_ORDER =
        0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;

    /// @notice Too little gas is left to give the wallet `ERC1271_GAS` (see EIP-150); the
    /// sender must raise the transaction's gas limit.
    error GasTooLowForWalletCheck(address wallet, uint256 gasLeft, uint256 gasRequired);

    /// @notice True if `signature` over `digest` is valid for `signer` now.
    function isValidNow(
        address signer,
        bytes32 digest,
        bytes calldata signature
    ) internal view returns (bool) {
        // A 65-byte signature is r, s, v read straight from calldata, as ECDSA.tryRecover
        // (bytes) reads them from memory, without copying the signature into memory; any
        // other length is no ECDSA signature there either, so only a wallet can accept it.
        if (signature.length == 65) {
            bytes32 r;
            bytes32 s;
            uint8 v;
            // Reason: three calldata loads within the 65 bytes just checked; no memory use.
            // slither-disable-next-line assembly
            assembly ("memory-safe") {
                r := calldataload(signature.offset)
                s := calldataload(add(signature.offset, 0x20))
                v := byte(0, calldataload(add(signature.offset, 0x40)))
            }
            // The third return value only details a malformed signature; err already says so.
            // slither-disable-next-line unused-return
            (address recovered, ECDSA.RecoverError err, ) = ECDSA.tryRecover(digest, v, r, s);
            if (err == ECDSA.RecoverError.NoError && recovered == signer) return true;
        }
        if (signer.code.length == 0) return false;
        return isValidERC1271Now(signer, digest, signature);
    }

    /// @notice True if the EIP-2098 compact signature `r`, `vs` over `digest` is valid for
    /// `signer` now: an ECDSA signature by the signer's key under OpenZeppelin ECDSA's rules
    /// (`s` at most n/2, recovered address not zero), checked with the ecrecover precompile
    /// directly; else, if the signer has code, its ERC-1271 approval of the 64 bytes `r ‖ vs`,
    /// asked as {isValidERC1271Now} asks.
    function isValidCompactNow(
        address signer,
        bytes32 digest,
        bytes32 r,
        bytes32 vs
    ) internal view returns (bool) {
        // EIP-2098: the top bit of vs is v - 27, the rest is s.
        uint256 s = uint256(vs) & _S_MASK;
        if (s <= _HALF_ORDER) {
            address recovered;
            // Reason: the precompile's four input words are written past the free memory
            // pointer, which is not moved; its answer lands in the scratch word at 0x00, which
            // is zeroed first because a failed recovery returns no data.
            // slither-disable-next-line assembly
            assembly ("memory-safe") {
                let ptr := mload(0x40)
                mstore(ptr, digest)
                mstore(add(ptr, 0x20), add(shr(255, vs), 27))
                mstore(add(ptr, 0x40), r)
                mstore(add(ptr, 0x60), s)
                mstore(0x00, 0)
                pop(staticcall(gas(), 0x01, ptr, 0x80, 0x00, 0x20))
                recovered := mload(0x00)
            }
            if (recovered == signer && recovered != address(0)) return true;
        }
        if (signer.code.length == 0) return false;
        return _isValidERC1271CompactNow(signer, digest, r, vs);
    }

    /// @notice True if the contract `wallet` approves `signature` over `digest` (ERC-1271),
    /// asked with exactly `ERC1271_GAS` gas; reverts `GasTooLowForWalletCheck` if the caller
    /// cannot give it that much.
    function isValidERC1271Now(
        address wallet,
        bytes32 digest,
        bytes calldata signature
    ) internal view returns (bool valid) {
        bytes memory data = abi.encodeCall(IERC1271.isValidSignature, (digest, signature));
        bytes4 magic = IERC1271.isValidSignature.selector;
        uint256 available = gasleft();
        if (available < ERC1271_GAS_REQUIRED) {
            revert GasTooLowForWalletCheck(wallet, available, ERC1271_GAS_REQUIRED);
        }
        // Reason: the wallet is untrusted; it gets a fixed gas bound, cannot change state
        // (staticcall), and only the first 32 bytes of whatever it returns are copied, into
        // the scratch space at 0x00 (memory-safe: Solidity's scratch space is free to use).
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            let ok := staticcall(ERC1271_GAS, wallet, add(data, 0x20), mload(data), 0x00, 0x20)
            valid := and(ok, and(gt(returndatasize(), 0x1f), eq(mload(0x00), magic)))
        }
    }
    /// @dev {isValidERC1271Now} for the 64-byte signature `r ‖ vs`, its call data built in
    /// memory: `isValidSignature(digest, abi.encodePacked(r, vs))`.
    function _isValidERC1271CompactNow(
        address wallet,
        bytes32 digest,
        bytes32 r,
        bytes32 vs
    ) private view returns (bool valid) {
        bytes memory data = abi.encodeCall(
            IERC1271.isValidSignature,
            (digest, abi.encodePacked(r, vs))
        );
        bytes4 magic = IERC1271.isValidSignature.selector;
        uint256 available = gasleft();
        if (available < ERC1271_GAS_REQUIRED) {
            revert GasTooLowForWalletCheck(wallet, available, ERC1271_GAS_REQUIRED);
        }
        // Reason: as in isValidERC1271Now: bounded gas, staticcall, 32 bytes of answer read.
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            let ok := staticcall(ERC1271_GAS, wallet, add(data, 0x20), mload(data), 0x00, 0x20)
            valid := and(ok, and(gt(returndatasize(), 0x1f), eq(mload(0x00), magic)))
        }
    }
}
