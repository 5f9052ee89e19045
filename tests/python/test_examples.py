"""The examples run, and print what they promise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent.parent / "examples"


def run(path: Path, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(path), *args], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_onboarding_demo_runs_in_auto_mode() -> None:
    """The demo (scripts/demo.sh runs it): its own sandbox in auto mode, whose people act after
    a short delay, the eleven steps in order, the summary table, no credential printed."""
    out = run(EXAMPLES / "python" / "onboarding.py", "--delay-ms", "100")
    lines = out.splitlines()
    assert lines[0].startswith("wxopen ") and "auto mode (people act after 100 ms)" in lines[0]
    steps = [line for line in lines if len(line) > 4 and line[:2].strip().isdigit()]
    assert [int(line[:2]) for line in steps] == list(range(1, 12)), out
    assert steps[3].startswith(" 4. merchant authorizes  wxa11ce0000000000a granted ")
    assert "code exchanged once" in steps[3]
    assert "the owner confirmed → wx" in steps[4]
    assert "“Acme 咖啡外卖的体验小程序”" in steps[5]
    assert "a formal mini program of Acme 咖啡有限公司" in steps[6]
    assert "the legal person approved → wx" in steps[7]
    assert "(link status 1)" in steps[9]
    assert "admin now newadmin_" in steps[10]
    table = lines[lines.index(next(line for line in lines if line.startswith("Created in"))) + 1 :]
    assert table[0].split()[:3] == ["official", "account", "wxa11ce0000000000a"]
    assert any(
        row.split()[:2] == ["open", "account"] and "3 accounts bound" in row for row in table
    )
    assert sum(row.strip().startswith("task: ") and row.endswith("succeeded") for row in table) == 5
    assert "pre_auth_code=***" in out
    assert "@@@" not in out and "5ba0db0c5ba0db0c" not in out, "no credential is printed"
    assert out.rstrip().endswith("onboarding finished")


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
