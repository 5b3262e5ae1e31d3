//! Fault injection: deterministic for a seed, accounted for in the stats, and faithful to each kind.

mod common;

use std::time::{Duration, Instant};

use common::*;
use genesys_cloud_emulator::{EmulatorConfig, FaultSpec};
use serde_json::json;

const SPEC: &str = "429=0.15,503=0.15,reset-before=0.15,reset-after=0.15,slow=0.1:ms=5";
const REQUESTS: usize = 60;

/// Makes the same requests against a fresh emulator and returns what each one saw, and the stats.
async fn run(seed: u64) -> (Vec<String>, genesys_cloud_emulator::EmulatorStats) {
    let (emulator, http) = start(EmulatorConfig::default().fault_seed(seed)).await;
    let admin = admin_token(&emulator, &http).await;
    emulator.set_faults(FaultSpec::parse(SPEC).unwrap());
    let fresh = Http::fresh_connections(&emulator.base_url());
    let auth = format!("Bearer {admin}");
    let mut outcomes = Vec::new();
    for _ in 0..REQUESTS {
        let outcome = fresh
            .try_send(
                http::Method::GET,
                "/api/v2/oauth/clients",
                &[("authorization", &auth)],
                "",
            )
            .await;
        outcomes.push(match outcome {
            Ok(response) => response.status.as_str().to_owned(),
            Err(_) => "broken".to_owned(),
        });
    }
    let stats = emulator.stats();
    assert_eq!(serde_json::to_value(&stats).unwrap(), http.stats().await);
    emulator.shutdown().await;
    (outcomes, stats)
}

#[tokio::test]
async fn the_same_seed_gives_the_same_faults_and_stats_account_for_each() {
    let (first, stats) = run(7).await;
    let (second, again) = run(7).await;
    assert_eq!(first, second);
    assert_eq!(stats, again);
    let (other, _) = run(8).await;
    assert_ne!(first, other, "another seed, another sequence");

    let count = |what: &str| first.iter().filter(|o| *o == what).count() as u64;
    let faults = &stats.faults;
    assert!(faults.total() > 0);
    assert_eq!(faults.too_many_requests, count("429"));
    assert_eq!(faults.service_unavailable, count("503"));
    assert_eq!(faults.reset_before + faults.reset_after, count("broken"));
    assert_eq!(
        count("200") + count("broken"),
        REQUESTS as u64 - count("429") - count("503")
    );
    assert!(faults.reset_before > 0 && faults.reset_after > 0 && faults.slow > 0);
    // One token request plus the faulted run; every request is answered or reset before processing.
    assert_eq!(stats.requests, REQUESTS as u64 + 1);
    let answered: u64 = stats.requests_by_status.values().sum();
    assert_eq!(answered + faults.reset_before, stats.requests);
    assert_eq!(stats.requests_by_status["429"], faults.too_many_requests);
    assert_eq!(stats.requests_by_status["503"], faults.service_unavailable);
}

#[tokio::test]
async fn a_429_carries_retry_after_and_the_normalized_body() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    emulator.set_faults(FaultSpec::parse("429=1").unwrap());
    let response = http.get("/api/v2/oauth/clients", &admin).await;
    response.assert_error(429, "too.many.requests.retry.after");
    assert_eq!(response.header("retry-after"), Some("1"));
    let body = response.json();
    assert_eq!(
        body["message"],
        "Rate limit exceeded the maximum. Retry the request in [1] seconds"
    );
    assert_eq!(body["details"], json!([]));
    assert_eq!(body["errors"], json!([]));

    emulator.set_faults(FaultSpec::parse("429=1:retry-after=3").unwrap());
    let response = http
        .token_response("emulator-admin", "emulator-admin-secret")
        .await;
    assert_eq!(response.status, 429, "the token endpoint is faulted too");
    assert_eq!(response.header("retry-after"), Some("3"));
    assert!(response.json()["message"].as_str().unwrap().contains("[3]"));

    emulator.set_faults(FaultSpec::parse("503=1").unwrap());
    http.get("/api/v2/oauth/clients", &admin)
        .await
        .assert_error(503, "service.unavailable");
    for _ in 0..5 {
        assert_eq!(
            http.stats().await["faults"]["503"],
            1,
            "/emulator/ is never faulted"
        );
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn reset_after_applies_the_change_and_reset_before_does_not() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let fresh = Http::fresh_connections(&emulator.base_url());
    let auth = format!("Bearer {admin}");
    let create = |name: &'static str| {
        let fresh = &fresh;
        let auth = auth.clone();
        async move {
            let body =
                serde_json::to_vec(&json!({"name": name, "authorizedGrantType": "CODE"})).unwrap();
            fresh
                .try_send(
                    http::Method::POST,
                    "/api/v2/oauth/clients",
                    &[
                        ("authorization", &auth),
                        ("content-type", "application/json"),
                    ],
                    body,
                )
                .await
        }
    };

    emulator.set_faults(FaultSpec::parse("reset-before=1").unwrap());
    assert!(create("never").await.is_err());
    emulator.set_faults(FaultSpec::parse("reset-after=1").unwrap());
    assert!(create("applied").await.is_err());
    emulator.set_faults(FaultSpec::none());

    let names: Vec<String> = http.get("/api/v2/oauth/clients", &admin).await.json()["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap().to_owned())
        .collect();
    assert!(names.contains(&"applied".to_owned()));
    assert!(!names.contains(&"never".to_owned()));
    let stats = emulator.stats();
    assert_eq!(stats.mutations.create, 1);
    assert_eq!(
        (stats.faults.reset_before, stats.faults.reset_after),
        (1, 1)
    );

    emulator.shutdown().await;
}

/// A DELETE under `reset-after` is applied, then the connection breaks without a response (a 204 has no
/// body to cut); a retry answers 404 although the first attempt did what was asked. Clients that retry a
/// DELETE must read that 404 as "already deleted", not as a failure.
#[tokio::test]
async fn reset_after_applies_a_delete_although_the_connection_breaks() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let fresh = Http::fresh_connections(&emulator.base_url());
    let auth = format!("Bearer {admin}");
    let inactive = http
        .post(
            "/api/v2/oauth/clients",
            &admin,
            &json!({"name": "bye", "authorizedGrantType": "CODE", "state": "inactive"}),
        )
        .await
        .json();
    let path = format!("/api/v2/oauth/clients/{}", inactive["id"].as_str().unwrap());
    emulator.set_faults(FaultSpec::parse("reset-after=1").unwrap());
    let first = fresh
        .try_send(http::Method::DELETE, &path, &[("authorization", &auth)], "")
        .await;
    assert!(
        first.is_err(),
        "no response to the first attempt: {first:?}"
    );
    emulator.set_faults(FaultSpec::none());
    assert_eq!(
        emulator.stats().mutations.delete,
        1,
        "the delete was applied"
    );
    assert_eq!(emulator.stats().faults.reset_after, 1);
    // What a retrying client sees next.
    fresh
        .try_send(http::Method::DELETE, &path, &[("authorization", &auth)], "")
        .await
        .unwrap()
        .assert_error(404, "not.found");
    http.get(&path, &admin).await.assert_error(404, "not.found");
    assert_eq!(emulator.stats().mutations.delete, 1);
    emulator.shutdown().await;
}

#[tokio::test]
async fn slow_responses_are_delayed() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    emulator.set_faults(FaultSpec::parse("slow=1:ms=250").unwrap());
    let started = Instant::now();
    assert_eq!(
        http.token_response("emulator-admin", "emulator-admin-secret")
            .await
            .status,
        200
    );
    assert!(started.elapsed() >= Duration::from_millis(250));
    assert_eq!(emulator.stats().faults.slow, 1);
    emulator.shutdown().await;
}

#[tokio::test]
async fn reset_after_sends_the_head_then_breaks_the_body() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let (emulator, _) = start(EmulatorConfig::default()).await;
    emulator.set_faults(FaultSpec::parse("reset-after=1").unwrap());
    let mut stream = tokio::net::TcpStream::connect(emulator.local_addr())
        .await
        .unwrap();
    stream
        .write_all(b"GET /api/v2/oauth/scopes HTTP/1.1\r\nhost: test\r\n\r\n")
        .await
        .unwrap();
    let mut received = Vec::new();
    let read = tokio::time::timeout(REQUEST_DEADLINE, stream.read_to_end(&mut received)).await;
    assert!(read.is_ok(), "the connection is closed");
    let text = String::from_utf8_lossy(&received);
    let (head, body) = text.split_once("\r\n\r\n").expect("a complete head");
    assert!(head.starts_with("HTTP/1.1 401"), "{head}");
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length: "))
        .expect("a content length")
        .parse()
        .unwrap();
    assert!(
        body.len() < length,
        "the body is cut short: {} of {length}",
        body.len()
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn resets_over_http2_fail_only_the_faulted_request() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let h2 = Http::h2(&emulator.base_url());
    let auth = format!("Bearer {admin}");
    assert_eq!(h2.get("/api/v2/oauth/scopes", &admin).await.status, 200);
    for spec in ["reset-before=1", "reset-after=1"] {
        emulator.set_faults(FaultSpec::parse(spec).unwrap());
        let outcome = h2
            .try_send(
                http::Method::GET,
                "/api/v2/oauth/scopes",
                &[("authorization", &auth)],
                "",
            )
            .await;
        assert!(outcome.is_err(), "{spec}: {outcome:?}");
        emulator.set_faults(FaultSpec::none());
        assert_eq!(
            h2.get("/api/v2/oauth/scopes", &admin).await.status,
            200,
            "{spec}"
        );
    }
    emulator.shutdown().await;
}
