//! Findings of an independent review, each with the test that reproduced it.

mod common;

use common::json;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use genesys_cloud::{
    Client, Credentials, RetryConfig, SendState, TransportError, TransportErrorKind,
};

const TOKEN_600: &str = r#"{"access_token":"first","token_type":"bearer","expires_in":600}"#;

/// A DELETE whose first attempt broke after sending (and may have been applied), whose retry met a 401 (the
/// token expired meanwhile), and whose send after the token renewal answered 404: the earlier attempt may have
/// deleted the client, so by the executor's own rule (`retry_answer_means_done`) this is done, not "not found".
/// The renewal path starts a fresh `send_with_retries` and forgets that an earlier attempt may have been applied.
#[tokio::test]
async fn review_delete_maybe_applied_then_401_then_404_is_done() {
    let api_calls = Arc::new(AtomicUsize::new(0));
    let token_calls = Arc::new(AtomicUsize::new(0));
    let (apis, tokens) = (Arc::clone(&api_calls), Arc::clone(&token_calls));
    let client = Client::builder()
        .base_url("https://api.example.test")
        .credentials(Credentials::client_credentials("id", "secret"))
        .transport_fn(move |request: http::Request<Bytes>| {
            let (apis, tokens) = (Arc::clone(&apis), Arc::clone(&tokens));
            async move {
                if request.uri().path() == "/oauth/token" {
                    tokens.fetch_add(1, Ordering::SeqCst);
                    return json(200, TOKEN_600);
                }
                match apis.fetch_add(1, Ordering::SeqCst) {
                    0 => Err(TransportError::new(
                        TransportErrorKind::Io,
                        SendState::MaybeSent,
                        "the connection broke after sending",
                        None,
                    )),
                    1 => json(
                        401,
                        r#"{"status":401,"code":"authentication.required","message":"expired"}"#,
                    ),
                    _ => json(404, r#"{"status":404,"code":"not.found","message":"gone"}"#),
                }
            }
        })
        .retry(
            RetryConfig::default().with_backoff(Duration::from_millis(1), Duration::from_millis(2)),
        )
        .build()
        .unwrap();
    let result = client.delete_oauth_client("c1").await;
    assert_eq!(
        api_calls.load(Ordering::SeqCst),
        3,
        "attempts: broke, 401, 404"
    );
    assert_eq!(
        token_calls.load(Ordering::SeqCst),
        2,
        "the 401 renewed the token"
    );
    result.expect("the first attempt may have deleted it: a retry's 404 means done");
}

/// A code exchange that was sent but whose call was cancelled (the caller's own `tokio::time::timeout`, a
/// dropped future, a `select!`) never marks the one-time code used: `exchange_code` only runs once the send
/// returns. The next call sends the same code to the token endpoint again (RFC 6749 §4.1.2: a server may
/// revoke every token issued from a code used twice), instead of answering `LoginRequired` locally.
#[tokio::test]
async fn review_a_cancelled_code_exchange_is_not_sent_again() {
    use genesys_cloud::token::AuthorizationCode;
    let token_calls = Arc::new(AtomicUsize::new(0));
    let tokens = Arc::clone(&token_calls);
    let client = Client::builder()
        .base_url("https://api.example.test")
        .credentials(Credentials::AuthorizationCode {
            client_id: "app".to_owned(),
            client_secret: "secret".into(),
            code: AuthorizationCode::new("the-code"),
            redirect_uri: "http://localhost/cb".to_owned(),
        })
        .transport_fn(move |request: http::Request<Bytes>| {
            let tokens = Arc::clone(&tokens);
            async move {
                if request.uri().path() == "/oauth/token" {
                    // The request is on the wire: the server has the code.
                    tokens.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(300)).await;
                    return json(200, TOKEN_600);
                }
                json(200, r#"{"total":1,"entities":[{"id":"users"}]}"#)
            }
        })
        .build()
        .unwrap();
    // The caller gives up on the first call while the exchange is in flight.
    let first = tokio::time::timeout(Duration::from_millis(50), client.get_oauth_scopes()).await;
    assert!(first.is_err(), "cancelled");
    assert_eq!(token_calls.load(Ordering::SeqCst), 1);
    let second = client.get_oauth_scopes().await;
    assert_eq!(
        token_calls.load(Ordering::SeqCst),
        1,
        "the one-time code was sent to the token endpoint a second time (second call: {:?})",
        second.map(|_| "ok")
    );
}
