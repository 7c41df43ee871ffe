"""Our tooling on nodes other than Ape's own Anvil: the opcode probe (civic.node) refuses
a node of an older hardfork before anything is sent, and one decoder (civic.chain) reads
a custom error the same way from Anvil's JSON-RPC answer and from eth-tester's exception."""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from eth_abi import encode
from eth_utils import function_signature_to_4byte_selector
from web3 import Web3

from civic.chain import ErrorDecoder, revert_data, simulate
from civic.node import (
    FORKS,
    NodeIncompatible,
    describe_missing,
    forks_up_to,
    missing_opcodes,
    probe_code,
)

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def start_anvil():
    """Start a separate Anvil (by URL, as a user's node would be) with extra options."""
    procs = []

    def start(*options: str) -> Web3:
        port = _free_port()
        cmd = [shutil.which("anvil"), "--port", str(port), "--silent", *options]
        procs.append(subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        w3 = Web3(Web3.HTTPProvider(f"http://127.0.0.1:{port}"))
        for _ in range(100):
            if w3.is_connected():
                return w3
            time.sleep(0.1)
        pytest.fail(f"anvil {' '.join(options)} did not start")

    yield start
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=10)


def test_forks_up_to__cancun__includes_every_earlier_fork():
    names = [f.name for f in forks_up_to("cancun")]
    assert names[-1] == "cancun"
    assert {"shanghai", "london", "byzantium"} <= set(names)
    ops = {p.opcode for f in forks_up_to("cancun") for p in f.probes}
    assert {"PUSH0", "MCOPY", "TLOAD", "TSTORE"} <= ops
    assert "CLZ" not in ops  # Osaka's


def test_forks_up_to__unknown_version__raises():
    with pytest.raises(NodeIncompatible, match="unknown evm_version 'frontier2'"):
        forks_up_to("frontier2")


def test_probe_code__every_probe_ends_in_return_one():
    every = [p for f in FORKS for p in f.probes]
    assert probe_code(()) == "0x600160005260206000f3"
    assert probe_code(every).endswith("600160005260206000f3")


def test_describe_missing__names_fork_opcodes_and_eips():
    cancun = forks_up_to("cancun")[-1]
    missing = [(cancun, p) for p in cancun.probes if p.opcode in ("MCOPY", "TLOAD", "TSTORE")]
    assert describe_missing(missing, "cancun", "http://node") == (
        "the node at http://node does not run Cancun's MCOPY/TLOAD/TSTORE "
        "(EIP-5656, EIP-1153): our build targets evm_version cancun; "
        "use a node at Cancun or later"
    )


def test_missing_opcodes__shanghai_node__lacks_cancun_only(start_anvil):
    w3 = start_anvil("--hardfork", "shanghai")
    height = w3.eth.block_number
    missing = missing_opcodes(w3, "cancun")
    assert {f.name for f, _ in missing} == {"cancun"}
    assert {"MCOPY", "TLOAD", "TSTORE"} <= {p.opcode for _, p in missing}
    assert missing_opcodes(w3, "shanghai") == []
    assert w3.eth.block_number == height  # probes are calls: nothing was mined


def test_missing_opcodes__default_anvil__runs_cancun(start_anvil):
    assert missing_opcodes(start_anvil(), "cancun") == []


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["ape", "run", *args], cwd=ROOT, capture_output=True, text=True, timeout=300, check=False
    )


def test_deploy__shanghai_node__refused_before_any_transaction(start_anvil, tmp_path):
    w3 = start_anvil("--hardfork", "shanghai")
    url = w3.provider.endpoint_uri
    done = _run("deploy", "--network", f"ethereum:local:{url}", "--out", str(tmp_path))
    assert done.returncode != 0
    out = " ".join((done.stdout + done.stderr).split())
    assert f"the node at {url} does not run Cancun's MCOPY/TLOAD/TSTORE" in out
    assert "use a node at Cancun or later" in out
    assert w3.eth.block_number == 0  # nothing sent
    assert not (tmp_path / "ethereum_local.json").exists()


def test_audit__shanghai_node__refused_with_the_hardfork(start_anvil, tmp_path):
    url = start_anvil("--hardfork", "shanghai").provider.endpoint_uri
    done = _run("audit", "--network", f"ethereum:local:{url}", "--out", str(tmp_path))
    assert done.returncode != 0
    out = " ".join((done.stdout + done.stderr).split())
    assert "does not run Cancun's MCOPY/TLOAD/TSTORE" in out
    assert "Traceback" not in out


ABI = [
    {
        "type": "error",
        "name": "OdometerRollback",
        "inputs": [
            {"name": "tokenId", "type": "uint256"},
            {"name": "mileage", "type": "uint64"},
            {"name": "highest", "type": "uint64"},
        ],
    }
]


def _reverting_initcode(data: bytes) -> str:
    """Initcode that reverts with ``data``: CODECOPY of its own tail, then REVERT."""
    size = len(data).to_bytes(2, "big")
    # PUSH2 size, PUSH1 offset, PUSH1 0, CODECOPY, PUSH2 size, PUSH1 0, REVERT
    head = b"\x61" + size + b"\x60\x0e\x60\x00\x39\x61" + size + b"\x60\x00\xfd"
    assert len(head) == 0x0E
    return "0x" + (head + data).hex()


def test_revert_data__custom_error__same_bytes_from_anvil_and_eth_tester(start_anvil):
    """The same revert, run as a call on Anvil (a JSON-RPC error answer) and on Ape's
    embedded eth-tester (a raised TransactionFailed), decodes to the same error."""
    from ape import networks

    selector = function_signature_to_4byte_selector("OdometerRollback(uint256,uint64,uint64)")
    want = selector + encode(["uint256", "uint64", "uint64"], [7, 40_000, 42_000])
    # eth-tester's raw eth_call needs a sender; any funded test account will do.
    tx = {"from": "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", "data": _reverting_initcode(want)}
    decoder = ErrorDecoder(ABI)

    from_anvil = simulate(start_anvil(), tx)
    with networks.parse_network_choice("ethereum:local:test") as tester:
        from_tester = simulate(tester.web3, tx)
        try:
            tester.web3.eth.call(tx)
        except Exception as err:  # eth-tester's TransactionFailed, re-raised by web3
            raised = revert_data(err)
    assert from_anvil == from_tester == raised == want
    assert (
        decoder.describe(from_anvil) == "OdometerRollback(tokenId=7, mileage=40000, highest=42000)"
    )


def test_demo__embedded_provider__every_service_and_its_recount(tmp_path):
    """Ape's embedded provider (eth-tester, no node process): the whole civic day."""
    done = _run("demo", "--network", "ethereum:local:test", "--out", str(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    for service in ("nw", "voting", "vehicle", "escrow", "labor"):
        assert f"recount of {service} from events matches the contract" in done.stdout


def test_build_evm_version__is_the_manifest_compilers():
    from ape import project

    from civic.node import build_evm_version

    versions = {c.settings["evmVersion"] for c in project.manifest.compilers}
    assert versions == {"cancun"}  # ape-config.yaml solidity.evm_version
    assert build_evm_version() == "cancun"


@pytest.mark.parametrize(
    "error",
    [
        {"code": 3, "message": "execution reverted", "data": "0xd8eaeaa1"},  # Anvil, geth
        {"code": -32603, "message": "reverted", "data": {"message": "x", "data": "0xd8eaeaa1"}},
        {"message": "VM Exception", "data": {"0xabc": {"error": "revert", "return": "0xd8eaeaa1"}}},
    ],
    ids=["data", "nested-data", "keyed-by-tx"],
)
def test_revert_data__json_rpc_error_shapes__same_bytes(error):
    assert revert_data(error) == bytes.fromhex("d8eaeaa1")


def test_revert_data__exception_types__same_bytes():
    from ape.exceptions import ContractLogicError
    from eth_tester.exceptions import TransactionFailed
    from web3.exceptions import ContractCustomError

    raw = bytes.fromhex("d8eaeaa1") + b"\x00" * 31 + b"\x07"
    errors = [
        ContractCustomError("0x" + raw.hex(), data="0x" + raw.hex()),  # web3
        TransactionFailed(raw),  # eth-tester
        TransactionFailed(f"execution reverted: {raw!r}"),  # eth-tester through web3
        ContractLogicError(revert_message="0x" + raw.hex()),  # Ape, before enrichment
    ]
    wrapped = ContractLogicError("decoded", base_err=errors[0])  # Ape's CustomError shape
    assert [revert_data(e) for e in [*errors, wrapped]] == [raw] * 5
    assert revert_data(ValueError("connection refused")) is None
