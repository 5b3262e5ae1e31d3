//! The error body of every non-2xx response: [`ErrorBody`], with its [`Detail`]s and [`Limit`].

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::LimitNamespace;
use crate::setters::with_setters;

/// The JSON body of an API error (`ErrorBody`).
///
/// A 429 carries the normalized body with `code` `too.many.requests.retry.after` and a `Retry-After` header.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ErrorBody {
    /// `message`: a human-readable explanation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// `code`: a stable machine-readable code, such as `not.found` or `cannot.delete.client`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// `status`: the HTTP status code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<i32>,
    /// `entityId`: the id of the entity the error is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
    /// `entityName`: the name of the entity the error is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_name: Option<String>,
    /// `messageWithParams`: the message with `{placeholders}` for [`message_params`](Self::message_params).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_with_params: Option<String>,
    /// `messageParams`: values for the placeholders of `messageWithParams`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_params: Option<BTreeMap<String, String>>,
    /// `contextId`: the id of the request in the platform's logs, usually the correlation id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub context_id: Option<String>,
    /// `details`: per-field details, such as which field of a body was invalid.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<Vec<Detail>>,
    /// `errors`: nested errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ErrorBody>>,
    /// `limit`: the platform limit that was exceeded, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<Limit>,
}

with_setters!(ErrorBody {
    message / with_message: String,
    code / with_code: String,
    status / with_status: i32,
    entity_id / with_entity_id: String,
    entity_name / with_entity_name: String,
    message_with_params / with_message_with_params: String,
    message_params / with_message_params: BTreeMap<String, String>,
    context_id / with_context_id: String,
    details / with_details: Vec<Detail>,
    errors / with_errors: Vec<ErrorBody>,
    limit / with_limit: Limit,
});

/// One detail of an [`ErrorBody`] (`Detail`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Detail {
    /// `errorCode`: the code of this detail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    /// `fieldName`: the request field the detail is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field_name: Option<String>,
    /// `entityId`: the id of the entity the detail is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
    /// `entityName`: the name of the entity the detail is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_name: Option<String>,
}

with_setters!(Detail {
    error_code / with_error_code: String,
    field_name / with_field_name: String,
    entity_id / with_entity_id: String,
    entity_name / with_entity_name: String,
});

/// The platform limit an error reports as exceeded (`Limit`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Limit {
    /// `key`: the limit's name, such as `client.credentials.token.rate.per.minute`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// `namespace`: the area of the platform the limit belongs to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub namespace: Option<LimitNamespace>,
    /// `value`: the limit's value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<i64>,
}

with_setters!(Limit {
    key / with_key: String,
    namespace / with_namespace: LimitNamespace,
    value / with_value: i64,
});
