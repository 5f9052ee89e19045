"""Type stubs of the Rust extension module (glue only; use the public wxopen API instead)."""

from collections.abc import Iterable, Mapping
from typing import Any, Optional, Union

from .release import ReleaseCheck
from .results import (
    AppealStatus,
    AuthAndIcpStatus,
    EnterpriseStatus,
    IcpFilingStatus,
    IcpVerifyStatus,
    ReviewStatus,
    WxaAuthApplyStatus,
    WxaAuthTaskStatus,
)

__version__: str
DEFAULT_API_BASE: str
DEFAULT_MP_BASE: str
DEFAULT_OPEN_BASE: str
DEFAULT_MAX_AGE: int
DEFAULT_MAX_BODY_BYTES: int
QUERY_KEYS: list[str]
SUCCESS: str
RELEASE_TEST_ACCOUNTS: list[tuple[str, str]]
STATUS_KINDS: list[str]

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
def validate(
    op: str, input_json: str, api_base: str, mp_base: str, open_base: str
) -> tuple[Optional[tuple[str, str, str]], Optional[BaseException]]: ...
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
    def _repr_html_(self) -> str: ...

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

class WxaAuth(Event):
    """notify_3rd_wxa_auth (spec §14.1): certification progress."""

    appid: Optional[str]
    taskid: Optional[str]
    task_status: Optional[WxaAuthTaskStatus]
    apply_status: Optional[WxaAuthApplyStatus]
    message: Optional[str]
    dispatch_info: Optional[Any]

class WxaVerifyReminder(Event):
    """notify_3rd_wxa_wxverify (spec §14.2): certification annual review / expiry."""

    appid: Optional[str]
    expired: Optional[int]
    message: Optional[str]

class IcpVerifyResult(Event):
    """notify_icpfiling_verify_result (spec §14.3): ICP face verification finished."""

    task_id: Optional[str]
    verify_appid: Optional[str]
    result: Optional[IcpVerifyStatus]
    along_with_auth_result: Optional[int]

class IcpFilingResult(Event):
    """notify_apply_icpfiling_result (spec §14.4): ICP filing approved or rejected."""

    authorizer_appid: Optional[str]
    beian_status: Optional[IcpFilingStatus]

class WxaAuthAndIcp(Event):
    """notify_3rd_wxa_auth_and_icp (spec §14.5)."""

    procedure_id: Optional[str]
    procedure_status: Optional[AuthAndIcpStatus]

class OrderPathApplyResult(Event):
    """order_path_apply_result_notify (spec §14.6): one item per appid."""

    list: list[Any]

class OrderPathAuditResult(Event):
    """order_path_audit_result_notify (spec §14.6): one item per appid."""

    list: list[Any]

class OtherEvent(Event):
    """Every element of the push, nesting kept: ``event.fields["info"]["taskid"]`` or
    ``event["info"]["taskid"]``; text stays text, a repeated element is a list."""

    fields: Mapping[str, Any]

class Message:
    """A push of the message URL (spec §13). Every kind has the header; ``msg_id`` is an int
    (messages only), ``dedup_key`` the key WeChat's retries share."""

    type: str
    authorizer_appid: str
    component_appid: str
    to_user_name: Optional[str]
    from_user_name: Optional[str]
    create_time: Optional[int]
    msg_type: Optional[str]
    event: Optional[str]
    msg_id: Optional[int]
    msg_data_id: Optional[str]
    idx: Optional[str]
    dedup_key: str
    def __getattr__(self, name: str) -> Any: ...
    def __getitem__(self, name: str) -> Any: ...
    def __contains__(self, name: str) -> bool: ...
    def __len__(self) -> int: ...
    def keys(self) -> list[str]: ...
    def to_dict(self) -> dict[str, Any]: ...
    def text_reply(self, content: _Text, *, create_time: Optional[float] = None) -> str: ...

class TextMessage(Message):
    content: Optional[str]

class ImageMessage(Message):
    pic_url: Optional[str]
    media_id: Optional[str]

class VoiceMessage(Message):
    media_id: Optional[str]
    format: Optional[str]
    recognition: Optional[str]

class VideoMessage(Message):
    media_id: Optional[str]
    thumb_media_id: Optional[str]

class ShortVideoMessage(Message):
    media_id: Optional[str]
    thumb_media_id: Optional[str]

class LocationMessage(Message):
    location_x: Optional[float]
    location_y: Optional[float]
    scale: Optional[int]
    label: Optional[str]

class LinkMessage(Message):
    title: Optional[str]
    description: Optional[str]
    url: Optional[str]

class MiniProgramPageMessage(Message):
    title: Optional[str]
    app_id: Optional[str]
    page_path: Optional[str]
    thumb_url: Optional[str]
    thumb_media_id: Optional[str]

class SubscribeEvent(Message):
    event_key: Optional[str]
    ticket: Optional[str]

class UnsubscribeEvent(Message): ...

class ScanEvent(Message):
    event_key: Optional[str]
    ticket: Optional[str]

class LocationEvent(Message):
    latitude: Optional[float]
    longitude: Optional[float]
    precision: Optional[float]

class ClickEvent(Message):
    event_key: Optional[str]
    menu_id: Optional[str]

class ViewEvent(Message):
    event_key: Optional[str]
    menu_id: Optional[str]

class UserEnterTempsessionEvent(Message):
    session_from: Optional[str]

class WeappAuditSuccess(Message):
    succ_time: Optional[int]

class WeappAuditFail(Message):
    fail_time: Optional[int]
    reason: Optional[str]
    screen_shot: Optional[str]

class WeappAuditDelay(Message):
    delay_time: Optional[int]
    reason: Optional[str]

class WxaNicknameAudit(Message):
    ret: Optional[ReviewStatus]
    nickname: Optional[str]
    reason: Optional[str]

class WxaCategoryAudit(Message):
    ret: Optional[ReviewStatus]
    first: Optional[int]
    second: Optional[int]
    reason: Optional[str]

class WxaPrivacyApply(Message):
    result_info: Optional[Any]

class WxaAppealRecord(Message):
    appeal_record_id: Optional[int]
    appid: Optional[str]
    appeal_time: Optional[int]
    appeal_count: Optional[int]
    appeal_from: Optional[int]
    appeal_status: Optional[AppealStatus]
    audit_time: Optional[int]
    audit_reason: Optional[str]
    punish_description: Optional[str]
    materials: Optional[Any]

class ComponentEventMessage(Message):
    """A push with an InfoType at the message URL: ``component_event`` is its Event."""

    component_event: Event

class OtherMessage(Message):
    """Every element of the push, nesting kept (``message["SomeElement"]``)."""

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
    def parse_message(
        self, authorizer_appid: _Text, query: _Query, body: _Body, *, now: Optional[float] = None
    ) -> Message: ...
    def reply_text(
        self,
        message: Message,
        content: _Text,
        *,
        nonce: _Text,
        timestamp: Optional[float] = None,
        random: Optional[bytes] = None,
    ) -> str: ...
    def release_check(
        self,
        message: Message,
        *,
        nonce: _Text,
        timestamp: Optional[float] = None,
        any_account: bool = False,
        random: Optional[bytes] = None,
    ) -> Optional[ReleaseCheck]: ...
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
