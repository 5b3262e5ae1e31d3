//! Every operation and the token endpoint over real HTTP, on the happy paths.

mod common;

use std::time::Duration;

use bytes::Bytes;
use common::*;
use genesys_cloud_emulator::EmulatorConfig;
use genesys_cloud_emulator::catalogue::{
    ADMIN_USER_ID, EMPLOYEE_ROLE_ID, OAUTH_VIEWER_ROLE_ID, USAGE_VIEWER_ROLE_ID,
};
use http::Method;
use serde_json::{Value, json};

fn is_api_date(value: &Value) -> bool {
    let text = value.as_str().unwrap_or_default();
    text.len() == 24 && text.ends_with('Z') && &text[19..20] == "."
}

#[tokio::test]
async fn token_endpoint_accepts_basic_and_form_credentials() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let response = http
        .token_response("emulator-admin", "emulator-admin-secret")
        .await;
    assert_eq!(response.status, 200);
    assert_eq!(response.header("content-type"), Some("application/json"));
    assert_eq!(response.header("cache-control"), Some("no-store"));
    assert!(response.header("inin-correlation-id").is_some());
    let body = response.json();
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 86_400);
    assert!(body["access_token"].as_str().unwrap().len() >= 32);

    let form = http
        .send(
            Method::POST,
            "/oauth/token",
            &[("content-type", "application/x-www-form-urlencoded")],
            "grant_type=client_credentials&client_id=emulator-admin&client_secret=emulator-admin-secret",
        )
        .await;
    assert_eq!(form.status, 200);
    assert_eq!(http.stats().await["tokensIssued"], 2);
    emulator.shutdown().await;

    // Basic credentials are form-url-decoded after base64 decoding (RFC 6749 §2.3.1).
    let (emulator, http) =
        start(EmulatorConfig::default().admin_credentials("ops admin", "p@ss:word+1")).await;
    let basic = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        "ops+admin:p%40ss%3Aword%2B1",
    );
    let response = http
        .send(
            Method::POST,
            "/oauth/token",
            &[
                ("authorization", &format!("Basic {basic}")),
                ("content-type", "application/x-www-form-urlencoded"),
            ],
            "grant_type=client_credentials",
        )
        .await;
    assert_eq!(response.status, 200, "{:?}", response.body);
    emulator.shutdown().await;

    // ... but raw credentials (`curl -u id:pa+ss`) are tried first, as sent.
    let (emulator, http) =
        start(EmulatorConfig::default().admin_credentials("admin", "pa+ss%41")).await;
    let basic =
        base64::Engine::encode(&base64::engine::general_purpose::STANDARD, "admin:pa+ss%41");
    let response = http
        .send(
            Method::POST,
            "/oauth/token",
            &[
                ("authorization", &format!("Basic {basic}")),
                ("content-type", "application/x-www-form-urlencoded"),
            ],
            "grant_type=client_credentials",
        )
        .await;
    assert_eq!(response.status, 200, "{:?}", response.body);
    emulator.shutdown().await;
}

#[tokio::test]
async fn client_lifecycle_through_create_get_list_update_secret_delete() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;

    let created = http
        .post(
            "/api/v2/oauth/clients",
            &admin,
            &json!({
                "name": "Nightly export",
                "authorizedGrantType": "CLIENT-CREDENTIALS",
                "description": "exports",
                "accessTokenValiditySeconds": 3600,
                "roleDivisions": [{"roleId": OAUTH_VIEWER_ROLE_ID, "divisionId": "*"}],
                "allowedIpRanges": ["203.0.113.0/24"],
            }),
        )
        .await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    assert_eq!(created.header("content-type"), Some("application/json"));
    let client = created.json();
    assert_no_nulls(&client);
    let id = client["id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 36);
    assert_eq!(&id[14..15], "4");
    let secret = client["secret"].as_str().unwrap().to_owned();
    assert!(secret.len() >= 32);
    assert_eq!(client["state"], "active");
    assert_eq!(client["selfUri"], format!("/api/v2/oauth/clients/{id}"));
    assert_eq!(client["createdBy"]["id"], ADMIN_USER_ID);
    assert_eq!(client["modifiedBy"]["id"], ADMIN_USER_ID);
    assert!(
        is_api_date(&client["dateCreated"]),
        "{}",
        client["dateCreated"]
    );
    assert!(is_api_date(&client["dateModified"]));
    // The platform's model has fixed fields: one it does not know is ignored, never echoed (issue 17, item 9).
    assert!(client.get("allowedIpRanges").is_none());

    let fetched = http
        .get(&format!("/api/v2/oauth/clients/{id}"), &admin)
        .await;
    assert_eq!(fetched.status, 200);
    let mut fetched = fetched.json();
    assert!(
        fetched.get("secret").is_none(),
        "GET never returns the secret"
    );
    assert_eq!(fetched["name"], "Nightly export");
    assert!(fetched.get("allowedIpRanges").is_none());

    let listing = http.get("/api/v2/oauth/clients", &admin).await;
    assert_eq!(listing.status, 200);
    let listing = listing.json();
    assert_no_nulls(&listing);
    assert_eq!(listing["total"], 5);
    assert_eq!(listing["pageSize"], 5);
    assert_eq!(listing["pageNumber"], 1);
    assert_eq!(listing["pageCount"], 1);
    assert_eq!(listing["selfUri"], "/api/v2/oauth/clients");
    assert_eq!(listing["firstUri"], listing["selfUri"]);
    assert_eq!(listing["lastUri"], listing["selfUri"]);
    assert!(listing.get("nextUri").is_none() && listing.get("previousUri").is_none());
    let entities = listing["entities"].as_array().unwrap();
    assert_eq!(entities.len(), 5);
    assert!(entities.iter().all(|e| e.get("secret").is_none()));
    assert!(
        entities
            .iter()
            .all(|e| e.get("authorizedGrantType").is_none())
    );
    assert_eq!(entities[0]["id"], "emulator-admin", "creation order");
    assert_eq!(entities[4]["id"], id.as_str());

    // Read-modify-write: the server fields sent back are ignored.
    fetched["description"] = json!("changed");
    fetched["state"] = json!("inactive");
    let updated = http
        .put(&format!("/api/v2/oauth/clients/{id}"), &admin, &fetched)
        .await;
    assert_eq!(updated.status, 200, "{:?}", updated.body);
    let updated = updated.json();
    assert!(updated.get("secret").is_none());
    assert_eq!(updated["description"], "changed");
    assert_eq!(updated["state"], "inactive");
    assert_eq!(updated["id"], id.as_str());
    assert_eq!(updated["dateCreated"], client["dateCreated"]);
    assert!(
        updated["dateToDelete"].is_string(),
        "going inactive sets dateToDelete"
    );

    // The Python SDK sends a body of literally `null` here.
    let auth = format!("Bearer {admin}");
    let rotated = http
        .send(
            Method::POST,
            &format!("/api/v2/oauth/clients/{id}/secret"),
            &[
                ("authorization", &auth),
                ("content-type", "application/json"),
            ],
            "null",
        )
        .await;
    assert_eq!(rotated.status, 200);
    let new_secret = rotated.json()["secret"].as_str().unwrap().to_owned();
    assert_ne!(new_secret, secret);
    let empty = http
        .send(
            Method::POST,
            &format!("/api/v2/oauth/clients/{id}/secret"),
            &[("authorization", &auth)],
            Bytes::new(),
        )
        .await;
    assert_eq!(empty.status, 200);

    let deleted = http
        .delete(&format!("/api/v2/oauth/clients/{id}"), &admin)
        .await;
    assert_eq!(deleted.status, 204);
    assert!(deleted.body.is_empty());
    assert!(deleted.header("content-type").is_none());
    assert!(deleted.header("inin-correlation-id").is_some());
    let gone = http
        .get(&format!("/api/v2/oauth/clients/{id}"), &admin)
        .await;
    gone.assert_error(404, "not.found");

    let stats = emulator.stats();
    assert_eq!(
        (
            stats.mutations.create,
            stats.mutations.update,
            stats.mutations.secret,
            stats.mutations.delete
        ),
        (1, 1, 2, 1)
    );
    assert_eq!(stats.clients, 4);
    emulator.shutdown().await;
}

#[tokio::test]
async fn listing_pages_with_configured_or_requested_page_size() {
    let (emulator, http) =
        start(EmulatorConfig::default().seed_clients(3).page_size(Some(2))).await;
    let admin = admin_token(&emulator, &http).await;
    let mut uri = "/api/v2/oauth/clients".to_owned();
    let mut seen = Vec::new();
    for page in 1..=10 {
        let listing = http.get(&uri, &admin).await.json();
        assert_eq!(listing["pageNumber"], page);
        assert_eq!(listing["pageSize"], 2);
        assert_eq!(listing["pageCount"], 4);
        assert_eq!(listing["total"], 7);
        assert_eq!(
            listing["lastUri"],
            "/api/v2/oauth/clients?pageSize=2&pageNumber=4"
        );
        assert_eq!(
            listing["firstUri"],
            "/api/v2/oauth/clients?pageSize=2&pageNumber=1"
        );
        if page > 1 {
            assert_eq!(
                listing["previousUri"],
                format!("/api/v2/oauth/clients?pageSize=2&pageNumber={}", page - 1)
            );
        }
        for entity in listing["entities"].as_array().unwrap() {
            seen.push(entity["id"].as_str().unwrap().to_owned());
        }
        match listing["nextUri"].as_str() {
            Some(next) => uri = next.to_owned(),
            None => break,
        }
    }
    assert_eq!(seen.len(), 7);
    seen.dedup();
    assert_eq!(seen.len(), 7);

    let page = http
        .get("/api/v2/oauth/clients?pageSize=3&pageNumber=3", &admin)
        .await
        .json();
    assert_eq!(page["entities"].as_array().unwrap().len(), 1);
    assert_eq!(page["pageCount"], 3);
    assert!(page.get("nextUri").is_none());
    let beyond = http
        .get("/api/v2/oauth/clients?pageSize=3&pageNumber=99", &admin)
        .await
        .json();
    assert_eq!(beyond["entities"], json!([]));
    let bad = http.get("/api/v2/oauth/clients?pageSize=0", &admin).await;
    bad.assert_error(400, "invalid.value");
    assert_eq!(bad.fields(), ["pageSize"]);
    emulator.shutdown().await;
}

#[tokio::test]
async fn authorizations_and_scopes() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let auth = format!("Bearer {admin}");
    let with_language = [
        ("authorization", auth.as_str()),
        ("accept-language", "fr-FR"),
    ];

    let listing = http
        .send(
            Method::GET,
            "/api/v2/oauth/authorizations",
            &with_language,
            Bytes::new(),
        )
        .await;
    assert_eq!(listing.status, 200);
    let listing = listing.json();
    assert_no_nulls(&listing);
    assert_eq!(listing["total"], 3);
    assert_eq!(listing["selfUri"], "/api/v2/oauth/authorizations");
    let first = &listing["entities"][0];
    assert!(first["client"].get("secret").is_none());
    let client_id = first["client"]["id"].as_str().unwrap();

    let one = http
        .send(
            Method::GET,
            &format!("/api/v2/oauth/authorizations/{client_id}"),
            &with_language,
            Bytes::new(),
        )
        .await;
    assert_eq!(one.status, 200);
    assert_eq!(one.json()["state"], "Authorized");
    http.get("/api/v2/oauth/authorizations/unknown", &admin)
        .await
        .assert_error(404, "not.found");

    let scopes = http
        .send(
            Method::GET,
            "/api/v2/oauth/scopes",
            &with_language,
            Bytes::new(),
        )
        .await
        .json();
    assert!(scopes["total"].as_i64().unwrap() >= 30);
    let ids: Vec<&str> = scopes["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    for expected in [
        "analytics",
        "analytics:readonly",
        "users",
        "users:readonly",
        "oauth",
        "oauth:readonly",
    ] {
        assert!(ids.contains(&expected), "{expected}");
    }
    for path in [
        "/api/v2/oauth/scopes/users%3Areadonly",
        "/api/v2/oauth/scopes/users:readonly",
    ] {
        let scope = http
            .send(Method::GET, path, &with_language, Bytes::new())
            .await;
        assert_eq!(scope.status, 200);
        let scope = scope.json();
        assert_eq!(scope["id"], "users:readonly");
        assert!(scope["description"].as_str().is_some());
        assert_eq!(scope["selfUri"], "/api/v2/oauth/scopes/users:readonly");
    }
    http.get("/api/v2/oauth/scopes/nope", &admin)
        .await
        .assert_error(404, "not.found");

    // Scopes need no permission; authorizations need oauth:client:authorize.
    let (id, secret) = create_client_with_role(&http, &admin, "Employee", EMPLOYEE_ROLE_ID).await;
    let employee = http.token(&id, &secret).await;
    assert_eq!(
        http.get("/api/v2/oauth/scopes", &employee).await.status,
        200
    );
    http.get("/api/v2/oauth/authorizations", &employee)
        .await
        .assert_error(403, "missing.any.permissions");
    emulator.shutdown().await;
}

#[tokio::test]
async fn created_client_logs_in_and_rotation_invalidates_the_old_secret() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let (id, secret) = create_client_with_role(&http, &admin, "Viewer", USAGE_VIEWER_ROLE_ID).await;
    let token = http.token(&id, &secret).await;
    assert_eq!(http.get("/api/v2/oauth/clients", &token).await.status, 200);

    let rotated = http
        .post(
            &format!("/api/v2/oauth/clients/{id}/secret"),
            &admin,
            &json!({}),
        )
        .await
        .json();
    let new_secret = rotated["secret"].as_str().unwrap();
    let old = http.token_response(&id, &secret).await;
    assert_eq!(old.status, 401);
    assert_eq!(old.json()["error"], "invalid_client");
    http.token(&id, new_secret).await;
    // Tokens issued before the rotation stay valid until they expire, as on the platform.
    assert_eq!(http.get("/api/v2/oauth/clients", &token).await.status, 200);
    emulator.shutdown().await;
}

#[tokio::test]
async fn path_ids_are_percent_decoded_one_segment_each() {
    let (emulator, http) =
        start(EmulatorConfig::default().admin_credentials("ops/admin", "secret")).await;
    let admin = admin_token(&emulator, &http).await;
    let client = http.get("/api/v2/oauth/clients/ops%2Fadmin", &admin).await;
    assert_eq!(client.status, 200);
    let client = client.json();
    assert_eq!(client["id"], "ops/admin");
    assert_eq!(client["selfUri"], "/api/v2/oauth/clients/ops%2Fadmin");
    http.get("/api/v2/oauth/clients/ops/admin", &admin)
        .await
        .assert_error(404, "not.found");
    http.get("/api/v2/oauth/clients/%FF%FE", &admin)
        .await
        .assert_error(404, "not.found");
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_new_client_is_invisible_during_the_visibility_delay() {
    // An hour cannot pass during the test however loaded the machine; the emulator's clock is moved on
    // instead of waiting, so both answers are checked on every run.
    const DELAY: Duration = Duration::from_secs(3600);
    let (emulator, http) = start(EmulatorConfig::default().visibility_delay(DELAY)).await;
    let admin = admin_token(&emulator, &http).await;
    let created = http
        .post(
            "/api/v2/oauth/clients",
            &admin,
            &json!({"name": "New", "authorizedGrantType": "CODE"}),
        )
        .await
        .json();
    let path = format!("/api/v2/oauth/clients/{}", created["id"].as_str().unwrap());
    http.get(&path, &admin).await.assert_error(404, "not.found");
    emulator.advance_clock(DELAY - Duration::from_secs(60));
    http.get(&path, &admin).await.assert_error(404, "not.found");
    emulator.advance_clock(Duration::from_secs(60));
    assert_eq!(http.get(&path, &admin).await.status, 200);
    emulator.shutdown().await;
}

#[tokio::test]
async fn token_validity_defaults_to_a_day_and_a_put_without_it_keeps_it() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let created = http
        .post(
            "/api/v2/oauth/clients",
            &admin,
            &json!({"name": "Default", "authorizedGrantType": "CODE"}),
        )
        .await
        .json();
    assert_eq!(created["accessTokenValiditySeconds"], 86_400);
    let path = format!("/api/v2/oauth/clients/{}", created["id"].as_str().unwrap());
    let put = |validity: Option<i64>| {
        let mut body = json!({"name": "Renamed", "authorizedGrantType": "CODE"});
        if let Some(seconds) = validity {
            body["accessTokenValiditySeconds"] = json!(seconds);
        }
        body
    };
    let updated = http.put(&path, &admin, &put(Some(600))).await.json();
    assert_eq!(updated["accessTokenValiditySeconds"], 600);
    let updated = http.put(&path, &admin, &put(None)).await.json();
    assert_eq!(updated["accessTokenValiditySeconds"], 600);
    assert_eq!(updated["name"], "Renamed");
    assert_eq!(
        http.get(&path, &admin).await.json()["accessTokenValiditySeconds"],
        600
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn tokens_expire_and_can_be_expired_or_revoked() {
    let (emulator, http) =
        start(EmulatorConfig::default().token_lifetime(Duration::from_secs(1))).await;
    let response = http
        .token_response("emulator-admin", "emulator-admin-secret")
        .await
        .json();
    assert_eq!(response["expires_in"], 1);
    let token = response["access_token"].as_str().unwrap().to_owned();
    assert_eq!(http.get("/api/v2/oauth/scopes", &token).await.status, 200);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    http.get("/api/v2/oauth/clients", &token)
        .await
        .assert_error(401, "bad.credentials");
    emulator.shutdown().await;

    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let created = http
        .post(
            "/api/v2/oauth/clients",
            &admin,
            &json!({"name": "Short", "authorizedGrantType": "CLIENT-CREDENTIALS", "accessTokenValiditySeconds": 300}),
        )
        .await
        .json();
    let short = http
        .token_response(
            created["id"].as_str().unwrap(),
            created["secret"].as_str().unwrap(),
        )
        .await
        .json();
    assert_eq!(
        short["expires_in"], 300,
        "a client's validity shortens its tokens"
    );

    emulator.expire_all_tokens();
    http.get("/api/v2/oauth/clients", &admin)
        .await
        .assert_error(401, "bad.credentials");
    let fresh = admin_token(&emulator, &http).await;
    assert_eq!(http.get("/api/v2/oauth/clients", &fresh).await.status, 200);
    emulator.revoke_token(&fresh);
    http.get("/api/v2/oauth/clients", &fresh)
        .await
        .assert_error(401, "bad.credentials");
    emulator.shutdown().await;
}

#[tokio::test]
async fn http2_cleartext_serves_the_same_api() {
    let (emulator, _) = start(EmulatorConfig::default()).await;
    let h2 = Http::h2(&emulator.base_url());
    let admin = h2.token("emulator-admin", "emulator-admin-secret").await;
    let listing = h2.get("/api/v2/oauth/clients", &admin).await;
    assert_eq!(listing.status, 200);
    assert_eq!(listing.json()["total"], 4);
    emulator.shutdown().await;
}

#[tokio::test]
async fn demo_data_has_every_grant_type_and_state() {
    let (emulator, http) = start(EmulatorConfig::default().demo_data(true)).await;
    let admin = admin_token(&emulator, &http).await;
    let clients = http.get("/api/v2/oauth/clients", &admin).await.json();
    assert!(clients["total"].as_i64().unwrap() >= 12);
    let states: Vec<&str> = clients["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["state"].as_str())
        .collect();
    for state in ["active", "disabled", "inactive"] {
        assert!(states.contains(&state), "{state}");
    }
    let authorizations = http
        .get("/api/v2/oauth/authorizations", &admin)
        .await
        .json();
    assert_eq!(authorizations["total"], 4);
    emulator.shutdown().await;
}
