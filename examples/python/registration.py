"""Registering mini programs for merchants (spec §1.5, §3.0, §3.2), offline.

1. The 2026 enterprise registration (``register_enterprise``): the request the core builds,
   shown through a recording transport that answers like WeChat, and the parsed task.
2. The reuse-official-account page (``fastregister_auth_url``, spec §3.2 step 1).
3. The PC authorization page (``component_login_url``, spec §1.5).
4. What two registration errcodes mean (``wxopen.explain_errcode``).

Nothing goes over the network and no token value is printed: request URLs are shown redacted.

Run: ``python examples/python/registration.py`` with wxopen installed (``scripts/demo.sh``
builds and installs it into ``.venv``).
"""

from __future__ import annotations

import json

import wxopen

COMPONENT_APPID = "wxcomponent0000001"

# What WeChat answers to fastregisterenterpriseweapp (spec §3.0): a task and the page the legal
# person must open.
CANNED_TASK = {
    "errcode": 0,
    "errmsg": "ok",
    "taskid": "task_ent_0001",
    "authorize_url": "https://mp.weixin.qq.com/wxawap/fastregistertp?action=show&taskid=task_ent_0001",
    "status": 0,
}


class RecordingTransport:
    """Prints each request (token redacted) and answers with a canned WeChat response."""

    def __init__(self, reply: dict) -> None:
        self.reply = reply

    def __call__(self, request: wxopen.Request) -> wxopen.Response:
        print(f"   -> {request.method} {request.redacted_url}")
        print(f"   -> body {request.body.decode('utf-8')}")
        return wxopen.Response(200, json.dumps(self.reply, ensure_ascii=False))


def enterprise_registration() -> None:
    print("1. enterprise registration, 2026 flow (spec §3.0)")
    client = wxopen.Client(RecordingTransport(CANNED_TASK))
    # In production: client.component_token(...).token(); a placeholder value here.
    token = wxopen.ComponentToken("CAT-example-value")
    task = client.register_enterprise(
        token,
        name="深圳市示例科技有限公司",
        code="91440300MA5G8XXX1B",
        code_type=1,  # unified social credit code: 18 characters
        legal_persona_openid="oLegalPerson0000000000000001",  # an openid, not a WeChat ID
        legal_persona_name="张三",
        component_phone="13800000000",
    )
    print(f"   taskid: {task.taskid}")
    print(f"   authorize_url: {task.authorize_url}")
    status = task.status
    print(f"   status: {status.code} {status.name} ({status.meaning} / {status.meaning_zh})")
    print("   show authorize_url to the legal person (valid 24 h); the result arrives by the")
    print("   notify_third_fasteregister push, matched by taskid")


def reuse_oa_page(client: wxopen.Client) -> None:
    print("2. reuse an official account's subject: page for the OA admin (spec §3.2)")
    url = client.fastregister_auth_url(
        appid="wxofficial00000001",
        component_appid=COMPONENT_APPID,
        copy_wx_verify=True,
        redirect_uri="https://platform.example.com/wx/fastregister/callback?merchant=42",
    )
    print(f"   {url}")
    print("   the redirect carries ticket=... (single-use); pass it to register_by_reuse_oa")


def pc_authorization_page(client: wxopen.Client) -> None:
    print("3. PC authorization page (spec §1.5)")
    url = client.component_login_url(
        component_appid=COMPONENT_APPID,
        pre_auth_code="preauthcode@@@example",  # from create_preauthcode, single-use
        redirect_uri="https://platform.example.com/wx/auth/callback",
        auth_type=2,  # mini programs only
        category_id_list=[17, 18],
    )
    print(f"   {url}")
    print("   the redirect carries auth_code=...; exchange it with query_auth")


def explain() -> None:
    print("4. errcodes explained")
    for errcode, operation in ((89249, "register.enterprise_legacy"), (61058, "register.reuse_oa")):
        e = wxopen.explain_errcode(errcode, operation)
        print(f"   {errcode} ({operation}): {e.meaning} / {e.meaning_zh}")
        print(f"      category {e.category}, retryable {e.retryable}; hint: {e.hint}")


def main() -> None:
    enterprise_registration()
    pages = wxopen.Client(RecordingTransport({}))  # page URLs are built, never sent
    reuse_oa_page(pages)
    pc_authorization_page(pages)
    explain()
    print("registration example finished")


if __name__ == "__main__":
    main()
