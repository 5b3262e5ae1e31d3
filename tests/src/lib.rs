//! Workspace-level integration tests of genesys-cloud-rs; the tests live in `tests/`.
