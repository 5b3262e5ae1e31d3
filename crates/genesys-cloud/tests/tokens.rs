//! The token cache: one token request for many concurrent callers, renewal before expiry, one refresh after a 401.

mod common;

use std::time::Duration;

use genesys_cloud::{Client, Credentials};
use genesys_cloud_emulator::EmulatorConfig;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_concurrent_calls_on_a_cold_client_make_one_token_request() {
    let emulator = common::start(EmulatorConfig::default()).await;
    let client = common::client(&emulator);
    let calls: Vec<_> = (0..100)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_oauth_scopes().await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    let stats = emulator.stats();
    assert_eq!(stats.tokens_issued, 1, "{stats:?}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_token_is_renewed_before_it_expires() {
    let emulator =
        common::start(EmulatorConfig::default().token_lifetime(Duration::from_secs(2))).await;
    let client = common::builder(&emulator)
        .renew_token_before(Duration::from_millis(500))
        .build()
        .unwrap();
    client.get_oauth_scopes().await.unwrap();
    let first = client.token().await.unwrap();
    assert!(first.expires_at.is_some());
    assert_eq!(emulator.stats().tokens_issued, 1);
    // Past the renewal point (lifetime minus a tenth, minus jitter) but before expiry: renewed, no 401 seen.
    tokio::time::sleep(Duration::from_millis(1_850)).await;
    client.get_oauth_scopes().await.unwrap();
    let stats = emulator.stats();
    assert_eq!(stats.tokens_issued, 2, "{stats:?}");
    assert_eq!(stats.requests_by_status.get("401"), None, "{stats:?}");
    let second = client.token().await.unwrap();
    assert_ne!(first.access_token, second.access_token);
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_401_causes_exactly_one_refresh_and_one_retry() {
    let emulator = common::start(EmulatorConfig::default()).await;
    let client = common::client(&emulator);
    client.get_oauth_clients().await.unwrap();
    let before = emulator.stats();
    emulator.expire_all_tokens();
    client.get_oauth_clients().await.unwrap();
    let after = emulator.stats();
    assert_eq!(after.tokens_issued, before.tokens_issued + 1, "{after:?}");
    assert_eq!(
        after.requests_by_status.get("401").copied(),
        Some(1),
        "{after:?}"
    );
    // The 401, the token request and the retry.
    assert_eq!(after.requests, before.requests + 3, "{after:?}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_static_token_that_expired_fails_with_401_and_no_refresh() {
    let emulator = common::start(EmulatorConfig::default()).await;
    let login = common::client(&emulator);
    let token = login.token().await.unwrap().access_token;
    let client = Client::builder()
        .base_url(emulator.base_url())
        .credentials(Credentials::access_token(token))
        .build()
        .unwrap();
    client.get_oauth_clients().await.unwrap();
    emulator.expire_all_tokens();
    let error = client.get_oauth_clients().await.unwrap_err();
    assert!(error.is_unauthorized(), "{error}");
    assert_eq!(emulator.stats().tokens_issued, 1);
    emulator.shutdown().await;
}

#[tokio::test]
async fn wrong_credentials_give_a_token_error() {
    let emulator = common::start(EmulatorConfig::default()).await;
    let client = Client::builder()
        .base_url(emulator.base_url())
        .client_credentials(emulator.admin_client_id(), "not-the-secret")
        .build()
        .unwrap();
    let error = client.get_oauth_clients().await.unwrap_err();
    assert!(matches!(error, genesys_cloud::Error::Token(_)), "{error:?}");
    assert!(
        error
            .to_string()
            .starts_with("could not get an access token: HTTP 401"),
        "{error}"
    );
    assert!(!error.to_string().contains("not-the-secret"));
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_request_that_cannot_be_built_costs_no_token_request() {
    let emulator = common::start(EmulatorConfig::default()).await;
    let client = common::client(&emulator);
    let error = client.get_oauth_client("").await.unwrap_err();
    assert!(matches!(error, genesys_cloud::Error::Build(_)), "{error:?}");
    let error = client
        .get_oauth_scopes()
        .accept_language("en\r\nX-Evil: 1")
        .await
        .unwrap_err();
    assert!(matches!(error, genesys_cloud::Error::Build(_)), "{error:?}");
    assert_eq!(emulator.stats().tokens_issued, 0);
    assert_eq!(emulator.stats().requests, 0);
    emulator.shutdown().await;
}
