"""Transactions per second of the test harness's path next to a plain Ape loop, on the
connected node in the same run (``ape run bench`` prints them).

A step is what a state-machine rule does: an NW payment to a merchant that succeeds, or
(one step in four) a resident-to-resident payment that must revert with
``SpendingPolicyViolation``, asserted by ``ape.reverts``, then a balance read. The same
steps run three ways: Ape's contract calls as they are; the same calls inside
``FastPath.installed()`` (the state machines' path); and the successful payments
alone as batched requests over ``FastPath.transact_many`` (the demo's scale-up shape).
"""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass
class Rate:
    path: str
    steps: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.steps / self.seconds


def _quiet_traces():
    """As in tests/conftest.py: no rendered call trace per expected revert."""
    from ape_ethereum.trace import Trace

    original = Trace.show
    Trace.show = lambda self, *args, **kwargs: None
    return lambda: setattr(Trace, "show", original)


def measure(
    deployer, accounts, rounds: int = 4, ape_steps: int = 40, fast_steps: int = 200
) -> list[Rate]:
    import ape

    from civic.fastpath import FastPath
    from civic.nw import reference
    from civic.nw.bench import deploy_bench_token

    resident, resident2, shop = accounts[1], accounts[2], accounts[3]
    nw = deploy_bench_token(deployer, shop)
    nw.issue(resident, 10**9, reference("volunteer", "throughput"), 60, sender=deployer)

    def step(i: int) -> None:
        if i % 4 == 3:
            with ape.reverts(nw.SpendingPolicyViolation, **{"from": resident, "to": resident2}):
                nw.transfer(resident2, 1, sender=resident)
        else:
            nw.transfer(shop, 1, sender=resident)
        nw.balanceOf(resident)

    def timed(steps: int) -> float:
        start = time.perf_counter()
        for i in range(steps):
            step(i)
        return time.perf_counter() - start

    # Rounds alternate between the two paths, so a busy machine slows both alike.
    fast = FastPath()
    spent = {"ape": 0.0, "fast": 0.0}
    restore = _quiet_traces()
    try:
        for _ in range(rounds):
            spent["ape"] += timed(ape_steps)
            with fast.installed():
                spent["fast"] += timed(fast_steps)
    finally:
        restore()
    rates = [
        Rate("Ape contract calls (plain loop)", rounds * ape_steps, spent["ape"]),
        Rate("harness: FastPath.installed() (state machines)", rounds * fast_steps, spent["fast"]),
    ]
    data = nw.transfer.as_transaction(shop, 1, sender=resident).data
    tx = {"from": resident.address, "to": nw.address, "data": "0x" + bytes(data).hex()}
    start = time.perf_counter()
    for _ in range(rounds * fast_steps // 100):
        receipts = fast.transact_many([tx] * 100)
        assert all(r["status"] == "0x1" for r in receipts)
    rates.append(
        Rate(
            "harness: transact_many, 100 per request (payments only)",
            rounds * fast_steps,
            time.perf_counter() - start,
        )
    )
    return rates
