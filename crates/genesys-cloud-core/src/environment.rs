//! Where requests go: [`BaseUrl`], and the API and login URLs of an [`Environment`].

use core::fmt;
use std::net::IpAddr;

use bytes::Bytes;
use http::uri::{Authority, PathAndQuery, Scheme};

use crate::error::BuildError;
use crate::region::Region;

/// A validated base URL: scheme, host and port, and an optional path prefix (for gateways).
///
/// HTTPS is required, except for loopback hosts (`localhost`, `127.0.0.0/8`, `::1`) where plain HTTP serves
/// local tests and emulators. [`parse_allowing_http`](Self::parse_allowing_http) lifts that rule explicitly.
/// User info (`user:pass@`), queries and fragments are refused: credentials never travel in a URL.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct BaseUrl {
    scheme: Scheme,
    authority: Authority,
    prefix: String,
}

impl BaseUrl {
    /// Parses `https://host[:port][/prefix]`, or `http://` to a loopback host.
    pub fn parse(url: &str) -> Result<Self, BuildError> {
        let parsed = Self::parse_allowing_http(url)?;
        if parsed.scheme == Scheme::HTTP && !parsed.is_loopback() {
            return Err(invalid(format!(
                "`{parsed}` uses plain http to a host that is not loopback; use https, or allow http explicitly"
            )));
        }
        Ok(parsed)
    }

    /// Parses `http(s)://host[:port][/prefix]`, allowing plain HTTP to any host.
    pub fn parse_allowing_http(url: &str) -> Result<Self, BuildError> {
        // Errors quote the URL only as far as it cannot hold a secret (no user info, query or fragment).
        let url_shown = shown(url);
        let url = url.trim();
        let uri: http::Uri = url
            .parse()
            .map_err(|_| invalid(format!("{url_shown} is not a URL")))?;
        let scheme = uri
            .scheme()
            .cloned()
            .ok_or_else(|| invalid(format!("{url_shown} has no scheme; start it with https://")))?;
        if scheme != Scheme::HTTPS && scheme != Scheme::HTTP {
            return Err(invalid(format!(
                "{url_shown}: only https and http are supported"
            )));
        }
        let authority = uri
            .authority()
            .cloned()
            .ok_or_else(|| invalid(format!("{url_shown} has no host")))?;
        if authority.as_str().contains('@') {
            return Err(invalid(
                "a base URL may not contain user info (user:password@)".to_owned(),
            ));
        }
        if authority.host().is_empty() {
            return Err(invalid(format!("{url_shown} has no host")));
        }
        // `http` is lenient: it keeps any run of digits as the port, and takes `api.exa[::1]mple.com` as the host
        // `api.exa[`. Only `host[:port]` with a port in 1..=65535 is a base URL: anything else would fail at
        // connect time at best, and the derived login URL (which reads the port as a number) would differ.
        let after_host = authority.as_str().strip_prefix(authority.host());
        let valid_port = |port: &str| port.parse::<u16>().is_ok_and(|port| port != 0);
        if !after_host
            .is_some_and(|rest| rest.is_empty() || rest.strip_prefix(':').is_some_and(valid_port))
        {
            return Err(invalid(format!(
                "{url_shown}: expected a host and an optional port from 1 to 65535"
            )));
        }
        if uri.query().is_some() || url.contains('#') {
            return Err(invalid(format!(
                "{url_shown}: a base URL may not have a query or fragment"
            )));
        }
        let prefix = uri.path().trim_end_matches('/').to_owned();
        // Host names are case-insensitive; lower case makes the `api.` to `login.` derivation and comparisons exact.
        let authority = authority
            .as_str()
            .to_ascii_lowercase()
            .parse()
            .map_err(|_| invalid(format!("{url_shown} has no valid host")))?;
        Ok(Self {
            scheme,
            authority,
            prefix,
        })
    }

    /// `https` or `http`.
    pub fn scheme(&self) -> &str {
        self.scheme.as_str()
    }

    /// Host and port, as written.
    pub fn authority(&self) -> &str {
        self.authority.as_str()
    }

    /// The host, without brackets for IPv6.
    pub fn host(&self) -> &str {
        let host = self.authority.host();
        host.strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(host)
    }

    /// The path prefix put before every API path, such as `/gateway/api`; empty when there is none.
    pub fn path_prefix(&self) -> &str {
        &self.prefix
    }

    /// Whether the host is loopback: `localhost`, `127.0.0.0/8` or `::1`.
    pub fn is_loopback(&self) -> bool {
        is_loopback_host(self.host())
    }

    /// Whether requests to this URL are encrypted.
    pub fn is_https(&self) -> bool {
        self.scheme == Scheme::HTTPS
    }

    /// The full URI of `path_and_query` (which starts with `/`) under this base.
    pub(crate) fn join(&self, path_and_query: &str) -> Result<http::Uri, BuildError> {
        self.join_owned(path_and_query.to_owned())
    }

    /// Like [`join`](Self::join), taking the path's buffer.
    ///
    /// The URI is assembled from its parts rather than parsed from text: the scheme and authority were validated
    /// when this base was parsed, so only the path is checked here. This is on every request's path, and skipping
    /// the reparse (and a copy) of the scheme and host roughly halves the cost of building a request.
    pub(crate) fn join_owned(&self, path_and_query: String) -> Result<http::Uri, BuildError> {
        if !path_and_query.starts_with('/') {
            return Err(invalid(format!(
                "the request path `{path_and_query}` does not start with `/`"
            )));
        }
        let full = if self.prefix.is_empty() {
            path_and_query
        } else {
            let mut full = String::with_capacity(self.prefix.len() + path_and_query.len());
            full.push_str(&self.prefix);
            full.push_str(&path_and_query);
            full
        };
        // An exact-size buffer becomes `Bytes` without allocating again.
        let path =
            PathAndQuery::from_maybe_shared(Bytes::from(full.into_boxed_str().into_boxed_bytes()))
                .map_err(|error| invalid(format!("the request URI is invalid: {error}")))?;
        let mut parts = http::uri::Parts::default();
        parts.scheme = Some(self.scheme.clone());
        parts.authority = Some(self.authority.clone());
        parts.path_and_query = Some(path);
        http::Uri::from_parts(parts)
            .map_err(|error| invalid(format!("the request URI is invalid: {error}")))
    }

    /// This base with its host's leading `api.` replaced by `login.`, or itself when there is none.
    fn derived_login(&self) -> Self {
        let host = self.authority.host();
        let Some(rest) = host.strip_prefix("api.") else {
            return self.clone();
        };
        let port = self
            .authority
            .port_u16()
            .map(|port| format!(":{port}"))
            .unwrap_or_default();
        match format!("login.{rest}{port}").parse::<Authority>() {
            Ok(authority) => Self {
                scheme: self.scheme.clone(),
                authority,
                prefix: self.prefix.clone(),
            },
            Err(_) => self.clone(),
        }
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}{}", self.scheme, self.authority, self.prefix)
    }
}

impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BaseUrl({self})")
    }
}

/// Whether a host (as in a URI, IPv6 with or without brackets) is loopback: `localhost`, `127.0.0.0/8` or `::1`.
pub fn is_loopback_host(host: &str) -> bool {
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// How an error message may quote a URL: whole when it cannot hold a secret, else only its scheme and host.
fn shown(url: &str) -> String {
    let url = url.trim();
    let risky =
        url.contains(['@', '?', '#']) || url.chars().any(char::is_whitespace) || url.len() > 200;
    if !risky {
        return format!("`{url}`");
    }
    match url.parse::<http::Uri>() {
        Ok(uri) => match (uri.scheme_str(), uri.host()) {
            (Some(scheme), Some(host)) if !host.contains('@') => {
                format!("the URL `{scheme}://{host}/...`")
            }
            _ => "the URL given".to_owned(),
        },
        Err(_) => "the URL given".to_owned(),
    }
}

fn invalid(reason: String) -> BuildError {
    BuildError::InvalidUrl { reason }
}

/// The two origins the API lives on: the API (`/api/v2/...`) and the login host (`/oauth/token`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Environment {
    api: BaseUrl,
    login: BaseUrl,
}

impl Environment {
    /// The API and login hosts of a region.
    pub fn region(region: Region) -> Self {
        let domain = region.domain();
        let api = BaseUrl {
            scheme: Scheme::HTTPS,
            authority: format!("api.{domain}")
                .parse()
                .unwrap_or_else(|_| Authority::from_static("api.mypurecloud.com")),
            prefix: String::new(),
        };
        let login = api.derived_login();
        Self { api, login }
    }

    /// An environment from its API base URL; the login URL is derived by replacing a leading `api.` of the host
    /// with `login.`, or else is the same origin (emulators, gateways without a login prefix).
    ///
    /// The URL is an origin, `scheme://host[:port]`, with no path: operations add `/api/v2/...` themselves, so
    /// `https://api.mypurecloud.ie/api/v2` is refused (it would send to `/api/v2/api/v2/...`). A gateway with a
    /// path prefix is configured with [`gateway`](Self::gateway).
    pub fn from_api_url(api_url: &str) -> Result<Self, BuildError> {
        Self::from_api_origin(BaseUrl::parse(api_url)?)
    }

    /// Like [`from_api_url`](Self::from_api_url), allowing plain HTTP to any host.
    pub fn from_api_url_allowing_http(api_url: &str) -> Result<Self, BuildError> {
        Self::from_api_origin(BaseUrl::parse_allowing_http(api_url)?)
    }

    /// An environment from an API base that must have no path prefix.
    fn from_api_origin(api: BaseUrl) -> Result<Self, BuildError> {
        if !api.prefix.is_empty() {
            let origin = format!("{}://{}", api.scheme, api.authority);
            return Err(invalid(format!(
                "an API base URL has no path: write `{origin}` instead of `{origin}{}` (operations add \
                 /api/v2/... themselves); a gateway with a path prefix is set with Environment::gateway",
                api.prefix
            )));
        }
        Ok(Self::from_api_base(api))
    }

    /// An environment from its API base; the login base is derived as in [`from_api_url`](Self::from_api_url).
    /// A path prefix of `api`, unlike in `from_api_url`, is kept and used for both bases.
    pub fn from_api_base(api: BaseUrl) -> Self {
        let login = api.derived_login();
        Self { api, login }
    }

    /// An environment with explicit API and login bases.
    pub fn new(api: BaseUrl, login: BaseUrl) -> Self {
        Self { api, login }
    }

    /// An environment as the `gc` CLI and the official SDKs name one: a region id (`eu_west_1`, `eu-west-1`), a
    /// domain (`mypurecloud.ie`, also `api.mypurecloud.ie`), or a full API base URL.
    pub fn parse(name: &str) -> Result<Self, BuildError> {
        let name = name.trim();
        let lowered = name.to_ascii_lowercase();
        let name = if name.contains("://") {
            name
        } else {
            lowered.as_str()
        };
        if name.contains("://") {
            return Self::from_api_url(name);
        }
        if let Ok(region) = name.parse::<Region>() {
            return Ok(Self::region(region));
        }
        if name.contains('.') {
            let domain = name.strip_prefix("api.").unwrap_or(name);
            return Self::from_api_url(&format!("https://api.{domain}"));
        }
        Err(invalid(format!(
            "{} is neither a region id (such as us_east_1), a domain (such as mypurecloud.com) nor a URL",
            shown(name)
        )))
    }

    /// Sends requests through a gateway, as the official SDKs' gateway settings do: API calls to
    /// `gateway + api_prefix + /api/v2/...` and token calls to `gateway + login_prefix + /oauth/token`.
    pub fn gateway(gateway: &BaseUrl, api_prefix: &str, login_prefix: &str) -> Self {
        let with_prefix = |extra: &str| {
            let extra = extra.trim_matches('/');
            let mut base = gateway.clone();
            if !extra.is_empty() {
                base.prefix = format!("{}/{extra}", gateway.prefix);
            }
            base
        };
        Self {
            api: with_prefix(api_prefix),
            login: with_prefix(login_prefix),
        }
    }

    /// The API base URL.
    pub fn api(&self) -> &BaseUrl {
        &self.api
    }

    /// The login base URL, where `/oauth/token` and `/oauth/authorize` live.
    pub fn login(&self) -> &BaseUrl {
        &self.login
    }
}

impl Default for Environment {
    /// The default region, `us_east_1` (`https://api.mypurecloud.com`).
    fn default() -> Self {
        Self::region(Region::default())
    }
}

impl From<Region> for Environment {
    fn from(region: Region) -> Self {
        Self::region(region)
    }
}
