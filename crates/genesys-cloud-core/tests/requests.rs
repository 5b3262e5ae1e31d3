//! Every operation and token grant: the exact method, URI, headers and body it builds.

use bytes::Bytes;
use genesys_cloud_core::ops::*;
use genesys_cloud_core::token::*;
use genesys_cloud_core::{
    Auth, BearerHeader, BuildError, Environment, Operation, Region, USER_AGENT_VALUE,
};
use genesys_cloud_models::*;
use http::Method;

const TOKEN: &str = "tok-123";

fn env() -> Environment {
    Environment::region(Region::UsEast1)
}

fn bearer() -> BearerHeader {
    BearerHeader::new(&AccessToken::new(TOKEN)).unwrap()
}

/// What a built request must look like.
struct Expected<'a> {
    method: Method,
    uri: &'a str,
    body: Option<&'a str>,
    accept_language: Option<&'a str>,
}

fn check<O: Operation>(operation: &O, expected: Expected<'_>) {
    let request = operation
        .to_http_request(&env(), Auth::Bearer(&bearer()))
        .unwrap();
    assert_eq!(request.method(), expected.method, "{}", O::ID);
    assert_eq!(O::METHOD, expected.method, "{}", O::ID);
    assert_eq!(request.uri().to_string(), expected.uri, "{}", O::ID);
    let headers = request.headers();
    let authorization = headers.get("authorization").unwrap();
    assert_eq!(authorization, &format!("Bearer {TOKEN}"));
    assert!(
        authorization.is_sensitive(),
        "{}: Authorization not marked sensitive",
        O::ID
    );
    assert_eq!(headers.get("accept").unwrap(), "application/json");
    assert_eq!(headers.get("user-agent").unwrap(), USER_AGENT_VALUE);
    assert!(USER_AGENT_VALUE.starts_with("genesys-cloud-rs/"));
    assert_eq!(
        headers.get("accept-language").map(|v| v.to_str().unwrap()),
        expected.accept_language,
        "{}",
        O::ID
    );
    match expected.body {
        Some(body) => {
            assert_eq!(
                headers.get("content-type").unwrap(),
                "application/json",
                "{}",
                O::ID
            );
            let sent: serde_json::Value = serde_json::from_slice(request.body()).unwrap();
            let wanted: serde_json::Value = serde_json::from_str(body).unwrap();
            assert_eq!(sent, wanted, "{}", O::ID);
        }
        None => {
            assert!(
                headers.get("content-type").is_none(),
                "{}: Content-Type without a body",
                O::ID
            );
            assert!(request.body().is_empty(), "{}", O::ID);
        }
    }
    let mut names: Vec<&str> = headers.keys().map(|k| k.as_str()).collect();
    names.sort_unstable();
    let mut allowed = vec!["accept", "authorization", "user-agent"];
    if expected.body.is_some() {
        allowed.push("content-type");
    }
    if expected.accept_language.is_some() {
        allowed.push("accept-language");
    }
    allowed.sort_unstable();
    assert_eq!(names, allowed, "{}: unexpected headers", O::ID);
}

const BASE: &str = "https://api.mypurecloud.com/api/v2/oauth";

#[test]
fn the_thirteen_operations() {
    check(
        &DeleteOauthClient::new("c1"),
        Expected {
            method: Method::DELETE,
            uri: &format!("{BASE}/clients/c1"),
            body: None,
            accept_language: None,
        },
    );
    check(
        &GetOauthAuthorization::new("c1").with_accept_language("fr-fr"),
        Expected {
            method: Method::GET,
            uri: &format!("{BASE}/authorizations/c1"),
            body: None,
            accept_language: Some("fr-fr"),
        },
    );
    check(
        &GetOauthAuthorization::new("c1"),
        Expected {
            method: Method::GET,
            uri: &format!("{BASE}/authorizations/c1"),
            body: None,
            accept_language: None,
        },
    );
    check(
        &GetOauthAuthorizations::new().with_accept_language("de-de"),
        Expected {
            method: Method::GET,
            uri: &format!("{BASE}/authorizations"),
            body: None,
            accept_language: Some("de-de"),
        },
    );
    check(
        &GetOauthClient::new("c1"),
        Expected {
            method: Method::GET,
            uri: &format!("{BASE}/clients/c1"),
            body: None,
            accept_language: None,
        },
    );
    check(
        &GetOauthClientUsageQueryResult::new("c1", "e1"),
        Expected {
            method: Method::GET,
            uri: &format!("{BASE}/clients/c1/usage/query/results/e1"),
            body: None,
            accept_language: None,
        },
    );
    check(
        &GetOauthClientUsageSummary::new("c1"),
        Expected {
            method: Method::GET,
            uri: &format!("{BASE}/clients/c1/usage/summary"),
            body: None,
            accept_language: None,
        },
    );
    check(
        &GetOauthClientUsageSummary::new("c1").with_days(30),
        Expected {
            method: Method::GET,
            uri: &format!("{BASE}/clients/c1/usage/summary?days=30"),
            body: None,
            accept_language: None,
        },
    );
    check(
        &GetOauthClients::new(),
        Expected {
            method: Method::GET,
            uri: &format!("{BASE}/clients"),
            body: None,
            accept_language: None,
        },
    );
    check(
        &GetOauthClients::new().with_page(3, 100),
        Expected {
            method: Method::GET,
            uri: &format!("{BASE}/clients?pageSize=100&pageNumber=3"),
            body: None,
            accept_language: None,
        },
    );
    check(
        &GetOauthScope::new("users:readonly").with_accept_language("en-us"),
        Expected {
            method: Method::GET,
            uri: &format!("{BASE}/scopes/users:readonly"),
            body: None,
            accept_language: Some("en-us"),
        },
    );
    check(
        &GetOauthScopes::new(),
        Expected {
            method: Method::GET,
            uri: &format!("{BASE}/scopes"),
            body: None,
            accept_language: None,
        },
    );
    check(
        &PostOauthClientSecret::new("c1"),
        Expected {
            method: Method::POST,
            uri: &format!("{BASE}/clients/c1/secret"),
            body: None,
            accept_language: None,
        },
    );
    let query = ApiUsageClientQuery::new("2025-06-01T00:00:00Z/2025-06-08T00:00:00Z")
        .with_granularity(Granularity::Week)
        .with_group_by(vec![UsageGroupBy::TemplateUri]);
    check(
        &PostOauthClientUsageQuery::new("c1", query),
        Expected {
            method: Method::POST,
            uri: &format!("{BASE}/clients/c1/usage/query"),
            body: Some(
                r#"{"interval":"2025-06-01T00:00:00Z/2025-06-08T00:00:00Z","granularity":"Week","groupBy":["TemplateUri"]}"#,
            ),
            accept_language: None,
        },
    );
    let create = OAuthClientRequest::new("bot", GrantType::ClientCredentials)
        .with_role_divisions(vec![RoleDivision::new("r1", "d1")]);
    check(
        &PostOauthClients::new(create.clone()),
        Expected {
            method: Method::POST,
            uri: &format!("{BASE}/clients"),
            body: Some(
                r#"{"name":"bot","authorizedGrantType":"CLIENT-CREDENTIALS","roleDivisions":[{"roleId":"r1","divisionId":"d1"}]}"#,
            ),
            accept_language: None,
        },
    );
    check(
        &PutOauthClient::new("c1", create.with_state(ClientState::Inactive)),
        Expected {
            method: Method::PUT,
            uri: &format!("{BASE}/clients/c1"),
            body: Some(
                r#"{"name":"bot","authorizedGrantType":"CLIENT-CREDENTIALS","roleDivisions":[{"roleId":"r1","divisionId":"d1"}],"state":"inactive"}"#,
            ),
            accept_language: None,
        },
    );
}

#[test]
fn operation_metadata_matches_the_spec() {
    assert_eq!(DeleteOauthClient::ID, "deleteOauthClient");
    assert_eq!(
        GetOauthClientUsageQueryResult::PERMISSIONS,
        ["oauth:client:view", "usage:client:view"]
    );
    assert!(GetOauthScope::PERMISSIONS.is_empty() && GetOauthScopes::PERMISSIONS.is_empty());
    assert_eq!(PostOauthClients::PERMISSIONS, ["oauth:client:add"]);
    // Only what cannot repeat a change is idempotent.
    let idempotent = [
        PostOauthClients::IDEMPOTENT,
        PostOauthClientSecret::IDEMPOTENT,
        PostOauthClientUsageQuery::IDEMPOTENT,
        PutOauthClient::IDEMPOTENT,
        DeleteOauthClient::IDEMPOTENT,
        GetOauthClients::IDEMPOTENT,
    ];
    assert_eq!(idempotent, [false, false, false, true, true, true]);
}

#[test]
fn api_operations_need_a_token() {
    let error = GetOauthClient::new("c1")
        .to_http_request(&env(), Auth::None)
        .unwrap_err();
    assert!(matches!(error, BuildError::MissingToken));
}

fn form(body: &Bytes) -> Vec<(String, String)> {
    url_decode_pairs(std::str::from_utf8(body).unwrap())
}

/// Decodes `application/x-www-form-urlencoded` with std only, to check the body independently of the encoder.
fn url_decode_pairs(text: &str) -> Vec<(String, String)> {
    fn decode(part: &str) -> String {
        let bytes = part.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'+' => out.push(b' '),
                b'%' => {
                    out.push(u8::from_str_radix(&part[i + 1..i + 3], 16).unwrap());
                    i += 2;
                }
                b => out.push(b),
            }
            i += 1;
        }
        String::from_utf8(out).unwrap()
    }
    text.split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            (decode(k), decode(v))
        })
        .collect()
}

fn check_grant<O: Operation>(grant: &O, basic: Option<&str>, fields: &[(&str, &str)]) {
    // Token grants authenticate themselves: whatever auth is passed is ignored.
    let request = grant
        .to_http_request(&env(), Auth::Bearer(&bearer()))
        .unwrap();
    assert_eq!(request.method(), Method::POST);
    assert_eq!(request.uri(), "https://login.mypurecloud.com/oauth/token");
    let headers = request.headers();
    assert_eq!(
        headers.get("content-type").unwrap(),
        "application/x-www-form-urlencoded"
    );
    assert_eq!(headers.get("accept").unwrap(), "application/json");
    assert_eq!(headers.get("user-agent").unwrap(), USER_AGENT_VALUE);
    match basic {
        Some(expected) => {
            let value = headers.get("authorization").unwrap();
            assert_eq!(value, expected);
            assert!(value.is_sensitive());
        }
        None => assert!(headers.get("authorization").is_none()),
    }
    let expected: Vec<(String, String)> = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(form(request.body()), expected);
}

#[test]
fn every_token_grant() {
    // base64("id:secret")
    let basic = "Basic aWQ6c2VjcmV0";
    check_grant(
        &ClientCredentialsGrant::new("id", ClientSecret::new("secret")),
        Some(basic),
        &[("grant_type", "client_credentials")],
    );
    check_grant(
        &AuthorizationCodeGrant::new(
            "id",
            ClientSecret::new("secret"),
            AuthorizationCode::new("the code"),
            "https://app.example.com/cb?x=1",
        ),
        Some(basic),
        &[
            ("grant_type", "authorization_code"),
            ("code", "the code"),
            ("redirect_uri", "https://app.example.com/cb?x=1"),
        ],
    );
    check_grant(
        &RefreshTokenGrant::new(
            "id",
            ClientSecret::new("secret"),
            RefreshToken::new("r&t=1"),
        ),
        Some(basic),
        &[("grant_type", "refresh_token"), ("refresh_token", "r&t=1")],
    );
    check_grant(
        &RefreshTokenGrant::public("public-id", RefreshToken::new("r&t=2")),
        None,
        &[
            ("grant_type", "refresh_token"),
            ("refresh_token", "r&t=2"),
            ("client_id", "public-id"),
        ],
    );
    let verifier = PkceVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
    check_grant(
        &PkceCodeExchange::new(
            "public-id",
            AuthorizationCode::new("c0de"),
            verifier,
            "http://localhost:8080/cb",
        ),
        None,
        &[
            ("grant_type", "authorization_code"),
            ("code", "c0de"),
            (
                "code_verifier",
                "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk",
            ),
            ("client_id", "public-id"),
            ("redirect_uri", "http://localhost:8080/cb"),
        ],
    );
    check_grant(
        &Saml2BearerGrant::new(
            "id",
            ClientSecret::new("secret"),
            "acme",
            SamlAssertion::new("PHNhbWw+PC9zYW1sPg=="),
        ),
        Some(basic),
        &[
            (
                "grant_type",
                "urn:ietf:params:oauth:grant-type:saml2-bearer",
            ),
            ("orgName", "acme"),
            ("assertion", "PHNhbWw+PC9zYW1sPg=="),
        ],
    );
}

#[test]
fn grants_refuse_empty_required_values() {
    let error = ClientCredentialsGrant::new("", ClientSecret::new("s"))
        .to_http_request(&env(), Auth::None)
        .unwrap_err();
    assert!(matches!(
        error,
        BuildError::InvalidParameter {
            name: "client_id",
            ..
        }
    ));
    assert!(PkceVerifier::new("too-short").is_err());
    assert!(PkceVerifier::new("a".repeat(129)).is_err());
    assert!(PkceVerifier::new(format!("{}!", "a".repeat(50))).is_err());
    assert_eq!(
        PkceVerifier::from_random_bytes(&[0xff; 32])
            .expose_secret()
            .len(),
        43
    );
}

#[test]
fn authorize_urls() {
    let url = AuthorizeUrl::new("cid", "https://app.example.com/cb", ResponseType::Token)
        .with_org_and_provider("acme", "okta")
        .with_prompt_login()
        .build(&Environment::region(Region::EuCentral1))
        .unwrap();
    assert_eq!(
        url,
        "https://login.mypurecloud.de/oauth/authorize?client_id=cid&response_type=token&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcb&org=acme&provider=okta&prompt=login"
    );
    let verifier = PkceVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk").unwrap();
    let url = AuthorizeUrl::new("cid", "http://localhost/cb", ResponseType::Code)
        .with_pkce(&verifier)
        .build(&env())
        .unwrap();
    assert!(url.contains(
        "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256"
    ));
}
