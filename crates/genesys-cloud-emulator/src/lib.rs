//! A local, stateful emulator of the Genesys Cloud OAuth API for tests
//!
//! This crate is being built; see the workspace README for its planned contents.
