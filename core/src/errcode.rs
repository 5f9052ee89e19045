//! The errcode catalogue: what each WeChat `errcode` means, as data.
//!
//! [`lookup`] answers for one operation: a per-operation meaning (e.g. 89250–89253 in the
//! legacy enterprise search) wins over the global one.

use serde::Serialize;

/// What kind of problem an errcode reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Category {
    /// A token, secret, ticket or code is wrong, expired or of the wrong kind.
    Credential,
    /// The platform or account lacks a permission, authorization or publication.
    Permission,
    /// A quota or rate limit is exhausted.
    Quota,
    /// The input was rejected.
    InvalidInput,
    /// The account or task is in a state that forbids the call.
    State,
    /// WeChat's side failed; usually worth a retry.
    System,
    /// Not in the catalogue.
    Unknown,
}

impl Category {
    /// Stable snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Credential => "credential",
            Self::Permission => "permission",
            Self::Quota => "quota",
            Self::InvalidInput => "invalid_input",
            Self::State => "state",
            Self::System => "system",
            Self::Unknown => "unknown",
        }
    }
}

/// One catalogue entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ErrcodeInfo {
    /// The errcode.
    pub code: i64,
    /// Meaning in Chinese.
    pub zh: &'static str,
    /// Meaning in English.
    pub en: &'static str,
    /// Category.
    pub category: Category,
    /// Whether retrying the same call later may succeed.
    pub retryable: bool,
    /// What to do about it.
    pub hint: &'static str,
}

/// The catalogue entry for `errcode` as returned by `operation` (e.g. `open.get`).
pub fn lookup(operation: &str, errcode: i64) -> Option<&'static ErrcodeInfo> {
    OVERRIDES
        .iter()
        .find(|(op, info)| *op == operation && info.code == errcode)
        .map(|(_, info)| info)
        .or_else(|| GLOBAL.iter().find(|info| info.code == errcode))
}

/// What the catalogue says about `errcode` as returned by `operation`, as one JSON object
/// (`known`, `errcode`, `meaning`, `meaning_zh`, `category`, `retryable`, `hint`). For the
/// bindings' `explain_errcode` helpers.
pub fn explain(operation: &str, errcode: i64) -> serde_json::Value {
    let info = lookup(operation, errcode);
    serde_json::json!({
        "known": info.is_some(),
        "errcode": errcode,
        "meaning": info.map_or("unknown error code", |i| i.en),
        "meaning_zh": info.map_or("未知错误码", |i| i.zh),
        "category": info.map_or(Category::Unknown, |i| i.category).as_str(),
        "retryable": info.is_some_and(|i| i.retryable),
        "hint": info.map_or("not in the wxopen catalogue; see errmsg and the WeChat documentation", |i| i.hint),
    })
}

/// Every globally known entry, ascending by code.
pub fn all() -> &'static [ErrcodeInfo] {
    GLOBAL
}

/// Every per-operation entry, as `(operation, entry)`.
pub fn overrides() -> &'static [(&'static str, ErrcodeInfo)] {
    OVERRIDES
}

const fn e(
    code: i64,
    zh: &'static str,
    en: &'static str,
    category: Category,
    retryable: bool,
    hint: &'static str,
) -> ErrcodeInfo {
    ErrcodeInfo {
        code,
        zh,
        en,
        category,
        retryable,
        hint,
    }
}

use Category::{Credential, InvalidInput, Permission, Quota, State, System};

/// Meanings that hold for every operation (spec §8 and the per-section tables).
static GLOBAL: &[ErrcodeInfo] = &[
    e(-1, "系统繁忙，请稍后重试", "system busy", System, true,
      "retry after a short backoff (at most 3 times); do not blindly re-send a create call"),
    e(40001, "AppSecret 错误或者 access_token 无效/不是最新", "invalid credential: wrong AppSecret or access token invalid or not the latest", Credential, false,
      "refresh the access token (another server may have refreshed it) and retry once"),
    e(40013, "不合法的 AppID", "invalid appid", InvalidInput, false,
      "check the appid; for open-account calls it must be the account that owns the token"),
    e(40014, "不合法的 access_token", "invalid access_token (e.g. a component token where an authorizer token is required)", Credential, false,
      "pass the right kind of token for this API"),
    e(40097, "参数错误", "invalid arguments", InvalidInput, false,
      "check the request fields against the API documentation"),
    e(40125, "不合法的 AppSecret", "invalid appsecret", Credential, false,
      "check the platform AppSecret in the open platform console"),
    e(40164, "调用接口的 IP 不在白名单中", "caller IP not in the whitelist", Permission, false,
      "add this server's outbound IP to the whitelist"),
    e(41004, "缺少 AppSecret 参数", "appsecret missing", InvalidInput, false,
      "send the platform AppSecret"),
    e(42001, "access_token 已过期", "access_token expired", Credential, false,
      "refresh the access token and retry once"),
    e(44002, "POST 数据包为空", "empty post data", InvalidInput, false,
      "send a JSON body (at least {})"),
    e(45009, "接口调用超过每日限额", "daily API quota reached", Quota, false,
      "wait for the daily reset, or clear the quota with /cgi-bin/component/clear_quota/v2"),
    e(45011, "接口调用太频繁", "per-minute rate limit reached", Quota, true,
      "slow down and retry after a minute"),
    e(47001, "数据格式错误（JSON/XML 不合法）", "data format error (bad JSON/XML)", InvalidInput, false,
      "check the request body is valid JSON of the documented shape"),
    e(48001, "接口未授权（账号本身没有该接口权限）", "api unauthorized: the account itself lacks this API", Permission, false,
      "the account type or verification status does not allow this API"),
    e(61003, "该账号未授权给第三方平台（授权已取消或从未授权）", "component is not authorized by this account", Permission, false,
      "the merchant cancelled or never granted authorization; ask them to authorize again"),
    e(61004, "调用方 IP 不在第三方平台 IP 白名单中", "access clientip is not registered in the platform IP whitelist", Permission, false,
      "add this server's outbound IP to the platform's IP whitelist in the open platform console"),
    e(61005, "component_verify_ticket 已过期", "component ticket is expired", Credential, false,
      "use the latest pushed component_verify_ticket; call api_start_push_ticket if pushes stopped"),
    e(61006, "component_verify_ticket 无效", "component ticket is invalid", Credential, false,
      "use the latest pushed component_verify_ticket exactly as received"),
    e(61007, "授权方未授予第三方平台该权限集", "api is unauthorized to component: the authorizer did not grant the permission set", Permission, false,
      "ask the merchant to re-authorize with the needed permission set"),
    e(61008, "component req key 重复", "component req key is duplicated", InvalidInput, false,
      "do not repeat the same request key"),
    e(61009, "授权码无效（错误、已使用或不属于该账号）", "authorization code is invalid (wrong, reused or another account's)", Credential, false,
      "authorization codes are single-use; restart the authorization flow"),
    e(61010, "授权码已过期", "authorization code is expired", Credential, false,
      "exchange the code right after the redirect or push; restart the authorization flow"),
    e(61011, "无效的第三方平台", "invalid component", Credential, false,
      "check the component_appid"),
    e(61014, "必须使用 component_access_token", "must use component token", Credential, false,
      "call this API with the component access token"),
    e(61023, "refresh_token 无效", "refresh_token is invalid", Credential, false,
      "use the latest authorizer_refresh_token; if authorization was cancelled, ask the merchant to authorize again"),
    e(61024, "第三方平台账号必须使用 api_component_token 获取令牌", "must use api_component_token to get a token for a component account", Credential, false,
      "get the token from api_component_token, not /cgi-bin/token"),
    e(61028, "第三方平台未全网发布", "component is unpublished", Permission, false,
      "publish the platform (全网发布) first"),
    e(61029, "第三方平台缺少所需权限集", "component needs republish with the required permission sets", Permission, false,
      "add the required permission sets and publish the platform again"),
    e(89000, "该账号已经绑定了开放平台账号", "account already bound to an open platform account", State, false,
      "use open.get to find the existing open account"),
    e(89001, "账号与开放平台账号主体不一致", "account and open platform account do not have the same subject (contractor)", State, false,
      "only accounts of the same subject can be bound to this open account"),
    e(89002, "该账号未绑定开放平台账号", "account is not bound to any open platform account", State, false,
      "create one with open.create or bind an existing one with open.bind"),
    e(89003, "该开放平台账号并非通过 API 创建，不允许操作", "open account was not created via the API; operation not allowed", Permission, false,
      "accounts created at open.weixin.qq.com must be managed there"),
    e(89004, "该开放平台账号所绑定的账号已达上限（100 个）", "open account reached its bound-account limit (100)", Quota, false,
      "unbind an account first or use another open account"),
    e(89036, "开放平台账号非 API 创建或未认证", "open account not created by the API, or not verified", Permission, false,
      "an unverified API-created open account can only bind up to 5 same-subject accounts"),
];

/// Meanings that one operation gives a code; they win over [`GLOBAL`].
static OVERRIDES: &[(&str, ErrcodeInfo)] = &[];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn global_codes_are_unique_and_sorted() {
        let codes: Vec<i64> = GLOBAL.iter().map(|i| i.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted, "GLOBAL must be ascending without duplicates");
    }

    #[test]
    fn every_entry_is_filled_in() {
        for info in GLOBAL.iter().chain(OVERRIDES.iter().map(|(_, i)| i)) {
            assert!(!info.zh.is_empty() && !info.en.is_empty() && !info.hint.is_empty(), "{}", info.code);
        }
    }

    #[test]
    fn not_bound_is_known() {
        let info = lookup("open.get", 89002).expect("89002 is catalogued");
        assert!(info.en.contains("not bound"));
        assert_eq!(info.category, Category::State);
    }
}
