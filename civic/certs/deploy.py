"""The certificate registry's deploy plan: `CertificateRegistry(admin)` and its issuers.

Both issuer entries of the roles file hold the one on-chain ISSUER_ROLE; which credential
types each may issue is the admin's later choice (`setIssuerPermission`, see the demo).
"""

from __future__ import annotations

from civic.plan import ContractPlan, ServicePlan

PLAN = ServicePlan(
    name="certs",
    contracts=(
        ContractPlan(
            name="CertificateRegistry",
            args=lambda ctx: (ctx.deployer,),
            grants={"issuer": "ISSUER_ROLE", "district_issuer": "ISSUER_ROLE"},
        ),
    ),
    duties={
        "issuer": "Seoul digital policy department: governance group appointments (위촉장)",
        "district_issuer": "district office: 청년수당 eligibility credentials",
    },
)
ROLE_NAMES = PLAN.role_names
deploy = PLAN.deploy
