//! The SAML2 bearer grant at `POST /oauth/token` with the emulator's test identity provider.

mod common;

use std::time::Duration;

use base64::Engine;
use common::{Http, Resp, admin_token, start};
use genesys_cloud_emulator::catalogue::{ORGANIZATION_NAME, SAML_TEST_ISSUER};
use genesys_cloud_emulator::{Emulator, EmulatorConfig};
use http::Method;
use serde_json::json;

async fn saml_client(http: &Http, admin: &str, grant: &str) -> (String, String) {
    let body = json!({"name": "SSO bridge", "authorizedGrantType": grant});
    let created = http.post("/api/v2/oauth/clients", admin, &body).await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    let json = created.json();
    (
        json["id"].as_str().unwrap().to_owned(),
        json["secret"].as_str().unwrap().to_owned(),
    )
}

async fn grant(http: &Http, id: &str, secret: &str, org: &str, assertion: &str) -> Resp {
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair(
            "grant_type",
            "urn:ietf:params:oauth:grant-type:saml2-bearer",
        )
        .append_pair("orgName", org)
        .append_pair("assertion", assertion)
        .finish();
    http.send(
        Method::POST,
        "/oauth/token",
        &[
            ("authorization", &format!("Basic {basic}")),
            ("content-type", "application/x-www-form-urlencoded"),
        ],
        body,
    )
    .await
}

fn assert_oauth_error(response: &Resp, status: u16, error: &str) {
    assert_eq!(response.status, status, "{:?}", response.body);
    let body = response.json();
    assert_eq!(body["error"], error, "{body}");
    assert!(
        body["error_description"]
            .as_str()
            .is_some_and(|d| !d.is_empty())
    );
}

async fn setup() -> (Emulator, Http, String, String) {
    let (emulator, http) = start(EmulatorConfig::default().user("alice", "wonderland")).await;
    let admin = admin_token(&emulator, &http).await;
    let (id, secret) = saml_client(&http, &admin, "SAML2-BEARER").await;
    (emulator, http, id, secret)
}

#[tokio::test]
async fn an_assertion_of_the_test_idp_gets_a_token_for_its_user() {
    let (emulator, http, id, secret) = setup().await;
    let assertion = emulator.saml2_assertion("alice", Duration::from_secs(300));
    let response = grant(&http, &id, &secret, ORGANIZATION_NAME, &assertion).await;
    assert_eq!(response.status, 200, "{:?}", response.body);
    assert_eq!(response.header("cache-control"), Some("no-store"));
    let body = response.json();
    assert_eq!(body["token_type"], "bearer");
    assert!(body["refresh_token"].is_null());
    let token = body["access_token"].as_str().unwrap();
    // The token acts as alice, who has authorized nothing yet.
    let mine = http.get("/api/v2/oauth/authorizations", token).await;
    assert_eq!(mine.status, 200);
    assert_eq!(mine.json()["total"], 0);
    emulator.shutdown().await;
}

#[tokio::test]
async fn bad_assertions_org_names_and_clients_are_refused_with_oauth_errors() {
    let (emulator, http, id, secret) = setup().await;
    let good = emulator.saml2_assertion("alice", Duration::from_secs(60));
    let cases = [
        (
            ORGANIZATION_NAME,
            emulator.saml2_assertion("mallory", Duration::from_secs(60)),
        ),
        ("another-org", good.clone()),
        (ORGANIZATION_NAME, "not base64!".to_owned()),
        (
            ORGANIZATION_NAME,
            base64::engine::general_purpose::STANDARD.encode(
                "<Assertion><Issuer>https://idp.example</Issuer><NameID>alice</NameID>\
                 <Conditions NotOnOrAfter=\"2999-01-01T00:00:00Z\"/></Assertion>",
            ),
        ),
        (
            ORGANIZATION_NAME,
            base64::engine::general_purpose::STANDARD.encode(format!(
                "<Assertion><Issuer>{SAML_TEST_ISSUER}</Issuer><NameID>alice</NameID></Assertion>"
            )),
        ),
    ];
    for (org, assertion) in &cases {
        let response = grant(&http, &id, &secret, org, assertion).await;
        assert_oauth_error(&response, 400, "invalid_grant");
    }
    let missing = grant(&http, &id, &secret, ORGANIZATION_NAME, "").await;
    assert_oauth_error(&missing, 400, "invalid_request");
    let wrong_secret = grant(&http, &id, "nope", ORGANIZATION_NAME, &good).await;
    assert_oauth_error(&wrong_secret, 401, "invalid_client");
    // A client of another grant type may not use it.
    let admin = admin_token(&emulator, &http).await;
    let (code_id, code_secret) = saml_client(&http, &admin, "CODE").await;
    let other = grant(&http, &code_id, &code_secret, ORGANIZATION_NAME, &good).await;
    assert_oauth_error(&other, 400, "unauthorized_client");
    // An assertion expires.
    emulator.advance_clock(Duration::from_secs(61));
    let expired = grant(&http, &id, &secret, ORGANIZATION_NAME, &good).await;
    assert_oauth_error(&expired, 400, "invalid_grant");
    assert!(
        expired.json()["error_description"]
            .as_str()
            .unwrap()
            .contains("expired")
    );
    emulator.shutdown().await;
}
