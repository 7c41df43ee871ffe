"""Gas rows for ``make bench``: fund a milestone, approve a milestone with 10 and with 50
payees, and a payee's withdrawal, first to a fresh token holder and then to one paid before.
Token: a plain OpenZeppelin ERC-20 (``EscrowPlainToken``). Peer of the withdrawal:
OpenZeppelin 4.9's ``PaymentSplitter.release(token, account)`` (``PeerPaymentSplitter``), a
payee's first release (the splitter already paid another payee, as the escrow already holds
and owes the token) and a later one. Approval has no peer: the stock splitters and escrows
have no waterfall."""

from __future__ import annotations

from civic.escrow import AGENCY_ROLE, MilestonePlan, specs
from civic.gas import GasRow, floor_gas

SERVICE = "escrow"
UNIT = 10**18
DAY = 86_400
SPLITTER = "OZ 4.9 PaymentSplitter"


def _row(operation: str, receipt, peer: str | None = None, peer_operation=None, peer_receipt=None):
    return GasRow(
        service=SERVICE,
        operation=operation,
        gas=receipt.gas_used,
        peer=peer,
        peer_operation=peer_operation,
        peer_gas=peer_receipt.gas_used if peer_receipt is not None else None,
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
    # 50 slots: 25 wages, 24 subcontracts (the nine payees in turn), and the prime.
    wide = MilestonePlan(
        amount=amount,
        deadline=chain.pending_timestamp + 30 * DAY,
        wages=[(payees[i % 9], 10_000 * UNIT) for i in range(25)],
        subcontracts=[(payees[i % 9], 8_000 * UNIT) for i in range(24)],
    )
    # A first project warms the escrow's token balance and owed total (as in steady use).
    escrow.openProject(prime, token, supervisor, specs([plan]), sender=agency)
    escrow.fund(1, 0, amount, sender=agency)
    escrow.openProject(prime, token, supervisor, specs([plan]), sender=agency)
    escrow.openProject(prime, token, supervisor, specs([wide]), sender=agency)

    rows = [
        _row("fund (whole milestone, token already held)", escrow.fund(2, 0, amount, sender=agency))
    ]
    escrow.fund(3, 0, amount, sender=agency)
    rows.append(
        _row(
            "approveMilestone (10 payees: 5 wages, 4 subcontracts, prime)",
            escrow.approveMilestone(2, 0, sender=supervisor),
        )
    )
    rows.append(
        _row(
            "approveMilestone (50 payees: 25 wages, 24 subcontracts, prime)",
            escrow.approveMilestone(3, 0, sender=supervisor),
        )
    )
    escrow.approveMilestone(1, 0, sender=supervisor)

    # The peer: ten payees by the same shares, the same token; its first payee warms it.
    splitter = project.PeerPaymentSplitter.deploy(
        [p.address for p in payees] + [prime.address],
        [100_000] * 5 + [80_000] * 4 + [180_000],
        sender=deployer,
    )
    token.transfer(splitter, amount, sender=agency)
    splitter.release(token.address, prime.address, sender=prime)
    # payees[1] has never held the token (the escrow's rows below pay payees[0]).
    first_release = splitter.release(token.address, payees[1].address, sender=payees[1])
    token.transfer(splitter, amount, sender=agency)
    later_release = splitter.release(token.address, payees[1].address, sender=payees[1])

    rows.append(
        _row(
            "withdrawPayment (a payee's first payment, to a fresh token holder)",
            escrow.withdrawPayment(2, 0, 0, sender=payees[0]),
            SPLITTER,
            "release(token, account): a payee's first release",
            first_release,
        )
    )
    rows.append(
        _row(
            "withdrawPayment (a payee paid before)",
            escrow.withdrawPayment(1, 0, 0, sender=payees[0]),
            SPLITTER,
            "release(token, account): a payee released before",
            later_release,
        )
    )
    return rows
