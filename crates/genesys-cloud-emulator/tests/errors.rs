//! Every error path of the API and the token endpoint, over real HTTP.

mod common;

use bytes::Bytes;
use common::*;
use genesys_cloud_emulator::EmulatorConfig;
use genesys_cloud_emulator::catalogue::{
    EMPLOYEE_ROLE_ID, OAUTH_EDITOR_ROLE_ID, OAUTH_VIEWER_ROLE_ID, USAGE_VIEWER_ROLE_ID,
};
use http::Method;
use serde_json::json;

const CLIENTS: &str = "/api/v2/oauth/clients";

#[tokio::test]
async fn invalid_bodies_get_400_naming_each_field() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let cases = [
        (json!({}), vec!["name", "authorizedGrantType"]),
        (
            json!({"name": null, "authorizedGrantType": "CODE"}),
            vec!["name"],
        ),
        (
            json!({"name": 5, "authorizedGrantType": "CODE"}),
            vec!["name"],
        ),
        (
            json!({"name": "x", "authorizedGrantType": "DEVICE-CODE"}),
            vec!["authorizedGrantType"],
        ),
        (
            json!({"name": "x", "authorizedGrantType": "CODE", "accessTokenValiditySeconds": 299}),
            vec!["accessTokenValiditySeconds"],
        ),
        (
            json!({"name": "x", "authorizedGrantType": "CODE", "accessTokenValiditySeconds": 172_801}),
            vec!["accessTokenValiditySeconds"],
        ),
        (
            json!({"name": "x", "authorizedGrantType": "CODE", "accessTokenValiditySeconds": "soon"}),
            vec!["accessTokenValiditySeconds"],
        ),
        (
            json!({"name": "x", "authorizedGrantType": "CODE", "state": "paused"}),
            vec!["state"],
        ),
        (
            json!({"name": "x", "authorizedGrantType": "CLIENT-CREDENTIALS",
                   "roleDivisions": [{"roleId": "no-such-role", "divisionId": "*"}]}),
            vec!["roleDivisions[0].roleId"],
        ),
        (
            json!({"name": "x", "authorizedGrantType": "CODE", "scope": ["users", "Teleport!"]}),
            vec!["scope[1]"],
        ),
    ];
    for (body, fields) in cases {
        let response = http.post(CLIENTS, &admin, &body).await;
        response.assert_error(400, "invalid.value");
        assert_eq!(response.fields(), fields, "{body}");
    }
    for seconds in [300, 172_800] {
        let ok = http
            .post(
                CLIENTS,
                &admin,
                &json!({"name": "x", "authorizedGrantType": "CODE", "accessTokenValiditySeconds": seconds}),
            )
            .await;
        assert_eq!(ok.status, 200, "{seconds}");
    }

    let put = http
        .put(
            &format!("{CLIENTS}/emulator-admin"),
            &admin,
            &json!({"name": ""}),
        )
        .await;
    put.assert_error(400, "invalid.value");
    assert_eq!(put.fields(), ["authorizedGrantType"]);

    let auth = format!("Bearer {admin}");
    let json_headers = [
        ("authorization", auth.as_str()),
        ("content-type", "application/json"),
    ];
    for (body, detail) in [
        ("{\"name\": ", "invalid.json"),
        ("", "missing.body"),
        ("\u{0}\u{1}", "invalid.json"),
    ] {
        let response = http.send(Method::POST, CLIENTS, &json_headers, body).await;
        response.assert_error(400, "bad.request");
        assert_eq!(response.json()["details"][0]["errorCode"], detail);
    }
    let null = http
        .send(Method::POST, CLIENTS, &json_headers, "null")
        .await;
    null.assert_error(400, "bad.request");
    assert!(
        null.json()["message"]
            .as_str()
            .unwrap()
            .contains("JSON object")
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn missing_invalid_and_dead_tokens_get_401() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    http.send(Method::GET, CLIENTS, &[], Bytes::new())
        .await
        .assert_error(401, "authentication.required");
    http.send(
        Method::GET,
        CLIENTS,
        &[("authorization", "Basic abc")],
        Bytes::new(),
    )
    .await
    .assert_error(401, "authentication.required");
    http.get(CLIENTS, "not-a-token")
        .await
        .assert_error(401, "bad.credentials");

    // Tokens stop working when their client is disabled.
    let admin = admin_token(&emulator, &http).await;
    let (id, secret) =
        create_client_with_role(&http, &admin, "Soon disabled", OAUTH_VIEWER_ROLE_ID).await;
    let token = http.token(&id, &secret).await;
    let mut client = http.get(&format!("{CLIENTS}/{id}"), &admin).await.json();
    client["state"] = json!("disabled");
    assert_eq!(
        http.put(&format!("{CLIENTS}/{id}"), &admin, &client)
            .await
            .status,
        200
    );
    http.get(CLIENTS, &token)
        .await
        .assert_error(401, "bad.credentials");
    emulator.shutdown().await;
}

#[tokio::test]
async fn limited_clients_get_403_missing_any_permissions() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let login = |role: &'static str, name: &'static str| {
        let http = &http;
        let admin = &admin;
        async move {
            let (id, secret) = create_client_with_role(http, admin, name, role).await;
            http.token(&id, &secret).await
        }
    };
    let employee = login(EMPLOYEE_ROLE_ID, "Employee").await;
    let viewer = login(OAUTH_VIEWER_ROLE_ID, "Viewer").await;
    let usage_viewer = login(USAGE_VIEWER_ROLE_ID, "Usage viewer").await;
    let editor = login(OAUTH_EDITOR_ROLE_ID, "Editor").await;

    let denied = http.get(CLIENTS, &employee).await;
    denied.assert_error(403, "missing.any.permissions");
    let body = denied.json();
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("oauth:client:view")
    );
    assert_eq!(body["messageParams"]["permissions"], "[oauth:client:view]");

    let create = json!({"name": "x", "authorizedGrantType": "CODE"});
    let denied = http.post(CLIENTS, &viewer, &create).await;
    denied.assert_error(403, "missing.any.permissions");
    assert!(denied.code().contains("permissions"));
    assert!(
        denied.json()["message"]
            .as_str()
            .unwrap()
            .contains("oauth:client:add")
    );
    http.put(&format!("{CLIENTS}/emulator-admin"), &viewer, &create)
        .await
        .assert_error(403, "missing.any.permissions");
    http.post(
        &format!("{CLIENTS}/emulator-admin/secret"),
        &viewer,
        &json!({}),
    )
    .await
    .assert_error(403, "missing.any.permissions");
    http.delete(&format!("{CLIENTS}/emulator-admin"), &editor)
        .await
        .assert_error(403, "missing.any.permissions");
    http.get("/api/v2/oauth/authorizations/x", &editor)
        .await
        .assert_error(403, "missing.any.permissions");
    assert_eq!(http.post(CLIENTS, &editor, &create).await.status, 200);

    // Usage needs either permission: an employee has neither, and is told both.
    let usage = format!("{CLIENTS}/emulator-admin/usage/summary");
    let denied = http.get(&usage, &employee).await;
    denied.assert_error(403, "missing.any.permissions");
    let message = denied.json()["message"].as_str().unwrap().to_owned();
    assert!(message.contains("oauth:client:view") && message.contains("usage:client:view"));
    assert_eq!(http.get(&usage, &viewer).await.status, 200);
    assert_eq!(http.get(&usage, &usage_viewer).await.status, 200);
    emulator.shutdown().await;
}

#[tokio::test]
async fn unknown_ids_paths_and_methods() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let unknown = "00000000-1111-4000-8000-000000000000";
    let path = format!("{CLIENTS}/{unknown}");
    let response = http.get(&path, &admin).await;
    response.assert_error(404, "not.found");
    assert_eq!(response.json()["entityId"], unknown);
    http.put(
        &path,
        &admin,
        &json!({"name": "x", "authorizedGrantType": "CODE"}),
    )
    .await
    .assert_error(404, "not.found");
    http.delete(&path, &admin)
        .await
        .assert_error(404, "not.found");
    http.post(&format!("{path}/secret"), &admin, &json!({}))
        .await
        .assert_error(404, "not.found");
    http.get(&format!("{path}/usage/summary"), &admin)
        .await
        .assert_error(404, "not.found");
    http.get(&format!("{path}/usage/query/results/{unknown}"), &admin)
        .await
        .assert_error(404, "not.found");

    http.get("/api/v2/users/me", &admin)
        .await
        .assert_error(404, "not.found");
    http.get("/", &admin).await.assert_error(404, "not.found");
    http.get("/emulator/nothing", &admin)
        .await
        .assert_error(404, "not.found");

    let auth = format!("Bearer {admin}");
    let patch = http
        .send(
            Method::PATCH,
            CLIENTS,
            &[("authorization", &auth)],
            Bytes::new(),
        )
        .await;
    patch.assert_error(405, "method.not.allowed");
    assert_eq!(patch.header("allow"), Some("GET, POST"));
    let post = http
        .send(
            Method::POST,
            &format!("{CLIENTS}/x"),
            &[("authorization", &auth)],
            Bytes::new(),
        )
        .await;
    post.assert_error(405, "method.not.allowed");
    assert_eq!(post.header("allow"), Some("GET, PUT, DELETE"));
    let get_token = http
        .send(Method::GET, "/oauth/token", &[], Bytes::new())
        .await;
    get_token.assert_error(405, "method.not.allowed");
    assert_eq!(get_token.header("allow"), Some("POST"));
    emulator.shutdown().await;
}

/// A path whose id is empty reaches the operation (its handler answers): 401 without a token, 404 for the id
/// with one, and 405 with the methods of the path for another method, as before routing by the generated table.
#[tokio::test]
async fn an_empty_id_is_routed_to_its_operation() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    http.send(Method::GET, &format!("{CLIENTS}/"), &[], Bytes::new())
        .await
        .assert_error(401, "authentication.required");
    let admin = admin_token(&emulator, &http).await;
    let response = http.get(&format!("{CLIENTS}/"), &admin).await;
    response.assert_error(404, "not.found");
    assert_eq!(response.json()["entityId"], "");
    http.get(&format!("{CLIENTS}//usage/summary"), &admin)
        .await
        .assert_error(404, "not.found");
    let post = http
        .send(
            Method::POST,
            &format!("{CLIENTS}/"),
            &[("authorization", &format!("Bearer {admin}"))],
            Bytes::new(),
        )
        .await;
    post.assert_error(405, "method.not.allowed");
    assert_eq!(post.header("allow"), Some("GET, PUT, DELETE"));
    emulator.shutdown().await;
}

#[tokio::test]
async fn only_inactive_clients_can_be_deleted() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let created = http
        .post(
            CLIENTS,
            &admin,
            &json!({"name": "x", "authorizedGrantType": "TOKEN"}),
        )
        .await
        .json();
    let path = format!("{CLIENTS}/{}", created["id"].as_str().unwrap());
    let refused = http.delete(&path, &admin).await;
    refused.assert_error(400, "cannot.delete.client");
    for state in ["disabled", "inactive"] {
        let body = json!({"name": "x", "authorizedGrantType": "TOKEN", "state": state});
        assert_eq!(http.put(&path, &admin, &body).await.status, 200);
        if state == "disabled" {
            http.delete(&path, &admin)
                .await
                .assert_error(400, "cannot.delete.client");
        }
    }
    assert_eq!(http.delete(&path, &admin).await.status, 204);
    http.delete(&path, &admin)
        .await
        .assert_error(404, "not.found");
    assert_eq!(emulator.stats().mutations.delete, 1);
    emulator.shutdown().await;
}

#[tokio::test]
async fn oversized_and_mistyped_bodies() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let auth = format!("Bearer {admin}");
    let big = vec![b' '; 2 << 20];
    let response = http
        .send(
            Method::POST,
            CLIENTS,
            &[
                ("authorization", &auth),
                ("content-type", "application/json"),
            ],
            big,
        )
        .await;
    response.assert_error(413, "request.entity.too.large");
    let text = http
        .send(
            Method::POST,
            CLIENTS,
            &[("authorization", &auth), ("content-type", "text/plain")],
            "{}",
        )
        .await;
    text.assert_error(415, "unsupported.media.type");
    // A JSON body without a Content-Type is accepted, as is application/json with parameters.
    let body = serde_json::to_vec(&json!({"name": "x", "authorizedGrantType": "CODE"})).unwrap();
    for headers in [
        vec![("authorization", auth.as_str())],
        vec![
            ("authorization", auth.as_str()),
            ("content-type", "application/json; charset=utf-8"),
        ],
    ] {
        let created = http
            .send(Method::POST, CLIENTS, &headers, body.clone())
            .await;
        assert_eq!(created.status, 200);
    }
    assert_eq!(http.get(CLIENTS, &admin).await.status, 200, "still serving");
    emulator.shutdown().await;
}

#[tokio::test]
async fn token_endpoint_errors_are_oauth_errors() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let oauth_error = |response: &Resp, status: u16, error: &str| {
        assert_eq!(response.status, status, "{:?}", response.body);
        let body = response.json();
        assert_eq!(body["error"], error);
        assert!(
            body["error_description"]
                .as_str()
                .is_some_and(|d| !d.is_empty())
        );
        assert!(response.header("inin-correlation-id").is_some());
        assert_eq!(response.header("content-type"), Some("application/json"));
    };
    oauth_error(
        &http.token_response("emulator-admin", "wrong").await,
        401,
        "invalid_client",
    );
    oauth_error(
        &http.token_response("nobody", "emulator-admin-secret").await,
        401,
        "invalid_client",
    );

    let form = [("content-type", "application/x-www-form-urlencoded")];
    let post = |body: &'static str| http.send(Method::POST, "/oauth/token", &form, body);
    oauth_error(
        &post("grant_type=client_credentials").await,
        401,
        "invalid_client",
    );
    oauth_error(
        &post("grant_type=password&username=a&password=b").await,
        400,
        "unsupported_grant_type",
    );
    oauth_error(
        &post("client_id=emulator-admin&client_secret=emulator-admin-secret").await,
        400,
        "invalid_request",
    );
    oauth_error(&post("%%%&&==\u{0}garbage").await, 400, "invalid_request");
    let json_body = http
        .send(
            Method::POST,
            "/oauth/token",
            &[("content-type", "application/json")],
            "{\"grant_type\":\"client_credentials\"}",
        )
        .await;
    oauth_error(&json_body, 400, "invalid_request");
    let bad_basic = http
        .send(
            Method::POST,
            "/oauth/token",
            &[
                ("authorization", "Basic %%%"),
                ("content-type", "application/x-www-form-urlencoded"),
            ],
            "grant_type=client_credentials",
        )
        .await;
    oauth_error(&bad_basic, 401, "invalid_client");

    // A code-grant client cannot use client credentials; a disabled client cannot log in.
    let code = http
        .post(
            CLIENTS,
            &admin,
            &json!({"name": "web", "authorizedGrantType": "CODE"}),
        )
        .await
        .json();
    oauth_error(
        &http
            .token_response(
                code["id"].as_str().unwrap(),
                code["secret"].as_str().unwrap(),
            )
            .await,
        400,
        "unauthorized_client",
    );
    let disabled = http
        .post(
            CLIENTS,
            &admin,
            &json!({"name": "off", "authorizedGrantType": "CLIENT-CREDENTIALS", "state": "disabled"}),
        )
        .await
        .json();
    oauth_error(
        &http
            .token_response(
                disabled["id"].as_str().unwrap(),
                disabled["secret"].as_str().unwrap(),
            )
            .await,
        400,
        "unauthorized_client",
    );
    emulator.shutdown().await;
}

/// Review: the token endpoint read the first of a repeated parameter, where RFC 6749 §3.2 says a parameter is
/// never sent more than once; a request that repeats one is `invalid_request`, whatever the grant.
#[tokio::test]
async fn a_repeated_token_parameter_is_an_invalid_request() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let form = [("content-type", "application/x-www-form-urlencoded")];
    for body in [
        "grant_type=client_credentials&client_id=emulator-admin&client_secret=emulator-admin-secret\
         &client_secret=another",
        "grant_type=client_credentials&grant_type=refresh_token&client_id=emulator-admin\
         &client_secret=emulator-admin-secret",
        "grant_type=authorization_code&client_id=app&code=a&code=b&code_verifier=v",
        "grant_type=urn:ietf:params:oauth:grant-type:saml2-bearer&client_id=a&client_secret=b&assertion=x\
         &assertion=y&orgName=o",
    ] {
        let response = http.send(Method::POST, "/oauth/token", &form, body).await;
        assert_eq!(response.status, 400, "{body}: {:?}", response.body);
        let json = response.json();
        assert_eq!(json["error"], "invalid_request", "{body}: {json}");
        assert!(
            json["error_description"]
                .as_str()
                .is_some_and(|d| d.contains("more than once")),
            "{json}"
        );
    }
    // The same parameters once each still work.
    let ok = http
        .send(
            Method::POST,
            "/oauth/token",
            &form,
            "grant_type=client_credentials&client_id=emulator-admin&client_secret=emulator-admin-secret",
        )
        .await;
    assert_eq!(ok.status, 200);
    emulator.shutdown().await;
}
