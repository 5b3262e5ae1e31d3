//! Issue 17, "The emulator keeps the platform's rules, not friendlier ones": one test per item, over HTTP, each
//! named after its item. Time rules move the emulator's clock instead of waiting, so no assertion depends on the
//! machine's speed.

mod common;

use std::time::Duration;

use common::{Http, admin_token, create_client_with_role, start};
use genesys_cloud_emulator::catalogue::{
    HOME_DIVISION_ID, OAUTH_ADMIN_ROLE_ID, OAUTH_EDITOR_ROLE_ID, OAUTH_VIEWER_ROLE_ID,
    USAGE_VIEWER_ROLE_ID,
};
use genesys_cloud_emulator::{DEMO_VISIBILITY_DELAY, EmulatorConfig};
use http::Method;
use serde_json::{Value, json};

const CLIENTS: &str = "/api/v2/oauth/clients";
const DAY: Duration = Duration::from_secs(86_400);

fn client_body(name: &str, role: Option<&str>) -> Value {
    let mut body = json!({"name": name, "authorizedGrantType": "CLIENT-CREDENTIALS"});
    if let Some(role) = role {
        body["roleDivisions"] = json!([{"roleId": role, "divisionId": HOME_DIVISION_ID}]);
    }
    body
}

async fn create(http: &Http, token: &str, body: &Value) -> Value {
    let created = http.post(CLIENTS, token, body).await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    created.json()
}

fn id_of(client: &Value) -> String {
    client["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn item_01_a_caller_gives_only_roles_it_holds_and_edits_only_clients_whose_roles_it_holds() {
    let (emulator, http) = start(EmulatorConfig::default().demo_data(true)).await;
    let admin = admin_token(&emulator, &http).await;
    let (editor_id, editor_secret) =
        create_client_with_role(&http, &admin, "Editor", OAUTH_EDITOR_ROLE_ID).await;
    emulator.advance_clock(DEMO_VISIBILITY_DELAY);
    let editor = http.token(&editor_id, &editor_secret).await;

    // Creating a client with the admin role, which the editor does not hold: the platform's 403.
    let escalation = http
        .post(
            CLIENTS,
            &editor,
            &client_body("Escalated", Some(OAUTH_ADMIN_ROLE_ID)),
        )
        .await;
    escalation.assert_error(403, "not.authorized");
    // A role it holds is fine.
    let own = create(
        &http,
        &editor,
        &client_body("Own", Some(OAUTH_EDITOR_ROLE_ID)),
    )
    .await;
    emulator.advance_clock(DEMO_VISIBILITY_DELAY);

    // The admin client holds a role the editor does not: no update, no new secret.
    let admin_id = emulator.admin_client_id();
    let path = format!("{CLIENTS}/{admin_id}");
    let admin_client = http.get(&path, &editor).await.json();
    let mut request = admin_client.clone();
    request["description"] = json!("taken over");
    http.put(&path, &editor, &request)
        .await
        .assert_error(403, "not.authorized");
    http.post(&format!("{path}/secret"), &editor, &json!({}))
        .await
        .assert_error(403, "not.authorized");
    // Nor may it give the admin role to a client it may edit.
    let own_path = format!("{CLIENTS}/{}", id_of(&own));
    let mut raise = client_body("Own", Some(OAUTH_ADMIN_ROLE_ID));
    raise["description"] = json!("raised");
    http.put(&own_path, &editor, &raise)
        .await
        .assert_error(403, "not.authorized");
    // The demo's "Provisioning Bot" (OAuth Editor) cannot take over the admin either.
    let admin_after = http.get(&path, &admin).await.json();
    assert_eq!(admin_after["description"], admin_client["description"]);
    // Editing a client whose roles it holds works.
    let mut fine = client_body("Own renamed", Some(OAUTH_EDITOR_ROLE_ID));
    fine["state"] = json!("active");
    assert_eq!(http.put(&own_path, &editor, &fine).await.status, 200);
    assert_eq!(
        http.post(&format!("{own_path}/secret"), &editor, &json!({}))
            .await
            .status,
        200
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn item_02_error_bodies_have_details_and_errors_and_the_platform_wording() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let (viewer_id, viewer_secret) =
        create_client_with_role(&http, &admin, "Viewer", OAUTH_VIEWER_ROLE_ID).await;
    let viewer = http.token(&viewer_id, &viewer_secret).await;
    let forbidden = http.post(CLIENTS, &viewer, &client_body("x", None)).await;
    forbidden.assert_error(403, "missing.any.permissions");
    assert_eq!(
        forbidden.json()["message"],
        "Unable to perform the requested action. You must have at least one of the following permissions assigned: [oauth:client:add]"
    );
    let not_deletable = http.delete(&format!("{CLIENTS}/{viewer_id}"), &admin).await;
    not_deletable.assert_error(400, "cannot.delete.client");
    assert_eq!(
        not_deletable.json()["message"],
        "Clients must be marked as inactive to be eligible for deletion."
    );
    let unauthorized = http.get(CLIENTS, "no-such-token").await;
    let not_found = http.get(&format!("{CLIENTS}/nobody"), &admin).await;
    let wrong_method = http.send(Method::PATCH, CLIENTS, &[], "").await;
    emulator.set_faults("503=1".parse().unwrap());
    let unavailable = http.get(CLIENTS, &admin).await;
    for (response, status) in [
        (&unauthorized, 401),
        (&forbidden, 403),
        (&not_found, 404),
        (&wrong_method, 405),
        (&unavailable, 503),
        (&not_deletable, 400),
    ] {
        assert_eq!(response.status.as_u16(), status);
        let body = response.json();
        assert!(body["details"].is_array(), "{status}: {body}");
        assert_eq!(body["errors"], json!([]), "{status}: {body}");
    }
    emulator.shutdown().await;
}

/// The summary's total of requests, once complete.
async fn summary_requests(
    emulator: &genesys_cloud_emulator::Emulator,
    http: &Http,
    id: &str,
    token: &str,
) -> i64 {
    let submitted = http
        .get(&format!("{CLIENTS}/{id}/usage/summary?days=3"), token)
        .await;
    assert_eq!(submitted.status, 200, "{:?}", submitted.body);
    let results = submitted.json()["resultsUri"].as_str().unwrap().to_owned();
    emulator.advance_clock(Duration::from_secs(1));
    let result = http.get(&results, token).await.json();
    assert_eq!(result["queryStatus"], "Complete", "{result}");
    result["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["requests"].as_i64().unwrap())
        .sum()
}

#[tokio::test]
async fn item_03_usage_counts_complete_utc_days_only_unless_live() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let (id, secret) = create_client_with_role(&http, &admin, "Usage", USAGE_VIEWER_ROLE_ID).await;
    let token = http.token(&id, &secret).await;
    for _ in 0..3 {
        assert_eq!(http.get(CLIENTS, &token).await.status, 200);
    }
    // Today is not computed yet: nothing to show.
    assert_eq!(summary_requests(&emulator, &http, &id, &admin).await, 0);
    // Tomorrow, yesterday's requests are there (the three lists; the admin's summary was not this client's).
    emulator.advance_clock(DAY);
    let admin = admin_token(&emulator, &http).await;
    assert_eq!(summary_requests(&emulator, &http, &id, &admin).await, 3);
    emulator.shutdown().await;

    let (emulator, http) = start(EmulatorConfig::default().usage_live(true)).await;
    let admin = admin_token(&emulator, &http).await;
    let (id, secret) = create_client_with_role(&http, &admin, "Live", USAGE_VIEWER_ROLE_ID).await;
    let token = http.token(&id, &secret).await;
    for _ in 0..3 {
        http.get(CLIENTS, &token).await;
    }
    assert_eq!(summary_requests(&emulator, &http, &id, &admin).await, 3);
    emulator.shutdown().await;
}

#[tokio::test]
async fn item_04_the_spec_interval_without_a_zone_is_accepted_as_utc() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let path = format!("{CLIENTS}/{}/usage/query", emulator.admin_client_id());
    for interval in [
        "2026-11-20T00:00:00/2026-11-28T00:00:00",
        "2026-11-20T00:00:00Z/2026-11-28T00:00:00.000Z",
        "2026-11-20T01:00:00+01:00/2026-11-28T00:00:00Z",
    ] {
        let answer = http
            .post(&path, &admin, &json!({"interval": interval}))
            .await;
        assert_eq!(answer.status, 200, "{interval}: {:?}", answer.body);
    }
    http.post(&path, &admin, &json!({"interval": "2026-11-20/2026-11-28"}))
        .await
        .assert_error(400, "invalid.value");
    emulator.shutdown().await;
}

#[tokio::test]
async fn item_05_deletion_dates_and_the_seven_day_grace_of_old_clients() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    // A date sent by the caller is ignored; going inactive sets one.
    let mut body = client_body("Young", None);
    body["dateToDelete"] = json!("2030-01-01T00:00:00.000Z");
    let young = create(&http, &admin, &body).await;
    assert!(young.get("dateToDelete").is_none(), "{young}");
    let young_path = format!("{CLIENTS}/{}", id_of(&young));
    body["state"] = json!("inactive");
    let inactive = http.put(&young_path, &admin, &body).await.json();
    let date = inactive["dateToDelete"]
        .as_str()
        .expect("going inactive sets dateToDelete");
    assert_ne!(date, "2030-01-01T00:00:00.000Z");
    // Young: the delete removes it at once.
    assert_eq!(http.delete(&young_path, &admin).await.status, 204);
    http.get(&young_path, &admin)
        .await
        .assert_error(404, "not.found");

    // Old (over 30 days): the delete deactivates it for 7 days; it can be restored, then it is gone when due.
    let old = create(&http, &admin, &client_body("Old", None)).await;
    let old_path = format!("{CLIENTS}/{}", id_of(&old));
    emulator.advance_clock(31 * DAY);
    let admin = admin_token(&emulator, &http).await;
    let mut inactive = client_body("Old", None);
    inactive["state"] = json!("inactive");
    assert_eq!(http.put(&old_path, &admin, &inactive).await.status, 200);
    assert_eq!(http.delete(&old_path, &admin).await.status, 204);
    let kept = http.get(&old_path, &admin).await;
    assert_eq!(kept.status, 200, "an old client stays for 7 days");
    assert_eq!(kept.json()["state"], "inactive");
    assert!(kept.json()["dateToDelete"].is_string());
    let mut restore = client_body("Old", None);
    restore["state"] = json!("active");
    let restored = http.put(&old_path, &admin, &restore).await.json();
    assert!(restored.get("dateToDelete").is_none(), "{restored}");
    emulator.advance_clock(8 * DAY);
    let admin = admin_token(&emulator, &http).await;
    assert_eq!(
        http.get(&old_path, &admin).await.status,
        200,
        "restored clients stay"
    );
    assert_eq!(http.put(&old_path, &admin, &inactive).await.status, 200);
    assert_eq!(http.delete(&old_path, &admin).await.status, 204);
    emulator.advance_clock(6 * DAY);
    let admin = admin_token(&emulator, &http).await;
    assert_eq!(http.get(&old_path, &admin).await.status, 200);
    emulator.advance_clock(DAY + Duration::from_secs(1));
    let admin = admin_token(&emulator, &http).await;
    http.get(&old_path, &admin)
        .await
        .assert_error(404, "not.found");
    emulator.shutdown().await;
}

#[tokio::test]
async fn item_06_disabled_revokes_tokens_for_good_and_inactive_only_stops_new_ones() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let (id, secret) = create_client_with_role(&http, &admin, "Tokens", OAUTH_VIEWER_ROLE_ID).await;
    let path = format!("{CLIENTS}/{id}");
    let token = http.token(&id, &secret).await;
    let with_state = |state: &str| {
        let mut body = client_body("Tokens", Some(OAUTH_VIEWER_ROLE_ID));
        body["state"] = json!(state);
        body
    };
    // Inactive: the token keeps working, no new token.
    assert_eq!(
        http.put(&path, &admin, &with_state("inactive"))
            .await
            .status,
        200
    );
    assert_eq!(http.get(CLIENTS, &token).await.status, 200);
    assert_eq!(http.token_response(&id, &secret).await.status, 400);
    // Disabled: the token is invalid, and stays so once the client is active again.
    assert_eq!(
        http.put(&path, &admin, &with_state("disabled"))
            .await
            .status,
        200
    );
    http.get(CLIENTS, &token)
        .await
        .assert_error(401, "bad.credentials");
    assert_eq!(http.token_response(&id, &secret).await.status, 400);
    assert_eq!(
        http.put(&path, &admin, &with_state("active")).await.status,
        200
    );
    http.get(CLIENTS, &token)
        .await
        .assert_error(401, "bad.credentials");
    let fresh = http.token(&id, &secret).await;
    assert_eq!(http.get(CLIENTS, &fresh).await.status, 200);
    emulator.shutdown().await;
}

#[tokio::test]
async fn item_07_the_visibility_delay_hides_a_new_client_from_get_list_and_login() {
    let delay = Duration::from_secs(5);
    let (emulator, http) = start(EmulatorConfig::default().visibility_delay(delay)).await;
    let admin = admin_token(&emulator, &http).await;
    let created = create(
        &http,
        &admin,
        &client_body("Hidden", Some(OAUTH_VIEWER_ROLE_ID)),
    )
    .await;
    let id = id_of(&created);
    let secret = created["secret"].as_str().unwrap().to_owned();
    let listed = |list: &Value| {
        list["entities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["id"] == id.as_str())
    };
    http.get(&format!("{CLIENTS}/{id}"), &admin)
        .await
        .assert_error(404, "not.found");
    assert!(!listed(&http.get(CLIENTS, &admin).await.json()));
    assert_eq!(http.token_response(&id, &secret).await.status, 401);
    emulator.advance_clock(delay);
    assert_eq!(
        http.get(&format!("{CLIENTS}/{id}"), &admin).await.status,
        200
    );
    assert!(listed(&http.get(CLIENTS, &admin).await.json()));
    http.token(&id, &secret).await;
    emulator.shutdown().await;

    // Demo data brings a realistic delay of its own, unless a test turns it off.
    assert!(DEMO_VISIBILITY_DELAY > Duration::ZERO);
    for (config, hidden) in [
        (EmulatorConfig::default().demo_data(true), true),
        (
            EmulatorConfig::default()
                .demo_data(true)
                .visibility_delay(Duration::ZERO),
            false,
        ),
    ] {
        let (emulator, http) = start(config).await;
        let admin = admin_token(&emulator, &http).await;
        let created = create(&http, &admin, &client_body("Demo", None)).await;
        let status = http
            .get(&format!("{CLIENTS}/{}", id_of(&created)), &admin)
            .await
            .status;
        assert_eq!(status == 404, hidden, "{status}");
        emulator.shutdown().await;
    }
}

#[tokio::test]
async fn item_08_real_scopes_are_accepted_and_only_malformed_ones_refused() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let scopes = [
        "outbound",
        "scripts",
        "messaging",
        "web-chat",
        "user-basic-info",
        "workforce-management:readonly",
    ];
    let body = json!({
        "name": "Scoped", "authorizedGrantType": "CODE",
        "registeredRedirectUri": ["https://app.example.com/cb"], "scope": scopes,
    });
    let created = create(&http, &admin, &body).await;
    assert_eq!(created["scope"], json!(scopes));
    let mut bad = body.clone();
    bad["scope"] = json!(["users", "Users:ReadOnly", "users readonly"]);
    let refused = http.post(CLIENTS, &admin, &bad).await;
    refused.assert_error(400, "invalid.value");
    assert_eq!(refused.fields(), ["scope[1]", "scope[2]"]);
    // The catalogue lists the real ones too.
    let listed = http.get("/api/v2/oauth/scopes", &admin).await.json();
    for scope in ["outbound", "scripts", "messaging", "web-chat"] {
        assert_eq!(
            http.get(&format!("/api/v2/oauth/scopes/{scope}"), &admin)
                .await
                .status,
            200
        );
        assert!(
            listed["entities"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["id"] == scope)
        );
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn item_09_unknown_request_fields_are_ignored_never_echoed() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let mut body = client_body("Typo", None);
    body["accessTokenValidity"] = json!(600);
    body["redirectUris"] = json!(["https://app.example.com/cb"]);
    let created = create(&http, &admin, &body).await;
    let path = format!("{CLIENTS}/{}", id_of(&created));
    let fetched = http.get(&path, &admin).await.json();
    let updated = http.put(&path, &admin, &body).await.json();
    for client in [&created, &fetched, &updated] {
        assert!(client.get("accessTokenValidity").is_none(), "{client}");
        assert!(client.get("redirectUris").is_none(), "{client}");
        // The real field keeps its default.
        assert_eq!(client["accessTokenValiditySeconds"], 86_400);
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn item_10_the_rate_limit_answers_429_with_retry_after_per_token() {
    let config = EmulatorConfig::default().rate_limit_per_minute(Some(3));
    let (emulator, http) = start(config).await;
    let first = admin_token(&emulator, &http).await;
    let second = admin_token(&emulator, &http).await;
    for _ in 0..3 {
        assert_eq!(http.get(CLIENTS, &first).await.status, 200);
    }
    let limited = http.get(CLIENTS, &first).await;
    limited.assert_error(429, "too.many.requests.retry.after");
    let retry_after: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert!(
        limited.json()["message"]
            .as_str()
            .unwrap()
            .contains(&format!("[{retry_after}]"))
    );
    // Per token: another token has its own minute.
    assert_eq!(http.get(CLIENTS, &second).await.status, 200);
    // Waiting Retry-After out opens a new window.
    emulator.advance_clock(Duration::from_secs(retry_after));
    assert_eq!(http.get(CLIENTS, &first).await.status, 200);
    let stats = emulator.stats();
    assert_eq!(stats.rate_limited, 1);
    assert_eq!(stats.faults.total(), 0, "a limit, not an injected fault");
    emulator.shutdown().await;
}

#[tokio::test]
async fn item_11_paging_parameters_are_ignored_unless_asked_for() {
    let (emulator, http) = start(EmulatorConfig::default().seed_clients(5)).await;
    let admin = admin_token(&emulator, &http).await;
    let page = http
        .get(&format!("{CLIENTS}?pageSize=2&pageNumber=2"), &admin)
        .await
        .json();
    assert_eq!(page["entities"].as_array().unwrap().len(), 9, "{page}");
    assert_eq!(page["pageCount"], 1);
    assert!(page.get("nextUri").is_none());
    assert_eq!(page["selfUri"], CLIENTS);
    emulator.shutdown().await;

    let (emulator, http) = start(
        EmulatorConfig::default()
            .seed_clients(5)
            .paging_parameters(true),
    )
    .await;
    let admin = admin_token(&emulator, &http).await;
    let page = http
        .get(&format!("{CLIENTS}?pageSize=2&pageNumber=2"), &admin)
        .await
        .json();
    assert_eq!(page["entities"].as_array().unwrap().len(), 2);
    assert_eq!(
        page["nextUri"],
        format!("{CLIENTS}?pageSize=2&pageNumber=3")
    );
    emulator.shutdown().await;
}
