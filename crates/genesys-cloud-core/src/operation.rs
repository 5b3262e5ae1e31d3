//! The [`Operation`] trait every API call and token grant implements, and the [`Auth`] it is built with.

use core::fmt;

use bytes::Bytes;
use genesys_cloud_models::AccessToken;
use http::HeaderValue;

use crate::environment::Environment;
use crate::error::{BuildError, ResponseError};

/// One API operation: how to turn it into an HTTP request and how to read the response. No I/O happens here.
///
/// ```
/// use genesys_cloud_core::{Auth, BearerHeader, Environment, Operation, ops::GetOauthClient};
/// use genesys_cloud_models::AccessToken;
///
/// let token = BearerHeader::new(&AccessToken::new("token"))?;
/// let request = GetOauthClient::new("5d2d6a87")
///     .to_http_request(&Environment::default(), Auth::Bearer(&token))?;
/// assert_eq!(request.uri(), "https://api.mypurecloud.com/api/v2/oauth/clients/5d2d6a87");
/// # Ok::<(), genesys_cloud_core::BuildError>(())
/// ```
pub trait Operation {
    /// What a successful response parses into.
    type Output;

    /// The API's operationId, such as `getOauthClient`.
    const ID: &'static str;
    /// The HTTP method.
    const METHOD: http::Method;
    /// The path template of the specification, such as `/api/v2/oauth/clients/{clientId}`.
    const PATH: &'static str;
    /// Whether sending the request twice has the same effect as once, so a failure after sending may be retried.
    const IDEMPOTENT: bool;
    /// The permissions of which the caller needs any one; empty when none is required.
    const PERMISSIONS: &'static [&'static str];
    /// Whether the request carries the caller's bearer token. Token grants authenticate themselves instead.
    const AUTHENTICATED: bool = true;

    /// Builds the HTTP request. `auth` is used by API operations and ignored by token grants.
    fn to_http_request(
        &self,
        environment: &Environment,
        auth: Auth<'_>,
    ) -> Result<http::Request<Bytes>, BuildError>;

    /// Reads the HTTP response: the output for a success, the API error or decode failure otherwise.
    fn parse_response(response: http::Response<Bytes>) -> Result<Self::Output, ResponseError>;

    /// Whether an answer of `status` to a retry means the operation is done, when an earlier attempt of the same
    /// call may have been applied (its connection broke after sending, or a gateway answered 5xx).
    ///
    /// A DELETE whose first attempt removed the resource gets 404 on its retry: the caller's goal is reached,
    /// and reporting "not found" would be wrong. Executors report such an answer as success, parsed as an
    /// empty `204 No Content`. `false` by default: only operations whose goal is the resource's absence say yes.
    fn retry_answer_means_done(status: http::StatusCode) -> bool {
        let _ = status;
        false
    }
}

/// A borrowed operation is the same operation: an executor can send one it does not own, again and again.
impl<O: Operation + ?Sized> Operation for &O {
    type Output = O::Output;

    const ID: &'static str = O::ID;
    const METHOD: http::Method = O::METHOD;
    const PATH: &'static str = O::PATH;
    const IDEMPOTENT: bool = O::IDEMPOTENT;
    const PERMISSIONS: &'static [&'static str] = O::PERMISSIONS;
    const AUTHENTICATED: bool = O::AUTHENTICATED;

    fn to_http_request(
        &self,
        environment: &Environment,
        auth: Auth<'_>,
    ) -> Result<http::Request<Bytes>, BuildError> {
        (**self).to_http_request(environment, auth)
    }

    fn parse_response(response: http::Response<Bytes>) -> Result<Self::Output, ResponseError> {
        O::parse_response(response)
    }

    fn retry_answer_means_done(status: http::StatusCode) -> bool {
        O::retry_answer_means_done(status)
    }
}

/// The credentials a request is built with, borrowed for the call and never stored.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum Auth<'a> {
    /// `Authorization: Bearer <token>`.
    Bearer(&'a BearerHeader),
    /// No credentials: only token grants (which authenticate themselves) can be built this way.
    None,
}

/// A validated `Authorization: Bearer <token>` header value, marked sensitive.
///
/// Build it once per token and reuse it for every request: cloning it does not copy the token.
#[derive(Clone)]
pub struct BearerHeader(HeaderValue);

impl BearerHeader {
    /// The header value for `token`; an error (that does not include the token) if it cannot be a header.
    pub fn new(token: &AccessToken) -> Result<Self, BuildError> {
        let mut value = HeaderValue::try_from(format!("Bearer {}", token.expose_secret()))
            .map_err(|_| BuildError::InvalidToken)?;
        value.set_sensitive(true);
        Ok(Self(value))
    }

    /// The header value (sensitive: its `Debug` does not show it).
    pub fn header_value(&self) -> &HeaderValue {
        &self.0
    }
}

impl fmt::Debug for BearerHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerHeader([redacted])")
    }
}
