"""The solc-js adapter behaves like the native solc CLI that ape-solidity,
py-solc-x and crytic-compile expect, and a broken contract fails the build."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / "toolchain" / "bin"


def pinned_version() -> str:
    config = yaml.safe_load((ROOT / "ape-config.yaml").read_text())
    return config["solidity"]["version"]


def adapter() -> Path:
    return BIN / f"solc-v{pinned_version()}"


def run(args, **kwargs):
    return subprocess.run(
        [str(adapter()), *args], capture_output=True, text=True, timeout=120, **kwargs
    )


def test_version__reports_the_pinned_version():
    out = run(["--version"])
    assert out.returncode == 0
    match = re.search(r"Version: (\d+\.\d+\.\d+)\+commit\.[0-9a-f]{8}", out.stdout)
    assert match, out.stdout
    assert match.group(1) == pinned_version()


def test_version__matches_the_npm_pin():
    package = json.loads((ROOT / "package.json").read_text())
    assert package["dependencies"]["solc"] == pinned_version()


def test_deployable_contracts__pin_the_same_exact_pragma():
    for path in (ROOT / "contracts").glob("*.sol"):
        text = path.read_text()
        assert f"pragma solidity {pinned_version()};" in text, path.name


def test_standard_json__compiles_with_imports_from_base_path(tmp_path):
    (tmp_path / "lib").mkdir()
    (tmp_path / "lib" / "Base.sol").write_text(
        "// SPDX-License-Identifier: MIT\npragma solidity ^0.8.0;\ncontract Base { uint256 public x = 1; }\n"
    )
    source = '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.0;\nimport "lib/Base.sol";\ncontract Good is Base {}\n'
    request = {
        "language": "Solidity",
        "sources": {"Good.sol": {"content": source}},
        "settings": {"outputSelection": {"*": {"*": ["abi", "evm.bytecode.object"]}}},
    }
    out = run(["--standard-json", "--base-path", str(tmp_path)], input=json.dumps(request))
    assert out.returncode == 0
    result = json.loads(out.stdout)
    assert not [e for e in result.get("errors", []) if e["severity"] == "error"]
    assert result["contracts"]["Good.sol"]["Good"]["evm"]["bytecode"]["object"]


def test_standard_json__missing_import__reports_compiler_error(tmp_path):
    source = 'pragma solidity ^0.8.0;\nimport "nowhere/Missing.sol";\ncontract C {}\n'
    request = {"language": "Solidity", "sources": {"C.sol": {"content": source}}}
    out = run(["--standard-json", "--base-path", str(tmp_path)], input=json.dumps(request))
    errors = [e for e in json.loads(out.stdout)["errors"] if e["severity"] == "error"]
    assert errors and "nowhere/Missing.sol" in errors[0]["message"]


def test_combined_json__gives_crytic_compile_its_fields(tmp_path):
    (tmp_path / "C.sol").write_text(
        "// SPDX-License-Identifier: MIT\npragma solidity ^0.8.0;\ncontract C { function f() external pure returns (uint256) { return 1; } }\n"
    )
    fields = "abi,ast,bin,bin-runtime,srcmap,srcmap-runtime,userdoc,devdoc,hashes"
    out = run(["--combined-json", fields, "C.sol"], cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    contract = result["contracts"]["C.sol:C"]
    assert contract["hashes"] == {"f()": "26121ff0"}
    assert contract["bin-runtime"] and contract["srcmap-runtime"]
    assert result["sources"]["C.sol"]["AST"]["nodeType"] == "SourceUnit"
    assert result["sourceList"] == ["C.sol"]


def test_combined_json__type_error__exits_nonzero_with_message(tmp_path):
    (tmp_path / "Bad.sol").write_text(
        'pragma solidity ^0.8.0;\ncontract Bad { function f() external { uint256 x = "s"; } }\n'
    )
    out = run(["--combined-json", "abi", "Bad.sol"], cwd=tmp_path)
    assert out.returncode == 1
    assert "TypeError" in out.stderr


@pytest.mark.parametrize(
    "body, message",
    [
        ("contract Broken { function f( external {} }", "ParserError"),
        ('contract Broken { function f() external { uint256 x = "s"; } }', "TypeError"),
    ],
)
def test_ape_compile__broken_contract__fails_with_compiler_message(tmp_path, body, message):
    project = tmp_path / "broken"
    (project / "contracts").mkdir(parents=True)
    shutil.copy(ROOT / "ape-config.yaml", project / "ape-config.yaml")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    (project / "contracts" / "Broken.sol").write_text(
        f"// SPDX-License-Identifier: MIT\npragma solidity {pinned_version()};\n{body}\n"
    )
    env = {**os.environ, "SOLCX_BINARY_PATH": str(BIN)}
    out = subprocess.run(
        ["ape", "compile", "--force"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert out.returncode != 0
    assert message in out.stdout + out.stderr
    assert (
        not (project / ".build" / "__local__.json").exists()
        or "Broken" not in (project / ".build" / "__local__.json").read_text()
    )
