//! Request building shared by the operations: standard headers and JSON bodies (paths are in `path.rs`).

use bytes::Bytes;
use http::header::{ACCEPT, ACCEPT_LANGUAGE, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};
use http::{HeaderMap, HeaderValue, Method};
use serde::Serialize;

use crate::environment::BaseUrl;
use crate::error::BuildError;
use crate::operation::Auth;

/// The `User-Agent` this SDK sends: its name and version.
pub const USER_AGENT_VALUE: &str = concat!("genesys-cloud-rs/", env!("CARGO_PKG_VERSION"));

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
