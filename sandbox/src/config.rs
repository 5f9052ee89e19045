//! The sandbox's configuration: a TOML file (every key optional) plus command-line overrides.
//!
//! ```toml
//! mode = "manual"               # "manual" (tests: time moves only through the control API)
//!                               # or "auto" (demos: real clock, human steps complete by themselves)
//! seed = 7                      # RNG seed: same seed + same calls = same ids, tokens and codes
//! start_time = 1767225600       # manual mode: the sandbox clock's first value (unix seconds)
//! listen = "127.0.0.1:0"        # port 0 = a free port; the first stdout line names it
//!
//! [[platform]]                  # one or more third-party platforms
//! appid = "wxc0ffee0000000001"
//! secret = "…"                  # component_appsecret
//! token = "…"                   # message Token
//! encoding_aes_key = "…"        # 43 characters
//! auth_event_url = "http://127.0.0.1:9000/wechat/component"      # 授权事件接收URL
//! message_url = "http://127.0.0.1:9000/wechat/$APPID$/message"   # 消息与事件接收URL
//! ```
//!
//! The full list of keys, with defaults, is [`Config`]; `wxopen-sandbox --print-config` prints
//! the effective configuration as TOML.

use std::collections::BTreeMap;
use std::net::SocketAddr;

use serde::{Deserialize, Serialize};

/// How time moves and who performs the human steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// Tests: a manual clock (only `POST /sandbox/clock/advance` moves it); every human step
    /// (legal person, merchant admin, trial user…) waits for the control API.
    #[default]
    Manual,
    /// Demos: the real clock; the human steps complete by themselves after `auto.delay_ms`.
    Auto,
}

/// The whole configuration. Every field has a default, so an empty file is valid.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// `manual` (default) or `auto`.
    pub mode: Mode,
    /// RNG seed for ids, tokens, codes, nonces and fault draws.
    pub seed: u64,
    /// Manual mode: the clock's start, unix seconds. Default: the wall clock at start.
    pub start_time: Option<i64>,
    /// Address to listen on (loopback by default; port 0 picks a free port).
    pub listen: SocketAddr,
    /// The base URL written into `authorize_url`s the sandbox hands out. Default:
    /// `http://<listen address>`.
    pub public_url: Option<String>,
    /// Print one line per push delivery and control action to stderr (never a secret).
    pub log: bool,
    /// Auto-mode settings.
    pub auto: AutoConfig,
    /// Push delivery.
    pub push: PushConfig,
    /// Daily and per-minute API limits.
    pub limits: LimitsConfig,
    /// Rules with sandbox-chosen numbers (WeChat documents no number for them).
    pub rules: RulesConfig,
    /// Faults in force from the start (the control API changes them later).
    pub faults: FaultConfig,
    /// The third-party platforms. Default: one platform with the credentials of
    /// [`PlatformConfig::default`].
    #[serde(rename = "platform")]
    pub platforms: Vec<PlatformConfig>,
    /// Merchant accounts that exist before anything happens (they can authorize platforms).
    /// Default: an official account and a mini program of one verified enterprise.
    #[serde(rename = "account")]
    pub accounts: Vec<AccountConfig>,
    /// People the sandbox knows (legal persons, admins). Unknown WeChat IDs and openids are
    /// accepted as new people with the name they are given.
    #[serde(rename = "person")]
    pub people: Vec<PersonConfig>,
    /// Open-platform accounts created outside the API (e.g. at open.weixin.qq.com).
    #[serde(rename = "open_account")]
    pub open_accounts: Vec<OpenAccountConfig>,
    /// Blacklisted subjects, WeChat IDs, phones and ID cards.
    pub blacklist: BlacklistConfig,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            mode: Mode::Manual,
            seed: 1,
            start_time: None,
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            public_url: None,
            log: false,
            auto: AutoConfig::default(),
            push: PushConfig::default(),
            limits: LimitsConfig::default(),
            rules: RulesConfig::default(),
            faults: FaultConfig::default(),
            platforms: vec![PlatformConfig::default()],
            accounts: default_accounts(),
            people: vec![PersonConfig {
                wechat: "zhangsan_acme".into(),
                name: "张三".into(),
                openid: Some("oSandboxZhangSan000000000001".into()),
                phone: Some("13800000001".into()),
                idcard: Some("110101199003070011".into()),
            }],
            open_accounts: Vec::new(),
            blacklist: BlacklistConfig::default(),
        }
    }
}

/// Auto mode: how long a human step takes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AutoConfig {
    /// Real milliseconds before each human step completes by itself.
    pub delay_ms: u64,
}

impl Default for AutoConfig {
    fn default() -> Self {
        Self { delay_ms: 1500 }
    }
}

/// Push delivery: WeChat POSTs each push and retries when the answer is not `success`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PushConfig {
    /// How long one delivery attempt may take (WeChat: 5 s).
    pub timeout_ms: u64,
    /// Retries after the first attempt (WeChat: 3).
    pub retries: u32,
    /// Wait before the first retry; doubled for each further one (real time).
    pub backoff_ms: u64,
    /// Sandbox seconds between two `component_verify_ticket` pushes (WeChat: 600).
    pub ticket_interval_secs: i64,
    /// Push a ticket to every platform when the sandbox starts.
    pub ticket_at_start: bool,
}

impl Default for PushConfig {
    fn default() -> Self {
        Self {
            timeout_ms: 5000,
            retries: 3,
            backoff_ms: 300,
            ticket_interval_secs: 600,
            ticket_at_start: true,
        }
    }
}

/// Daily (45009) and per-minute (45011) limits, per account and API path.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LimitsConfig {
    /// Daily limit of every path not listed in `daily`.
    pub daily_default: u64,
    /// Daily limits by API path (e.g. `"/cgi-bin/component/api_component_token" = 10000`).
    pub daily: BTreeMap<String, u64>,
    /// Per-minute limits by API path.
    pub per_minute: BTreeMap<String, u64>,
    /// Quota resets (`clear_quota` v1 + v2 together) per account per month (WeChat: 10).
    pub clear_per_month: u32,
}

impl Default for LimitsConfig {
    fn default() -> Self {
        let daily = [
            // The figure a developer read through getApiQuota (spec §15.1).
            ("/cgi-bin/component/api_component_token", 10_000),
            ("/cgi-bin/component/api_authorizer_token", 10_000),
            // Documented: beta verification 100 calls/day and 5/min (spec §3.5).
            ("/wxa/verifybetaweapp", 100),
        ];
        Self {
            daily_default: 100_000,
            daily: daily.iter().map(|(k, v)| ((*k).to_owned(), *v)).collect(),
            per_minute: [("/wxa/verifybetaweapp".to_owned(), 5)]
                .into_iter()
                .collect(),
            clear_per_month: 10,
        }
    }
}

/// Numbers the sandbox needs that WeChat documents loosely or not at all.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RulesConfig {
    /// Legacy enterprise registration: seconds of the consistency check (search → 89252)
    /// before the legal person is asked (search → 89251).
    pub front_check_secs: i64,
    /// Lifetime of a pre-auth code (spec §1.4: 1800 s).
    pub pre_auth_code_secs: i64,
    /// Lifetime of an authorization code (redirect `expires_in`; 3600 s seen in practice).
    pub auth_code_secs: i64,
    /// How long a superseded refresh token keeps working (staff: ~5 min).
    pub refresh_token_grace_secs: i64,
    /// Reuse-OA registration: real milliseconds a `fastregister` call takes (a second call
    /// meanwhile gets 61057, a retry with the same ticket 61058).
    pub reuse_oa_processing_ms: u64,
    /// Official account: links it may start per month (spec §3.2 mentions 13).
    pub oa_links_per_month: u32,
    /// Mini program: times it may be linked per month (89007; not documented).
    pub mini_linked_per_month: u32,
    /// Mini program: official accounts it may be linked to (89009; not documented).
    pub mini_max_links: u32,
    /// Mini programs one WeChat user may administer (spec §3.4: 5).
    pub admin_max_mini_programs: u32,
    /// Words a trial name may not contain (86011).
    pub protected_names: Vec<String>,
}

impl Default for RulesConfig {
    fn default() -> Self {
        Self {
            front_check_secs: 10,
            pre_auth_code_secs: 1800,
            auth_code_secs: 3600,
            refresh_token_grace_secs: 300,
            reuse_oa_processing_ms: 0,
            oa_links_per_month: 13,
            mini_linked_per_month: 20,
            mini_max_links: 500,
            admin_max_mini_programs: 5,
            protected_names: ["微信", "腾讯", "小程序", "wechat", "weixin", "tencent"]
                .map(String::from)
                .to_vec(),
        }
    }
}

/// Injected faults. Rates are probabilities in `0.0..=1.0`, drawn from the seeded RNG.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FaultConfig {
    /// Share of API calls answered `{"errcode":-1,"errmsg":"system error"}`.
    pub error_rate: f64,
    /// Only these API paths get `error_rate` (empty = every API path).
    pub error_paths: Vec<String>,
    /// Real milliseconds added to every API answer.
    pub latency_ms: u64,
    /// Share of pushes never sent.
    pub drop_rate: f64,
    /// Share of pushes sent twice.
    pub duplicate_rate: f64,
    /// Hold pushes until this many are waiting, then send them newest first (0 = in order).
    pub reorder_window: usize,
}

/// One third-party platform. `Debug` redacts the secret, the Token and the EncodingAESKey.
#[derive(Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PlatformConfig {
    /// `component_appid`.
    pub appid: String,
    /// `component_appsecret`.
    pub secret: String,
    /// Message Token.
    pub token: String,
    /// EncodingAESKey (43 characters).
    pub encoding_aes_key: String,
    /// 授权事件接收URL (no push is delivered while unset).
    pub auth_event_url: Option<String>,
    /// 消息与事件接收URL; `$APPID$` is replaced by the authorizer appid.
    pub message_url: Option<String>,
    /// 登录授权的发起页域名: hosts a `redirect_uri` may point at.
    pub redirect_domains: Vec<String>,
    /// Caller IPs allowed on the token APIs (empty = any; otherwise 61004).
    pub ip_whitelist: Vec<String>,
    /// Permission sets the platform has published (全网发布).
    pub permission_sets: Vec<i64>,
}

impl Default for PlatformConfig {
    fn default() -> Self {
        Self {
            appid: "wxc0ffee0000000001".into(),
            secret: "5ba0db0c5ba0db0c5ba0db0c5ba0db0c".into(),
            token: "sandboxtoken".into(),
            encoding_aes_key: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG".into(),
            auth_event_url: None,
            message_url: None,
            redirect_domains: vec!["127.0.0.1".into(), "localhost".into()],
            ip_whitelist: Vec::new(),
            permission_sets: DEFAULT_PERMISSION_SETS.to_vec(),
        }
    }
}

impl std::fmt::Debug for PlatformConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PlatformConfig")
            .field("appid", &self.appid)
            .field("secret", &"***")
            .field("token", &"***")
            .field("encoding_aes_key", &"***")
            .field("auth_event_url", &self.auth_event_url)
            .field("message_url", &self.message_url)
            .field("redirect_domains", &self.redirect_domains)
            .field("ip_whitelist", &self.ip_whitelist)
            .field("permission_sets", &self.permission_sets)
            .finish()
    }
}

/// Every permission set the sandbox knows: 1–13, 15–26 (official accounts and mini
/// programs), 27 fast registration, 30 basic info, 33 link, 81 trial mini programs.
pub const DEFAULT_PERMISSION_SETS: &[i64] = &[
    1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27,
    30, 33, 81,
];

/// Kind of a merchant account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// 公众号.
    OfficialAccount,
    /// 小程序.
    MiniProgram,
}

/// Subject (主体) type of an account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubjectType {
    /// 企业.
    Enterprise,
    /// 个体工商户.
    Individual,
    /// 个人.
    Personal,
    /// 政府.
    Government,
    /// 媒体.
    Media,
    /// 其他组织.
    Other,
}

/// A merchant account that exists from the start.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AccountConfig {
    /// Its appid.
    pub appid: String,
    /// `official_account` or `mini_program`.
    pub kind: AccountKind,
    /// Display name.
    pub nick_name: String,
    /// Subject name (主体名称).
    pub principal_name: String,
    /// Subject type.
    #[serde(default = "enterprise")]
    pub subject_type: SubjectType,
    /// WeChat verification (微信认证) done.
    #[serde(default)]
    pub verified: bool,
    /// Overseas account (89008, 61061).
    #[serde(default)]
    pub overseas: bool,
    /// Mini program shown in "nearby" (cannot be unlinked: 89011).
    #[serde(default)]
    pub nearby: bool,
    /// WeChat ID of the admin.
    #[serde(default)]
    pub admin: Option<String>,
}

fn enterprise() -> SubjectType {
    SubjectType::Enterprise
}

fn default_accounts() -> Vec<AccountConfig> {
    vec![
        AccountConfig {
            appid: "wxa11ce0000000000a".into(),
            kind: AccountKind::OfficialAccount,
            nick_name: "Acme 咖啡".into(),
            principal_name: "Acme 咖啡有限公司".into(),
            subject_type: SubjectType::Enterprise,
            verified: true,
            overseas: false,
            nearby: false,
            admin: Some("zhangsan_acme".into()),
        },
        AccountConfig {
            appid: "wxa11ce0000000000b".into(),
            kind: AccountKind::MiniProgram,
            nick_name: "Acme 咖啡点单".into(),
            principal_name: "Acme 咖啡有限公司".into(),
            subject_type: SubjectType::Enterprise,
            verified: true,
            overseas: false,
            nearby: false,
            admin: Some("zhangsan_acme".into()),
        },
    ]
}

/// A person: legal person, admin or trial user.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PersonConfig {
    /// WeChat ID (微信号).
    pub wechat: String,
    /// Real name bound to the WeChat ID.
    pub name: String,
    /// The openid platforms see for this person.
    #[serde(default)]
    pub openid: Option<String>,
    /// Phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// ID card number.
    #[serde(default)]
    pub idcard: Option<String>,
}

/// An open-platform account created outside the API.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenAccountConfig {
    /// Its `open_appid`.
    pub open_appid: String,
    /// Subject name.
    pub principal_name: String,
    /// Verified (an unverified one binds at most 5 accounts).
    #[serde(default)]
    pub verified: bool,
    /// Appids bound to it.
    #[serde(default)]
    pub bound: Vec<String>,
}

/// Blacklists (registration results 1002/1004/1006/1008, 61054, 85062/85063).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BlacklistConfig {
    /// Subject names.
    pub subjects: Vec<String>,
    /// WeChat IDs (as admins).
    pub wechat_ids: Vec<String>,
    /// Phone numbers.
    pub phones: Vec<String>,
    /// ID card numbers.
    pub idcards: Vec<String>,
}

impl Config {
    /// Parses a TOML document; unknown keys are errors (a typo must not pass silently).
    pub fn from_toml(text: &str) -> Result<Self, String> {
        let config: Self = toml::from_str(text).map_err(|e| e.to_string())?;
        config.check()?;
        Ok(config)
    }

    /// The configuration as TOML.
    pub fn to_toml(&self) -> Result<String, String> {
        toml::to_string(self).map_err(|e| e.to_string())
    }

    /// Checks what serde cannot: at least one platform, distinct appids, 43-character keys,
    /// rates within 0..=1.
    pub fn check(&self) -> Result<(), String> {
        if self.platforms.is_empty() {
            return Err("at least one [[platform]] is needed".into());
        }
        let mut seen = std::collections::BTreeSet::new();
        for p in &self.platforms {
            if p.appid.is_empty() || p.secret.is_empty() || p.token.is_empty() {
                return Err("platform: appid, secret and token must not be empty".into());
            }
            if !seen.insert(p.appid.as_str()) {
                return Err(format!("platform {}: appid listed twice", p.appid));
            }
            if wxopen::MsgCrypt::new(&p.token, &p.encoding_aes_key, &p.appid).is_err() {
                return Err(format!(
                    "platform {}: encoding_aes_key must be 43 characters of [A-Za-z0-9]",
                    p.appid
                ));
            }
        }
        for a in &self.accounts {
            if !seen.insert(a.appid.as_str()) {
                return Err(format!("account {}: appid used twice", a.appid));
            }
        }
        self.faults.check()
    }
}

impl FaultConfig {
    /// Rates must be probabilities.
    pub fn check(&self) -> Result<(), String> {
        for (name, rate) in [
            ("error_rate", self.error_rate),
            ("drop_rate", self.drop_rate),
            ("duplicate_rate", self.duplicate_rate),
        ] {
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!(
                    "faults.{name} must be within 0.0..=1.0, got {rate}"
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_is_the_default_and_round_trips() {
        let config = Config::from_toml("").expect("valid");
        assert_eq!(config.platforms.len(), 1);
        let again = Config::from_toml(&config.to_toml().expect("serializes")).expect("parses");
        assert_eq!(again.platforms[0].appid, config.platforms[0].appid);
    }

    #[test]
    fn debug_hides_the_platform_secrets() {
        let config = Config::default();
        let shown = format!("{config:?}");
        let p = &config.platforms[0];
        for secret in [&p.secret, &p.token, &p.encoding_aes_key] {
            assert!(!shown.contains(secret.as_str()), "{shown}");
        }
        assert!(shown.contains(&p.appid));
    }

    #[test]
    fn typos_and_bad_keys_are_refused() {
        let err = Config::from_toml("mdoe = \"auto\"").expect_err("unknown key");
        assert!(err.contains("mdoe"), "{err}");
        let err = Config::from_toml(
            "[[platform]]\nappid='wx1'\nsecret='s'\ntoken='t'\nencoding_aes_key='short'",
        )
        .expect_err("bad key");
        assert!(err.contains("encoding_aes_key"), "{err}");
        let err = Config::from_toml("[faults]\nerror_rate = 2.0").expect_err("bad rate");
        assert!(err.contains("error_rate"), "{err}");
    }
}
