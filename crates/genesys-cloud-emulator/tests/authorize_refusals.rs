//! What `/oauth/authorize` refuses, and how: RFC 6749 §4.1.2.1 errors on the page or redirected, wrong
//! passwords, replayed and forged forms, denial; and the pages' escaping and headers.

mod common;
mod pages;

use common::{admin_token, start};
use http::Method;
use pages::*;
use serde_json::json;

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
