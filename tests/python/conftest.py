"""Shared fixtures: the vector files, a recording fake transport, a Redis server."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
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


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Redis server's URL: ``$REDIS_URL`` (scripts/test.sh starts redis-server and always sets
    it; unreachable → the tests fail, never skip), else a redis-server of our own on a free
    loopback port for this session, else the Redis tests are skipped with the reason."""
    import redis

    url = os.environ.get("REDIS_URL")
    if url:
        try:
            redis.Redis.from_url(url, socket_timeout=5).ping()
        except Exception as e:
            pytest.fail(f"REDIS_URL={url} is set but Redis is unreachable: {e}")
        yield url
        return
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("REDIS_URL is not set and redis-server is not installed (scripts/test.sh)")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = tmp_path_factory.mktemp("redis")
    proc = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"],
        cwd=data,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.monotonic() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.monotonic() > deadline:
                proc.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.05)
    yield url
    proc.terminate()
    proc.wait(timeout=10)
