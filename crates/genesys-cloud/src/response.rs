//! [`ResponseMeta`] and [`Response`]: a result together with what the HTTP response said about it.

use http::{HeaderMap, StatusCode};

/// The status and headers of the response a result came from.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ResponseMeta {
    /// The HTTP status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// Attempts the call took.
    pub attempts: u32,
}

impl ResponseMeta {
    /// The `ININ-Correlation-Id`, to quote to Genesys support.
    pub fn correlation_id(&self) -> Option<&str> {
        genesys_cloud_core::correlation_id(&self.headers)
    }
}

/// A successful result with its [`ResponseMeta`].
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Response<T> {
    /// The parsed result.
    pub value: T,
    /// The response's status and headers.
    pub meta: ResponseMeta,
}

impl<T> Response<T> {
    /// The result, without the metadata.
    pub fn into_value(self) -> T {
        self.value
    }
}
