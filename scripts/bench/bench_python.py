"""wxopen vs wechatpy on the same ~1 KB notify_third_fasteregister push, in one run.

Both verify msg_signature, decrypt and parse the push into an event object:
- wxopen: ``Webhook.parse(query, body, now=...)``
- wechatpy: ``WeChatComponent.parse_message(body, msg_signature, timestamp, nonce)``
  (WeChatCrypto + xmltodict + its ComponentMessage classes).

Prints per-call medians over interleaved rounds and the ratio. Run via scripts/bench.sh.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from wechatpy.component import WeChatComponent

import wxopen

TOKEN = "wxopenVectorToken2026"
KEY = "WxOpenVectorKey2026abcdefghijklmnopqrstuvwx"
APPID = "wx7e3c9f0a1b2d4c68"
TIMESTAMP = "1767225605"
NONCE = "1320562132"


def push() -> tuple[dict[str, str], bytes]:
    plaintext = (Path(__file__).with_name("push.xml")).read_text("utf-8")
    hook = wxopen.Webhook(token=TOKEN, encoding_aes_key=KEY, component_appid=APPID)
    encrypt, signature = hook.encrypt(
        plaintext, timestamp=TIMESTAMP, nonce=NONCE, random=b"0123456789abcdef"
    )
    body = f"<xml><AppId><![CDATA[{APPID}]]></AppId><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"
    query = {"timestamp": TIMESTAMP, "nonce": NONCE, "msg_signature": signature}
    return query, body.encode()


def per_call_us(fn, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n * 1e6


def main() -> None:
    query, body = push()
    hook = wxopen.Webhook(token=TOKEN, encoding_aes_key=KEY, component_appid=APPID)
    now = int(TIMESTAMP)
    component = WeChatComponent(APPID, "secret", TOKEN, KEY)
    text = body.decode()

    ours = hook.parse(query, body, now=now)
    theirs = component.parse_message(text, query["msg_signature"], TIMESTAMP, NONCE)
    assert ours.appid == theirs._data["appid"] == "wx3f1a2b3c4d5e6f70", (ours, theirs._data)
    assert ours.info.legal_persona_name == theirs._data["info"]["legal_persona_name"]

    def run_ours() -> None:
        hook.parse(query, body, now=now)

    def run_theirs() -> None:
        component.parse_message(text, query["msg_signature"], TIMESTAMP, NONCE)

    a, b = [], []
    for _ in range(7):  # interleaved rounds: both see the same machine noise
        a.append(per_call_us(run_ours, 20000))
        b.append(per_call_us(run_theirs, 2000))
    ours_us, theirs_us = statistics.median(a), statistics.median(b)
    decrypted = len(Path(__file__).with_name("push.xml").read_bytes())
    print(f"push: {len(body)} bytes on the wire, {decrypted} bytes decrypted")
    print(f"wxopen (Python)  Webhook.parse          {ours_us:8.2f} µs/push")
    print(f"wechatpy 1.8.18  parse_message          {theirs_us:8.2f} µs/push")
    print(f"ratio: wxopen is {theirs_us / ours_us:.1f}x faster than wechatpy (target >= 20x)")


if __name__ == "__main__":
    main()
