//! Shared setup of the workspace tests: an emulator on 127.0.0.1, clients aimed at it, and small raw servers.

// Each test file uses its own subset of these.
#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use genesys_cloud::{Client, ClientBuilder, RetryConfig};
use genesys_cloud_emulator::{Emulator, EmulatorConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

pub(crate) async fn emulator(config: EmulatorConfig) -> Emulator {
    Emulator::start(config)
        .await
        .expect("the emulator starts on 127.0.0.1")
}

/// A client of the emulator's admin, with quick retries and a bounded total time.
pub(crate) fn admin(emulator: &Emulator) -> ClientBuilder {
    Client::builder()
        .base_url(emulator.base_url())
        .client_credentials(emulator.admin_client_id(), emulator.admin_client_secret())
        .retry(
            RetryConfig::default()
                .with_max_attempts(4)
                .with_backoff(Duration::from_millis(5), Duration::from_millis(50)),
        )
        .total_timeout(Duration::from_secs(30))
}

/// A server on 127.0.0.1 that answers every request with `head` and then `body_len` bytes of `x` (streamed, so
/// that a client that stops reading stops it), and counts the request heads it read. It stops after `max`
/// connections or 20 seconds, whichever comes first.
pub(crate) async fn canned_server(
    head: String,
    body_len: usize,
    max: usize,
) -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = requests.clone();
    tokio::spawn(tokio::time::timeout(Duration::from_secs(20), async move {
        for _ in 0..max {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            let counter = counter.clone();
            let head = head.clone();
            tokio::spawn(async move {
                let mut received = Vec::new();
                let mut buffer = [0u8; 4096];
                // One request per connection: read its head, answer, close.
                while !received.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => received.extend_from_slice(&buffer[..n]),
                    }
                }
                counter.fetch_add(1, Ordering::SeqCst);
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let chunk = vec![b'x'; 64 * 1024];
                let mut sent = 0;
                while sent < body_len {
                    let n = chunk.len().min(body_len - sent);
                    if socket.write_all(&chunk[..n]).await.is_err() {
                        return;
                    }
                    sent += n;
                }
            });
        }
    }));
    (address, requests)
}
