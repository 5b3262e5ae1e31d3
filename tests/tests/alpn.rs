//! HTTP/2 when the server offers it: the client's TLS handshake offers `h2` and `http/1.1` by ALPN, and picks `h2`
//! when the server has it. The server here (127.0.0.1, the committed test certificate) records what was
//! negotiated and what the client sent first, then closes.

use std::io::Read;
use std::net::{SocketAddr, TcpListener};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use genesys_cloud::Client;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

const CA: &[u8] = include_bytes!("../fixtures/tls/ca.der");
const SERVER_CERT: &[u8] = include_bytes!("../fixtures/tls/server.der");
const SERVER_KEY: &[u8] = include_bytes!("../fixtures/tls/server.key.der");

/// What one connection negotiated and the first bytes the client sent after the handshake.
type Seen = Arc<Mutex<Option<(Option<Vec<u8>>, Vec<u8>)>>>;

/// Accepts one connection, offering `offered` by ALPN.
fn recording_server(offered: &[&[u8]]) -> (SocketAddr, Seen) {
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
    config.alpn_protocols = offered.iter().map(|p| p.to_vec()).collect();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let seen: Seen = Arc::default();
    let record = Arc::clone(&seen);
    std::thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else {
            return;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        let Ok(connection) = rustls::ServerConnection::new(config) else {
            return;
        };
        let mut tls = rustls::StreamOwned::new(connection, stream);
        let mut first = [0u8; 24];
        let read = tls.read(&mut first).unwrap_or(0);
        let alpn = tls.conn.alpn_protocol().map(<[u8]>::to_vec);
        *record.lock().unwrap() = Some((alpn, first[..read].to_vec()));
    });
    (address, seen)
}

async fn call(address: SocketAddr) {
    let client = Client::builder()
        .base_url(format!("https://127.0.0.1:{}", address.port()))
        .access_token("t")
        .add_root_certificate(CA.to_vec())
        .no_retries()
        .attempt_timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    // The server closes without answering: only what was negotiated matters here.
    let _ = client.get_oauth_scopes().await;
}

fn wait(seen: &Seen) -> (Option<Vec<u8>>, Vec<u8>) {
    for _ in 0..500 {
        if let Some(value) = seen.lock().unwrap().clone() {
            return value;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("the server saw no handshake");
}

#[tokio::test]
async fn http2_is_negotiated_when_the_server_offers_it() {
    let (address, seen) = recording_server(&[b"h2", b"http/1.1"]);
    call(address).await;
    let (alpn, first) = wait(&seen);
    assert_eq!(alpn.as_deref(), Some(&b"h2"[..]));
    assert!(
        first.starts_with(b"PRI * HTTP/2.0"),
        "{:?}",
        String::from_utf8_lossy(&first)
    );
}

#[tokio::test]
async fn http1_is_used_when_the_server_offers_only_that() {
    let (address, seen) = recording_server(&[b"http/1.1"]);
    call(address).await;
    let (alpn, first) = wait(&seen);
    assert_eq!(alpn.as_deref(), Some(&b"http/1.1"[..]));
    // An HTTP/1.1 request line, not the HTTP/2 preface.
    assert!(
        first.starts_with(b"GET /api/v2/oauth/scopes"),
        "{:?}",
        String::from_utf8_lossy(&first)
    );
}
