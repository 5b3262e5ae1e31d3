//! Timeouts against a server that never answers, a body over the cap, and plain HTTP refused off loopback.

mod common;

use std::time::{Duration, Instant};

use genesys_cloud::{Client, Error, RetryConfig, TimeoutKind, TransportErrorKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A server on 127.0.0.1 that accepts connections and reads, but never answers. It stops with the test.
async fn silent_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        for _ in 0..64 {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buffer = [0u8; 1024];
                while let Ok(read) = socket.read(&mut buffer).await {
                    if read == 0 {
                        return;
                    }
                }
            });
        }
    });
    format!("http://{address}")
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_within_the_bound() {
    let base = silent_server().await;
    let client = Client::builder()
        .base_url(&base)
        .access_token("static-token")
        .attempt_timeout(Duration::from_millis(200))
        .no_retries()
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.get_oauth_clients().await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Timeout {
                kind: TimeoutKind::Attempt,
                ..
            }
        ),
        "{error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );

    // With retries, the total timeout bounds the whole call.
    let client = Client::builder()
        .base_url(&base)
        .access_token("static-token")
        .attempt_timeout(Duration::from_millis(300))
        .total_timeout(Duration::from_millis(700))
        .retry(
            RetryConfig::default()
                .with_max_attempts(50)
                .with_backoff(Duration::from_millis(1), Duration::from_millis(2)),
        )
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client.get_oauth_clients().await.unwrap_err();
    assert!(error.is_timeout(), "{error:?}");
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(600) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
}

/// A server on 127.0.0.1 that answers every request with an endless chunked body, stopping when the client
/// hangs up or after 64 MiB. It reports how many bytes it managed to send.
async fn endless_body_server(
    declare_length: bool,
) -> (String, tokio::sync::oneshot::Receiver<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let (sent_tx, sent_rx) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        let Ok((mut socket, _)) = listener.accept().await else {
            return;
        };
        let mut buffer = [0u8; 4096];
        let _ = socket.read(&mut buffer).await;
        let head = if declare_length {
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 67108864\r\n\r\n"
                .to_owned()
        } else {
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n".to_owned()
        };
        let mut sent = 0usize;
        if socket.write_all(head.as_bytes()).await.is_ok() {
            let chunk = vec![b' '; 64 * 1024];
            let framed = if declare_length {
                chunk.clone()
            } else {
                [
                    format!("{:x}\r\n", chunk.len()).into_bytes(),
                    chunk.clone(),
                    b"\r\n".to_vec(),
                ]
                .concat()
            };
            while sent < 64 * 1024 * 1024 {
                if socket.write_all(&framed).await.is_err() {
                    break;
                }
                sent += chunk.len();
            }
        }
        let _ = sent_tx.send(sent);
    });
    (format!("http://{address}"), sent_rx)
}

#[tokio::test]
async fn a_body_over_the_cap_fails_without_being_read_whole() {
    for declare_length in [false, true] {
        let (base, sent) = endless_body_server(declare_length).await;
        let client = Client::builder()
            .base_url(&base)
            .access_token("static-token")
            .max_response_body(256 * 1024)
            .no_retries()
            .build()
            .unwrap();
        let error = client.get_oauth_clients().await.unwrap_err();
        match &error {
            Error::Transport { error, .. } => {
                assert_eq!(error.kind(), TransportErrorKind::BodyTooLarge)
            }
            other => panic!("expected BodyTooLarge, got {other:?}"),
        }
        drop(client);
        let sent = tokio::time::timeout(Duration::from_secs(10), sent)
            .await
            .unwrap()
            .unwrap();
        assert!(
            sent < 64 * 1024 * 1024,
            "the server could send everything: the body was read whole"
        );
    }
}

#[tokio::test]
async fn plain_http_off_loopback_is_refused_unless_allowed() {
    let error = Client::builder()
        .base_url("http://api.example.com")
        .access_token("t")
        .build()
        .unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert!(error.to_string().contains("plain http"), "{error}");
    let error = Client::builder()
        .environment(
            genesys_cloud::Environment::from_api_url_allowing_http("http://10.1.2.3:8080").unwrap(),
        )
        .access_token("t")
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("plain http"), "{error}");
    // Explicitly allowed: the client builds (no request is made here).
    Client::builder()
        .base_url("http://api.example.com")
        .allow_http(true)
        .access_token("t")
        .build()
        .unwrap();
    // Loopback needs no permission.
    Client::builder()
        .base_url("http://127.0.0.1:9")
        .access_token("t")
        .build()
        .unwrap();
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error_that_was_not_sent() {
    // Bind and drop to find a port nobody listens on.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .access_token("t")
        .retry(
            RetryConfig::default()
                .with_max_attempts(2)
                .with_backoff(Duration::from_millis(1), Duration::from_millis(1)),
        )
        .build()
        .unwrap();
    let error = client
        .post_oauth_clients(genesys_cloud::models::OAuthClientRequest::new(
            "x",
            genesys_cloud::models::GrantType::Code,
        ))
        .await
        .unwrap_err();
    match &error {
        Error::Transport { error, attempts } => {
            assert_eq!(error.kind(), TransportErrorKind::Connect);
            assert_eq!(error.send_state(), genesys_cloud::SendState::NotSent);
            // Not sent, so even a POST may be tried again.
            assert_eq!(*attempts, 2);
        }
        other => panic!("{other:?}"),
    }
    assert!(std::error::Error::source(&error).is_some());
}
