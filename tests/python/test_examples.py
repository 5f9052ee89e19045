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


def test_registration_example_builds_requests_and_pages() -> None:
    out = run(EXAMPLES / "python" / "registration.py")
    lines = out.splitlines()
    assert (
        "   -> POST https://api.weixin.qq.com/wxa/component/fastregisterenterpriseweapp"
        "?access_token=***" in lines
    )
    assert '"new_version":true' in out
    assert "   taskid: task_ent_0001" in lines
    assert "   status: 0 task_generated (task generated / 任务已生成)" in lines
    assert any(
        line.startswith("   authorize_url: https://mp.weixin.qq.com/wxawap/fastregistertp?")
        for line in lines
    )
    assert any(
        line.startswith("   https://mp.weixin.qq.com/cgi-bin/fastregisterauth?appid=wxofficial")
        and "copy_wx_verify=1" in line
        for line in lines
    )
    assert any(
        line.startswith("   https://mp.weixin.qq.com/cgi-bin/componentloginpage?")
        and line.endswith("&auth_type=2&category_id_list=17%7C18")
        for line in lines
    )
    assert any(line.startswith("   89249 (register.enterprise_legacy): ") for line in lines)
    assert any(line.startswith("   61058 (register.reuse_oa): ") for line in lines)
    assert "CAT-example-value" not in out, "tokens must not be printed"
    assert out.rstrip().endswith("registration example finished")
