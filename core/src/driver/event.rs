//! Observability records: every mint, refresh, retry and failure, and the ticket's age. They
//! reach the host as [`super::Step::Event`] steps, in order, and never carry a secret (no
//! token, ticket, code or AppSecret — appids, times and errcodes only).

use serde::Serialize;

use crate::task::{TaskKind, TaskState, WaitingFor};
use crate::token::TokenKind;

/// One record. Serialized (serde) as a flat object with `kind` in snake_case (e.g.
/// `{"kind":"component_token_minted","expires_at_ms":…,"ticket_age_ms":…}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum DriverEvent {
    /// A pushed (or imported) `component_verify_ticket` was stored.
    TicketStored {
        /// The push's `CreateTime` (unix seconds).
        create_time: i64,
        /// Age of the ticket it replaced, in milliseconds (`None`: there was none).
        previous_age_ms: Option<u64>,
    },
    /// A push carried an older ticket than the stored one; the stored one was kept.
    TicketKept {
        /// The older push's `CreateTime`.
        create_time: i64,
        /// The stored ticket's `CreateTime`.
        stored_create_time: i64,
    },
    /// A new component access token was minted from the stored ticket.
    ComponentTokenMinted {
        /// When it expires (unix ms).
        expires_at_ms: u64,
        /// How long ago the ticket used was received (ms); 12 h is its lifetime.
        ticket_age_ms: u64,
    },
    /// An authorizer access token was refreshed with its refresh token.
    AuthorizerTokenRefreshed {
        /// The authorizer.
        authorizer_appid: String,
        /// When the new token expires (unix ms).
        expires_at_ms: u64,
        /// Whether WeChat returned a different refresh token (it was stored in the same write).
        refresh_token_rotated: bool,
    },
    /// A freshly minted token lost to a newer one another process stored meanwhile; the
    /// stored one is used.
    NewerTokenKept {
        /// Which token.
        token: TokenKind,
        /// The authorizer, for an authorizer token.
        authorizer_appid: Option<String>,
    },
    /// An authorization code was exchanged (`api_query_auth`) and the tokens stored.
    AuthorizerAuthorized {
        /// The authorizer.
        authorizer_appid: String,
        /// Where the code came from: `redirect`, `push` or `registration`.
        source: &'static str,
    },
    /// An authorization code was already claimed by another call (redirect/push race); this
    /// call did not exchange it.
    AuthCodeAlreadyClaimed {
        /// Where this copy of the code came from.
        source: &'static str,
    },
    /// The authorizer was marked revoked and its tokens dropped.
    AuthorizerRevoked {
        /// The authorizer.
        authorizer_appid: String,
        /// `unauthorized_push` or `errcode_61003`.
        reason: &'static str,
    },
    /// An `unauthorized` push created before the stored authorization was exchanged (a late
    /// copy of an older revocation): the authorizer stays authorized.
    UnauthorizedIgnored {
        /// The authorizer.
        authorizer_appid: String,
        /// The push's `CreateTime` (unix seconds).
        create_time: i64,
        /// When the current authorization was exchanged (unix ms).
        authorized_at_ms: u64,
    },
    /// The authorizer was marked as needing re-authorization (61023).
    AuthorizerNeedsReauthorization {
        /// The authorizer.
        authorizer_appid: String,
    },
    /// WeChat refused a token (40001/40014/42001); the stored copy was dropped if it was the
    /// one used, and the call is retried once with a fresh token.
    TokenRejected {
        /// Which token.
        token: TokenKind,
        /// The authorizer, for an authorizer token.
        authorizer_appid: Option<String>,
        /// The operation that got the error.
        operation: &'static str,
        /// The errcode.
        errcode: i64,
    },
    /// A transient failure; the request is sent again after `delay_ms`.
    Retry {
        /// The operation.
        operation: &'static str,
        /// Which retry this is (1 for the first).
        attempt: u32,
        /// The wait before it.
        delay_ms: u64,
        /// What failed: the errcode (`errcode`), `transport` or the HTTP `status`.
        #[serde(flatten)]
        reason: FailureReason,
    },
    /// A refresh failed transiently while the current token is still valid: it keeps being
    /// served; the next refresh is tried after `retry_at_ms`.
    StaleTokenServed {
        /// Which token.
        token: TokenKind,
        /// The authorizer, for an authorizer token.
        authorizer_appid: Option<String>,
        /// When the served token expires (unix ms).
        expires_at_ms: u64,
        /// When a refresh is tried again (unix ms).
        retry_at_ms: u64,
        /// What failed.
        #[serde(flatten)]
        reason: FailureReason,
    },
    /// A registration task changed (created, progressed, ended, authorized).
    TaskUpdated {
        /// The task.
        task_id: String,
        /// Its flow.
        task_kind: TaskKind,
        /// Its stored state (an expiry derived from the window is not stored).
        state: TaskState,
        /// WeChat's code behind the state.
        status: Option<i64>,
        /// Whether the new app's authorization is exchanged.
        authorized: bool,
        /// What changed it: `create`, `query`, `push` or `authorization`.
        origin: &'static str,
    },
    /// A registration result push changed no task: none matches it, or it reports an earlier
    /// registration under a reused id. The push itself was handled as usual.
    TaskPushIgnored {
        /// The push's `InfoType`.
        info_type: String,
        /// The task it named, if it named one.
        task_id: Option<String>,
        /// Why.
        reason: &'static str,
    },
    /// `wait_task` looked at the task (the store, and WeChat's query API when due) and pauses
    /// before looking again.
    TaskWaiting {
        /// The task.
        task_id: String,
        /// Its flow.
        task_kind: TaskKind,
        /// Its state.
        state: TaskState,
        /// WeChat's code behind the state.
        status: Option<i64>,
        /// Who must act.
        waiting_for: Option<WaitingFor>,
        /// How long this wait has run.
        waited_ms: u64,
        /// The pause before the next look.
        next_check_ms: u64,
    },
    /// A token flow (mint, refresh, exchange) or a call's retries failed for good.
    Failure {
        /// The operation or flow (`component.api_component_token`, `lock`, …).
        operation: &'static str,
        /// The error's stable code (`api_error`, `no_ticket`, `lock_timeout`, …).
        code: &'static str,
        /// What failed.
        #[serde(flatten)]
        reason: FailureReason,
    },
}

/// Why something failed, without secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailureReason {
    /// WeChat's errcode, when it answered one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errcode: Option<i64>,
    /// The HTTP status, when it was not 200.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// `true` when nothing came back.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub transport: bool,
}

impl FailureReason {
    /// The reason of an error.
    pub(crate) fn of(error: &crate::Error) -> Self {
        let mut reason = Self {
            errcode: None,
            status: None,
            transport: false,
        };
        match error {
            crate::Error::Api(e) | crate::Error::TicketRejected(e) => {
                reason.errcode = Some(e.errcode)
            }
            crate::Error::HttpStatus { status } => reason.status = Some(*status),
            crate::Error::Transport { .. } => reason.transport = true,
            _ => {}
        }
        reason
    }
}

impl DriverEvent {
    /// The record's `kind`, e.g. `component_token_minted`.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::TicketStored { .. } => "ticket_stored",
            Self::TicketKept { .. } => "ticket_kept",
            Self::ComponentTokenMinted { .. } => "component_token_minted",
            Self::AuthorizerTokenRefreshed { .. } => "authorizer_token_refreshed",
            Self::NewerTokenKept { .. } => "newer_token_kept",
            Self::AuthorizerAuthorized { .. } => "authorizer_authorized",
            Self::AuthCodeAlreadyClaimed { .. } => "auth_code_already_claimed",
            Self::AuthorizerRevoked { .. } => "authorizer_revoked",
            Self::UnauthorizedIgnored { .. } => "unauthorized_ignored",
            Self::AuthorizerNeedsReauthorization { .. } => "authorizer_needs_reauthorization",
            Self::TokenRejected { .. } => "token_rejected",
            Self::Retry { .. } => "retry",
            Self::StaleTokenServed { .. } => "stale_token_served",
            Self::TaskUpdated { .. } => "task_updated",
            Self::TaskPushIgnored { .. } => "task_push_ignored",
            Self::TaskWaiting { .. } => "task_waiting",
            Self::Failure { .. } => "failure",
        }
    }

    /// The record as one JSON object (what the bindings hand to their hosts).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).unwrap_or(serde_json::Value::Null)
    }
}
