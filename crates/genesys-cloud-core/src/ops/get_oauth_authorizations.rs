//! `GET /api/v2/oauth/authorizations`: lists the caller's authorizations of code-grant clients.
//!
//! Permissions (any one of): `oauth:client:authorize`.

use crate::environment::Environment;
use crate::error::{BuildError, ResponseError};
use crate::operation::{Auth, Operation};
use crate::path::fill_path;
use crate::request::ApiRequest;
use crate::response;
use bytes::Bytes;
use genesys_cloud_models::OAuthAuthorizationListing;

/// `getOauthAuthorizations`: Lists the caller's authorizations of code-grant clients.
///
/// `GET /api/v2/oauth/authorizations`. Permissions (any one of): `oauth:client:authorize`.
#[derive(Clone, Debug, Default, PartialEq)]
#[must_use = "an operation does nothing until it is built into a request and sent"]
pub struct GetOauthAuthorizations {
    accept_language: Option<String>,
}

impl GetOauthAuthorizations {
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

impl Operation for GetOauthAuthorizations {
    type Output = OAuthAuthorizationListing;

    const ID: &'static str = "getOauthAuthorizations";
    const METHOD: http::Method = http::Method::GET;
    const PATH: &'static str = "/api/v2/oauth/authorizations";
    const IDEMPOTENT: bool = true;
    const PERMISSIONS: &'static [&'static str] = &["oauth:client:authorize"];

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

    fn parse_response(
        response: http::Response<Bytes>,
    ) -> Result<OAuthAuthorizationListing, ResponseError> {
        response::json(response)
    }
}
