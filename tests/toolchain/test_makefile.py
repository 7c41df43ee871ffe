"""The Makefile as a newcomer meets it: `make help` names every target a person runs,
and the demo chain (toolchain/devchain) keeps running between commands until stopped."""

import os
import re
import socket
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: Targets that only other targets call.
INTERNAL = {"test-contracts", "test-half-a", "test-half-b"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_help__lists_every_target():
    phony = re.search(r"^\.PHONY: (.*)$", (ROOT / "Makefile").read_text(), re.M).group(1).split()
    shown = subprocess.run(["make", "-s", "help"], cwd=ROOT, capture_output=True, text=True)
    listed = set(re.findall(r"make ([a-z-]+)", shown.stdout))
    assert set(phony) - INTERNAL - {"help"} <= listed


def test_devchain__stays_until_stopped_and_restart_says_fresh(tmp_path):
    env = {**os.environ, "CHAIN_PORT": str(_free_port())}
    devchain = [str(ROOT / "toolchain" / "devchain")]

    def run(*args):
        return subprocess.run(devchain + list(args), env=env, capture_output=True, text=True)

    try:
        assert run("check").returncode == 1
        assert "run 'make demo' first" in run("check").stderr
        assert "local chain started" in run("start").stdout
        assert run("check").returncode == 0
        assert "already running" in run("start").stdout
        restarted = run("restart").stdout
        assert "starting a fresh civic day" in restarted
        assert run("check").returncode == 0
    finally:
        assert "stopped the local chain" in run("stop").stdout
    assert run("check").returncode == 1
