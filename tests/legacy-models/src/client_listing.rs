//! The client list: [`OAuthClientEntityListing`] and its items, [`OAuthClientListing`].

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::keep_unknown::deserialize_keeping_unknown;
use crate::setters::with_setters;
use crate::{ClientSecret, ClientState, DomainEntityRef, RoleDivision, Timestamp};

/// One page of OAuth clients, the response of `getOauthClients` (`OAuthClientEntityListing`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OAuthClientEntityListing {
    /// `entities`: the clients on this page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entities: Option<Vec<OAuthClientListing>>,
    /// `pageSize`: the number of entries a page holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_size: Option<i32>,
    /// `pageNumber`: the number of this page, from 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_number: Option<i32>,
    /// `total`: the number of clients on all pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
    /// `firstUri`: the path of the first page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_uri: Option<String>,
    /// `lastUri`: the path of the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_uri: Option<String>,
    /// `selfUri`: the path of this page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
    /// `previousUri`: the path of the previous page, absent on the first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_uri: Option<String>,
    /// `nextUri`: the path of the next page, absent on the last.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_uri: Option<String>,
    /// `pageCount`: the number of pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page_count: Option<i32>,
}

with_setters!(OAuthClientEntityListing {
    entities / with_entities: Vec<OAuthClientListing>,
    page_size / with_page_size: i32,
    page_number / with_page_number: i32,
    total / with_total: i64,
    first_uri / with_first_uri: String,
    last_uri / with_last_uri: String,
    self_uri / with_self_uri: String,
    previous_uri / with_previous_uri: String,
    next_uri / with_next_uri: String,
    page_count / with_page_count: i32,
});

/// An OAuth client as an item of the client list (`OAuthClientListing`).
///
/// The same fields as [`OAuthClient`](crate::OAuthClient) except `authorizedGrantType`, which the spec's list
/// item does not carry. Like `OAuthClient`, it keeps JSON fields this SDK does not know yet in
/// [`additional_fields`](Self::additional_fields) and writes them back: list items feed read-modify-write too.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OAuthClientListing {
    /// `id` (read-only): the client id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `name` (required): the display name.
    pub name: String,
    /// `accessTokenValiditySeconds`: lifetime of the client's tokens, 300 to 172800 seconds; 24 hours when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token_validity_seconds: Option<i64>,
    /// `description`: free text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `registeredRedirectUri`: the callback URIs the code and implicit grants may redirect to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub registered_redirect_uri: Option<Vec<String>>,
    /// `secret`: the client secret; the platform no longer returns it in lists since June 2025.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<ClientSecret>,
    /// `roleIds`: deprecated role list; use [`role_divisions`](Self::role_divisions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_ids: Option<Vec<String>>,
    /// `dateCreated`: when the client was created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_created: Option<Timestamp>,
    /// `dateModified`: when the client was last changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_modified: Option<Timestamp>,
    /// `createdBy`: the user who created the client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<DomainEntityRef>,
    /// `modifiedBy`: the user who last changed the client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modified_by: Option<DomainEntityRef>,
    /// `scope`: the scopes the client asks for; not used by client-credentials clients.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<Vec<String>>,
    /// `roleDivisions`: role and division grants; only for client-credentials clients.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role_divisions: Option<Vec<RoleDivision>>,
    /// `state`: active (the default), disabled, or inactive (scheduled for deletion).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<ClientState>,
    /// `dateToDelete`: when an inactive client will be deleted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_to_delete: Option<Timestamp>,
    /// `selfUri` (read-only): the API path of this client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
    /// JSON fields the API sent that this version of the SDK does not model (an `authorizedGrantType`, say),
    /// written back unchanged. A key that is a field of this type is refused when writing.
    #[serde(flatten, serialize_with = "write_additional_oauthclientlisting")]
    pub additional_fields: Map<String, Value>,
}

deserialize_keeping_unknown!(OAuthClientListing {
    "id" => id optional,
    "name" => name required,
    "accessTokenValiditySeconds" => access_token_validity_seconds optional,
    "description" => description optional,
    "registeredRedirectUri" => registered_redirect_uri optional,
    "secret" => secret optional,
    "roleIds" => role_ids optional,
    "dateCreated" => date_created optional,
    "dateModified" => date_modified optional,
    "createdBy" => created_by optional,
    "modifiedBy" => modified_by optional,
    "scope" => scope optional,
    "roleDivisions" => role_divisions optional,
    "state" => state optional,
    "dateToDelete" => date_to_delete optional,
    "selfUri" => self_uri optional,
});

impl OAuthClientListing {
    /// A list item with its required field; every optional field absent.
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            id: None,
            name: name.into(),
            access_token_validity_seconds: None,
            description: None,
            registered_redirect_uri: None,
            secret: None,
            role_ids: None,
            date_created: None,
            date_modified: None,
            created_by: None,
            modified_by: None,
            scope: None,
            role_divisions: None,
            state: None,
            date_to_delete: None,
            self_uri: None,
            additional_fields: Map::new(),
        }
    }
}

with_setters!(OAuthClientListing {
    id / with_id: String,
    access_token_validity_seconds / with_access_token_validity_seconds: i64,
    description / with_description: String,
    registered_redirect_uri / with_registered_redirect_uri: Vec<String>,
    secret / with_secret: ClientSecret,
    role_ids / with_role_ids: Vec<String>,
    date_created / with_date_created: Timestamp,
    date_modified / with_date_modified: Timestamp,
    created_by / with_created_by: DomainEntityRef,
    modified_by / with_modified_by: DomainEntityRef,
    scope / with_scope: Vec<String>,
    role_divisions / with_role_divisions: Vec<RoleDivision>,
    state / with_state: ClientState,
    date_to_delete / with_date_to_delete: Timestamp,
    self_uri / with_self_uri: String,
});

impl From<crate::OAuthClient> for OAuthClientListing {
    /// The list item of a client: every field but `authorizedGrantType`; the unknown fields are carried over.
    fn from(client: crate::OAuthClient) -> Self {
        Self {
            id: client.id,
            name: client.name,
            access_token_validity_seconds: client.access_token_validity_seconds,
            description: client.description,
            registered_redirect_uri: client.registered_redirect_uri,
            secret: client.secret,
            role_ids: client.role_ids,
            date_created: client.date_created,
            date_modified: client.date_modified,
            created_by: client.created_by,
            modified_by: client.modified_by,
            scope: client.scope,
            role_divisions: client.role_divisions,
            state: client.state,
            date_to_delete: client.date_to_delete,
            self_uri: client.self_uri,
            additional_fields: client.additional_fields,
        }
    }
}

/// Writes the additional fields of [`OAuthClientListing`]; see [`crate::additional::write`].
fn write_additional_oauthclientlisting<S: serde::Serializer>(
    fields: &Map<String, Value>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    crate::additional::write(
        fields,
        serializer,
        &[
            "id",
            "name",
            "accessTokenValiditySeconds",
            "description",
            "registeredRedirectUri",
            "secret",
            "roleIds",
            "dateCreated",
            "dateModified",
            "createdBy",
            "modifiedBy",
            "scope",
            "roleDivisions",
            "state",
            "dateToDelete",
            "selfUri",
        ],
    )
}
