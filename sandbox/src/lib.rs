//! # wxopen-sandbox
//!
//! A local WeChat third-party platform (第三方平台) for tests, demos and CI: the APIs of the
//! wxopen spec with WeChat's validation, errcodes, token and quota rules and the state
//! machines of its registration, authorization, link and rebind flows; encrypted pushes to the
//! platform's URLs; and a control API under `/sandbox/…` for the human steps, the clock and
//! injected faults.
//!
//! The rules are written from the spec, independently of the `wxopen` core (only its message
//! crypto is reused, to encrypt pushes), so that the SDK is checked against something other
//! than itself.
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let sandbox = wxopen_sandbox::start(wxopen_sandbox::Config::default()).await?;
//! println!("API base: {}", sandbox.base_url());
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```

#![warn(missing_docs)]

pub mod clock;
pub mod config;
mod control;
mod html;
mod release;
mod server;
pub mod world;

pub use config::{Config, Mode};
pub use server::{Running, start};
