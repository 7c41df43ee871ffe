"""ERC-721 behaviour of the vehicle title: transfer, approvals, safe transfers to contracts."""

import ape
import pytest

from civic.vehicle import ownership_history

ZERO = "0x" + "00" * 20


@pytest.fixture
def car(register):
    token_id, _ = register()
    return token_id


@pytest.fixture(scope="module")
def receiver(project, deployer):
    return deployer.deploy(project.VehicleReceiverMock)


@pytest.fixture(scope="module")
def non_receiver(project, deployer):
    return deployer.deploy(project.VehicleNonReceiverMock)


@pytest.fixture(scope="module")
def wrong_receiver(project, deployer):
    return deployer.deploy(project.VehicleWrongReceiverMock)


def test_metadata__name_symbol_interfaces__erc721_and_access_control(registry):
    assert registry.name() == "Jang-an-pyeong Vehicle Title"
    assert registry.symbol() == "JVT"
    for interface_id in ("0x80ac58cd", "0x5b5e139f", "0x01ffc9a7", "0x7965db0b"):
        assert registry.supportsInterface(interface_id)
    assert not registry.supportsInterface("0xffffffff")


def test_transfer_from__owner__moves_title_and_records_ownership(
    registry, owner, buyer, car, chain
):
    tx = registry.transferFrom(owner, buyer, car, sender=owner)
    [log] = tx.decode_logs(registry.Transfer)
    assert (log.to, log.tokenId) == (buyer, car)
    assert registry.ownerOf(car) == buyer
    assert registry.balanceOf(buyer) == 1
    assert ownership_history(registry, car)[-1] == (buyer, chain.blocks.head.timestamp)


def test_transfer_from__stranger__reverts(registry, owner, stranger, car):
    with ape.reverts(registry.ERC721InsufficientApproval, operator=stranger, tokenId=car):
        registry.transferFrom(owner, stranger, car, sender=stranger)


def test_transfer_from__wrong_from__reverts(registry, owner, buyer, car):
    with ape.reverts(registry.ERC721IncorrectOwner, sender=buyer, tokenId=car, owner=owner):
        registry.transferFrom(buyer, owner, car, sender=owner)


def test_transfer_from__to_zero__reverts(registry, owner, car):
    with ape.reverts(registry.ERC721InvalidReceiver, receiver=ZERO):
        registry.transferFrom(owner, ZERO, car, sender=owner)


def test_approve__approved_account__can_transfer_once(registry, owner, buyer, stranger, car):
    tx = registry.approve(stranger, car, sender=owner)
    [log] = tx.decode_logs(registry.Approval)
    assert (log.owner, log.approved, log.tokenId) == (owner, stranger, car)
    assert registry.getApproved(car) == stranger
    registry.transferFrom(owner, buyer, car, sender=stranger)
    assert registry.ownerOf(car) == buyer
    assert registry.getApproved(car) == ZERO


def test_approve__not_owner__reverts(registry, stranger, car):
    with ape.reverts(registry.ERC721InvalidApprover, approver=stranger):
        registry.approve(stranger, car, sender=stranger)


def test_set_approval_for_all__operator__can_transfer(registry, owner, buyer, stranger, car):
    tx = registry.setApprovalForAll(stranger, True, sender=owner)
    [log] = tx.decode_logs(registry.ApprovalForAll)
    assert (log.owner, log.operator, log.approved) == (owner, stranger, True)
    assert registry.isApprovedForAll(owner, stranger)
    registry.transferFrom(owner, buyer, car, sender=stranger)
    assert registry.ownerOf(car) == buyer


def test_set_approval_for_all__zero_operator__reverts(registry, owner):
    with ape.reverts(registry.ERC721InvalidOperator, operator=ZERO):
        registry.setApprovalForAll(ZERO, True, sender=owner)


def test_safe_transfer_from__receiver_contract__calls_back(registry, owner, receiver, car):
    registry.safeTransferFrom(owner, receiver, car, b"hello", sender=owner)
    assert registry.ownerOf(car) == receiver
    assert receiver.lastOperator() == owner
    assert receiver.lastFrom() == owner
    assert receiver.lastTokenId() == car
    assert receiver.lastData() == b"hello"


def test_safe_transfer_from__non_receiver_contract__reverts(registry, owner, non_receiver, car):
    with ape.reverts(registry.ERC721InvalidReceiver, receiver=non_receiver.address):
        registry.safeTransferFrom(owner, non_receiver, car, sender=owner)
    assert registry.ownerOf(car) == owner


def test_safe_transfer_from__wrong_magic_value__reverts(registry, owner, wrong_receiver, car):
    with ape.reverts(registry.ERC721InvalidReceiver, receiver=wrong_receiver.address):
        registry.safeTransferFrom(owner, wrong_receiver, car, sender=owner)


def test_transfer_from__non_receiver_contract__moves_title(registry, owner, non_receiver, car):
    registry.transferFrom(owner, non_receiver, car, sender=owner)
    assert registry.ownerOf(car) == non_receiver


def test_owner_of__unknown_token__reverts(registry):
    with ape.reverts(registry.ERC721NonexistentToken, tokenId=5):
        registry.ownerOf(5)


def test_balance_of__zero_address__reverts(registry):
    with ape.reverts(registry.ERC721InvalidOwner, owner=ZERO):
        registry.balanceOf(ZERO)
