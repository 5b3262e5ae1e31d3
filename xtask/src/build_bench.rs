//! `cargo xtask bench --build`: what adding the SDK costs a user's build. Cold release builds (each in a fresh
//! target directory, so every dependency is compiled, with cargo's default release profile) of
//! `genesys-cloud-models` alone, of `genesys-cloud`, and of two floor crates with the same TLS stack and
//! serde_json only (hyper, hyper-util, hyper-rustls with aws-lc-rs and native roots, tokio, serde_json) at the
//! versions of the workspace's Cargo.lock: one that makes an HTTPS call and parses its JSON (the ratio's
//! baseline) and one that only re-exports the crates; then the size of the release `genesys` binary. Prints
//! `metric NAME VALUE UNIT` lines. Takes many minutes: not part of ci.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::cargo::{cargo, workspace_root};

/// The floor's manifest: the executor's own HTTP and TLS dependencies with its default features, and
/// serde_json, with nothing of the SDK; `http`, `http-body-util` and `bytes` to write a request and read a
/// body, as any hyper client does.
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
http = "1"
http-body-util = "0.1"
bytes = "1"

[workspace]
"#;

/// The first floor: a library that only re-exports each dependency. It compiles every crate but none of their
/// generic code (no client is ever instantiated), so it is below what any user of these crates builds.
const FLOOR_REEXPORT_LIB: &str = r#"//! The re-export floor of `cargo xtask bench --build`.
pub use bytes;
pub use http;
pub use http_body_util;
pub use hyper;
pub use hyper_rustls;
pub use hyper_util;
pub use rustls;
pub use rustls_native_certs;
pub use serde_json;
pub use tokio;
"#;

/// The floor the ratio is taken against: the least a user of these crates writes to do what the SDK does for
/// one call, as the raw client of `cargo xtask bench` does: a pooled HTTPS client over the system's roots,
/// one authenticated GET, the body read whole and parsed with serde_json. Its generic code (hyper's client
/// over rustls, serde_json's parser) is compiled as the SDK's is.
const FLOOR_CLIENT_LIB: &str = r#"//! The client floor of `cargo xtask bench --build`.
use http_body_util::BodyExt;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// GETs `url` with a bearer token and parses the JSON body.
pub async fn get_json(url: &str, token: &str) -> Result<serde_json::Value, Error> {
    let mut roots = rustls::RootCertStore::empty();
    for certificate in rustls_native_certs::load_native_certs().certs {
        roots.add(certificate)?;
    }
    let config = rustls::ClientConfig::builder()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(config)
        .https_or_http()
        .enable_http1()
        .enable_http2()
        .build();
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build::<_, http_body_util::Full<bytes::Bytes>>(https);
    let request = http::Request::get(url)
        .header(http::header::AUTHORIZATION, format!("Bearer {token}"))
        .header(http::header::ACCEPT, "application/json")
        .body(http_body_util::Full::new(bytes::Bytes::new()))?;
    let response = client.request(request).await?;
    let status = response.status();
    let body = response.into_body().collect().await?.to_bytes();
    if !status.is_success() {
        return Err(format!("the server answered {status}").into());
    }
    Ok(serde_json::from_slice(&body)?)
}

/// Runs [`get_json`] on a Tokio runtime.
pub fn get_json_blocking(url: &str, token: &str) -> Result<serde_json::Value, Error> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?
        .block_on(get_json(url, token))
}
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

/// A cold release build of a floor crate (`lib` over [`FLOOR_MANIFEST`]) in `scratch/name`, with the
/// workspace's lock file (the same versions as the SDK) and the workspace's build environment
/// (`.cargo/config.toml`: aws-lc without CPU jitter entropy), so that only the code differs.
fn floor_build(scratch: &Path, name: &str, lib: &str) -> Result<f64, String> {
    let floor = scratch.join(name);
    std::fs::create_dir_all(floor.join("src")).map_err(|error| error.to_string())?;
    std::fs::write(floor.join("Cargo.toml"), FLOOR_MANIFEST).map_err(|error| error.to_string())?;
    std::fs::write(floor.join("src/lib.rs"), lib).map_err(|error| error.to_string())?;
    std::fs::copy(
        workspace_root().join("Cargo.lock"),
        floor.join("Cargo.lock"),
    )
    .map_err(|error| format!("could not copy Cargo.lock: {error}"))?;
    let mut build = cargo();
    build
        .args(["build", "--release", "--quiet", "--manifest-path"])
        .arg(floor.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(scratch.join(format!("{name}-target")))
        .env("AWS_LC_SYS_NO_JITTER_ENTROPY", "1");
    timed(&format!("cold release build of the {name} crate"), build)
}

/// A cold release build of `package` in the fresh target directory `target`.
fn cold_build(package: &str, target: &Path) -> Result<f64, String> {
    let mut build = cargo();
    build
        .args(["build", "--release", "--quiet", "--locked", "-p", package])
        .arg("--target-dir")
        .arg(target)
        // A user's build uses the user's profile, not this workspace's (`debug = "line-tables-only"`, for our
        // profiles): cargo's default release profile, as the floors get.
        .env("CARGO_PROFILE_RELEASE_DEBUG", "false");
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
    // The client floor first: a floor that does not build fails the run before the long builds.
    let client_floor = floor_build(scratch, "floor-client", FLOOR_CLIENT_LIB)?;
    let models = cold_build("genesys-cloud-models", &scratch.join("models"))?;
    println!("metric build_models_cold_s {models:.1} s");
    let sdk = cold_build("genesys-cloud", &scratch.join("sdk"))?;
    println!("metric build_sdk_cold_s {sdk:.1} s");
    let reexport_floor = floor_build(scratch, "floor-reexport", FLOOR_REEXPORT_LIB)?;
    println!("metric build_floor_cold_s {client_floor:.1} s");
    println!("metric build_floor_reexport_cold_s {reexport_floor:.1} s");
    println!("metric build_sdk_vs_floor {:.3} ratio", sdk / client_floor);
    println!(
        "metric build_sdk_vs_reexport_floor {:.3} ratio",
        sdk / reexport_floor
    );
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
    .arg(scratch.join("sdk"))
    .env("CARGO_PROFILE_RELEASE_DEBUG", "false");
    timed("release build of the genesys binary", cli)?;
    let binary = scratch.join("sdk/release/genesys");
    let bytes = std::fs::metadata(&binary)
        .map_err(|error| format!("{}: {error}", binary.display()))?
        .len();
    println!("metric genesys_binary_bytes {bytes} bytes");
    eprintln!("build: target build_sdk_vs_floor <= 1.3");
    Ok(())
}
