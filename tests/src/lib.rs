//! Workspace-level tests of genesys-cloud-rs.
//!
//! The integration tests live in `tests/`; this library holds what they share with the `fuzz` binary: the fuzz
//! targets, their input format and the mutation loop ([`fuzz`]). The `soak` binary is self-contained.

pub mod fuzz;
