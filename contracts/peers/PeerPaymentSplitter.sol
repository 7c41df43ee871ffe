// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {PaymentSplitter} from "@openzeppelin/contracts-v4/finance/PaymentSplitter.sol";

/// @notice Benchmark peer only: OpenZeppelin 4.9's stock PaymentSplitter (pull payments by
/// shares), measured beside the escrow's payee withdrawal by `make bench`.
contract PeerPaymentSplitter is PaymentSplitter {
    constructor(address[] memory payees, uint256[] memory shares) PaymentSplitter(payees, shares) {}
}
