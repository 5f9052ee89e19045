//! End-to-end tests of the sandbox over real HTTP on loopback, one module per family.
//! Pushes are received by a loopback endpoint that verifies and decrypts them with the wxopen
//! core's `Webhook`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

mod authorization;
mod beta;
mod cli;
mod enterprise;
mod faults;
mod links;
mod open;
mod personal;
mod pushes;
mod quota;
mod rebind;
mod release;
mod reuse_oa;
mod tasks;
mod tokens;
