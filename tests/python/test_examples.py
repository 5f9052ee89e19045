"""The examples run, and print what they promise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"


def run(path: Path) -> str:
    done = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_demo_runs_the_open_account_flow() -> None:
    out = run(EXAMPLES / "python" / "demo.py")
    assert "2. created OpenAccount(open_appid='wxopen00000000001')" in out
    assert "5. other merchant refused: 89001" in out
    assert "6. shop B after unbind: 89002 该账号未绑定开放平台账号 (state)" in out
    assert "7. refused before sending: invalid argument `open_appid`: is required" in out
    assert "AAT-shop" not in out, "tokens must not be printed"
    assert out.rstrip().endswith("demo finished")
