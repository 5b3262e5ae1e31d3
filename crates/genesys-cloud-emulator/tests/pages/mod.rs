//! Helpers of the login page tests: requests to `/oauth/authorize` as a browser sends them, and what its pages
//! and redirects hold.

#![allow(dead_code, unreachable_pub)]

use base64::Engine;
use bytes::Bytes;
use genesys_cloud_emulator::EmulatorConfig;
use http::Method;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::common::{Http, Resp};

pub const REDIRECT: &str = "https://app.example/cb";

pub fn config() -> EmulatorConfig {
    EmulatorConfig::default().user("alice", "wonderland")
}

/// Creates a client of `grant` with the test redirect URI and two scopes; returns its id and secret.
pub async fn client(http: &Http, admin: &str, name: &str, grant: &str) -> (String, String) {
    let body = json!({
        "name": name,
        "authorizedGrantType": grant,
        "registeredRedirectUri": [REDIRECT],
        "scope": ["oauth", "users:readonly"],
    });
    let created = http.post("/api/v2/oauth/clients", admin, &body).await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    let json = created.json();
    (
        json["id"].as_str().unwrap().to_owned(),
        json["secret"].as_str().unwrap_or_default().to_owned(),
    )
}

pub fn authorize_path(params: &[(&str, &str)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in params {
        query.append_pair(name, value);
    }
    format!("/oauth/authorize?{}", query.finish())
}

pub async fn get_page(http: &Http, params: &[(&str, &str)]) -> Resp {
    http.send(Method::GET, &authorize_path(params), &[], Bytes::new())
        .await
}

pub async fn post_form(http: &Http, fields: &[(&str, &str)]) -> Resp {
    let mut body = form_urlencoded::Serializer::new(String::new());
    for (name, value) in fields {
        body.append_pair(name, value);
    }
    http.send(
        Method::POST,
        "/oauth/authorize",
        &[("content-type", "application/x-www-form-urlencoded")],
        body.finish(),
    )
    .await
}

pub fn html(response: &Resp) -> String {
    String::from_utf8_lossy(&response.body).into_owned()
}

/// The one-time id in a page's hidden `pending` field.
pub fn pending(response: &Resp) -> String {
    let page = html(response);
    let start = page
        .find("name=\"pending\" value=\"")
        .unwrap_or_else(|| panic!("no pending field: {page}"))
        + "name=\"pending\" value=\"".len();
    page[start..].split('"').next().unwrap().to_owned()
}

/// The query (or fragment) parameters of a redirect.
pub fn redirect_params(response: &Resp, separator: char) -> Vec<(String, String)> {
    assert_eq!(response.status, 302, "{}", html(response));
    let location = response.header("location").expect("a Location");
    let (_, params) = location.split_once(separator).expect("parameters");
    form_urlencoded::parse(params.as_bytes())
        .into_owned()
        .collect()
}

pub fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// Asserts the headers every page carries.
pub fn assert_page_headers(response: &Resp) {
    assert_eq!(
        response.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let policy = response.header("content-security-policy").expect("a CSP");
    assert!(policy.contains("default-src 'none'"), "{policy}");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert!(policy.contains("form-action 'self'"), "{policy}");
    assert!(
        !policy.contains("unsafe-inline"),
        "the style is allowed by its hash: {policy}"
    );
    assert_eq!(response.header("x-frame-options"), Some("DENY"));
    assert_eq!(response.header("cache-control"), Some("no-store"));
    let page = html(response);
    for tag in ["<script", "<link", "<img", "<iframe", "url("] {
        assert!(
            !page.contains(tag),
            "no scripts or outside resources: {page}"
        );
    }
}

/// Signs in as alice on the login page of `params`; returns the consent page.
pub async fn sign_in(http: &Http, params: &[(&str, &str)], user: &str, password: &str) -> Resp {
    let login = get_page(http, params).await;
    assert_eq!(login.status, 200, "{}", html(&login));
    post_form(
        http,
        &[
            ("pending", &pending(&login)),
            ("username", user),
            ("password", password),
        ],
    )
    .await
}

/// `POST /oauth/token` with the code, as a confidential client; returns the access token.
pub async fn exchange(http: &Http, id: &str, secret: &str, code: &str) -> String {
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "authorization_code")
        .append_pair("code", code)
        .append_pair("redirect_uri", REDIRECT)
        .finish();
    let response = http
        .send(
            Method::POST,
            "/oauth/token",
            &[
                ("authorization", &format!("Basic {basic}")),
                ("content-type", "application/x-www-form-urlencoded"),
            ],
            body,
        )
        .await;
    assert_eq!(response.status, 200, "{:?}", response.body);
    response.json()["access_token"].as_str().unwrap().to_owned()
}

pub fn s256(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}
