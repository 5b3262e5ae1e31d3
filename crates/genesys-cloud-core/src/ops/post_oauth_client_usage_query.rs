//! `POST /api/v2/oauth/clients/{clientId}/usage/query`: submits a query of a client's API usage.
//!
//! Permissions (any one of): `oauth:client:view`, `usage:client:view`.

use crate::environment::Environment;
use crate::error::{BuildError, ResponseError};
use crate::operation::{Auth, Operation};
use crate::path::fill_path;
use crate::request::ApiRequest;
use crate::response;
use bytes::Bytes;
use genesys_cloud_models::{ApiUsageClientQuery, UsageExecutionResult};

/// `postOauthClientUsageQuery`: Submits a query of a client's API usage. It runs asynchronously: fetch the rows with [`GetOauthClientUsageQueryResult`](super::GetOauthClientUsageQueryResult).
///
/// `POST /api/v2/oauth/clients/{clientId}/usage/query`. Permissions (any one of): `oauth:client:view`, `usage:client:view`.
#[derive(Clone, Debug, PartialEq)]
#[must_use = "an operation does nothing until it is built into a request and sent"]
pub struct PostOauthClientUsageQuery {
    client_id: String,
    query: ApiUsageClientQuery,
}

impl PostOauthClientUsageQuery {
    /// The operation for `client_id` (the id of the client), `query` (the query).
    pub fn new(client_id: impl Into<String>, query: ApiUsageClientQuery) -> Self {
        Self {
            client_id: client_id.into(),
            query,
        }
    }

    /// The `clientId` path parameter.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The request body.
    pub fn query(&self) -> &ApiUsageClientQuery {
        &self.query
    }
}

impl Operation for PostOauthClientUsageQuery {
    type Output = UsageExecutionResult;

    const ID: &'static str = "postOauthClientUsageQuery";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/api/v2/oauth/clients/{clientId}/usage/query";
    const IDEMPOTENT: bool = false;
    const PERMISSIONS: &'static [&'static str] = &["oauth:client:view", "usage:client:view"];

    fn to_http_request(
        &self,
        environment: &Environment,
        auth: Auth<'_>,
    ) -> Result<http::Request<Bytes>, BuildError> {
        let path = fill_path(Self::PATH, &[("clientId", &self.client_id)])?;
        ApiRequest::new(Self::METHOD, path)
            .json_body(&self.query)?
            .build(environment.api(), auth)
    }

    fn parse_response(
        response: http::Response<Bytes>,
    ) -> Result<UsageExecutionResult, ResponseError> {
        response::json(response)
    }
}
