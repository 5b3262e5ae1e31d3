//! Proxy support: `HTTPS_PROXY`/`NO_PROXY` from the environment or explicit settings, through HTTP CONNECT.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::proxy::matcher::Matcher;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tower_service::Service;

/// Where proxies come from.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub enum ProxySettings {
    /// `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` (any case), read when the client is built.
    #[default]
    FromEnvironment,
    /// This proxy URL (such as `http://user:pass@proxy.corp:3128`) for every host but those in the `NO_PROXY`-style
    /// list.
    Explicit {
        /// The proxy URL.
        url: String,
        /// Hosts to reach directly, comma-separated as in `NO_PROXY`.
        no_proxy: String,
    },
    /// Never use a proxy.
    Disabled,
}

impl ProxySettings {
    pub(crate) fn matcher(&self) -> Option<Matcher> {
        match self {
            Self::FromEnvironment => Some(Matcher::from_env()),
            Self::Explicit { url, no_proxy } => Some(
                Matcher::builder()
                    .all(url.clone())
                    .no(no_proxy.clone())
                    .build(),
            ),
            Self::Disabled => None,
        }
    }
}

/// Connects directly or through a CONNECT tunnel, per destination. Loopback is always reached directly, so local
/// tests and emulators work whatever the environment says.
#[derive(Clone)]
pub(crate) struct ProxyConnector {
    direct: HttpConnector,
    matcher: Option<std::sync::Arc<Matcher>>,
}

impl ProxyConnector {
    pub(crate) fn new(direct: HttpConnector, matcher: Option<Matcher>) -> Self {
        Self {
            direct,
            matcher: matcher.map(std::sync::Arc::new),
        }
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

pub(super) fn is_loopback(uri: &http::Uri) -> bool {
    genesys_cloud_core::is_loopback_host(uri.host().unwrap_or_default())
}

impl Service<http::Uri> for ProxyConnector {
    type Response = TokioIo<TcpStream>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.direct.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, destination: http::Uri) -> Self::Future {
        let intercept = self
            .matcher
            .as_ref()
            .filter(|_| !is_loopback(&destination))
            .and_then(|matcher| matcher.intercept(&destination));
        match intercept {
            Some(intercept) => {
                let mut tunnel = Tunnel::new(intercept.uri().clone(), self.direct.clone());
                if let Some(auth) = intercept.basic_auth() {
                    tunnel = tunnel.with_auth(auth.clone());
                }
                Box::pin(async move { tunnel.call(destination).await.map_err(Into::into) })
            }
            None => {
                let mut direct = self.direct.clone();
                Box::pin(async move { direct.call(destination).await.map_err(Into::into) })
            }
        }
    }
}
