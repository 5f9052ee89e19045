"""The onboarding story of examples/python/onboarding.py end to end: a Platform against the
sandbox (real HTTP both ways: the sandbox pushes to the story's endpoint on loopback, whose
handler is ``platform.handle``), every flow of spec §1 to §5 — ticket, component token,
authorization, trial registration, rename, verification, 2026 enterprise registration, open
account, link, admin rebind. Here the sandbox runs in manual mode and the test plays the people
through the control API (the demo lets the auto mode play them); then each flow's end state is
checked through the control API, and the platform's store agrees. The demo itself (auto mode)
runs in test_examples.py."""

from __future__ import annotations

import urllib.error
import urllib.parse
import uuid
from pathlib import Path
from typing import Any

import pytest
import redis
from test_webhook_examples import load

import wxopen
from wxopen.testing import Sandbox

onboarding = load("onboarding")
NEW_ADMIN = {
    "wechat": "lisi_newadmin",
    "name": "李四",
    "phone": "13900000001",
    "idcard": "110101199001010022",
}


class ManualPeople:
    """The people, played through the control API at once: a page is opened and confirmed
    (the rebind page with a new admin), and every person a task waits for approves."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.acted: list[tuple[str, str]] = []

    def open_page(self, url: str, **confirm: Any) -> str:
        if "/wxopen/componentrebindadmin" in url:
            confirm.setdefault("new_admin", NEW_ADMIN)
        return self.sandbox.confirm_page(url, **confirm)

    def act(self, kind: str, key: str) -> None:
        # A verification waits for the legal person, then the admin; a link for the official
        # account's admin, then the mini program's: approve until nobody is waited for.
        while True:
            pending = [
                t
                for t in self.sandbox.control("GET", f"/sandbox/tasks?kind={kind}&state=pending")
                if key in (t["id"], t.get("appid"))
            ]
            if not pending:
                return
            task = pending[0]
            self.acted.append((kind, str(task["waiting_for"])))
            self.sandbox.act(task["id"], "approve")


def store_of(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> Any:
    if kind == "sqlite":
        return wxopen.SqliteStore(tmp_path / "wxopen.sqlite3")
    return wxopen.RedisStore(redis.Redis.from_url(request.getfixturevalue("redis_url")))


@pytest.mark.parametrize("store_kind", ["sqlite", "redis"])
def test_the_onboarding_story_against_the_sandbox(
    store_kind: str, wxopen_sandbox_factory: Any, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    sb = wxopen_sandbox_factory(seed=3)
    people = ManualPeople(sb)
    lines: list[str] = []
    store = store_of(store_kind, tmp_path, request)
    prefix = f"wxonboard{uuid.uuid4().hex[:8]}"
    created, rows = onboarding.run_story(sb, store, people, lines.append, key_prefix=prefix)

    # Every step said what happened, in order, on one line each; no credential shown.
    titles = [line[4:24].strip() for line in lines]
    assert titles == [
        "ticket",
        "component token",
        "authorization URL",
        "merchant authorizes",
        "trial registered",
        "renamed",
        "verified",
        "enterprise (2026)",
        "open account",
        "linked",
        "admin rebound",
    ], lines
    shown = "\n".join(lines + [" ".join(r) for r in rows])
    assert "pre_auth_code=***" in shown
    assert "@@@" not in shown and sb.secret not in shown
    # The people acted in the flows' order: one for the page-less registrations, two for the
    # verification and the link.
    assert people.acted == [
        ("beta", "user"),
        ("beta_verify", "legal_person"),
        ("beta_verify", "admin"),
        ("enterprise", "legal_person"),
        ("link", "oa_admin"),
        ("link", "mini_admin"),
    ]

    oa, trial, mini = created["official_account"], created["trial"], created["enterprise"]
    platform = wxopen.Platform(
        component_appid=sb.appid,
        component_appsecret=sb.secret,
        token=sb.token,
        encoding_aes_key=sb.encoding_aes_key,
        store=store,
        api_base=sb.base_url,
        key_prefix=prefix,
        read_only=True,  # what the story left in the store, without minting anything
    )

    # Authorization: the official account, and both new mini programs through their pushes;
    # each code exchanged exactly once, one component token for the whole story.
    auths = {a["appid"] for a in sb.control("GET", "/sandbox/authorizations")}
    assert {oa, trial, mini} <= auths
    for appid in (oa, trial, mini):
        assert platform.authorizer_status(appid) == "authorized"
    calls = platform.get_api_quota(cgi_path="/cgi-bin/component/api_query_auth")
    assert calls.quota.used == 3, "three authorizations, three exchanges"
    mints = platform.get_api_quota(cgi_path="/cgi-bin/component/api_component_token")
    assert mints.quota.used == 1

    # Trial → renamed → formal: the name kept the trial suffix, the subject is the enterprise.
    account = sb.control("GET", f"/sandbox/accounts/{trial}")
    assert account["nick_name"] == f"{onboarding.NEW_NAME}的体验小程序"
    assert (account["beta"], account["register_type"]) == (False, 13)
    assert account["principal_name"] == onboarding.SUBJECT
    # The order matters: a formal app may neither be renamed nor verified again.
    shop = wxopen.Platform(
        component_appid=sb.appid,
        component_appsecret=sb.secret,
        token=sb.token,
        encoding_aes_key=sb.encoding_aes_key,
        store=store,
        api_base=sb.base_url,
        key_prefix=prefix,
    ).authorizer(trial)
    with pytest.raises(wxopen.ApiError) as refused:
        shop.rename_beta(name="Acme 咖啡再改名")
    assert refused.value.errcode == 91020

    # Enterprise (2026): a mini program of the subject, unverified, admin rebound.
    account = sb.control("GET", f"/sandbox/accounts/{mini}")
    assert (account["register_type"], account["principal_name"]) == (6, onboarding.SUBJECT)
    assert account["admin"] == NEW_ADMIN["wechat"]

    # Open account: created by the new mini program, the other two bound to it.
    open_appid = created["open_account"]
    [mine] = [
        o for o in sb.control("GET", "/sandbox/open_accounts") if o["open_appid"] == open_appid
    ]
    assert sorted(mine["bound"]) == sorted([oa, trial, mini])
    for appid in (oa, trial, mini):
        assert sb.control("GET", f"/sandbox/accounts/{appid}")["open_appid"] == open_appid

    # Link: the official account ↔ the new mini program, status 1.
    [link] = [x for x in sb.control("GET", "/sandbox/links") if x["appid"] == mini]
    assert (link["oa"], link["status"]) == (oa, 1)

    # Every task ended well; the rebind task is the one the redirect carried.
    tasks = {t["kind"]: t for t in sb.control("GET", "/sandbox/tasks")}
    assert sorted(tasks) == ["beta", "beta_verify", "enterprise", "link", "rebind"]
    assert {t["state"] for t in tasks.values()} == {"succeeded"}
    assert tasks["beta"]["id"] == created["trial_task"]
    assert tasks["enterprise"]["id"] == created["enterprise_task"]
    assert tasks["rebind"]["id"] == created["rebind_task"]

    # Every push was delivered and answered `success` at the first attempt.
    sb.wait_pushes()
    pushes = [p for p in sb.pushes() if p["state"] != "no_url"]
    assert {p["state"] for p in pushes} == {"delivered"}
    assert all(len(p["attempts"]) == 1 for p in pushes), pushes
    kinds = [p["kind"] for p in pushes]
    for kind in (
        "component_verify_ticket",
        "authorized",
        "notify_third_fastregisterbetaapp",
        "notify_third_fastverifybetaapp",
        "notify_third_fasteregister",
    ):
        assert kind in kinds, kinds

    # The summary table names what was created.
    table = {r[0]: r for r in rows}
    assert table["official account"][1] == oa
    assert table["open account"][1:] == [open_appid, f"3 accounts bound · {onboarding.SUBJECT}"]
    assert table["link"][2] == "status 1 (linked)"


def test_the_rebind_redirect_carries_the_taskid_the_platform_confirms(
    wxopen_sandbox_factory: Any, tmp_path: Path
) -> None:
    """The redirect of the rebind page, followed by the browser, reaches the endpoint's
    /wechat/rebound route: a taskid the sandbox does not know is refused there (85060)."""
    sb = wxopen_sandbox_factory(seed=4)
    platform = wxopen.Platform(
        component_appid=sb.appid,
        component_appsecret=sb.secret,
        token=sb.token,
        encoding_aes_key=sb.encoding_aes_key,
        store=wxopen.SqliteStore(tmp_path / "s.sqlite3"),
        api_base=sb.base_url,
        mp_base=sb.base_url,
        open_base=sb.base_url,
    )
    endpoint = onboarding.Endpoint(platform)
    try:
        sb.set_urls(f"{endpoint.url}/wechat/component", None)
        platform.start_push_ticket()
        endpoint.wait_for("ticket", lambda e: e.type == "component_verify_ticket")
        mini = "wxa11ce0000000000b"
        url = platform.component_login_url(
            pre_auth_code=platform.create_preauthcode().pre_auth_code,
            redirect_uri=f"{endpoint.url}/wechat/authorized",
        )
        back = onboarding.follow(sb.confirm_page(url, appid=mini))
        assert back["authorizer_appid"] == mini
        query = urllib.parse.urlencode({"appid": mini, "taskid": "nosuchtask"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            onboarding.follow(f"{endpoint.url}/wechat/rebound?{query}")
        assert refused.value.code == 400
        assert "85060" in refused.value.read().decode()
    finally:
        endpoint.close()
