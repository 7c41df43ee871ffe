// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";

/// @title SignerCheck
/// @notice Whether a signature over a digest is the signer's: an ECDSA signature by the
/// signer's key, or else an ERC-1271 approval by the signer's contract. Used for every
/// signed ballot (MVoting) and labor-contract signature (LaborRegistry).
/// @dev OpenZeppelin's `SignatureChecker.isValidSignatureNow` looks up the signer's code size
/// first: a cold EXTCODESIZE (2,600 gas) that every EOA signer pays for nothing. Trying ECDSA
/// first skips it. It accepts nothing the OpenZeppelin order rejects except an ECDSA signature
/// by the key of an account that also has code, i.e. an EIP-7702 account, whose key holder
/// controls that account anyway; a CREATE/CREATE2 address has no known key.
library SignerCheck {
    /// @notice True if `signature` over `digest` is valid for `signer` now.
    function isValidNow(
        address signer,
        bytes32 digest,
        bytes calldata signature
    ) internal view returns (bool) {
        // The third return value only details a malformed signature; err already says so.
        // slither-disable-next-line unused-return
        (address recovered, ECDSA.RecoverError err, ) = ECDSA.tryRecover(digest, signature);
        if (err == ECDSA.RecoverError.NoError && recovered == signer) return true;
        return SignatureChecker.isValidERC1271SignatureNow(signer, digest, signature);
    }
}
