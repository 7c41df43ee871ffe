"""The descriptor of the certificate registry (see `civic.service`)."""

from __future__ import annotations

from civic.certs import bench, demo, recount
from civic.certs.deploy import PLAN
from civic.service import Service

SERVICE = Service(
    plan=PLAN, demo=demo.run, measure=bench.measure, audit=recount.audit, actors=tuple(demo.ACTORS)
)
