//! `GET /api/v2/oauth/clients/{clientId}/usage/query/results/{executionId}`: gets the status and rows of a usage query or summary.
//!
//! Permissions (any one of): `oauth:client:view`, `usage:client:view`.

use crate::environment::Environment;
use crate::error::{BuildError, ResponseError};
use crate::operation::{Auth, Operation};
use crate::path::fill_path;
use crate::request::ApiRequest;
use crate::response;
use bytes::Bytes;
use genesys_cloud_models::ApiUsageQueryResult;

/// `getOauthClientUsageQueryResult`: Gets the status and rows of a usage query or summary. Poll until the status is `Complete` or `Failed`.
///
/// `GET /api/v2/oauth/clients/{clientId}/usage/query/results/{executionId}`. Permissions (any one of): `oauth:client:view`, `usage:client:view`.
#[derive(Clone, Debug, PartialEq)]
#[must_use = "an operation does nothing until it is built into a request and sent"]
pub struct GetOauthClientUsageQueryResult {
    client_id: String,
    execution_id: String,
}

impl GetOauthClientUsageQueryResult {
    /// The operation for `client_id` (the id of the client the query is about) and `execution_id` (the
    /// `executionId` returned when the query was submitted), in the order of the URL.
    pub fn new(client_id: impl Into<String>, execution_id: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            execution_id: execution_id.into(),
        }
    }

    /// The `executionId` path parameter.
    pub fn execution_id(&self) -> &str {
        &self.execution_id
    }

    /// The `clientId` path parameter.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }
}

impl Operation for GetOauthClientUsageQueryResult {
    type Output = ApiUsageQueryResult;

    const ID: &'static str = "getOauthClientUsageQueryResult";
    const METHOD: http::Method = http::Method::GET;
    const PATH: &'static str = "/api/v2/oauth/clients/{clientId}/usage/query/results/{executionId}";
    const IDEMPOTENT: bool = true;
    const PERMISSIONS: &'static [&'static str] = &["oauth:client:view", "usage:client:view"];

    fn to_http_request(
        &self,
        environment: &Environment,
        auth: Auth<'_>,
    ) -> Result<http::Request<Bytes>, BuildError> {
        let path = fill_path(
            Self::PATH,
            &[
                ("clientId", &self.client_id),
                ("executionId", &self.execution_id),
            ],
        )?;
        ApiRequest::new(Self::METHOD, path).build(environment.api(), auth)
    }

    fn parse_response(
        response: http::Response<Bytes>,
    ) -> Result<ApiUsageQueryResult, ResponseError> {
        response::json(response)
    }
}
