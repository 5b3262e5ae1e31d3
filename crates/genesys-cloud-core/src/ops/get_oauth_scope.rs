//! `GET /api/v2/oauth/scopes/{scopeId}`: gets one OAuth scope.
//!
//! Permissions: none required.

use crate::environment::Environment;
use crate::error::{BuildError, ResponseError};
use crate::operation::{Auth, Operation};
use crate::path::fill_path;
use crate::request::ApiRequest;
use crate::response;
use bytes::Bytes;
use genesys_cloud_models::OAuthScope;

/// `getOauthScope`: Gets one OAuth scope.
///
/// `GET /api/v2/oauth/scopes/{scopeId}`. Permissions: none required.
#[derive(Clone, Debug, PartialEq)]
#[must_use = "an operation does nothing until it is built into a request and sent"]
pub struct GetOauthScope {
    scope_id: String,
    accept_language: Option<String>,
}

impl GetOauthScope {
    /// The operation for `scope_id` (the scope id, such as `users:readonly`).
    pub fn new(scope_id: impl Into<String>) -> Self {
        Self {
            scope_id: scope_id.into(),
            accept_language: None,
        }
    }

    /// The `scopeId` path parameter.
    pub fn scope_id(&self) -> &str {
        &self.scope_id
    }

    /// Sets the `Accept-Language` header (the platform's default is `en-us`), for descriptions in that language.
    pub fn with_accept_language(mut self, language: impl Into<String>) -> Self {
        self.accept_language = Some(language.into());
        self
    }
}

impl Operation for GetOauthScope {
    type Output = OAuthScope;

    const ID: &'static str = "getOauthScope";
    const METHOD: http::Method = http::Method::GET;
    const PATH: &'static str = "/api/v2/oauth/scopes/{scopeId}";
    const IDEMPOTENT: bool = true;
    const PERMISSIONS: &'static [&'static str] = &[];

    fn to_http_request(
        &self,
        environment: &Environment,
        auth: Auth<'_>,
    ) -> Result<http::Request<Bytes>, BuildError> {
        let path = fill_path(Self::PATH, &[("scopeId", &self.scope_id)])?;
        ApiRequest::new(Self::METHOD, path)
            .accept_language(self.accept_language.as_deref())
            .build(environment.api(), auth)
    }

    fn parse_response(response: http::Response<Bytes>) -> Result<OAuthScope, ResponseError> {
        response::json(response)
    }
}
