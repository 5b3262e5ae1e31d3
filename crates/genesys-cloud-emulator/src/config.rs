//! [`EmulatorConfig`]: how an emulator is started.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::time::Duration;

use genesys_cloud_models::ClientSecret;

use crate::catalogue::{
    DEFAULT_ADMIN_CLIENT_ID, DEFAULT_ADMIN_CLIENT_SECRET, DEMO_USER_NAME, DEMO_USER_PASSWORD,
};
use crate::tls::TlsFiles;
use crate::users::{MAX_USERS, Password, User, Users, name_problem};
use crate::{EmulatorError, FaultSpec};

/// How an [`Emulator`](crate::Emulator) is started, built in the builder style from [`Default`].
///
/// ```
/// use std::time::Duration;
/// use genesys_cloud_emulator::{EmulatorConfig, FaultSpec};
///
/// let config = EmulatorConfig::default()
///     .admin_credentials("my-admin", "my-admin-secret")
///     .seed_clients(25)
///     .page_size(Some(10))
///     .faults(FaultSpec::parse("429=0.05:retry-after=2,slow=0.01:ms=100")?)
///     .fault_seed(7)
///     .usage_delay(Duration::from_millis(50));
/// # let _ = config;
/// # Ok::<(), genesys_cloud_emulator::FaultSpecError>(())
/// ```
///
/// The `Debug` output never shows the admin secret.
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    pub(crate) listen: SocketAddr,
    pub(crate) admin_client_id: String,
    pub(crate) admin_client_secret: ClientSecret,
    pub(crate) seed_clients: usize,
    pub(crate) page_size: Option<u32>,
    pub(crate) faults: FaultSpec,
    pub(crate) fault_seed: u64,
    pub(crate) usage_delay: Duration,
    /// `None`: the default of the mode, [`DEMO_VISIBILITY_DELAY`] with demo data, zero otherwise.
    pub(crate) visibility_delay: Option<Duration>,
    pub(crate) token_lifetime: Duration,
    pub(crate) state_file: Option<PathBuf>,
    pub(crate) demo_data: bool,
    pub(crate) usage_live: bool,
    pub(crate) paging_parameters: bool,
    pub(crate) known_scopes_only: bool,
    pub(crate) rate_limit_per_minute: Option<u32>,
    pub(crate) rate_limit_window: Duration,
    /// The users of the login page, in the order given.
    pub(crate) users: Vec<User>,
    /// Names of divisions besides Home.
    pub(crate) divisions: Vec<String>,
    /// HTTPS instead of plain HTTP: see [`EmulatorConfig::tls_pem_files`].
    pub(crate) tls: Option<TlsFiles>,
}

/// The visibility delay of [`EmulatorConfig::demo_data`] unless one is set: long enough that code which reads a
/// client right after creating it meets the 404 the platform can answer for a moment, short enough for a demo.
pub const DEMO_VISIBILITY_DELAY: Duration = Duration::from_millis(1500);

/// The platform's documented rate limit of a client-credentials token, per minute
/// (`client.credentials.token.rate.per.minute`), the value [`EmulatorConfig::rate_limit_per_minute`] is meant for.
pub const PLATFORM_RATE_LIMIT_PER_MINUTE: u32 = 300;

impl Default for EmulatorConfig {
    /// `127.0.0.1:0`, the default admin credentials (`emulator-admin` / `emulator-admin-secret`), no extra
    /// clients, one-page listings without paging parameters, no faults (seed 0), usage results after 200 ms
    /// counting complete UTC days only, no visibility delay (1.5 s with demo data), no rate limit, tokens valid
    /// for 24 hours, no state file, no demo data.
    fn default() -> Self {
        Self {
            listen: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            admin_client_id: DEFAULT_ADMIN_CLIENT_ID.to_owned(),
            admin_client_secret: ClientSecret::new(DEFAULT_ADMIN_CLIENT_SECRET),
            seed_clients: 0,
            page_size: None,
            faults: FaultSpec::none(),
            fault_seed: 0,
            usage_delay: Duration::from_millis(200),
            visibility_delay: None,
            token_lifetime: Duration::from_secs(24 * 60 * 60),
            state_file: None,
            demo_data: false,
            usage_live: false,
            paging_parameters: false,
            known_scopes_only: false,
            rate_limit_per_minute: None,
            rate_limit_window: Duration::from_secs(60),
            users: Vec::new(),
            divisions: Vec::new(),
            tls: None,
        }
    }
}

impl EmulatorConfig {
    /// The address to listen on; port 0 picks a free port. Default `127.0.0.1:0`.
    ///
    /// An address that is not loopback (such as `0.0.0.0`, `[::]` or a LAN address) lets other machines
    /// in, so [`Emulator::start`](crate::Emulator::start) refuses it unless the admin secret has been set
    /// with [`admin_credentials`](Self::admin_credentials) to something other than the well-known default,
    /// and logs a warning (`tracing`) that this is a test tool whose ids and secrets are not
    /// cryptographically strong.
    #[must_use]
    pub fn listen(mut self, addr: SocketAddr) -> Self {
        self.listen = addr;
        self
    }

    /// The id and secret of the admin client, which holds every OAuth permission.
    /// Default `emulator-admin` / `emulator-admin-secret`.
    #[must_use]
    pub fn admin_credentials(
        mut self,
        client_id: impl Into<String>,
        secret: impl Into<String>,
    ) -> Self {
        self.admin_client_id = client_id.into();
        self.admin_client_secret = ClientSecret::new(secret.into());
        self
    }

    /// How many extra clients to seed, with varied names, grant types and states. Default 0, at most
    /// 100,000: creates are refused (400 `too.many.clients`) once 100,000 clients exist.
    #[must_use]
    pub fn seed_clients(mut self, count: usize) -> Self {
        self.seed_clients = count;
        self
    }

    /// The page size of `getOauthClients`; `None` (the default) returns every client in one page, as the platform
    /// does. With a page size the emulator links its pages (`nextUri` and the others, whose query carries
    /// `pageSize` and `pageNumber`, which it then honours), so that code can be tested against a server that
    /// pages. `Some(0)` is refused by [`Emulator::start`](crate::Emulator::start).
    #[must_use]
    pub fn page_size(mut self, page_size: Option<u32>) -> Self {
        self.page_size = page_size;
        self
    }

    /// The faults to inject; see [`FaultSpec`]. Default none. Can be changed later with
    /// [`Emulator::set_faults`](crate::Emulator::set_faults).
    #[must_use]
    pub fn faults(mut self, faults: FaultSpec) -> Self {
        self.faults = faults;
        self
    }

    /// The seed of the fault generator: the same seed and the same sequence of requests give the same
    /// faults. Default 0.
    #[must_use]
    pub fn fault_seed(mut self, seed: u64) -> Self {
        self.fault_seed = seed;
        self
    }

    /// How long usage queries and summaries stay `Running` before their results are `Complete`.
    /// Default 200 ms; at most a year.
    #[must_use]
    pub fn usage_delay(mut self, delay: Duration) -> Self {
        self.usage_delay = delay;
        self
    }

    /// How long a newly created client is invisible, as the platform can be for a moment right after a create:
    /// 404 to get, update, delete, secret and usage requests, absent from the list, and its credentials refused
    /// at the token endpoint. Default zero, or [`DEMO_VISIBILITY_DELAY`] with
    /// [`demo_data`](Self::demo_data); at most a year.
    #[must_use]
    pub fn visibility_delay(mut self, delay: Duration) -> Self {
        self.visibility_delay = Some(delay);
        self
    }

    /// The visibility delay in effect.
    pub(crate) fn effective_visibility_delay(&self) -> Duration {
        match (self.visibility_delay, self.demo_data) {
            (Some(delay), _) => delay,
            (None, true) => DEMO_VISIBILITY_DELAY,
            (None, false) => Duration::ZERO,
        }
    }

    /// Whether usage queries and summaries count requests up to the current second (`true`), a friendlier
    /// behaviour for tests that check the count of what they just sent, or, as the platform does, only the
    /// complete UTC days before today (`false`, the default): the platform computes usage once per UTC day and
    /// leaves the current day out (Genesys help, "API Usage view").
    #[must_use]
    pub fn usage_live(mut self, live: bool) -> Self {
        self.usage_live = live;
        self
    }

    /// Whether `getOauthClients` honours the `pageSize` and `pageNumber` query parameters, which the API spec does
    /// not define for it (default `false`: they are ignored and every client comes in one page, as on the
    /// platform). A configured [`page_size`](Self::page_size) honours them too, as its links carry them.
    #[must_use]
    pub fn paging_parameters(mut self, honour: bool) -> Self {
        self.paging_parameters = honour;
        self
    }

    /// Whether a client's scopes must be in the emulator's catalogue ([`catalogue::SCOPES`]), as the platform
    /// refuses scopes it does not know (`true`), or need only be well formed (`false`, the default): the
    /// platform's catalogue grows and is not published in full, so a catalogue check can refuse real scopes.
    ///
    /// [`catalogue::SCOPES`]: crate::catalogue::SCOPES
    #[must_use]
    pub fn known_scopes_only(mut self, strict: bool) -> Self {
        self.known_scopes_only = strict;
        self
    }

    /// At most `limit` requests per token per minute (`None`, the default: no limit). Beyond it a request answers
    /// the platform's normalized 429 with `Retry-After` (the seconds until the token's minute ends) and is not
    /// processed. The platform's limit for a client-credentials token is [`PLATFORM_RATE_LIMIT_PER_MINUTE`].
    /// `Some(0)` is refused by [`Emulator::start`](crate::Emulator::start).
    #[must_use]
    pub fn rate_limit_per_minute(mut self, limit: Option<u32>) -> Self {
        self.rate_limit_per_minute = limit;
        self
    }

    /// The length of the rate limit's window: a minute (the default) as on the platform, or shorter for tests
    /// that must not wait a minute; from one second to an hour. The limit of
    /// [`rate_limit_per_minute`](Self::rate_limit_per_minute) then applies per window.
    #[must_use]
    pub fn rate_limit_window(mut self, window: Duration) -> Self {
        self.rate_limit_window = window;
        self
    }

    /// The lifetime of issued access tokens (shortened to a client's `accessTokenValiditySeconds` when
    /// that is lower). Default 24 hours; from one second to a year.
    #[must_use]
    pub fn token_lifetime(mut self, lifetime: Duration) -> Self {
        self.token_lifetime = lifetime;
        self
    }

    /// A JSON file that holds the clients and authorizations: loaded at start when it exists, written
    /// atomically after every change. Default none (state lives in memory only).
    #[must_use]
    pub fn state_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.state_file = Some(path.into());
        self
    }

    /// Whether to seed demo data: a dozen clients of every grant type and state, and authorizations in
    /// every state. Default false. Demo data also brings a realistic visibility delay
    /// ([`DEMO_VISIBILITY_DELAY`]) unless [`visibility_delay`](Self::visibility_delay) sets one.
    #[must_use]
    pub fn demo_data(mut self, demo: bool) -> Self {
        self.demo_data = demo;
        self
    }

    /// Adds a user who can sign in on the login page (`GET /oauth/authorize`) and be named by SAML2 assertions;
    /// repeatable. A user's token acts as that user, who administers the emulated organization (every OAuth
    /// permission). The name must be non-empty, at most 100 bytes, without `:`, control characters or
    /// surrounding spaces, and given once; the password must not be empty. Neither reaches `Debug` or logs.
    /// With [`demo_data`](Self::demo_data) the demo user [`DEMO_USER_NAME`](crate::catalogue::DEMO_USER_NAME)
    /// is added too, unless a user of that name is given here.
    #[must_use]
    pub fn user(mut self, name: impl Into<String>, password: impl Into<String>) -> Self {
        self.users.push(User {
            name: name.into(),
            password: Password::new(password.into()),
        });
        self
    }

    /// Adds a division named `name` besides Home, in which roles can be granted and which the divisions
    /// operations list; repeatable. Its id is derived from the name, so it is the same at every start. Names
    /// are compared case-insensitively: one given twice, or `Home`, is refused at start.
    #[must_use]
    pub fn division(mut self, name: impl Into<String>) -> Self {
        self.divisions.push(name.into());
        self
    }

    /// Serves HTTPS (HTTP/1.1 and HTTP/2, by ALPN) instead of plain HTTP, with the certificate chain in the PEM
    /// file `cert` (the server's certificate first, then any intermediates) and its private key in the PEM file
    /// `key` (PKCS#8, PKCS#1 or SEC1). Default: plain HTTP.
    ///
    /// Both files are read by [`Emulator::start`](crate::Emulator::start), which fails with
    /// [`EmulatorError::TlsFile`] for a missing or unreadable file or one without a PEM certificate or key, and
    /// with [`EmulatorError::TlsMismatch`] for a key that does not belong to the certificate.
    /// [`Emulator::base_url`](crate::Emulator::base_url) then starts with `https://`; clients must trust the
    /// certificate's issuer (`ClientBuilder::add_root_certificate` of the `genesys-cloud` crate, `--ca-cert` of
    /// the `genesys` CLI, `curl --cacert`) and reach the emulator by a name the certificate holds.
    ///
    /// Needs the crate's `tls` feature (rustls with aws-lc-rs); without it, `start` answers
    /// [`EmulatorError::Config`].
    #[must_use]
    pub fn tls_pem_files(mut self, cert: impl Into<PathBuf>, key: impl Into<PathBuf>) -> Self {
        self.tls = Some(TlsFiles {
            cert: cert.into(),
            key: key.into(),
        });
        self
    }

    /// The users in effect: the configured ones, and the demo user with demo data.
    pub(crate) fn effective_users(&self) -> Users {
        let mut users = self.users.clone();
        if self.demo_data && !users.iter().any(|user| user.name == DEMO_USER_NAME) {
            users.push(User {
                name: DEMO_USER_NAME.to_owned(),
                password: Password::new(DEMO_USER_PASSWORD.to_owned()),
            });
        }
        Users::new(users)
    }

    /// Whether the listen address keeps other machines out (`127.0.0.0/8`, `::1`, or IPv4-mapped loopback).
    pub(crate) fn is_loopback(&self) -> bool {
        self.listen.ip().to_canonical().is_loopback()
    }

    pub(crate) fn validate(&self) -> Result<(), EmulatorError> {
        if self.page_size == Some(0) {
            return Err(EmulatorError::Config(
                "the page size must be at least 1".into(),
            ));
        }
        if self.seed_clients > crate::store::MAX_CLIENTS {
            return Err(EmulatorError::Config(format!(
                "at most {} clients can be seeded",
                crate::store::MAX_CLIENTS
            )));
        }
        if self.rate_limit_per_minute == Some(0) {
            return Err(EmulatorError::Config(
                "the rate limit must be at least one request".into(),
            ));
        }
        if self.rate_limit_window < Duration::from_secs(1)
            || self.rate_limit_window > Duration::from_secs(3600)
        {
            return Err(EmulatorError::Config(
                "the rate limit window must be from one second to an hour".into(),
            ));
        }
        if self.token_lifetime < Duration::from_secs(1) {
            return Err(EmulatorError::Config(
                "the token lifetime must be at least one second".into(),
            ));
        }
        const YEAR: Duration = Duration::from_secs(365 * 24 * 60 * 60);
        for (name, value) in [
            ("token lifetime", self.token_lifetime),
            ("usage delay", self.usage_delay),
            ("visibility delay", self.effective_visibility_delay()),
        ] {
            if value > YEAR {
                return Err(EmulatorError::Config(format!(
                    "the {name} must be at most a year"
                )));
            }
        }
        if !self.is_loopback()
            && self.admin_client_secret.expose_secret() == DEFAULT_ADMIN_CLIENT_SECRET
        {
            // Anyone who can reach the port would hold every OAuth permission with a secret printed in the
            // documentation.
            return Err(EmulatorError::Config(format!(
                "{} is not a loopback address, so other machines can reach it: set an admin secret of your \
                 own (admin_credentials, or --client-secret for `genesys emulator`) instead of the \
                 well-known default",
                self.listen
            )));
        }
        self.validate_users()?;
        self.validate_divisions()?;
        if self.admin_client_id.is_empty() || self.admin_client_secret.expose_secret().is_empty() {
            return Err(EmulatorError::Config(
                "the admin client id and secret must not be empty".into(),
            ));
        }
        Ok(())
    }

    /// Home and the configured divisions, in that order.
    pub(crate) fn effective_divisions(&self) -> Vec<crate::catalogue::Division> {
        std::iter::once(crate::catalogue::Division::home())
            .chain(
                self.divisions
                    .iter()
                    .map(|name| crate::catalogue::Division::named(name)),
            )
            .collect()
    }

    fn validate_divisions(&self) -> Result<(), EmulatorError> {
        let mut seen =
            std::collections::HashSet::from([crate::catalogue::HOME_DIVISION_NAME.to_lowercase()]);
        for name in &self.divisions {
            if name.trim().is_empty() || name.trim() != name || name.chars().any(char::is_control) {
                return Err(EmulatorError::Config(format!(
                    "the division name {name:?} must be non-empty, without surrounding spaces or control characters"
                )));
            }
            if name.len() > 200 {
                return Err(EmulatorError::Config(
                    "a division name is at most 200 bytes".to_owned(),
                ));
            }
            if !seen.insert(name.to_lowercase()) {
                return Err(EmulatorError::Config(format!(
                    "the division {name:?} is given twice (or is Home, which always exists)"
                )));
            }
        }
        if self.divisions.len() > 1_000 {
            return Err(EmulatorError::Config(
                "at most 1000 divisions can be configured".to_owned(),
            ));
        }
        Ok(())
    }

    fn validate_users(&self) -> Result<(), EmulatorError> {
        if self.users.len() > MAX_USERS {
            return Err(EmulatorError::Config(format!(
                "at most {MAX_USERS} users can be configured"
            )));
        }
        let mut seen = std::collections::HashSet::new();
        for user in &self.users {
            if let Some(problem) = name_problem(&user.name) {
                return Err(EmulatorError::Config(problem.to_owned()));
            }
            if user.password.expose_secret().is_empty() {
                return Err(EmulatorError::Config(format!(
                    "the password of user {:?} must not be empty",
                    user.name
                )));
            }
            if !seen.insert(user.name.as_str()) {
                return Err(EmulatorError::Config(format!(
                    "user {:?} is given twice",
                    user.name
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_settings_it_cannot_honour() {
        assert!(EmulatorConfig::default().validate().is_ok());
        let year_and_a_day = Duration::from_secs(366 * 24 * 60 * 60);
        for config in [
            EmulatorConfig::default().page_size(Some(0)),
            EmulatorConfig::default().token_lifetime(Duration::from_millis(999)),
            EmulatorConfig::default().token_lifetime(Duration::MAX),
            EmulatorConfig::default().usage_delay(year_and_a_day),
            EmulatorConfig::default().visibility_delay(Duration::MAX),
            EmulatorConfig::default().admin_credentials("", "x"),
            EmulatorConfig::default().seed_clients(100_001),
            EmulatorConfig::default().rate_limit_per_minute(Some(0)),
            EmulatorConfig::default().rate_limit_window(Duration::from_millis(999)),
            EmulatorConfig::default().user("", "pw"),
            EmulatorConfig::default().user("a:b", "pw"),
            EmulatorConfig::default().user("alice", ""),
            EmulatorConfig::default()
                .user("alice", "one")
                .user("alice", "two"),
        ] {
            assert!(
                matches!(config.validate(), Err(EmulatorError::Config(_))),
                "{config:?}"
            );
        }
        let debug = format!(
            "{:?}",
            EmulatorConfig::default().user("alice", "wonderland")
        );
        assert!(!debug.contains("emulator-admin-secret"), "{debug}");
        assert!(!debug.contains("wonderland"), "{debug}");
    }

    /// `--listen 0.0.0.0:PORT` with the well-known default admin secret served anyone who could reach the
    /// machine: a non-loopback address needs a secret of one's own.
    #[test]
    fn a_non_loopback_listen_address_needs_an_explicit_secret() {
        let any_v4: SocketAddr = "0.0.0.0:0".parse().unwrap();
        let any_v6: SocketAddr = "[::]:0".parse().unwrap();
        let lan: SocketAddr = "192.0.2.7:8080".parse().unwrap();
        for addr in [any_v4, any_v6, lan] {
            let error = EmulatorConfig::default()
                .listen(addr)
                .validate()
                .unwrap_err();
            let text = error.to_string();
            assert!(matches!(error, EmulatorError::Config(_)), "{text}");
            assert!(
                text.contains("secret") && text.contains(&addr.to_string()),
                "{text}"
            );
            // Naming the default secret explicitly is no better.
            let explicit_default = EmulatorConfig::default()
                .listen(addr)
                .admin_credentials("emulator-admin", DEFAULT_ADMIN_CLIENT_SECRET);
            assert!(explicit_default.validate().is_err(), "{addr}");
            let own = EmulatorConfig::default()
                .listen(addr)
                .admin_credentials("emulator-admin", "a-secret-of-my-own");
            assert!(own.validate().is_ok(), "{addr}");
        }
        for loopback in ["127.0.0.1:0", "127.8.0.1:9", "[::1]:0"] {
            let config = EmulatorConfig::default().listen(loopback.parse().unwrap());
            assert!(config.validate().is_ok(), "{loopback}");
        }
    }
}
