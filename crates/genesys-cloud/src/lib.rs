//! Async client for the Genesys Cloud OAuth API on hyper and tokio
//!
//! This crate is being built; see the workspace README for its planned contents.
