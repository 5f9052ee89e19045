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
