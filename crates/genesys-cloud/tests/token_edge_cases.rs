//! Token edge cases, driven by a transport answering from memory: PKCE logins, a failed renewal while the token
//! still works, a lifetime too long for the clock, and one token request for many callers when it fails.

mod common;

use common::json;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use bytes::Bytes;
use genesys_cloud::token::{AuthorizationCode, PkceVerifier};
use genesys_cloud::{Client, Credentials};
use genesys_cloud_emulator::EmulatorConfig;

const SCOPES: &str = r#"{"total":1,"entities":[{"id":"users"}]}"#;

/// A client whose token endpoint answers with `token_answer(n)` for its n-th call (from 0), and whose API answers
/// every call with the scope list.
fn client_with(
    credentials: Credentials,
    token_answer: impl Fn(usize, &str) -> (u16, String) + Send + Sync + 'static,
) -> (Client, Arc<AtomicUsize>) {
    let token_calls = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&token_calls);
    let token_answer = Arc::new(token_answer);
    let client = Client::builder()
        .base_url("https://api.example.test")
        .credentials(credentials)
        .renew_token_before(Duration::from_secs(60))
        .transport_fn(move |request: http::Request<Bytes>| {
            let counter = Arc::clone(&counter);
            let token_answer = Arc::clone(&token_answer);
            async move {
                if request.uri().path() == "/oauth/token" {
                    let n = counter.fetch_add(1, Ordering::SeqCst);
                    let form = String::from_utf8_lossy(request.body()).into_owned();
                    let (status, body) = token_answer(n, &form);
                    json(status, &body)
                } else {
                    json(200, SCOPES)
                }
            }
        })
        .build()
        .unwrap();
    (client, token_calls)
}

#[tokio::test]
async fn a_pkce_login_exchanges_its_code_once() {
    let verifier = PkceVerifier::from_random_bytes(&[9; 32]);
    let expected = format!("code_verifier={}", verifier.expose_secret());
    let credentials = Credentials::Pkce {
        client_id: "public-client".to_owned(),
        code: AuthorizationCode::new("the-code"),
        verifier,
        redirect_uri: "http://localhost:8080/cb".to_owned(),
    };
    let (client, token_calls) = client_with(credentials, move |_, form| {
        assert!(
            form.contains("grant_type=authorization_code") && form.contains(&expected),
            "{form}"
        );
        (
            200,
            r#"{"access_token":"pkce-token","token_type":"bearer","expires_in":3600}"#.to_owned(),
        )
    });
    client.get_oauth_scopes().await.unwrap();
    client.get_oauth_scopes().await.unwrap();
    assert_eq!(token_calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_lifetime_too_long_for_the_clock_is_no_panic() {
    let (client, token_calls) =
        client_with(Credentials::client_credentials("id", "secret"), |_, _| {
            (
                200,
                r#"{"access_token":"t","token_type":"bearer","expires_in":18446744073709551615}"#
                    .to_owned(),
            )
        });
    client.get_oauth_scopes().await.unwrap();
    client.get_oauth_scopes().await.unwrap();
    assert_eq!(token_calls.load(Ordering::SeqCst), 1);
}

#[tokio::test(start_paused = true)]
async fn a_failed_renewal_keeps_using_the_token_until_it_expires() {
    let (client, token_calls) =
        client_with(Credentials::client_credentials("id", "secret"), |n, _| {
            if n == 0 {
                (
                    200,
                    r#"{"access_token":"first","token_type":"bearer","expires_in":600}"#.to_owned(),
                )
            } else {
                (
                    400,
                    r#"{"error":"invalid_client","error_description":"revoked"}"#.to_owned(),
                )
            }
        });
    client.get_oauth_scopes().await.unwrap();
    // Past the renewal point (600 s minus up to 90 s) but before expiry: the renewal fails, and every one of
    // several concurrent calls (not only the one that tried to renew) succeeds with the token.
    tokio::time::sleep(Duration::from_secs(595)).await;
    let calls: Vec<_> = (0..5)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_oauth_scopes().await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(token_calls.load(Ordering::SeqCst), 2);
    // After expiry the failure is the caller's.
    tokio::time::sleep(Duration::from_secs(10)).await;
    let error = client.get_oauth_scopes().await.unwrap_err();
    assert!(matches!(error, genesys_cloud::Error::Token(_)), "{error:?}");
    assert_eq!(error.code(), Some("invalid_client"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_login_costs_one_token_request_however_many_callers_wait() {
    // A slow token endpoint, so that every caller is waiting while the one token request fails.
    let faults = genesys_cloud_emulator::FaultSpec::parse("slow=1:ms=300").unwrap();
    let emulator = common::start(EmulatorConfig::default().faults(faults)).await;
    let client = Client::builder()
        .base_url(emulator.base_url())
        .client_credentials(emulator.admin_client_id(), "not-the-secret")
        .build()
        .unwrap();
    let calls: Vec<_> = (0..50)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_oauth_scopes().await })
        })
        .collect();
    for call in calls {
        let error = call.await.unwrap().unwrap_err();
        assert!(matches!(error, genesys_cloud::Error::Token(_)), "{error:?}");
        // Every caller gets the token endpoint's own answer, not a summary of it.
        assert_eq!(
            error.status(),
            Some(http::StatusCode::UNAUTHORIZED),
            "{error:?}"
        );
        assert_eq!(error.code(), Some("invalid_client"), "{error:?}");
        assert!(!error.to_string().contains("not-the-secret"));
    }
    let stats = emulator.stats();
    assert_eq!(stats.requests, 1, "{stats:?}");
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_endpoint_that_echoes_the_secret_does_not_put_it_in_any_error() {
    // The emulator never echoes a secret; this server does, in its error description, to every waiting caller.
    let (client, token_calls) = client_with(
        Credentials::client_credentials("id", "echoed-s3cret-value"),
        // It echoes the secret it was sent in the Authorization header.
        |_, _| {
            (
                401,
                r#"{"error":"invalid_client","error_description":"bad secret echoed-s3cret-value"}"#
                    .to_owned(),
            )
        },
    );
    let calls: Vec<_> = (0..5)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_oauth_scopes().await })
        })
        .collect();
    for call in calls {
        let error = call.await.unwrap().unwrap_err();
        assert_eq!(error.code(), Some("invalid_client"), "{error:?}");
        let mut shown = format!(
            "{error} {error:?} {:?}",
            error.api_error().map(|api| &api.raw_body)
        );
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            shown.push_str(&cause.to_string());
            source = cause.source();
        }
        assert!(!shown.contains("echoed-s3cret-value"), "{shown}");
        assert!(shown.contains("[redacted]"), "{shown}");
    }
    assert!(token_calls.load(Ordering::SeqCst) <= 5);
}

/// Review: an error of the token endpoint was scrubbed of the credentials' own secrets only, so the refresh token
/// a login had received (and sent to renew) came out in the error when the endpoint echoed it.
#[tokio::test]
async fn a_renewal_that_echoes_the_refresh_token_does_not_put_it_in_the_error() {
    let credentials = Credentials::Pkce {
        client_id: "public-client".to_owned(),
        code: AuthorizationCode::new("the-code"),
        verifier: PkceVerifier::from_random_bytes(&[7; 32]),
        redirect_uri: "http://127.0.0.1:8080/cb".to_owned(),
    };
    let (client, _) = client_with(credentials, |n, form| {
        if n == 0 {
            return (
                200,
                r#"{"access_token":"first","token_type":"bearer","expires_in":1,
                    "refresh_token":"received-refresh-s3cret"}"#
                    .to_owned(),
            );
        }
        let sent = form
            .split('&')
            .find_map(|pair| pair.strip_prefix("refresh_token="))
            .unwrap_or("none");
        (
            400,
            format!(
                r#"{{"error":"invalid_grant","error_description":"refresh token {sent} was revoked"}}"#
            ),
        )
    });
    client.get_oauth_scopes().await.unwrap();
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    let error = client.get_oauth_scopes().await.unwrap_err();
    assert_eq!(error.code(), Some("invalid_grant"), "{error:?}");
    let mut shown = format!(
        "{error} {error:?} {:?}",
        error.api_error().map(|api| &api.raw_body)
    );
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        shown.push_str(&cause.to_string());
        source = cause.source();
    }
    assert!(!shown.contains("received-refresh-s3cret"), "{shown}");
    assert!(shown.contains("[redacted]"), "{shown}");
}

/// Review 4: the scrub looked for a secret only as it was written, but a JSON body may spell it with escapes
/// (`\/` for `/`, as many JSON writers do, `\"`, `\uXXXX`): an endpoint that echoed a base64 secret such as
/// `ab/cd+ef=` put it, decoded again by the error's parse, into the error's message.
#[tokio::test]
async fn an_echoed_secret_spelled_with_json_escapes_does_not_reach_the_error() {
    const SECRET: &str = "s3cret/with/slashes+and=";
    let (client, _) = client_with(Credentials::client_credentials("id", SECRET), |_, _| {
        (
            401,
            format!(
                r#"{{"error":"invalid_client","error_description":"bad secret {}"}}"#,
                SECRET.replace('/', "\\/")
            ),
        )
    });
    let error = client.get_oauth_scopes().await.unwrap_err();
    assert_eq!(error.code(), Some("invalid_client"), "{error:?}");
    let mut shown = format!("{error} {error:?}");
    if let Some(api) = error.api_error() {
        shown.push_str(&format!(
            " {:?} {:?}",
            api.message(),
            String::from_utf8_lossy(&api.raw_body)
        ));
    }
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        shown.push_str(&cause.to_string());
        source = cause.source();
    }
    assert!(!shown.contains(SECRET), "{shown}");
    assert!(!shown.contains(&SECRET.replace('/', "\\/")), "{shown}");
}

/// Issue 27: a refresh token another process already spent answers `invalid_grant`; that is a new login, not a
/// transient failure, so `is_login_required()` says so (it said false), while a refused client secret does not.
#[tokio::test]
async fn a_spent_refresh_token_means_login_required() {
    let emulator = common::start(EmulatorConfig::default().demo_data(true)).await;
    let spent = common::client_with(
        &emulator,
        Credentials::PublicRefreshToken {
            client_id: genesys_cloud_emulator::catalogue::DEMO_PKCE_CLIENT_ID.to_owned(),
            refresh_token: "spent-by-another-process".into(),
        },
    );
    let error = spent.get_tokens_me().await.unwrap_err();
    assert_eq!(error.code(), Some("invalid_grant"), "{error}");
    assert!(error.is_login_required(), "{error}");
    assert!(!error.is_retryable(), "{error}");
    let wrong_secret = common::client_with(
        &emulator,
        Credentials::client_credentials(emulator.admin_client_id(), "not-the-secret"),
    );
    let error = wrong_secret.get_tokens_me().await.unwrap_err();
    assert!(!error.is_login_required(), "{error}");
    emulator.shutdown().await;
}
