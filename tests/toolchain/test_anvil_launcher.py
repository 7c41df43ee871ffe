"""toolchain/bin/anvil: the npm Anvil as ape-foundry finds it, with --steps-tracing
dropped only when CIVIC_ANVIL_STEPS_TRACING=0 (long demo runs)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = ROOT / "toolchain" / "bin" / "anvil"


@pytest.fixture
def fake_tree(tmp_path):
    """A copy of the launcher whose npm anvil prints its arguments."""
    (tmp_path / "toolchain" / "bin").mkdir(parents=True)
    shutil.copy(LAUNCHER, tmp_path / "toolchain" / "bin" / "anvil")
    npm_bin = tmp_path / "node_modules" / ".bin"
    npm_bin.mkdir(parents=True)
    fake = npm_bin / "anvil"
    fake.write_text('#!/usr/bin/env bash\nprintf "%s\\n" "$@"\n')
    fake.chmod(0o755)
    return tmp_path / "toolchain" / "bin" / "anvil"


def _args(launcher, env_value):
    env = dict(os.environ)
    env.pop("CIVIC_ANVIL_STEPS_TRACING", None)
    if env_value is not None:
        env["CIVIC_ANVIL_STEPS_TRACING"] = env_value
    argv = ["--port", "8545", "--steps-tracing", "--mnemonic", "a b c"]
    out = subprocess.run(
        [str(launcher), *argv], capture_output=True, text=True, env=env, check=True, timeout=30
    )
    return out.stdout.splitlines()


def test_launcher__default__passes_every_argument(fake_tree):
    assert _args(fake_tree, None) == ["--port", "8545", "--steps-tracing", "--mnemonic", "a b c"]


def test_launcher__tracing_off__drops_only_steps_tracing(fake_tree):
    assert _args(fake_tree, "0") == ["--port", "8545", "--mnemonic", "a b c"]


def test_launcher__real_anvil__reports_pinned_version():
    out = subprocess.run([str(LAUNCHER), "--version"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    assert "1.7.1" in out.stdout
