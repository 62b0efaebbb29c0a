//! Integration tests: run the `entgraph` binary on fixtures and read its
//! outputs back.

#![allow(clippy::unwrap_used)]

mod util;

mod bad_input;
mod cli;
mod determinism;
mod eval_cli;
mod gazetteers;
mod outputs;
mod seeds;
