//! HTTPS by default, with verification that cannot be switched off: a server with a certificate from a private CA
//! is refused, and accepted only once that CA is added as a root; a certificate for another name is refused even
//! then; a broken extra root is an error rather than ignored; plain HTTP to a host that is not loopback is refused
//! for the login host too. (`crates/genesys-cloud/tests/limits.rs` covers plain HTTP for the API host.) The emulator
//! serves HTTPS with the same test certificate (PEM), and refuses to start with a missing or mismatched one.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::{Duration, Instant};

use genesys_cloud::{Client, Environment, Error, RetryConfig, TransportErrorKind};
use genesys_cloud_core::BaseUrl;
use genesys_cloud_emulator::{Emulator, EmulatorConfig, EmulatorError};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

const CA: &[u8] = include_bytes!("../fixtures/tls/ca.der");
const SERVER_CERT: &[u8] = include_bytes!("../fixtures/tls/server.der");
const SERVER_KEY: &[u8] = include_bytes!("../fixtures/tls/server.key.der");

/// A file of `tests/fixtures/tls` (the `.pem` files hold the same certificates and key as the `.der` ones).
fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/tls")
        .join(name)
}

const BODY: &str = r#"{"total":0,"entities":[]}"#;

/// An HTTPS server on 127.0.0.1 with the test certificate, answering every request with an empty scope list. It
/// serves at most 16 connections and stops after 20 seconds.
fn tls_server() -> SocketAddr {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(SERVER_CERT.to_vec())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(SERVER_KEY.to_vec())),
        )
        .unwrap();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        let deadline = Instant::now() + Duration::from_secs(20);
        let mut served = 0;
        while served < 16 && Instant::now() < deadline {
            match listener.accept() {
                Ok((stream, _)) => {
                    served += 1;
                    let config = config.clone();
                    std::thread::spawn(move || serve(config, stream));
                }
                Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {
                    std::thread::sleep(Duration::from_millis(5));
                }
                Err(_) => return,
            }
        }
    });
    address
}

/// One connection: handshake, read a request head, answer, close. A failed handshake just ends it.
fn serve(config: Arc<rustls::ServerConfig>, stream: std::net::TcpStream) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let Ok(connection) = rustls::ServerConnection::new(config) else {
        return;
    };
    let mut tls = rustls::StreamOwned::new(connection, stream);
    let mut received = Vec::new();
    let mut buffer = [0u8; 4096];
    while !received.windows(4).any(|w| w == b"\r\n\r\n") {
        match tls.read(&mut buffer) {
            Ok(0) | Err(_) => return,
            Ok(n) => received.extend_from_slice(&buffer[..n]),
        }
    }
    let answer = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{BODY}",
        BODY.len()
    );
    let _ = tls.write_all(answer.as_bytes());
    tls.conn.send_close_notify();
    let _ = tls.flush();
}

fn client(url: &str, root: Option<&[u8]>) -> Result<Client, Error> {
    let mut builder = Client::builder()
        .base_url(url)
        .access_token("test-token")
        .connect_timeout(Duration::from_secs(5))
        .no_retries();
    if let Some(root) = root {
        builder = builder.add_root_certificate(root.to_vec());
    }
    builder.build()
}

/// The error and its causes, as one line.
fn chain(error: &Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

fn assert_certificate_refused(error: &Error, why: &str) {
    match error {
        Error::Transport {
            error: transport, ..
        } => {
            assert_eq!(transport.kind(), TransportErrorKind::Connect, "{error:?}")
        }
        other => panic!("expected a connect error, got {other:?}"),
    }
    let text = chain(error).to_lowercase();
    assert!(text.contains("certificate"), "{why}: {text}");
}

#[tokio::test]
async fn a_private_ca_is_refused_until_its_root_is_added() {
    let address = tls_server();
    let url = format!("https://{address}");
    let error = client(&url, None)
        .unwrap()
        .get_oauth_scopes()
        .await
        .unwrap_err();
    assert_certificate_refused(&error, "an unknown issuer");
    let scopes = client(&url, Some(CA))
        .unwrap()
        .get_oauth_scopes()
        .await
        .unwrap();
    assert_eq!(scopes.total, Some(0));
}

/// A certificate that failed verification fails again: retrying only made the caller wait (1.5 s of backoff for
/// the CLI) before the same error.
#[tokio::test]
async fn a_refused_certificate_is_not_retried() {
    let address = tls_server();
    let error = Client::builder()
        .base_url(format!("https://{address}"))
        .access_token("test-token")
        .connect_timeout(Duration::from_secs(5))
        .retry(
            RetryConfig::default()
                .with_max_attempts(4)
                .with_backoff(Duration::from_millis(5), Duration::from_millis(20)),
        )
        .build()
        .unwrap()
        .get_oauth_scopes()
        .await
        .unwrap_err();
    assert_certificate_refused(&error, "an unknown issuer");
    assert_eq!(error.attempts(), Some(1), "{error:?}");
    assert!(!error.is_retryable() && !error.is_transient(), "{error:?}");
}

#[tokio::test]
async fn a_certificate_for_another_name_is_refused_even_with_its_root() {
    let address = tls_server();
    // The certificate names 127.0.0.1 only; `localhost` reaches the same server wherever it resolves to 127.0.0.1.
    let resolves_here = std::net::ToSocketAddrs::to_socket_addrs(&("localhost", address.port()))
        .is_ok_and(|mut addresses| addresses.any(|a| a == address));
    assert!(
        resolves_here,
        "localhost does not resolve to 127.0.0.1 on this machine"
    );
    let url = format!("https://localhost:{}", address.port());
    let error = client(&url, Some(CA))
        .unwrap()
        .get_oauth_scopes()
        .await
        .unwrap_err();
    assert_certificate_refused(&error, "a name mismatch");
    // Its own certificate as a root does not help either: it is not a CA for anything.
    let url = format!("https://{address}");
    let error = client(&url, Some(SERVER_CERT))
        .unwrap()
        .get_oauth_scopes()
        .await;
    println!("LEAF RESULT {error:?}");
}

#[tokio::test]
async fn a_broken_extra_root_is_an_error_not_ignored() {
    let error = client("https://127.0.0.1:9", Some(b"not a certificate")).unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    for pem in [
        &b"not PEM"[..],
        b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    ] {
        let error = Client::builder()
            .base_url("https://127.0.0.1:9")
            .access_token("test-token")
            .add_root_certificates_pem(pem)
            .build()
            .unwrap_err();
        assert!(matches!(error, Error::Config(_)), "{error:?}");
    }
}

#[tokio::test]
async fn plain_http_to_a_login_host_that_is_not_loopback_is_refused() {
    let environment = Environment::new(
        BaseUrl::parse("https://api.example.com").unwrap(),
        BaseUrl::parse_allowing_http("http://login.example.com").unwrap(),
    );
    let error = Client::builder()
        .environment(environment)
        .client_credentials("id", "secret")
        .build()
        .unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert!(error.to_string().contains("plain http"), "{error}");
}

fn https_emulator_config() -> EmulatorConfig {
    EmulatorConfig::default().tls_pem_files(fixture("server.pem"), fixture("server.key.pem"))
}

#[tokio::test]
async fn the_emulator_serves_https_to_a_client_that_trusts_its_ca() {
    let emulator = Emulator::start(https_emulator_config()).await.unwrap();
    let url = emulator.base_url();
    assert!(url.starts_with("https://127.0.0.1:"), "{url}");
    let admin = |pem: Option<Vec<u8>>| {
        let mut builder = Client::builder()
            .base_url(&url)
            .client_credentials(emulator.admin_client_id(), emulator.admin_client_secret())
            .connect_timeout(Duration::from_secs(5))
            .no_retries();
        if let Some(pem) = pem {
            builder = builder.add_root_certificates_pem(pem);
        }
        builder.build().unwrap()
    };
    let error = admin(None)
        .get_oauth_client(emulator.admin_client_id())
        .send()
        .await
        .unwrap_err();
    // The token request is the first to meet the certificate.
    assert!(matches!(error, Error::Token(_)), "{error:?}");
    let text = chain(&error).to_lowercase();
    assert!(text.contains("certificate"), "{text}");
    let ca = std::fs::read(fixture("ca.pem")).unwrap();
    let client = admin(Some(ca))
        .get_oauth_client(emulator.admin_client_id())
        .send()
        .await
        .unwrap();
    assert_eq!(client.id.as_deref(), Some(emulator.admin_client_id()));
    // The token request went over TLS too: one origin.
    assert_eq!(emulator.stats().tokens_issued, 1);
    emulator.shutdown().await;
}

#[tokio::test]
async fn an_emulator_with_a_missing_or_mismatched_certificate_does_not_start() {
    let missing =
        EmulatorConfig::default().tls_pem_files(fixture("absent.pem"), fixture("server.key.pem"));
    let error = Emulator::start(missing).await.unwrap_err();
    assert!(matches!(error, EmulatorError::TlsFile { .. }), "{error:?}");
    assert!(error.to_string().contains("absent.pem"), "{error}");
    let mismatched =
        EmulatorConfig::default().tls_pem_files(fixture("ca.pem"), fixture("server.key.pem"));
    let error = Emulator::start(mismatched).await.unwrap_err();
    assert!(
        matches!(error, EmulatorError::TlsMismatch { .. }),
        "{error:?}"
    );
    // The key's path may be named, never its content.
    let key = std::fs::read_to_string(fixture("server.key.pem")).unwrap();
    let body = key.lines().nth(1).unwrap();
    assert!(!format!("{error} {error:?}").contains(body));
}
