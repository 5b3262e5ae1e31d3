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

use crate::error::Error;

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
    /// Checks every proxy URL these settings name and makes the matcher that routes requests.
    ///
    /// A URL that does not parse is an error naming where it came from (never its password): dropping it would
    /// send requests directly, past the proxy the user asked for. An `https://` proxy is refused: the tunnel is
    /// opened over plain TCP, so its `Proxy-Authorization` would travel in cleartext to a proxy that was given as
    /// TLS. SOCKS proxies are refused too. Like curl, an environment with `REQUEST_METHOD` set (a CGI script)
    /// ignores the proxy variables, which a client's request could otherwise set.
    pub(crate) fn resolve(&self) -> Result<Proxies, Error> {
        self.resolve_with(|name| std::env::var(name).ok())
    }

    /// [`resolve`](Self::resolve) with the environment read through `env`.
    fn resolve_with(&self, env: impl Fn(&str) -> Option<String>) -> Result<Proxies, Error> {
        let first_env = |names: &[&'static str]| -> (&'static str, String) {
            names
                .iter()
                .find_map(|name| env(name).map(|value| (*name, value)))
                .unwrap_or((names[0], String::new()))
        };
        let matcher = match self {
            Self::Disabled => None,
            Self::Explicit { url, no_proxy } => {
                check_proxy_url("the explicit proxy URL (ProxySettings::Explicit)", url)?;
                Some(
                    Matcher::builder()
                        .all(url.clone())
                        .no(no_proxy.clone())
                        .build(),
                )
            }
            Self::FromEnvironment if env("REQUEST_METHOD").is_some() => None,
            Self::FromEnvironment => {
                let all = first_env(&["ALL_PROXY", "all_proxy"]);
                let http = first_env(&["HTTP_PROXY", "http_proxy"]);
                let https = first_env(&["HTTPS_PROXY", "https_proxy"]);
                let no = first_env(&["NO_PROXY", "no_proxy"]);
                for (name, value) in [&all, &http, &https] {
                    check_proxy_url(&format!("the environment variable {name}"), value)?;
                }
                let matcher = Matcher::builder()
                    .all(all.1)
                    .http(http.1)
                    .https(https.1)
                    .no(no.1)
                    .build();
                Some(matcher)
            }
        };
        Ok(Proxies {
            matcher: matcher.map(std::sync::Arc::new),
        })
    }
}

/// Checks one proxy URL (`http://[user:password@]host[:port]`; empty means none). Errors name `source` and
/// what is wrong, never the URL itself, which may hold a password.
fn check_proxy_url(source: &str, url: &str) -> Result<(), Error> {
    let url = url.trim();
    if url.is_empty() {
        return Ok(());
    }
    let refuse = |what: &str| {
        Err(Error::config(
            crate::ConfigErrorKind::Proxy,
            format!("{source} is not a usable proxy URL: {what}"),
        ))
    };
    let Ok(uri) = url.parse::<http::Uri>() else {
        return refuse(
            "it does not parse as http://[user:password@]host:port (percent-encode `/`, `@`, `:` and `#` in a \
             user name or password)",
        );
    };
    match uri.scheme_str() {
        None | Some("http") => {}
        Some("https") => {
            return refuse(
                "https:// proxies are not supported (the connection to the proxy would not be encrypted, and \
                 its password would travel in cleartext); use the proxy's http:// address: requests inside \
                 the tunnel stay encrypted end to end",
            );
        }
        Some(scheme) if scheme.starts_with("socks") => {
            return refuse("SOCKS proxies are not supported; use an HTTP proxy");
        }
        Some(_) => return refuse("only http:// proxies are supported"),
    }
    let Some(authority) = uri.authority() else {
        return refuse("it has no host");
    };
    let host_port = authority
        .as_str()
        .rsplit_once('@')
        .map_or(authority.as_str(), |(_, host_port)| host_port);
    if authority.host().is_empty() {
        return refuse("it has no host");
    }
    let port_ok = match host_port.rsplit_once(':') {
        // An IPv6 host without a port ends with `]`.
        Some((host, port)) if !port.contains(']') => {
            !host.is_empty() && port.parse::<u16>().is_ok_and(|port| port != 0)
        }
        _ => true,
    };
    if !port_ok {
        return refuse("its port is not a number from 1 to 65535");
    }
    if !matches!(uri.path(), "" | "/") || uri.query().is_some() {
        return refuse(
            "it has a path or query after the host (an unencoded `/` or `?` in a password? percent-encode it)",
        );
    }
    Ok(())
}

/// The proxy routing of a client, checked when it was built.
#[derive(Clone, Default)]
pub(crate) struct Proxies {
    matcher: Option<std::sync::Arc<Matcher>>,
}

impl core::fmt::Debug for Proxies {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(if self.matcher.is_some() {
            "Proxies(..)"
        } else {
            "Proxies(none)"
        })
    }
}

/// A CONNECT tunnel that could not be opened, naming the proxy (scheme, host and port; never its user info).
#[derive(Debug)]
pub(crate) struct ProxyConnectError {
    proxy: String,
    source: BoxError,
}

impl ProxyConnectError {
    /// The proxy, as `http://host:port`.
    pub(crate) fn proxy(&self) -> &str {
        &self.proxy
    }
}

impl core::fmt::Display for ProxyConnectError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("the CONNECT tunnel failed")
    }
}

impl std::error::Error for ProxyConnectError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
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
    pub(crate) fn new(direct: HttpConnector, proxies: Proxies) -> Self {
        Self {
            direct,
            matcher: proxies.matcher,
        }
    }
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A proxy's address for messages: scheme, host and port, never its user info.
fn shown_proxy(uri: &http::Uri) -> String {
    let scheme = uri.scheme_str().unwrap_or("http");
    let host = uri.host().unwrap_or_default();
    match uri.port_u16() {
        Some(port) => format!("{scheme}://{host}:{port}"),
        None => format!("{scheme}://{host}"),
    }
}

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
                let proxy = shown_proxy(intercept.uri());
                let mut tunnel = Tunnel::new(intercept.uri().clone(), self.direct.clone());
                if let Some(auth) = intercept.basic_auth() {
                    tunnel = tunnel.with_auth(auth.clone());
                }
                let destination = with_default_port(destination);
                Box::pin(async move {
                    tunnel.call(destination).await.map_err(|error| {
                        Box::new(ProxyConnectError {
                            proxy,
                            source: error.into(),
                        }) as BoxError
                    })
                })
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
        ProxyConnector::new(HttpConnector::new(), settings.resolve().unwrap())
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

    fn from_env(vars: &[(&str, &str)]) -> Result<Proxies, Error> {
        ProxySettings::FromEnvironment.resolve_with(|name| {
            vars.iter()
                .find(|(var, _)| *var == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    #[test]
    fn an_https_or_unparsable_proxy_variable_is_an_error_naming_the_variable() {
        for (var, value) in [
            ("HTTPS_PROXY", "https://user:s3cret@proxy.corp:3128"),
            ("https_proxy", "https://proxy.corp:3128"),
            ("HTTP_PROXY", "http://user:pa/ss@127.0.0.1:3128"),
            ("ALL_PROXY", "socks5://127.0.0.1:1080"),
        ] {
            let error = from_env(&[(var, value)]).unwrap_err().to_string();
            assert!(
                error.contains(&format!("environment variable {var}")),
                "{error}"
            );
            assert!(
                !error.contains("s3cret") && !error.contains("pa/ss"),
                "{error}"
            );
        }
        // Usable values, and none at all, are fine; so is anything in a CGI script, where they are ignored.
        assert!(from_env(&[("HTTPS_PROXY", "http://user:pa%2Fss@proxy.corp:3128")]).is_ok());
        assert!(from_env(&[("HTTPS_PROXY", "proxy.corp:3128")]).is_ok());
        assert!(from_env(&[("HTTPS_PROXY", "")]).is_ok());
        assert!(from_env(&[]).unwrap().matcher.is_some());
        let cgi = from_env(&[("REQUEST_METHOD", "GET"), ("HTTPS_PROXY", "https://x:1")]).unwrap();
        assert!(cgi.matcher.is_none());
    }

    #[test]
    fn disabled_proxies_route_nothing() {
        let direct = ProxyConnector::new(
            HttpConnector::new(),
            ProxySettings::Disabled.resolve().unwrap(),
        );
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
