"""Deployment records: which contract of which service lives where, per network.

``deployments/<ecosystem>_<network>.json`` holds, per service and contract, the address,
the deployment block and transaction hash, and the chain it belongs to (chain id and the
0x-prefixed genesis block hash). Before a deploy transaction is sent, its hash and the
address it will create are written to the record's ``pending`` journal, so a run killed
at any point leaves a record from which a rerun finds and adopts what was sent.
``deployments/abi/<ContractName>.json`` holds the ABI that dapps and auditors read; the
committed ABIs are checked against the build by the tests.

A record of another chain (another genesis hash under the same network name) is never
silently replaced: local chains restart and are simply deployed anew, while on any other
network the deploy refuses, naming both genesis hashes, unless told to start afresh.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from eth_utils import is_hex_address, to_checksum_address

DEFAULT_DIR = Path("deployments")
ABI_DIR = "abi"


class RecordError(ValueError):
    """A deployment record is unreadable, malformed, or of another chain."""


@dataclass
class ContractRecord:
    name: str
    address: str
    block: int
    tx: str | None = None


@dataclass
class PendingDeploy:
    """A deploy transaction signed and about to be sent (or sent, answer unknown)."""

    service: str
    key: str
    name: str
    address: str
    tx: str
    nonce: int


@dataclass
class DeploymentRecord:
    network: str
    chain_id: int
    genesis_hash: str
    services: dict[str, dict[str, ContractRecord]] = field(default_factory=dict)
    pending: list[PendingDeploy] = field(default_factory=list)
    deployer: str | None = None
    handover: str | None = None

    # ------------------------------------------------------------------ files

    @staticmethod
    def path_for(network: str, folder: Path = DEFAULT_DIR) -> Path:
        return Path(folder) / f"{network.replace(':', '_')}.json"

    @classmethod
    def load(cls, network: str, folder: Path = DEFAULT_DIR) -> DeploymentRecord | None:
        """The record of `network`, None if there is none; `RecordError` naming the file
        and the problem if it is not a well-formed record of that network."""
        path = cls.path_for(network, folder)
        if not path.exists():
            return None
        try:
            raw = json.loads(path.read_text())
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise RecordError(f"{path}: not a readable deployment record ({err})") from err
        try:
            record = cls._from_json(raw)
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise RecordError(f"{path}: malformed deployment record ({err!r})") from err
        if record.network != network:
            raise RecordError(f"{path}: records network {record.network!r}, not {network!r}")
        return record

    @classmethod
    def _from_json(cls, raw: dict) -> DeploymentRecord:
        def address(value) -> str:
            if not isinstance(value, str) or not is_hex_address(value):
                raise ValueError(f"{value!r} is not an address")
            return to_checksum_address(value)

        services = {
            str(svc): {
                str(key): ContractRecord(
                    name=str(rec["name"]),
                    address=address(rec["address"]),
                    block=int(rec["block"]),
                    tx=rec.get("tx"),
                )
                for key, rec in contracts.items()
            }
            for svc, contracts in raw.get("services", {}).items()
        }
        pending = [
            PendingDeploy(
                service=str(p["service"]),
                key=str(p["key"]),
                name=str(p["name"]),
                address=address(p["address"]),
                tx=str(p["tx"]),
                nonce=int(p["nonce"]),
            )
            for p in raw.get("pending", [])
        ]
        return cls(
            network=str(raw["network"]),
            chain_id=int(raw["chain_id"]),
            genesis_hash=_hex(raw["genesis_hash"]),
            services=services,
            pending=pending,
            deployer=address(raw["deployer"]) if raw.get("deployer") else None,
            handover=address(raw["handover"]) if raw.get("handover") else None,
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
        return self.chain_id == chain_id and self.genesis_hash == _hex(genesis_hash)

    def contract(self, service: str, key: str) -> ContractRecord | None:
        return self.services.get(service, {}).get(key)

    def record(self, service: str, key: str, rec: ContractRecord) -> None:
        self.services.setdefault(service, {})[key] = rec
        self.pending = [p for p in self.pending if (p.service, p.key) != (service, key)]

    def addresses(self) -> set[str]:
        return {rec.address for recs in self.services.values() for rec in recs.values()}


def genesis_hash(chain) -> str:
    """The connected chain's genesis block hash, 0x-prefixed."""
    return _hex(chain.blocks[0].hash)


def _hex(value) -> str:
    text = value.hex() if isinstance(value, bytes | bytearray) else str(value)
    return (text if text.startswith("0x") else "0x" + text).lower()


def abi_json(contract_type) -> list[dict]:
    return [item.model_dump(mode="json", by_alias=True) for item in contract_type.abi]


def write_abi(contract_type, folder: Path = DEFAULT_DIR) -> Path:
    """Write a contract type's ABI (from the build, never hand-copied)."""
    path = Path(folder) / ABI_DIR / f"{contract_type.name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(abi_json(contract_type), indent=2) + "\n")
    return path


class RecordLocked(RecordError):
    """Another deploy of the same network and records folder is running."""


class record_lock:
    """An exclusive lock on one network's record while a deploy runs: a second deploy
    of the same network into the same folder stops at once, naming the first."""

    def __init__(self, network: str, folder: Path = DEFAULT_DIR):
        self.path = DeploymentRecord.path_for(network, folder).with_suffix(".lock")
        self._file = None

    def __enter__(self):
        import fcntl
        import os

        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file = open(self.path, "a+")  # noqa: SIM115 (held for the lock's lifetime)
        try:
            fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as err:
            self._file.seek(0)
            holder = self._file.read().strip() or "another process"
            self._file.close()
            raise RecordLocked(
                f"{self.path}: a deploy of this network is already running ({holder}); "
                "wait for it to finish"
            ) from err
        self._file.seek(0)
        self._file.truncate()
        self._file.write(f"pid {os.getpid()}")
        self._file.flush()
        return self

    def __exit__(self, *exc):
        import fcntl

        fcntl.flock(self._file, fcntl.LOCK_UN)
        self._file.close()
        return False
