//! `cargo xtask features`: the feature combinations `--all-features` does not build.

use crate::cargo::{cargo_with, step};

/// The feature combinations `--all-features` does not build, with warnings denied (an item that only an API
/// group uses must not warn when that group is off): the executor with ring and webpki roots only, and with no
/// TLS provider and no API group at all (it must then build and use the process default); the models and the
/// core with no API group; the executor (with the core and the models) with each API group alone, since an
/// item that two groups share must be compiled, and used, with either; and the CLI and the emulator on their own,
/// as `cargo run -p genesys-cloud-cli` builds them, with no feature another package of the workspace turns on.
pub(crate) fn run() -> Result<(), String> {
    let combinations: [(&str, &[&str]); 10] = [
        (
            "genesys-cloud",
            &["--no-default-features", "--features", "ring,webpki-roots"],
        ),
        ("genesys-cloud", &["--no-default-features"]),
        ("genesys-cloud-core", &["--no-default-features"]),
        ("genesys-cloud-models", &["--no-default-features"]),
        (
            "genesys-cloud",
            &["--no-default-features", "--features", "oauth"],
        ),
        (
            "genesys-cloud",
            &["--no-default-features", "--features", "tokens"],
        ),
        (
            "genesys-cloud",
            &["--no-default-features", "--features", "authorization"],
        ),
        (
            "genesys-cloud",
            &["--no-default-features", "--features", "organization"],
        ),
        ("genesys-cloud-cli", &[]),
        ("genesys-cloud-emulator", &[]),
    ];
    for (package, features) in combinations {
        let mut args = vec!["clippy", "--quiet", "--package", package];
        args.extend_from_slice(features);
        args.extend_from_slice(&["--", "-D", "warnings"]);
        step(
            &format!("cargo clippy -p {package} {}", features.join(" ")),
            cargo_with(&args),
        )?;
    }
    Ok(())
}
