"""The descriptor of the labor registry (see `civic.service`)."""

from __future__ import annotations

from civic.labor import bench, demo, recount
from civic.labor.deploy import PLAN
from civic.service import Service

SERVICE = Service(
    plan=PLAN, demo=demo.run, measure=bench.measure, audit=recount.audit, actors=tuple(demo.ACTORS)
)
