//! The models generated from `spec/` against the hand-written ones they replaced (kept unchanged in the test-only
//! crate `tests/legacy-models`): for each of the 18 models, its fixture, every field removed, nulled or of another
//! type, unknown, repeated and escaped keys, every truncation, 3,000 random mutations and the fuzz corpus decode
//! to the same value, written as the same bytes, or fail with the same error text and path
//! (`differential::check_model`). Also the open enums' known values and the conversions between models.

use genesys_cloud_models as generated;
use genesys_cloud_models_legacy as legacy;

mod differential;

use differential::check_model;

/// One test per model, each with its own mutation seed, so a failure names the model.
macro_rules! same_as_hand_written {
    ($($test:ident: $model:ident, $seed:literal;)+) => {$(
        #[test]
        fn $test() {
            check_model::<generated::$model, legacy::$model>(stringify!($model), $seed);
        }
    )+};
}

same_as_hand_written! {
    oauth_client: OAuthClient, 101;
    oauth_client_request: OAuthClientRequest, 102;
    oauth_client_entity_listing: OAuthClientEntityListing, 103;
    oauth_client_listing: OAuthClientListing, 104;
    oauth_authorization: OAuthAuthorization, 105;
    oauth_authorization_listing: OAuthAuthorizationListing, 106;
    oauth_scope: OAuthScope, 107;
    oauth_scope_listing: OAuthScopeListing, 108;
    api_usage_client_query: ApiUsageClientQuery, 109;
    api_usage_query_result: ApiUsageQueryResult, 110;
    api_usage_row: ApiUsageRow, 111;
    cursors: Cursors, 112;
    usage_execution_result: UsageExecutionResult, 113;
    error_body: ErrorBody, 114;
    detail: Detail, 115;
    limit: Limit, 116;
    domain_entity_ref: DomainEntityRef, 117;
    role_division: RoleDivision, 118;
}

/// Every enum has the same known values, in the same order, with the same Rust names (compared through `Debug`).
#[test]
fn open_enums_know_the_same_values() {
    macro_rules! same_known {
        ($($enum:ident),+) => {$(
            let new: Vec<String> = generated::$enum::KNOWN.iter().map(|v| format!("{v:?}={}", v.as_str())).collect();
            let old: Vec<String> = legacy::$enum::KNOWN.iter().map(|v| format!("{v:?}={}", v.as_str())).collect();
            assert_eq!(new, old, stringify!($enum));
        )+};
    }
    same_known!(
        GrantType,
        ClientState,
        AuthorizationState,
        Granularity,
        UsageMetric,
        UsageGroupBy,
        QueryStatus,
        LimitNamespace
    );
}

/// `OAuthClient::to_request` and `From<OAuthClient> for OAuthClientListing` carry the same fields, unknown ones
/// included, as the hand-written conversions did.
#[test]
fn conversions_between_models_carry_the_same_fields() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../crates/genesys-cloud-models/tests/fixtures/OAuthClient.json"
    ))
    .unwrap();
    let mut document: serde_json::Value = serde_json::from_str(&text).unwrap();
    document["futureField"] = serde_json::json!({"kept": [1, 2]});
    let text = document.to_string();
    let new: generated::OAuthClient = serde_json::from_str(&text).unwrap();
    let old: legacy::OAuthClient = serde_json::from_str(&text).unwrap();
    assert_eq!(json(&new.to_request()), json(&old.to_request()));
    assert_eq!(
        json(&new.clone().into_request()),
        json(&old.clone().into_request())
    );
    assert_eq!(
        json(&generated::OAuthClientListing::from(new)),
        json(&legacy::OAuthClientListing::from(old))
    );
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap()
}
