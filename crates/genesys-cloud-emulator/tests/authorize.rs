//! `GET /oauth/authorize` and its pages, driven over plain HTTP as a browser would: the login and consent forms,
//! and the redirects with a code or a token (code, implicit, PKCE on a loopback port), and what the user's token
//! then sees.

mod common;
mod pages;

use common::{Http, admin_token, start};
use genesys_cloud_emulator::catalogue::{DEMO_PKCE_CLIENT_ID, DEMO_USER_NAME, DEMO_USER_PASSWORD};
use genesys_cloud_emulator::{Emulator, EmulatorConfig};
use http::Method;
use pages::*;
use serde_json::{Value, json};

#[tokio::test]
async fn a_code_login_shows_both_pages_then_redirects_with_code_and_state() {
    let (emulator, http) = start(config()).await;
    let admin = admin_token(&emulator, &http).await;
    let (id, secret) = client(&http, &admin, "Reporting portal", "CODE").await;
    let params = [
        ("client_id", id.as_str()),
        ("response_type", "code"),
        ("redirect_uri", REDIRECT),
        ("state", "s t&ate=1"),
    ];
    let login = get_page(&http, &params).await;
    assert_eq!(login.status, 200);
    assert_page_headers(&login);
    let page = html(&login);
    for needle in [
        "<label for=\"username\">",
        "<label for=\"password\">",
        "id=\"username\" name=\"username\"",
        "id=\"password\" name=\"password\" type=\"password\"",
        "<button id=\"sign-in\" type=\"submit\">",
        "Reporting portal",
    ] {
        assert!(page.contains(needle), "{needle} in {page}");
    }
    let policy = login.header("content-security-policy").unwrap();
    assert!(
        policy.contains("form-action 'self' https://app.example"),
        "{policy}"
    );
    let consent = post_form(
        &http,
        &[
            ("pending", &pending(&login)),
            ("username", "alice"),
            ("password", "wonderland"),
        ],
    )
    .await;
    assert_eq!(consent.status, 200, "{}", html(&consent));
    assert_page_headers(&consent);
    let page = html(&consent);
    for needle in [
        "<code>oauth</code>",
        "<code>users:readonly</code>",
        "Reporting portal",
        "alice",
        "<button id=\"allow\" name=\"decision\" value=\"allow\"",
        "<button id=\"deny\" name=\"decision\" value=\"deny\"",
    ] {
        assert!(page.contains(needle), "{needle} in {page}");
    }
    let consent_id = pending(&consent);
    let allowed = post_form(&http, &[("pending", &consent_id), ("decision", "allow")]).await;
    assert_eq!(allowed.header("cache-control"), Some("no-store"));
    assert!(
        allowed
            .header("location")
            .unwrap()
            .starts_with("https://app.example/cb?code=")
    );
    let params = redirect_params(&allowed, '?');
    assert_eq!(param(&params, "state"), Some("s t&ate=1"), "state echoed");
    let code = param(&params, "code").unwrap().to_owned();
    // The consent form works once.
    let replay = post_form(&http, &[("pending", &consent_id), ("decision", "allow")]).await;
    assert_eq!(replay.status, 400);
    assert!(replay.header("location").is_none());
    assert!(html(&replay).contains("already used"), "{}", html(&replay));
    // The code is the user's: its token lists alice's authorization only.
    let token = exchange(&http, &id, &secret, &code).await;
    let mine = http
        .get("/api/v2/oauth/authorizations", &token)
        .await
        .json();
    assert_eq!(mine["total"], 1, "{mine}");
    let record = &mine["entities"][0];
    assert_eq!(record["client"]["id"], id.as_str());
    assert_eq!(record["resourceOwner"]["name"], "alice");
    assert_eq!(record["state"], "Authorized");
    assert_eq!(record["scope"], json!(["oauth", "users:readonly"]));
    assert!(record["dateCreated"].is_string() && record["roles"].is_array());
    let one = http
        .get(&format!("/api/v2/oauth/authorizations/{id}"), &token)
        .await;
    assert_eq!(one.status, 200);
    assert_eq!(one.json()["resourceOwner"]["name"], "alice");
    let seeded = "00000000-0000-4000-8000-00000000c001";
    let other = http
        .get(&format!("/api/v2/oauth/authorizations/{seeded}"), &token)
        .await;
    other.assert_error(404, "not.found");
    // A client-credentials token sees every authorization: the three seeded ones and alice's.
    let all = http
        .get("/api/v2/oauth/authorizations", &admin)
        .await
        .json();
    assert_eq!(all["total"], 4, "{all}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn an_implicit_login_puts_the_users_token_in_the_fragment() {
    let (emulator, http) = start(config()).await;
    let admin = admin_token(&emulator, &http).await;
    let (id, _) = client(&http, &admin, "Browser app", "TOKEN").await;
    let tokens_before = http.stats().await["tokensIssued"].as_u64().unwrap();
    let params = [
        ("client_id", id.as_str()),
        ("response_type", "token"),
        ("redirect_uri", REDIRECT),
        ("state", "frag"),
    ];
    let consent = sign_in(&http, &params, "alice", "wonderland").await;
    let allowed = post_form(
        &http,
        &[("pending", &pending(&consent)), ("decision", "allow")],
    )
    .await;
    assert!(
        allowed
            .header("location")
            .unwrap()
            .starts_with("https://app.example/cb#access_token=")
    );
    let answer = redirect_params(&allowed, '#');
    assert_eq!(param(&answer, "token_type"), Some("bearer"));
    assert_eq!(param(&answer, "state"), Some("frag"));
    assert!(
        param(&answer, "expires_in")
            .unwrap()
            .parse::<u64>()
            .unwrap()
            > 0
    );
    let token = param(&answer, "access_token").unwrap();
    assert_eq!(
        http.stats().await["tokensIssued"].as_u64().unwrap(),
        tokens_before + 1
    );
    let mine = http.get("/api/v2/oauth/authorizations", token).await.json();
    assert_eq!(mine["total"], 1, "{mine}");
    // A user's token administers clients as that user.
    let clients = http.get("/api/v2/oauth/clients", token).await;
    assert_eq!(clients.status, 200);
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_demo_pkce_client_signs_in_the_demo_user_on_any_loopback_port() {
    let (emulator, http) = start(EmulatorConfig::default().demo_data(true)).await;
    let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk-and-some-more";
    let redirect = "http://127.0.0.1:54321/callback";
    let challenge = s256(verifier);
    let params = [
        ("client_id", DEMO_PKCE_CLIENT_ID),
        ("response_type", "code"),
        ("redirect_uri", redirect),
        ("code_challenge", &challenge),
        ("code_challenge_method", "S256"),
        ("state", "pkce"),
    ];
    let consent = sign_in(&http, &params, DEMO_USER_NAME, DEMO_USER_PASSWORD).await;
    assert!(html(&consent).contains("genesys CLI"));
    let policy = consent.header("content-security-policy").unwrap();
    assert!(
        policy.contains("form-action 'self' http://127.0.0.1:54321"),
        "{policy}"
    );
    let allowed = post_form(
        &http,
        &[("pending", &pending(&consent)), ("decision", "allow")],
    )
    .await;
    assert!(
        allowed
            .header("location")
            .unwrap()
            .starts_with("http://127.0.0.1:54321/callback?code=")
    );
    let answer = redirect_params(&allowed, '?');
    let exchange = |verifier: &str, code: &str| {
        form_urlencoded::Serializer::new(String::new())
            .append_pair("grant_type", "authorization_code")
            .append_pair("code", code)
            .append_pair("code_verifier", verifier)
            .append_pair("client_id", DEMO_PKCE_CLIENT_ID)
            .append_pair("redirect_uri", redirect)
            .finish()
    };
    let form = [("content-type", "application/x-www-form-urlencoded")];
    let code = param(&answer, "code").unwrap();
    let token = http
        .send(
            Method::POST,
            "/oauth/token",
            &form,
            exchange(verifier, code),
        )
        .await;
    assert_eq!(token.status, 200, "{:?}", token.body);
    let token: Value = token.json();
    assert!(
        token["refresh_token"].is_string(),
        "a PKCE login brings a refresh token, as on the platform"
    );
    let mine = http
        .get(
            "/api/v2/oauth/authorizations",
            token["access_token"].as_str().unwrap(),
        )
        .await
        .json();
    assert_eq!(mine["entities"][0]["resourceOwner"]["name"], DEMO_USER_NAME);
    // Another path on the loopback host is not the registered URI.
    let other = get_page(
        &http,
        &[
            ("client_id", DEMO_PKCE_CLIENT_ID),
            ("response_type", "code"),
            ("redirect_uri", "http://127.0.0.1:54321/other"),
        ],
    )
    .await;
    assert_eq!(other.status, 400);
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_demo_emulator_knows_the_demo_user_and_another_does_not() {
    async fn signs_in(emulator: &Emulator, http: &Http) -> u16 {
        let admin = admin_token(emulator, http).await;
        let (id, _) = client(http, &admin, "App", "CODE").await;
        let params = [
            ("client_id", id.as_str()),
            ("response_type", "code"),
            ("redirect_uri", REDIRECT),
        ];
        sign_in(http, &params, DEMO_USER_NAME, DEMO_USER_PASSWORD)
            .await
            .status
            .as_u16()
    }
    let (demo, http) = start(
        EmulatorConfig::default()
            .demo_data(true)
            .visibility_delay(std::time::Duration::ZERO),
    )
    .await;
    assert_eq!(signs_in(&demo, &http).await, 200);
    demo.shutdown().await;
    let (plain, http) = start(EmulatorConfig::default()).await;
    assert_eq!(signs_in(&plain, &http).await, 401);
    plain.shutdown().await;
}

#[tokio::test]
async fn a_consent_is_saved_in_the_state_file_and_outlives_a_restart() {
    let path = common::temp_dir("consent").join("state.json");
    let (emulator, http) = start(config().state_file(&path)).await;
    let admin = admin_token(&emulator, &http).await;
    let (id, _) = client(&http, &admin, "Saved app", "CODE").await;
    let params = [
        ("client_id", id.as_str()),
        ("response_type", "code"),
        ("redirect_uri", REDIRECT),
    ];
    let consent = sign_in(&http, &params, "alice", "wonderland").await;
    let allowed = post_form(
        &http,
        &[("pending", &pending(&consent)), ("decision", "allow")],
    )
    .await;
    assert_eq!(allowed.status, 302, "{}", html(&allowed));
    emulator.shutdown().await;
    let (again, http) = start(config().state_file(&path)).await;
    let admin = admin_token(&again, &http).await;
    let saved = http
        .get(&format!("/api/v2/oauth/authorizations/{id}"), &admin)
        .await;
    assert_eq!(saved.status, 200, "{:?}", saved.body);
    assert_eq!(saved.json()["resourceOwner"]["name"], "alice");
    again.shutdown().await;
}
