//! A token response written out and read back (to keep a token across restarts), and its expiry instant.

use std::time::{Duration, SystemTime};

use genesys_cloud_core::models::{AccessToken, RefreshToken};
use genesys_cloud_core::token::TokenResponse;

const FULL: &str = r#"{"access_token":"at-1","token_type":"bearer","expires_in":86399,"refresh_token":"rt-1","scope":"oauth:client:view"}"#;

#[test]
fn a_token_response_is_written_with_the_keys_it_is_read_from() {
    let token: TokenResponse = serde_json::from_str(FULL).unwrap();
    assert_eq!(serde_json::to_string(&token).unwrap(), FULL);
    let again: TokenResponse =
        serde_json::from_str(&serde_json::to_string(&token).unwrap()).unwrap();
    assert_eq!(again, token);
    assert_eq!(again.refresh_token.unwrap().expose_secret(), "rt-1");
}

#[test]
fn absent_fields_stay_absent_and_fractions_of_a_second_are_dropped() {
    let minimal: TokenResponse = serde_json::from_str(r#"{"access_token":"at"}"#).unwrap();
    assert_eq!(
        serde_json::to_string(&minimal).unwrap(),
        r#"{"access_token":"at","token_type":""}"#
    );
    let built = TokenResponse::new(AccessToken::new("at"))
        .with_expires_in(Duration::from_millis(1_999))
        .with_refresh_token(RefreshToken::new("rt"))
        .with_scope("a b");
    let written = serde_json::to_value(&built).unwrap();
    assert_eq!(
        written,
        serde_json::json!({"access_token": "at", "token_type": "bearer", "expires_in": 1,
            "refresh_token": "rt", "scope": "a b"})
    );
}

#[test]
fn expires_at_adds_the_lifetime_without_ever_panicking() {
    let issued = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let token: TokenResponse = serde_json::from_str(FULL).unwrap();
    assert_eq!(
        token.expires_at(issued),
        Some(issued + Duration::from_secs(86_399))
    );
    assert_eq!(
        TokenResponse::new(AccessToken::new("a")).expires_at(issued),
        None
    );

    // Lifetimes past what SystemTime holds are "unknown", not a panic, from any starting point.
    let huge: TokenResponse = serde_json::from_str(&format!(
        r#"{{"access_token":"a","expires_in":{}}}"#,
        u64::MAX
    ))
    .unwrap();
    assert_eq!(huge.expires_in, Some(Duration::from_secs(u64::MAX)));
    assert_eq!(huge.expires_at(issued), None);
    let longest = TokenResponse::new(AccessToken::new("a")).with_expires_in(Duration::MAX);
    for start in [SystemTime::UNIX_EPOCH, issued, SystemTime::now()] {
        assert_eq!(longest.expires_at(start), None);
    }
}
