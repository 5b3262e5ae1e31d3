//! Authorizations of code-grant clients: [`OAuthAuthorization`] and [`OAuthAuthorizationListing`].

use serde::{Deserialize, Serialize};

use crate::setters::with_setters;
use crate::{AuthorizationState, DomainEntityRef, OAuthClient, Timestamp};

/// A user's authorization of an OAuth client (`OAuthAuthorization`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OAuthAuthorization {
    /// `client`: the authorized client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client: Option<OAuthClient>,
    /// `scope`: the scopes granted to the client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<Vec<String>>,
    /// `roles`: the roles granted to the client.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub roles: Option<Vec<String>>,
    /// `resourceOwner`: the user who granted the authorization.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_owner: Option<DomainEntityRef>,
    /// `dateCreated`: when the authorization was created.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_created: Option<Timestamp>,
    /// `dateModified`: when the authorization was last changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_modified: Option<Timestamp>,
    /// `createdBy`: who created the authorization.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<DomainEntityRef>,
    /// `modifiedBy`: who last changed the authorization.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub modified_by: Option<DomainEntityRef>,
    /// `pending`: whether the authorization awaits approval.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending: Option<bool>,
    /// `state`: Unauthorized, Requested, Authorized or Revoked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<AuthorizationState>,
    /// `selfUri` (read-only): the API path of this authorization.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

with_setters!(OAuthAuthorization {
    client / with_client: OAuthClient,
    scope / with_scope: Vec<String>,
    roles / with_roles: Vec<String>,
    resource_owner / with_resource_owner: DomainEntityRef,
    date_created / with_date_created: Timestamp,
    date_modified / with_date_modified: Timestamp,
    created_by / with_created_by: DomainEntityRef,
    modified_by / with_modified_by: DomainEntityRef,
    pending / with_pending: bool,
    state / with_state: AuthorizationState,
    self_uri / with_self_uri: String,
});

/// The authorizations of the caller's organization, the response of `getOauthAuthorizations`
/// (`OAuthAuthorizationListing`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OAuthAuthorizationListing {
    /// `total`: the number of authorizations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
    /// `entities`: the authorizations.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entities: Option<Vec<OAuthAuthorization>>,
    /// `selfUri`: the API path of this list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

with_setters!(OAuthAuthorizationListing {
    total / with_total: i64,
    entities / with_entities: Vec<OAuthAuthorization>,
    self_uri / with_self_uri: String,
});
