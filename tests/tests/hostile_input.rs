//! Hostile ids, header values and credentials through the executor to the emulator: each id is one literal path
//! segment that reaches the emulator as that id (a 404 naming it) or a typed build error; nothing is ever sent
//! to another path, and nothing is changed. The core's own tests check the URIs; these check the whole trip.
//! (The `genesys` CLI's handling of the same input is tested with the CLI.)

mod common;

use genesys_cloud::models::{ApiUsageClientQuery, GrantType, OAuthClientRequest};
use genesys_cloud::{Client, Error, Patience};
use genesys_cloud_core::BuildError;
use genesys_cloud_emulator::EmulatorConfig;

/// Ids that would change the path, the query or the headers if they were not encoded as one segment.
const HOSTILE: &[&str] = &[
    "../x",
    "../../api/v2/oauth/clients",
    "a/b",
    "emulator-admin/secret",
    "?",
    "a?pageSize=1",
    "#",
    "a#b",
    "\r\n",
    "a\r\nX-Injected: 1",
    "%2F",
    "%2e%2e",
    "...",
    " ",
    "a b+c",
    "ünïcödé-客户-🦀",
    "a\0b",
    "\\..\\",
];

/// The 404 of an id must name exactly that id: then the request reached the route meant, with the id intact.
fn assert_not_found_naming(result: Result<impl std::fmt::Debug, Error>, id: &str, call: &str) {
    let error = match result {
        Ok(value) => panic!("{call}({id:?}) succeeded: {value:?}"),
        Err(error) => error,
    };
    assert!(error.is_not_found(), "{call}({id:?}): {error:?}");
    let body = error
        .api_error()
        .and_then(|api| api.error_body())
        .unwrap_or_else(|| panic!("{call}({id:?}): no error body: {error:?}"));
    assert_eq!(body.code.as_deref(), Some("not.found"), "{call}({id:?})");
    assert_eq!(
        body.entity_id.as_deref(),
        Some(id),
        "{call}({id:?}) named another id"
    );
}

#[tokio::test]
async fn hostile_ids_reach_the_emulator_as_one_literal_segment() {
    let emulator = common::emulator(EmulatorConfig::default()).await;
    let client = common::admin(&emulator).build().unwrap();
    let admin_id = emulator.admin_client_id().to_owned();
    let query = || ApiUsageClientQuery::new("2025-06-01T00:00:00Z/2025-06-02T00:00:00Z");
    let body = || OAuthClientRequest::new("renamed", GrantType::ClientCredentials);
    for &id in HOSTILE {
        assert_not_found_naming(client.get_oauth_client(id).await, id, "get_oauth_client");
        assert_not_found_naming(
            client.put_oauth_client(id, body()).await,
            id,
            "put_oauth_client",
        );
        assert_not_found_naming(
            client.delete_oauth_client(id).await,
            id,
            "delete_oauth_client",
        );
        assert_not_found_naming(
            client.post_oauth_client_secret(id).await,
            id,
            "post_oauth_client_secret",
        );
        assert_not_found_naming(
            client.get_oauth_client_usage_summary(id).days(7).await,
            id,
            "get_oauth_client_usage_summary",
        );
        assert_not_found_naming(
            client.post_oauth_client_usage_query(id, query()).await,
            id,
            "post_oauth_client_usage_query",
        );
        assert_not_found_naming(
            client.get_oauth_client_usage_query_result(id, "exec").await,
            id,
            "get_oauth_client_usage_query_result (client)",
        );
        assert_not_found_naming(
            client
                .get_oauth_client_usage_query_result(&admin_id, id)
                .await,
            id,
            "get_oauth_client_usage_query_result (execution)",
        );
        assert_not_found_naming(
            client.get_oauth_authorization(id).await,
            id,
            "get_oauth_authorization",
        );
        assert_not_found_naming(client.get_oauth_scope(id).await, id, "get_oauth_scope");
        // The lifecycle helper reads first, finds nothing, and so deletes nothing.
        client
            .delete_oauth_client_completely(id)
            .patience(Patience::default())
            .await
            .unwrap_or_else(|error| panic!("delete_oauth_client_completely({id:?}): {error}"));
    }
    let stats = emulator.stats();
    assert_eq!(
        stats.mutations.total(),
        0,
        "a hostile id changed something: {stats:?}"
    );
    // The admin (whose id `emulator-admin/secret` aimed at) still logs in with its secret.
    let fresh = common::admin(&emulator).build().unwrap();
    fresh.get_oauth_client(&admin_id).await.unwrap();
    emulator.shutdown().await;
}

#[tokio::test]
async fn ids_that_cannot_be_a_segment_are_build_errors_and_nothing_is_sent() {
    let emulator = common::emulator(EmulatorConfig::default()).await;
    let client = common::admin(&emulator).build().unwrap();
    client.token().await.unwrap();
    let before = emulator.stats().requests;
    for id in ["", ".", ".."] {
        for result in [
            client.get_oauth_client(id).await.map(drop),
            client.delete_oauth_client(id).await,
            client.post_oauth_client_secret(id).await.map(drop),
            client.get_oauth_scope(id).await.map(drop),
            client
                .get_oauth_client_usage_query_result("x", id)
                .await
                .map(drop),
        ] {
            let error = result.expect_err(id);
            assert!(
                matches!(error, Error::Build(BuildError::InvalidParameter { .. })),
                "{id:?}: {error:?}"
            );
            assert!(!error.is_retryable());
        }
    }
    assert_eq!(
        emulator.stats().requests,
        before,
        "a request was sent for an id that is no segment"
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn header_values_with_control_characters_are_build_errors() {
    let emulator = common::emulator(EmulatorConfig::default()).await;
    let client = common::admin(&emulator).build().unwrap();
    client.token().await.unwrap();
    let before = emulator.stats().requests;
    for language in ["en\r\nX-Injected: 1", "en\n", "\0", "en\u{7f}"] {
        for error in [
            client
                .get_oauth_scopes()
                .accept_language(language)
                .await
                .map(drop)
                .unwrap_err(),
            client
                .get_oauth_scope("x")
                .accept_language(language)
                .await
                .map(drop)
                .unwrap_err(),
            client
                .get_oauth_authorizations()
                .accept_language(language)
                .await
                .map(drop)
                .unwrap_err(),
            client
                .get_oauth_authorization("x")
                .accept_language(language)
                .await
                .map(drop)
                .unwrap_err(),
        ] {
            assert!(
                matches!(error, Error::Build(BuildError::InvalidHeaderValue { .. })),
                "{language:?}: {error:?}"
            );
        }
    }
    assert_eq!(
        emulator.stats().requests,
        before,
        "a request with a bad header value was sent"
    );
    let error = common::admin(&emulator)
        .user_agent_suffix("app/1\r\nX-Injected: 1")
        .build()
        .unwrap_err();
    assert!(matches!(error, Error::Config(_)), "{error:?}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn hostile_credentials_are_refused_with_typed_errors() {
    let emulator = common::emulator(EmulatorConfig::default()).await;
    let base = emulator.base_url();
    // Odd ids and secrets travel form-encoded in Basic credentials: the emulator refuses them as credentials.
    for (id, secret) in [
        ("a:b", "c:d"),
        ("emulator-admin\r\nX-Injected: 1", "x"),
        ("ünï", "客户"),
        ("%2F", "%00"),
    ] {
        let client = Client::builder()
            .base_url(&base)
            .client_credentials(id, secret)
            .no_retries()
            .build()
            .unwrap();
        let error = client.get_oauth_scopes().await.unwrap_err();
        // Refused by the emulator (400 or 401), or before sending when the id cannot be sent at all.
        let Error::Token(cause) = &error else {
            panic!("{id:?}: not a token error: {error:?}");
        };
        assert!(
            matches!(**cause, Error::Build(_))
                || matches!(error.status().map(|s| s.as_u16()), Some(400 | 401)),
            "{id:?}: {error:?}"
        );
    }
    // An empty id or secret is refused when the client is built, naming which one.
    for (id, secret, field) in [
        ("", "secret", "client id"),
        ("emulator-admin", "", "client secret"),
    ] {
        let error = Client::builder()
            .base_url(&base)
            .client_credentials(id, secret)
            .build()
            .unwrap_err();
        assert!(matches!(error, Error::Config(_)), "{error:?}");
        assert!(error.to_string().contains(field), "{error}");
    }
    // A ready-made token with a line break cannot become a header: refused when the client is built.
    let error = Client::builder()
        .base_url(&base)
        .access_token("t\r\nX-Injected: 1")
        .build()
        .unwrap_err();
    assert!(
        matches!(error, Error::Build(BuildError::InvalidToken)),
        "{error:?}"
    );
    assert!(!error.to_string().contains("X-Injected"), "{error}");
    emulator.shutdown().await;
}

#[tokio::test]
async fn hostile_base_urls_are_configuration_errors() {
    for url in [
        "",
        "api.mypurecloud.com",
        "https://user:password@api.mypurecloud.com",
        "https://api.mypurecloud.com/?x=1",
        "https://api.mypurecloud.com/#frag",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "http://localhost.example.com",
        "http://127.0.0.1.nip.io",
        "https://[::1",
        "https://api.mypurecloud.com:99999",
    ] {
        let error = Client::builder()
            .base_url(url)
            .access_token("t")
            .build()
            .unwrap_err();
        assert!(matches!(error, Error::Config(_)), "{url:?}: {error:?}");
    }
}
