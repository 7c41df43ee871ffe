"""Gas rows of ``make bench`` for the vehicle registry, beside a plain OpenZeppelin ERC-721.

Rows: register (vs ``PeerERC721.mint``), record mileage, list, fund, complete a sale
(vs ``PeerERC721.transferFrom``). Every measured operation is the second of its kind on
a fresh deployment (so one-off contract-wide slot initialisations, e.g. the sale
counter, are not charged to it) and sends the title to a fresh holder, like its peer.
"""

from __future__ import annotations

from civic.gas import GasRow, floor_gas
from civic.vehicle import report_hash, token_id_of, vin_from_serial
from civic.vehicle.deploy import ROLE_NAMES, deploy

SERVICE = "vehicle"
PEER = "OZ ERC721"
PRICE = 25_000_000


def _row(operation: str, receipt, peer_operation=None, peer_receipt=None) -> GasRow:
    return GasRow(
        service=SERVICE,
        operation=operation,
        gas=receipt.gas_used,
        peer=PEER if peer_receipt is not None else None,
        peer_operation=peer_operation,
        peer_gas=peer_receipt.gas_used if peer_receipt is not None else None,
        floor_gas=floor_gas(bytes(receipt.transaction.data)),
    )


def measure(deployer, accounts) -> list[GasRow]:
    """Deploy fresh instances (registry, test token, peer) and measure each row once."""
    from ape import chain, project

    seller, buyer, first_holder, peer_holder, peer_receiver = (
        accounts[1],
        accounts[2],
        accounts[3],
        accounts[4],
        accounts[5],
    )
    registry = deploy(deployer, {name: deployer.address for name in ROLE_NAMES})
    token = deployer.deploy(project.VehicleTestToken)
    peer = deployer.deploy(project.PeerERC721)
    token.mint(buyer, 10 * PRICE, sender=deployer)
    token.approve(registry, 2**256 - 1, sender=buyer)

    # register: the second registration, to a fresh holder
    registry.register(
        vin_from_serial(1, "BNC"), first_holder, 1_000, report_hash("r1"), sender=deployer
    )
    vin = vin_from_serial(2, "BNC")
    register = registry.register(vin, seller, 12_000, report_hash("r2"), sender=deployer)
    car = token_id_of(vin)
    peer.mint(first_holder, 1, sender=deployer)
    mint = peer.mint(peer_holder, 2, sender=deployer)

    # record mileage: a later reading on a car that already has one
    registry.recordMileage(car, 12_500, sender=deployer)
    mileage = registry.recordMileage(car, 13_000, sender=deployer)

    # a first sale (cancelled) so the measured one is the second listing
    expires = chain.pending_timestamp + 7 * 86_400
    registry.list(car, token, PRICE, report_hash("k0"), expires, buyer, sender=seller)
    registry.cancel(1, sender=seller)
    listing = registry.list(car, token, PRICE, report_hash("k1"), expires, buyer, sender=seller)
    funding = registry.fund(2, registry.vehicle(car).recordCount, sender=buyer)
    complete = registry.complete(2, sender=seller)
    transfer = peer.transferFrom(peer_holder, peer_receiver, 2, sender=peer_holder)

    return [
        _row("register (mint title + Registration record)", register, "mint", mint),
        _row("recordMileage", mileage),
        _row("list", listing),
        _row("fund (deposit + acknowledge)", funding),
        _row("complete sale (title + payment + Sale record)", complete, "transferFrom", transfer),
    ]
