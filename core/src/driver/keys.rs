//! The store layout: which keys the driver reads and writes, and the JSON records it keeps
//! under them. Hosts never parse these; they store and return the text verbatim.
//!
//! Every key starts with `{key_prefix}:{component_appid}:` (default prefix `wxopen`), so
//! several platforms share one store. Durable records (ticket, authorizers) are written
//! without a TTL; caches and claims with one.
//!
//! | Key | Record | TTL |
//! |---|---|---|
//! | `…:ticket` | [`TicketRecord`] | durable |
//! | `…:component_token` | [`ComponentTokenRecord`] | until the token expires |
//! | `…:authorizer:{appid}` | [`AuthorizerRecord`] (access + refresh token, one write) | durable |
//! | `…:lock:component_token` | lock owner id | lease |
//! | `…:lock:authorizer:{appid}` | lock owner id | lease |
//! | `…:auth_code:{sha1(code)}` | [`ClaimRecord`] | claim TTL (1 h) |
//! | `…:sent:{operation}:{sha1(body)}` | [`SentRecord`] | 60 s |
//! | `…:task:{task_id}` | [`crate::task::TaskRecord`] | durable |
//! | `…:task_index` | [`TaskIndexRecord`] (the newest tasks' ids, for listing) | durable |
//! | `…:task_ref:{part}` | [`TaskRefRecord`] (`appid:{appid}`, `personal:{sha1}` → task id) | durable |

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha1::{Digest, Sha1};

use crate::error::{Error, Result};
use crate::secret::Secret;

/// Record format version written in every record's `v`.
pub const RECORD_VERSION: u32 = 1;

/// The keys of one platform.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keys {
    base: String,
}

impl Keys {
    /// Keys under `{prefix}:{component_appid}:`.
    pub fn new(prefix: &str, component_appid: &str) -> Self {
        Self {
            base: format!("{prefix}:{component_appid}:"),
        }
    }

    /// The common prefix, e.g. `wxopen:wx0123456789abcdef:`.
    pub fn base(&self) -> &str {
        &self.base
    }

    fn key(&self, rest: &str) -> String {
        let mut k = String::with_capacity(self.base.len() + rest.len());
        k.push_str(&self.base);
        k.push_str(rest);
        k
    }

    /// The latest `component_verify_ticket`.
    pub fn ticket(&self) -> String {
        self.key("ticket")
    }

    /// The cached component access token.
    pub fn component_token(&self) -> String {
        self.key("component_token")
    }

    /// The refresh lock of the component access token.
    pub fn component_lock(&self) -> String {
        self.key("lock:component_token")
    }

    /// One authorizer's record: tokens and status.
    pub fn authorizer(&self, authorizer_appid: &str) -> String {
        self.key(&format!("authorizer:{authorizer_appid}"))
    }

    /// The refresh lock of one authorizer's access token.
    pub fn authorizer_lock(&self, authorizer_appid: &str) -> String {
        self.key(&format!("lock:authorizer:{authorizer_appid}"))
    }

    /// The exchange claim of an authorization code (the code itself is hashed).
    pub fn auth_code(&self, code: &str) -> String {
        self.key(&format!("auth_code:{}", sha1_hex(code.as_bytes())))
    }

    /// The send marker of a request body (for spacing retries of one operation).
    pub fn sent(&self, operation: &str, body: &[u8]) -> String {
        self.key(&format!("sent:{operation}:{}", sha1_hex(body)))
    }

    /// One registration task (`task_id` as the driver made it, e.g. `task:…`, `beta:…`).
    pub fn task(&self, task_id: &str) -> String {
        self.key(&format!("task:{task_id}"))
    }

    /// The list of the newest tasks.
    pub fn task_index(&self) -> String {
        self.key("task_index")
    }

    /// A reference to a task: `appid:{appid}` (the app a registration created) or
    /// `personal:{sha1(wxuser, idname)}` (a personal registration's subject).
    pub fn task_ref(&self, part: &str) -> String {
        self.key(&format!("task_ref:{part}"))
    }
}

/// Lowercase hex SHA-1 (what keys carry instead of codes, tickets and personal data).
pub(crate) fn sha1_hex(data: &[u8]) -> String {
    use std::fmt::Write;
    let digest = Sha1::digest(data);
    let mut out = String::with_capacity(40);
    for b in digest {
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// `…:ticket`: the latest pushed ticket.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketRecord {
    /// Format version.
    pub v: u32,
    /// The ticket.
    pub ticket: Secret,
    /// The push's `CreateTime` (unix seconds).
    pub create_time: i64,
    /// When this host received it (unix ms).
    pub received_at_ms: u64,
}

/// `…:component_token`: the component access token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComponentTokenRecord {
    /// Format version.
    pub v: u32,
    /// The token.
    pub access_token: Secret,
    /// When it expires (unix ms): `minted_at_ms + expires_in × 1000`.
    pub expires_at_ms: u64,
    /// When it was minted (unix ms).
    pub minted_at_ms: u64,
}

/// Where an authorizer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthorizerStatus {
    /// Authorized; tokens usable or refreshable.
    Authorized,
    /// The refresh token failed with 61023: the merchant must authorize again.
    NeedsReauthorization,
    /// The authorization was cancelled (`unauthorized` push or 61003); tokens dropped.
    Revoked,
}

impl AuthorizerStatus {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Authorized => "authorized",
            Self::NeedsReauthorization => "needs_reauthorization",
            Self::Revoked => "revoked",
        }
    }
}

/// `…:authorizer:{appid}`: one authorizer's tokens and status, written in one piece so the
/// refresh token is never separated from the access token it came with. Durable: the refresh
/// token lives here, never only in a TTL cache.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthorizerRecord {
    /// Format version.
    pub v: u32,
    /// The authorizer.
    pub authorizer_appid: String,
    /// Its status.
    pub status: AuthorizerStatus,
    /// Its access token (`null` when dropped or not yet fetched).
    pub access_token: Option<Secret>,
    /// When the access token expires (unix ms; 0 when there is none).
    pub expires_at_ms: u64,
    /// Its refresh token (`null` once revoked).
    pub refresh_token: Option<Secret>,
    /// The permission-set ids granted at the last authorization (empty when unknown).
    #[serde(default)]
    pub func_info: Vec<i64>,
    /// When the record was last written (unix ms).
    pub updated_at_ms: u64,
    /// When the current authorization was exchanged (unix ms, this host's clock): an
    /// `unauthorized` push created before it is a late copy of an older revocation and is
    /// ignored. `null` for records written before this field or imported with a refresh token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorized_at_ms: Option<u64>,
}

/// State of an authorization-code claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClaimState {
    /// A call is exchanging the code.
    Claimed,
    /// The code was exchanged; `authorizer_appid` says for whom.
    Done,
    /// The exchange failed for good (`errcode` says why).
    Failed,
}

/// `…:auth_code:{sha1}`: who exchanges an authorization code, and the outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimRecord {
    /// Format version.
    pub v: u32,
    /// The state.
    pub state: ClaimState,
    /// The claiming call's owner id.
    pub owner: String,
    /// When the state was written (unix ms).
    pub at_ms: u64,
    /// The authorizer, once done.
    #[serde(default)]
    pub authorizer_appid: Option<String>,
    /// Granted permission-set ids, once done.
    #[serde(default)]
    pub func_info: Vec<i64>,
    /// WeChat's errcode, once failed.
    #[serde(default)]
    pub errcode: Option<i64>,
}

/// `…:sent:{operation}:{sha1(body)}`: when a request body was last sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentRecord {
    /// Format version.
    pub v: u32,
    /// When it was sent (unix ms).
    pub sent_at_ms: u64,
}

/// `…:task_index`: the ids of the newest registration tasks, oldest first, at most
/// `task_index_max` of them (older tasks stay readable by id). Updated by compare-and-set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskIndexRecord {
    /// Format version.
    pub v: u32,
    /// The tasks, oldest first.
    pub tasks: Vec<TaskIndexEntry>,
}

/// One task in the [`TaskIndexRecord`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskIndexEntry {
    /// The task id.
    pub id: String,
    /// When its current attempt was first seen (unix ms).
    pub at_ms: u64,
}

/// `…:task_ref:{part}`: which task a reference leads to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskRefRecord {
    /// Format version.
    pub v: u32,
    /// The task id.
    pub task_id: String,
}

/// Encodes a record as the JSON text the store keeps.
pub(crate) fn encode<T: Serialize>(record: &T) -> Result<String> {
    serde_json::to_string(record).map_err(|e| Error::Store {
        detail: format!("record could not be encoded ({e})"),
    })
}

/// Decodes a stored record; `Err` names the key when the text is not such a record.
pub(crate) fn decode<T: DeserializeOwned>(key: &str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| Error::Store {
        detail: format!("the value at {key} is not a wxopen record of the expected kind ({e})"),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn keys_carry_prefix_and_appid() {
        let k = Keys::new("wxopen", "wxcomponent0000001");
        assert_eq!(k.ticket(), "wxopen:wxcomponent0000001:ticket");
        assert_eq!(
            k.authorizer_lock("wxa"),
            "wxopen:wxcomponent0000001:lock:authorizer:wxa"
        );
        let code = k.auth_code("queryauthcode@@@secret");
        assert!(!code.contains("secret"));
        assert_eq!(
            code.len(),
            "wxopen:wxcomponent0000001:auth_code:".len() + 40
        );
    }

    #[test]
    fn records_round_trip_and_refuse_other_text() {
        let r = ComponentTokenRecord {
            v: RECORD_VERSION,
            access_token: "CAT".into(),
            expires_at_ms: 7,
            minted_at_ms: 1,
        };
        let text = encode(&r).unwrap();
        assert_eq!(
            text,
            r#"{"v":1,"access_token":"CAT","expires_at_ms":7,"minted_at_ms":1}"#
        );
        assert_eq!(decode::<ComponentTokenRecord>("k", &text).unwrap(), r);
        let err = decode::<AuthorizerRecord>("k", &text).unwrap_err();
        assert_eq!(err.code(), "store_error");
    }
}
