"""Gas rows for ``make bench``: fund a milestone, approve a milestone with 10 payees, one
withdrawal. Token: a plain OpenZeppelin ERC-20 (``EscrowPlainToken``). No peer row: Smart
Invoice and OpenZeppelin 4's escrows have no waterfall to compare with."""

from __future__ import annotations

from civic.escrow import AGENCY_ROLE, MilestonePlan, specs
from civic.gas import GasRow, floor_gas

SERVICE = "escrow"
UNIT = 10**18
DAY = 86_400


def _row(operation: str, receipt) -> GasRow:
    return GasRow(
        service=SERVICE,
        operation=operation,
        gas=receipt.gas_used,
        floor_gas=floor_gas(bytes(receipt.transaction.data)),
    )


def measure(deployer, accounts) -> list[GasRow]:
    from ape import chain, project

    agency, supervisor, prime = accounts[1], accounts[2], accounts[3]
    payees = [accounts[4 + i] for i in range(9)]  # 5 workers, 4 subcontractors; the prime is 10th
    escrow = project.SubcontractEscrow.deploy(deployer.address, sender=deployer)
    escrow.grantRole(AGENCY_ROLE, agency, sender=deployer)
    token = project.EscrowPlainToken.deploy("Bench KRW", "bKRW", sender=deployer)
    token.mint(agency, 10**9 * UNIT, sender=agency)
    token.approve(escrow, 2**256 - 1, sender=agency)

    amount = 1_000_000 * UNIT
    plan = MilestonePlan(
        amount=amount,
        deadline=chain.pending_timestamp + 30 * DAY,
        wages=[(p, 100_000 * UNIT) for p in payees[:5]],
        subcontracts=[(p, 80_000 * UNIT) for p in payees[5:]],
    )
    # A first project warms the escrow's token balance and owed total (as in steady use).
    escrow.openProject(prime, token, supervisor, specs([plan]), sender=agency)
    escrow.fund(1, 0, amount, sender=agency)
    escrow.openProject(prime, token, supervisor, specs([plan]), sender=agency)

    rows = [
        _row("fund (whole milestone, token already held)", escrow.fund(2, 0, amount, sender=agency))
    ]
    rows.append(
        _row(
            "approveMilestone (10 payees: 5 wages, 4 subcontracts, prime)",
            escrow.approveMilestone(2, 0, sender=supervisor),
        )
    )
    rows.append(
        _row(
            "withdraw (one payee, to a fresh token holder)",
            escrow.withdraw(token, payees[0], sender=payees[0]),
        )
    )
    return rows
