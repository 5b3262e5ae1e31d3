//! `cargo xtask lint`: formatting, clippy and rustdoc, with warnings denied.

use crate::cargo::{cargo_with, step};

/// Formatting, clippy on every target and feature, and rustdoc, all with warnings denied.
pub(crate) fn run() -> Result<(), String> {
    fmt_check()?;
    clippy_and_doc()
}

/// `cargo fmt --check`: the cheapest check, run first.
pub(crate) fn fmt_check() -> Result<(), String> {
    step(
        "cargo fmt --check",
        cargo_with(&["fmt", "--all", "--check"]),
    )
}

/// Clippy on every target and feature, and rustdoc, with warnings denied.
pub(crate) fn clippy_and_doc() -> Result<(), String> {
    step(
        "cargo clippy",
        cargo_with(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--all-features",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    let mut doc = cargo_with(&[
        "doc",
        "--workspace",
        "--no-deps",
        "--all-features",
        "--quiet",
    ]);
    doc.env("RUSTDOCFLAGS", "-D warnings");
    step("cargo doc", doc)
}
