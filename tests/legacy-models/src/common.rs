//! Small models shared by several others: [`DomainEntityRef`] and [`RoleDivision`].

use serde::{Deserialize, Serialize};

use crate::setters::with_setters;

/// A reference to another entity, such as the user who created a client (`DomainEntityRef`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DomainEntityRef {
    /// `id`: the entity's unique id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `name`: the entity's display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `selfUri`: the API path of the entity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_uri: Option<String>,
}

impl DomainEntityRef {
    /// A reference to the entity with this id.
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: Some(id.into()),
            ..Self::default()
        }
    }
}

with_setters!(DomainEntityRef {
    id / with_id: String,
    name / with_name: String,
    self_uri / with_self_uri: String,
});

/// A grant of one role in one division to a client-credentials client (`RoleDivision`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RoleDivision {
    /// `roleId` (required): the role granted.
    pub role_id: String,
    /// `divisionId` (required): the division the role applies in.
    pub division_id: String,
}

impl RoleDivision {
    /// Grants `role_id` in `division_id`.
    pub fn new(role_id: impl Into<String>, division_id: impl Into<String>) -> Self {
        Self {
            role_id: role_id.into(),
            division_id: division_id.into(),
        }
    }
}
