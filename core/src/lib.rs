//! # wxopen
//!
//! The sans-IO core of a WeChat third-party platform (第三方平台) SDK: it builds every request,
//! parses every response, models every error and verifies and decrypts push events. It has no
//! network, clock or randomness of its own: the host sends [`Request`]s, feeds back
//! [`Response`]s, and passes in the current time and random bytes where they are needed.
//!
//! ```
//! use wxopen::api::{open, Operation};
//! use wxopen::{AuthorizerAccessToken, Response};
//!
//! let token = AuthorizerAccessToken::new("wxa1b2c3d4e5f6a7b8", "AAT")?;
//! let op = open::Bind { appid: None, open_appid: "wxopen0123456789".into() };
//! let request = op.build(&token, &wxopen::ApiBase::default())?;
//! assert_eq!(request.url, "https://api.weixin.qq.com/cgi-bin/open/bind?access_token=AAT");
//!
//! let err = op.parse(&Response::new(200, r#"{"errcode":89002,"errmsg":"not bound"}"#)).unwrap_err();
//! assert_eq!(err.code(), "api_error");
//! # Ok::<(), wxopen::Error>(())
//! ```

#![cfg_attr(not(test), warn(missing_docs))]

pub mod api;
#[cfg(feature = "client")]
pub mod client;
pub mod crypto;
pub mod driver;
pub mod errcode;
pub mod error;
pub mod event;
pub mod http;
pub mod message;
#[cfg(feature = "schema")]
mod schema;
pub mod secret;
pub mod status;
pub mod task;
pub mod token;
pub mod webhook;
mod wire;

pub use api::ApiBase;
pub use crypto::MsgCrypt;
pub use error::{ApiError, CryptoErrorKind, Error, Result, WebhookErrorKind};
pub use event::Event;
pub use http::{Method, Request, Response};
pub use message::Message;
pub use secret::Secret;
pub use token::{AnyToken, AuthorizerAccessToken, ComponentAccessToken, NoToken, TokenKind};
pub use webhook::{Query, Webhook, WebhookRouter};
