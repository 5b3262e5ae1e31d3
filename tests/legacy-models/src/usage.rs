//! API usage queries: [`ApiUsageClientQuery`], [`UsageExecutionResult`], [`ApiUsageQueryResult`] and its rows.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::keep_unknown::deserialize_keeping_unknown;
use crate::setters::with_setters;
use crate::{Granularity, QueryStatus, Timestamp, UsageGroupBy, UsageMetric};

/// The body of `postOauthClientUsageQuery` (`ApiUsageClientQuery`): which requests of a client to count, and how.
///
/// Like [`OAuthClientRequest`](crate::OAuthClientRequest), it keeps JSON fields this SDK does not model in
/// [`additional_fields`](Self::additional_fields) and sends them: a body read from a file passes through whole.
///
/// ```text
/// use genesys_cloud_models::{ApiUsageClientQuery, Granularity, UsageMetric};
///
/// let query = ApiUsageClientQuery::new("2025-06-01T00:00:00Z/2025-06-08T00:00:00Z")
///     .with_granularity(Granularity::Day)
///     .with_metrics(vec![UsageMetric::Requests, UsageMetric::Status429]);
/// assert_eq!(
///     serde_json::to_string(&query)?,
///     r#"{"interval":"2025-06-01T00:00:00Z/2025-06-08T00:00:00Z","granularity":"Day","metrics":["Requests","Status429"]}"#
/// );
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ApiUsageClientQuery {
    /// `interval` (required): the ISO-8601 interval `start/end` to count requests in, like a SQL WHERE clause.
    ///
    /// The spec documents the form `YYYY-MM-DDThh:mm:ss/YYYY-MM-DDThh:mm:ss` (such as
    /// `2026-11-20T00:00:00/2026-11-28T00:00:00`), without a zone: that means UTC, the zone in which the platform
    /// computes usage (once per UTC day, leaving the current day out). A `Z` or an offset may be written too;
    /// [`Timestamp`]'s `Display` writes the `Z` form.
    pub interval: String,
    /// `granularity`: the date bucket of each result row.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub granularity: Option<Granularity>,
    /// `metrics`: the counts to return, like a SQL SELECT; all of them when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metrics: Option<Vec<UsageMetric>>,
    /// `groupBy`: the dimensions to group counts by, like a SQL GROUP BY.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_by: Option<Vec<UsageGroupBy>>,
    /// JSON fields to send that this version of the SDK does not model (a field the platform added recently).
    /// A key that is a field of this type is refused when writing.
    #[serde(flatten, serialize_with = "write_additional_apiusageclientquery")]
    pub additional_fields: Map<String, Value>,
}

deserialize_keeping_unknown!(ApiUsageClientQuery {
    "interval" => interval required,
    "granularity" => granularity optional,
    "metrics" => metrics optional,
    "groupBy" => group_by optional,
});

impl ApiUsageClientQuery {
    /// A query over `interval` (ISO-8601 `start/end`), with every optional field absent.
    pub fn new(interval: impl Into<String>) -> Self {
        Self {
            interval: interval.into(),
            granularity: None,
            metrics: None,
            group_by: None,
            additional_fields: Map::new(),
        }
    }

    /// Sets a JSON field this SDK does not model yet; it is sent as given.
    #[must_use]
    pub fn with_additional_field(mut self, key: impl Into<String>, value: Value) -> Self {
        self.additional_fields.insert(key.into(), value);
        self
    }
}

with_setters!(ApiUsageClientQuery {
    granularity / with_granularity: Granularity,
    metrics / with_metrics: Vec<UsageMetric>,
    group_by / with_group_by: Vec<UsageGroupBy>,
});

/// The handle of a submitted usage query or summary (`UsageExecutionResult`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct UsageExecutionResult {
    /// `executionId`: the id to fetch results with, through `getOauthClientUsageQueryResult`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub execution_id: Option<String>,
    /// `resultsUri`: the API path of the results.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub results_uri: Option<String>,
}

with_setters!(UsageExecutionResult {
    execution_id / with_execution_id: String,
    results_uri / with_results_uri: String,
});

/// The state and rows of a usage query (`ApiUsageQueryResult`); poll until the status is Complete or Failed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ApiUsageQueryResult {
    /// `results`: the result rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub results: Option<Vec<ApiUsageRow>>,
    /// `queryStatus`: Running, Complete or Failed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_status: Option<QueryStatus>,
    /// `cursors`: tokens for paging through large results.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cursors: Option<Cursors>,
}

with_setters!(ApiUsageQueryResult {
    results / with_results: Vec<ApiUsageRow>,
    query_status / with_query_status: QueryStatus,
    cursors / with_cursors: Cursors,
});

/// One row of usage counts (`ApiUsageRow`), for one group and one date bucket.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ApiUsageRow {
    /// `clientId`: the OAuth client the requests were made with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_id: Option<String>,
    /// `clientName`: that client's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_name: Option<String>,
    /// `organizationId`: the organization.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<String>,
    /// `userId`: the user the requests were made for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    /// `templateUri`: the API path template, such as `api/v2/oauth/clients/{clientId}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub template_uri: Option<String>,
    /// `httpMethod`: the HTTP method.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_method: Option<String>,
    /// `status200`: requests answered with a 2xx status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status200: Option<i64>,
    /// `status300`: requests answered with a 3xx status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status300: Option<i64>,
    /// `status400`: requests answered with a 4xx status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status400: Option<i64>,
    /// `status500`: requests answered with a 5xx status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status500: Option<i64>,
    /// `status429`: requests answered with 429, also counted in `status400`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status429: Option<i64>,
    /// `requests`: all requests.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub requests: Option<i64>,
    /// `date`: the start of the row's date bucket.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Timestamp>,
}

with_setters!(ApiUsageRow {
    client_id / with_client_id: String,
    client_name / with_client_name: String,
    organization_id / with_organization_id: String,
    user_id / with_user_id: String,
    template_uri / with_template_uri: String,
    http_method / with_http_method: String,
    status200 / with_status200: i64,
    status300 / with_status300: i64,
    status400 / with_status400: i64,
    status500 / with_status500: i64,
    status429 / with_status429: i64,
    requests / with_requests: i64,
    date / with_date: Timestamp,
});

/// Paging cursors of a usage query result (`Cursors`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Cursors {
    /// `before`: the cursor of the previous page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
    /// `after`: the cursor of the next page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

with_setters!(Cursors {
    before / with_before: String,
    after / with_after: String,
});

/// Writes the additional fields of [`ApiUsageClientQuery`]; see [`crate::additional::write`].
fn write_additional_apiusageclientquery<S: serde::Serializer>(
    fields: &Map<String, Value>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    crate::additional::write(
        fields,
        serializer,
        &["interval", "granularity", "metrics", "groupBy"],
    )
}
