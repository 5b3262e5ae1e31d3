//! The HTTP stack the client sends through: [`HttpTransport`], with hyper as the default.

mod hyper_transport;
mod proxy;
mod tls;

use core::future::Future;
use core::pin::Pin;

use bytes::Bytes;

pub(crate) use hyper_transport::HyperSettings;
pub use hyper_transport::HyperTransport;
pub use proxy::ProxySettings;
pub(crate) use tls::TlsSettings;

use crate::error::TransportError;

/// The future an [`HttpTransport`] returns.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<http::Response<Bytes>, TransportError>> + Send + 'a>>;

/// Sends one HTTP request and reads the whole response.
///
/// The client's default is [`HyperTransport`]. Implement this to send through another stack, or use
/// [`ClientBuilder::transport_fn`](crate::ClientBuilder::transport_fn) with a closure in tests. Report whether a
/// failed request may have been sent ([`TransportError`]): that decides whether it may be retried.
pub trait HttpTransport: Send + Sync + 'static {
    /// Sends the request.
    fn send(&self, request: http::Request<Bytes>) -> TransportFuture<'_>;
}

/// An [`HttpTransport`] made from a closure.
pub(crate) struct FnTransport<F>(pub(crate) F);

impl<F, Fut> HttpTransport for FnTransport<F>
where
    F: Fn(http::Request<Bytes>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<http::Response<Bytes>, TransportError>> + Send + 'static,
{
    fn send(&self, request: http::Request<Bytes>) -> TransportFuture<'_> {
        Box::pin((self.0)(request))
    }
}
