"""Crash safety: a process killed with SIGKILL in the middle of a settlement leaves all or
nothing. The settlement runs in a child process on its own SQLite file (WAL, as in production
on SQLite); it is killed after its postings are written and its balances moved, before commit."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

WORKER = Path(__file__).with_name("crash_worker.py")
ROOT = Path(__file__).resolve().parents[3]


def _env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="karsaz.settings_test",
        KARSAZ_VAR_DIR=str(var_dir),
        PYTHONPATH=str(ROOT),
    )
    return env


def _run(var_dir: Path, *args: str) -> dict:
    out = subprocess.run(  # noqa: S603 - our own worker script
        [sys.executable, str(WORKER), *args],
        env=_env(var_dir),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_sigkill_mid_settlement_leaves_all_or_nothing(tmp_path):
    setup = _run(tmp_path, "setup")
    pk = str(setup["settlement"])
    assert setup["phase"] == "pending" and setup["breaches"] == []

    child = subprocess.Popen(  # noqa: S603 - our own worker script
        [sys.executable, str(WORKER), "settle", pk],
        env=_env(tmp_path),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        assert line == "MIDWAY", (line, child.stderr.read() if child.stderr else "")
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL

    result = _run(tmp_path, "check", pk)
    before, after = result["before"], result["after"]
    # Nothing of the killed settlement survived: same postings, still pending, ledger clean.
    assert before["breaches"] == []
    assert before["phase"] == "pending" and before["resolutions"] == 0
    assert before["postings"] == setup["postings"]
    assert before["invoice_state"] == "taken"
    # And the unit is not stuck: the settlement completes once, cleanly.
    assert after["phase"] == "posted" and after["resolutions"] == 1
    assert after["invoice_state"] == "financed" and after["breaches"] == []
