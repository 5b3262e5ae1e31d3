//! The errors of building a request ([`BuildError`]) and of reading a response ([`ResponseError`]).

use core::fmt;
use std::time::Duration;

use bytes::Bytes;
use genesys_cloud_models::ErrorBody;
use http::{HeaderMap, StatusCode};

use crate::retry::RetryAfter;
use crate::token::OAuthErrorResponse;

/// The header the platform identifies each request with; support asks for it.
pub const CORRELATION_ID_HEADER: &str = "inin-correlation-id";

/// A request could not be built. Nothing was sent.
///
/// Messages name the parameter or header at fault but never include secret values.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// The operation needs an access token and none was given.
    #[error("this operation needs an access token")]
    MissingToken,
    /// An access token holds characters that cannot go into an HTTP header.
    #[error("the access token holds characters not allowed in an HTTP header")]
    InvalidToken,
    /// A parameter value cannot be sent, such as an empty id.
    #[error("invalid parameter `{name}`: {reason}")]
    InvalidParameter {
        /// The parameter's name, as in the API specification.
        name: &'static str,
        /// Why the value was refused.
        reason: &'static str,
    },
    /// An operation's path template and the values given for it do not match: a `{name}` with no value, a
    /// value for a name the template lacks, or a malformed template. A bug in the operation, not in the input.
    #[error("the path template `{template}` does not match its parameters: `{name}` {reason}")]
    PathTemplate {
        /// The template, such as [`GetOauthClient`](crate::ops::GetOauthClient)'s [`PATH`](crate::Operation::PATH).
        template: &'static str,
        /// The placeholder or parameter name at fault.
        name: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A header value holds characters not allowed in HTTP headers, such as CR or LF.
    #[error(
        "invalid value for header `{name}`: control characters such as CR or LF are not allowed"
    )]
    InvalidHeaderValue {
        /// The header's name.
        name: &'static str,
    },
    /// A base URL or link is not usable.
    #[error("invalid URL: {reason}")]
    InvalidUrl {
        /// Why the URL was refused.
        reason: String,
    },
    /// The request body could not be serialized. (The cause is in the message, so it is not also a `source()`:
    /// a chain printer would show it twice.)
    #[error("the request body could not be serialized: {0}")]
    Json(serde_json::Error),
    /// The `http` crate refused the request parts (the cause is in the message, as for `Json`).
    #[error("the request could not be assembled: {0}")]
    Http(http::Error),
}

/// A response that is not the operation's success: an API error, or a body that could not be decoded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResponseError {
    /// The API answered with a status other than 2xx.
    #[error(transparent)]
    Api(Box<ApiError>),
    /// The API answered 2xx, but the body is not what the operation returns.
    #[error(transparent)]
    Decode(Box<DecodeError>),
}

/// An API error as the response error of an operation: what a custom HTTP stack (a retry layer of its own, a
/// test double) returns when it turns an answer into an [`ApiError`] itself.
///
/// ```
/// use genesys_cloud_core::{ApiError, ResponseError};
///
/// let answer = http::Response::builder().status(404).body(bytes::Bytes::new())?;
/// let error: ResponseError = ApiError::from_response(answer).into();
/// assert_eq!(error.status(), http::StatusCode::NOT_FOUND);
/// # Ok::<(), http::Error>(())
/// ```
impl From<ApiError> for ResponseError {
    fn from(error: ApiError) -> Self {
        Self::Api(Box::new(error))
    }
}

/// A decode failure as the response error of an operation.
impl From<DecodeError> for ResponseError {
    fn from(error: DecodeError) -> Self {
        Self::Decode(Box::new(error))
    }
}

impl ResponseError {
    /// The HTTP status of the response.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Api(error) => error.status,
            Self::Decode(error) => error.status,
        }
    }

    /// The `ININ-Correlation-Id` of the response, if it had one.
    pub fn correlation_id(&self) -> Option<&str> {
        match self {
            Self::Api(error) => error.correlation_id(),
            Self::Decode(error) => correlation_id(&error.headers),
        }
    }

    /// The API error, if this is one.
    pub fn as_api_error(&self) -> Option<&ApiError> {
        match self {
            Self::Api(error) => Some(error),
            Self::Decode(_) => None,
        }
    }

    /// Whether the API answered 404 Not Found.
    pub fn is_not_found(&self) -> bool {
        self.as_api_error().is_some_and(ApiError::is_not_found)
    }

    /// Whether the API answered 401 Unauthorized.
    pub fn is_unauthorized(&self) -> bool {
        self.as_api_error().is_some_and(ApiError::is_unauthorized)
    }

    /// Whether the API answered 403 Forbidden.
    pub fn is_forbidden(&self) -> bool {
        self.as_api_error().is_some_and(ApiError::is_forbidden)
    }

    /// Whether the API answered 429 Too Many Requests.
    pub fn is_throttled(&self) -> bool {
        self.as_api_error().is_some_and(ApiError::is_throttled)
    }

    /// Whether the status is one that a retry may cure (429, 502, 503, 504); see [`crate::retry`] for whether a
    /// given request may be retried safely.
    pub fn is_retryable(&self) -> bool {
        self.as_api_error().is_some_and(ApiError::is_retryable)
    }
}

/// The body of an API error, parsed as far as it goes.
///
/// `Debug` of a [`Json`](Self::Json) body replaces the values of secret-looking keys (see
/// [`redact::SECRET_KEYS`](crate::redact::SECRET_KEYS)).
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub enum ApiErrorBody {
    /// The platform's standard error body.
    Genesys(ErrorBody),
    /// The OAuth error body of the token endpoint (`error`, `error_description`).
    OAuth(OAuthErrorResponse),
    /// JSON of another shape.
    Json(serde_json::Value),
    /// Not JSON at all, such as the HTML page of a gateway's 502. The bytes are in [`ApiError::raw_body`].
    NotJson,
}

impl fmt::Debug for ApiErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Genesys(body) => f.debug_tuple("Genesys").field(body).finish(),
            Self::OAuth(body) => f.debug_tuple("OAuth").field(body).finish(),
            Self::Json(value) => {
                let mut shown = value.clone();
                crate::redact::redact_json(&mut shown);
                f.debug_tuple("Json").field(&shown).finish()
            }
            Self::NotJson => f.write_str("NotJson"),
        }
    }
}

/// A non-2xx answer of the API, with everything needed to act on it or report it.
///
/// `Debug` shows the size of the raw body, not its bytes: bodies can carry secrets.
///
/// Read its fields freely; it is `#[non_exhaustive]` so that it can gain some (it is built by
/// [`from_response`](Self::from_response), not by literal).
#[derive(Clone)]
#[non_exhaustive]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The `Retry-After` header, parsed, if present and valid.
    pub retry_after: Option<RetryAfter>,
    /// The body, parsed as far as it goes.
    pub body: ApiErrorBody,
    /// The body exactly as received.
    pub raw_body: Bytes,
}

impl ApiError {
    /// Reads an error response.
    pub fn from_response(response: http::Response<Bytes>) -> Self {
        let (parts, raw_body) = response.into_parts();
        let body = parse_error_body(&raw_body);
        let retry_after = RetryAfter::from_headers(&parts.headers);
        Self {
            status: parts.status,
            headers: parts.headers,
            retry_after,
            body,
            raw_body,
        }
    }

    /// The `ININ-Correlation-Id` header, if present.
    pub fn correlation_id(&self) -> Option<&str> {
        correlation_id(&self.headers)
    }

    /// The platform's error body, if the response carried one.
    pub fn error_body(&self) -> Option<&ErrorBody> {
        match &self.body {
            ApiErrorBody::Genesys(body) => Some(body),
            _ => None,
        }
    }

    /// The machine-readable error code: `code` of the platform's body, or `error` of the token endpoint's.
    pub fn code(&self) -> Option<&str> {
        match &self.body {
            ApiErrorBody::Genesys(body) => body.code.as_deref(),
            ApiErrorBody::OAuth(body) => Some(body.error.as_str()),
            _ => None,
        }
    }

    /// The human-readable message, if the body had one.
    pub fn message(&self) -> Option<&str> {
        match &self.body {
            ApiErrorBody::Genesys(body) => body.message.as_deref(),
            ApiErrorBody::OAuth(body) => body.error_description.as_deref(),
            _ => None,
        }
    }

    /// The delay `Retry-After` asks for, measured from `now` when the header gave a date.
    pub fn retry_after_delay(&self, now: std::time::SystemTime) -> Option<Duration> {
        self.retry_after.map(|value| value.delay_from(now))
    }

    /// Whether the status is 404 Not Found.
    pub fn is_not_found(&self) -> bool {
        self.status == StatusCode::NOT_FOUND
    }

    /// Whether the status is 401 Unauthorized.
    pub fn is_unauthorized(&self) -> bool {
        self.status == StatusCode::UNAUTHORIZED
    }

    /// Whether the status is 403 Forbidden.
    pub fn is_forbidden(&self) -> bool {
        self.status == StatusCode::FORBIDDEN
    }

    /// Whether the status is 429 Too Many Requests.
    pub fn is_throttled(&self) -> bool {
        self.status == StatusCode::TOO_MANY_REQUESTS
    }

    /// Whether a retry may cure this status: 429, 502, 503 or 504.
    pub fn is_retryable(&self) -> bool {
        crate::retry::is_retryable_status(self.status)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        match (self.code(), self.message()) {
            (Some(code), Some(message)) => write!(f, ": {code}: {message}")?,
            (Some(code), None) => write!(f, ": {code}")?,
            (None, Some(message)) => write!(f, ": {message}")?,
            (None, None) => match &self.body {
                ApiErrorBody::NotJson => {
                    write!(f, ": non-JSON body of {} bytes", self.raw_body.len())?
                }
                ApiErrorBody::Json(_) => write!(f, ": unrecognized JSON error body")?,
                _ => {}
            },
        }
        if let Some(details) = self.error_body().and_then(|body| body.details.as_ref()) {
            for detail in details {
                let field = detail.field_name.as_deref().unwrap_or("?");
                let code = detail.error_code.as_deref().unwrap_or("invalid");
                write!(f, " [{field}: {code}]")?;
            }
        }
        if let Some(id) = self.correlation_id() {
            write!(f, " (correlation id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("status", &self.status)
            .field("correlation_id", &self.correlation_id())
            .field("retry_after", &self.retry_after)
            .field("body", &self.body)
            .field("raw_body", &RawBodySize(self.raw_body.len()))
            .finish_non_exhaustive()
    }
}

/// Prints `<N bytes>` in place of a body.
struct RawBodySize(usize);

impl fmt::Debug for RawBodySize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0)
    }
}

/// A 2xx response whose body is not what the operation returns.
///
/// `Debug` and `Display` show the size of the raw body, not its bytes: a create or secret regeneration answer that
/// fails to decode still holds the client secret.
///
/// Read its fields freely; it is `#[non_exhaustive]` so that it can gain some. Operations build it when parsing.
#[derive(Clone)]
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body exactly as received.
    pub raw_body: Bytes,
    /// Where in the JSON document decoding failed, such as `entities[3].dateCreated`; `.` for the root.
    pub path: String,
    /// What the JSON parser said.
    pub message: String,
}

impl DecodeError {
    pub(crate) fn new(
        parts: http::response::Parts,
        raw_body: Bytes,
        path: String,
        message: String,
    ) -> Self {
        Self {
            status: parts.status,
            headers: parts.headers,
            raw_body,
            path,
            message,
        }
    }

    /// The `ININ-Correlation-Id` header, if present.
    pub fn correlation_id(&self) -> Option<&str> {
        correlation_id(&self.headers)
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HTTP {}: the response body could not be decoded at `{}`: {} ({} bytes)",
            self.status,
            self.path,
            self.message,
            self.raw_body.len()
        )?;
        if let Some(id) = self.correlation_id() {
            write!(f, " (correlation id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for DecodeError {}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("correlation_id", &self.correlation_id())
            .field("path", &self.path)
            .field("message", &self.message)
            .field("raw_body", &RawBodySize(self.raw_body.len()))
            .finish_non_exhaustive()
    }
}

/// The `ININ-Correlation-Id` of a header map (header names are case-insensitive).
pub fn correlation_id(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(CORRELATION_ID_HEADER)
        .and_then(|value| value.to_str().ok())
}

fn parse_error_body(raw: &[u8]) -> ApiErrorBody {
    let Ok(value) = serde_json::from_slice::<serde_json::Value>(raw) else {
        return ApiErrorBody::NotJson;
    };
    if let Some(object) = value.as_object() {
        if object
            .get("error")
            .is_some_and(serde_json::Value::is_string)
        {
            if let Ok(oauth) = serde_json::from_value::<OAuthErrorResponse>(value.clone()) {
                return ApiErrorBody::OAuth(oauth);
            }
        }
        let looks_standard = ["code", "message", "status"]
            .iter()
            .any(|key| object.contains_key(*key));
        if looks_standard {
            if let Ok(body) = serde_json::from_value::<ErrorBody>(value.clone()) {
                return ApiErrorBody::Genesys(body);
            }
        }
    }
    ApiErrorBody::Json(value)
}
