"""The descriptor of the subcontract escrow (see `civic.service`)."""

from __future__ import annotations

from civic.escrow import bench, demo, recount
from civic.escrow.deploy import PLAN
from civic.service import Service

SERVICE = Service(
    plan=PLAN, demo=demo.run, measure=bench.measure, audit=recount.audit, actors=tuple(demo.ACTORS)
)
