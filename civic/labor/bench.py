"""Gas of the labor registry (``make bench``).

Rows:
- activate a contract from two EIP-712 signatures, submitted by a relayer (worker's first
  contract: nothing about the worker is stored yet), with an EOA worker and with an ERC-1271
  wallet worker (the repository's MockERC1271Wallet); peer for both: an EAS ``attest`` with
  96 bytes of data, deployed and measured in the same run (civic.peers); target <= 0.40x;
- the on-chain path: propose, then accept (no peer);
- record a batch of 7 shifts (one week), confirm the 7 shifts in one call, and the same
  confirmation relayed from the worker's signature (no peer).
"""

from __future__ import annotations

from civic.gas import GasRow, floor_gas
from civic.labor.calendar import SECONDS_PER_DAY
from civic.labor.deploy import ROLE_NAMES, deploy
from civic.labor.payloads import Terms, agreement_id, domain_of, sign_contract, sign_shift_review
from civic.peers import EAS_ATTEST_OPERATION, measure_eas_attest

SERVICE = "labor"
TARGET_RATIO = 0.40
DEADLINE = 2**40


def _floor(receipt) -> int:
    return floor_gas(bytes(receipt.transaction.data))


def measure(deployer, accounts) -> list[GasRow]:
    from ape import chain, project

    employer, worker, relayer, wallet_owner, worker3 = (accounts[i] for i in (11, 12, 13, 14, 15))
    roles = dict.fromkeys(ROLE_NAMES, deployer.address)
    registry = deploy(deployer, roles)
    registry.registerEmployer(b"\xb1" * 32, sender=employer)
    domain = domain_of(registry, chain.chain_id)
    start = int(registry.minimumWageEntry(0).effectiveDay)
    rows: list[GasRow] = []
    _, attest = measure_eas_attest(deployer, relayer, (worker3.address, worker.address))
    eas_gas = attest.gas_used

    def terms_for(worker_address: str, doc: int) -> Terms:
        return Terms(employer.address, worker_address, bytes([doc]) * 32, 10_030, 900, start)

    # Activation from two EOA signatures.
    terms = terms_for(worker.address, 1)
    sigs = [sign_contract(a, domain, terms, 1, 1, DEADLINE) for a in (employer, worker)]
    tx = registry.activate(terms.as_tuple(), 1, DEADLINE, *sigs, sender=relayer)
    rows.append(
        GasRow(
            SERVICE,
            "activate contract from two signatures (EOA worker)",
            tx.gas_used,
            "EAS",
            EAS_ATTEST_OPERATION,
            eas_gas,
            _floor(tx),
        )
    )
    agreement = agreement_id(employer.address, worker.address, 1)

    # Activation with an ERC-1271 wallet as the worker.
    wallet = project.MockERC1271Wallet.deploy(wallet_owner, sender=deployer)
    wterms = terms_for(wallet.address, 2)
    wsigs = [
        sign_contract(employer, domain, wterms, 1, 1, DEADLINE),
        sign_contract(wallet_owner, domain, wterms, 1, 1, DEADLINE),
    ]
    tx = registry.activate(wterms.as_tuple(), 1, DEADLINE, *wsigs, sender=relayer)
    rows.append(
        GasRow(
            SERVICE,
            "activate contract, ERC-1271 wallet worker",
            tx.gas_used,
            "EAS",
            EAS_ATTEST_OPERATION,
            eas_gas,
            _floor(tx),
        )
    )

    # On-chain path.
    pterms = terms_for(worker3.address, 3)
    tx = registry.propose(pterms.as_tuple(), 1, sender=employer)
    rows.append(GasRow(SERVICE, "propose contract on chain", tx.gas_used, floor_gas=_floor(tx)))
    tx = registry.accept(employer.address, 1, sender=worker3)
    rows.append(GasRow(SERVICE, "accept proposal on chain", tx.gas_used, floor_gas=_floor(tx)))

    # One week of shifts: a Monday..Sunday week after the start day, then travel past it.
    monday = start + (-(start + 3)) % 7
    chain.pending_timestamp = chain.pending_timestamp + (monday + 8 - start) * SECONDS_PER_DAY
    chain.mine()
    week = [(monday + i, 240) for i in range(7)]
    tx = registry.recordShifts(agreement, week, sender=employer)
    rows.append(GasRow(SERVICE, "record a batch of 7 shifts", tx.gas_used, floor_gas=_floor(tx)))
    tx = registry.confirmShifts(agreement, list(range(7)), sender=worker)
    rows.append(GasRow(SERVICE, "confirm 7 shifts (worker)", tx.gas_used, floor_gas=_floor(tx)))

    registry.recordShifts(agreement, week, sender=employer)
    indexes = list(range(7, 14))
    sig = sign_shift_review(worker, domain, agreement, indexes, True, 0, DEADLINE)
    tx = registry.reviewShiftsBySig(agreement, indexes, True, 0, DEADLINE, sig, sender=relayer)
    rows.append(
        GasRow(SERVICE, "confirm 7 shifts (relayed signature)", tx.gas_used, floor_gas=_floor(tx))
    )
    return rows
