"""A hostile ERC-1271 wallet as worker on every relayed path (activate, amend,
reviewShiftsBySig): whatever the wallet does (burn all gas, revert, answer garbage, short or
huge data), the call fails with ``InvalidSignature(worker)`` for a bounded amount of gas, and
too little gas for the wallet's bound reverts with ``GasTooLowForWalletCheck``."""

import ape
import pytest
from eth_utils import keccak
from hostile_wallets import HOSTILE, NEEDS_GAS
from labor_constants import FAR_DEADLINE

from civic.labor import ShiftStatus, sign_contract, sign_shift_review

ERC1271_GAS = 50_000  # SignerCheck.ERC1271_GAS: the gas a wallet is given
APPROVE_ALL = (NEEDS_GAS, 0)  # approves any signature
GAS_LIMIT = 3_000_000  # what a careless relayer sends; a hostile wallet must not burn it
# Most a wallet check may cost beyond an EOA's failed check: the bound and the call around it.
WALLET_OVERHEAD = ERC1271_GAS + 10_000
SIG = b"\x01" * 65  # not an ECDSA signature of anyone: the wallet is asked


@pytest.fixture
def wallet(project, deployer):
    return project.HostileERC1271Wallet.deploy(*APPROVE_ALL, sender=deployer)


def _gas_of_failed(call, *args, sender):
    """Gas used by a transaction that reverts on chain."""
    receipt = call(*args, sender=sender, gas=GAS_LIMIT, raise_on_revert=False)
    assert receipt.failed
    return receipt.gas_used


def _activate_args(make_terms, employer, worker_address, domain, nonce=1):
    terms = make_terms(worker_=worker_address)
    emp_sig = sign_contract(employer, domain, terms, nonce, 1, FAR_DEADLINE)
    return terms, (terms.as_tuple(), nonce, FAR_DEADLINE, emp_sig, SIG)


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_activate__hostile_wallet_worker__reverts_invalid_signature_bounded_gas(
    registry, wallet, make_terms, employer, worker, domain, relayer, kind
):
    wallet.setMode(*HOSTILE[kind], sender=relayer)
    _, args = _activate_args(make_terms, employer, wallet.address, domain)
    with ape.reverts(registry.InvalidSignature, signer=wallet.address):
        registry.activate(*args, sender=relayer, gas=GAS_LIMIT)
    _, eoa_args = _activate_args(make_terms, employer, worker.address, domain)
    baseline = _gas_of_failed(registry.activate, *eoa_args, sender=relayer)
    assert _gas_of_failed(registry.activate, *args, sender=relayer) <= baseline + WALLET_OVERHEAD


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_amend__wallet_worker_turned_hostile__reverts_invalid_signature_bounded_gas(
    registry, activate, wallet, worker, employer, domain, relayer, kind
):
    agreement, terms, _ = activate(worker_=wallet.address, worker_signer=worker)
    new_terms = terms.amended(hourly_wage=terms.hourly_wage + 100)
    emp_sig = sign_contract(employer, domain, new_terms, 1, 2, FAR_DEADLINE)
    args = (new_terms.as_tuple(), 1, FAR_DEADLINE, emp_sig, SIG)
    wallet.setMode(*HOSTILE[kind], sender=relayer)
    with ape.reverts(registry.InvalidSignature, signer=wallet.address):
        registry.amend(*args, sender=relayer, gas=GAS_LIMIT)
    bad_employer = (new_terms.as_tuple(), 1, FAR_DEADLINE, SIG, SIG)
    baseline = _gas_of_failed(registry.amend, *bad_employer, sender=relayer)
    assert _gas_of_failed(registry.amend, *args, sender=relayer) <= baseline + WALLET_OVERHEAD
    assert registry.agreement(agreement).version == 1


@pytest.mark.parametrize("kind", list(HOSTILE))
def test_review_shifts_by_sig__wallet_worker_turned_hostile__reverts_invalid_signature(
    registry, activate, wallet, worker, employer, travel, start_day, relayer, kind
):
    agreement, _, _ = activate(worker_=wallet.address, worker_signer=worker)
    travel(3)
    registry.recordShifts(agreement, [(start_day, 60)], sender=employer)
    wallet.setMode(*HOSTILE[kind], sender=relayer)
    args = (agreement, [0], True, 0, FAR_DEADLINE, SIG)
    with ape.reverts(registry.InvalidSignature, signer=wallet.address):
        registry.reviewShiftsBySig(*args, sender=relayer, gas=GAS_LIMIT)
    assert _gas_of_failed(registry.reviewShiftsBySig, *args, sender=relayer) < 2 * (WALLET_OVERHEAD)


def test_review_shifts_by_sig__wallet_worker_needing_more_than_bound__reverts(
    registry, activate, wallet, worker, employer, travel, start_day, relayer, domain
):
    """A wallet that needs more than the bound never gets it, however much gas is sent;
    the same wallet within the bound confirms."""
    agreement, _, _ = activate(worker_=wallet.address, worker_signer=worker)
    travel(3)
    registry.recordShifts(agreement, [(start_day, 60)], sender=employer)
    sig = sign_shift_review(worker, domain, agreement, [0], True, 0, FAR_DEADLINE)
    args = (agreement, [0], True, 0, FAR_DEADLINE, sig)
    wallet.setMode(NEEDS_GAS, ERC1271_GAS + 10_000, sender=relayer)
    with ape.reverts(registry.InvalidSignature, signer=wallet.address):
        registry.reviewShiftsBySig(*args, sender=relayer, gas=GAS_LIMIT)
    wallet.setMode(NEEDS_GAS, ERC1271_GAS - 1_000, sender=relayer)
    registry.reviewShiftsBySig(*args, sender=relayer, gas=GAS_LIMIT)
    assert registry.shift(agreement, 0).status == ShiftStatus.CONFIRMED


def _selector(signature: str) -> str:
    return "0x" + keccak(text=signature)[:4].hex()


INVALID_SIGNATURE = _selector("InvalidSignature(address)")
GAS_TOO_LOW = _selector("GasTooLowForWalletCheck(address,uint256,uint256)")


def _outcome(contract, method, args, sender, gas) -> str:
    """What `contract.method(*args)` does as an eth_call with a gas limit of `gas`: "ok",
    the 4-byte selector of the custom error it reverts with, or "no data" (out of gas)."""
    call = {
        "from": sender.address,
        "to": contract.address,
        "data": getattr(contract, method).encode_input(*args),
        "gas": gas,
    }
    try:
        contract.provider.web3.eth.call(call)
    except Exception as err:  # the node's error is the outcome to compare
        data = getattr(err, "data", None)
        return data[:10] if isinstance(data, str) and len(data) >= 10 else "no data"
    return "ok"


def test_activate__any_gas_limit__never_reports_honest_wallet_invalid(
    registry, wallet, make_terms, employer, domain, relayer
):
    """EIP-150 would hand the wallet 63/64 of what is left: across every gas limit from far
    too little to enough, an honest wallet that needs nearly all of its bound is never
    reported as InvalidSignature: the call succeeds, runs out of gas, or reverts with
    GasTooLowForWalletCheck."""
    wallet.setMode(NEEDS_GAS, ERC1271_GAS - 1_000, sender=relayer)
    _, args = _activate_args(make_terms, employer, wallet.address, domain)
    needed = registry.activate.estimate_gas_cost(*args, sender=relayer)
    outcomes = {
        gas: _outcome(registry, "activate", args, relayer, gas)
        for gas in range(40_000, needed + 1000, 1_000)
    }
    assert INVALID_SIGNATURE not in outcomes.values()
    assert set(outcomes.values()) == {"no data", GAS_TOO_LOW, "ok"}
    low = next(gas for gas, outcome in outcomes.items() if outcome == GAS_TOO_LOW)
    with ape.reverts(registry.GasTooLowForWalletCheck, wallet=wallet.address):
        registry.activate(*args, sender=relayer, gas=low)


def test_activate__eoa_parties_any_gas_limit__never_gas_too_low_for_wallet(
    registry, make_terms, sign_both, employer, worker, relayer
):
    """Two EOA parties are never asked for a wallet's gas: across every gas limit from far
    too little to enough, activation succeeds or runs out of gas, and never reverts with
    GasTooLowForWalletCheck (no wallet is called for a signer without code)."""
    terms = make_terms()
    args = (
        terms.as_tuple(),
        1,
        FAR_DEADLINE,
        *sign_both(terms, 1, employer=employer, worker=worker),
    )
    needed = registry.activate.estimate_gas_cost(*args, sender=relayer)
    outcomes = {
        gas: _outcome(registry, "activate", args, relayer, gas)
        for gas in range(40_000, needed + 1000, 1_000)
    }
    assert set(outcomes.values()) == {"no data", "ok"}
