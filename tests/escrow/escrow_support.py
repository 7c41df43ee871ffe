"""Constants and helpers shared by the escrow tests (imported by name: a module called
``conftest`` would collide with the other services' conftest files in one pytest run)."""

from __future__ import annotations

from dataclasses import dataclass

import ape

from civic.escrow.recount import audit

UNIT = 10**18
DAY = 86_400
SUPPLY = 10**9 * UNIT
FEE = 10**15  # weird-erc20 TransferFeeToken: a fixed fee burnt from every transfer
OUTCOME = {True: 0, False: 1, None: 2, "revert": 3}


@dataclass
class TokenCase:
    """A token the escrow must handle, and how it misbehaves."""

    name: str
    token: object
    fee: int = 0  # burnt from every transfer
    mintable: bool = True

    def give(self, deployer, to, amount: int) -> None:
        if self.mintable:
            self.token.mint(to, amount, sender=deployer)
        else:
            self.token.transfer(to, amount + self.fee, sender=deployer)

    def insufficient(self, escrow, account, have: int, want: int):
        """The revert a ``fund`` of more than ``account`` holds ends with."""
        if not self.mintable:  # weird-erc20's own require string, bubbled by SafeERC20
            return ape.reverts("insufficient-balance")
        fail = self.token.failMode()
        if fail == OUTCOME["revert"]:
            return ape.reverts(self.token.MatrixInsufficient, account=account, have=have, want=want)
        if fail == OUTCOME[False]:
            return ape.reverts(escrow.SafeERC20FailedOperation, token=self.token.address)
        # returns nothing or true on failure: SafeERC20 accepts it, the balance check does not
        return ape.reverts(escrow.NothingReceived, token=self.token.address, sent=want)


MATRIX = [
    ("true-revert", True, "revert"),
    ("true-false", True, False),
    ("true-none", True, None),
    ("true-true", True, True),
    ("none-revert", None, "revert"),
    ("none-false", None, False),
    ("none-none", None, None),
]
CASES = [m[0] for m in MATRIX] + ["weird-missing-returns", "weird-fee-on-transfer"]


def make_case(name: str, project, deployer, token_factory) -> TokenCase:
    for label, success, fail in MATRIX:
        if label == name:
            return TokenCase(name, token_factory(success=success, fail=fail, name=label))
    if name == "weird-missing-returns":
        return TokenCase(
            name, project.WeirdMissingReturns.deploy(SUPPLY, sender=deployer), mintable=False
        )
    if name == "weird-fee-on-transfer":
        token = project.WeirdTransferFee.deploy(SUPPLY, FEE, sender=deployer)
        return TokenCase(name, token, fee=FEE, mintable=False)
    raise ValueError(name)


def assert_consistent(escrow, *tokens) -> None:
    """The escrow holds exactly what it owes, and its events recount to its getters."""
    for token in tokens:
        assert token.balanceOf(escrow) == escrow.totalOwed(token)
    assert audit(escrow) == []
