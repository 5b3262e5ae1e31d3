//! `GET /api/v2/oauth/clients/{clientId}/usage/summary`: starts a summary of a client's API usage over the last days (7 by default).
//!
//! Permissions (any one of): `oauth:client:view`, `usage:client:view`.

use crate::environment::Environment;
use crate::error::{BuildError, ResponseError};
use crate::operation::{Auth, Operation};
use crate::path::{fill_path, push_query};
use crate::request::ApiRequest;
use crate::response;
use bytes::Bytes;
use genesys_cloud_models::UsageExecutionResult;

/// `getOauthClientUsageSummary`: Starts a summary of a client's API usage over the last days (7 by default). It runs asynchronously: fetch the rows with [`GetOauthClientUsageQueryResult`](super::GetOauthClientUsageQueryResult).
///
/// `GET /api/v2/oauth/clients/{clientId}/usage/summary`. Permissions (any one of): `oauth:client:view`, `usage:client:view`.
#[derive(Clone, Debug, PartialEq)]
#[must_use = "an operation does nothing until it is built into a request and sent"]
pub struct GetOauthClientUsageSummary {
    client_id: String,
    days: Option<u32>,
}

impl GetOauthClientUsageSummary {
    /// The operation for `client_id` (the id of the client).
    pub fn new(client_id: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            days: None,
        }
    }

    /// The `clientId` path parameter.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// Sets the `days` query parameter: how many past days to summarize (the platform's default is 7).
    ///
    /// The specification types it as a string; it is sent as its decimal digits.
    pub fn with_days(mut self, days: u32) -> Self {
        self.days = Some(days);
        self
    }
}

impl Operation for GetOauthClientUsageSummary {
    type Output = UsageExecutionResult;

    const ID: &'static str = "getOauthClientUsageSummary";
    const METHOD: http::Method = http::Method::GET;
    const PATH: &'static str = "/api/v2/oauth/clients/{clientId}/usage/summary";
    const IDEMPOTENT: bool = true;
    const PERMISSIONS: &'static [&'static str] = &["oauth:client:view", "usage:client:view"];

    fn to_http_request(
        &self,
        environment: &Environment,
        auth: Auth<'_>,
    ) -> Result<http::Request<Bytes>, BuildError> {
        let mut path = fill_path(Self::PATH, &[("clientId", &self.client_id)])?;
        if let Some(days) = self.days {
            push_query(&mut path, "days", &days.to_string());
        }
        ApiRequest::new(Self::METHOD, path).build(environment.api(), auth)
    }

    fn parse_response(
        response: http::Response<Bytes>,
    ) -> Result<UsageExecutionResult, ResponseError> {
        response::json(response)
    }
}
