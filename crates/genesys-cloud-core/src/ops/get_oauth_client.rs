//! `GET /api/v2/oauth/clients/{clientId}`: gets one OAuth client.
//!
//! Permissions (any one of): `oauth:client:view`.

use crate::environment::Environment;
use crate::error::{BuildError, ResponseError};
use crate::operation::{Auth, Operation};
use crate::path::fill_path;
use crate::request::ApiRequest;
use crate::response;
use bytes::Bytes;
use genesys_cloud_models::OAuthClient;

/// `getOauthClient`: Gets one OAuth client. Since June 2025 the platform no longer returns the client secret here.
///
/// `GET /api/v2/oauth/clients/{clientId}`. Permissions (any one of): `oauth:client:view`.
#[derive(Clone, Debug, PartialEq)]
#[must_use = "an operation does nothing until it is built into a request and sent"]
pub struct GetOauthClient {
    client_id: String,
}

impl GetOauthClient {
    /// The operation for `client_id` (the id of the client).
    pub fn new(client_id: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
        }
    }

    /// The `clientId` path parameter.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }
}

impl Operation for GetOauthClient {
    type Output = OAuthClient;

    const ID: &'static str = "getOauthClient";
    const METHOD: http::Method = http::Method::GET;
    const PATH: &'static str = "/api/v2/oauth/clients/{clientId}";
    const IDEMPOTENT: bool = true;
    const PERMISSIONS: &'static [&'static str] = &["oauth:client:view"];

    fn to_http_request(
        &self,
        environment: &Environment,
        auth: Auth<'_>,
    ) -> Result<http::Request<Bytes>, BuildError> {
        let path = fill_path(Self::PATH, &[("clientId", &self.client_id)])?;
        ApiRequest::new(Self::METHOD, path).build(environment.api(), auth)
    }

    fn parse_response(response: http::Response<Bytes>) -> Result<OAuthClient, ResponseError> {
        response::json(response)
    }
}
