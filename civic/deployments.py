"""Deployment records: which contract of which service lives where, per network.

``deployments/<ecosystem>_<network>.json`` holds, per service and contract, the
address, the deployment block and transaction, and the chain it belongs to;
``deployments/abi/<ContractName>.json`` holds the ABI the frontend and auditors read.
A record whose chain id or genesis hash differs from the connected chain is stale
(a restarted local node) and is ignored, so a run on a fresh chain deploys anew.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

DEFAULT_DIR = Path("deployments")


@dataclass
class ContractRecord:
    name: str
    address: str
    block: int


@dataclass
class DeploymentRecord:
    network: str
    chain_id: int
    genesis_hash: str
    services: dict[str, dict[str, ContractRecord]] = field(default_factory=dict)
    handover: str | None = None

    # ------------------------------------------------------------------ files

    @staticmethod
    def path_for(network: str, folder: Path = DEFAULT_DIR) -> Path:
        return folder / f"{network.replace(':', '_')}.json"

    @classmethod
    def load(cls, network: str, folder: Path = DEFAULT_DIR) -> DeploymentRecord | None:
        path = cls.path_for(network, folder)
        if not path.exists():
            return None
        raw = json.loads(path.read_text())
        services = {
            svc: {
                key: ContractRecord(name=rec["name"], address=rec["address"], block=rec["block"])
                for key, rec in contracts.items()
            }
            for svc, contracts in raw.get("services", {}).items()
        }
        return cls(
            network=raw["network"],
            chain_id=raw["chain_id"],
            genesis_hash=raw["genesis_hash"],
            services=services,
            handover=raw.get("handover"),
        )

    def save(self, folder: Path = DEFAULT_DIR) -> Path:
        path = self.path_for(self.network, folder)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = asdict(self)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
        tmp.replace(path)  # atomic: an interrupted run never leaves half a file
        return path

    # ------------------------------------------------------------------ queries

    def matches_chain(self, chain_id: int, genesis_hash: str) -> bool:
        return self.chain_id == chain_id and self.genesis_hash == genesis_hash

    def contract(self, service: str, key: str) -> ContractRecord | None:
        return self.services.get(service, {}).get(key)

    def record(self, service: str, key: str, rec: ContractRecord) -> None:
        self.services.setdefault(service, {})[key] = rec


def write_abi(contract_type, folder: Path = DEFAULT_DIR) -> Path:
    """Write a contract type's ABI (from the build, never hand-copied)."""
    path = folder / "abi" / f"{contract_type.name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            [item.model_dump(mode="json", by_alias=True) for item in contract_type.abi], indent=2
        )
        + "\n"
    )
    return path
