//! The hand-written deserializers of the models that keep unknown fields against the derive with
//! `#[serde(flatten)]` they replaced (copied below as it was): on the fixtures, every field removed, nulled or
//! given a value of another type, unknown and repeated keys, escaped keys, truncations, random byte mutations and
//! the fuzz corpus, both give the same model (compared as the JSON they write) or the same error text (serde_json's
//! message with its line and column) and the same serde_path_to_error path.

use genesys_cloud_models::{
    ApiUsageClientQuery, ClientSecret, ClientState, DomainEntityRef, GrantType, Granularity,
    OAuthClient, OAuthClientListing, OAuthClientRequest, RoleDivision, Timestamp, UsageGroupBy,
    UsageMetric,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

mod differential;

use differential::check_model;

/// The derive-based models of before, field for field.
mod old {
    use super::*;

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub(crate) struct OAuthClient {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) id: Option<String>,
        pub(crate) name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) access_token_validity_seconds: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) description: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) registered_redirect_uri: Option<Vec<String>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) secret: Option<ClientSecret>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) role_ids: Option<Vec<String>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) date_created: Option<Timestamp>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) date_modified: Option<Timestamp>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) created_by: Option<DomainEntityRef>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) modified_by: Option<DomainEntityRef>,
        pub(crate) authorized_grant_type: GrantType,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) scope: Option<Vec<String>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) role_divisions: Option<Vec<RoleDivision>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) state: Option<ClientState>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) date_to_delete: Option<Timestamp>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) self_uri: Option<String>,
        #[serde(flatten)]
        pub(crate) additional_fields: Map<String, Value>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub(crate) struct OAuthClientListing {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) id: Option<String>,
        pub(crate) name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) access_token_validity_seconds: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) description: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) registered_redirect_uri: Option<Vec<String>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) secret: Option<ClientSecret>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) role_ids: Option<Vec<String>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) date_created: Option<Timestamp>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) date_modified: Option<Timestamp>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) created_by: Option<DomainEntityRef>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) modified_by: Option<DomainEntityRef>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) scope: Option<Vec<String>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) role_divisions: Option<Vec<RoleDivision>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) state: Option<ClientState>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) date_to_delete: Option<Timestamp>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) self_uri: Option<String>,
        #[serde(flatten)]
        pub(crate) additional_fields: Map<String, Value>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub(crate) struct OAuthClientRequest {
        pub(crate) name: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) access_token_validity_seconds: Option<i64>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) description: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) registered_redirect_uri: Option<Vec<String>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) role_ids: Option<Vec<String>>,
        pub(crate) authorized_grant_type: GrantType,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) scope: Option<Vec<String>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) role_divisions: Option<Vec<RoleDivision>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) state: Option<ClientState>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) date_to_delete: Option<Timestamp>,
        #[serde(flatten)]
        pub(crate) additional_fields: Map<String, Value>,
    }

    #[derive(Serialize, Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub(crate) struct ApiUsageClientQuery {
        pub(crate) interval: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) granularity: Option<Granularity>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) metrics: Option<Vec<UsageMetric>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub(crate) group_by: Option<Vec<UsageGroupBy>>,
        #[serde(flatten)]
        pub(crate) additional_fields: Map<String, Value>,
    }
}

#[test]
fn oauth_client_reads_as_the_derive_did() {
    check_model::<OAuthClient, old::OAuthClient>("OAuthClient", 1);
}

#[test]
fn oauth_client_listing_reads_as_the_derive_did() {
    check_model::<OAuthClientListing, old::OAuthClientListing>("OAuthClientListing", 2);
}

#[test]
fn oauth_client_request_reads_as_the_derive_did() {
    check_model::<OAuthClientRequest, old::OAuthClientRequest>("OAuthClientRequest", 3);
}

#[test]
fn api_usage_client_query_reads_as_the_derive_did() {
    check_model::<ApiUsageClientQuery, old::ApiUsageClientQuery>("ApiUsageClientQuery", 4);
}
