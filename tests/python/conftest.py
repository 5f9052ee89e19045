"""Shared fixtures: the vector files and a recording fake transport."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import wxopen

VECTORS = Path(__file__).resolve().parent.parent / "vectors"


def api_cases() -> list[tuple[str, dict[str, Any]]]:
    """Every case of tests/vectors/api_*.json as (id, case)."""
    out = []
    for path in sorted(VECTORS.glob("api_*.json")):
        for i, case in enumerate(json.loads(path.read_text("utf-8"))["cases"]):
            out.append((f"{path.stem}[{i}] {case['operation']}: {case['name']}", case))
    assert out, "no vectors found"
    return out


def make_token(spec: dict[str, Any]) -> Any:
    if spec["kind"] == "authorizer":
        return wxopen.AuthorizerToken(spec["appid"], spec["value"])
    if spec["kind"] == "component":
        return wxopen.ComponentToken(spec["value"])
    return None


class FakeTransport:
    """Records every request and answers with canned responses, in order."""

    def __init__(self, *responses: wxopen.Response) -> None:
        self.responses = list(responses)
        self.sent: list[wxopen.Request] = []

    def send(self, request: wxopen.Request) -> wxopen.Response:
        self.sent.append(request)
        if not self.responses:
            raise AssertionError(f"unexpected request {request!r}")
        return self.responses.pop(0)


@pytest.fixture
def fake() -> type[FakeTransport]:
    return FakeTransport
