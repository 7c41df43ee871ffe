"""Gas rows for NW: transfer to a merchant (vs Solady and OZ transfers to an existing
holder) and issue (vs an OZ mint), all measured on the connected node."""

from __future__ import annotations

from civic.gas import GasRow, floor_gas
from civic.nw import ISSUER_ROLE, MERCHANT_MANAGER_ROLE, reference


def _floor(receipt) -> int:
    return floor_gas(bytes(receipt.transaction.data))


def measure(deployer, accounts) -> list[GasRow]:
    from ape import project

    resident, shop, holder = accounts[1], accounts[2], accounts[3]
    nw = deployer.deploy(project.NWToken, deployer, 30 * 24 * 3600)
    nw.grantRole(ISSUER_ROLE, deployer, sender=deployer)
    nw.grantRole(MERCHANT_MANAGER_ROLE, deployer, sender=deployer)
    nw.setIssuerBudget(deployer, 10**12, sender=deployer)
    nw.registerMerchant(shop, reference("brn", "bench-shop"), sender=deployer)
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

    return [
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
