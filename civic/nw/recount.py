"""Rebuild NW's state from its events alone and compare it with the contract."""

from __future__ import annotations

from collections import defaultdict

from civic.events import fetch_logs
from civic.nw import MerchantStatus, SpendingPolicy

ZERO = "0x0000000000000000000000000000000000000000"


def recount(token, start_block: int = 0) -> dict:
    """State implied by the event log: balances, supply, issued and redeemed totals,
    issuer usage per period, merchants, service accounts, policy, seal, used references,
    used or cancelled authorization nonces and the signed payments settled."""
    balances: dict[str, int] = defaultdict(int)
    state = {
        "balances": balances,
        "total_supply": 0,
        "total_issued": 0,
        "total_redeemed": 0,
        "redemptions": [],
        "issuer_used": defaultdict(int),  # (issuer, period) -> amount
        "budgets": {},
        "merchants": {},
        "policy": SpendingPolicy.MERCHANTS_ONLY,
        "sealed": False,
        "paused": False,
        "activity_refs": set(),
        "settlement_refs": set(),
        "service_accounts": {},  # account -> named now
        "nonces_used": set(),  # (payer, nonce), used or cancelled
        "signed_payments": [],  # (payer, payee, amount, nonce, orderRef)
        "rejected_items": 0,
    }
    last_transfer = None
    for log in fetch_logs(token, start_block):
        name, a = log.event_name, log.event_arguments
        if name == "Transfer":
            if a["from"] == ZERO:
                state["total_supply"] += a["value"]
            else:
                balances[a["from"]] -= a["value"]
            if a["to"] == ZERO:
                state["total_supply"] -= a["value"]
            else:
                balances[a["to"]] += a["value"]
            last_transfer = (log.transaction_hash, a["from"], a["to"], a["value"])
        elif name == "Issued":
            state["total_issued"] += a["amount"]
            state["issuer_used"][(a["issuer"], a["period"])] += a["amount"]
            state["activity_refs"].add(bytes(a["activityRef"]))
        elif name == "Redeemed":
            state["total_redeemed"] += a["amount"]
            state["redemptions"].append((a["redemptionId"], a["merchant"], a["amount"]))
            state["settlement_refs"].add(bytes(a["settlementRef"]))
        elif name == "IssuerBudgetSet":
            state["budgets"][a["issuer"]] = a["limit"]
        elif name == "MerchantRegistered":
            state["merchants"][a["merchant"]] = (
                MerchantStatus.ACTIVE,
                bytes(a["businessRegistrationHash"]),
            )
        elif name == "MerchantMoved":
            state["merchants"][a["to"]] = state["merchants"][a["from"]]
            state["merchants"][a["from"]] = (MerchantStatus.UNREGISTERED, bytes(32))
        elif name == "MerchantSuspended":
            brn = state["merchants"][a["merchant"]][1]
            state["merchants"][a["merchant"]] = (MerchantStatus.SUSPENDED, brn)
        elif name == "MerchantReinstated":
            brn = state["merchants"][a["merchant"]][1]
            state["merchants"][a["merchant"]] = (MerchantStatus.ACTIVE, brn)
        elif name == "SpendingPolicyChanged":
            state["policy"] = SpendingPolicy(a["current"])
        elif name == "PolicySealed":
            state["sealed"] = True
        elif name in ("Paused", "Unpaused"):
            state["paused"] = name == "Paused"
        elif name in ("ServiceAccountAdded", "ServiceAccountRemoved"):
            state["service_accounts"][a["account"]] = name == "ServiceAccountAdded"
        elif name == "AuthorizationCanceled":
            _use_nonce(state, a["payer"], bytes(a["nonce"]))
        elif name == "AuthorizationUsed":
            payer, nonce = a["payer"], bytes(a["nonce"])
            _use_nonce(state, payer, nonce)
            # the contract emits the payment's Transfer right before AuthorizationUsed
            tx, sender, payee, amount = last_transfer or (None, None, None, None)
            if tx != log.transaction_hash or sender != payer:
                raise RecountError(f"AuthorizationUsed of {payer} without its Transfer")
            state["signed_payments"].append((payer, payee, amount, nonce, bytes(a["orderRef"])))
        elif name == "PaymentAuthorizationRejected":
            state["rejected_items"] += 1
    return state


class RecountError(ValueError):
    """The event log contradicts itself (e.g. a nonce used twice)."""


def _use_nonce(state: dict, payer: str, nonce: bytes) -> None:
    key = (payer, nonce)
    if key in state["nonces_used"]:
        raise RecountError(f"authorization nonce {nonce.hex()} of {payer} used twice")
    state["nonces_used"].add(key)


def audit(token, start_block: int = 0) -> list[str]:
    """Differences between the recount and the contract's getters (empty: consistent)."""
    state = recount(token, start_block)
    problems: list[str] = []

    def check(what: str, from_events, from_contract):
        if from_events != from_contract:
            problems.append(f"{what}: events say {from_events!r}, contract says {from_contract!r}")

    check("totalSupply", state["total_supply"], token.totalSupply())
    check("totalIssued", state["total_issued"], token.totalIssued())
    check("totalRedeemed", state["total_redeemed"], token.totalRedeemed())
    check("redemptionCount", len(state["redemptions"]), token.redemptionCount())
    check(
        "redemption ids",
        [r[0] for r in state["redemptions"]],
        list(range(1, len(state["redemptions"]) + 1)),
    )
    for holder, balance in sorted(state["balances"].items()):
        check(f"balanceOf({holder})", balance, token.balanceOf(holder))
    period = token.currentPeriod()
    issuers = set(state["budgets"]) | {issuer for issuer, _ in state["issuer_used"]}
    for issuer in sorted(issuers):
        budget = token.issuerBudget(issuer)
        check(f"budget limit of {issuer}", state["budgets"].get(issuer, 0), budget.limit)
        used_now = budget.used if budget.period == period else 0
        check(
            f"budget used by {issuer} in period {period}",
            state["issuer_used"].get((issuer, period), 0),
            used_now,
        )
    for account, (status, brn) in sorted(state["merchants"].items()):
        record = token.merchant(account)
        on_chain = (MerchantStatus(record.status), bytes(record.businessRegistrationHash))
        check(f"merchant {account}", (status, brn), on_chain)
        if status != MerchantStatus.UNREGISTERED:
            check(f"merchantOfBusiness({brn.hex()})", account, token.merchantOfBusiness(brn))
    check("spendingPolicy", state["policy"], SpendingPolicy(token.spendingPolicy()))
    check("isSealed", state["sealed"], token.isSealed())
    check("paused", state["paused"], token.paused())
    for ref in sorted(state["activity_refs"]):
        check(f"activityRewarded({ref.hex()})", True, token.activityRewarded(ref))
    for ref in sorted(state["settlement_refs"]):
        check(f"settlementUsed({ref.hex()})", True, token.settlementUsed(ref))
    for account, named in sorted(state["service_accounts"].items()):
        check(f"isServiceAccount({account})", named, token.isServiceAccount(account))
    for payer, nonce in sorted(state["nonces_used"]):
        check(f"authorizationState({payer}, {nonce.hex()})", True,
              token.authorizationState(payer, nonce))  # fmt: skip
    return problems
