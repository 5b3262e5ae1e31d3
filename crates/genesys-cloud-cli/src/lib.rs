//! The genesys command-line tool for the Genesys Cloud OAuth API
//!
//! This crate is being built; see the workspace README for its planned contents.
