"""The hostile ERC-1271 wallet (contracts/test/HostileERC1271Wallet.sol) that every
service's wallet tests use: its modes, as the contract's own constants number them
(`test_hostile_wallet__modes__match_the_contract` fails if they drift), and the five ways
it misbehaves."""

BURN_ALL_GAS, REVERT, GARBAGE, SHORT, HUGE, NEEDS_GAS = range(6)
#: name -> (mode, parameter) of each misbehaving wallet
HOSTILE = {
    "gas burner": (BURN_ALL_GAS, 0),
    "reverter": (REVERT, 0),
    "garbage": (GARBAGE, 0),
    "short answer": (SHORT, 0),
    "64 KiB answer": (HUGE, 64 * 1024),
}
MODES = {
    "BURN_ALL_GAS": BURN_ALL_GAS,
    "REVERT": REVERT,
    "GARBAGE": GARBAGE,
    "SHORT": SHORT,
    "HUGE": HUGE,
    "NEEDS_GAS": NEEDS_GAS,
}
