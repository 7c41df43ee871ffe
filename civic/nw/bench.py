"""Gas rows for NW: transfer to a merchant (vs Solady and OZ transfers to an existing
holder), issue (vs an OZ mint), and signed payments at a shop's terminal, settled alone
and in a batch of 50, all measured on the connected node."""

from __future__ import annotations

from civic.gas import GasRow, calldata_floor, floor_gas, intrinsic_gas
from civic.nw import (
    ISSUER_ROLE,
    MERCHANT_MANAGER_ROLE,
    compact_batch,
    payment_nonce,
    reference,
    sign_payment,
)

#: Payments in the measured terminal batch.
BATCH = 50

# Unavoidable execution of one signed payment (cancun): the signature's ecrecover, the
# payer's balance (cold read + non-zero write), the payer's nonce word (cold read + write
# of a word already in use; a word's first bit costs 22,100), a Transfer and an
# AuthorizationUsed log (375 + 3 x 375 topics + 8 x 32 data bytes each).
ECRECOVER = 3_000
COLD_WRITE = 2_100 + 2_900
FRESH_WORD = 22_100
LOG = 375 + 3 * 375 + 8 * 32
PAYMENT_EXECUTION_FLOOR = ECRECOVER + COLD_WRITE + COLD_WRITE + 2 * LOG


def _floor(receipt) -> int:
    return floor_gas(bytes(receipt.transaction.data))


def _signed_payments(deployer, nw, shop, solady_transfer: int) -> list[GasRow]:
    """One signed payment settled alone, and 50 residents' payments in one terminal
    batch to one shop; every payer has paid before (its balance and nonce word are in
    use), as a resident at the counter has. Also the first payment of a fresh nonce word."""
    from ape import accounts, chain

    # payers only sign: keys without ether are enough
    payers = [accounts.test_accounts.generate_test_account() for _ in range(BATCH)]
    refs = [reference("volunteer", f"bench-qr-{i}") for i in range(len(payers))]
    nw.issueBatch(payers, [10_000] * len(payers), refs, [60] * len(payers), sender=deployer)
    valid_before = chain.pending_timestamp + 3600

    def auth(payer, bit, word=1):
        return sign_payment(
            nw, payer, shop.address, 100, payment_nonce(word, bit),
            reference("order", f"bench-{payer.address}-{word}-{bit}"), valid_before,
        )  # fmt: skip

    # earlier payments: each payer's nonce word 1 holds a used bit
    nw.receiveBatchWithAuthorization(compact_batch(auth(p, 0) for p in payers), sender=shop)
    fresh = nw.receiveWithAuthorization(auth(payers[0], 0, word=2), sender=shop)
    alone = nw.receiveWithAuthorization(auth(payers[0], 1), sender=shop)
    batch = nw.receiveBatchWithAuthorization(compact_batch(auth(p, 2) for p in payers), sender=shop)
    if rejected := batch.decode_logs(nw.PaymentAuthorizationRejected):
        raise RuntimeError(f"bench batch rejected {len(rejected)} items")

    def floor(receipt, n, word=COLD_WRITE):
        """Per payment: intrinsic gas plus the unavoidable execution, or EIP-7623's
        calldata floor if that is more."""
        data = bytes(receipt.transaction.data)
        execution = n * (PAYMENT_EXECUTION_FLOOR - COLD_WRITE + word)
        return max(intrinsic_gas(data) + execution, calldata_floor(data)) // n

    per_item = batch.gas_used // BATCH
    return [
        GasRow("nw", "signed payment settled alone", alone.gas_used, "Solady ERC20",
               "transfer to existing holder", solady_transfer, floor(alone, 1)),
        GasRow("nw", f"signed payment, per payment in a batch of {BATCH} to one shop",
               per_item, "Solady ERC20", "transfer to existing holder", solady_transfer,
               floor(batch, BATCH)),
        GasRow("nw", "signed payment alone, first bit of a fresh nonce word", fresh.gas_used,
               "Solady ERC20", "transfer to existing holder", solady_transfer,
               floor(fresh, 1, FRESH_WORD)),
    ]  # fmt: skip


def deploy_bench_token(deployer, shop):
    """A fresh NWToken whose deployer issues (with an ample budget) and manages merchants,
    and `shop` a registered merchant."""
    from ape import project

    nw = deployer.deploy(project.NWToken, deployer, 30 * 24 * 3600)
    nw.grantRole(ISSUER_ROLE, deployer, sender=deployer)
    nw.grantRole(MERCHANT_MANAGER_ROLE, deployer, sender=deployer)
    nw.setIssuerBudget(deployer, 10**12, sender=deployer)
    nw.registerMerchant(shop, reference("brn", "bench-shop"), sender=deployer)
    return nw


def measure(deployer, accounts) -> list[GasRow]:
    from ape import project

    resident, shop, holder = accounts[1], accounts[2], accounts[3]
    nw = deploy_bench_token(deployer, shop)
    nw.issue(resident, 1_000_000, reference("volunteer", "bench-0"), 60, sender=deployer)
    nw.issue(shop, 1, reference("volunteer", "bench-1"), 60, sender=deployer)  # existing holder
    issue = nw.issue(resident, 1_000, reference("volunteer", "bench-2"), 60, sender=deployer)
    pay = nw.transfer(shop, 1_000, sender=resident)

    oz = deployer.deploy(project.PeerOZERC20)
    oz.mint(resident, 1_000_000, sender=deployer)
    oz.mint(holder, 1, sender=deployer)
    oz_mint = oz.mint(resident, 1_000, sender=deployer)
    oz_transfer = oz.transfer(holder, 1_000, sender=resident)

    solady = deployer.deploy(project.PeerSoladyERC20)
    solady.mint(resident, 1_000_000, sender=deployer)
    solady.mint(holder, 1, sender=deployer)
    solady_transfer = solady.transfer(holder, 1_000, sender=resident)

    signed = _signed_payments(deployer, nw, shop, solady_transfer.gas_used)

    return signed + [
        GasRow(
            "nw",
            "transfer to merchant",
            pay.gas_used,
            "Solady ERC20",
            "transfer to existing holder",
            solady_transfer.gas_used,
            _floor(pay),
        ),
        GasRow(
            "nw",
            "transfer to merchant",
            pay.gas_used,
            "OZ ERC20",
            "transfer to existing holder",
            oz_transfer.gas_used,
            _floor(pay),
        ),
        GasRow(
            "nw",
            "issue (volunteer reward)",
            issue.gas_used,
            "OZ ERC20",
            "mint to existing holder",
            oz_mint.gas_used,
            _floor(issue),
        ),
    ]
