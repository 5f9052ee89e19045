"""Type stubs of the Rust extension module (glue only; use the public wxopen API instead)."""

from collections.abc import Iterable, Mapping
from typing import Any, Optional, Union

__version__: str

def build(
    op: str,
    input_json: str,
    token_kind: str,
    token_appid: Optional[str],
    token_value: Optional[str],
    api_base: str,
    mp_base: str,
    open_base: str,
) -> tuple[str, str, list[tuple[str, str]], bytes]: ...
def parse(op: str, input_json: str, status: int, body: bytes) -> str: ...
def operations() -> str: ...
def explain_errcode(errcode: int, operation: Optional[str] = None) -> str: ...
def redact_url(url: str) -> str: ...
def secret_fields() -> list[str]: ...
def signature(token: str, timestamp: str, nonce: str, encrypt: Optional[str] = None) -> str: ...

_Query = Union[str, Mapping[str, str], Iterable[tuple[str, str]]]
_Body = Union[bytes, bytearray, str]

class Event:
    """A push event: every kind has type, component_appid, create_time and info_type."""

    type: str
    component_appid: str
    create_time: int
    info_type: str
    def __getattr__(self, name: str) -> Any: ...
    def __getitem__(self, name: str) -> Any: ...
    def __contains__(self, name: str) -> bool: ...
    def __len__(self) -> int: ...
    def keys(self) -> list[str]: ...
    def to_dict(self) -> dict[str, Any]: ...

class ComponentVerifyTicket(Event):
    ticket: str

class Authorized(Event):
    authorizer_appid: str
    authorization_code: str
    authorization_code_expired_time: int
    pre_auth_code: Optional[str]

class UpdateAuthorized(Authorized): ...

class Unauthorized(Event):
    authorizer_appid: str

class FastRegister(Event):
    appid: Optional[str]
    auth_code: Optional[str]
    status: int
    msg: str
    info: Optional[Any]

class FastRegisterBeta(Event):
    appid: Optional[str]
    status: int
    msg: str
    info: Optional[Any]

class FastVerifyBeta(Event):
    appid: Optional[str]
    status: int
    msg: str
    info: Optional[Any]

class OtherEvent(Event):
    fields: dict[str, str]

class Webhook:
    component_appid: str
    max_age: Optional[int]
    max_body_bytes: int
    def __init__(
        self,
        *,
        token: str,
        encoding_aes_key: str,
        component_appid: str,
        max_age: Optional[int] = 300,
        max_body_bytes: int = 65536,
    ) -> None: ...
    def parse(self, query: _Query, body: _Body, *, now: Optional[float] = None) -> Event: ...
    def decrypt(self, query: _Query, body: _Body, *, now: Optional[float] = None) -> bytes: ...
    def verify_url(self, query: _Query, *, now: Optional[float] = None) -> str: ...
    def encrypt_reply(
        self, xml: Union[str, bytes], *, nonce: str, timestamp: Optional[float] = None
    ) -> str: ...
    def encrypt(
        self,
        xml: Union[str, bytes],
        *,
        timestamp: Union[str, int],
        nonce: str,
        random: Optional[bytes] = None,
    ) -> tuple[str, str]: ...

class WebhookRouter:
    def __init__(self, *hooks: Webhook) -> None: ...
    def parse(self, query: _Query, body: _Body, *, now: Optional[float] = None) -> Event: ...

# ---- the platform driver (see docs/driver.md) ----

STEP_HTTP: int
STEP_GET: int
STEP_PUT: int
STEP_COMPARE_AND_SET: int
STEP_LOCK: int
STEP_UNLOCK: int
STEP_SLEEP: int
STEP_EVENT: int
STEP_DONE: int

_Step = tuple[Any, ...]

class Call:
    """A driver call in progress: answer its last step with the method for that step's kind."""

    def response(self, status: int, body: bytes, now_ms: int) -> _Step: ...
    def transport_failed(self, detail: str, now_ms: int) -> _Step: ...
    def value(self, value: Optional[str], now_ms: int) -> _Step: ...
    def flag(self, flag: bool, now_ms: int) -> _Step: ...
    def ack(self, now_ms: int) -> _Step: ...
    def store_failed(self, detail: str, now_ms: int) -> _Step: ...

class Driver:
    """One platform's driver: configuration, policy and the process-local token cache."""

    def __init__(
        self,
        component_appid: str,
        component_appsecret: str,
        token: str,
        encoding_aes_key: str,
        *,
        seed: int,
        api_base: Optional[str] = None,
        read_only: bool = False,
        policy_json: Optional[str] = None,
        key_prefix: Optional[str] = None,
        webhook_max_age_secs: Optional[int] = None,
    ) -> None: ...
    @staticmethod
    def default_policy() -> str: ...
    def policy(self) -> str: ...
    @property
    def component_appid(self) -> str: ...
    @property
    def read_only(self) -> bool: ...
    @property
    def key_base(self) -> str: ...
    def clear_cache(self) -> None: ...
    def call(
        self, op: str, input_json: str, authorizer_appid: Optional[str], now_ms: int
    ) -> tuple[Call, _Step]: ...
    def component_access_token(self, now_ms: int) -> tuple[Call, _Step]: ...
    def authorizer_access_token(self, authorizer_appid: str, now_ms: int) -> tuple[Call, _Step]: ...
    def handle(self, query: _Query, body: _Body, now_ms: int) -> tuple[Call, _Step]: ...
    def authorize(self, auth_code: str, now_ms: int) -> tuple[Call, _Step]: ...
    def store_ticket(self, ticket: str, create_time: int, now_ms: int) -> tuple[Call, _Step]: ...
    def import_authorizer(
        self, authorizer_appid: str, refresh_token: str, now_ms: int
    ) -> tuple[Call, _Step]: ...
    def authorizer_status(self, authorizer_appid: str, now_ms: int) -> tuple[Call, _Step]: ...
