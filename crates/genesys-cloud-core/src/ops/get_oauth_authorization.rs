//! `GET /api/v2/oauth/authorizations/{clientId}`: gets the caller's authorization of one client.
//!
//! Permissions (any one of): `oauth:client:authorize`.

use crate::environment::Environment;
use crate::error::{BuildError, ResponseError};
use crate::operation::{Auth, Operation};
use crate::path::fill_path;
use crate::request::ApiRequest;
use crate::response;
use bytes::Bytes;
use genesys_cloud_models::OAuthAuthorization;

/// `getOauthAuthorization`: Gets the caller's authorization of one client.
///
/// `GET /api/v2/oauth/authorizations/{clientId}`. Permissions (any one of): `oauth:client:authorize`.
#[derive(Clone, Debug, PartialEq)]
#[must_use = "an operation does nothing until it is built into a request and sent"]
pub struct GetOauthAuthorization {
    client_id: String,
    accept_language: Option<String>,
}

impl GetOauthAuthorization {
    /// The operation for `client_id` (the id of the authorized client).
    pub fn new(client_id: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            accept_language: None,
        }
    }

    /// The `clientId` path parameter.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// Sets the `Accept-Language` header (the platform's default is `en-us`), for descriptions in that language.
    pub fn with_accept_language(mut self, language: impl Into<String>) -> Self {
        self.accept_language = Some(language.into());
        self
    }
}

impl Operation for GetOauthAuthorization {
    type Output = OAuthAuthorization;

    const ID: &'static str = "getOauthAuthorization";
    const METHOD: http::Method = http::Method::GET;
    const PATH: &'static str = "/api/v2/oauth/authorizations/{clientId}";
    const IDEMPOTENT: bool = true;
    const PERMISSIONS: &'static [&'static str] = &["oauth:client:authorize"];

    fn to_http_request(
        &self,
        environment: &Environment,
        auth: Auth<'_>,
    ) -> Result<http::Request<Bytes>, BuildError> {
        let path = fill_path(Self::PATH, &[("clientId", &self.client_id)])?;
        ApiRequest::new(Self::METHOD, path)
            .accept_language(self.accept_language.as_deref())
            .build(environment.api(), auth)
    }

    fn parse_response(
        response: http::Response<Bytes>,
    ) -> Result<OAuthAuthorization, ResponseError> {
        response::json(response)
    }
}
