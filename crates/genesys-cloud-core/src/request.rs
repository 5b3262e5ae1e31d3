//! Request building shared by the operations: encoded paths, standard headers, JSON bodies.

use bytes::Bytes;
use http::header::{ACCEPT, ACCEPT_LANGUAGE, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use http::{HeaderMap, HeaderValue, Method};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use crate::environment::BaseUrl;
use crate::error::BuildError;
use crate::operation::Auth;

/// The `User-Agent` this SDK sends: its name and version.
pub const USER_AGENT_VALUE: &str = concat!("genesys-cloud-rs/", env!("CARGO_PKG_VERSION"));

/// Everything but the unreserved characters and `:`/`@` (allowed in a path segment) is encoded, so a value can
/// never end a segment (`/`), start a query (`?`) or fragment (`#`), or smuggle control characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':')
    .remove(b'@');

/// Builds a request path, appending literal parts and encoded parameter segments.
pub(crate) struct PathBuilder(String);

impl PathBuilder {
    pub(crate) fn new(literal: &'static str) -> Self {
        let mut path = String::with_capacity(literal.len() + 48);
        path.push_str(literal);
        Self(path)
    }

    /// Appends `/` and `value` encoded as exactly one path segment.
    pub(crate) fn segment(mut self, name: &'static str, value: &str) -> Result<Self, BuildError> {
        if value.is_empty() {
            return Err(BuildError::InvalidParameter {
                name,
                reason: "must not be empty",
            });
        }
        if value == "." || value == ".." {
            return Err(BuildError::InvalidParameter {
                name,
                reason: "`.` and `..` are not ids",
            });
        }
        self.0.push('/');
        // Ids are almost always plain (UUIDs): copy them at once rather than through the encoder's iterator.
        if value
            .bytes()
            .all(|byte| byte.is_ascii_alphanumeric() || b"-._~:@".contains(&byte))
        {
            self.0.push_str(value);
        } else {
            self.0.extend(utf8_percent_encode(value, SEGMENT));
        }
        Ok(self)
    }

    pub(crate) fn literal(mut self, literal: &'static str) -> Self {
        self.0.push_str(literal);
        self
    }

    /// Appends `?name=value` (or `&...`), form-encoding the value.
    pub(crate) fn query(mut self, name: &'static str, value: &str) -> Self {
        self.0.push(if self.0.contains('?') { '&' } else { '?' });
        self.0.push_str(name);
        self.0.push('=');
        self.0
            .extend(form_urlencoded::byte_serialize(value.as_bytes()));
        self
    }

    pub(crate) fn finish(self) -> String {
        self.0
    }
}

/// The parts of an API request that vary by operation.
pub(crate) struct ApiRequest<'a> {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) body: Option<Bytes>,
    pub(crate) accept_language: Option<&'a str>,
}

impl<'a> ApiRequest<'a> {
    pub(crate) fn new(method: Method, path: String) -> Self {
        Self {
            method,
            path,
            body: None,
            accept_language: None,
        }
    }

    pub(crate) fn json_body<T: Serialize>(mut self, body: &T) -> Result<Self, BuildError> {
        self.body = Some(Bytes::from(
            serde_json::to_vec(body).map_err(BuildError::Json)?,
        ));
        Ok(self)
    }

    pub(crate) fn accept_language(mut self, value: Option<&'a str>) -> Self {
        self.accept_language = value;
        self
    }

    /// The request against the API base, authenticated with a bearer token.
    ///
    /// Built in place rather than through `http::request::Builder`: the header map is sized once for the headers
    /// every request carries, and nothing is parsed twice. This runs for every request.
    pub(crate) fn build(
        self,
        base: &BaseUrl,
        auth: Auth<'_>,
    ) -> Result<http::Request<Bytes>, BuildError> {
        let Auth::Bearer(bearer) = auth else {
            return Err(BuildError::MissingToken);
        };
        let uri = base.join_owned(self.path)?;
        let mut headers = HeaderMap::with_capacity(5);
        headers.insert(AUTHORIZATION, bearer.header_value().clone());
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));
        if let Some(language) = self.accept_language {
            headers.insert(ACCEPT_LANGUAGE, header_value("Accept-Language", language)?);
        }
        let body = match self.body {
            Some(body) => {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
                body
            }
            None => Bytes::new(),
        };
        let mut request = http::Request::new(body);
        *request.method_mut() = self.method;
        *request.uri_mut() = uri;
        *request.headers_mut() = headers;
        Ok(request)
    }
}

/// A header value from user input: CR, LF and other control characters are a build error, never a panic.
pub(crate) fn header_value(name: &'static str, value: &str) -> Result<HeaderValue, BuildError> {
    HeaderValue::from_str(value).map_err(|_| BuildError::InvalidHeaderValue { name })
}
