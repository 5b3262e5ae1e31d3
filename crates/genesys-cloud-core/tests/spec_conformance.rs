//! Every operation's `ID`, `METHOD`, `PATH` and `PERMISSIONS` are the specification's (`spec/oauth-api.json` and
//! `spec/neighbour-apis.json` at the workspace root, copies of the references the swagger files were made from,
//! read here independently of them), and the path it builds is its `PATH`.
//!
//! The file is outside this crate, so a copy of the crate from crates.io does not have it: the test then fails
//! saying so, rather than passing without checking anything. (Packaging builds the crate but runs no tests.)
// Every API group's operations are needed: `cargo xtask ci` runs the tests with --all-features.
#![cfg(all(
    feature = "oauth",
    feature = "tokens",
    feature = "authorization",
    feature = "organization"
))]

use std::collections::BTreeMap;

use genesys_cloud_core::models::{ApiUsageClientQuery, GrantType, OAuthClientRequest};
use genesys_cloud_core::ops::*;
use genesys_cloud_core::{Auth, BearerHeader, Environment, Operation};
use genesys_cloud_models::AccessToken;
use serde_json::Value;

const SPECS: &[&str] = &[
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../spec/oauth-api.json"),
    concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../spec/neighbour-apis.json"
    ),
];

/// The value each path parameter is built with: all different, so a parameter put in another's place shows.
const VALUES: &[(&str, &str)] = &[
    ("clientId", "client-1"),
    ("executionId", "execution-2"),
    ("scopeId", "scope-3"),
    ("userId", "user-4"),
    ("divisionId", "division-5"),
    ("roleId", "role-6"),
];

/// What the SDK says about one operation, and the path it actually builds.
#[derive(Debug, PartialEq)]
struct Described {
    method: String,
    path: String,
    permissions: Vec<String>,
    built_path: String,
}

fn describe<O: Operation>(operation: O) -> (&'static str, Described) {
    let token = BearerHeader::new(&AccessToken::new("t")).unwrap();
    let request = operation
        .to_http_request(&Environment::default(), Auth::Bearer(&token))
        .unwrap_or_else(|error| panic!("{}: {error}", O::ID));
    let described = Described {
        method: O::METHOD.to_string(),
        path: O::PATH.to_owned(),
        permissions: O::PERMISSIONS.iter().map(|p| (*p).to_owned()).collect(),
        built_path: request.uri().path().to_owned(),
    };
    (O::ID, described)
}

fn sdk() -> BTreeMap<&'static str, Described> {
    let body = || OAuthClientRequest::new("n", GrantType::ClientCredentials);
    [
        describe(DeleteOauthClient::new("client-1")),
        describe(GetOauthAuthorization::new("client-1")),
        describe(GetOauthAuthorizations::new()),
        describe(GetOauthClient::new("client-1")),
        describe(GetOauthClientUsageQueryResult::new(
            "client-1",
            "execution-2",
        )),
        describe(GetOauthClientUsageSummary::new("client-1")),
        describe(GetOauthClients::new()),
        describe(GetOauthScope::new("scope-3")),
        describe(GetOauthScopes::new()),
        describe(PostOauthClientSecret::new("client-1")),
        describe(PostOauthClientUsageQuery::new(
            "client-1",
            ApiUsageClientQuery::new("2024-01-01T00:00:00Z/2024-01-02T00:00:00Z"),
        )),
        describe(PostOauthClients::new(body())),
        describe(PutOauthClient::new("client-1", body())),
        describe(DeleteToken::new("user-4")),
        describe(DeleteTokensMe::new()),
        describe(GetTokensMe::new()),
        describe(HeadTokensMe::new()),
        describe(GetTokensTimeout::new()),
        describe(PutTokensTimeout::new(Default::default())),
        describe(GetAuthorizationDivision::new("division-5")),
        describe(GetAuthorizationDivisions::new()),
        describe(GetAuthorizationDivisionsHome::new()),
        describe(GetAuthorizationPermissions::new()),
        describe(GetAuthorizationRole::new("role-6")),
        describe(GetAuthorizationRoles::new()),
        describe(GetAuthorizationSubjectsMe::new()),
        describe(GetOrganizationsMe::new()),
    ]
    .into_iter()
    .collect()
}

fn spec() -> BTreeMap<String, Described> {
    SPECS.iter().flat_map(|file| operations_of(file)).collect()
}

fn operations_of(file: &str) -> BTreeMap<String, Described> {
    let text = std::fs::read_to_string(file).unwrap_or_else(|error| {
        panic!(
            "cannot read the API specification at {file} ({error}); this test runs in the repository, \
             where spec/ sits at the workspace root"
        )
    });
    let spec: Value = serde_json::from_str(&text).expect("the reference is JSON");
    let operations = spec["operations"]
        .as_array()
        .expect("`operations` is a list");
    operations
        .iter()
        .map(|operation| {
            let text = |key: &str| operation[key].as_str().expect(key).to_owned();
            let permissions = &operation["permissions"];
            // PERMISSIONS means "any one of"; an operation needing all of several would not fit it.
            let mode = permissions["mode"].as_str().expect("permissions.mode");
            assert!(
                matches!(mode, "ANY" | "NONE"),
                "{}: mode {mode}",
                text("operationId")
            );
            let path = text("path");
            let built_path = VALUES.iter().fold(path.clone(), |path, (name, value)| {
                path.replace(&format!("{{{name}}}"), value)
            });
            let described = Described {
                method: text("method"),
                path,
                permissions: permissions["list"]
                    .as_array()
                    .expect("permissions.list")
                    .iter()
                    .map(|p| p.as_str().expect("a permission").to_owned())
                    .collect(),
                built_path,
            };
            (text("operationId"), described)
        })
        .collect()
}

#[test]
fn every_operation_matches_the_specification() {
    let spec = spec();
    let sdk = sdk();
    assert_eq!(
        spec.len(),
        13 + 14,
        "the references have 13 + 14 operations"
    );
    let spec_ids: Vec<&str> = spec.keys().map(String::as_str).collect();
    let sdk_ids: Vec<&str> = sdk.keys().copied().collect();
    assert_eq!(sdk_ids, spec_ids, "one operation type per operationId");
    for (id, described) in &sdk {
        assert_eq!(described, &spec[*id], "{id}");
        assert!(!described.built_path.contains('{'), "{id}");
    }
}
