"""Type stubs of the Rust extension module (glue only; use the public wxopen API instead)."""

from collections.abc import Iterable, Mapping
from typing import Any, Optional, Union

from .results import EnterpriseStatus

__version__: str
DEFAULT_API_BASE: str
DEFAULT_MP_BASE: str
DEFAULT_OPEN_BASE: str
DEFAULT_MAX_AGE: int
DEFAULT_MAX_BODY_BYTES: int
QUERY_KEYS: list[str]

_Text = Union[str, bytes]

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
def check_bases(api_base: _Text, mp_base: _Text, open_base: _Text) -> tuple[str, str, str]: ...
def redact(url: str, body: bytes, text: str) -> str: ...
def is_secret_field(name: str) -> bool: ...
def explain_status(kind: str, code: int) -> str: ...
def error_codes() -> str: ...
def operations() -> str: ...
def explain_errcode(errcode: int, operation: Optional[str] = None) -> str: ...
def redact_url(url: str) -> str: ...
def secret_fields() -> list[str]: ...
def signature(token: str, timestamp: str, nonce: str, encrypt: Optional[str] = None) -> str: ...

_QueryValue = Union[str, bytes, int, list[Union[str, bytes, int]]]
_Query = Union[str, bytes, Mapping[str, _QueryValue], Iterable[tuple[str, _QueryValue]]]
_Body = Union[bytes, bytearray, memoryview, str]

class Event:
    """A push event: every kind has type, component_appid (the verified platform),
    create_time (None when the push has no CreateTime) and info_type."""

    type: str
    component_appid: str
    create_time: Optional[int]
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

class UpdateAuthorized(Event):
    """A sibling of Authorized (not a subclass): an isinstance branch matches one kind only."""

    authorizer_appid: str
    authorization_code: str
    authorization_code_expired_time: int
    pre_auth_code: Optional[str]

class Unauthorized(Event):
    authorizer_appid: str

class FastRegister(Event):
    appid: Optional[str]
    auth_code: Optional[str]
    status: EnterpriseStatus
    msg: Optional[str]
    info: Optional[Any]

class FastRegisterBeta(Event):
    appid: Optional[str]
    status: EnterpriseStatus
    msg: Optional[str]
    info: Optional[Any]

class FastVerifyBeta(Event):
    appid: Optional[str]
    status: EnterpriseStatus
    msg: Optional[str]
    info: Optional[Any]

class OtherEvent(Event):
    """Every element of the push, nesting kept: ``event.fields["info"]["taskid"]`` or
    ``event["info"]["taskid"]``; text stays text, a repeated element is a list."""

    fields: Mapping[str, Any]

class Webhook:
    component_appid: str
    max_age: Optional[int]
    max_body_bytes: int
    def __init__(
        self,
        *,
        token: _Text,
        encoding_aes_key: _Text,
        component_appid: _Text,
        max_age: Optional[int] = 300,
        max_body_bytes: int = 65536,
    ) -> None: ...
    def parse(self, query: _Query, body: _Body, *, now: Optional[float] = None) -> Event: ...
    def decrypt(self, query: _Query, body: _Body, *, now: Optional[float] = None) -> bytes: ...
    def verify_url(self, query: _Query, *, now: Optional[float] = None) -> str: ...
    def encrypt_reply(
        self, xml: Union[str, bytes], *, nonce: _Text, timestamp: Optional[float] = None
    ) -> str: ...
    def encrypt(
        self,
        xml: Union[str, bytes],
        *,
        timestamp: Union[str, int],
        nonce: _Text,
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
    def register(
        self, op: str, input_json: str, authorizer_appid: Optional[str], now_ms: int
    ) -> tuple[Call, _Step]: ...
    def task(self, task_id: str, now_ms: int) -> tuple[Call, _Step]: ...
    def tasks(
        self, kind: Optional[str], state: Optional[str], limit: Optional[int], now_ms: int
    ) -> tuple[Call, _Step]: ...
    def reconcile_task(self, task_id: str, now_ms: int) -> tuple[Call, _Step]: ...
    def wait_task(self, task_id: str, timeout_ms: int, now_ms: int) -> tuple[Call, _Step]: ...
