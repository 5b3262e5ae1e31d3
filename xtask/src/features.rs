//! `cargo xtask features`: the feature combinations `--all-features` does not build.

use crate::cargo::{cargo_with, step};

/// The feature combinations `--all-features` does not build: the executor with ring and webpki roots only, and
/// with no TLS provider at all (it must then build and use the process default).
pub(crate) fn run() -> Result<(), String> {
    for features in [
        &["--no-default-features", "--features", "ring,webpki-roots"][..],
        &["--no-default-features"][..],
    ] {
        let mut args = vec!["check", "--quiet", "--package", "genesys-cloud"];
        args.extend_from_slice(features);
        step(
            &format!("cargo check -p genesys-cloud {}", features.join(" ")),
            cargo_with(&args),
        )?;
    }
    step(
        "cargo check -p genesys-cloud-models --no-default-features",
        cargo_with(&[
            "check",
            "--quiet",
            "--package",
            "genesys-cloud-models",
            "--no-default-features",
        ]),
    )
}
