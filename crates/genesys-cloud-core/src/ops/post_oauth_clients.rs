//! `POST /api/v2/oauth/clients`: creates an OAuth client.
//!
//! Permissions (any one of): `oauth:client:add`.

use crate::environment::Environment;
use crate::error::{BuildError, ResponseError};
use crate::operation::{Auth, Operation};
use crate::path::fill_path;
use crate::request::ApiRequest;
use crate::response;
use bytes::Bytes;
use genesys_cloud_models::{OAuthClient, OAuthClientRequest};

/// `postOauthClients`: Creates an OAuth client. The response carries the new client's secret, the only time it is shown apart from regeneration.
///
/// `POST /api/v2/oauth/clients`. Permissions (any one of): `oauth:client:add`.
#[derive(Clone, Debug, PartialEq)]
#[must_use = "an operation does nothing until it is built into a request and sent"]
pub struct PostOauthClients {
    body: OAuthClientRequest,
}

impl PostOauthClients {
    /// The operation for `body` (the client to create).
    pub fn new(body: OAuthClientRequest) -> Self {
        Self { body }
    }

    /// The request body.
    pub fn body(&self) -> &OAuthClientRequest {
        &self.body
    }
}

impl Operation for PostOauthClients {
    type Output = OAuthClient;

    const ID: &'static str = "postOauthClients";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/api/v2/oauth/clients";
    const IDEMPOTENT: bool = false;
    const PERMISSIONS: &'static [&'static str] = &["oauth:client:add"];

    fn to_http_request(
        &self,
        environment: &Environment,
        auth: Auth<'_>,
    ) -> Result<http::Request<Bytes>, BuildError> {
        let path = fill_path(Self::PATH, &[])?;
        ApiRequest::new(Self::METHOD, path)
            .json_body(&self.body)?
            .build(environment.api(), auth)
    }

    fn parse_response(response: http::Response<Bytes>) -> Result<OAuthClient, ResponseError> {
        response::json(response)
    }
}
