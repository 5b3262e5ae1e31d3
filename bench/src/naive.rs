//! What most Rust SDKs generate for the listing: plain serde-derive structs with a `String` or `Option<String>`
//! for every field, dates and enums included. The baseline of `listing_naive_mbps`.

use serde::Deserialize;

/// `OAuthClientEntityListing` with plain types.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)] // Read only through Debug and drop: the fields exist to be parsed.
pub(crate) struct NaiveListing {
    pub(crate) entities: Option<Vec<NaiveClient>>,
    page_size: Option<i32>,
    page_number: Option<i32>,
    total: Option<i64>,
    first_uri: Option<String>,
    last_uri: Option<String>,
    self_uri: Option<String>,
    previous_uri: Option<String>,
    next_uri: Option<String>,
    page_count: Option<i32>,
}

/// `OAuthClientListing` with plain types.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub(crate) struct NaiveClient {
    id: Option<String>,
    name: String,
    access_token_validity_seconds: Option<i64>,
    description: Option<String>,
    registered_redirect_uri: Option<Vec<String>>,
    secret: Option<String>,
    role_ids: Option<Vec<String>>,
    date_created: Option<String>,
    date_modified: Option<String>,
    created_by: Option<NaiveEntityRef>,
    modified_by: Option<NaiveEntityRef>,
    scope: Option<Vec<String>>,
    role_divisions: Option<Vec<NaiveRoleDivision>>,
    state: Option<String>,
    date_to_delete: Option<String>,
    self_uri: Option<String>,
}

/// `DomainEntityRef` with plain types.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub(crate) struct NaiveEntityRef {
    id: Option<String>,
    name: Option<String>,
    self_uri: Option<String>,
}

/// `RoleDivision` with plain types.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub(crate) struct NaiveRoleDivision {
    role_id: String,
    division_id: String,
}
