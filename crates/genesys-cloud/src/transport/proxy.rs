//! Proxy support: `HTTPS_PROXY`/`NO_PROXY` from the environment or explicit settings, through HTTP CONNECT.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::connect::proxy::Tunnel;
use hyper_util::client::proxy::matcher::{Intercept, Matcher};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;
use tower_service::Service;

/// Where proxies come from.
#[derive(Clone, Default)]
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

impl core::fmt::Debug for ProxySettings {
    /// Shows the proxy's scheme, host and port, never its user info (`user:password@`).
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::FromEnvironment => f.write_str("FromEnvironment"),
            Self::Explicit { url, no_proxy } => {
                let shown = url
                    .parse::<http::Uri>()
                    .ok()
                    .and_then(|uri| Some(format!("{}://{}", uri.scheme_str()?, uri.host()?)))
                    .map(|base| {
                        match url.parse::<http::Uri>().ok().and_then(|uri| uri.port_u16()) {
                            Some(port) => format!("{base}:{port}"),
                            None => base,
                        }
                    })
                    .unwrap_or_else(|| "[unparsable proxy URL]".to_owned());
                f.debug_struct("Explicit")
                    .field("url", &shown)
                    .field("no_proxy", no_proxy)
                    .finish()
            }
            Self::Disabled => f.write_str("Disabled"),
        }
    }
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

impl ProxyConnector {
    /// The proxy to tunnel through for `destination`, or `None` to connect directly.
    fn route(&self, destination: &http::Uri) -> Option<Intercept> {
        self.matcher
            .as_ref()
            .filter(|_| !is_loopback(destination))
            .and_then(|matcher| matcher.intercept(destination))
    }
}

/// The destination with its port written out: the tunnel asks the proxy for port 443 when none is given, which
/// is wrong for plain http.
fn with_default_port(destination: http::Uri) -> http::Uri {
    if destination.port().is_some() || destination.scheme() != Some(&http::uri::Scheme::HTTP) {
        return destination;
    }
    let host = destination.host().unwrap_or_default();
    let mut parts = destination.clone().into_parts();
    match format!("{host}:80").parse() {
        Ok(authority) => {
            parts.authority = Some(authority);
            http::Uri::from_parts(parts).unwrap_or(destination)
        }
        Err(_) => destination,
    }
}

impl Service<http::Uri> for ProxyConnector {
    type Response = TokioIo<TcpStream>;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.direct.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, destination: http::Uri) -> Self::Future {
        match self.route(&destination) {
            Some(intercept) => {
                let mut tunnel = Tunnel::new(intercept.uri().clone(), self.direct.clone());
                if let Some(auth) = intercept.basic_auth() {
                    tunnel = tunnel.with_auth(auth.clone());
                }
                let destination = with_default_port(destination);
                Box::pin(async move { tunnel.call(destination).await.map_err(Into::into) })
            }
            None => {
                let mut direct = self.direct.clone();
                Box::pin(async move { direct.call(destination).await.map_err(Into::into) })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn connector(no_proxy: &str) -> ProxyConnector {
        let settings = ProxySettings::Explicit {
            url: "http://user:pass@proxy.corp.example:3128".to_owned(),
            no_proxy: no_proxy.to_owned(),
        };
        ProxyConnector::new(HttpConnector::new(), settings.matcher())
    }

    fn route(connector: &ProxyConnector, uri: &str) -> Option<String> {
        connector
            .route(&uri.parse().unwrap())
            .map(|intercept| intercept.uri().to_string())
    }

    #[test]
    fn explicit_proxies_route_everything_but_no_proxy_hosts_and_loopback() {
        let connector = connector("internal.example, .corp.example");
        assert_eq!(
            route(&connector, "https://api.mypurecloud.com/").as_deref(),
            Some("http://proxy.corp.example:3128/")
        );
        assert!(
            connector
                .route(&"https://api.mypurecloud.com/".parse().unwrap())
                .unwrap()
                .basic_auth()
                .is_some()
        );
        assert_eq!(route(&connector, "https://internal.example/"), None);
        assert_eq!(route(&connector, "https://gw.corp.example/"), None);
        assert_eq!(route(&connector, "http://127.0.0.1:8080/"), None);
        assert_eq!(route(&connector, "http://localhost/"), None);
        assert_eq!(route(&connector, "http://[::1]:9/"), None);
    }

    #[test]
    fn debug_hides_the_proxy_password() {
        let settings = ProxySettings::Explicit {
            url: "http://user:pa55w0rd@proxy.corp.example:3128".to_owned(),
            no_proxy: String::new(),
        };
        let debug = format!("{settings:?}");
        assert!(
            !debug.contains("pa55w0rd") && !debug.contains("user"),
            "{debug}"
        );
        assert!(debug.contains("proxy.corp.example:3128"), "{debug}");
    }

    #[test]
    fn disabled_proxies_route_nothing() {
        let direct = ProxyConnector::new(HttpConnector::new(), ProxySettings::Disabled.matcher());
        assert_eq!(route(&direct, "https://api.mypurecloud.com/"), None);
    }

    #[test]
    fn plain_http_destinations_get_port_80() {
        assert_eq!(
            with_default_port("http://a.example/x".parse().unwrap()),
            "http://a.example:80/x"
        );
        assert_eq!(
            with_default_port("https://a.example/".parse().unwrap()),
            "https://a.example/"
        );
        assert_eq!(
            with_default_port("http://a.example:81/".parse().unwrap()),
            "http://a.example:81/"
        );
    }
}
