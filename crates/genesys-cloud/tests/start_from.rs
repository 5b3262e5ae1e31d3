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
