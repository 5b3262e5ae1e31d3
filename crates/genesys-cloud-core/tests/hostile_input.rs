//! Hostile ids and header values: each becomes one literal path segment or a build error, never another path or
//! a panic.

use genesys_cloud_core::ops::*;
use genesys_cloud_core::{Auth, BearerHeader, BuildError, Environment, Operation};
use genesys_cloud_models::AccessToken;

fn build<O: Operation>(operation: &O) -> Result<http::Request<bytes::Bytes>, BuildError> {
    let token = BearerHeader::new(&AccessToken::new("t")).unwrap();
    operation.to_http_request(&Environment::default(), Auth::Bearer(&token))
}

/// Decodes `%XX` escapes of one path segment.
fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            out.push(u8::from_str_radix(&segment[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

const HOSTILE: &[&str] = &[
    "../scopes",
    "../../x",
    "a/b",
    "a?b",
    "a#b",
    "%2F",
    "%2e%2e",
    "a b",
    "a+b",
    "ünïcödé-客户",
    "a\r\nX-Injected: 1",
    "a\nb",
    "a\0b",
    "a;b=c",
    "\\..\\",
    "a&pageSize=1",
];

#[test]
fn hostile_client_ids_stay_one_literal_segment() {
    for id in HOSTILE {
        let request = build(&GetOauthClient::new(*id)).unwrap_or_else(|e| panic!("{id:?}: {e}"));
        let uri = request.uri();
        assert_eq!(uri.host(), Some("api.mypurecloud.com"), "{id:?}");
        assert!(uri.query().is_none(), "{id:?} produced a query: {uri}");
        let path = uri.path();
        let rest = path
            .strip_prefix("/api/v2/oauth/clients/")
            .unwrap_or_else(|| panic!("{id:?} left the clients path: {path}"));
        assert!(
            !rest.contains('/'),
            "{id:?} became several segments: {path}"
        );
        assert_eq!(
            percent_decode(rest),
            *id,
            "{id:?} did not decode back to itself"
        );
        assert!(!uri.to_string().contains('#'));
    }
}

#[test]
fn hostile_ids_in_every_path_parameter() {
    for id in HOSTILE {
        let uris = [
            build(&DeleteOauthClient::new(*id)).unwrap().uri().clone(),
            build(&GetOauthAuthorization::new(*id))
                .unwrap()
                .uri()
                .clone(),
            build(&GetOauthScope::new(*id)).unwrap().uri().clone(),
            build(&PostOauthClientSecret::new(*id))
                .unwrap()
                .uri()
                .clone(),
            build(&GetOauthClientUsageSummary::new(*id))
                .unwrap()
                .uri()
                .clone(),
            build(&GetOauthClientUsageQueryResult::new(*id, *id))
                .unwrap()
                .uri()
                .clone(),
        ];
        for uri in uris {
            // Fixed segments plus exactly one per parameter.
            let segments: Vec<&str> = uri.path().split('/').collect();
            assert!(segments.iter().all(|s| *s != ".." && *s != "."), "{uri}");
            assert!(uri.query().is_none(), "{id:?}: {uri}");
            assert!(matches!(segments.len(), 6 | 7 | 8 | 10), "{id:?}: {uri}");
        }
    }
}

#[test]
fn empty_and_dot_ids_are_build_errors() {
    for id in ["", ".", ".."] {
        let error = build(&GetOauthClient::new(id)).unwrap_err();
        assert!(
            matches!(
                error,
                BuildError::InvalidParameter {
                    name: "clientId",
                    ..
                }
            ),
            "{id:?}: {error:?}"
        );
        assert!(build(&DeleteOauthClient::new(id)).is_err());
        assert!(build(&GetOauthScope::new(id)).is_err());
        assert!(build(&GetOauthClientUsageQueryResult::new("c", id)).is_err());
        assert!(build(&GetOauthClientUsageQueryResult::new(id, "e")).is_err());
    }
}

#[test]
fn crlf_in_header_values_is_a_build_error() {
    for value in ["en-us\r\nX-Evil: 1", "fr\n", "de\r", "a\0b"] {
        let error = build(&GetOauthScopes::new().with_accept_language(value)).unwrap_err();
        assert!(
            matches!(
                error,
                BuildError::InvalidHeaderValue {
                    name: "Accept-Language"
                }
            ),
            "{value:?}"
        );
        assert!(build(&GetOauthAuthorization::new("c").with_accept_language(value)).is_err());
    }
    // A token that cannot be a header is refused without echoing it.
    let error = BearerHeader::new(&AccessToken::new("secret-tok\r\nX-Evil: 1")).unwrap_err();
    assert!(matches!(error, BuildError::InvalidToken));
    assert!(!error.to_string().contains("secret-tok"));
}

#[test]
fn page_links_cannot_leave_the_clients_path_or_host() {
    let op = GetOauthClients::from_link("https://evil.example/api/v2/oauth/clients?pageNumber=2")
        .unwrap();
    let request = build(&op).unwrap();
    assert_eq!(request.uri().host(), Some("api.mypurecloud.com"));
    assert_eq!(request.uri().query(), Some("pageNumber=2"));
    for bad in [
        "/api/v2/users?pageNumber=2",
        "/api/v2/oauth/clients/../users",
        "not a uri\r\n",
    ] {
        assert!(GetOauthClients::from_link(bad).is_err(), "{bad}");
    }
}
