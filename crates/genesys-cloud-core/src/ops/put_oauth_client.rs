//! `PUT /api/v2/oauth/clients/{clientId}`: replaces an OAuth client with the body.
//!
//! Permissions (any one of): `oauth:client:edit`.

use crate::environment::Environment;
use crate::error::{BuildError, ResponseError};
use crate::operation::{Auth, Operation};
use crate::path::fill_path;
use crate::request::ApiRequest;
use crate::response;
use bytes::Bytes;
use genesys_cloud_models::{OAuthClient, OAuthClientRequest};

/// `putOauthClient`: Replaces an OAuth client with the body. Start from [`OAuthClient::to_request`](genesys_cloud_models::OAuthClient::to_request) to change some fields and keep the rest.
///
/// `PUT /api/v2/oauth/clients/{clientId}`. Permissions (any one of): `oauth:client:edit`.
#[derive(Clone, Debug, PartialEq)]
#[must_use = "an operation does nothing until it is built into a request and sent"]
pub struct PutOauthClient {
    client_id: String,
    body: OAuthClientRequest,
}

impl PutOauthClient {
    /// The operation for `client_id` (the id of the client), `body` (the new state of the client).
    pub fn new(client_id: impl Into<String>, body: OAuthClientRequest) -> Self {
        Self {
            client_id: client_id.into(),
            body,
        }
    }

    /// The `clientId` path parameter.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The request body.
    pub fn body(&self) -> &OAuthClientRequest {
        &self.body
    }
}

impl Operation for PutOauthClient {
    type Output = OAuthClient;

    const ID: &'static str = "putOauthClient";
    const METHOD: http::Method = http::Method::PUT;
    const PATH: &'static str = "/api/v2/oauth/clients/{clientId}";
    const IDEMPOTENT: bool = true;
    const PERMISSIONS: &'static [&'static str] = &["oauth:client:edit"];

    fn to_http_request(
        &self,
        environment: &Environment,
        auth: Auth<'_>,
    ) -> Result<http::Request<Bytes>, BuildError> {
        let path = fill_path(Self::PATH, &[("clientId", &self.client_id)])?;
        ApiRequest::new(Self::METHOD, path)
            .json_body(&self.body)?
            .build(environment.api(), auth)
    }

    fn parse_response(response: http::Response<Bytes>) -> Result<OAuthClient, ResponseError> {
        response::json(response)
    }
}
