//! Driver tests: scripted WeChat responses, a manual clock and the in-memory store. Each test
//! states one policy rule of issue 8 and checks it through the step protocol only.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod harness;
mod intake;
mod policy;
mod props;
mod tasks;
