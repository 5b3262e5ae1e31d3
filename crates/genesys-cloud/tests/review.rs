//! Findings of an independent review, each with the test that reproduced it.

mod common;

use common::json;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use genesys_cloud::{Client, Credentials};

const TOKEN_600: &str = r#"{"access_token":"first","token_type":"bearer","expires_in":600}"#;

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
