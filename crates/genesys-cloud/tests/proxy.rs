//! Requests to a non-loopback host go through an explicit proxy with HTTP CONNECT. The proxy here runs on
//! 127.0.0.1 and, whatever host is asked for, tunnels to the emulator: no traffic leaves the machine.

mod common;

use std::sync::{Arc, Mutex};

use genesys_cloud::{Client, ProxySettings};
use genesys_cloud_emulator::EmulatorConfig;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Starts the proxy; returns its URL and the CONNECT lines it received.
async fn connect_proxy(upstream: std::net::SocketAddr) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    tokio::spawn(async move {
        for _ in 0..16 {
            let Ok((mut inbound, _)) = listener.accept().await else {
                return;
            };
            let record = Arc::clone(&record);
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") && head.len() < 8192 {
                    if inbound.read(&mut byte).await.unwrap_or(0) == 0 {
                        return;
                    }
                    head.push(byte[0]);
                }
                let text = String::from_utf8_lossy(&head).into_owned();
                record
                    .lock()
                    .unwrap()
                    .push(text.lines().next().unwrap_or_default().to_owned());
                let Ok(mut outbound) = TcpStream::connect(upstream).await else {
                    return;
                };
                if inbound
                    .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    .await
                    .is_ok()
                {
                    let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                }
            });
        }
    });
    (format!("http://{address}"), seen)
}

#[tokio::test]
async fn an_explicit_proxy_tunnels_api_and_token_requests() {
    let emulator = common::start(EmulatorConfig::default()).await;
    let (proxy, seen) = connect_proxy(emulator.local_addr()).await;
    let client = Client::builder()
        .base_url("http://api.example.test:8080")
        .allow_http(true)
        .proxy(ProxySettings::Explicit {
            url: proxy,
            no_proxy: String::new(),
        })
        .client_credentials(emulator.admin_client_id(), emulator.admin_client_secret())
        .build()
        .unwrap();
    let scopes = client.get_oauth_scopes().await.unwrap();
    assert!(scopes.total.unwrap_or(0) > 0);
    let lines = seen.lock().unwrap().clone();
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("CONNECT login.example.test:8080 ")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("CONNECT api.example.test:8080 ")),
        "{lines:?}"
    );
    emulator.shutdown().await;
}
