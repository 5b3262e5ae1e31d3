//! Usage queries and summaries: Running, then Complete with the counts of the requests actually made.

mod common;

use std::time::Duration;

use common::*;
use genesys_cloud_emulator::catalogue::USAGE_VIEWER_ROLE_ID;
use genesys_cloud_emulator::{Emulator, EmulatorConfig, FaultSpec};
use serde_json::{Value, json};

/// The usage delay of the tests that watch a query go from Running to Complete: longer than any test runs,
/// so that a query is always Running until the test moves the emulator's clock past it.
const USAGE_DELAY: Duration = Duration::from_secs(3600);

/// Polls a results URI: Running until the usage delay has passed on the emulator's clock, then Complete.
async fn wait_complete(emulator: &Emulator, http: &Http, results_uri: &str, token: &str) -> Value {
    for _ in 0..2 {
        let running = http.get(results_uri, token).await;
        assert_eq!(running.status, 200);
        assert_eq!(running.json(), json!({"queryStatus": "Running"}));
    }
    emulator.advance_clock(USAGE_DELAY);
    let result = http.get(results_uri, token).await;
    assert_eq!(result.status, 200);
    let result = result.json();
    assert_eq!(result["queryStatus"], "Complete", "{result}");
    assert_no_nulls(&result);
    result
}

fn interval_around_now() -> String {
    let now = genesys_cloud_models::Timestamp::now();
    let hour = Duration::from_secs(3600);
    format!(
        "{}/{}",
        now.checked_sub(hour).unwrap(),
        now.checked_add(hour).unwrap()
    )
}

#[tokio::test]
async fn a_query_counts_the_requests_made_with_the_clients_tokens() {
    let (emulator, http) = start(
        // Today's live counts: these tests check what they just sent (the platform's default is complete
        // UTC days only; see fidelity.rs).
        EmulatorConfig::default()
            .usage_delay(USAGE_DELAY)
            .usage_live(true),
    )
    .await;
    let admin = admin_token(&emulator, &http).await;
    let (id, secret) =
        create_client_with_role(&http, &admin, "Reporter", USAGE_VIEWER_ROLE_ID).await;
    let token = http.token(&id, &secret).await;

    for _ in 0..3 {
        assert_eq!(http.get("/api/v2/oauth/clients", &token).await.status, 200);
    }
    for _ in 0..2 {
        assert_eq!(
            http.get("/api/v2/oauth/clients/unknown", &token)
                .await
                .status,
            404
        );
    }
    let denied = http
        .post(
            "/api/v2/oauth/clients",
            &token,
            &json!({"name": "x", "authorizedGrantType": "CODE"}),
        )
        .await;
    assert_eq!(denied.status, 403);
    assert_eq!(http.get("/api/v2/oauth/scopes", &token).await.status, 200);
    // Requests made with another client's token are not this client's usage.
    http.get("/api/v2/oauth/clients", &admin).await;

    let submitted = http
        .post(
            &format!("/api/v2/oauth/clients/{id}/usage/query"),
            &token,
            &json!({
                "interval": interval_around_now(),
                "granularity": "Day",
                "groupBy": ["TemplateUri", "HttpMethod", "OAuthClientId", "OrganizationId"],
            }),
        )
        .await;
    assert_eq!(submitted.status, 200, "{:?}", submitted.body);
    let submitted = submitted.json();
    let execution_id = submitted["executionId"].as_str().unwrap();
    let results_uri = submitted["resultsUri"].as_str().unwrap();
    assert_eq!(
        results_uri,
        format!("/api/v2/oauth/clients/{id}/usage/query/results/{execution_id}")
    );

    let result = wait_complete(&emulator, &http, results_uri, &admin).await;
    let rows = result["results"].as_array().unwrap();
    // Summed over rows, so that a run across midnight UTC (two daily buckets) counts the same.
    let sum = |template: &str, method: &str, metric: &str| -> i64 {
        rows.iter()
            .filter(|row| row["templateUri"] == template && row["httpMethod"] == method)
            .map(|row| row[metric].as_i64().unwrap())
            .sum()
    };
    assert_eq!(sum("api/v2/oauth/clients", "GET", "requests"), 3);
    assert_eq!(sum("api/v2/oauth/clients", "GET", "status200"), 3);
    assert_eq!(sum("api/v2/oauth/clients/{clientId}", "GET", "requests"), 2);
    assert_eq!(
        sum("api/v2/oauth/clients/{clientId}", "GET", "status400"),
        2
    );
    assert_eq!(sum("api/v2/oauth/clients", "POST", "status400"), 1);
    assert_eq!(sum("api/v2/oauth/scopes", "GET", "requests"), 1);
    let total: i64 = rows
        .iter()
        .map(|row| row["requests"].as_i64().unwrap())
        .sum();
    assert_eq!(total, 7, "exactly the requests made before the query");
    for row in rows {
        assert_eq!(row["clientId"], id.as_str());
        assert_eq!(row["clientName"], "Reporter");
        assert!(row["organizationId"].as_str().is_some());
        assert!(row["date"].as_str().unwrap().ends_with("T00:00:00.000Z"));
        assert_eq!(row["status429"], 0);
    }

    // Only the metrics asked for; no grouping gives one row.
    let submitted = http
        .post(
            &format!("/api/v2/oauth/clients/{id}/usage/query"),
            &admin,
            &json!({"interval": interval_around_now(), "metrics": ["Requests", "Status400"]}),
        )
        .await
        .json();
    let result = wait_complete(
        &emulator,
        &http,
        submitted["resultsUri"].as_str().unwrap(),
        &admin,
    )
    .await;
    // The first query (POST .../usage/query) was made with the client's own token, so it counts now.
    assert_eq!(result["results"], json!([{"status400": 3, "requests": 8}]));

    let summary = http
        .get(
            &format!("/api/v2/oauth/clients/{id}/usage/summary?days=1"),
            &admin,
        )
        .await
        .json();
    let result = wait_complete(
        &emulator,
        &http,
        summary["resultsUri"].as_str().unwrap(),
        &admin,
    )
    .await;
    let rows = result["results"].as_array().unwrap();
    let total: i64 = rows
        .iter()
        .map(|row| row["requests"].as_i64().unwrap())
        .sum();
    assert_eq!(total, 8);
    assert!(rows.iter().all(|row| row["clientId"] == id.as_str()));

    let stats = emulator.stats();
    assert_eq!(
        (stats.mutations.usage_query, stats.mutations.usage_summary),
        (2, 1)
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn injected_429s_count_as_status429() {
    let (emulator, http) = start(
        EmulatorConfig::default()
            .usage_delay(Duration::ZERO)
            .usage_live(true),
    )
    .await;
    let admin = admin_token(&emulator, &http).await;
    emulator.set_faults(FaultSpec::parse("429=1").unwrap());
    assert_eq!(http.get("/api/v2/oauth/clients", &admin).await.status, 429);
    emulator.set_faults(FaultSpec::none());
    let submitted = http
        .post(
            "/api/v2/oauth/clients/emulator-admin/usage/query",
            &admin,
            &json!({"interval": interval_around_now(), "metrics": ["Status429", "Status400", "Status200"]}),
        )
        .await
        .json();
    let result = http
        .get(submitted["resultsUri"].as_str().unwrap(), &admin)
        .await
        .json();
    assert_eq!(result["queryStatus"], "Complete");
    assert_eq!(
        result["results"],
        json!([{"status200": 0, "status400": 1, "status429": 1}])
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn usage_requests_are_validated() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let query = "/api/v2/oauth/clients/emulator-admin/usage/query";
    for (body, field) in [
        (json!({}), "interval"),
        (json!({"interval": "last week"}), "interval"),
        (
            json!({"interval": "2025-06-08T00:00:00Z/2025-06-01T00:00:00Z"}),
            "interval",
        ),
        (
            json!({"interval": interval_around_now(), "granularity": "Hour"}),
            "granularity",
        ),
        (
            json!({"interval": interval_around_now(), "metrics": ["Status418"]}),
            "metrics",
        ),
        (
            json!({"interval": interval_around_now(), "groupBy": ["Planet"]}),
            "groupBy",
        ),
        (
            json!({"interval": interval_around_now(), "metrics": "Requests"}),
            "metrics",
        ),
    ] {
        let response = http.post(query, &admin, &body).await;
        response.assert_error(400, "invalid.value");
        assert_eq!(response.fields(), [field], "{body}");
    }
    for days in ["0", "-1", "seven", "99999999999"] {
        let response = http
            .get(
                &format!("/api/v2/oauth/clients/emulator-admin/usage/summary?days={days}"),
                &admin,
            )
            .await;
        response.assert_error(400, "invalid.value");
        assert_eq!(response.fields(), ["days"]);
    }
    let default_days = http
        .get("/api/v2/oauth/clients/emulator-admin/usage/summary", &admin)
        .await;
    assert_eq!(default_days.status, 200);
    let results_uri = default_days.json()["resultsUri"]
        .as_str()
        .unwrap()
        .to_owned();

    http.get(
        "/api/v2/oauth/clients/emulator-admin/usage/query/results/no-such-execution",
        &admin,
    )
    .await
    .assert_error(404, "not.found");
    // An execution belongs to its client: under another client's path it does not exist.
    let elsewhere = results_uri.replace("emulator-admin", "00000000-0000-4000-8000-00000000c001");
    http.get(&elsewhere, &admin)
        .await
        .assert_error(404, "not.found");
    emulator.shutdown().await;
}
