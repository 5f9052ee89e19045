"""The full-network-release (全网发布) check rehearsed against the sandbox, end to end: the
Platform of examples/python/release_rehearsal.py serves both push URLs on loopback, the
sandbox plays WeChat's check (``POST /sandbox/release-check``) and every case passes; platforms
that do not answer, or answer the wrong text, are reported failed with the reason."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest
from test_webhook_examples import load

import wxopen
from wxopen.testing import Sandbox

rehearsal = load("release_rehearsal")


def case(report: dict[str, Any], name: str) -> dict[str, Any]:
    [found] = [c for c in report["cases"] if c["case"] == name]
    return found


@pytest.mark.parametrize("group", [1, 4])
def test_every_case_passes_for_a_platform_built_on_the_library(
    wxopen_sandbox: Sandbox, group: int
) -> None:
    report, server = rehearsal.rehearse(wxopen_sandbox, group=group)
    server.close()
    assert report["passed"], json.dumps(report, ensure_ascii=False, indent=1)
    assert [c["case"] for c in report["cases"]] == ["ticket", "text", "query_auth_code"]
    assert report["authorized_push"]["state"] == "delivered"
    assert server.errors == []
    # The test account of the group, with its real ids (spec §13.5).
    appid, username = wxopen.RELEASE_TEST_ACCOUNTS[2 * (group - 1)]
    assert (report["appid"], report["user_name"]) == (appid, username)
    # The platform stored the test account's tokens when the `authorized` push came; the
    # follow-up sent `<code>_from_api` to the tester as the test account (its own token).
    platform = server.platform
    assert platform.authorizer_status(appid) == "authorized"
    [sent] = wxopen_sandbox.messages(appid=appid)
    assert sent["touser"] == report["tester"]
    assert sent["content"].endswith("_from_api")
    code = sent["content"].removesuffix("_from_api")
    assert code not in json.dumps(report), "the report never shows the code"
    # One exchange: the push's; the follow-up found the code already exchanged.
    quota = platform.get_api_quota(cgi_path="/cgi-bin/component/api_query_auth")
    assert quota.quota.used == 1


def test_a_mini_program_of_the_check_passes(wxopen_sandbox: Sandbox) -> None:
    report, server = rehearsal.rehearse(wxopen_sandbox, group=5, account="mini_program")
    server.close()
    assert report["passed"], report
    assert report["appid"] == wxopen.RELEASE_TEST_ACCOUNTS[9][0]
    assert [c["case"] for c in report["cases"]] == ["ticket", "query_auth_code"]


class Silent(rehearsal.PlatformServer):
    """A message handler that does not answer the check: ``success`` to everything."""

    def on_message(self, appid: str, query: str, body: bytes) -> tuple[str, Any]:
        self.platform.handle_message(appid, query, body)
        return wxopen.SUCCESS, None


class WrongText(rehearsal.PlatformServer):
    """Answers every text with a passive reply of the wrong text, and never calls the API."""

    def on_message(self, appid: str, query: str, body: bytes) -> tuple[str, Any]:
        message = self.platform.handle_message(appid, query, body)
        nonce = dict(p.split("=", 1) for p in query.split("&"))["nonce"]
        return self.platform.reply_text(message, "hello", nonce=nonce), None


def test_a_handler_that_does_not_answer_is_reported_with_the_reason(
    wxopen_sandbox: Sandbox,
) -> None:
    report, server = rehearsal.rehearse(wxopen_sandbox, server_class=Silent)
    server.close()
    assert not report["passed"]
    assert case(report, "ticket")["passed"]
    text = case(report, "text")
    assert not text["passed"]
    assert "encrypted reply envelope" in text["reason"] and '"success"' in text["reason"]
    api = case(report, "query_auth_code")
    assert not api["passed"]
    assert "***_from_api" in api["reason"] and "got no message" in api["reason"], api


def test_a_wrong_reply_text_is_reported_expected_against_got(wxopen_sandbox: Sandbox) -> None:
    report, server = rehearsal.rehearse(wxopen_sandbox, server_class=WrongText)
    server.close()
    text = case(report, "text")
    assert not text["passed"]
    assert text["reason"] == (
        'expected Content "TESTCOMPONENT_MSG_TYPE_TEXT_callback" in the decrypted reply, '
        'got "hello"'
    )
    api = case(report, "query_auth_code")
    assert not api["passed"]
    assert api["reason"].startswith('expected an empty answer, got "<xml>'), api
    assert "queryauthcode@@@" not in json.dumps(report)


def test_the_example_runs_as_a_script() -> None:
    out = subprocess.run(
        [sys.executable, str(rehearsal.__file__)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    lines = out.splitlines()
    assert [line.split(":")[0] for line in lines[:3]] == [
        "PASS ticket",
        "PASS text",
        "PASS query_auth_code",
    ], out
    assert json.loads(lines[-1]) == {"passed": True, "appid": "wx570bc396a51b8ff8"}
