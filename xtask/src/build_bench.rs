//! `cargo xtask bench --build`: what adding the SDK costs a user's build. Cold release builds (each in a fresh
//! target directory, so every dependency is compiled) of `genesys-cloud-models` alone, of `genesys-cloud`, and
//! of a floor crate with the same TLS stack and serde_json only (hyper, hyper-util, hyper-rustls with aws-lc-rs
//! and native roots, tokio, serde_json) at the versions of the workspace's Cargo.lock; then the size of the
//! release `genesys` binary. Prints `metric NAME VALUE UNIT` lines. Takes many minutes: not part of ci.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::cargo::{cargo, workspace_root};

/// The floor's manifest: the executor's own HTTP and TLS dependencies with its default features, and
/// serde_json, with nothing of the SDK.
const FLOOR_MANIFEST: &str = r#"[package]
name = "genesys-build-floor"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
tokio = { version = "1.40", default-features = false, features = ["rt", "time", "sync", "net"] }
hyper = { version = "1.5", default-features = false, features = ["client", "http1", "http2"] }
hyper-util = { version = "0.1.10", default-features = false, features = ["client", "client-legacy", "client-proxy", "http1", "http2", "tokio"] }
hyper-rustls = { version = "0.27.3", default-features = false, features = ["http1", "http2", "tls12", "aws-lc-rs"] }
rustls = { version = "0.23.18", default-features = false, features = ["std", "tls12", "aws_lc_rs"] }
rustls-native-certs = "0.8"
serde_json = "1.0.120"

[workspace]
"#;

/// A library that uses each dependency, so that none is left out of the build.
const FLOOR_LIB: &str = r#"//! The build-time floor of `cargo xtask bench --build`.
pub use hyper;
pub use hyper_rustls;
pub use hyper_util;
pub use rustls;
pub use rustls_native_certs;
pub use serde_json;
pub use tokio;
"#;

/// Runs `command` to success and returns its wall time in seconds.
fn timed(description: &str, mut command: Command) -> Result<f64, String> {
    eprintln!("==> {description}");
    let started = Instant::now();
    let status = command
        .status()
        .map_err(|error| format!("{description}: could not start: {error}"))?;
    let seconds = started.elapsed().as_secs_f64();
    eprintln!("    {description}: {seconds:.1}s");
    if status.success() {
        Ok(seconds)
    } else {
        Err(format!("{description} failed ({status})"))
    }
}

/// A cold release build of `package` in the fresh target directory `target`.
fn cold_build(package: &str, target: &Path) -> Result<f64, String> {
    let mut build = cargo();
    build
        .args(["build", "--release", "--quiet", "--locked", "-p", package])
        .arg("--target-dir")
        .arg(target);
    timed(&format!("cold release build of {package}"), build)
}

pub(crate) fn run() -> Result<(), String> {
    let scratch = std::env::temp_dir().join(format!("genesys-build-bench-{}", std::process::id()));
    let result = measure(&scratch);
    // The scratch target directories hold gigabytes; they are of no use after the run.
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn measure(scratch: &Path) -> Result<(), String> {
    let floor = scratch.join("floor");
    std::fs::create_dir_all(floor.join("src")).map_err(|error| error.to_string())?;
    std::fs::write(floor.join("Cargo.toml"), FLOOR_MANIFEST).map_err(|error| error.to_string())?;
    std::fs::write(floor.join("src/lib.rs"), FLOOR_LIB).map_err(|error| error.to_string())?;
    // The workspace's lock file, so that the floor builds the same versions as the SDK.
    std::fs::copy(
        workspace_root().join("Cargo.lock"),
        floor.join("Cargo.lock"),
    )
    .map_err(|error| format!("could not copy Cargo.lock: {error}"))?;

    let models = cold_build("genesys-cloud-models", &scratch.join("models"))?;
    println!("metric build_models_cold_s {models:.1} s");
    let sdk = cold_build("genesys-cloud", &scratch.join("sdk"))?;
    println!("metric build_sdk_cold_s {sdk:.1} s");
    let mut build = cargo();
    build
        .args(["build", "--release", "--quiet", "--manifest-path"])
        .arg(floor.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(scratch.join("floor-target"));
    let floor_seconds = timed("cold release build of the floor crate", build)?;
    println!("metric build_floor_cold_s {floor_seconds:.1} s");
    println!("metric build_sdk_vs_floor {:.3} ratio", sdk / floor_seconds);
    // The CLI on top of the SDK's warm target directory: its size is what users download.
    let mut cli = cargo();
    cli.args([
        "build",
        "--release",
        "--quiet",
        "--locked",
        "-p",
        "genesys-cloud-cli",
    ])
    .arg("--target-dir")
    .arg(scratch.join("sdk"));
    timed("release build of the genesys binary", cli)?;
    let binary = scratch.join("sdk/release/genesys");
    let bytes = std::fs::metadata(&binary)
        .map_err(|error| format!("{}: {error}", binary.display()))?
        .len();
    println!("metric genesys_binary_bytes {bytes} bytes");
    eprintln!("build: target build_sdk_vs_floor <= 1.3");
    Ok(())
}
