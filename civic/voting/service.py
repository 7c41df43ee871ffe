"""The descriptor of M-Voting (see `civic.service`)."""

from __future__ import annotations

from civic.service import Service
from civic.voting import bench, demo, recount
from civic.voting.deploy import PLAN

SERVICE = Service(
    plan=PLAN, demo=demo.run, measure=bench.measure, audit=recount.audit, actors=tuple(demo.ACTORS)
)
