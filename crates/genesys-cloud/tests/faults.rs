//! Retries under injected faults: 429 waits for Retry-After, 503 is retried for GETs, and a POST whose connection
//! broke after sending is never repeated.

mod common;

use std::time::{Duration, Instant};

use genesys_cloud::models::{GrantType, OAuthClientRequest};
use genesys_cloud::{Error, RetryConfig, SendState};
use genesys_cloud_emulator::{EmulatorConfig, FaultSpec};

#[tokio::test]
async fn throttled_calls_succeed_after_waiting_at_least_retry_after() {
    let emulator = common::start(EmulatorConfig::default().fault_seed(7)).await;
    let client = common::builder(&emulator)
        .retry(RetryConfig::default().with_max_attempts(8))
        .build()
        .unwrap();
    client.token().await.unwrap();
    emulator.set_faults(
        FaultSpec::parse("429=0.4")
            .unwrap()
            .with_retry_after_secs(1),
    );
    let started = Instant::now();
    for _ in 0..6 {
        client.get_oauth_scopes().await.unwrap();
    }
    let elapsed = started.elapsed();
    let throttled = emulator.stats().faults.too_many_requests;
    assert!(throttled > 0, "the seed injected no 429");
    assert!(
        elapsed >= Duration::from_secs(throttled),
        "{throttled} 429s with Retry-After: 1 but only {elapsed:?} waited"
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn service_unavailable_is_retried_for_gets() {
    let emulator = common::start(EmulatorConfig::default().fault_seed(3)).await;
    let client = common::builder(&emulator)
        .retry(
            RetryConfig::default()
                .with_max_attempts(10)
                .with_backoff(Duration::from_millis(1), Duration::from_millis(5)),
        )
        .build()
        .unwrap();
    client.token().await.unwrap();
    emulator.set_faults(FaultSpec::parse("503=0.5").unwrap());
    for _ in 0..20 {
        client.get_oauth_clients().await.unwrap();
    }
    assert!(emulator.stats().faults.service_unavailable > 0);
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_post_reset_after_sending_is_not_retried_and_not_duplicated() {
    let emulator = common::start(EmulatorConfig::default()).await;
    let client = common::client(&emulator);
    client.token().await.unwrap();
    let creates_before = emulator.stats().mutations.create;
    emulator.set_faults(FaultSpec::parse("reset-after=1").unwrap());
    let error = client
        .post_oauth_clients(OAuthClientRequest::new(
            "once-only",
            GrantType::ClientCredentials,
        ))
        .await
        .unwrap_err();
    match &error {
        Error::Transport { error, attempts } => {
            assert_eq!(error.send_state(), SendState::MaybeSent);
            assert_eq!(*attempts, 1);
        }
        other => panic!("expected a transport error, got {other:?}"),
    }
    emulator.set_faults(FaultSpec::none());
    let stats = emulator.stats();
    assert_eq!(stats.mutations.create, creates_before + 1, "{stats:?}");
    let named: Vec<_> = client
        .get_oauth_clients()
        .pages()
        .collect_all()
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.name == "once-only")
        .collect();
    assert_eq!(named.len(), 1, "the create was applied exactly once");
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_get_reset_before_or_after_is_retried() {
    let emulator = common::start(EmulatorConfig::default().fault_seed(11)).await;
    let client = common::builder(&emulator)
        .retry(
            RetryConfig::default()
                .with_max_attempts(12)
                .with_backoff(Duration::from_millis(1), Duration::from_millis(5)),
        )
        .build()
        .unwrap();
    client.token().await.unwrap();
    emulator.set_faults(FaultSpec::parse("reset-before=0.3,reset-after=0.3").unwrap());
    for _ in 0..20 {
        client.get_oauth_scopes().await.unwrap();
    }
    let faults = emulator.stats().faults;
    assert!(
        faults.reset_before > 0 && faults.reset_after > 0,
        "{faults:?}"
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_wait_that_would_outlast_the_total_timeout_returns_the_429_at_once() {
    let emulator = common::start(EmulatorConfig::default()).await;
    let client = common::builder(&emulator)
        .total_timeout(Duration::from_secs(3))
        .build()
        .unwrap();
    client.token().await.unwrap();
    emulator.set_faults(FaultSpec::parse("429=1").unwrap().with_retry_after_secs(5));
    let started = Instant::now();
    let error = client.get_oauth_scopes().await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "slept {:?}",
        started.elapsed()
    );
    assert!(error.is_throttled(), "{error:?}");
    assert_eq!(error.attempts(), Some(1));
    let api = error.api_error().unwrap();
    assert_eq!(
        api.retry_after_delay(std::time::SystemTime::now()),
        Some(Duration::from_secs(5))
    );
    emulator.shutdown().await;
}
