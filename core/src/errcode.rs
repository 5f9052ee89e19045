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
#[rustfmt::skip]
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
    e(41002, "缺少 appid 参数", "appid missing", InvalidInput, false,
      "send the appid (for clear_quota v2: the authorizer whose quota to reset, or omit it for the platform's own)"),
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
    e(48006, "清零次数已达上限（每月 10 次）", "clear-quota limit reached (10 resets per account per month)", Quota, false,
      "the account used its 10 quota resets this month; wait for next month or for the daily reset"),
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
    e(61051, "公众号主体类型不允许快速创建小程序", "official account subject type not allowed (invalid realname type)", Permission, false,
      "only verified enterprise, media, government or other-organisation official accounts can reuse their subject"),
    e(61052, "公众号未认证", "official account not verified", State, false,
      "the official account must be verified (微信认证) before registering by reusing its subject"),
    e(61053, "主体已达到注册上限", "the subject reached its registration limit", Quota, false,
      "this subject cannot register more mini programs"),
    e(61054, "主体在黑名单中", "the subject is blacklisted", Permission, false,
      "the subject is barred from registering; contact WeChat"),
    e(61055, "公众号本月快速创建次数已满", "the official account's monthly fast-registration quota is used up", Quota, false,
      "at most 5 successful registrations per official account per month; wait for next month"),
    e(61056, "政府、媒体、其他组织类型公众号须复用公众号资质认证", "government, media and other organisations must reuse the WeChat verification", InvalidInput, false,
      "open the fastregisterauth page again with copy_wx_verify=1"),
    e(61057, "公众号有一个快速创建流程正在进行中", "the official account has a fast registration in progress", State, false,
      "wait for the pending registration to finish, then start again with a new ticket"),
    e(61058, "扫码 ticket 无效", "invalid scan ticket", Credential, false,
      "tickets are single-use; open the fastregisterauth page again for a new ticket"),
    e(61060, "redirect_uri 不合法", "invalid redirect uri", InvalidInput, false,
      "the redirect_uri host must equal the platform's 登录授权的发起页域名"),
    e(61061, "海外账号不允许快速创建", "overseas accounts are not allowed", Permission, false,
      "overseas subjects cannot use fast registration"),
    e(61063, "管理员绑定账号数量已达上限", "the admin reached the bound-account limit", Quota, false,
      "choose another admin or unbind accounts from this one"),
    e(61064, "管理员在黑名单中", "the admin is blacklisted", Permission, false,
      "choose another admin"),
    e(61065, "管理员身份证创建账号数量已达上限", "the admin's ID card reached the account-creation limit", Quota, false,
      "choose another admin"),
    e(61066, "管理员身份证在黑名单中", "the admin's ID card is blacklisted", Permission, false,
      "choose another admin"),
    e(61067, "管理员手机号绑定账号数量已达上限", "the admin's phone number reached the bound-account limit", Quota, false,
      "choose another admin or phone number"),
    e(61068, "管理员手机号在黑名单中", "the admin's phone number is blacklisted", Permission, false,
      "choose another admin or phone number"),
    e(61069, "管理员不合法", "invalid admin", InvalidInput, false,
      "check the admin's identity data"),
    e(61070, "法人姓名与微信号实名信息不一致", "name, ID card and WeChat real name not in accordance", InvalidInput, false,
      "legal_persona_name (or idname) must equal the real name bound to that WeChat ID"),
    e(76003, "cgi_path 格式不合法", "invalid cgi_path", InvalidInput, false,
      "pass the API path only: a leading /, no host, no query (e.g. /cgi-bin/component/api_component_token)"),
    e(76021, "cgi_path 不存在", "cgi_path not found", InvalidInput, false,
      "check the API path; /sns/ paths are not supported"),
    e(76022, "当前调用者无权查询该 cgi_path", "no permission for this cgi_path with this token", Permission, false,
      "use the component token for the platform's own APIs and an authorizer token for an authorizer's APIs"),
    e(85026, "该微信号绑定的管理员账号数已达上限", "the WeChat ID reached its admin-binding limit", Quota, false,
      "the new admin must use a WeChat ID bound to fewer accounts"),
    e(85027, "该身份证绑定的管理员账号数已达上限", "the ID card reached its admin-binding limit", Quota, false,
      "the new admin must use another identity"),
    e(85060, "taskid 无效", "invalid taskid", InvalidInput, false,
      "pass the taskid from the componentrebindadmin redirect unchanged; open the page again if it expired"),
    e(85061, "该手机号绑定的管理员账号数已达上限", "the phone number reached its admin-binding limit", Quota, false,
      "the new admin must use another phone number"),
    e(85062, "手机号在黑名单中", "the phone number is blacklisted", Permission, false,
      "the new admin must use another phone number"),
    e(85063, "身份证在黑名单中", "the ID card is blacklisted", Permission, false,
      "the new admin must use another identity"),
    e(86004, "无效的微信号", "invalid WeChat ID", InvalidInput, false,
      "pass the WeChat ID (微信号) itself, not a phone number or QQ number"),
    e(86011, "名称命中保护关键字", "the name hits a protected keyword", InvalidInput, false,
      "avoid 小程序, 微信, 腾讯 and brand names in the name"),
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
    e(89007, "小程序本月被关联次数已用完", "the mini program's monthly be-linked quota is used up", Quota, false,
      "wait for next month"),
    e(89008, "海外小程序不能被关联", "an overseas mini program cannot be linked", Permission, false,
      "overseas mini programs cannot be linked to official accounts"),
    e(89009, "小程序被关联数量已达上限", "the mini program reached its link limit", Quota, false,
      "unlink another official account first"),
    e(89010, "已发送关联邀请", "a link invitation was already sent", State, false,
      "wait for the admins to answer; poll link.get"),
    e(89011, "附近的小程序展示中的小程序不能解除关联", "a mini program displayed in \"nearby\" cannot be unlinked", State, false,
      "turn off the nearby display first"),
    e(89012, "门店小程序不能解除关联", "store/shop mini programs cannot be unlinked", State, false,
      "store mini programs stay linked"),
    e(89013, "小程序已被封禁", "the mini program is banned", State, false,
      "a banned mini program cannot be linked"),
    e(89014, "版本不支持", "support version error", State, false,
      "the mini program's version does not support linking"),
    e(89015, "已经关联", "already linked", State, false,
      "nothing to do; see link.get"),
    e(89016, "公众号本月同主体关联次数已达上限", "the official account reached its monthly limit for same-subject links", Quota, false,
      "wait for next month"),
    e(89017, "公众号本月不同主体关联次数已达上限", "the official account reached its monthly limit for different-subject links", Quota, false,
      "wait for next month"),
    e(89018, "已发送解除关联消息", "an unlink message was already sent", State, false,
      "wait for the admin to answer"),
    e(89035, "已在公众平台发起关联，等待小程序管理员确认，不能重复发起", "a link was already initiated on mp.weixin.qq.com and awaits the mini-program admin", State, false,
      "wait for the mini-program admin, or cancel it on mp.weixin.qq.com"),
    e(89036, "开放平台账号非 API 创建或未认证", "open account not created by the API, or not verified", Permission, false,
      "an unverified API-created open account can only bind up to 5 same-subject accounts"),
    e(89247, "内部错误", "inner error", System, true,
      "retry later; if it persists, contact WeChat"),
    e(89248, "企业代码类型无效", "invalid code_type", InvalidInput, false,
      "code_type must be 1 (unified social credit code), 2 (organization code) or 3 (business licence number)"),
    e(89249, "该主体已有任务执行中，距上次任务 24h 后再试", "the subject already has a task in progress", State, false,
      "tasks of one subject are serial: wait for the pending task's push, or 24 h after it started"),
    e(89250, "未找到该任务", "task not found", State, false,
      "no such task: check the identifying fields; a finished task reports by push, not here"),
    e(89251, "模板消息已下发，待法人人脸核身校验", "template message sent; waiting for the legal person's face verification", State, false,
      "not a failure: the legal person must act within 24 h; wait for the result push"),
    e(89252, "法人&企业信息一致性校验中", "legal-person and enterprise consistency check in progress", State, false,
      "not a failure: wait for the result push"),
    e(89253, "缺少参数", "missing parameter", InvalidInput, false,
      "send every required field"),
    e(89254, "第三方平台缺少所需权限集", "the platform lacks required permission sets", Permission, false,
      "add the mini-program permission sets the API needs and publish the platform (全网发布)"),
    e(89255, "code 参数无效，请检查 code 长度以及内容是否正确", "invalid code: length or content does not fit code_type", InvalidInput, false,
      "18 characters for code_type 1, 9 (xxxxxxxx-x) for 2, 15 for 3"),
    e(89407, "不同主体关联数量已达上限", "reach different realname limit", Quota, false,
      "the official account reached its limit for different-subject links; wait for next month"),
    e(91020, "注册类型错误，仅试用小程序可调用", "wrong registration type: only trial (beta) mini programs may call this", State, false,
      "this API is only for trial mini programs that are not formal yet"),
    e(91021, "不是未转正的试用小程序", "not a trial mini program awaiting verification", State, false,
      "the mini program is already formal (or not a trial one); nothing to verify"),
];

/// Meanings that one operation gives a code; they win over [`GLOBAL`].
#[rustfmt::skip]
static OVERRIDES: &[(&str, ErrcodeInfo)] = &[
    // §3.1 search: the task state is expressed through the errcode.
    ("register.enterprise_legacy_search", e(89250, "未找到该任务", "task not found (never created, or already finished)", State, false,
      "the task is unknown or over; its outcome came by the notify_third_fasteregister push")),
    ("register.enterprise_legacy_search", e(89251, "模板消息已下发，待法人人脸核身校验", "waiting for the legal person's face verification", State, false,
      "not a failure: the task is running; wait for the notify_third_fasteregister push (the legal person has 24 h)")),
    ("register.enterprise_legacy_search", e(89252, "法人&企业信息一致性校验中", "legal-person and enterprise consistency check running", State, false,
      "not a failure: the task is running; wait for the notify_third_fasteregister push")),
    ("register.enterprise_legacy_search", e(89253, "缺少参数", "missing parameter", InvalidInput, false,
      "send name, legal_persona_wechat and legal_persona_name exactly as in the create call")),
    // §3.2 reuse-OA: 61058 also answers a retry while the first call still runs.
    ("register.reuse_oa", e(61058, "扫码 ticket 无效（或首次调用仍在处理中时的重试）", "invalid scan ticket (or a retry while the first call is still running)", Credential, false,
      "tickets are single-use; after a timeout wait more than 5 s and check whether the mini program was created (authorized push) before opening the page again")),
    // §3.3 personal.
    ("register.personal", e(89249, "该用户已有注册任务执行中", "this user already has a registration task in progress", State, false,
      "query the pending task with register.personal_query, or wait for its push")),
    ("register.personal_query", e(89250, "未找到该任务", "taskid not found", State, false,
      "check the taskid returned by register.personal")),
    // §3.5 beta -> formal.
    ("register.beta_verify", e(89249, "该 appid 已有转正任务执行中", "this appid already has a verification task in progress", State, false,
      "wait for the notify_third_fastverifybetaapp push of the pending task")),
    ("register.beta_verify", e(89251, "模板消息已下发，待法人人脸核身校验", "the legal person's template message is outstanding", State, false,
      "not a failure: wait until the legal person acts or the message expires; after a failed face check the call may be repeated")),
    // §13.5 customer-service messages (the official global return-code page).
    ("message.custom_send", e(40003, "不合法的 OpenID", "invalid openid (not a user of this account)", InvalidInput, false,
      "send to the FromUserName of a message this account received")),
    ("message.custom_send", e(45015, "回复时间超过限制", "reply window closed (the user has not written within the allowed time) or the user unsubscribed", State, false,
      "customer-service messages can only answer a user's recent action (48 h after a message)")),
    ("message.custom_send", e(45047, "客服接口下行条数超过上限", "too many customer-service messages for this user's action", Quota, false,
      "wait for the user's next message; each action allows only a few replies")),
    // §4 links: admin limits listed on the link page.
    ("link.link", e(1003, "管理员绑定账号数量达到上限", "the admin reached the bound-account limit", Quota, false,
      "the admin must unbind accounts first")),
    ("link.link", e(1005, "管理员手机绑定账号数量达到上限", "the admin's phone reached the bound-account limit", Quota, false,
      "the admin must use another phone number")),
];

#[cfg(test)]
#[allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
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
            assert!(
                !info.zh.is_empty() && !info.en.is_empty() && !info.hint.is_empty(),
                "{}",
                info.code
            );
        }
    }

    #[test]
    fn overrides_are_unique_per_operation() {
        let mut keys: Vec<(&str, i64)> = OVERRIDES.iter().map(|(op, i)| (*op, i.code)).collect();
        let before = keys.len();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(before, keys.len());
    }

    #[test]
    fn every_spec_code_is_catalogued() {
        let mut codes = vec![
            -1, 40001, 40013, 40014, 40097, 40125, 40164, 41004, 42001, 44002, 45009, 45011, 47001,
            48001,
        ];
        codes.extend([
            61003, 61004, 61005, 61006, 61007, 61008, 61009, 61010, 61011, 61014, 61023, 61024,
            61028, 61029,
        ]);
        codes.extend((61051..=61058).chain([61060, 61061]).chain(61063..=61070));
        codes.extend([85026, 85027, 85060, 85061, 85062, 85063, 86004, 86011]);
        codes.extend([41002, 48006, 76003, 76021, 76022]);
        codes.extend((89000..=89004).chain(89007..=89018).chain([89035, 89036]));
        codes.extend((89247..=89255).chain([89407, 91020, 91021]));
        for code in codes {
            assert!(lookup("any.op", code).is_some(), "{code} missing");
        }
    }

    #[test]
    fn search_states_are_not_failures() {
        let info = lookup("register.enterprise_legacy_search", 89251).expect("override");
        assert_eq!(info.category, Category::State);
        assert!(info.hint.contains("push"));
        let generic = lookup("register.enterprise_legacy", 89251).expect("global");
        assert_eq!(generic.code, 89251);
        let beta = lookup("register.beta_verify", 89249).expect("override");
        assert_eq!(beta.zh, "该 appid 已有转正任务执行中");
        assert!(lookup("link.get", 1003).is_none());
        assert!(lookup("link.link", 1003).is_some());
    }

    #[test]
    fn not_bound_is_known() {
        let info = lookup("open.get", 89002).expect("89002 is catalogued");
        assert!(info.en.contains("not bound"));
        assert_eq!(info.category, Category::State);
    }
}
