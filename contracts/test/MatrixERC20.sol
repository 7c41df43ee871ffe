// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

/// @title MatrixERC20
/// @notice Test-only ERC-20 with brownie-token-tester's behaviour matrix: what `transfer`,
/// `transferFrom` and `approve` return on success (true, false or nothing) and what they do on
/// failure (revert, return false, return true or return nothing). A failure is an insufficient
/// balance or allowance; a non-reverting failure changes no state.
/// @dev Returning "nothing" is done in assembly so one function can return 0 or 32 bytes.
contract MatrixERC20 {
    /// @notice What a call gives back. `Revert` is only meaningful for `failMode`.
    enum Outcome {
        True,
        False,
        Nothing,
        Revert
    }

    error MatrixInsufficient(address account, uint256 have, uint256 want);
    error MatrixInvalidMode(Outcome successMode, Outcome failMode);

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    string public name;
    string public symbol;
    uint8 public constant decimals = 18;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    Outcome public immutable successMode;
    Outcome public immutable failMode;

    constructor(string memory name_, Outcome successMode_, Outcome failMode_) {
        if (successMode_ == Outcome.Revert) revert MatrixInvalidMode(successMode_, failMode_);
        name = name_;
        symbol = name_;
        successMode = successMode_;
        failMode = failMode_;
    }

    /// @notice Anyone may mint: this is a test token.
    function mint(address to, uint256 amount) external {
        totalSupply += amount;
        balanceOf[to] += amount;
        emit Transfer(address(0), to, amount);
    }

    function transfer(address to, uint256 amount) external returns (bool) {
        _finish(_move(msg.sender, to, amount));
    }

    function transferFrom(address from, address to, uint256 amount) external returns (bool) {
        uint256 allowed = allowance[from][msg.sender];
        if (allowed < amount) {
            if (failMode == Outcome.Revert) revert MatrixInsufficient(from, allowed, amount);
            _finish(false);
        }
        bool ok = _move(from, to, amount);
        if (ok && allowed != type(uint256).max) allowance[from][msg.sender] = allowed - amount;
        _finish(ok);
    }

    function approve(address spender, uint256 amount) external returns (bool) {
        allowance[msg.sender][spender] = amount;
        emit Approval(msg.sender, spender, amount);
        _finish(true);
    }

    function _move(address from, address to, uint256 amount) internal returns (bool) {
        uint256 have = balanceOf[from];
        if (have < amount) {
            if (failMode == Outcome.Revert) revert MatrixInsufficient(from, have, amount);
            return false;
        }
        balanceOf[from] = have - amount;
        balanceOf[to] += amount;
        emit Transfer(from, to, amount);
        return true;
    }

    /// @dev Ends the call with the configured outcome; never returns to the caller function.
    function _finish(bool ok) internal view {
        Outcome outcome = ok ? successMode : failMode;
        if (outcome == Outcome.Nothing) {
            assembly {
                return(0, 0)
            }
        }
        uint256 word = outcome == Outcome.True ? 1 : 0;
        assembly {
            mstore(0, word)
            return(0, 32)
        }
    }
}
