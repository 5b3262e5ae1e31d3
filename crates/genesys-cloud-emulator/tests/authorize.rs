//! `GET /oauth/authorize` and its pages, driven over plain HTTP as a browser would: the login and consent forms,
//! the redirects with a code or a token, the RFC 6749 §4.1.2.1 errors, and the pages' escaping and headers.

mod common;

use base64::Engine;
use bytes::Bytes;
use common::{Http, Resp, admin_token, start};
use genesys_cloud_emulator::catalogue::{DEMO_PKCE_CLIENT_ID, DEMO_USER_NAME, DEMO_USER_PASSWORD};
use genesys_cloud_emulator::{Emulator, EmulatorConfig};
use http::Method;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const REDIRECT: &str = "https://app.example/cb";

fn config() -> EmulatorConfig {
    EmulatorConfig::default().user("alice", "wonderland")
}

/// Creates a client of `grant` with the test redirect URI and two scopes; returns its id and secret.
async fn client(http: &Http, admin: &str, name: &str, grant: &str) -> (String, String) {
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

fn authorize_path(params: &[(&str, &str)]) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    for (name, value) in params {
        query.append_pair(name, value);
    }
    format!("/oauth/authorize?{}", query.finish())
}

async fn get_page(http: &Http, params: &[(&str, &str)]) -> Resp {
    http.send(Method::GET, &authorize_path(params), &[], Bytes::new())
        .await
}

async fn post_form(http: &Http, fields: &[(&str, &str)]) -> Resp {
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

fn html(response: &Resp) -> String {
    String::from_utf8_lossy(&response.body).into_owned()
}

/// The one-time id in a page's hidden `pending` field.
fn pending(response: &Resp) -> String {
    let page = html(response);
    let start = page
        .find("name=\"pending\" value=\"")
        .unwrap_or_else(|| panic!("no pending field: {page}"))
        + "name=\"pending\" value=\"".len();
    page[start..].split('"').next().unwrap().to_owned()
}

/// The query (or fragment) parameters of a redirect.
fn redirect_params(response: &Resp, separator: char) -> Vec<(String, String)> {
    assert_eq!(response.status, 302, "{}", html(response));
    let location = response.header("location").expect("a Location");
    let (_, params) = location.split_once(separator).expect("parameters");
    form_urlencoded::parse(params.as_bytes())
        .into_owned()
        .collect()
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// Asserts the headers every page carries.
fn assert_page_headers(response: &Resp) {
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
async fn sign_in(http: &Http, params: &[(&str, &str)], user: &str, password: &str) -> Resp {
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

/// `POST /oauth/token` with the code, as a confidential client; returns the access token.
async fn exchange(http: &Http, id: &str, secret: &str, code: &str) -> String {
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

#[tokio::test]
async fn everything_echoed_is_escaped() {
    let (emulator, http) = start(config().user("<b>eve</b>", "pw")).await;
    let admin = admin_token(&emulator, &http).await;
    let name = "<script>alert('x')</script>";
    let (id, _) = client(&http, &admin, name, "CODE").await;
    let params = [
        ("client_id", id.as_str()),
        ("response_type", "code"),
        ("redirect_uri", REDIRECT),
        ("org", "\"><img src=x>"),
        ("provider", "okta"),
    ];
    let login = get_page(&http, &params).await;
    let page = html(&login);
    assert!(!page.contains(name) && !page.contains("<img"), "{page}");
    assert!(
        page.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        "{page}"
    );
    assert!(page.contains("&quot;&gt;&lt;img src=x&gt;"), "{page}");
    let consent = sign_in(&http, &params, "<b>eve</b>", "pw").await;
    let page = html(&consent);
    assert_eq!(consent.status, 200, "{page}");
    assert!(!page.contains(name) && !page.contains("<b>eve"), "{page}");
    assert!(page.contains("&lt;b&gt;eve&lt;/b&gt;"), "{page}");
    // Errors shown on the page are escaped too.
    let unknown = get_page(
        &http,
        &[("client_id", "<i>nope</i>"), ("redirect_uri", REDIRECT)],
    )
    .await;
    assert!(html(&unknown).contains("&lt;i&gt;nope&lt;/i&gt;"));
    assert_page_headers(&unknown);
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_wrong_password_shows_the_page_again_and_five_end_the_request() {
    let (emulator, http) = start(config()).await;
    let admin = admin_token(&emulator, &http).await;
    let (id, _) = client(&http, &admin, "App", "CODE").await;
    let params = [
        ("client_id", id.as_str()),
        ("response_type", "code"),
        ("redirect_uri", REDIRECT),
    ];
    let login = get_page(&http, &params).await;
    let mut current = pending(&login);
    for attempt in 1..=5 {
        let wrong = post_form(
            &http,
            &[
                ("pending", &current),
                ("username", "alice"),
                ("password", "wrong"),
            ],
        )
        .await;
        assert!(wrong.header("location").is_none(), "never redirected");
        if attempt < 5 {
            assert_eq!(wrong.status, 401);
            assert_page_headers(&wrong);
            assert!(html(&wrong).contains("incorrect"), "{}", html(&wrong));
            let next = pending(&wrong);
            assert_ne!(next, current, "a new id for each page");
            current = next;
        } else {
            assert_eq!(wrong.status, 400);
            assert!(html(&wrong).contains("Too many"), "{}", html(&wrong));
        }
    }
    // The last id is spent too.
    let after = post_form(
        &http,
        &[
            ("pending", &current),
            ("username", "alice"),
            ("password", "wonderland"),
        ],
    )
    .await;
    assert_eq!(after.status, 400);
    emulator.shutdown().await;
}

#[tokio::test]
async fn untrusted_clients_and_redirect_uris_get_a_page_never_a_redirect() {
    let (emulator, http) = start(config()).await;
    let admin = admin_token(&emulator, &http).await;
    let (id, _) = client(&http, &admin, "App", "CODE").await;
    for params in [
        vec![
            ("client_id", id.as_str()),
            ("response_type", "code"),
            ("redirect_uri", "https://evil.example/cb"),
        ],
        vec![
            ("client_id", id.as_str()),
            ("response_type", "code"),
            ("redirect_uri", "https://app.example/cb/x"),
        ],
        vec![("client_id", id.as_str()), ("response_type", "code")],
        vec![
            ("client_id", "no-such-client"),
            ("response_type", "code"),
            ("redirect_uri", REDIRECT),
        ],
        vec![("response_type", "code"), ("redirect_uri", REDIRECT)],
        vec![
            ("client_id", id.as_str()),
            ("client_id", id.as_str()),
            ("redirect_uri", REDIRECT),
        ],
    ] {
        let response = get_page(&http, &params).await;
        assert_eq!(response.status, 400, "{params:?}");
        assert!(response.header("location").is_none(), "{params:?}");
        assert_page_headers(&response);
        assert!(html(&response).contains("id=\"error\""));
    }
    emulator.shutdown().await;
}

/// The parameters of a request, the error it must bring back, and where (`?` query, `#` fragment).
type Case<'a> = (Vec<(&'a str, &'a str)>, &'static str, char);

#[tokio::test]
async fn errors_of_a_trusted_request_are_redirected_with_the_state() {
    let (emulator, http) = start(config()).await;
    let admin = admin_token(&emulator, &http).await;
    let (code_id, _) = client(&http, &admin, "Code app", "CODE").await;
    let (token_id, _) = client(&http, &admin, "Implicit app", "TOKEN").await;
    let (code_id, token_id) = (code_id.as_str(), token_id.as_str());
    let challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    let cases: Vec<Case<'_>> = vec![
        (
            vec![("client_id", code_id), ("response_type", "id_token")],
            "unsupported_response_type",
            '?',
        ),
        (vec![("client_id", code_id)], "invalid_request", '?'),
        (
            vec![("client_id", code_id), ("response_type", "token")],
            "unauthorized_client",
            '#',
        ),
        (
            vec![("client_id", token_id), ("response_type", "code")],
            "unauthorized_client",
            '?',
        ),
        (
            vec![
                ("client_id", code_id),
                ("response_type", "code"),
                ("code_challenge", challenge),
                ("code_challenge_method", "plain"),
            ],
            "invalid_request",
            '?',
        ),
        (
            vec![
                ("client_id", code_id),
                ("response_type", "code"),
                ("code_challenge", challenge),
            ],
            "invalid_request",
            '?',
        ),
        (
            vec![
                ("client_id", code_id),
                ("response_type", "code"),
                ("code_challenge", "short"),
                ("code_challenge_method", "S256"),
            ],
            "invalid_request",
            '?',
        ),
        (
            vec![
                ("client_id", code_id),
                ("response_type", "code"),
                ("org", "acme"),
            ],
            "invalid_request",
            '?',
        ),
        (
            vec![
                ("client_id", code_id),
                ("response_type", "code"),
                ("provider", "okta"),
            ],
            "invalid_request",
            '?',
        ),
        (
            vec![
                ("client_id", code_id),
                ("response_type", "code"),
                ("prompt", "none"),
            ],
            "invalid_request",
            '?',
        ),
    ];
    for (mut params, error, separator) in cases {
        params.push(("redirect_uri", REDIRECT));
        params.push(("state", "st-1"));
        let response = get_page(&http, &params).await;
        let answer = redirect_params(&response, separator);
        assert_eq!(param(&answer, "error"), Some(error), "{params:?}");
        assert_eq!(param(&answer, "state"), Some("st-1"), "{params:?}");
        assert!(param(&answer, "error_description").is_some());
    }
    // org and provider together, and prompt=login, are accepted.
    for extra in [
        vec![("org", "acme"), ("provider", "okta")],
        vec![("prompt", "login")],
    ] {
        let mut params = vec![
            ("client_id", code_id),
            ("response_type", "code"),
            ("redirect_uri", REDIRECT),
        ];
        params.extend(extra);
        let response = get_page(&http, &params).await;
        assert_eq!(response.status, 200, "{}", html(&response));
    }
    // A disabled client is refused, through its trusted redirect URI.
    let disable = json!({"name": "Code app", "authorizedGrantType": "CODE", "registeredRedirectUri": [REDIRECT], "state": "disabled"});
    let updated = http
        .put(
            &format!("/api/v2/oauth/clients/{code_id}"),
            &admin,
            &disable,
        )
        .await;
    assert_eq!(updated.status, 200, "{:?}", updated.body);
    let response = get_page(
        &http,
        &[
            ("client_id", code_id),
            ("response_type", "code"),
            ("redirect_uri", REDIRECT),
        ],
    )
    .await;
    assert_eq!(
        param(&redirect_params(&response, '?'), "error"),
        Some("unauthorized_client")
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn deny_redirects_access_denied_and_forged_requests_are_refused() {
    let (emulator, http) = start(config()).await;
    let admin = admin_token(&emulator, &http).await;
    let (id, _) = client(&http, &admin, "App", "CODE").await;
    let params = [
        ("client_id", id.as_str()),
        ("response_type", "code"),
        ("redirect_uri", REDIRECT),
        ("state", "abc"),
    ];
    let consent = sign_in(&http, &params, "alice", "wonderland").await;
    let denied = post_form(
        &http,
        &[("pending", &pending(&consent)), ("decision", "deny")],
    )
    .await;
    let answer = redirect_params(&denied, '?');
    assert_eq!(param(&answer, "error"), Some("access_denied"));
    assert_eq!(param(&answer, "state"), Some("abc"));
    assert!(param(&answer, "code").is_none());
    // No authorization was recorded for a denial.
    let all = http
        .get("/api/v2/oauth/authorizations", &admin)
        .await
        .json();
    assert_eq!(all["total"], 3, "{all}");
    // A made-up id, and the login page's id used to skip the sign-in, are refused without a redirect.
    let forged = post_form(&http, &[("pending", "made-up"), ("decision", "allow")]).await;
    assert_eq!(forged.status, 400);
    assert!(forged.header("location").is_none());
    let login = get_page(&http, &params).await;
    let skipped = post_form(
        &http,
        &[("pending", &pending(&login)), ("decision", "allow")],
    )
    .await;
    assert_eq!(
        skipped.status,
        401,
        "still the login page: {}",
        html(&skipped)
    );
    assert!(skipped.header("location").is_none());
    // Fields beside the id cannot change the request: the client and redirect URI stay the server's.
    let consent = sign_in(&http, &params, "alice", "wonderland").await;
    let allowed = post_form(
        &http,
        &[
            ("pending", &pending(&consent)),
            ("decision", "allow"),
            ("redirect_uri", "https://evil.example/cb"),
            ("client_id", "emulator-admin"),
        ],
    )
    .await;
    assert!(allowed.header("location").unwrap().starts_with(REDIRECT));
    // A form that is not form-encoded is refused.
    let json_body = http
        .send(
            Method::POST,
            "/oauth/authorize",
            &[("content-type", "application/json")],
            "{}",
        )
        .await;
    assert_eq!(json_body.status, 400);
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

fn s256(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
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
        token["refresh_token"].is_null(),
        "a public client gets no refresh token"
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
