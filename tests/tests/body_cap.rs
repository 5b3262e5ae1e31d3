//! Response bodies over the cap, where the executor's own tests (`crates/genesys-cloud/tests/limits.rs`, which
//! covers a 200 over the cap, chunked and with a declared length) do not go: error statuses, the token endpoint,
//! and retries, which must not fetch an oversized body again.

mod common;

use std::sync::atomic::Ordering;
use std::time::Duration;

use genesys_cloud::{Client, Error, RetryConfig, TransportErrorKind};

const CAP: usize = 64 * 1024;

fn is_too_large(error: &Error) -> bool {
    match error {
        Error::Transport { error, .. } => error.kind() == TransportErrorKind::BodyTooLarge,
        Error::Token(inner) => is_too_large(inner),
        _ => false,
    }
}

fn retrying() -> RetryConfig {
    RetryConfig::default()
        .with_max_attempts(4)
        .with_backoff(Duration::from_millis(1), Duration::from_millis(5))
}

#[tokio::test]
async fn an_oversized_body_is_not_fetched_again_by_retries() {
    for head in [
        // Declared: refused before the body is read.
        format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            4 * CAP
        ),
        // Not declared: refused once the cap is reached.
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n".to_owned(),
    ] {
        let (address, requests) = common::canned_server(head, 4 * CAP, 8).await;
        let client = Client::builder()
            .base_url(format!("http://{address}"))
            .access_token("static-token")
            .max_response_body(CAP)
            .retry(retrying())
            .build()
            .unwrap();
        // A GET is idempotent: a connection failure would be retried, but a body over the cap would only be
        // over the cap again, so it ends the call.
        let error = client.get_oauth_clients().await.unwrap_err();
        assert!(is_too_large(&error), "{error:?}");
        assert!(!error.is_retryable());
        assert_eq!(
            requests.load(Ordering::SeqCst),
            1,
            "the oversized answer was fetched again"
        );
    }
}

#[tokio::test]
async fn an_error_status_with_an_oversized_body_is_capped() {
    let head = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/html\r\ncontent-length: {}\r\n\r\n",
        4 * CAP
    );
    let (address, _) = common::canned_server(head, 4 * CAP, 8).await;
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .access_token("static-token")
        .max_response_body(CAP)
        .no_retries()
        .build()
        .unwrap();
    let error = client.get_oauth_scopes().await.unwrap_err();
    assert!(is_too_large(&error), "{error:?}");
}

#[tokio::test]
async fn an_oversized_token_response_is_capped() {
    let head =
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n".to_owned();
    let (address, _) = common::canned_server(head, 4 * CAP, 8).await;
    let client = Client::builder()
        .base_url(format!("http://{address}"))
        .client_credentials("id", "secret")
        .max_response_body(CAP)
        .no_retries()
        .build()
        .unwrap();
    let error = client.get_oauth_scopes().await.unwrap_err();
    assert!(matches!(error, Error::Token(_)), "{error:?}");
    assert!(is_too_large(&error), "{error:?}");
}
