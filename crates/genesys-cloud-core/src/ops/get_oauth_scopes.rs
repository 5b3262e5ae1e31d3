//! `GET /api/v2/oauth/scopes`: lists every OAuth scope.
//!
//! Permissions: none required.

use crate::environment::Environment;
use crate::error::{BuildError, ResponseError};
use crate::operation::{Auth, Operation};
use crate::path::fill_path;
use crate::request::ApiRequest;
use crate::response;
use bytes::Bytes;
use genesys_cloud_models::OAuthScopeListing;

/// `getOauthScopes`: Lists every OAuth scope.
///
/// `GET /api/v2/oauth/scopes`. Permissions: none required.
#[derive(Clone, Debug, Default, PartialEq)]
#[must_use = "an operation does nothing until it is built into a request and sent"]
pub struct GetOauthScopes {
    accept_language: Option<String>,
}

impl GetOauthScopes {
    /// The operation.
    pub fn new() -> Self {
        Self {
            accept_language: None,
        }
    }

    /// Sets the `Accept-Language` header (the platform's default is `en-us`), for descriptions in that language.
    pub fn with_accept_language(mut self, language: impl Into<String>) -> Self {
        self.accept_language = Some(language.into());
        self
    }
}

impl Operation for GetOauthScopes {
    type Output = OAuthScopeListing;

    const ID: &'static str = "getOauthScopes";
    const METHOD: http::Method = http::Method::GET;
    const PATH: &'static str = "/api/v2/oauth/scopes";
    const IDEMPOTENT: bool = true;
    const PERMISSIONS: &'static [&'static str] = &[];

    fn to_http_request(
        &self,
        environment: &Environment,
        auth: Auth<'_>,
    ) -> Result<http::Request<Bytes>, BuildError> {
        let path = fill_path(Self::PATH, &[])?;
        ApiRequest::new(Self::METHOD, path)
            .accept_language(self.accept_language.as_deref())
            .build(environment.api(), auth)
    }

    fn parse_response(response: http::Response<Bytes>) -> Result<OAuthScopeListing, ResponseError> {
        response::json(response)
    }
}
