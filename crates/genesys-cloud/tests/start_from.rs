//! `ClientBuilder::start_from`: a token kept from an earlier run is used without a token request while it lasts,
//! and the credentials take over when it has expired or is rejected.

mod common;

use std::time::{Duration, SystemTime};

use genesys_cloud::models::AccessToken;
use genesys_cloud::{Client, Credentials, TokenInfo};
use genesys_cloud_emulator::EmulatorConfig;

#[tokio::test]
async fn a_kept_token_costs_no_token_request_until_it_expires() {
    let emulator = common::start(EmulatorConfig::default()).await;
    let first = common::client(&emulator);
    let kept = first.token().await.unwrap();
    let issued = emulator.stats().tokens_issued;

    let second = common::builder(&emulator)
        .start_from(kept.clone())
        .build()
        .unwrap();
    second.get_oauth_scopes().await.unwrap();
    second.get_oauth_scopes().await.unwrap();
    assert_eq!(
        emulator.stats().tokens_issued,
        issued,
        "the kept token was used"
    );
    assert_eq!(
        second.token().await.unwrap().access_token.expose_secret(),
        kept.access_token.expose_secret()
    );

    // Expired: not used at all, the credentials fetch a new one.
    let expired = TokenInfo::new(
        kept.access_token.clone(),
        None,
        Some(SystemTime::now() - Duration::from_secs(5)),
    );
    let third = common::builder(&emulator)
        .start_from(expired)
        .build()
        .unwrap();
    third.get_oauth_scopes().await.unwrap();
    assert_eq!(emulator.stats().tokens_issued, issued + 1);
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_rejected_kept_token_is_renewed_once() {
    let emulator = common::start(EmulatorConfig::default()).await;
    let issued = emulator.stats().tokens_issued;
    let bogus = TokenInfo::new(
        AccessToken::new("not-a-token-the-emulator-knows"),
        None,
        Some(SystemTime::now() + Duration::from_secs(3600)),
    );
    let client = common::builder(&emulator)
        .start_from(bogus)
        .build()
        .unwrap();
    client.get_oauth_scopes().await.unwrap();
    assert_eq!(emulator.stats().tokens_issued, issued + 1);
    // A ready-made token ignores it.
    let fixed = Client::builder()
        .base_url(emulator.base_url())
        .credentials(Credentials::access_token("fixed"))
        .start_from(TokenInfo::new(AccessToken::new("other"), None, None))
        .build()
        .unwrap();
    assert_eq!(
        fixed.token().await.unwrap().access_token.expose_secret(),
        "fixed"
    );
    emulator.shutdown().await;
}

/// The form fields of a token request body (its values here need no decoding).
fn form(body: &[u8]) -> Vec<(String, String)> {
    std::str::from_utf8(body)
        .unwrap()
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

#[tokio::test]
async fn a_public_refresh_token_renews_without_a_secret_and_rotates() {
    use std::sync::{Arc, Mutex};
    type Forms = Vec<Vec<(String, String)>>;
    let seen: Arc<Mutex<Forms>> = Arc::default();
    let kept: Arc<Mutex<Vec<String>>> = Arc::default();
    let (seen_in, kept_in) = (Arc::clone(&seen), Arc::clone(&kept));
    let client = Client::builder()
        .base_url("http://127.0.0.1:9")
        .credentials(Credentials::PublicRefreshToken {
            client_id: "public-id".to_owned(),
            refresh_token: genesys_cloud::models::RefreshToken::new("r1"),
        })
        .start_from(TokenInfo::new(
            AccessToken::new("expired"),
            Some(genesys_cloud::models::RefreshToken::new("r1")),
            Some(SystemTime::now() - Duration::from_secs(1)),
        ))
        .on_token(move |token| {
            kept_in.lock().unwrap().push(
                token
                    .refresh_token
                    .as_ref()
                    .map(|t| t.expose_secret().to_owned())
                    .unwrap_or_default(),
            );
        })
        .transport_fn(move |request: http::Request<bytes::Bytes>| {
            let seen = Arc::clone(&seen_in);
            async move {
                if request.uri().path() == "/oauth/token" {
                    assert!(request.headers().get("authorization").is_none());
                    let mut seen = seen.lock().unwrap();
                    seen.push(form(request.body()));
                    let n = seen.len();
                    return common::json(
                        200,
                        &format!(
                            r#"{{"access_token":"a{n}","expires_in":3600,"refresh_token":"r{}"}}"#,
                            n + 1
                        ),
                    );
                }
                let bearer = request.headers()["authorization"]
                    .to_str()
                    .unwrap()
                    .to_owned();
                // The first token is refused once, so that the rotated refresh token is used next.
                if bearer == "Bearer a1" {
                    return common::json(401, r#"{"status":401,"code":"bad.credentials"}"#);
                }
                common::json(200, r#"{"entities":[]}"#)
            }
        })
        .build()
        .unwrap();
    client.get_oauth_scopes().await.unwrap();
    let seen = seen.lock().unwrap().clone();
    let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    assert_eq!(
        seen,
        vec![
            pairs(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", "r1"),
                ("client_id", "public-id")
            ]),
            pairs(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", "r2"),
                ("client_id", "public-id")
            ]),
        ]
    );
    assert_eq!(
        *kept.lock().unwrap(),
        vec!["r2".to_owned(), "r3".to_owned()]
    );
}

/// Issue 27, item 3: what `on_token` hands over is written as JSON and read back for `start_from`, with no hand
/// work: the next client makes no token request while the kept token lasts.
#[tokio::test]
async fn a_token_persisted_as_json_starts_the_next_client() {
    let emulator = common::start(EmulatorConfig::default()).await;
    let file = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let written = file.clone();
    let first = common::builder(&emulator)
        .on_token(move |token| {
            *written.lock().unwrap() = serde_json::to_string(token).unwrap();
        })
        .build()
        .unwrap();
    first.get_oauth_scopes().await.unwrap();
    let json = file.lock().unwrap().clone();
    assert!(
        json.starts_with(r#"{"accessToken":""#) && json.contains(r#""expiresAt":"#),
        "{json}"
    );
    let kept: TokenInfo = serde_json::from_str(&json).unwrap();
    let issued = emulator.stats().tokens_issued;
    let second = common::builder(&emulator).start_from(kept).build().unwrap();
    second.get_oauth_scopes().await.unwrap();
    assert_eq!(
        emulator.stats().tokens_issued,
        issued,
        "the persisted token was used"
    );
    // Debug keeps the secrets out, serialization keeps them in.
    let token = second.token().await.unwrap();
    assert!(!format!("{token:?}").contains(token.access_token.expose_secret()));
    emulator.shutdown().await;
}

/// Issue 27, item 3: a token source made from an async closure, asked once for concurrent callers.
#[tokio::test]
async fn an_async_closure_is_a_token_source() {
    let emulator = common::start(EmulatorConfig::default()).await;
    let admin = common::client(&emulator);
    let asked = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = asked.clone();
    let credentials = Credentials::token_source_fn(move || {
        let admin = admin.clone();
        let counter = counter.clone();
        async move {
            counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let token = admin.token().await?;
            let json = serde_json::json!({
                "access_token": token.access_token.expose_secret(),
                "expires_in": 3600,
            });
            Ok(serde_json::from_value(json).unwrap())
        }
    });
    let client = common::client_with(&emulator, credentials);
    let calls: Vec<_> = (0..8)
        .map(|_| tokio::spawn(client.get_oauth_scopes().send()))
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(asked.load(std::sync::atomic::Ordering::SeqCst), 1);
    emulator.shutdown().await;
}

/// Review (issue 27): a token request's own "login required", wrapped in `Error::Token` (a token source that says
/// so, a code grant without a refresh token), was not `is_login_required()`.
#[tokio::test]
async fn a_wrapped_login_required_is_login_required() {
    let emulator = common::start(EmulatorConfig::default()).await;
    let credentials = Credentials::token_source_fn(|| async {
        Err(genesys_cloud::Error::LoginRequired(
            genesys_cloud::LoginRequired::TokenCannotBeRenewed,
        ))
    });
    let client = common::client_with(&emulator, credentials);
    let error = client.get_oauth_scopes().await.unwrap_err();
    assert!(error.is_token(), "{error}");
    assert!(error.is_login_required(), "{error}");
    emulator.shutdown().await;
}
