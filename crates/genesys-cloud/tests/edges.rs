//! Regression tests for the executor defects of the "edges that hold" review, each named after its defect.
//! Servers are in memory (a transport closure) or the emulator on 127.0.0.1.

mod common;

use common::json;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use genesys_cloud::models::{ClientState, GrantType, OAuthClientRequest};
use genesys_cloud::token::{AuthorizationCode, PkceVerifier};
use genesys_cloud::{
    Client, ClientBuilder, Credentials, Error, Patience, ProxySettings, RetryConfig, SendState,
    TransportError, TransportErrorKind, UsagePolling,
};
use genesys_cloud_emulator::{EmulatorConfig, FaultSpec};

const SCOPES: &str = r#"{"total":1,"entities":[{"id":"users"}]}"#;
const TOKEN_600: &str = r#"{"access_token":"first","token_type":"bearer","expires_in":600}"#;

/// What a test server answers: a status and a body, or a transport failure.
type Answer = Result<(u16, String), TransportError>;

/// A builder whose transport answers token requests with `token(n)` (n from 0) and API requests with `api(n)`,
/// each after `token_delay` / no delay; returns the builder and the two counters.
fn in_memory(
    credentials: Credentials,
    token_delay: Duration,
    token: impl Fn(usize, &str) -> Answer + Send + Sync + 'static,
    api: impl Fn(usize, &http::Request<Bytes>) -> Answer + Send + Sync + 'static,
) -> (ClientBuilder, Arc<AtomicUsize>, Arc<AtomicUsize>) {
    let token_calls = Arc::new(AtomicUsize::new(0));
    let api_calls = Arc::new(AtomicUsize::new(0));
    let (tokens, apis) = (Arc::clone(&token_calls), Arc::clone(&api_calls));
    let (token, api) = (Arc::new(token), Arc::new(api));
    let builder = Client::builder()
        .base_url("https://api.example.test")
        .credentials(credentials)
        .transport_fn(move |request: http::Request<Bytes>| {
            let (tokens, apis) = (Arc::clone(&tokens), Arc::clone(&apis));
            let (token, api) = (Arc::clone(&token), Arc::clone(&api));
            async move {
                let answer = if request.uri().path() == "/oauth/token" {
                    let n = tokens.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(token_delay).await;
                    token(n, &String::from_utf8_lossy(request.body()))
                } else {
                    api(apis.fetch_add(1, Ordering::SeqCst), &request)
                };
                answer.and_then(|(status, body)| json(status, &body))
            }
        });
    (builder, token_calls, api_calls)
}

fn ok(body: &str) -> Answer {
    Ok((200, body.to_owned()))
}

fn maybe_sent() -> TransportError {
    TransportError::new(
        TransportErrorKind::Io,
        SendState::MaybeSent,
        "the connection broke after sending",
        None,
    )
}

fn not_sent() -> TransportError {
    TransportError::new(
        TransportErrorKind::Connect,
        SendState::NotSent,
        "connection refused",
        None,
    )
}

/// Every message of `error`'s chain, top first.
fn chain(error: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut lines = Vec::new();
    let mut next = Some(error);
    while let Some(current) = next {
        lines.push(current.to_string());
        next = current.source();
    }
    lines
}

/// No message of the chain is repeated by the one above it (nor anywhere else in the chain).
fn assert_no_repeats(error: &Error) {
    let lines = chain(error);
    for pair in lines.windows(2) {
        assert!(
            !pair[0].contains(&pair[1]),
            "`{}` repeats its source `{}`: {lines:#?}",
            pair[0],
            pair[1]
        );
    }
    for (i, line) in lines.iter().enumerate() {
        assert!(!lines[i + 1..].contains(line), "{lines:#?}");
    }
}

// 1. An https:// proxy would receive its password in cleartext.
#[test]
fn an_https_proxy_is_refused_at_build_and_its_password_is_never_sent() {
    let error = Client::builder()
        .proxy(ProxySettings::Explicit {
            url: "https://user:s3cret-pass@127.0.0.1:9".to_owned(),
            no_proxy: String::new(),
        })
        .client_credentials("id", "secret")
        .build()
        .unwrap_err();
    let message = error.to_string();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert!(
        message.contains("https:// proxies are not supported"),
        "{message}"
    );
    assert!(message.contains("explicit proxy URL"), "{message}");
    assert!(!message.contains("s3cret-pass") && !format!("{error:?}").contains("s3cret-pass"));
}

// 2. A proxy URL that does not parse was dropped, and requests went direct.
#[test]
fn a_proxy_url_that_does_not_parse_fails_the_build_and_names_its_source() {
    for url in [
        "http://user:pa/ss@127.0.0.1:3128",
        "http://user:pa?ss@127.0.0.1:3128",
        "http://user:p#ss@127.0.0.1:3128",
        "http://proxy.corp:99999",
        "socks5://127.0.0.1:1080",
        "ftp://proxy.corp:21",
        "http://",
    ] {
        let error = Client::builder()
            .proxy(ProxySettings::Explicit {
                url: url.to_owned(),
                no_proxy: String::new(),
            })
            .client_credentials("id", "secret")
            .build()
            .unwrap_err();
        let message = error.to_string();
        assert!(matches!(error, Error::Config(_)), "{url}: {error:?}");
        assert!(message.contains("explicit proxy URL"), "{url}: {message}");
        assert!(
            !message.contains("pa/") && !message.contains("ss@"),
            "{message}"
        );
    }
}

#[tokio::test]
async fn a_connect_failure_through_a_proxy_names_the_proxy() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = Client::builder()
        .base_url("http://api.example.test:8080")
        .allow_http(true)
        .proxy(ProxySettings::Explicit {
            url: format!("http://user:hunter2-pass@127.0.0.1:{port}"),
            no_proxy: String::new(),
        })
        .access_token("t")
        .no_retries()
        .build()
        .unwrap();
    let error = client.get_oauth_scopes().await.unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains(&format!("through the proxy http://127.0.0.1:{port}")),
        "{message}"
    );
    let all = chain(&error).join(" | ");
    assert!(
        !all.contains("hunter2") && !format!("{error:?}").contains("hunter2"),
        "{all}"
    );
    assert_no_repeats(&error);
}

// 3. Callers queued behind a failed early renewal failed although the token still worked.
#[tokio::test(start_paused = true)]
async fn callers_queued_behind_a_failed_early_renewal_keep_using_the_token() {
    let (builder, token_calls, _) = in_memory(
        Credentials::client_credentials("id", "secret"),
        Duration::from_secs(2),
        |n, _| match n {
            0 => ok(TOKEN_600),
            _ => Ok((503, r#"{"error":"temporarily_unavailable"}"#.to_owned())),
        },
        |_, _| ok(SCOPES),
    );
    let client = builder
        .renew_token_before(Duration::from_secs(60))
        .no_retries()
        .build()
        .unwrap();
    client.get_oauth_scopes().await.unwrap();
    tokio::time::sleep(Duration::from_secs(595)).await;
    let calls: Vec<_> = (0..5)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_oauth_scopes().await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().expect("the token still works");
    }
    assert_eq!(
        token_calls.load(Ordering::SeqCst),
        2,
        "one renewal for the five"
    );
    // The next calls go on with the token without waiting for another renewal at once.
    client.get_oauth_scopes().await.unwrap();
    assert_eq!(token_calls.load(Ordering::SeqCst), 2);
    // Once it has expired, the failure is every caller's.
    tokio::time::sleep(Duration::from_secs(10)).await;
    let error = client.get_oauth_scopes().await.unwrap_err();
    assert!(matches!(error, Error::Token(_)), "{error:?}");
}

// 4. Waiters got `Token(GaveUp(String))` while the leader got the real error.
#[tokio::test(start_paused = true)]
async fn waiters_get_the_same_error_as_the_leader() {
    let (builder, token_calls, _) = in_memory(
        Credentials::client_credentials("id", "secret"),
        Duration::from_secs(1),
        |_, _| {
            Ok((
                503,
                r#"{"error":"temporarily_unavailable","error_description":"try later"}"#.to_owned(),
            ))
        },
        |_, _| ok(SCOPES),
    );
    let client = builder.no_retries().build().unwrap();
    let calls: Vec<_> = (0..5)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_oauth_scopes().await })
        })
        .collect();
    let mut errors = Vec::new();
    for call in calls {
        errors.push(call.await.unwrap().unwrap_err());
    }
    assert_eq!(token_calls.load(Ordering::SeqCst), 1);
    for error in &errors {
        assert!(matches!(error, Error::Token(_)), "{error:?}");
        assert_eq!(error.status(), Some(http::StatusCode::SERVICE_UNAVAILABLE));
        assert_eq!(error.code(), Some("temporarily_unavailable"));
        assert!(error.is_transient() && error.is_retryable(), "{error:?}");
        assert_eq!(error.to_string(), errors[0].to_string());
    }
}

// 5. A DELETE whose first attempt was applied was reported as "not found".

/// A client whose first API attempt fails with `first` and whose every later attempt answers 404, with quick
/// retries; and the counter of API calls.
fn first_fails_then_404(first: fn() -> TransportError) -> (Client, Arc<AtomicUsize>) {
    let (builder, _, api_calls) = in_memory(
        Credentials::client_credentials("id", "secret"),
        Duration::ZERO,
        |_, _| ok(TOKEN_600),
        move |n, _| match n {
            0 => Err(first()),
            _ => Ok((
                404,
                r#"{"status":404,"code":"not.found","message":"gone"}"#.to_owned(),
            )),
        },
    );
    let client = builder
        .retry(
            RetryConfig::default().with_backoff(Duration::from_millis(1), Duration::from_millis(2)),
        )
        .build()
        .unwrap();
    (client, api_calls)
}

#[tokio::test]
async fn a_retried_delete_whose_first_attempt_was_applied_succeeds() {
    let (client, api_calls) = first_fails_then_404(maybe_sent);
    let answer = client
        .delete_oauth_client("c1")
        .with_meta()
        .await
        .expect("the first attempt deleted it");
    assert_eq!(api_calls.load(Ordering::SeqCst), 2);
    // The metadata says what the server answered.
    assert_eq!(answer.meta.status, http::StatusCode::NOT_FOUND);
    assert_eq!(answer.meta.attempts, 2);
}

#[tokio::test]
async fn a_404_is_still_not_found_when_no_earlier_attempt_could_have_been_applied() {
    // Refused before sending, then 404: nothing of ours was applied, so the client was not there.
    let (client, _) = first_fails_then_404(not_sent);
    let error = client.delete_oauth_client("c1").await.unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
    // A GET that broke after sending and then answered 404 is not found too: only a delete's goal is absence.
    let (client, _) = first_fails_then_404(maybe_sent);
    let error = client.get_oauth_client("c1").await.unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
}

#[tokio::test]
async fn deletes_broken_after_the_emulator_applied_them_succeed() {
    let emulator = common::start(EmulatorConfig::default().fault_seed(5)).await;
    let client = common::builder(&emulator)
        .retry(
            RetryConfig::default()
                .with_max_attempts(12)
                .with_backoff(Duration::from_millis(1), Duration::from_millis(5)),
        )
        .build()
        .unwrap();
    let mut ids = Vec::new();
    for n in 0..12 {
        let mut request =
            OAuthClientRequest::new(format!("doomed-{n}"), GrantType::ClientCredentials);
        request.state = Some(ClientState::Inactive);
        ids.push(
            client
                .post_oauth_clients(request)
                .await
                .unwrap()
                .id
                .unwrap(),
        );
    }
    emulator.set_faults(FaultSpec::parse("reset-after=0.5").unwrap());
    for id in &ids {
        client
            .delete_oauth_client(id)
            .await
            .expect("the delete reached its goal");
    }
    emulator.set_faults(FaultSpec::none());
    let stats = emulator.stats();
    assert!(stats.faults.reset_after > 0, "{stats:?}");
    assert_eq!(
        stats.mutations.delete,
        ids.len() as u64,
        "each applied once: {stats:?}"
    );
    for id in &ids {
        assert!(
            client
                .get_oauth_client(id)
                .await
                .unwrap_err()
                .is_not_found()
        );
    }
    emulator.shutdown().await;
}

// 6. The paginator reported a clean end after an error.
#[tokio::test]
async fn a_bad_page_link_keeps_failing_and_never_looks_like_the_end() {
    let (builder, _, api_calls) = in_memory(
        Credentials::access_token("t"),
        Duration::ZERO,
        |_, _| ok(TOKEN_600),
        |_, _| ok(r#"{"entities":[{"id":"a","name":"a"}],"nextUri":"/api/v2/users?pageNumber=2"}"#),
    );
    let client = builder.no_retries().build().unwrap();
    let mut pages = client.get_oauth_clients().pages();
    assert!(pages.next_page().await.unwrap().is_some());
    for _ in 0..3 {
        let error = pages.next_page().await.unwrap_err();
        assert!(matches!(error, Error::Build(_)), "{error:?}");
    }
    assert_eq!(api_calls.load(Ordering::SeqCst), 1);
    let mut items = client.get_oauth_clients().items();
    assert_eq!(items.next_item().await.unwrap().unwrap().name, "a");
    assert!(items.next_item().await.is_err());
    assert!(items.next_item().await.is_err());
    assert!(
        client
            .get_oauth_clients()
            .pages()
            .collect_all()
            .await
            .is_err()
    );
}

// 7. A token that cannot be a header value cost one token request per waiting caller, and was a build error.
#[tokio::test(start_paused = true)]
async fn a_token_that_cannot_be_a_header_costs_one_request_and_is_a_token_error() {
    let (builder, token_calls, api_calls) = in_memory(
        Credentials::client_credentials("id", "secret"),
        Duration::from_secs(1),
        |_, _| ok(r#"{"access_token":"bad\ntoken","token_type":"bearer","expires_in":600}"#),
        |_, _| ok(SCOPES),
    );
    let client = builder.no_retries().build().unwrap();
    let calls: Vec<_> = (0..5)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_oauth_scopes().await })
        })
        .collect();
    for call in calls {
        let error = call.await.unwrap().unwrap_err();
        assert!(matches!(error, Error::Token(_)), "{error:?}");
        assert!(error.to_string().contains("header"), "{error}");
        assert!(!error.to_string().contains("bad\ntoken"));
    }
    assert_eq!(token_calls.load(Ordering::SeqCst), 1);
    assert_eq!(api_calls.load(Ordering::SeqCst), 0);
}

// 8. A huge Duration panicked; every public Duration setting takes any value.
#[tokio::test(start_paused = true)]
async fn no_duration_setting_panics_at_zero_or_max() {
    for duration in [Duration::ZERO, Duration::from_nanos(1), Duration::MAX] {
        let (builder, _, _) = in_memory(
            Credentials::client_credentials("id", "secret"),
            Duration::ZERO,
            |_, _| ok(TOKEN_600),
            |_, _| ok(SCOPES),
        );
        let client = builder
            .connect_timeout(duration)
            .attempt_timeout(duration)
            .total_timeout(duration)
            .renew_token_before(duration)
            .retry(
                RetryConfig::default()
                    .with_backoff(duration, duration)
                    .with_max_retry_after(duration)
                    .with_total_budget(Some(duration)),
            )
            .build()
            .unwrap();
        // A zero timeout may fail the call, but never panics or hangs.
        let _ = client.get_oauth_scopes().await;
        let _ = client.token().await;
        for (deadline, interval) in [
            (duration, Duration::from_secs(1)),
            (Duration::from_secs(1), duration),
            (duration, duration),
        ] {
            let patience = Patience::new(deadline, interval);
            let _ = tokio::time::timeout(
                Duration::from_secs(3600),
                client.wait_until_readable("c1").patience(patience),
            )
            .await;
        }
        let polling = UsagePolling::default()
            .with_deadline(duration)
            .with_intervals(duration, duration);
        let _ = tokio::time::timeout(
            Duration::from_secs(3600),
            client.wait_for_usage_result("c1", "e1").polling(polling),
        )
        .await;
    }
}

#[tokio::test]
async fn a_patience_looking_every_duration_max_is_no_panic() {
    // The case of the review, on the real clock (a paused one never moves, and 0 + MAX does not overflow): one
    // second of patience, looking every `Duration::MAX`, against a 404.
    let (builder, _, api_calls) = in_memory(
        Credentials::access_token("t"),
        Duration::ZERO,
        |_, _| ok(TOKEN_600),
        |_, _| Ok((404, r#"{"status":404,"code":"not.found"}"#.to_owned())),
    );
    let client = builder.no_retries().build().unwrap();
    let error = client
        .wait_until_readable("c1")
        .patience(Patience::new(Duration::from_secs(1), Duration::MAX))
        .await
        .unwrap_err();
    assert!(error.is_not_found());
    assert_eq!(api_calls.load(Ordering::SeqCst), 1);
}

// 9. Error chains repeated themselves.
#[tokio::test]
async fn no_line_of_an_error_chain_appears_twice() {
    let (builder, _, _) = in_memory(
        Credentials::client_credentials("id", "secret"),
        Duration::ZERO,
        |n, _| match n {
            0 => Ok((503, r#"{"error":"temporarily_unavailable"}"#.to_owned())),
            _ => ok(TOKEN_600),
        },
        |n, _| match n {
            0 => Ok((
                404,
                r#"{"status":404,"code":"not.found","message":"no such client"}"#.to_owned(),
            )),
            1 => ok("{not json"),
            _ => Err(maybe_sent()),
        },
    );
    let client = builder.no_retries().build().unwrap();
    let token = client.get_oauth_scopes().await.unwrap_err();
    assert!(matches!(token, Error::Token(_)), "{token:?}");
    assert_no_repeats(&token);
    let api = client.get_oauth_client("c1").await.unwrap_err();
    assert!(matches!(api, Error::Api { .. }), "{api:?}");
    assert_no_repeats(&api);
    let decode = client.get_oauth_client("c1").await.unwrap_err();
    assert!(matches!(decode, Error::Decode(_)), "{decode:?}");
    assert_no_repeats(&decode);
    let transport = client.get_oauth_client("c1").await.unwrap_err();
    assert!(
        matches!(transport, Error::Transport { .. }),
        "{transport:?}"
    );
    assert_no_repeats(&transport);
    let build = client.get_oauth_client("").await.unwrap_err();
    assert!(matches!(build, Error::Build(_)), "{build:?}");
    assert_no_repeats(&build);
    // A refused connection through hyper: the chain reaches the OS error without repeating a line.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let refused = Client::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .access_token("t")
        .no_retries()
        .build()
        .unwrap()
        .get_oauth_scopes()
        .await
        .unwrap_err();
    assert!(chain(&refused).len() >= 3, "{:#?}", chain(&refused));
    assert_no_repeats(&refused);
}

// 10. A base URL with a path was accepted; an empty id or secret failed only at the first call.
#[test]
fn a_base_url_with_a_path_is_refused_and_says_what_to_write() {
    let error = Client::builder()
        .base_url("https://api.mypurecloud.ie/api/v2")
        .client_credentials("id", "secret")
        .build()
        .unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("write `https://api.mypurecloud.ie`"),
        "{error}"
    );
}

#[test]
fn empty_credentials_are_a_build_error() {
    for (credentials, field) in [
        (Credentials::client_credentials("", "secret"), "client id"),
        (Credentials::client_credentials("  ", "secret"), "client id"),
        (Credentials::client_credentials("id", ""), "client secret"),
        (Credentials::access_token(""), "access token"),
    ] {
        let error = Client::builder()
            .credentials(credentials)
            .build()
            .unwrap_err();
        assert!(matches!(error, Error::Config(_)), "{error:?}");
        assert!(error.to_string().contains(field), "{error}");
    }
}

// 11. A one-time code was burned before it was sent.
#[tokio::test]
async fn a_code_exchange_refused_before_sending_keeps_its_code() {
    let verifier = PkceVerifier::from_random_bytes(&[3; 32]);
    for credentials in [
        Credentials::AuthorizationCode {
            client_id: "app".to_owned(),
            client_secret: "secret".into(),
            code: AuthorizationCode::new("the-code"),
            redirect_uri: "http://localhost/cb".to_owned(),
        },
        Credentials::Pkce {
            client_id: "app".to_owned(),
            code: AuthorizationCode::new("the-code"),
            verifier: verifier.clone(),
            redirect_uri: "http://localhost/cb".to_owned(),
        },
    ] {
        let forms = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&forms);
        let (builder, _, _) = in_memory(
            credentials,
            Duration::ZERO,
            move |n, form| {
                seen.lock().unwrap().push(form.to_owned());
                if n == 0 {
                    Err(not_sent())
                } else {
                    ok(TOKEN_600)
                }
            },
            |_, _| ok(SCOPES),
        );
        let client = builder.no_retries().build().unwrap();
        let first = client.get_oauth_scopes().await.unwrap_err();
        assert!(matches!(first, Error::Token(_)), "{first:?}");
        client
            .get_oauth_scopes()
            .await
            .expect("the code was never sent, so it still works");
        let forms = forms.lock().unwrap();
        assert_eq!(forms.len(), 2);
        assert!(
            forms[1].contains("grant_type=authorization_code")
                && forms[1].contains("code=the-code"),
            "{forms:?}"
        );
    }
}

#[tokio::test]
async fn a_code_exchange_that_may_have_been_sent_is_not_tried_again() {
    let (builder, token_calls, _) = in_memory(
        Credentials::AuthorizationCode {
            client_id: "app".to_owned(),
            client_secret: "secret".into(),
            code: AuthorizationCode::new("the-code"),
            redirect_uri: "http://localhost/cb".to_owned(),
        },
        Duration::ZERO,
        |_, _| Err(maybe_sent()),
        |_, _| ok(SCOPES),
    );
    let client = builder.build().unwrap();
    assert!(client.get_oauth_scopes().await.is_err());
    let again = client.get_oauth_scopes().await.unwrap_err();
    assert!(
        again.to_string().contains("authorization code was used"),
        "{again}"
    );
    assert_eq!(token_calls.load(Ordering::SeqCst), 1);
}

// Streams: an error is yielded once and ends the stream, so that a consumer skipping errors cannot spin forever;
// the inherent methods resume instead.
#[tokio::test]
async fn a_stream_yields_an_error_once_and_ends_while_next_page_resumes() {
    use futures_util::StreamExt;

    let (builder, _, api_calls) = in_memory(
        Credentials::access_token("t"),
        Duration::ZERO,
        |_, _| ok(TOKEN_600),
        |_, _| ok(r#"{"entities":[{"id":"a","name":"a"}],"nextUri":"/api/v2/users?pageNumber=2"}"#),
    );
    let client = builder.no_retries().build().unwrap();
    let mut pages = client.get_oauth_clients().pages();
    assert!(pages.next().await.unwrap().is_ok());
    assert!(pages.next().await.unwrap().is_err());
    assert!(
        pages.next().await.is_none(),
        "the stream ends after its error"
    );
    // Skipping errors ends too, rather than polling a broken list forever.
    let names: Vec<_> = client
        .get_oauth_clients()
        .items()
        .filter_map(|item| async move { item.ok() })
        .collect()
        .await;
    assert_eq!(names.len(), 1);
    assert_eq!(api_calls.load(Ordering::SeqCst), 2);

    // A failed request: the stream reports it once and ends; next_page resumes with the same page.
    let (builder, _, api_calls) = in_memory(
        Credentials::access_token("t"),
        Duration::ZERO,
        |_, _| ok(TOKEN_600),
        |n, _| match n {
            0 => Err(not_sent()),
            _ => ok(r#"{"entities":[{"id":"b","name":"b"}]}"#),
        },
    );
    let client = builder.no_retries().build().unwrap();
    let mut pages = client.get_oauth_clients().pages();
    assert!(pages.next().await.unwrap().is_err());
    assert!(pages.next().await.is_none());
    let page = pages.next_page().await.unwrap().unwrap();
    assert_eq!(page.entities.unwrap()[0].name, "b");
    assert!(pages.next_page().await.unwrap().is_none());
    assert_eq!(api_calls.load(Ordering::SeqCst), 2);
}

// Review: going inactive sets `dateToDelete` on every client, so "inactive with a dateToDelete" does not mean a
// young client's delete has taken effect; only a client older than 30 days stays behind on purpose.
fn client_json(days_old: u64) -> String {
    let now = genesys_cloud::models::Timestamp::now();
    let created = now
        .checked_sub(Duration::from_secs(days_old * 86_400))
        .unwrap();
    let to_delete = now.checked_add(Duration::from_secs(7 * 86_400)).unwrap();
    format!(
        r#"{{"id":"c1","name":"c","authorizedGrantType":"CLIENT-CREDENTIALS","state":"inactive","dateCreated":"{created}","dateToDelete":"{to_delete}"}}"#
    )
}

fn still_readable_after_delete(days_old: u64) -> Client {
    let body = client_json(days_old);
    let (builder, _, _) = in_memory(
        Credentials::access_token("t"),
        Duration::ZERO,
        |_, _| ok(TOKEN_600),
        move |_, request| {
            if request.method() == http::Method::DELETE {
                Ok((204, String::new()))
            } else {
                Ok((200, body.clone()))
            }
        },
    );
    builder.no_retries().build().unwrap()
}

#[tokio::test]
async fn delete_completely_waits_for_a_young_client_to_be_gone() {
    let patience = Patience::new(Duration::from_millis(100), Duration::from_millis(10));
    let young = still_readable_after_delete(2);
    let error = young
        .delete_oauth_client_completely("c1")
        .patience(patience)
        .await
        .unwrap_err();
    assert!(error.is_wait_timed_out(), "{error:?}");
    // An older client deactivated until its dateToDelete is as deleted as the platform makes it.
    let old = still_readable_after_delete(60);
    old.delete_oauth_client_completely("c1")
        .patience(patience)
        .await
        .unwrap();
}
