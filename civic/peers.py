"""Peer contracts the benchmarks measure against, deployed on the same node in the same run.

The Ethereum Attestation Service (EAS 1.9.0, npm ``@ethereum-attestation-service/
eas-contracts``) pins ``pragma solidity 0.8.29`` in every contract, which our 0.8.28 build
cannot compile without editing its sources; the bench deploys the bytecode the npm package
ships (``artifacts/contracts/*.sol/*.json``, EAS's own build), i.e. the code EAS runs on
chain. Its reference operation is ``attest`` with 96 bytes of data (three 32-byte hashes,
what a certificate or a labor contract would carry).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from eth_utils import keccak

EAS_ARTIFACTS = (
    Path("node_modules") / "@ethereum-attestation-service" / "eas-contracts" / "artifacts"
)
EAS_SCHEMA = "bytes32 claimsRoot,bytes32 documentHash,bytes32 typeHash"
EAS_ATTEST_OPERATION = "attest (96-byte data)"
ZERO = "0x" + "00" * 20


class EASArtifactMissing(FileNotFoundError):
    """The EAS npm package (its compiled artifacts) is not installed: run `make install`."""


def eas_container(name: str, root: Path = EAS_ARTIFACTS):
    """An Ape contract container for EAS's own compiled ``name`` (EAS, SchemaRegistry)."""
    from ape.contracts import ContractContainer
    from ethpm_types import ContractType

    path = root / "contracts" / f"{name}.sol" / f"{name}.json"
    if not path.is_file():
        raise EASArtifactMissing(f"{path} not found")
    artifact = json.loads(path.read_text())
    contract_type = ContractType.model_validate(
        {
            "contractName": artifact["contractName"],
            "abi": artifact["abi"],
            "deploymentBytecode": {"bytecode": artifact["bytecode"]},
            "runtimeBytecode": {"bytecode": artifact["deployedBytecode"]},
        }
    )
    return ContractContainer(contract_type)


def eas_request(recipient: str, n: int) -> tuple:
    """AttestationRequestData for `recipient` with 96 bytes of data, distinct per `n`."""
    from eth_abi import encode

    data = encode(
        ["bytes32", "bytes32", "bytes32"],
        [keccak(b"root%d" % n), keccak(b"doc%d" % n), keccak(b"type")],
    )
    return (recipient, 0, True, b"\x00" * 32, data, 0)


@dataclass
class EASPeer:
    """A deployed SchemaRegistry + EAS pair with the 96-byte schema registered."""

    schemas: object
    eas: object
    schema_uid: bytes

    def attest(self, recipient: str, n: int, sender):
        return self.eas.attest((self.schema_uid, eas_request(recipient, n)), sender=sender)

    def multi_attest(self, recipients: list[str], first_n: int, sender):
        requests = [eas_request(who, first_n + i) for i, who in enumerate(recipients)]
        return self.eas.multiAttest([(self.schema_uid, requests)], sender=sender)


def deploy_eas(deployer) -> EASPeer:
    """Deploy EAS from its shipped bytecode and register the 96-byte schema."""
    schemas = deployer.deploy(eas_container("SchemaRegistry"))
    eas = deployer.deploy(eas_container("EAS"), schemas)
    reg = schemas.register(EAS_SCHEMA, ZERO, True, sender=deployer)
    return EASPeer(schemas, eas, reg.decode_logs(schemas.Registered)[0].uid)


def measure_eas_attest(deployer, attester, recipients: tuple[str, str]):
    """(peer, receipt): a fresh EAS, its first attestation, then the measured second one
    (the attester's and the contract's first-write costs are out of the figure)."""
    peer = deploy_eas(deployer)
    peer.attest(recipients[0], 0, attester)
    return peer, peer.attest(recipients[1], 1, attester)
