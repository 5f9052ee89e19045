#!/usr/bin/env python3
"""Writes the seed corpus of the `response_parse` fuzz target from tests/vectors/api_*.json.

Every response of every API vector becomes one input in the target's layout (docs/fuzzing.md):
byte 0 = the operation's index in the registry, bytes 1..3 = the status (u16 LE, 0 = 200), then
the body. The registry order comes from the installed package (``wxopen.operations()``), so run
it with the project's venv: ``.venv/bin/python scripts/fuzz_seeds.py``.
"""

import hashlib
import json
import struct
from pathlib import Path

import wxopen

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "fuzz" / "corpus" / "response_parse"
INDEX = {op["name"]: i for i, op in enumerate(wxopen.operations())}

OUT.mkdir(parents=True, exist_ok=True)
for old in OUT.glob("seed-*"):
    old.unlink()
count = 0
for path in sorted((ROOT / "tests" / "vectors").glob("api_*.json")):
    for case in json.loads(path.read_text("utf-8"))["cases"]:
        for response in case.get("responses", []):
            status = 0 if response["status"] == 200 else response["status"]
            data = bytes([INDEX[case["operation"]]]) + struct.pack("<H", status)
            data += response["body"].encode("utf-8")
            name = "seed-" + hashlib.sha1(data).hexdigest()[:12]
            (OUT / name).write_bytes(data)
            count += 1
print(f"{count} seeds in {OUT.relative_to(ROOT)}")

# webhook_parse: every message-URL push of tests/vectors/webhook.json in both modes (docs/fuzzing.md):
# mode 0 = now (i64 LE) + raw query + NUL + body; mode 1 = the plaintext, encrypted by the target.
MSG_OUT = ROOT / "fuzz" / "corpus" / "webhook_parse"
for old in MSG_OUT.glob("seed-msg-*"):
    old.unlink()
webhook = json.loads((ROOT / "tests" / "vectors" / "webhook.json").read_text("utf-8"))
msg_count = 0
for case in webhook["message_cases"] + webhook["release_cases"]:
    raw = (
        b"\x00"
        + struct.pack("<q", case["now"])
        + case["query_string"].encode()
        + b"\x00"
        + case["body"].encode("utf-8")
    )
    inputs = [raw]
    if "platform" not in case:
        inputs.append(b"\x01" + case["plaintext"].encode("utf-8"))
    for data in inputs:
        (MSG_OUT / ("seed-msg-" + hashlib.sha1(data).hexdigest()[:12])).write_bytes(data)
        msg_count += 1
print(f"{msg_count} message seeds in {MSG_OUT.relative_to(ROOT)}")
