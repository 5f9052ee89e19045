"""wxopen — a WeChat third-party platform (第三方平台) SDK with a Rust core.

Register, verify, bind and link mini programs on behalf of merchants; verify and decrypt the
platform's push events. The core builds every request and parses every response; the transport
(standard library by default, httpx optional, or your own) does the I/O.
"""

from . import _native
from .client import (
    DEFAULT_API_BASE,
    DEFAULT_MP_BASE,
    DEFAULT_OPEN_BASE,
    AsyncClient,
    Client,
    explain_errcode,
    operations,
)
from .exceptions import (
    ApiError,
    AppidMismatchError,
    BodyTooLargeError,
    CryptoError,
    DecodeError,
    ForbiddenXmlError,
    HttpStatusError,
    InvalidAesKeyError,
    InvalidArgument,
    MalformedEventError,
    MissingParameterError,
    SignatureError,
    StaleTimestampError,
    TransportError,
    WebhookError,
    WrongTokenError,
    WxOpenError,
)
from .http import Request, Response
from .results import HaveOpen, OpenAccount, Result
from .tokens import AuthorizerToken, ComponentToken
from .transports import (
    AsyncHttpxTransport,
    HttpxTransport,
    ThreadedAsyncTransport,
    UrllibTransport,
)
from .webhook import (
    Authorized,
    ComponentVerifyTicket,
    Event,
    FastRegister,
    FastRegisterBeta,
    FastVerifyBeta,
    OtherEvent,
    Unauthorized,
    UpdateAuthorized,
    Webhook,
    WebhookRouter,
    signature,
)

__version__: str = _native.__version__

__all__ = [
    "DEFAULT_MP_BASE",
    "DEFAULT_OPEN_BASE",
    "signature",
    "WebhookRouter",
    "Webhook",
    "UpdateAuthorized",
    "Unauthorized",
    "OtherEvent",
    "FastVerifyBeta",
    "FastRegisterBeta",
    "FastRegister",
    "Event",
    "ComponentVerifyTicket",
    "Authorized",
    "DEFAULT_API_BASE",
    "ApiError",
    "AppidMismatchError",
    "AsyncClient",
    "AsyncHttpxTransport",
    "AuthorizerToken",
    "BodyTooLargeError",
    "Client",
    "ComponentToken",
    "CryptoError",
    "DecodeError",
    "ForbiddenXmlError",
    "HaveOpen",
    "HttpStatusError",
    "HttpxTransport",
    "InvalidAesKeyError",
    "InvalidArgument",
    "MalformedEventError",
    "MissingParameterError",
    "OpenAccount",
    "Request",
    "Response",
    "Result",
    "SignatureError",
    "StaleTimestampError",
    "ThreadedAsyncTransport",
    "TransportError",
    "UrllibTransport",
    "WebhookError",
    "WrongTokenError",
    "WxOpenError",
    "__version__",
    "explain_errcode",
    "operations",
]
