//! [`ClientBuilder`]: every setting of the client, with safe defaults.

use core::future::Future;
use std::time::Duration;

use bytes::Bytes;
use genesys_cloud_core::retry::RetryConfig;
use genesys_cloud_core::{Environment, Region, USER_AGENT_VALUE};
use genesys_cloud_models::{AccessToken, ClientSecret};
use http::HeaderValue;
use rustls::pki_types::CertificateDer;

use crate::ConfigErrorKind;
use crate::client::{Client, Inner};
use crate::credentials::Credentials;
use crate::error::{Error, TransportError};
use crate::token_cache::{TokenCache, TokenHook, TokenInfo};
use crate::transport::{
    FnTransport, HttpTransport, HyperSettings, HyperTransport, ProxySettings, TlsSettings,
    Transport,
};

/// Where the builder takes the environment from.
#[derive(Clone, Debug)]
enum Target {
    Environment(Environment),
    BaseUrl(String),
}

/// Configures and builds a [`Client`].
///
/// Defaults: region `us_east_1`; connect timeout 10 s; attempt timeout 30 s; total timeout 120 s (retries and
/// waits included); response bodies up to 32 MiB; retries on (3 attempts, see [`RetryConfig::default`]); HTTPS
/// only, except plain HTTP to loopback hosts; proxies from `HTTPS_PROXY`/`NO_PROXY`; tokens renewed up to 60 s
/// before they expire.
#[derive(Debug)]
#[must_use = "a builder does nothing until `build` is called"]
pub struct ClientBuilder {
    target: Target,
    credentials: Option<Credentials>,
    connect_timeout: Duration,
    attempt_timeout: Duration,
    total_timeout: Duration,
    body_limit: usize,
    retry: RetryConfig,
    user_agent_suffix: Option<String>,
    allow_http: bool,
    proxy: ProxySettings,
    tls: TlsSettings,
    renew_before: Duration,
    log_bodies: bool,
    transport: Option<Box<dyn HttpTransport>>,
    on_token: Option<OnToken>,
    start_from: Option<TokenInfo>,
}

/// The token hook, shown in `Debug` by its presence only.
struct OnToken(TokenHook);

impl core::fmt::Debug for OnToken {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("OnToken(..)")
    }
}

impl core::fmt::Debug for dyn HttpTransport {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("HttpTransport")
    }
}

impl Default for ClientBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl ClientBuilder {
    /// A builder with the defaults above and no credentials.
    pub fn new() -> Self {
        Self {
            target: Target::Environment(Environment::default()),
            credentials: None,
            connect_timeout: Duration::from_secs(10),
            attempt_timeout: Duration::from_secs(30),
            total_timeout: Duration::from_secs(120),
            body_limit: 32 * 1024 * 1024,
            retry: RetryConfig::default(),
            user_agent_suffix: None,
            allow_http: false,
            proxy: ProxySettings::default(),
            tls: TlsSettings::default(),
            renew_before: Duration::from_secs(60),
            log_bodies: false,
            transport: None,
            on_token: None,
            start_from: None,
        }
    }

    /// Sends requests to a region's hosts.
    pub fn region(mut self, region: Region) -> Self {
        self.target = Target::Environment(Environment::region(region));
        self
    }

    /// Sends requests to an environment (custom hosts, a gateway).
    pub fn environment(mut self, environment: Environment) -> Self {
        self.target = Target::Environment(environment);
        self
    }

    /// Sends requests to an API base URL such as `https://api.mypurecloud.ie` or `http://127.0.0.1:8080`; the login
    /// host is derived from it. Checked by [`build`](Self::build): the URL has no path (not
    /// `https://api.mypurecloud.ie/api/v2`); a gateway with a path prefix is set with
    /// [`environment`](Self::environment) and [`Environment::gateway`].
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.target = Target::BaseUrl(url.into());
        self
    }

    /// Authenticates with these credentials.
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// Authenticates with the client credentials grant.
    pub fn client_credentials(
        self,
        client_id: impl Into<String>,
        client_secret: impl Into<ClientSecret>,
    ) -> Self {
        self.credentials(Credentials::client_credentials(client_id, client_secret))
    }

    /// Authenticates with a ready-made access token, which cannot be renewed.
    pub fn access_token(self, token: impl Into<AccessToken>) -> Self {
        self.credentials(Credentials::access_token(token))
    }

    /// Bounds opening the TCP connection. The TLS handshake and a proxy's CONNECT count against the attempt
    /// timeout.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Bounds one attempt: sending the request and reading the whole response.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// Bounds a whole call: token, every attempt and every wait between attempts.
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = timeout;
        self
    }

    /// The largest response body accepted, in bytes; a larger one fails without being read whole.
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        self.body_limit = bytes;
        self
    }

    /// Sets the retry policy.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = retry;
        self
    }

    /// Turns retries off: every call makes one attempt (plus one after a 401 with renewable credentials).
    pub fn no_retries(self) -> Self {
        self.retry(RetryConfig::disabled())
    }

    /// Appends `suffix` to the User-Agent, e.g. your application's name and version.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Allows plain HTTP to any host. Without it, plain HTTP is only allowed to loopback hosts: a token must never
    /// cross a network unencrypted by accident.
    pub fn allow_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// Sets where proxies come from (the environment by default).
    pub fn proxy(mut self, proxy: ProxySettings) -> Self {
        self.proxy = proxy;
        self
    }

    /// Trusts one more root certificate (DER), e.g. of a TLS-inspecting corporate proxy. Certificate
    /// verification itself cannot be switched off.
    pub fn add_root_certificate(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.tls.extra_roots.push(CertificateDer::from(der.into()));
        self
    }

    /// Trusts the root certificates of a PEM file's text (one or more `-----BEGIN CERTIFICATE-----` blocks), as
    /// [`add_root_certificate`](Self::add_root_certificate) does for one DER certificate; other PEM blocks are
    /// skipped. [`build`](Self::build) fails with a configuration error when the text holds no certificate or a
    /// broken one.
    ///
    /// Extra roots are added to the system's (or the compiled-in) roots, which are only loaded when a server's
    /// certificate does not chain to an extra root: a client that talks only to a private CA's servers never
    /// reads the system's store.
    pub fn add_root_certificates_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.tls.extra_roots_pem.push(pem.into());
        self
    }

    /// How long before expiry a token is renewed (at most a tenth of its lifetime); 60 s by default.
    pub fn renew_token_before(mut self, margin: Duration) -> Self {
        self.renew_before = margin;
        self
    }

    /// Logs request and response bodies at TRACE level, with secret fields (secrets, tokens, codes) redacted.
    /// Token requests and responses are never logged. Off by default: bodies can hold personal data.
    pub fn log_bodies(mut self, enabled: bool) -> Self {
        self.log_bodies = enabled;
        self
    }

    /// Calls `hook` with each new token the client fetches (not with a token given ready-made), e.g. to persist
    /// the refresh token of a code-grant login so that the app survives a restart. Called once per fetch, by the
    /// task that fetched it; keep it short.
    pub fn on_token(mut self, hook: impl Fn(&TokenInfo) + Send + Sync + 'static) -> Self {
        self.on_token = Some(OnToken(std::sync::Arc::new(hook)));
        self
    }

    /// Starts from a token kept from an earlier run (a token cache on disk, filled by [`on_token`](Self::on_token)),
    /// so that a short-lived program does not fetch a token each time it starts. Its access token is used until
    /// shortly before `expires_at` (an expired one, or one without an expiry, is not used at all) and its refresh
    /// token, if any, renews code and refresh-token logins. The credentials still renew when it expires or the API
    /// rejects it. Ignored for a ready-made [`Credentials::AccessToken`].
    pub fn start_from(mut self, token: TokenInfo) -> Self {
        self.start_from = Some(token);
        self
    }

    /// Sends through another HTTP stack instead of the built-in hyper client.
    pub fn transport(mut self, transport: impl HttpTransport) -> Self {
        self.transport = Some(Box::new(transport));
        self
    }

    /// Sends through a closure, e.g. a test double that answers from memory.
    pub fn transport_fn<F, Fut>(self, send: F) -> Self
    where
        F: Fn(http::Request<Bytes>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<http::Response<Bytes>, TransportError>> + Send + 'static,
    {
        self.transport(FnTransport(send))
    }

    /// Checks the settings and builds the client. No request is made until the first call.
    pub fn build(self) -> Result<Client, Error> {
        let environment = match self.target {
            Target::Environment(environment) => environment,
            Target::BaseUrl(url) => if self.allow_http {
                Environment::from_api_url_allowing_http(&url)
            } else {
                Environment::from_api_url(&url)
            }
            .map_err(|error| {
                Error::config(ConfigErrorKind::InvalidEnvironment, error.to_string())
            })?,
        };
        if !self.allow_http {
            for base in [environment.api(), environment.login()] {
                if !base.is_https() && !base.is_loopback() {
                    return Err(Error::config(
                        ConfigErrorKind::InvalidEnvironment,
                        format!(
                            "{base} uses plain http to a host that is not loopback; use https or allow_http(true)"
                        ),
                    ));
                }
            }
        }
        let credentials = self.credentials.ok_or_else(|| {
            Error::config(
                ConfigErrorKind::NoCredentials,
                "no credentials: call client_credentials(..), access_token(..) or credentials(..)",
            )
        })?;
        if let Some(empty) = credentials.empty_field() {
            return Err(Error::config(
                ConfigErrorKind::InvalidCredentials,
                format!(
                    "the {empty} is empty: check where it comes from (an unset variable, an empty file)"
                ),
            ));
        }
        let user_agent = match self.user_agent_suffix {
            Some(suffix) => Some(
                HeaderValue::try_from(format!("{USER_AGENT_VALUE} {suffix}")).map_err(|_| {
                    Error::config(
                        ConfigErrorKind::UserAgent,
                        "the User-Agent suffix holds characters not allowed in a header",
                    )
                })?,
            ),
            None => None,
        };
        let transport = match self.transport {
            Some(transport) => Transport::Custom(transport),
            None => Transport::Hyper(HyperTransport::new(&HyperSettings {
                connect_timeout: self.connect_timeout,
                body_limit: self.body_limit,
                allow_http: self.allow_http,
                proxy: self.proxy.resolve()?,
                tls: self.tls,
                pool_idle_timeout: Duration::from_secs(90),
            })?),
        };
        Ok(Client::from_inner(Inner {
            environment,
            transport,
            tokens: TokenCache::new(
                credentials,
                self.renew_before,
                self.on_token.map(|hook| hook.0),
                self.start_from,
            )?,
            retry: self.retry,
            attempt_timeout: self.attempt_timeout,
            total_timeout: self.total_timeout,
            user_agent,
            log_bodies: self.log_bodies,
        }))
    }
}
