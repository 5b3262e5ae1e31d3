//! The baseline of `parse_get_client_ns`: `OAuthClient` as it was before issue 15, a derive with
//! `#[serde(flatten)]` keeping the unknown fields, parsed side by side with the model's hand-written
//! deserializer so that the machine's load cancels out of the ratio.

use genesys_cloud_models::{
    ClientSecret, ClientState, DomainEntityRef, GrantType, RoleDivision, Timestamp,
};
use serde::Deserialize;
use serde_json::{Map, Value};

/// `OAuthClient` with the derive it had, field for field (read only to be dropped: fields unused).
#[allow(dead_code)]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct OAuthClient {
    pub(crate) id: Option<String>,
    pub(crate) name: String,
    pub(crate) access_token_validity_seconds: Option<i64>,
    pub(crate) description: Option<String>,
    pub(crate) registered_redirect_uri: Option<Vec<String>>,
    pub(crate) secret: Option<ClientSecret>,
    pub(crate) role_ids: Option<Vec<String>>,
    pub(crate) date_created: Option<Timestamp>,
    pub(crate) date_modified: Option<Timestamp>,
    pub(crate) created_by: Option<DomainEntityRef>,
    pub(crate) modified_by: Option<DomainEntityRef>,
    pub(crate) authorized_grant_type: GrantType,
    pub(crate) scope: Option<Vec<String>>,
    pub(crate) role_divisions: Option<Vec<RoleDivision>>,
    pub(crate) state: Option<ClientState>,
    pub(crate) date_to_delete: Option<Timestamp>,
    pub(crate) self_uri: Option<String>,
    #[serde(flatten)]
    pub(crate) additional_fields: Map<String, Value>,
}
