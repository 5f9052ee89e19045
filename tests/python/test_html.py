"""Rich HTML reprs (``_repr_html_``, what notebooks show) of results, push events, errors and
tasks: tables of every field, credentials masked by the core's rule (``is_secret_field``) at
any depth, statuses with their meaning, every text escaped. The plain reprs stay as they are."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import wxopen
from wxopen._html import waiting_html

DOC = json.loads(
    (Path(__file__).resolve().parent.parent / "vectors" / "webhook.json").read_text("utf-8")
)
PUSH = {c["name"]: c for c in DOC["push_cases"]}


def parse(name: str) -> wxopen.Event:
    case = PUSH[name]
    return wxopen.Webhook(**DOC["platform"]).parse(case["query"], case["body"], now=case["now"])


class Cells(HTMLParser):
    """The text of every cell, and whether the markup is balanced."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag not in ("br",):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, (self.open, tag)
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def cells(html: str) -> str:
    parser = Cells()
    parser.feed(html)
    parser.close()
    assert parser.open == [], parser.open
    return " ".join(parser.text)


def test_a_result_is_a_table_with_its_credentials_masked() -> None:
    grant = wxopen.QueryAuthResult(
        {
            "authorization_info": {
                "authorizer_appid": "wxa11ce0000000000a",
                "authorizer_access_token": "AAT_SECRET_VALUE",
                "expires_in": 7200,
                "authorizer_refresh_token": "refreshtoken@@@SECRET",
                "func_info": [{"funcscope_category": {"id": 17}}],
            }
        }
    )
    html = grant._repr_html_()
    text = cells(html)
    assert "AAT_SECRET_VALUE" not in html and "refreshtoken@@@SECRET" not in html
    assert "wxa11ce0000000000a" in text and "7200" in text and "17" in text
    assert text.count("***") == 2 and "QueryAuthResult" in text
    assert "AAT_SECRET_VALUE" not in repr(grant)  # the plain repr is unchanged


def test_a_status_shows_its_meaning_and_text_is_escaped() -> None:
    r = wxopen.RegistrationTask(
        {"taskid": "<script>alert(1)</script>", "authorize_url": "https://x/?a=1&b=2", "status": 12}
    )
    html = r._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="https://x/?a=1&amp;b=2"' in html
    assert wxopen.TaskStatus(12).meaning in cells(html)


def test_an_event_is_a_table_with_codes_and_tickets_masked() -> None:
    auth = parse("authorized")
    html = auth._repr_html_()
    assert auth.authorization_code not in html and "***" in cells(html)
    assert auth.authorizer_appid in cells(html) and "Authorized" in cells(html)
    ticket = parse("component_verify_ticket")
    assert ticket.ticket not in ticket._repr_html_()
    beta = parse("notify_third_fastregisterbetaapp")
    text = cells(beta._repr_html_())
    assert beta.info.unique_id in text and beta.status.meaning in text


def test_an_api_error_shows_errcode_meaning_and_hint() -> None:
    body = json.dumps({"errcode": 61010, "errmsg": "code expired"})
    client = wxopen.Client(lambda request: wxopen.Response(200, body))
    try:
        client.query_auth(
            wxopen.ComponentToken("CAT"),
            component_appid="wxcomponent0000001",
            authorization_code="queryauthcode@@@SECRET",
        )
    except wxopen.ApiError as e:
        error = e
    else:
        raise AssertionError("no error")
    html = error._repr_html_()
    text = cells(html)
    assert "ApiError" in text and "61010" in text
    assert error.meaning in text and error.hint in text and "code expired" in text
    assert "queryauthcode@@@SECRET" not in html
    assert text.index("61010") < text.index(error.hint)


def test_other_errors_show_their_fields() -> None:
    try:
        wxopen.Client().register_beta(wxopen.ComponentToken("CAT"), name="x", openid="")
    except wxopen.InvalidArgument as e:
        text = cells(e._repr_html_())
        assert "InvalidArgument" in text and e.field in text and "invalid_argument" in text
    else:
        raise AssertionError("no error")


def test_task_progress_html() -> None:
    record = {
        "kind": "task_waiting",
        "task_id": "beta:<u1>",
        "task_kind": "beta",
        "state": "waiting",
        "status": None,
        "waiting_for": "user",
        "waited_ms": 12_000,
        "next_check_ms": 4_000,
    }
    text = cells(waiting_html(record))
    assert "beta:<u1>" in text and "user" in text and "12 s" in text and "4.0 s" in text
