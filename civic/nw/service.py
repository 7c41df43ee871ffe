"""The descriptor of NW (see `civic.service`)."""

from __future__ import annotations

from civic.nw import bench, demo, recount
from civic.nw.deploy import PLAN
from civic.service import Service

SERVICE = Service(
    plan=PLAN, demo=demo.run, measure=bench.measure, audit=recount.audit, actors=tuple(demo.ACTORS)
)
