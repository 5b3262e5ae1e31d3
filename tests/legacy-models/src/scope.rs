//! OAuth scopes: [`OAuthScope`] and [`OAuthScopeListing`].

use serde::{Deserialize, Serialize};

use crate::setters::with_setters;

/// An OAuth scope a client can request, such as `users:readonly` (`OAuthScope`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OAuthScope {
    /// `id` (read-only): the scope name, such as `analytics:readonly`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `description`: what the scope allows, in the requested language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// `selfUri` (read-only): the API path of this scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

impl OAuthScope {
    /// A scope with this id.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: Some(id.into()),
            ..Self::default()
        }
    }
}

with_setters!(OAuthScope {
    id / with_id: String,
    description / with_description: String,
    self_uri / with_self_uri: String,
});

/// Every OAuth scope, the response of `getOauthScopes` (`OAuthScopeListing`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OAuthScopeListing {
    /// `total`: the number of scopes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub total: Option<i64>,
    /// `entities`: the scopes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entities: Option<Vec<OAuthScope>>,
    /// `selfUri`: the API path of this list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

with_setters!(OAuthScopeListing {
    total / with_total: i64,
    entities / with_entities: Vec<OAuthScope>,
    self_uri / with_self_uri: String,
});
