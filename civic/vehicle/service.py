"""The descriptor of the vehicle registry (see `civic.service`)."""

from __future__ import annotations

from civic.service import Service
from civic.vehicle import bench, demo, recount
from civic.vehicle.deploy import PLAN

SERVICE = Service(
    plan=PLAN, demo=demo.run, measure=bench.measure, audit=recount.audit, actors=tuple(demo.ACTORS)
)
