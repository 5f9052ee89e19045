"""Onboarding a merchant, end to end, against wxopen-sandbox — the README's first command
(``scripts/demo.sh``).

A third-party platform onboards the coffee chain Acme 咖啡有限公司 the way it would on WeChat,
every step through :class:`wxopen.Platform` (tokens handled by the driver):

 1. ticket              the platform asks for a ``component_verify_ticket``; the push reaches
                        its endpoint, whose handler is ``platform.handle``, which stores it
 2. component token     minted from the stored ticket
 3. authorization URL   a pre-auth code and the page the merchant's admin opens
 4. merchant authorizes the official account Acme 咖啡 confirms: the ``authorized`` push and the
                        browser's redirect race to the platform; the code is exchanged once
 5. trial registered    a trial mini program for the shop's owner (the owner confirms; the
                        ``notify_third_fastregisterbetaapp`` and ``authorized`` pushes arrive)
 6. renamed             while still a trial (a formal app may not use this API: 91020)
 7. verified            the legal person passes the face check, the admin confirms: formal
 8. enterprise          a second mini program by the 2026 enterprise API (the legal person
                        approves; ``notify_third_fasteregister`` carries its authorization)
 9. open account        created by the new mini program, then the other two accounts bound
10. linked              the official account links the new mini program (both admins agree)
11. admin rebound       the rebind page, its ``taskid`` on the redirect, ``rebind_admin``

then a table of what was created, read back from the sandbox's control API.

Everything runs on 127.0.0.1: the sandbox (a local WeChat) in **auto mode** — the people in
the flows act by themselves after a short delay — and this script's endpoint for the pushes and
the browser redirects. No secret is printed (tokens, tickets and codes stay inside the driver).

Run: ``scripts/demo.sh``; or, with ``pip install wxopen wxopen-sandbox``,
``python onboarding.py [--delay-ms 1000]``. The tests run :func:`run_story` against a manual
sandbox whose people they play themselves (``tests/python/test_onboarding.py``).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable, Optional

import wxopen
from wxopen.testing import Sandbox

# The sandbox's default merchant: one verified enterprise with an official account, and its
# legal person (a person the sandbox knows: WeChat ID, openid, ID card).
SUBJECT = "Acme 咖啡有限公司"
OFFICIAL_ACCOUNT = "wxa11ce0000000000a"
CREDIT_CODE = "91440300MA5ACME001"  # unified social credit code (code_type 1): 18 characters
LEGAL_PERSON = {
    "wechat": "zhangsan_acme",
    "openid": "oSandboxZhangSan000000000001",
    "name": "张三",
    "idcard": "110101199003070011",
}
SHOP_OWNER_OPENID = "oAcmeShopOwner00000000000001"  # the trial app's future admin
TRIAL_NAME = "Acme 咖啡试营业"
NEW_NAME = "Acme 咖啡外卖"
PHONE = "0755-86000000"


# ----- the platform's web endpoints ---------------------------------------------------------


class Endpoint:
    """The platform's HTTP endpoint on 127.0.0.1 (a real server; the sandbox and the "browser"
    call it):

    * ``POST /wechat/component`` — the 授权事件接收URL: ``platform.handle(query, body)``,
      answered ``success`` (an error makes the sandbox redeliver, as WeChat does);
    * ``GET /wechat/authorized?auth_code=…`` — the authorization redirect:
      ``platform.authorize(code)``;
    * ``GET /wechat/rebound?appid=…&taskid=…`` — the rebind page's redirect:
      ``platform.authorizer(appid).rebind_admin(taskid=…)``.

    Every push handled is kept (``events``) for the story to wait on.
    """

    def __init__(self, platform: wxopen.Platform) -> None:
        self.platform = platform
        self.events: list[Any] = []
        self.errors: list[str] = []
        self.redirects: list[dict[str, Any]] = []
        self._cond = threading.Condition()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                if url.path != "/wechat/component":
                    self._answer(404, b"not found")
                    return
                try:
                    event = platform.handle(url.query, body)
                except wxopen.WxOpenError as e:
                    endpoint._note(error=f"{type(e).__name__}: {e}")
                    self._answer(500, b"error")
                    return
                endpoint._note(event=event)
                self._answer(200, b"success")

            def do_GET(self) -> None:
                url = urllib.parse.urlsplit(self.path)
                q = dict(urllib.parse.parse_qsl(url.query))
                try:
                    if url.path == "/wechat/authorized":
                        done = platform.authorize(q["auth_code"])
                        out = {
                            "authorizer_appid": done.authorizer_appid,
                            "exchanged": done.exchanged,
                            "func_info": list(done.func_info),
                        }
                    elif url.path == "/wechat/rebound":
                        platform.authorizer(q["appid"]).rebind_admin(taskid=q["taskid"])
                        out = {"appid": q["appid"], "rebound": True}
                    else:
                        self._answer(404, b"not found")
                        return
                except (KeyError, wxopen.WxOpenError) as e:
                    self._answer(400, json.dumps({"error": str(e)}).encode())
                    return
                endpoint._note(redirect={"path": url.path, **out})
                self._answer(200, json.dumps(out).encode(), "application/json")

            def _answer(self, status: int, body: bytes, ctype: str = "text/plain") -> None:
                self.send_response(status)
                self.send_header("content-type", ctype)
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def _note(self, event: Any = None, error: Optional[str] = None, redirect: Any = None) -> None:
        with self._cond:
            if event is not None:
                self.events.append(event)
            if error is not None:
                self.errors.append(error)
            if redirect is not None:
                self.redirects.append(redirect)
            self._cond.notify_all()

    def wait_for(self, what: str, match: Callable[[Any], bool], timeout: float = 30.0) -> Any:
        """The first push handled that ``match`` accepts (waits for it)."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for event in self.events:
                    if match(event):
                        return event
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [e.type for e in self.events]
                    raise TimeoutError(
                        f"no {what} push within {timeout} s (got {seen}, {self.errors})"
                    )
                self._cond.wait(left)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


# ----- the people in the flows --------------------------------------------------------------


class AutoPeople:
    """The sandbox's auto mode plays every person (after its delay): a page only needs opening;
    a person waited for acts by themselves."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox

    def open_page(self, url: str, **confirm: Any) -> str:
        """A person opens ``url`` (authorization, rebind page) and confirms; returns where the
        browser goes next (the redirect, with ``auth_code`` or ``taskid``)."""
        session = self.sandbox.control("POST", "/sandbox/pages/open", {"url": url})
        while True:
            page = self.sandbox.control("GET", f"/sandbox/pages/{session['id']}")
            if page.get("redirect"):
                return str(page["redirect"])
            if page.get("state") != "open":
                raise RuntimeError(f"the page was {page.get('state')}, not confirmed")
            time.sleep(0.1)

    def act(self, kind: str, key: str) -> None:
        """The person the sandbox task (``kind``, id or appid ``key``) waits for acts."""


def follow(redirect: str) -> dict[str, Any]:
    """The browser follows a redirect to the platform's endpoint; its JSON answer."""
    with urllib.request.urlopen(redirect, timeout=30) as resp:
        return json.loads(resp.read())


# ----- the story ----------------------------------------------------------------------------


class Story:
    """The onboarding steps, each printed on one line (``say``); ``created`` collects the ids."""

    def __init__(
        self,
        platform: wxopen.Platform,
        sandbox: Sandbox,
        endpoint: Endpoint,
        people: Any,
        events: list[dict[str, Any]],
        say: Callable[[str], None] = print,
    ) -> None:
        self.platform = platform
        self.events = events
        self.sandbox = sandbox
        self.endpoint = endpoint
        self.people = people
        self.say = say
        self.created: dict[str, Any] = {}
        self._step = 0
        self._t0 = time.monotonic()
        self._t = self._t0

    def step(self, title: str, text: str) -> None:
        self._step += 1
        now = time.monotonic()
        self.say(f"{self._step:>2}. {title:<20} {text}  ({now - self._t:.1f} s)")
        self._t = now

    def run(self) -> dict[str, Any]:
        self.ticket()
        self.component_token()
        url = self.authorization_url()
        self.merchant_authorizes(url)
        trial = self.trial_registered()
        self.renamed(trial)
        self.verified(trial)
        mini = self.enterprise_registered()
        self.open_account(mini, [trial, OFFICIAL_ACCOUNT])
        self.linked(OFFICIAL_ACCOUNT, mini)
        self.admin_rebound(mini)
        self.created["seconds"] = round(time.monotonic() - self._t0, 1)
        return self.created

    # 1
    def ticket(self) -> None:
        self.platform.start_push_ticket()
        push = self.endpoint.wait_for(
            "component_verify_ticket", lambda e: e.type == "component_verify_ticket"
        )
        self.step(
            "ticket", f"component_verify_ticket pushed and stored (CreateTime {push.create_time})"
        )

    # 2
    def component_token(self) -> None:
        token = self.platform.component_access_token()
        minted = next(e for e in reversed(self.events) if e["kind"] == "component_token_minted")
        left = (minted["expires_at_ms"] - time.time() * 1000) / 1000
        self.step(
            "component token",
            f"minted from a ticket {minted['ticket_age_ms']} ms old, valid {left:.0f} s "
            f"({token!r})",
        )

    # 3
    def authorization_url(self) -> str:
        pre = self.platform.create_preauthcode()
        url = self.platform.component_login_url(
            pre_auth_code=pre.pre_auth_code,
            redirect_uri=f"{self.endpoint.url}/wechat/authorized",
            auth_type=1,  # official accounts
            biz_appid=OFFICIAL_ACCOUNT,
        )
        shown = wxopen.redact_url(url)
        self.step("authorization URL", f"pre-auth code valid {pre.expires_in} s → {shown}")
        return url

    # 4
    def merchant_authorizes(self, url: str) -> None:
        redirect = self.people.open_page(url, appid=OFFICIAL_ACCOUNT)
        back = follow(redirect)  # the browser comes back with the auth_code
        self.endpoint.wait_for("authorized", lambda e: _is(e, "authorized", OFFICIAL_ACCOUNT))
        how = "by the redirect" if back["exchanged"] else "by the push; the redirect reused it"
        assert self.platform.authorizer_status(OFFICIAL_ACCOUNT) == "authorized"
        self.created["official_account"] = OFFICIAL_ACCOUNT
        self.step(
            "merchant authorizes",
            f"{OFFICIAL_ACCOUNT} granted {len(back['func_info'])} permission sets; "
            f"code exchanged once ({how})",
        )

    # 5
    def trial_registered(self) -> str:
        reg = self.platform.register_beta(name=TRIAL_NAME, openid=SHOP_OWNER_OPENID)
        self.people.act("beta", reg.unique_id)
        result = self.endpoint.wait_for(
            "notify_third_fastregisterbetaapp",
            lambda e: e.type == "fast_register_beta" and _info(e, "unique_id") == reg.unique_id,
            timeout=60,
        )
        if int(result.status) != 0 or not result.appid:
            raise RuntimeError(f"trial registration failed: {int(result.status)} {result.msg}")
        appid = str(result.appid)
        self.endpoint.wait_for("authorized", lambda e: _is(e, "authorized", appid))
        self.created["trial"] = appid
        self.created["trial_task"] = reg.unique_id
        self.step(
            "trial registered",
            f"unique_id {reg.unique_id}: the owner confirmed → {appid}, authorized (push)",
        )
        return appid

    # 6
    def renamed(self, appid: str) -> None:
        self.platform.authorizer(appid).rename_beta(name=NEW_NAME)
        nick = self.sandbox.control("GET", f"/sandbox/accounts/{appid}")["nick_name"]
        self.step(
            "renamed", f"{appid} is now “{nick}” (before verification: a formal app gets 91020)"
        )

    # 7
    def verified(self, appid: str) -> None:
        self.platform.authorizer(appid).verify_beta(
            verify_info={
                "enterprise_name": SUBJECT,
                "code": CREDIT_CODE,
                "code_type": 1,
                "legal_persona_wechat": LEGAL_PERSON["wechat"],
                "legal_persona_name": LEGAL_PERSON["name"],
                "legal_persona_idcard": LEGAL_PERSON["idcard"],
                "component_phone": PHONE,
            }
        )
        self.people.act("beta_verify", appid)
        result = self.endpoint.wait_for(
            "notify_third_fastverifybetaapp",
            lambda e: e.type == "fast_verify_beta" and e.appid == appid,
            timeout=60,
        )
        if int(result.status) != 0:
            raise RuntimeError(f"verification failed: {int(result.status)} {result.msg}")
        self.step(
            "verified",
            f"{appid}: legal person and admin confirmed → a formal mini program of {SUBJECT}",
        )

    # 8
    def enterprise_registered(self) -> str:
        reg = self.platform.register_enterprise(
            name=SUBJECT,
            code=CREDIT_CODE,
            code_type=1,
            legal_persona_openid=LEGAL_PERSON["openid"],
            legal_persona_name=LEGAL_PERSON["name"],
            component_phone=PHONE,
        )
        self.people.act("enterprise", reg.taskid)
        result = self.endpoint.wait_for(
            "notify_third_fasteregister",
            lambda e: e.type == "fast_register" and _info(e, "taskid") == reg.taskid,
            timeout=60,
        )
        if int(result.status) != 0 or not result.appid:
            raise RuntimeError(f"enterprise registration failed: {int(result.status)} {result.msg}")
        appid = str(result.appid)
        _wait_until(lambda: self.platform.authorizer_status(appid) == "authorized")
        self.created["enterprise"] = appid
        self.created["enterprise_task"] = reg.taskid
        self.step(
            "enterprise (2026)",
            f"taskid {reg.taskid}: the legal person approved → {appid}, authorized (push)",
        )
        return appid

    # 9
    def open_account(self, creator: str, others: list[str]) -> None:
        open_appid = self.platform.authorizer(creator).open_create().open_appid
        for appid in others:
            self.platform.authorizer(appid).open_bind(open_appid=open_appid)
        bound = [self.platform.authorizer(a).open_get().open_appid for a in [creator, *others]]
        assert bound == [open_appid] * (1 + len(others)), bound
        self.created["open_account"] = open_appid
        self.step("open account", f"{open_appid} created by {creator}; bound {', '.join(others)}")

    # 10
    def linked(self, oa: str, mini: str) -> None:
        account = self.platform.authorizer(oa)
        account.link(appid=mini, notify_users=1, show_profile=1)
        self.people.act("link", mini)

        def status() -> Optional[int]:
            items = account.link_get().mini_programs
            return next((int(i.status) for i in items if i.appid == mini), None)

        _wait_until(lambda: status() == 1, poll=0.25)
        self.created["link"] = (oa, mini)
        self.step("linked", f"{oa} ↔ {mini}: both admins agreed (link status 1)")

    # 11
    def admin_rebound(self, mini: str) -> None:
        url = self.platform.rebind_admin_url(
            appid=mini, redirect_uri=f"{self.endpoint.url}/wechat/rebound?appid={mini}"
        )
        redirect = self.people.open_page(url)
        taskid = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(redirect).query))["taskid"]
        follow(redirect)  # the endpoint calls rebind_admin with the taskid
        admin = self.sandbox.control("GET", f"/sandbox/accounts/{mini}")["admin"]
        self.created["rebind_task"] = taskid
        self.step(
            "admin rebound", f"{mini}: page → taskid {taskid} → rebind_admin; admin now {admin}"
        )


def _is(event: Any, kind: str, appid: str) -> bool:
    return event.type == kind and event.authorizer_appid == appid


def _info(event: Any, key: str) -> Any:
    info = event.info
    if isinstance(info, dict):
        return info.get(key)
    return getattr(info, key, None)


def _wait_until(ok: Callable[[], bool], timeout: float = 60.0, poll: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while not ok():
        if time.monotonic() > deadline:
            raise TimeoutError("gave up waiting")
        time.sleep(poll)


# ----- the summary --------------------------------------------------------------------------


def summary(
    sandbox: Sandbox, platform: wxopen.Platform, created: dict[str, Any]
) -> list[list[str]]:
    """What was created, as the sandbox (WeChat) and the platform's store see it: rows of
    (what, id, state)."""

    def account(appid: str) -> dict[str, Any]:
        return sandbox.control("GET", f"/sandbox/accounts/{appid}")

    def auth(appid: str) -> str:
        return platform.authorizer_status(appid) or "unknown"

    rows: list[list[str]] = []
    oa = account(created["official_account"])
    rows.append(["official account", oa["appid"], f"{auth(oa['appid'])} · “{oa['nick_name']}”"])
    for key, what in (
        ("trial", "mini program (trial → formal)"),
        ("enterprise", "mini program (2026 API)"),
    ):
        a = account(created[key])
        kind = "trial" if a["beta"] else "formal"
        rows.append(
            [
                what,
                a["appid"],
                f"{auth(a['appid'])} · {kind} · “{a['nick_name'] or '(unnamed)'}” · "
                f"admin {a['admin']}",
            ]
        )
    open_appid = created["open_account"]
    accounts = sandbox.control("GET", "/sandbox/open_accounts")
    mine = next(o for o in accounts if o["open_appid"] == open_appid)
    rows.append(
        [
            "open account",
            open_appid,
            f"{len(mine['bound'])} accounts bound · {mine['principal_name']}",
        ]
    )
    oa_appid, mini = created["link"]
    links = sandbox.control("GET", "/sandbox/links")
    link = next(x for x in links if x["oa"] == oa_appid and x["appid"] == mini)
    rows.append(["link", f"{oa_appid} → {mini}", f"status {link['status']} (linked)"])
    for task in sandbox.control("GET", "/sandbox/tasks"):
        rows.append([f"task: {task['kind']}", task["id"], task["state"]])
    return rows


def print_table(rows: list[list[str]], say: Callable[[str], None] = print) -> None:
    widths = [max(_width(r[i]) for r in rows) for i in range(2)]
    for r in rows:
        say("  " + "  ".join(c + " " * (w - _width(c)) for c, w in zip(r, widths)) + "  " + r[2])


def _width(text: str) -> int:
    """Columns a string takes in a terminal (CJK characters take two)."""
    return sum(2 if ord(c) >= 0x1100 and not 0x2000 <= ord(c) < 0x3000 else 1 for c in text)


# ----- main ---------------------------------------------------------------------------------


def run_story(
    sandbox: Sandbox,
    store: Any,
    people: Any,
    say: Callable[[str], None] = print,
    **platform_options: Any,
) -> tuple[dict[str, Any], list[list[str]]]:
    """The whole story against ``sandbox``: a Platform on ``store`` (more ``Platform``
    arguments in ``platform_options``), its endpoint on loopback set as the platform's push
    URL, the steps, and the summary rows."""
    events: list[dict[str, Any]] = []  # the driver's events: mints, refreshes, … (no secrets)
    platform = wxopen.Platform(
        component_appid=sandbox.appid,
        component_appsecret=sandbox.secret,
        token=sandbox.token,
        encoding_aes_key=sandbox.encoding_aes_key,
        store=store,
        api_base=sandbox.base_url,
        mp_base=sandbox.base_url,
        open_base=sandbox.base_url,
        on_event=events.append,
        **platform_options,
    )
    endpoint = Endpoint(platform)
    try:
        sandbox.set_urls(f"{endpoint.url}/wechat/component", None)
        created = Story(platform, sandbox, endpoint, people, events, say).run()
        if endpoint.errors:
            raise RuntimeError(f"pushes refused: {endpoint.errors}")
        return created, summary(sandbox, platform, created)
    finally:
        endpoint.close()


def main(argv: Optional[list[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--delay-ms", type=int, default=1000, help="how long each person takes")
    args = parser.parse_args(argv)
    print(
        f"wxopen {wxopen.__version__} (Python {sys.version.split()[0]}) — onboarding against "
        f"wxopen-sandbox in auto mode (people act after {args.delay_ms} ms)"
    )
    with (
        tempfile.TemporaryDirectory() as tmp,
        Sandbox(mode="auto", auto_delay_ms=args.delay_ms) as sb,
    ):
        store = wxopen.SqliteStore(Path(tmp) / "wxopen.sqlite3")
        print(f"    sandbox {sb.base_url} · platform {sb.appid} · store {store!r}")
        created, rows = run_story(sb, store, AutoPeople(sb))
        print(f"\nCreated in {created['seconds']} s:")
        print_table(rows)
    print("onboarding finished")


if __name__ == "__main__":
    main()
