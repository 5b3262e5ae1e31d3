//! The default transport: hyper-util's pooled client over rustls, HTTP/1.1 and HTTP/2 (by ALPN).

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http::Uri;
use http_body_util::{BodyExt, Full, Limited};
use hyper_rustls::{HttpsConnector, HttpsConnectorBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::{Client as PooledClient, ResponseFuture};
use hyper_util::rt::TokioExecutor;
use tower_service::Service;

use super::proxy::{Proxies, ProxyConnectError, ProxyConnector, is_loopback};
use super::tls::{TlsSettings, client_config};
use crate::error::{Error, SendState, TransportError, TransportErrorKind};

/// How the hyper transport connects.
#[derive(Clone, Debug)]
pub(crate) struct HyperSettings {
    pub(crate) connect_timeout: Duration,
    pub(crate) body_limit: usize,
    pub(crate) allow_http: bool,
    pub(crate) proxy: Proxies,
    pub(crate) tls: TlsSettings,
    pub(crate) pool_idle_timeout: Duration,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// The connector behind one `Arc`. hyper-util clones its connector for every request (to connect lazily when the
/// pool has no idle connection); this one holds several `Arc`s (TLS configuration, resolver, proxy matcher) whose
/// counters both workers would otherwise increment and decrement on every request, on shared cache lines.
#[derive(Clone)]
struct SharedConnector(Arc<HttpsConnector<ProxyConnector>>);

impl Service<Uri> for SharedConnector {
    type Response = <HttpsConnector<ProxyConnector> as Service<Uri>>::Response;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        // Readiness is checked on the copy that connects, in `call`.
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, destination: Uri) -> Self::Future {
        let mut connector = (*self.0).clone();
        Box::pin(async move {
            core::future::poll_fn(|cx| connector.poll_ready(cx)).await?;
            connector.call(destination).await
        })
    }
}

/// The default transport, called directly rather than through [`HttpTransport`](super::HttpTransport): a pooled
/// hyper client with rustls, keep-alive, TCP_NODELAY, HTTP/2 when the server offers it, proxies, and a cap on
/// response bodies enforced while reading.
pub(crate) struct HyperTransport {
    client: PooledClient<SharedConnector, Full<Bytes>>,
    body_limit: usize,
    allow_http: bool,
}

impl HyperTransport {
    pub(crate) fn new(settings: &HyperSettings) -> Result<Self, Error> {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(Some(settings.connect_timeout));
        let connector = ProxyConnector::new(http, settings.proxy.clone());
        let https = HttpsConnectorBuilder::new()
            .with_tls_config(client_config(&settings.tls)?)
            .https_or_http()
            .enable_http1()
            .enable_http2()
            .wrap_connector(connector);
        let client = PooledClient::builder(TokioExecutor::new())
            .pool_idle_timeout(settings.pool_idle_timeout)
            .build(SharedConnector(Arc::new(https)));
        Ok(Self {
            client,
            body_limit: settings.body_limit,
            allow_http: settings.allow_http,
        })
    }

    /// Hands the request to the pool and returns the pending response, without waiting. Split from
    /// [`receive`](Self::receive) so that the request (256 bytes) is not kept in the state of every future the
    /// call nests: the client's call future is copied as it is built, layer by layer, on every call.
    pub(crate) fn start(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<ResponseFuture, TransportError> {
        if request.uri().scheme() == Some(&http::uri::Scheme::HTTP)
            && !self.allow_http
            && !is_loopback(request.uri())
        {
            return Err(TransportError::new(
                TransportErrorKind::Refused,
                SendState::NotSent,
                "plain http to a host that is not loopback is refused; use https or allow http explicitly",
                None,
            ));
        }
        let (parts, body) = request.into_parts();
        Ok(self
            .client
            .request(http::Request::from_parts(parts, Full::new(body))))
    }

    /// Waits for the response of [`start`](Self::start) and reads its whole body, within the body limit.
    pub(crate) async fn receive(
        &self,
        pending: ResponseFuture,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let response = pending.await.map_err(|error| {
            if error.is_connect() {
                // Through a proxy, the top line names it: "could not connect" alone would send people
                // looking at the API host.
                let what = match find_in_chain::<ProxyConnectError>(&error) {
                    Some(proxy) => {
                        format!("could not connect through the proxy {}", proxy.proxy())
                    }
                    None => "could not connect".to_owned(),
                };
                let refused = certificate_refused(&error);
                let error = TransportError::new(
                    TransportErrorKind::Connect,
                    SendState::NotSent,
                    what,
                    Some(Box::new(error)),
                );
                if refused { error.permanent() } else { error }
            } else {
                TransportError::new(
                    TransportErrorKind::Io,
                    SendState::MaybeSent,
                    "the connection failed",
                    Some(Box::new(error)),
                )
            }
        })?;
        let (parts, incoming) = response.into_parts();
        let declared = parts
            .headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.parse::<u64>().ok());
        if declared.is_some_and(|length| length > self.body_limit as u64) {
            return Err(too_large(self.body_limit));
        }
        let body = Limited::new(incoming, self.body_limit)
            .collect()
            .await
            .map_err(|error| {
                if error.is::<http_body_util::LengthLimitError>() {
                    too_large(self.body_limit)
                } else {
                    TransportError::new(
                        TransportErrorKind::Io,
                        SendState::MaybeSent,
                        "the connection failed while reading the response body",
                        Some(error),
                    )
                }
            })?
            .to_bytes();
        Ok(http::Response::from_parts(parts, body))
    }
}

/// The first error of type `E` in `error`'s chain.
fn find_in_chain<'a, E: std::error::Error + 'static>(
    error: &'a (dyn std::error::Error + 'static),
) -> Option<&'a E> {
    let mut next = Some(error);
    while let Some(current) = next {
        if let Some(found) = current.downcast_ref::<E>() {
            return Some(found);
        }
        next = current.source();
    }
    None
}

/// Whether `error`'s chain holds a server certificate that rustls refused. rustls's error travels inside
/// (nested) `io::Error`s, whose `source()` skips the error they wrap, so an `io::Error` is followed into what it
/// wraps instead.
fn certificate_refused(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(current) = next {
        if matches!(
            current.downcast_ref::<rustls::Error>(),
            Some(rustls::Error::InvalidCertificate(_))
        ) {
            return true;
        }
        next = match current
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
        {
            Some(wrapped) => Some(wrapped as &(dyn std::error::Error + 'static)),
            None => current.source(),
        };
    }
    false
}

fn too_large(limit: usize) -> TransportError {
    TransportError::new(
        TransportErrorKind::BodyTooLarge,
        SendState::MaybeSent,
        format!("the response body is larger than the limit of {limit} bytes"),
        None,
    )
}
