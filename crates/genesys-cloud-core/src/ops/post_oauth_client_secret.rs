//! `POST /api/v2/oauth/clients/{clientId}/secret`: regenerates a client's secret; the old one stops working.
//!
//! Permissions (any one of): `oauth:client:edit`.

use crate::environment::Environment;
use crate::error::{BuildError, ResponseError};
use crate::operation::{Auth, Operation};
use crate::path::fill_path;
use crate::request::ApiRequest;
use crate::response;
use bytes::Bytes;
use genesys_cloud_models::OAuthClient;

/// `postOauthClientSecret`: Regenerates a client's secret; the old one stops working. The response is the only place the new secret appears: store it.
///
/// `POST /api/v2/oauth/clients/{clientId}/secret`. Permissions (any one of): `oauth:client:edit`.
#[derive(Clone, Debug, PartialEq)]
#[must_use = "an operation does nothing until it is built into a request and sent"]
pub struct PostOauthClientSecret {
    client_id: String,
}

impl PostOauthClientSecret {
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

impl Operation for PostOauthClientSecret {
    type Output = OAuthClient;

    const ID: &'static str = "postOauthClientSecret";
    const METHOD: http::Method = http::Method::POST;
    const PATH: &'static str = "/api/v2/oauth/clients/{clientId}/secret";
    const IDEMPOTENT: bool = false;
    const PERMISSIONS: &'static [&'static str] = &["oauth:client:edit"];

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
