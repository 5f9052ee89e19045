//! The simulated WeChat: every account, credential, task and push, behind one lock.
//!
//! The world is synchronous and deterministic: the HTTP layer locks it, hands it one call,
//! and afterwards delivers the pushes the call queued ([`World::take_outbox`]). Randomness
//! comes from one seeded RNG; time from the sandbox [`Clock`].
//!
//! Rooms: `fail` (errcodes, body reading), `api` (the route table and the common checks),
//! `credentials` (§1), `quota` (§15), `pages` (§1.5, §3.2, §5 pages and the authorization),
//! `register` (§3.0, §3.1, §3.3), `beta` (§3.2 API, §3.4–§3.6), `accounts` (§2, §4, §5 API),
//! `tasks` (human steps, deadlines, auto mode), `push` (§6, §7, §13 pushes), `release` (§13.5:
//! `custom/send`, the full-network-release check).

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde::Serialize;

use crate::clock::Clock;
use crate::config::{AccountKind, Config, FaultConfig, Mode, PlatformConfig, SubjectType};

pub mod accounts;
pub mod api;
pub mod beta;
pub mod credentials;
pub mod fail;
pub mod pages;
pub mod push;
pub mod quota;
pub mod register;
pub mod release;
pub mod tasks;

pub use fail::{Body, Fail, Outcome};

/// A third-party platform at run time. `Debug` shows no ticket or token.
pub struct Platform {
    /// Its configuration (the URLs may be changed through the control API).
    pub cfg: PlatformConfig,
    /// Its message crypto (Token, EncodingAESKey, appid).
    pub crypt: wxopen::MsgCrypt,
    /// Tickets issued, oldest first, with their issue time (unix seconds).
    pub tickets: VecDeque<(String, i64)>,
    /// The component access tokens in force.
    pub cat: Chain,
}

/// The newest token of an owner and the one it superseded (valid for a grace period).
/// `Debug` shows which are set, not their values.
#[derive(Default, Clone)]
pub struct Chain {
    /// The newest value.
    pub current: Option<String>,
    /// The value before it.
    pub previous: Option<String>,
}

/// Who a token belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// A component access token of this platform.
    Component(String),
    /// An authorizer access token: platform and authorizer appid.
    Authorizer {
        /// The platform.
        component: String,
        /// The authorizer.
        appid: String,
    },
}

/// One access token.
#[derive(Debug, Clone)]
pub struct TokenRec {
    /// Its owner.
    pub owner: Owner,
    /// Expiry, unix seconds.
    pub expires_at: i64,
    /// When a newer token replaced it.
    pub superseded_at: Option<i64>,
}

/// A merchant account (official account or mini program).
#[derive(Debug, Clone, Serialize)]
pub struct Account {
    /// Appid.
    pub appid: String,
    /// `official_account` or `mini_program`.
    pub kind: AccountKind,
    /// Original id `gh_…`.
    pub user_name: String,
    /// Display name.
    pub nick_name: String,
    /// Subject name.
    pub principal_name: String,
    /// Subject type.
    pub subject_type: SubjectType,
    /// WeChat verification done.
    pub verified: bool,
    /// Overseas.
    pub overseas: bool,
    /// Shown in "nearby".
    pub nearby: bool,
    /// Admin's WeChat ID.
    pub admin: Option<String>,
    /// `register_type` of spec §1.8.
    pub register_type: i64,
    /// A trial (beta) mini program not yet made formal.
    pub beta: bool,
    /// Created at (unix seconds; 0 for configured accounts).
    pub created_at: i64,
    /// The official account whose subject it reused (§3.2).
    pub created_via_oa: Option<String>,
    /// The open-platform account it is bound to.
    pub open_appid: Option<String>,
}

/// A person: legal person, admin or trial user.
#[derive(Debug, Clone, Serialize)]
pub struct Person {
    /// WeChat ID.
    pub wechat: String,
    /// Real name.
    pub name: String,
    /// Openid seen by platforms.
    pub openid: String,
    /// Phone.
    pub phone: Option<String>,
    /// ID card.
    pub idcard: Option<String>,
}

/// An open-platform account.
#[derive(Debug, Clone, Serialize)]
pub struct OpenAccount {
    /// `open_appid`.
    pub open_appid: String,
    /// Subject name.
    pub principal_name: String,
    /// Created through `/cgi-bin/open/create`.
    pub created_by_api: bool,
    /// Verified.
    pub verified: bool,
}

/// Something the clock triggers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Timer {
    /// Issue and push a `component_verify_ticket`.
    Ticket(String),
    /// A task's 24-hour window closes.
    TaskDeadline(String),
    /// Auto mode: the human step a task waits for is done.
    AutoTask(String),
    /// Auto mode: the person who opened a page confirms it.
    AutoPage(String),
}

/// The simulated platform. `Debug` shows sizes, never a credential.
pub struct World {
    /// The configuration it was built from (kept for `reset`).
    pub config: Config,
    /// The sandbox's base URL (for the `authorize_url`s it hands out).
    pub base_url: String,
    /// The clock.
    pub clock: Clock,
    rng: StdRng,
    seq: u64,
    /// Platforms by appid.
    pub platforms: BTreeMap<String, Platform>,
    /// Accounts by appid.
    pub accounts: BTreeMap<String, Account>,
    /// People by WeChat ID.
    pub people: BTreeMap<String, Person>,
    /// Access tokens by value.
    pub tokens: HashMap<String, TokenRec>,
    /// Credentials of the authorization flow (§1).
    pub creds: credentials::Creds,
    /// Authorizations by (platform, authorizer appid).
    pub authorizations: BTreeMap<(String, String), credentials::Authorization>,
    /// Open-platform accounts by open_appid.
    pub open_accounts: BTreeMap<String, OpenAccount>,
    /// Links by (official account, mini program).
    pub links: BTreeMap<(String, String), accounts::Link>,
    /// Link invitations started, for the monthly limits: (oa, mini, same subject, when).
    pub link_log: Vec<(String, String, bool, i64)>,
    /// Tasks by id.
    pub tasks: BTreeMap<String, tasks::Task>,
    /// Opened pages by session id.
    pub pages: BTreeMap<String, pages::PageSession>,
    /// Reuse-OA tickets (§3.2) by value.
    pub fr_tickets: HashMap<String, beta::FrTicket>,
    /// Quota counters.
    pub quota: quota::Quota,
    /// Faults in force.
    pub faults: FaultConfig,
    /// Pushes, oldest first.
    pub pushes: Vec<push::PushRecord>,
    /// Pushes held back by the reorder fault.
    pub held: Vec<u64>,
    outbox: Vec<u64>,
    timers: BTreeMap<(i64, u64), Timer>,
    log: Vec<String>,
    /// A reuse-OA registration waiting for its processing time.
    pub deferred: Option<beta::Deferred>,
    /// Blacklists.
    pub blacklist: BTreeSet<String>,
    /// API calls received per path (every call to a served path, refused ones included):
    /// lets a test check that a client never sent a create call twice.
    pub calls: BTreeMap<String, u64>,
    /// Messages sent through `custom/send`, oldest first.
    pub sent: Vec<release::SentMessage>,
    /// `custom/send` calls refused (errcodes only).
    pub custom_send_refused: Vec<release::Refusal>,
    /// When each user last wrote to each account: (appid, openid) → unix seconds.
    pub users: BTreeMap<(String, String), i64>,
    /// The tester's openid of each release-check test account.
    pub testers: BTreeMap<String, String>,
}

impl std::fmt::Debug for Chain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chain")
            .field("current", &self.current.as_ref().map(|_| "***"))
            .field("previous", &self.previous.as_ref().map(|_| "***"))
            .finish()
    }
}

impl std::fmt::Debug for Platform {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Platform")
            .field("cfg", &self.cfg)
            .field("tickets", &self.tickets.len())
            .finish_non_exhaustive()
    }
}

impl std::fmt::Debug for World {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("World")
            .field("base_url", &self.base_url)
            .field("now", &self.now())
            .field("platforms", &self.platforms)
            .field("accounts", &self.accounts.len())
            .field("tokens", &self.tokens.len())
            .field("authorizations", &self.authorizations.len())
            .field("tasks", &self.tasks.len())
            .field("pushes", &self.pushes.len())
            .finish_non_exhaustive()
    }
}

impl World {
    /// Builds the world of `config`; `base_url` is where the sandbox listens.
    pub fn new(config: Config, base_url: String) -> Self {
        let clock = Clock::new(config.mode, config.start_time);
        let mut world = Self {
            base_url,
            clock,
            rng: StdRng::seed_from_u64(config.seed),
            seq: 0,
            platforms: BTreeMap::new(),
            accounts: BTreeMap::new(),
            people: BTreeMap::new(),
            tokens: HashMap::new(),
            creds: credentials::Creds::default(),
            authorizations: BTreeMap::new(),
            open_accounts: BTreeMap::new(),
            links: BTreeMap::new(),
            link_log: Vec::new(),
            tasks: BTreeMap::new(),
            pages: BTreeMap::new(),
            fr_tickets: HashMap::new(),
            quota: quota::Quota::default(),
            faults: config.faults.clone(),
            pushes: Vec::new(),
            held: Vec::new(),
            outbox: Vec::new(),
            timers: BTreeMap::new(),
            log: Vec::new(),
            deferred: None,
            blacklist: BTreeSet::new(),
            calls: BTreeMap::new(),
            sent: Vec::new(),
            custom_send_refused: Vec::new(),
            users: BTreeMap::new(),
            testers: BTreeMap::new(),
            config,
        };
        world.populate();
        world
    }

    /// Back to the state right after start (same seed, clock back to its start in manual
    /// mode). Pushes already delivered are forgotten.
    pub fn reset(&mut self) {
        let fresh = Self::new(self.config.clone(), self.base_url.clone());
        let keep_time = self.config.mode == Mode::Auto;
        let clock = self.clock.clone();
        *self = fresh;
        if keep_time {
            self.clock = clock;
        }
    }

    fn populate(&mut self) {
        let now = self.now();
        for p in self.config.platforms.clone() {
            let Ok(crypt) = wxopen::MsgCrypt::new(&p.token, &p.encoding_aes_key, &p.appid) else {
                continue; // Config::check refuses such keys before we get here.
            };
            let appid = p.appid.clone();
            self.platforms.insert(
                appid.clone(),
                Platform {
                    cfg: p,
                    crypt,
                    tickets: VecDeque::new(),
                    cat: Chain::default(),
                },
            );
            let first = if self.config.push.ticket_at_start {
                now
            } else {
                now + self.config.push.ticket_interval_secs
            };
            self.schedule(first * 1000, Timer::Ticket(appid));
        }
        for person in self.config.people.clone() {
            let openid = person.openid.unwrap_or_else(|| self.openid());
            self.people.insert(
                person.wechat.clone(),
                Person {
                    wechat: person.wechat,
                    name: person.name,
                    openid,
                    phone: person.phone,
                    idcard: person.idcard,
                },
            );
        }
        for a in self.config.accounts.clone() {
            let user_name = format!("gh_{}", self.hex(12));
            self.accounts.insert(
                a.appid.clone(),
                Account {
                    appid: a.appid,
                    kind: a.kind,
                    user_name,
                    nick_name: a.nick_name,
                    principal_name: a.principal_name,
                    subject_type: a.subject_type,
                    verified: a.verified,
                    overseas: a.overseas,
                    nearby: a.nearby,
                    admin: a.admin,
                    register_type: 0,
                    beta: false,
                    created_at: 0,
                    created_via_oa: None,
                    open_appid: None,
                },
            );
        }
        for o in self.config.open_accounts.clone() {
            for appid in &o.bound {
                if let Some(account) = self.accounts.get_mut(appid) {
                    account.open_appid = Some(o.open_appid.clone());
                }
            }
            self.open_accounts.insert(
                o.open_appid.clone(),
                OpenAccount {
                    open_appid: o.open_appid,
                    principal_name: o.principal_name,
                    created_by_api: false,
                    verified: o.verified,
                },
            );
        }
        let b = &self.config.blacklist;
        self.blacklist = b
            .subjects
            .iter()
            .chain(&b.wechat_ids)
            .chain(&b.phones)
            .chain(&b.idcards)
            .cloned()
            .collect();
        self.run_due();
    }

    // ----- time -----------------------------------------------------------------------

    /// Sandbox time, unix seconds.
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// Moves the clock forward and runs everything that became due.
    pub fn advance(&mut self, seconds: f64) {
        // Saturating float → int conversion; negative values do nothing.
        let ms = (seconds * 1000.0) as i64;
        self.clock.advance_ms(ms);
        self.run_due();
    }

    /// Arms a timer at `due_ms` (sandbox milliseconds).
    pub fn schedule(&mut self, due_ms: i64, timer: Timer) {
        self.seq += 1;
        self.timers.insert((due_ms, self.seq), timer);
    }

    /// Removes every armed timer equal to `timer`.
    pub fn cancel(&mut self, timer: &Timer) {
        self.timers.retain(|_, t| t != timer);
    }

    /// Runs the timers that are due, oldest first. Tickets skipped over by a long advance are
    /// issued (they stay valid 12 h) but only the newest of each platform is pushed.
    pub fn run_due(&mut self) {
        let now_ms = self.clock.now_ms();
        let mut ticket_platforms = BTreeSet::new();
        while let Some(entry) = self.timers.first_entry() {
            if entry.key().0 > now_ms {
                break;
            }
            let ((due_ms, _), timer) = entry.remove_entry();
            match timer {
                Timer::Ticket(component) => {
                    self.issue_ticket(&component, due_ms / 1000);
                    let next = due_ms + self.config.push.ticket_interval_secs.max(1) * 1000;
                    self.schedule(next, Timer::Ticket(component.clone()));
                    ticket_platforms.insert(component);
                }
                Timer::TaskDeadline(id) => self.task_deadline(&id),
                Timer::AutoTask(id) => self.auto_task(&id),
                Timer::AutoPage(id) => self.auto_page(&id),
            }
        }
        for component in ticket_platforms {
            self.push_ticket(&component);
        }
    }

    /// Milliseconds until the next timer (auto mode sleeps that long at most).
    pub fn next_due_ms(&self) -> Option<i64> {
        self.next_due_at_ms().map(|due| due - self.clock.now_ms())
    }

    /// When the next timer is due (sandbox ms).
    pub fn next_due_at_ms(&self) -> Option<i64> {
        self.timers.keys().next().map(|(due, _)| *due)
    }

    /// Is this the auto mode?
    pub fn auto(&self) -> bool {
        self.config.mode == Mode::Auto
    }

    // ----- randomness -----------------------------------------------------------------

    /// `n` random lower-case hex digits.
    pub fn hex(&mut self, n: usize) -> String {
        const HEX: &[u8] = b"0123456789abcdef";
        self.pick(HEX, n)
    }

    /// `n` random characters of `[A-Za-z0-9]`.
    pub fn alnum(&mut self, n: usize) -> String {
        const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        self.pick(ALNUM, n)
    }

    /// `n` random characters of WeChat's token alphabet (`[A-Za-z0-9_-]`).
    pub fn token_chars(&mut self, n: usize) -> String {
        const URL: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
        self.pick(URL, n)
    }

    fn pick(&mut self, alphabet: &[u8], n: usize) -> String {
        (0..n)
            .map(|_| {
                let i = self.rng.random_range(0..alphabet.len());
                char::from(alphabet.get(i).copied().unwrap_or(b'0'))
            })
            .collect()
    }

    /// 16 random bytes (the crypto prefix of a push).
    pub fn random16(&mut self) -> [u8; 16] {
        self.rng.random()
    }

    /// A draw with probability `p` (clamped to 0..=1).
    pub fn chance(&mut self, p: f64) -> bool {
        p > 0.0 && self.rng.random_bool(p.min(1.0))
    }

    /// A new appid (`wx` + 16 hex digits) not used yet.
    pub fn new_appid(&mut self) -> String {
        loop {
            let appid = format!("wx{}", self.hex(16));
            if !self.accounts.contains_key(&appid) && !self.platforms.contains_key(&appid) {
                return appid;
            }
        }
    }

    /// A new openid (28 characters starting with `o`).
    pub fn openid(&mut self) -> String {
        format!("o{}", self.token_chars(27))
    }

    /// A request id for errmsg suffixes (`rid: xxxxxxxx-xxxxxxxx-xxxxxxxx`).
    pub fn rid(&mut self) -> String {
        format!("{}-{}-{}", self.hex(8), self.hex(8), self.hex(8))
    }

    // ----- people and accounts --------------------------------------------------------

    /// The person with WeChat ID `wechat`, created with `name` if unknown. Fails with 61070
    /// when the ID is known under another name.
    pub fn person_by_wechat(&mut self, wechat: &str, name: &str) -> Result<Person, Fail> {
        if let Some(p) = self.people.get(wechat) {
            if p.name != name {
                return Err(Fail::with(61070, "the name does not match the WeChat ID"));
            }
            return Ok(p.clone());
        }
        let openid = self.openid();
        let person = Person {
            wechat: wechat.to_owned(),
            name: name.to_owned(),
            openid,
            phone: None,
            idcard: None,
        };
        self.people.insert(wechat.to_owned(), person.clone());
        Ok(person)
    }

    /// The person with `openid`, created (with a generated WeChat ID) if unknown.
    pub fn person_by_openid(&mut self, openid: &str) -> Person {
        if let Some(p) = self.people.values().find(|p| p.openid == openid) {
            return p.clone();
        }
        let wechat = format!("wxid_{}", self.hex(12));
        let person = Person {
            wechat: wechat.clone(),
            name: String::new(),
            openid: openid.to_owned(),
            phone: None,
            idcard: None,
        };
        self.people.insert(wechat, person.clone());
        person
    }

    /// Mini programs a WeChat ID administers.
    pub fn admin_count(&self, wechat: &str) -> usize {
        self.accounts
            .values()
            .filter(|a| a.kind == AccountKind::MiniProgram && a.admin.as_deref() == Some(wechat))
            .count()
    }

    /// Whether any of `values` is blacklisted.
    pub fn blacklisted(&self, value: &str) -> bool {
        self.blacklist.contains(value)
    }

    /// Creates a mini program and returns its appid.
    pub fn create_mini_program(&mut self, spec: NewMini) -> String {
        let appid = self.new_appid();
        let user_name = format!("gh_{}", self.hex(12));
        let now = self.now();
        self.accounts.insert(
            appid.clone(),
            Account {
                appid: appid.clone(),
                kind: AccountKind::MiniProgram,
                user_name,
                nick_name: spec.nick_name,
                principal_name: spec.principal_name,
                subject_type: spec.subject_type,
                verified: spec.verified,
                overseas: false,
                nearby: false,
                admin: spec.admin,
                register_type: spec.register_type,
                beta: spec.beta,
                created_at: now,
                created_via_oa: spec.created_via_oa,
                open_appid: None,
            },
        );
        appid
    }

    // ----- pushes and the log ---------------------------------------------------------

    /// Queues push `id` for delivery.
    pub fn send(&mut self, id: u64) {
        self.outbox.push(id);
    }

    /// The pushes queued since the last call.
    pub fn take_outbox(&mut self) -> Vec<u64> {
        std::mem::take(&mut self.outbox)
    }

    /// Adds a line to the log (printed to stderr with `--log`). Never pass a secret.
    pub fn note(&mut self, line: impl Into<String>) {
        if self.config.log {
            self.log.push(line.into());
        }
    }

    /// The log lines since the last call.
    pub fn take_log(&mut self) -> Vec<String> {
        std::mem::take(&mut self.log)
    }

    /// The next sequence number (push and task ids).
    pub fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }
}

/// What a new mini program starts with.
#[derive(Debug, Clone)]
pub struct NewMini {
    /// Display name.
    pub nick_name: String,
    /// Subject name.
    pub principal_name: String,
    /// Subject type.
    pub subject_type: SubjectType,
    /// Verified from the start.
    pub verified: bool,
    /// Admin's WeChat ID.
    pub admin: Option<String>,
    /// `register_type`.
    pub register_type: i64,
    /// Trial app.
    pub beta: bool,
    /// Reused official account.
    pub created_via_oa: Option<String>,
}
