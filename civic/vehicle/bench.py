"""Gas rows of ``make bench`` for the vehicle registry, beside a plain OpenZeppelin ERC-721.

Rows: register (vs ``PeerERC721.mint``), record mileage, list, fund, complete a sale
(vs ``PeerERC721.transferFrom`` plus ``PeerOZERC20.transfer`` to a fresh holder, the two
moves a sale makes, measured as two transactions). Every measured operation is the second
of its kind on a fresh deployment (so one-off contract-wide slot initialisations, e.g. the
sale counter, are not charged to it) and sends the title to a fresh holder, like its peer.

``floor_gas`` is the least any implementation can charge: the calldata's intrinsic cost
plus the storage writes the registry's rules need (``STORAGE_FLOOR``), or the EIP-7623
calldata floor if higher.
"""

from __future__ import annotations

from civic.gas import GasRow, calldata_floor, intrinsic_gas
from civic.vehicle import report_hash, sale_terms, token_id_of, vin_from_serial
from civic.vehicle.deploy import ROLE_NAMES, deploy

SERVICE = "vehicle"
PEER = "OZ ERC721"
PRICE = 25_000_000

#: EIP-2929/2200 costs of one storage write, cold slot access included.
NEW_SLOT = 22_100  # zero -> nonzero
UPDATE_SLOT = 5_000  # nonzero -> nonzero (or -> zero, before its refund)

#: Storage writes each row cannot avoid, by operation.
STORAGE_FLOOR = {
    # title owner, holder balance (fresh), head + highest reading
    "register": 3 * NEW_SLOT,
    # head + highest reading, odometer state (record count, latest reading, floor)
    "recordMileage": 2 * UPDATE_SLOT,
    # sale: terms hash, state (status); the sale counter; the vehicle's open sale
    "list": 2 * NEW_SLOT + 2 * UPDATE_SLOT,
    # sale state (status + buyer + acknowledgement), escrow total (from zero), payer's
    # balance, registry's balance (from zero)
    "fund": 2 * NEW_SLOT + 2 * UPDATE_SLOT,
    # sale status, open sale + record count, head, escrow total, title owner, seller's
    # title balance, buyer's title balance (fresh), registry's and seller's (fresh) token
    # balances
    "complete": 2 * NEW_SLOT + 7 * UPDATE_SLOT,
}


def _floor(key: str, receipt) -> int:
    data = bytes(receipt.transaction.data)
    return max(intrinsic_gas(data) + STORAGE_FLOOR[key], calldata_floor(data))


def _row(
    operation: str, key: str, receipt, peer_operation=None, peer_gas=None, peer=PEER
) -> GasRow:
    return GasRow(
        service=SERVICE,
        operation=operation,
        gas=receipt.gas_used,
        peer=peer if peer_gas is not None else None,
        peer_operation=peer_operation,
        peer_gas=peer_gas,
        floor_gas=_floor(key, receipt),
    )


def measure(deployer, accounts) -> list[GasRow]:
    """Deploy fresh instances (registry, test token, peer) and measure each row once."""
    from ape import chain, project

    seller, buyer, first_holder, peer_holder, peer_receiver, peer_payee = (
        accounts[1],
        accounts[2],
        accounts[3],
        accounts[4],
        accounts[5],
        accounts[6],
    )
    registry = deploy(deployer, {name: deployer.address for name in ROLE_NAMES})
    token = deployer.deploy(project.VehicleTestToken)
    peer = deployer.deploy(project.PeerERC721)
    peer_token = deployer.deploy(project.PeerOZERC20)
    peer_token.mint(peer_receiver, 10 * PRICE, sender=deployer)
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
    registry.cancel(1, sale_terms(registry, 1), sender=seller)
    listing = registry.list(car, token, PRICE, report_hash("k1"), expires, buyer, sender=seller)
    terms = sale_terms(registry, 2)
    funding = registry.fund(2, terms, registry.vehicle(car).head, sender=buyer)
    complete = registry.complete(2, terms, sender=seller)
    transfer = peer.transferFrom(peer_holder, peer_receiver, 2, sender=peer_holder)
    payment = peer_token.transfer(peer_payee, PRICE, sender=peer_receiver)

    return [
        _row(
            "register (mint title + Registration record)",
            "register",
            register,
            "mint",
            mint.gas_used,
        ),
        _row("recordMileage", "recordMileage", mileage),
        _row("list", "list", listing),
        _row("fund (deposit + acknowledge)", "fund", funding),
        _row(
            "complete sale (title + payment + Sale record)",
            "complete",
            complete,
            "transferFrom + ERC-20 transfer to a fresh holder",
            transfer.gas_used + payment.gas_used,
            peer="OZ ERC721 + OZ ERC20",
        ),
    ]
