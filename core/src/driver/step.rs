//! The step protocol: what a [`Call`] asks the host to do ([`Step`]) and what the host answers
//! ([`Input`]).
//!
//! A call is a coroutine written as ordinary `async` code in the core, polled by
//! [`Call::resume`] with a no-op waker. Its only suspension points are the host exchanges
//! below: each hands one [`Step`] out and waits for the matching [`Input`]. Nothing else is
//! awaited, so the core stays free of I/O, clocks and runtimes: the host runs a plain loop.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};

use super::event::DriverEvent;
use crate::error::{Error, Result};
use crate::http::{Request, Response};

/// What the host must do next for a [`Call`]; answer with the [`Input`] named on each variant
/// and the current time, through [`Call::resume`].
///
/// `Debug` hides store values (they hold tokens) and the request's token.
#[non_exhaustive]
pub enum Step<T> {
    /// Send this request. Answer [`Input::Response`] with whatever came back (any status), or
    /// [`Input::TransportFailed`] when nothing did (network, timeout, DNS).
    Http(Request),
    /// Read `key`. Answer [`Input::Value`]: the stored text, or `None` when absent or expired.
    Get {
        /// The key.
        key: String,
    },
    /// Write `value` under `key`, replacing any value; with `ttl_ms` it expires after that
    /// many milliseconds, without it it is durable. Answer [`Input::Ack`].
    Put {
        /// The key.
        key: String,
        /// The text to store, verbatim.
        value: String,
        /// Time to live in milliseconds; `None` = durable, no expiry.
        ttl_ms: Option<u64>,
    },
    /// Atomically: if the current value of `key` (absent or expired = `None`) is exactly
    /// `expected`, replace it with `new` (`None` = delete the key) and answer
    /// [`Input::Flag`]`(true)`; otherwise change nothing and answer `Flag(false)`. Values are
    /// compared as exact strings. `ttl_ms` applies to `new` as in [`Step::Put`].
    CompareAndSet {
        /// The key.
        key: String,
        /// The value the key must hold now (`None` = must be absent).
        expected: Option<String>,
        /// The value to write (`None` = delete).
        new: Option<String>,
        /// Time to live of `new` in milliseconds; `None` = durable.
        ttl_ms: Option<u64>,
    },
    /// Take the lease lock `key` for `owner`: if the key is absent or its lease expired, set
    /// it to `owner` with a lease of `lease_ms` and answer [`Input::Flag`]`(true)`; otherwise
    /// answer `Flag(false)`. (Redis: `SET key owner NX PX lease_ms`.)
    Lock {
        /// The lock's key.
        key: String,
        /// This holder's unique id.
        owner: String,
        /// Lease in milliseconds; the lock frees itself after it.
        lease_ms: u64,
    },
    /// Release the lock `key` only if `owner` still holds it (delete iff the value equals
    /// `owner`). Answer [`Input::Ack`].
    Unlock {
        /// The lock's key.
        key: String,
        /// The holder that took it.
        owner: String,
    },
    /// Wait `ms` milliseconds (backoff, or for another holder's refresh). Answer
    /// [`Input::Ack`] with the time after the wait.
    Sleep {
        /// How long.
        ms: u64,
    },
    /// An observability record (never a secret): log it or pass it to a callback, then
    /// answer [`Input::Ack`].
    Event(DriverEvent),
    /// The call is over. Resuming it again is an error.
    Done(Result<T>),
}

impl<T> Step<T> {
    /// The same step with the value of a successful [`Step::Done`] passed through `f` (for
    /// hosts that convert results, e.g. to JSON, before handing steps on).
    pub fn map_done<U>(self, f: impl FnOnce(T) -> Result<U>) -> Step<U> {
        match self {
            Self::Http(r) => Step::Http(r),
            Self::Get { key } => Step::Get { key },
            Self::Put { key, value, ttl_ms } => Step::Put { key, value, ttl_ms },
            Self::CompareAndSet {
                key,
                expected,
                new,
                ttl_ms,
            } => Step::CompareAndSet {
                key,
                expected,
                new,
                ttl_ms,
            },
            Self::Lock {
                key,
                owner,
                lease_ms,
            } => Step::Lock {
                key,
                owner,
                lease_ms,
            },
            Self::Unlock { key, owner } => Step::Unlock { key, owner },
            Self::Sleep { ms } => Step::Sleep { ms },
            Self::Event(e) => Step::Event(e),
            Self::Done(result) => Step::Done(result.and_then(f)),
        }
    }

    /// Stable snake_case name of the step (`http`, `get`, `put`, `compare_and_set`,
    /// `lock`, `unlock`, `sleep`, `event`, `done`).
    pub fn name(&self) -> &'static str {
        match self {
            Self::Http(_) => "http",
            Self::Get { .. } => "get",
            Self::Put { .. } => "put",
            Self::CompareAndSet { .. } => "compare_and_set",
            Self::Lock { .. } => "lock",
            Self::Unlock { .. } => "unlock",
            Self::Sleep { .. } => "sleep",
            Self::Event(_) => "event",
            Self::Done(_) => "done",
        }
    }
}

impl<T> fmt::Debug for Step<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Http(r) => f.debug_tuple("Http").field(r).finish(),
            Self::Get { key } => f.debug_struct("Get").field("key", key).finish(),
            Self::Put { key, value, ttl_ms } => f
                .debug_struct("Put")
                .field("key", key)
                .field("value", &Redacted(value.len()))
                .field("ttl_ms", ttl_ms)
                .finish(),
            Self::CompareAndSet {
                key,
                expected,
                new,
                ttl_ms,
            } => f
                .debug_struct("CompareAndSet")
                .field("key", key)
                .field("expected", &expected.as_ref().map(|v| Redacted(v.len())))
                .field("new", &new.as_ref().map(|v| Redacted(v.len())))
                .field("ttl_ms", ttl_ms)
                .finish(),
            Self::Lock {
                key,
                owner,
                lease_ms,
            } => f
                .debug_struct("Lock")
                .field("key", key)
                .field("owner", owner)
                .field("lease_ms", lease_ms)
                .finish(),
            Self::Unlock { key, owner } => f
                .debug_struct("Unlock")
                .field("key", key)
                .field("owner", owner)
                .finish(),
            Self::Sleep { ms } => f.debug_struct("Sleep").field("ms", ms).finish(),
            Self::Event(e) => f.debug_tuple("Event").field(e).finish(),
            Self::Done(Ok(_)) => f.write_str("Done(Ok(..))"),
            Self::Done(Err(e)) => f.debug_tuple("Done").field(e).finish(),
        }
    }
}

struct Redacted(usize);

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0)
    }
}

/// The host's answer to a [`Step`].
#[derive(Clone, PartialEq, Eq)]
pub enum Input {
    /// To [`Step::Http`]: the response as received (any status; the core judges it).
    Response(Response),
    /// To [`Step::Http`]: nothing came back. The text is for the error message and events;
    /// it must not contain secrets (use the redacted URL).
    TransportFailed(String),
    /// To [`Step::Get`]: the stored text, or `None`.
    Value(Option<String>),
    /// To [`Step::CompareAndSet`] (swapped?) and [`Step::Lock`] (acquired?).
    Flag(bool),
    /// To [`Step::Put`], [`Step::Unlock`], [`Step::Sleep`], [`Step::Event`].
    Ack,
    /// To any store step ([`Step::Get`] … [`Step::Unlock`]): the store failed. The call ends
    /// with [`Error::Store`]; locks it held free themselves when their lease ends.
    StoreFailed(String),
}

impl fmt::Debug for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Response(r) => write!(f, "Response({}, <{} bytes>)", r.status, r.body.len()),
            Self::TransportFailed(d) => f.debug_tuple("TransportFailed").field(d).finish(),
            Self::Value(v) => write!(f, "Value({:?})", v.as_ref().map(|v| Redacted(v.len()))),
            Self::Flag(b) => f.debug_tuple("Flag").field(b).finish(),
            Self::Ack => f.write_str("Ack"),
            Self::StoreFailed(d) => f.debug_tuple("StoreFailed").field(d).finish(),
        }
    }
}

impl Input {
    fn name(&self) -> &'static str {
        match self {
            Self::Response(_) => "Response",
            Self::TransportFailed(_) => "TransportFailed",
            Self::Value(_) => "Value",
            Self::Flag(_) => "Flag",
            Self::Ack => "Ack",
            Self::StoreFailed(_) => "StoreFailed",
        }
    }
}

/// A step without `Done`: what the coroutine hands out while it runs.
pub(crate) enum Effect {
    Http(Request),
    Get {
        key: String,
    },
    Put {
        key: String,
        value: String,
        ttl_ms: Option<u64>,
    },
    CompareAndSet {
        key: String,
        expected: Option<String>,
        new: Option<String>,
        ttl_ms: Option<u64>,
    },
    Lock {
        key: String,
        owner: String,
        lease_ms: u64,
    },
    Unlock {
        key: String,
        owner: String,
    },
    Sleep {
        ms: u64,
    },
    Event(DriverEvent),
}

impl Effect {
    fn into_step<T>(self) -> Step<T> {
        match self {
            Self::Http(r) => Step::Http(r),
            Self::Get { key } => Step::Get { key },
            Self::Put { key, value, ttl_ms } => Step::Put { key, value, ttl_ms },
            Self::CompareAndSet {
                key,
                expected,
                new,
                ttl_ms,
            } => Step::CompareAndSet {
                key,
                expected,
                new,
                ttl_ms,
            },
            Self::Lock {
                key,
                owner,
                lease_ms,
            } => Step::Lock {
                key,
                owner,
                lease_ms,
            },
            Self::Unlock { key, owner } => Step::Unlock { key, owner },
            Self::Sleep { ms } => Step::Sleep { ms },
            Self::Event(e) => Step::Event(e),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Self::Http(_) => "Http",
            Self::Get { .. } => "Get",
            Self::Put { .. } => "Put",
            Self::CompareAndSet { .. } => "CompareAndSet",
            Self::Lock { .. } => "Lock",
            Self::Unlock { .. } => "Unlock",
            Self::Sleep { .. } => "Sleep",
            Self::Event(_) => "Event",
        }
    }
}

#[derive(Default)]
struct Slot {
    now_ms: u64,
    outgoing: Option<Effect>,
    incoming: Option<Input>,
}

/// The coroutine's side of the exchange: hands out effects, receives inputs, tells the time.
#[derive(Clone, Default)]
pub(crate) struct Io {
    slot: Arc<Mutex<Slot>>,
}

/// What came back for an HTTP step.
pub(crate) enum HttpOutcome {
    Response(Response),
    Transport(String),
}

impl Io {
    fn lock(&self) -> MutexGuard<'_, Slot> {
        self.slot
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The host's time at the last resume, in unix milliseconds.
    pub(crate) fn now(&self) -> u64 {
        self.lock().now_ms
    }

    async fn exchange(&self, effect: Effect) -> (&'static str, Input) {
        let name = effect.name();
        let input = Exchange {
            io: self.clone(),
            effect: Some(effect),
        }
        .await;
        (name, input)
    }

    pub(crate) async fn http(&self, request: Request) -> Result<HttpOutcome> {
        match self.exchange(Effect::Http(request)).await {
            (_, Input::Response(r)) => Ok(HttpOutcome::Response(r)),
            (_, Input::TransportFailed(d)) => Ok(HttpOutcome::Transport(d)),
            (step, other) => Err(mismatch(step, &other)),
        }
    }

    pub(crate) async fn get(&self, key: String) -> Result<Option<String>> {
        match self.exchange(Effect::Get { key }).await {
            (_, Input::Value(v)) => Ok(v),
            (step, other) => Err(store_or_mismatch(step, other)),
        }
    }

    pub(crate) async fn put(&self, key: String, value: String, ttl_ms: Option<u64>) -> Result<()> {
        self.ack(Effect::Put { key, value, ttl_ms }).await
    }

    pub(crate) async fn compare_and_set(
        &self,
        key: String,
        expected: Option<String>,
        new: Option<String>,
        ttl_ms: Option<u64>,
    ) -> Result<bool> {
        let effect = Effect::CompareAndSet {
            key,
            expected,
            new,
            ttl_ms,
        };
        self.flag(effect).await
    }

    pub(crate) async fn lock_key(&self, key: String, owner: String, lease_ms: u64) -> Result<bool> {
        self.flag(Effect::Lock {
            key,
            owner,
            lease_ms,
        })
        .await
    }

    pub(crate) async fn unlock(&self, key: String, owner: String) -> Result<()> {
        self.ack(Effect::Unlock { key, owner }).await
    }

    pub(crate) async fn sleep(&self, ms: u64) -> Result<()> {
        self.ack(Effect::Sleep { ms }).await
    }

    pub(crate) async fn emit(&self, event: DriverEvent) -> Result<()> {
        self.ack(Effect::Event(event)).await
    }

    async fn ack(&self, effect: Effect) -> Result<()> {
        match self.exchange(effect).await {
            (_, Input::Ack) => Ok(()),
            (step, other) => Err(store_or_mismatch(step, other)),
        }
    }

    async fn flag(&self, effect: Effect) -> Result<bool> {
        match self.exchange(effect).await {
            (_, Input::Flag(b)) => Ok(b),
            (step, other) => Err(store_or_mismatch(step, other)),
        }
    }
}

fn mismatch(step: &'static str, input: &Input) -> Error {
    Error::invalid(
        "input",
        format!(
            "the host answered a {step} step with {}; see the step's documentation for the answer it takes",
            input.name()
        ),
    )
}

fn store_or_mismatch(step: &'static str, input: Input) -> Error {
    match input {
        Input::StoreFailed(detail) if step != "Sleep" && step != "Event" => Error::Store { detail },
        other => mismatch(step, &other),
    }
}

/// One host exchange: the first poll hands the effect out, a later poll takes the answer.
struct Exchange {
    io: Io,
    effect: Option<Effect>,
}

impl Future for Exchange {
    type Output = Input;

    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Input> {
        let this = self.get_mut();
        let mut slot = this.io.lock();
        if let Some(effect) = this.effect.take() {
            slot.outgoing = Some(effect);
            return Poll::Pending;
        }
        match slot.incoming.take() {
            Some(input) => Poll::Ready(input),
            None => Poll::Pending,
        }
    }
}

type Coroutine<T> = Pin<Box<dyn Future<Output = Result<T>> + Send>>;

/// One driver call in progress: a handle the host steps until [`Step::Done`].
///
/// It keeps everything the call needs (the decoded operation, the tokens it used, its retry
/// budget), so the host only carries [`Step`]s and [`Input`]s. Dropping it abandons the call
/// (a lock it held frees itself when its lease ends).
pub struct Call<T> {
    io: Io,
    coroutine: Option<Coroutine<T>>,
    started: bool,
}

impl<T> fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("started", &self.started)
            .field("finished", &self.coroutine.is_none())
            .finish()
    }
}

impl<T: 'static> Call<T> {
    pub(crate) fn new(io: Io, coroutine: impl Future<Output = Result<T>> + Send + 'static) -> Self {
        Self {
            io,
            coroutine: Some(Box::pin(coroutine)),
            started: false,
        }
    }

    /// A call that fails at once (bad input found before any step).
    pub(crate) fn failed(error: Error) -> Self
    where
        T: Send,
    {
        Self::new(Io::default(), async move { Err(error) })
    }

    /// The same call with its result transformed by `f` (before it starts).
    pub fn map<U: 'static>(self, f: impl FnOnce(T) -> U + Send + 'static) -> Call<U>
    where
        T: Send,
    {
        self.and_then(|v| Ok(f(v)))
    }

    /// The same call with its result passed through `f`, which may fail (e.g. converting the
    /// result to JSON for a binding).
    pub fn and_then<U: 'static>(self, f: impl FnOnce(T) -> Result<U> + Send + 'static) -> Call<U>
    where
        T: Send,
    {
        let Call {
            io,
            coroutine,
            started,
        } = self;
        let coroutine: Coroutine<U> = match coroutine {
            Some(c) => Box::pin(async move { c.await.and_then(f) }),
            None => Box::pin(async { Err(finished()) }),
        };
        Call {
            io,
            coroutine: Some(coroutine),
            started,
        }
    }

    /// Runs the call until its first step. `now_ms` is the host's time (unix milliseconds).
    pub fn start(&mut self, now_ms: u64) -> Step<T> {
        if self.started {
            return self.finish(Err(Error::invalid(
                "call",
                "was already started; answer its step with resume",
            )));
        }
        self.started = true;
        self.poll(None, now_ms)
    }

    /// Feeds the answer to the last step and runs the call until its next step. `now_ms` is
    /// the host's time after doing the step (after a sleep, after the response arrived).
    pub fn resume(&mut self, input: Input, now_ms: u64) -> Step<T> {
        if !self.started {
            return self.finish(Err(Error::invalid(
                "call",
                "was not started; call start first",
            )));
        }
        self.poll(Some(input), now_ms)
    }

    /// Whether the call has reached [`Step::Done`].
    pub fn is_done(&self) -> bool {
        self.coroutine.is_none()
    }

    fn finish(&mut self, result: Result<T>) -> Step<T> {
        self.coroutine = None;
        Step::Done(result)
    }

    fn poll(&mut self, input: Option<Input>, now_ms: u64) -> Step<T> {
        let Some(coroutine) = self.coroutine.as_mut() else {
            return Step::Done(Err(finished()));
        };
        {
            let mut slot = self.io.lock();
            slot.now_ms = now_ms;
            slot.incoming = input;
            slot.outgoing = None;
        }
        let mut cx = Context::from_waker(Waker::noop());
        match coroutine.as_mut().poll(&mut cx) {
            Poll::Ready(result) => self.finish(result),
            Poll::Pending => match self.io.lock().outgoing.take() {
                Some(effect) => effect.into_step(),
                None => {
                    self.coroutine = None;
                    Step::Done(Err(Error::invalid(
                        "input",
                        "the call was resumed without the answer its step takes",
                    )))
                }
            },
        }
    }
}

fn finished() -> Error {
    Error::invalid("call", "is already finished")
}
