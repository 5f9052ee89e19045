"""The service's settings, read once from the environment (the table in
examples/backend/README.md): the platform's credentials (``WX_COMPONENT_APPID``,
``WX_COMPONENT_APPSECRET``, ``WX_TOKEN``, ``WX_AES_KEY``), WeChat's hosts (``WX_API_BASE``,
``WX_MP_BASE``, ``WX_OPEN_BASE``), ``BACKEND_API_KEY``, ``DATABASE_URL``, ``REDIS_URL`` or
``WX_STORE``, ``WX_KEY_PREFIX``, ``BACKEND_PUBLIC_URL``, ``BACKEND_CORS_ORIGINS``,
``BACKEND_RECONCILE_INTERVAL`` and ``BACKEND_WAIT_MAX``."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Optional

WECHAT_API_BASE = "https://api.weixin.qq.com"
WECHAT_MP_BASE = "https://mp.weixin.qq.com"
WECHAT_OPEN_BASE = "https://open.weixin.qq.com"
DEFAULT_CORS = ("http://127.0.0.1:8000", "http://localhost:8000")


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names the variable (never its value)."""


@dataclass(frozen=True)
class Settings:
    """Everything the service is configured with. Secrets are not shown by ``repr``."""

    component_appid: str
    component_appsecret: str = field(repr=False)
    token: str = field(repr=False)
    encoding_aes_key: str = field(repr=False)
    api_key: str = field(repr=False)
    api_base: str = WECHAT_API_BASE
    mp_base: str = WECHAT_MP_BASE
    open_base: str = WECHAT_OPEN_BASE
    database_url: str = "sqlite:///wxopen-backend.sqlite3"
    redis_url: Optional[str] = field(default=None, repr=False)
    store_path: str = "wxopen-store.sqlite3"
    key_prefix: Optional[str] = None
    public_url: Optional[str] = None
    cors_origins: tuple[str, ...] = DEFAULT_CORS
    reconcile_interval: float = 300.0
    wait_max: float = 30.0

    @classmethod
    def from_env(cls, env: Optional[Mapping[str, str]] = None) -> Settings:
        """Reads the variables of the module's table; raises :class:`ConfigError` naming
        the first one missing or malformed."""
        env = os.environ if env is None else env

        def need(name: str) -> str:
            value = env.get(name, "")
            if not value:
                raise ConfigError(f"{name} is not set")
            return value

        def number(name: str, default: float) -> float:
            raw = env.get(name)
            if raw in (None, ""):
                return default
            try:
                value = float(raw)
            except ValueError:
                raise ConfigError(f"{name} must be a number of seconds") from None
            if not value >= 0:
                raise ConfigError(f"{name} must be a number of seconds ≥ 0")
            return value

        api_key = need("BACKEND_API_KEY")
        if len(api_key) < 16:
            raise ConfigError("BACKEND_API_KEY must be at least 16 characters")
        origins = env.get("BACKEND_CORS_ORIGINS")
        cors = (
            DEFAULT_CORS if origins is None else tuple(o for o in re.split(r"[\s,]+", origins) if o)
        )
        public = env.get("BACKEND_PUBLIC_URL") or None
        return cls(
            component_appid=need("WX_COMPONENT_APPID"),
            component_appsecret=need("WX_COMPONENT_APPSECRET"),
            token=need("WX_TOKEN"),
            encoding_aes_key=need("WX_AES_KEY"),
            api_key=api_key,
            api_base=env.get("WX_API_BASE") or WECHAT_API_BASE,
            mp_base=env.get("WX_MP_BASE") or WECHAT_MP_BASE,
            open_base=env.get("WX_OPEN_BASE") or WECHAT_OPEN_BASE,
            database_url=env.get("DATABASE_URL") or cls.database_url,
            redis_url=env.get("REDIS_URL") or None,
            store_path=env.get("WX_STORE") or cls.store_path,
            key_prefix=env.get("WX_KEY_PREFIX") or None,
            public_url=public.rstrip("/") if public else None,
            cors_origins=cors,
            reconcile_interval=number("BACKEND_RECONCILE_INTERVAL", 300.0),
            wait_max=number("BACKEND_WAIT_MAX", 30.0),
        )
