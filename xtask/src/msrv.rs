//! `cargo xtask msrv`: checks the workspace with the minimum supported Rust version when that toolchain is
//! installed. Clippy's `msrv` setting (clippy.toml) flags newer std APIs on every `cargo xtask lint` regardless.

use std::process::{Command, Stdio};

use crate::cargo::{step, workspace_root};

/// The minimum supported Rust version, as in `[workspace.package] rust-version`.
const MSRV: &str = "1.85";

pub(crate) fn run() -> Result<(), String> {
    let toolchain = format!("+{MSRV}");
    let installed = Command::new("cargo")
        .args([toolchain.as_str(), "--version"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if !installed {
        eprintln!("notice: the Rust {MSRV} toolchain is not installed; skipping the MSRV build");
        eprintln!(
            "        (rustup toolchain install {MSRV}); clippy's msrv = \"{MSRV}\" still flags newer APIs"
        );
        return Ok(());
    }
    // Through rustup's proxy rather than $CARGO, which names the current toolchain's cargo.
    let mut check = Command::new("cargo");
    check.current_dir(workspace_root()).args([
        toolchain.as_str(),
        "check",
        "--workspace",
        "--all-targets",
        "--all-features",
    ]);
    step(&format!("cargo +{MSRV} check"), check)
}
