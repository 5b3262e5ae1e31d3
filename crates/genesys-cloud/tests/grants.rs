//! The grants of a user's login end to end against the emulator: authorization code (confidential), PKCE, refresh
//! before expiry and after a 401, a revoked or reused refresh token; each with many concurrent callers sharing one
//! token request. Codes come from `Emulator::issue_authorization_code`, as if a user had signed in and consented.

mod common;

use common::{client_with as client, many_calls};

use std::time::Duration;

use genesys_cloud::models::{ClientSecret, GrantType};
use genesys_cloud::token::{AuthorizationCode, PkceVerifier};
use genesys_cloud::{Client, Credentials, Error};
use genesys_cloud_emulator::{Emulator, EmulatorConfig};

const REDIRECT: &str = "http://127.0.0.1:8123/callback";

/// Creates a CODE-grant client with its redirect URI; returns its id and secret.
async fn code_client(emulator: &Emulator) -> (String, ClientSecret) {
    common::user_facing_client(emulator, GrantType::Code, REDIRECT).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confidential_code_login_makes_one_token_request_for_many_callers() {
    let emulator = common::start(EmulatorConfig::default()).await;
    let (id, secret) = code_client(&emulator).await;
    let code = emulator
        .issue_authorization_code(&id, REDIRECT, None, "alice")
        .unwrap();
    let tokens_before = emulator.stats().tokens_issued;
    let client = client(
        &emulator,
        Credentials::AuthorizationCode {
            client_id: id.clone(),
            client_secret: secret.clone(),
            code: AuthorizationCode::new(code.clone()),
            redirect_uri: REDIRECT.to_owned(),
        },
    );
    many_calls(&client, 20).await;
    assert_eq!(emulator.stats().tokens_issued, tokens_before + 1);
    let token = client.token().await.unwrap();
    assert!(
        token.refresh_token.is_some(),
        "a code login brings a refresh token"
    );
    // The code was single-use: another client with it is refused with invalid_grant, once.
    let replay = client_with_code(&emulator, &id, secret, &code);
    let error = replay.get_oauth_scopes().await.unwrap_err();
    assert_eq!(error.code(), Some("invalid_grant"), "{error:?}");
    emulator.shutdown().await;
}

fn client_with_code(emulator: &Emulator, id: &str, secret: ClientSecret, code: &str) -> Client {
    client(
        emulator,
        Credentials::AuthorizationCode {
            client_id: id.to_owned(),
            client_secret: secret,
            code: AuthorizationCode::new(code),
            redirect_uri: REDIRECT.to_owned(),
        },
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pkce_login_checks_its_verifier_and_makes_one_token_request() {
    let emulator = common::start(EmulatorConfig::default()).await;
    let (id, _) = code_client(&emulator).await;
    let verifier = PkceVerifier::from_random_bytes(&[7; 32]);
    let code = emulator
        .issue_authorization_code(&id, REDIRECT, Some(&verifier.challenge_s256()), "bob")
        .unwrap();
    let tokens_before = emulator.stats().tokens_issued;
    let pkce = |code: String, verifier: PkceVerifier| Credentials::Pkce {
        client_id: id.clone(),
        code: AuthorizationCode::new(code),
        verifier,
        redirect_uri: REDIRECT.to_owned(),
    };
    let client = client(&emulator, pkce(code, verifier));
    many_calls(&client, 20).await;
    assert_eq!(emulator.stats().tokens_issued, tokens_before + 1);
    // A wrong verifier is refused.
    let verifier = PkceVerifier::from_random_bytes(&[8; 32]);
    let code = emulator
        .issue_authorization_code(&id, REDIRECT, Some(&verifier.challenge_s256()), "bob")
        .unwrap();
    let wrong = client_with_pkce(
        &emulator,
        pkce(code, PkceVerifier::from_random_bytes(&[9; 32])),
    );
    let error = wrong.get_oauth_scopes().await.unwrap_err();
    assert_eq!(error.code(), Some("invalid_grant"), "{error:?}");
    // A redirect URI that is not the client's gets no code at all.
    assert!(
        emulator
            .issue_authorization_code(&id, "http://127.0.0.1:9/elsewhere", None, "bob")
            .is_none()
    );
    emulator.shutdown().await;
}

fn client_with_pkce(emulator: &Emulator, credentials: Credentials) -> Client {
    client(emulator, credentials)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_before_expiry_and_after_a_401_rotates_the_refresh_token() {
    // Tokens live 3 s: the client renews shortly before that, through the refresh token.
    let emulator =
        common::start(EmulatorConfig::default().token_lifetime(Duration::from_secs(3))).await;
    let (id, secret) = code_client(&emulator).await;
    let code = emulator
        .issue_authorization_code(&id, REDIRECT, None, "carol")
        .unwrap();
    let client = client(
        &emulator,
        Credentials::AuthorizationCode {
            client_id: id.clone(),
            client_secret: secret.clone(),
            code: AuthorizationCode::new(code),
            redirect_uri: REDIRECT.to_owned(),
        },
    );
    many_calls(&client, 5).await;
    let first = client.token().await.unwrap();
    let first_refresh = first.refresh_token.clone().unwrap();
    tokio::time::sleep(Duration::from_millis(3_100)).await;
    let tokens_before = emulator.stats().tokens_issued;
    many_calls(&client, 10).await;
    assert_eq!(
        emulator.stats().tokens_issued,
        tokens_before + 1,
        "one refresh for all"
    );
    let second = client.token().await.unwrap();
    assert_ne!(second.access_token, first.access_token);
    let second_refresh = second.refresh_token.clone().unwrap();
    assert_ne!(second_refresh, first_refresh, "refresh tokens rotate");

    // After a 401 (the token revoked), one refresh and the call goes through.
    emulator.revoke_token(second.access_token.expose_secret());
    let tokens_before = emulator.stats().tokens_issued;
    client.get_oauth_scopes().await.unwrap();
    assert_eq!(emulator.stats().tokens_issued, tokens_before + 1);

    // The used refresh token is refused: a token error with invalid_grant, after one request, no loop.
    let requests_before = emulator.stats().requests;
    let reused = Client::builder()
        .base_url(emulator.base_url())
        .credentials(Credentials::RefreshToken {
            client_id: id.clone(),
            client_secret: secret,
            refresh_token: first_refresh,
        })
        .build()
        .unwrap();
    let error = reused.get_oauth_scopes().await.unwrap_err();
    assert!(matches!(error, Error::Token(_)), "{error:?}");
    assert_eq!(error.code(), Some("invalid_grant"), "{error:?}");
    assert_eq!(emulator.stats().requests, requests_before + 1);
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_refresh_token_is_revoked_with_a_new_secret() {
    let emulator = common::start(EmulatorConfig::default()).await;
    let (id, secret) = code_client(&emulator).await;
    let code = emulator
        .issue_authorization_code(&id, REDIRECT, None, "dave")
        .unwrap();
    let client = client(
        &emulator,
        Credentials::AuthorizationCode {
            client_id: id.clone(),
            client_secret: secret,
            code: AuthorizationCode::new(code),
            redirect_uri: REDIRECT.to_owned(),
        },
    );
    let refresh = client.token().await.unwrap().refresh_token.unwrap();
    let new_secret = common::client(&emulator)
        .rotate_oauth_client_secret(&id)
        .await
        .unwrap();
    let after = Client::builder()
        .base_url(emulator.base_url())
        .credentials(Credentials::RefreshToken {
            client_id: id,
            client_secret: new_secret,
            refresh_token: refresh,
        })
        .build()
        .unwrap();
    let error = after.get_oauth_scopes().await.unwrap_err();
    assert_eq!(error.code(), Some("invalid_grant"), "{error:?}");
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pkce_login_renews_through_its_refresh_token_without_a_secret() {
    // The platform gives code and PKCE logins a refresh token; a public client renews with it and its client id.
    let emulator = common::start(EmulatorConfig::default()).await;
    let (id, secret) = code_client(&emulator).await;
    let verifier = PkceVerifier::from_random_bytes(&[5; 32]);
    let code = emulator
        .issue_authorization_code(&id, REDIRECT, Some(&verifier.challenge_s256()), "erin")
        .unwrap();
    let client = client(
        &emulator,
        Credentials::Pkce {
            client_id: id.clone(),
            code: AuthorizationCode::new(code),
            verifier,
            redirect_uri: REDIRECT.to_owned(),
        },
    );
    many_calls(&client, 5).await;
    let first = client.token().await.unwrap();
    let first_refresh = first
        .refresh_token
        .clone()
        .expect("a PKCE login brings a refresh token");

    // After a 401 (the token revoked), one public refresh for many callers, and the calls go through.
    emulator.revoke_token(first.access_token.expose_secret());
    let tokens_before = emulator.stats().tokens_issued;
    many_calls(&client, 10).await;
    assert_eq!(emulator.stats().tokens_issued, tokens_before + 1);
    let second = client.token().await.unwrap();
    assert_ne!(second.access_token, first.access_token);
    assert_ne!(
        second.refresh_token.unwrap(),
        first_refresh,
        "refresh tokens rotate"
    );

    // A confidential login's refresh token needs the secret: the client id alone does not spend it.
    let code = emulator
        .issue_authorization_code(&id, REDIRECT, None, "erin")
        .unwrap();
    let confidential = client_with_code(&emulator, &id, secret, &code);
    let confidential_refresh = confidential.token().await.unwrap().refresh_token.unwrap();
    let without_secret = client_with_pkce(
        &emulator,
        Credentials::PublicRefreshToken {
            client_id: id.clone(),
            refresh_token: confidential_refresh,
        },
    );
    let error = without_secret.get_oauth_scopes().await.unwrap_err();
    assert_eq!(error.code(), Some("invalid_grant"), "{error:?}");
    emulator.shutdown().await;
}
