"""Hostile ERC-1271 wallets: eligibility comes before any wallet call, the wallet gets a
fixed gas bound, and whatever it does (burn all gas, revert, answer garbage, short or huge
data) is one rejected item, for a bounded cost. Too little gas to honour the bound reverts
the transaction instead of rejecting a wallet that may be honest."""

import ape
import pytest
from eth_abi import decode
from eth_utils import keccak
from hostile_wallets import BURN_ALL_GAS, HOSTILE, MODES, NEEDS_GAS

from civic.voting import (
    ERC1271_GAS,
    ERC1271_GAS_REQUIRED,
    Electorate,
    Rejection,
    domain,
    signed_ballot,
)
from civic.voting.keys import key_voters
from civic.voting.recount import audit

HONEST = 100
# IMVoting's stated bound for 100 EOA ballots and the five hostile wallets in one batch.
BATCH_GAS_BOUND = 2_300_000
# Most a wallet item may cost beyond an EOA item: the wallet's bound and the call around it.
WALLET_ITEM_OVERHEAD = ERC1271_GAS + 10_000
SIG = b"\x01" * 65  # not an ECDSA signature of anyone: the wallet is asked


@pytest.fixture(scope="module")
def hostile(project, deployer):
    """One deployed wallet per hostile behaviour, by name."""
    return {
        name: project.HostileERC1271Wallet.deploy(mode, param, sender=deployer)
        for name, (mode, param) in HOSTILE.items()
    }


def test_hostile_wallet__modes__match_the_contract(hostile):
    """The modes every service's wallet tests use are the contract's own constants."""
    wallet = hostile["gas burner"]
    assert {name: getattr(wallet, name)() for name in MODES} == MODES


@pytest.fixture(scope="module")
def costly(project, deployer):
    """Honest wallets that approve only if given at least 49,000 / 60,000 gas."""
    return {
        need: project.HostileERC1271Wallet.deploy(NEEDS_GAS, need, sender=deployer)
        for need in (49_000, 60_000)
    }


@pytest.fixture(scope="module")
def honest():
    return key_voters(HONEST, "m-voting/hostile-test")


@pytest.fixture(scope="module")
def roll(honest, hostile, costly):
    """100 EOA voters (seats 0..99), then each hostile and costly wallet."""
    voters = {v.address: 1 for v in honest}
    voters |= {w.address: 2 for w in hostile.values()}
    voters |= {w.address: 3 for w in costly.values()}
    return Electorate(voters)


def _wallet_item(roll, dom, wallet, ballot, **kw):
    return signed_ballot(roll, dom, None, ballot, 1, voter=wallet, signature=SIG, **kw)


def test_erc1271_gas__getter__is_the_library_bound(voting):
    assert voting.ERC1271_GAS() == ERC1271_GAS == 50_000


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_relay__hostile_wallet__reverts_invalid_signature(
    voting, relayer, roll, hostile, create_ballot, chain, kind
):
    ballot = create_ballot(root=roll.root)
    wallet = hostile[kind]
    item = _wallet_item(roll, domain(voting, chain.chain_id), wallet, ballot)
    with ape.reverts(voting.InvalidBallotSignature, ballotId=ballot, voter=wallet.address):
        voting.relay(ballot, item, sender=relayer, gas=1_000_000)
    assert not voting.hasVoted(ballot, roll.seat(wallet))


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_relay_batch__hostile_wallet_alone__rejected_with_bounded_gas(
    voting, relayer, roll, honest, hostile, create_ballot, chain, kind
):
    """One hostile item costs at most the wallet's bound plus the call around it more than
    an honest EOA item in the same position."""
    ballot = create_ballot(root=roll.root)
    dom = domain(voting, chain.chain_id)
    baseline = voting.relayBatch(
        ballot, [signed_ballot(roll, dom, honest[0], ballot, 1)], [], [], sender=relayer
    )
    wallet = hostile[kind]
    tx = voting.relayBatch(
        ballot, [_wallet_item(roll, dom, wallet, ballot)], [], [], sender=relayer, gas=5_000_000
    )
    [log] = tx.decode_logs(voting.RelayedBallotRejected)
    assert (log.voter, log.index, log.reason) == (
        wallet.address,
        roll.seat(wallet),
        Rejection.INVALID_SIGNATURE,
    )
    assert tx.gas_used <= baseline.gas_used + WALLET_ITEM_OVERHEAD


def test_relay_batch__100_honest_and_every_hostile_wallet__counts_100_within_bound(
    voting, relayer, roll, honest, hostile, create_ballot, chain
):
    ballot = create_ballot(root=roll.root)
    dom = domain(voting, chain.chain_id)
    wallets = list(hostile.values())
    batch = [_wallet_item(roll, dom, wallets[0], ballot)]  # the burner goes first
    batch += [signed_ballot(roll, dom, v, ballot, i % 2) for i, v in enumerate(honest[:50])]
    batch += [_wallet_item(roll, dom, w, ballot) for w in wallets[1:]]
    batch += [signed_ballot(roll, dom, v, ballot, i % 2) for i, v in enumerate(honest[50:])]
    tx = voting.relayBatch(ballot, batch, [], [], sender=relayer, gas=BATCH_GAS_BOUND)
    assert not tx.failed
    rejected = tx.decode_logs(voting.RelayedBallotRejected)
    assert [(log.voter, log.reason) for log in rejected] == [
        (w.address, Rejection.INVALID_SIGNATURE) for w in wallets
    ]
    assert len(tx.decode_logs(voting.VoteCast)) == HONEST
    assert voting.getBallot(ballot).turnoutVotes == HONEST
    assert tx.gas_used <= BATCH_GAS_BOUND
    print(f"100 honest + {len(wallets)} hostile items: {tx.gas_used:,} gas")
    assert audit(voting) == []


def test_relay_batch__hostile_wallet_not_on_roll__not_eligible_without_wallet_call(
    voting, relayer, roll, hostile, create_ballot, project, deployer, chain
):
    """A wallet off the roll is rejected by its proof before it is asked anything: the
    item costs no wallet call."""
    stranger_wallet = project.HostileERC1271Wallet.deploy(BURN_ALL_GAS, 0, sender=deployer)
    ballot = create_ballot(root=roll.root)
    dom = domain(voting, chain.chain_id)
    item = list(_wallet_item(roll, dom, hostile["gas burner"], ballot))
    item[0] = stranger_wallet.address  # someone else's seat and proof
    tx = voting.relayBatch(ballot, [tuple(item)], [], [], sender=relayer, gas=1_000_000)
    [log] = tx.decode_logs(voting.RelayedBallotRejected)
    assert (log.voter, log.reason) == (stranger_wallet.address, Rejection.NOT_ELIGIBLE)
    assert tx.gas_used < ERC1271_GAS


@pytest.mark.parametrize(
    "fault, reason",
    [
        ("expired", Rejection.SIGNATURE_EXPIRED),
        ("choice", Rejection.INVALID_CHOICE),
        ("voted", Rejection.ALREADY_VOTED),
        ("nonce", Rejection.NONCE_MISMATCH),
    ],
)
def test_relay_batch__hostile_wallet_failing_other_check__rejected_before_wallet_call(
    voting, relayer, roll, costly, hostile, create_ballot, chain, fault, reason
):
    ballot = create_ballot(root=roll.root, options=2)
    dom = domain(voting, chain.chain_id)
    wallet = hostile["gas burner"]
    if fault == "voted":
        # a used seat: an honest wallet's first ballot counts, its second is refused
        wallet = costly[49_000]
        voting.relay(ballot, _wallet_item(roll, dom, wallet, ballot), sender=relayer)
    kw = {"expired": {"deadline": 1}, "nonce": {"nonce": 1}}.get(fault, {})
    item = list(_wallet_item(roll, dom, wallet, ballot, **kw))
    if fault == "choice":
        item[3] = (2).to_bytes(32, "big")
    tx = voting.relayBatch(ballot, [tuple(item)], [], [], sender=relayer, gas=1_000_000)
    assert [log.reason for log in tx.decode_logs(voting.RelayedBallotRejected)] == [reason]
    assert tx.gas_used < ERC1271_GAS


def test_relay__costly_wallet_within_bound__counts(
    voting, relayer, roll, costly, create_ballot, chain
):
    """A wallet that needs 49,000 gas gets it, however much the relayer sends."""
    ballot = create_ballot(root=roll.root)
    wallet = costly[49_000]
    item = _wallet_item(roll, domain(voting, chain.chain_id), wallet, ballot)
    tx = voting.relay(ballot, item, sender=relayer, gas=10_000_000)
    assert [log.voter for log in tx.decode_logs(voting.VoteCast)] == [wallet.address]


def test_relay__costly_wallet_beyond_bound__reverts_invalid_signature(
    voting, relayer, roll, costly, create_ballot, chain
):
    """A wallet needing more than ERC1271_GAS never gets it, however much gas is sent."""
    ballot = create_ballot(root=roll.root)
    wallet = costly[60_000]
    item = _wallet_item(roll, domain(voting, chain.chain_id), wallet, ballot)
    with ape.reverts(voting.InvalidBallotSignature, ballotId=ballot, voter=wallet.address):
        voting.relay(ballot, item, sender=relayer, gas=10_000_000)


@pytest.mark.parametrize("method", ["relay", "relayBatch"])
def test_relay__too_little_gas_for_wallet_bound__reverts_gas_too_low(
    voting, relayer, roll, costly, create_ballot, chain, method
):
    """EIP-150 would hand the wallet 63/64 of what is left: with a gas limit just below what
    the wallet's bound needs, the transaction reverts (it never reports the honest wallet's
    signature as invalid)."""
    ballot = create_ballot(root=roll.root)
    wallet = costly[49_000]
    item = _wallet_item(roll, domain(voting, chain.chain_id), wallet, ballot)
    call = getattr(voting, method)
    args = (ballot, item) if method == "relay" else (ballot, [item], [], [])
    needed = call.estimate_gas_cost(*args, sender=relayer)
    with ape.reverts(voting.GasTooLowForWalletCheck, wallet=wallet.address):
        call(*args, sender=relayer, gas=needed - 2_000)
    assert not voting.hasVoted(ballot, roll.seat(wallet))
    tx = call(*args, sender=relayer, gas=needed)
    assert [log.voter for log in tx.decode_logs(voting.VoteCast)] == [wallet.address]


def test_gas_required__python__matches_library():
    assert ERC1271_GAS_REQUIRED == 50_000 + 793 + 3_000


def _batch_outcome(voting, args, sender, gas) -> str:
    """relayBatch as an eth_call with a gas limit of `gas`: the rejection codes it returns,
    the 4-byte selector of the custom error it reverts with, or "no data" (out of gas)."""
    call = {
        "from": sender.address,
        "to": voting.address,
        "data": voting.relayBatch.encode_input(*args),
        "gas": gas,
    }
    try:
        raw = voting.provider.web3.eth.call(call)
    except Exception as err:  # the node's error is the outcome to compare
        data = getattr(err, "data", None)
        return data[:10] if isinstance(data, str) and len(data) >= 10 else "no data"
    return str(list(decode(["uint8[]"], bytes(raw))[0]))


def test_relay_batch__any_gas_limit__never_rejects_honest_wallet(
    voting, relayer, roll, honest, costly, create_ballot, chain
):
    """EIP-150 would hand the wallet 63/64 of what is left: across every gas limit from far
    too little to enough, an honest wallet that needs nearly all of its bound is never a
    rejected item: the batch counts it, runs out of gas, or reverts with
    GasTooLowForWalletCheck."""
    ballot = create_ballot(root=roll.root)
    dom = domain(voting, chain.chain_id)
    batch = [signed_ballot(roll, dom, v, ballot, 1) for v in honest[:3]]
    batch.append(_wallet_item(roll, dom, costly[49_000], ballot))
    args = (ballot, batch, [], [])
    needed = voting.relayBatch.estimate_gas_cost(*args, sender=relayer)
    outcomes = {
        gas: _batch_outcome(voting, args, relayer, gas)
        for gas in range(40_000, needed + 1_000, 1_000)
    }
    gas_too_low = "0x" + keccak(text="GasTooLowForWalletCheck(address,uint256,uint256)")[:4].hex()
    assert set(outcomes.values()) == {"no data", gas_too_low, str([0, 0, 0, 0])}
