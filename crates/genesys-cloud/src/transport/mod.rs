//! The HTTP stack the client sends through: [`HttpTransport`], with hyper as the default.

mod hyper_transport;
mod proxy;
mod tls;

use core::future::Future;
use core::pin::Pin;

use bytes::Bytes;

pub(crate) use hyper_transport::HyperSettings;
pub(crate) use hyper_transport::HyperTransport;
use hyper_util::client::legacy::ResponseFuture;
pub use proxy::ProxySettings;
pub(crate) use tls::TlsSettings;

use crate::error::TransportError;

/// The future an [`HttpTransport`] returns.
pub type TransportFuture<'a> =
    Pin<Box<dyn Future<Output = Result<http::Response<Bytes>, TransportError>> + Send + 'a>>;

/// Sends one HTTP request and reads the whole response.
///
/// The client's default is a pooled hyper client with rustls. Implement this to send through another stack, or use
/// [`ClientBuilder::transport_fn`](crate::ClientBuilder::transport_fn) with a closure in tests. Report whether a
/// failed request may have been sent ([`TransportError`]): that decides whether it may be retried.
pub trait HttpTransport: Send + Sync + 'static {
    /// Sends the request.
    fn send(&self, request: http::Request<Bytes>) -> TransportFuture<'_>;
}

/// What a client sends through. The built-in transport is called directly, so that its future lives inside the
/// caller's future: going through the trait costs a heap allocation of that future (about 800 bytes) per request,
/// which at 64 concurrent requests overflows the allocator's per-thread cache.
pub(crate) enum Transport {
    /// The built-in hyper transport.
    Hyper(HyperTransport),
    /// One given to the builder.
    Custom(Box<dyn HttpTransport>),
}

/// A request handed to a [`Transport`], whose response is not read yet: see [`Transport::start`].
pub(crate) enum Pending<'a> {
    /// In the hyper pool.
    Hyper(&'a HyperTransport, ResponseFuture),
    /// In a custom transport.
    Custom(TransportFuture<'a>),
    /// Refused before it was sent.
    Refused(TransportError),
}

impl Transport {
    /// Hands the request over without waiting; [`Pending::receive`] waits for the whole response.
    ///
    /// Two steps rather than one `async fn send(request)`: an async function keeps its arguments in its state,
    /// and every layer of the client's call would then carry the 256-byte request, copied as each layer's
    /// future is built (on every call).
    pub(crate) fn start(&self, request: http::Request<Bytes>) -> Pending<'_> {
        match self {
            Self::Hyper(transport) => match transport.start(request) {
                Ok(pending) => Pending::Hyper(transport, pending),
                Err(error) => Pending::Refused(error),
            },
            Self::Custom(transport) => Pending::Custom(transport.send(request)),
        }
    }
}

impl Pending<'_> {
    /// Waits for the response and reads it whole.
    pub(crate) async fn receive(self) -> Result<http::Response<Bytes>, TransportError> {
        match self {
            Self::Hyper(transport, pending) => transport.receive(pending).await,
            Self::Custom(pending) => pending.await,
            Self::Refused(error) => Err(error),
        }
    }
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
