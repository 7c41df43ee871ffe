// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title AltBn128
/// @notice G1 arithmetic on alt_bn128 through the EIP-196 precompiles: `ecAdd` (0x06, 150
/// gas) and `ecMul` (0x07, 6,000 gas, EIP-1108 prices). A point is `[x, y]`; the point at
/// infinity is `[0, 0]`. Each call is a `staticcall` with exactly the precompile's price as
/// its gas bound; a call that fails (a coordinate off the curve or not below `P`, or a chain
/// with other prices) reverts with `CurveOperationFailed`, so no unchecked point is used.
library AltBn128 {
    /// @notice The precompile refused its input (a point off alt_bn128 or out of the field).
    error CurveOperationFailed(address precompile, uint256 x, uint256 y);

    /// @notice The base field modulus.
    uint256 internal constant P =
        0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47;
    /// @notice The order of G1 (scalars are taken modulo it).
    uint256 internal constant Q =
        0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001;

    /// @dev `p + q`.
    function add(
        uint256[2] memory p,
        uint256[2] memory q
    ) internal view returns (uint256[2] memory r) {
        bool ok;
        // Reason: the precompile call with a fixed gas bound and its output written straight
        // into `r`; the input is staged above the free memory pointer without moving it.
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, mload(p))
            mstore(add(m, 0x20), mload(add(p, 0x20)))
            mstore(add(m, 0x40), mload(q))
            mstore(add(m, 0x60), mload(add(q, 0x20)))
            ok := staticcall(150, 0x06, m, 0x80, r, 0x40)
        }
        if (!ok) revert CurveOperationFailed(address(0x06), p[0], p[1]);
    }

    /// @dev `s * p`.
    function mul(uint256[2] memory p, uint256 s) internal view returns (uint256[2] memory r) {
        bool ok;
        // Reason: as in `add`, a bounded precompile call writing straight into `r`.
        // slither-disable-next-line assembly
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, mload(p))
            mstore(add(m, 0x20), mload(add(p, 0x20)))
            mstore(add(m, 0x40), s)
            ok := staticcall(6000, 0x07, m, 0x60, r, 0x40)
        }
        if (!ok) revert CurveOperationFailed(address(0x07), p[0], p[1]);
    }

    /// @dev `s * p - c * q` with `c < Q` (two `ecMul` and one `ecAdd`).
    function mulSub(
        uint256[2] memory p,
        uint256 s,
        uint256[2] memory q,
        uint256 c
    ) internal view returns (uint256[2] memory) {
        return add(mul(p, s), mul(q, Q - c));
    }

    /// @dev `-p` for a point the precompiles returned or accepted (so `p[1] < P`).
    function neg(uint256[2] memory p) internal pure returns (uint256[2] memory) {
        if (p[1] == 0) return p;
        return [p[0], P - p[1]];
    }

    /// @dev The generator `[1, 2]`.
    function g() internal pure returns (uint256[2] memory) {
        return [uint256(1), uint256(2)];
    }
}
