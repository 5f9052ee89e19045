"""``python -m examples.backend``: runs the service with uvicorn.

With ``WX_COMPONENT_APPID`` (and the other variables of :mod:`examples.backend.config`) set,
it serves that platform. Without, it starts a local WeChat — ``wxopen-sandbox`` in auto mode
(people confirm by themselves after ``--delay`` ms) — points the sandbox's push URL at the
service, keeps its data in a fresh temporary directory, and prints the API key::

    python -m examples.backend                 # sandbox, http://127.0.0.1:8600/docs
    python -m examples.backend --port 9000
"""

from __future__ import annotations

import argparse
import logging
import os
import secrets
import socket
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any, Optional

import uvicorn


def _free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/api/health", timeout=2) as r:
                if r.status == 200:
                    return True
        except OSError:
            time.sleep(0.1)
    return False


def _start_sandbox(url: str, delay_ms: int) -> Any:
    """A sandbox in auto mode for the service at ``url``; sets the WX_* variables."""
    from wxopen.testing import Sandbox

    sb = Sandbox(mode="auto", auto_delay_ms=delay_ms).start()
    data = Path(tempfile.mkdtemp(prefix="wxopen-backend-"))
    os.environ.update(
        WX_COMPONENT_APPID=sb.appid,
        WX_COMPONENT_APPSECRET=sb.secret,
        WX_TOKEN=sb.token,
        WX_AES_KEY=sb.encoding_aes_key,
        WX_API_BASE=sb.base_url,
        WX_MP_BASE=sb.base_url,
        WX_OPEN_BASE=sb.base_url,
    )
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{data / 'backend.sqlite3'}")
    os.environ.setdefault("WX_STORE", str(data / "wxopen-store.sqlite3"))
    sb.set_urls(url + "/api/webhook/wechat", None)
    return sb


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m examples.backend", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8600, help="0: a free port")
    parser.add_argument(
        "--sandbox",
        action="store_true",
        help="start a sandbox even when WX_COMPONENT_APPID is set",
    )
    parser.add_argument(
        "--delay", type=int, default=1500, help="sandbox: ms a person takes per step"
    )
    parser.add_argument("--log-level", default="info")
    args = parser.parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")

    port = args.port or _free_port(args.host)
    url = f"http://{args.host}:{port}"
    sandbox = None
    if args.sandbox or not os.environ.get("WX_COMPONENT_APPID"):
        sandbox = _start_sandbox(url, args.delay)
        if not os.environ.get("BACKEND_API_KEY"):
            os.environ["BACKEND_API_KEY"] = secrets.token_urlsafe(24)

    from .app import create_app
    from .config import ConfigError

    try:
        app = create_app()
    except ConfigError as e:
        print(f"examples.backend: {e} (see examples/backend/README.md)", file=sys.stderr)
        return 2

    if sandbox is not None:

        def announce() -> None:
            if not _wait_healthy(url):
                return
            # The sandbox pushed its first ticket before the service listened: push one now.
            sandbox.control("POST", f"/sandbox/platforms/{sandbox.appid}/ticket")
            print(
                f"\nwxopen back end on {url} (API docs: {url}/docs)\n"
                f"  against the sandbox {sandbox.base_url} (people act after {args.delay} ms)\n"
                f"  X-API-Key: {os.environ['BACKEND_API_KEY']}\n",
                flush=True,
            )

        threading.Thread(target=announce, daemon=True).start()
    print(f"listening on {url}", flush=True)
    try:
        uvicorn.run(app, host=args.host, port=port, log_level=args.log_level, access_log=False)
    finally:
        if sandbox is not None:
            sandbox.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
