"""Rebuild the escrow's state from its event logs alone, and audit it against the getters.

``recount`` returns::

    {
      "projects": {pid: {"agency", "prime", "supervisor", "token", "milestone_count",
                         "milestones": {index: {"amount", "deadline", "status", "funded",
                                                "released", "refunded", "disputed_by",
                                                "payees": [[account, amount, kind], ...],
                                                "credited": {payee_index: amount},
                                                "paid_out": {payee_index: amount},
                                                "pending": {payee_index: address}}}}},
      "credits":   {(token, account): withdrawable with ``withdraw``},
      "claims":    {(pid, index, payee_index): withdrawable with ``withdrawPayment``},
      "credited":  {(token, account): total ever credited, payee parts included},
      "withdrawn": {(token, account): total withdrawn, payee parts included},
      "owed":      {token: funded-but-unsettled + unwithdrawn payee parts + unwithdrawn credit},
      "funded":    {token: total credited to milestones},
      "swept":     {token: total swept},
      "disputes":  [(pid, index, by), ...],
    }

Settling a milestone emits its payee part only (``MilestoneApproved.amount``,
``DisputeResolved.paid``); each slot's part is recomputed here by the contract's waterfall rule
(``waterfall_split``: wages, then subcontracts, then the prime, each slot in full before the
next) from the shares of its ``PayeeScheduled`` events.

``audit`` compares that with ``projectCount``, ``project``, ``milestone``, ``payees``,
``pendingPayeeChange``, ``claimable``, ``creditOf`` and ``totalOwed``, and checks that the
escrow holds at least what it owes.
"""

from __future__ import annotations

from collections import defaultdict

from civic.escrow import SETTLED, MilestoneStatus, waterfall_split
from civic.events import fetch_logs

BALANCE_OF_ABI = [
    {
        "type": "function",
        "name": "balanceOf",
        "stateMutability": "view",
        "inputs": [{"name": "account", "type": "address"}],
        "outputs": [{"name": "", "type": "uint256"}],
    }
]

EVENTS = (
    "ProjectOpened",
    "MilestoneScheduled",
    "PayeeScheduled",
    "MilestoneFunded",
    "MilestoneApproved",
    "PaymentWithdrawn",
    "MilestoneDisputed",
    "DisputeResolved",
    "MilestoneRefunded",
    "PayeeChangeProposed",
    "PayeeChanged",
    "Withdrawn",
    "SurplusSwept",
)


def recount(contract, start_block: int = 0) -> dict:
    """Rebuilds the escrow from its events; ``start_block`` must not be after its deployment."""
    projects: dict[int, dict] = {}
    credits: dict[tuple[str, str], int] = defaultdict(int)
    claims: dict[tuple[int, int, int], int] = {}
    credited: dict[tuple[str, str], int] = defaultdict(int)
    withdrawn: dict[tuple[str, str], int] = defaultdict(int)
    owed: dict[str, int] = defaultdict(int)
    funded: dict[str, int] = defaultdict(int)
    swept: dict[str, int] = defaultdict(int)
    disputes: list[tuple[int, int, str]] = []

    def credit(token: str, account: str, amount: int) -> None:
        credits[(token, account)] += amount
        credited[(token, account)] += amount

    def settle(pid: int, index: int, token: str, ms: dict) -> None:
        """The payee part ``ms["released"]`` down the waterfall, slot by slot."""
        parts = waterfall_split([p[1] for p in ms["payees"]], ms["released"])
        for j, part in enumerate(parts):
            claims[(pid, index, j)] = part
            if part:
                ms["credited"][j] = part
                credited[(token, ms["payees"][j][0])] += part

    for log in fetch_logs(contract, start_block, names=EVENTS):
        a = log.event_arguments
        name = log.event_name
        if name == "ProjectOpened":
            projects[a["projectId"]] = {
                "agency": a["agency"],
                "prime": a["prime"],
                "supervisor": a["supervisor"],
                "token": a["token"],
                "milestone_count": a["milestoneCount"],
                "milestones": {},
            }
            continue
        if name in ("Withdrawn", "SurplusSwept"):
            token = a["token"]
            if name == "Withdrawn":
                key = (token, a["account"])
                credits[key] -= a["amount"]
                withdrawn[key] += a["amount"]
                owed[token] -= a["amount"]
            else:
                swept[token] += a["amount"]
            continue

        if a["projectId"] not in projects:
            raise ValueError(
                f"{name} of project {a['projectId']} before its ProjectOpened: start_block "
                f"{start_block} is after the project was opened (recount from the deploy block)"
            )
        project = projects[a["projectId"]]
        token = project["token"]
        milestones = project["milestones"]
        index = a["milestoneIndex"]
        if name == "PayeeScheduled":
            ms = milestones.setdefault(index, _blank_milestone())
            ms["payees"].append([a["account"], a["amount"], int(a["kind"])])
            continue
        if name == "MilestoneScheduled":
            ms = milestones.setdefault(index, _blank_milestone())
            ms.update(amount=a["amount"], deadline=a["deadline"], status=MilestoneStatus.OPEN)
            continue
        ms = milestones[index]
        if name == "MilestoneFunded":
            ms["funded"] += a["credited"]
            funded[token] += a["credited"]
            owed[token] += a["credited"] + a["excess"]
            if a["excess"]:
                credit(token, project["agency"], a["excess"])
        elif name == "MilestoneApproved":
            ms["status"] = MilestoneStatus.RELEASED
            ms["released"] = a["amount"]
            settle(a["projectId"], index, token, ms)
        elif name == "PaymentWithdrawn":
            j = a["payeeIndex"]
            claims[(a["projectId"], index, j)] -= a["amount"]
            ms["paid_out"][j] = ms["paid_out"].get(j, 0) + a["amount"]
            withdrawn[(token, a["account"])] += a["amount"]
            owed[token] -= a["amount"]
        elif name == "MilestoneDisputed":
            ms["status"] = MilestoneStatus.DISPUTED
            ms["disputed_by"] = a["by"]
            disputes.append((a["projectId"], index, a["by"]))
        elif name == "DisputeResolved":
            ms["status"] = MilestoneStatus.RESOLVED
            ms["released"] = a["paid"]
            ms["refunded"] = a["refunded"]
            if a["refunded"]:
                credit(token, project["agency"], a["refunded"])
            settle(a["projectId"], index, token, ms)
        elif name == "MilestoneRefunded":
            ms["status"] = MilestoneStatus.REFUNDED
            ms["refunded"] = a["amount"]
            credit(token, a["agency"], a["amount"])
        elif name == "PayeeChangeProposed":
            ms["pending"][a["payeeIndex"]] = a["proposed"]
        elif name == "PayeeChanged":
            ms["payees"][a["payeeIndex"]][0] = a["account"]
            ms["pending"].pop(a["payeeIndex"], None)

    return {
        "projects": projects,
        "credits": dict(credits),
        "claims": claims,
        "credited": dict(credited),
        "withdrawn": dict(withdrawn),
        "owed": dict(owed),
        "funded": dict(funded),
        "swept": dict(swept),
        "disputes": disputes,
    }


def _blank_milestone() -> dict:
    return {
        "amount": 0,
        "deadline": 0,
        "status": MilestoneStatus.NONE,
        "funded": 0,
        "released": 0,
        "refunded": 0,
        "disputed_by": None,
        "payees": [],
        "credited": {},
        "paid_out": {},
        "pending": {},
    }


def owed_from_buckets(state: dict) -> dict[str, int]:
    """Owed per token recomputed from buckets: unsettled milestone funds, unwithdrawn payee
    parts, and credits."""
    out: dict[str, int] = defaultdict(int)
    for pid, project in state["projects"].items():
        for index, ms in project["milestones"].items():
            if ms["status"] not in SETTLED:
                out[project["token"]] += ms["funded"]
            for j in range(len(ms["payees"])):
                out[project["token"]] += state["claims"].get((pid, index, j), 0)
    for (token, _), amount in state["credits"].items():
        out[token] += amount
    return dict(out)


def audit(contract, start_block: int = 0) -> list[str]:
    from ape import Contract

    state = recount(contract, start_block)
    problems: list[str] = []

    def check(what: str, recounted, onchain) -> None:
        if recounted != onchain:
            problems.append(f"{what}: recount {recounted!r} != contract {onchain!r}")

    if start_block == 0:
        check("projectCount", len(state["projects"]), contract.projectCount())
    for pid, project in sorted(state["projects"].items()):
        got = contract.project(pid)
        for field, attr in (
            ("agency", "agency"),
            ("prime", "prime"),
            ("supervisor", "supervisor"),
            ("token", "token"),
            ("milestone_count", "milestoneCount"),
        ):
            check(f"project {pid} {field}", project[field], getattr(got, attr))
        check(f"project {pid} milestones seen", len(project["milestones"]), got.milestoneCount)
        for index, ms in sorted(project["milestones"].items()):
            where = f"project {pid} milestone {index}"
            m = contract.milestone(pid, index)
            check(f"{where} amount", ms["amount"], m.amount)
            check(f"{where} funded", ms["funded"], m.funded)
            check(f"{where} deadline", ms["deadline"], m.deadline)
            check(f"{where} status", int(ms["status"]), int(m.status))
            workers = sum(1 for p in ms["payees"] if p[2] == 0)
            check(f"{where} workerCount", workers, m.workerCount)
            check(f"{where} payeeCount", len(ms["payees"]), m.payeeCount)
            check(f"{where} paid", ms["released"], m.paid)
            onchain = [
                (p.account, p.amount, p.ahead, p.withdrawn) for p in contract.payees(pid, index)
            ]
            ahead = 0
            recounted_slots = []
            for j, p in enumerate(ms["payees"]):
                recounted_slots.append((p[0], p[1], ahead, j in ms["paid_out"]))
                ahead += p[1]
            for j, (recounted, actual) in enumerate(zip(recounted_slots, onchain, strict=False)):
                check(f"{where} payee {j}", recounted, actual)
            for j in range(len(ms["payees"])):
                check(
                    f"{where} claimable {j}",
                    state["claims"].get((pid, index, j), 0),
                    contract.claimable(pid, index, j),
                )
                pending = ms["pending"].get(j, "0x0000000000000000000000000000000000000000")
                check(
                    f"{where} pending payee {j}",
                    pending,
                    contract.pendingPayeeChange(pid, index, j),
                )

    for (token, account), amount in sorted(state["credits"].items()):
        check(f"credit {account} in {token}", amount, contract.creditOf(token, account))
    buckets = owed_from_buckets(state)
    for token in sorted(set(state["owed"]) | set(buckets)):
        owed = state["owed"].get(token, 0)
        check(f"owed {token} (flows vs buckets)", owed, buckets.get(token, 0))
        check(f"totalOwed {token}", owed, contract.totalOwed(token))
        balance = Contract(token, abi=BALANCE_OF_ABI).balanceOf(contract.address)
        if balance < owed:
            problems.append(f"balance of {token}: {balance} < owed {owed}")
    return problems
