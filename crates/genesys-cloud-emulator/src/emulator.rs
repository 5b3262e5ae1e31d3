//! [`Emulator`]: a running emulator, started from an [`EmulatorConfig`].

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::net::TcpListener;

use crate::app_state::{Settings, Shared};
use crate::clock::Clock;
use crate::faults::FaultGenerator;
use crate::persist::{self, Persister};
use crate::seed;
use crate::server::{self, ServerHandle};
use crate::store::Store;
use crate::tls;
use crate::{EmulatorConfig, EmulatorError, EmulatorStats, FaultSpec, lock};

/// A running emulator of the OAuth API and its token endpoint.
///
/// Start it with [`Emulator::start`] inside a Tokio runtime (with the time and IO drivers enabled); it
/// serves until [`shutdown`](Self::shutdown) or until dropped (which stops accepting at once and lets
/// requests in flight finish in the background).
pub struct Emulator {
    shared: Arc<Shared>,
    local_addr: SocketAddr,
    admin_client_id: String,
    admin_client_secret: String,
    /// Whether it serves HTTPS ([`EmulatorConfig::tls_pem_files`]).
    https: bool,
    server: Option<ServerHandle>,
}

impl std::fmt::Debug for Emulator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Emulator")
            .field("local_addr", &self.local_addr)
            .field("admin_client_id", &self.admin_client_id)
            .finish_non_exhaustive()
    }
}

impl Emulator {
    /// Loads or seeds the state, binds the listening socket and starts serving.
    ///
    /// With a state file that exists, its clients and authorizations are loaded (the admin client is
    /// re-added if missing, and takes the configured secret); otherwise the seed data is created and, with a
    /// state file, written to it.
    pub async fn start(config: EmulatorConfig) -> Result<Emulator, EmulatorError> {
        config.validate()?;
        if !config.is_loopback() {
            tracing::warn!(
                listen = %config.listen,
                "the emulator is reachable from other machines; it is a test tool: its ids, secrets and \
                 tokens are not cryptographically strong"
            );
        }
        // Before the state file is touched or the port opened: a bad certificate must leave nothing behind.
        let acceptor = config.tls.as_ref().map(tls::acceptor).transpose()?;
        let (store, persister) = initial_state(&config)?;
        let listener =
            TcpListener::bind(config.listen)
                .await
                .map_err(|source| EmulatorError::Bind {
                    addr: config.listen,
                    source,
                })?;
        let local_addr = listener
            .local_addr()
            .map_err(|source| EmulatorError::Bind {
                addr: config.listen,
                source,
            })?;
        let shared = Arc::new(Shared {
            store: Mutex::new(store),
            stats: Mutex::new(EmulatorStats::default()),
            faults: Mutex::new(FaultGenerator::new(
                config.faults.clone(),
                config.fault_seed,
            )),
            persister: persister.map(Arc::new),
            settings: Settings {
                page_size: config.page_size,
                usage_delay: config.usage_delay,
                visibility_delay: config.effective_visibility_delay(),
                token_lifetime: config.token_lifetime,
                usage_live: config.usage_live,
                known_scopes_only: config.known_scopes_only,
                paging_parameters: config.paging_parameters || config.page_size.is_some(),
                rate_limit: config
                    .rate_limit_per_minute
                    .map(|limit| (limit, config.rate_limit_window)),
                divisions: config.effective_divisions(),
            },
            clock: Clock::default(),
            users: config.effective_users(),
        });
        let https = acceptor.is_some();
        let server = server::spawn(listener, shared.clone(), acceptor);
        Ok(Emulator {
            shared,
            local_addr,
            admin_client_id: config.admin_client_id,
            admin_client_secret: config.admin_client_secret.expose_secret().to_owned(),
            https,
            server: Some(server),
        })
    }

    /// The one origin of both `/oauth/token` and `/api/v2/...`, such as `http://127.0.0.1:41234`
    /// (`https://` with [`EmulatorConfig::tls_pem_files`]).
    ///
    /// For a wildcard listen address (`0.0.0.0` or `[::]`) it names the loopback address of the same family
    /// (`127.0.0.1`, `[::1]`), which reaches the emulator from this machine and is a base URL the SDK and the
    /// `genesys` CLI accept over plain http (they refuse plain http to hosts that are not loopback).
    pub fn base_url(&self) -> String {
        base_url_of(self.local_addr, self.https)
    }

    /// The address the emulator listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The admin client's id.
    pub fn admin_client_id(&self) -> &str {
        &self.admin_client_id
    }

    /// The admin client's secret as configured. Regenerating the admin's secret through the API changes
    /// the secret that works, as on the platform, but not this value.
    pub fn admin_client_secret(&self) -> &str {
        &self.admin_client_secret
    }

    /// The counters of `GET /emulator/stats`.
    pub fn stats(&self) -> EmulatorStats {
        self.shared.stats()
    }

    /// Replaces the faults to inject and restarts the fault sequence from the configured seed.
    pub fn set_faults(&self, spec: FaultSpec) {
        lock(&self.shared.faults).set(spec);
    }

    /// Makes every token issued so far answer 401, as if all had expired; new tokens work as usual.
    pub fn expire_all_tokens(&self) {
        lock(&self.shared.store).clear_tokens();
    }

    /// Makes one token answer 401 from now on.
    pub fn revoke_token(&self, token: &str) {
        lock(&self.shared.store).revoke_token(token);
    }

    /// Moves the emulator's clock forward, as if `by` had passed: visibility delays end, usage queries
    /// complete, tokens expire, rate limit windows close, UTC days end (for usage) and clients due for deletion
    /// disappear accordingly, at once. For tests of those rules that must not depend on how fast the machine
    /// runs. The dates the API writes (`dateCreated`, `dateToDelete`, usage dates) move with it. The clock
    /// moves ten years at most in all.
    pub fn advance_clock(&self, by: Duration) {
        self.shared.clock.advance(by);
    }

    /// A one-time authorization code for `client_id`, as if `user` had signed in and consented, sent to
    /// `redirect_uri` (which must equal one of the client's `registeredRedirectUri` exactly, or, for a registered
    /// `http://127.0.0.1/...` or `http://[::1]/...` without a port, name any port of it), with the S256
    /// `code_challenge` of a PKCE login if given. Exchange it at `POST /oauth/token` with
    /// `grant_type=authorization_code` within a minute; it works once.
    ///
    /// `None` when the client is not an active, visible CODE-grant client or the redirect URI is not one of its
    /// own: the platform would never redirect a code there.
    pub fn issue_authorization_code(
        &self,
        client_id: &str,
        redirect_uri: &str,
        code_challenge: Option<&str>,
        user: &str,
    ) -> Option<String> {
        let mut store = lock(&self.shared.store);
        let now = self.shared.clock.now();
        let client = &store.visible_client(client_id, now)?.client;
        let usable = client.authorized_grant_type == genesys_cloud_models::GrantType::Code
            && matches!(
                client.state,
                None | Some(genesys_cloud_models::ClientState::Active)
            )
            && crate::login::redirect_allowed(
                client.registered_redirect_uri.as_deref(),
                redirect_uri,
            );
        usable.then(|| {
            store
                .grants
                .issue_code(client_id, redirect_uri, code_challenge, user, now)
        })
    }

    /// A base64 SAML2 assertion from the emulator's test identity provider naming `user`, valid from now (the
    /// emulator's clock) for `valid_for`: the `assertion` of the SAML2 bearer grant
    /// (`grant_type=urn:ietf:params:oauth:grant-type:saml2-bearer`, with `orgName`
    /// [`ORGANIZATION_NAME`](crate::catalogue::ORGANIZATION_NAME) and the credentials of an active SAML2-BEARER
    /// client). The grant accepts it while `user` is a configured user
    /// ([`EmulatorConfig::user`](crate::EmulatorConfig::user)) and it has not expired. The crate's README says
    /// what the emulator checks in an assertion and what it does not (it checks no signature).
    pub fn saml2_assertion(&self, user: &str, valid_for: Duration) -> String {
        let now = self.shared.clock.wall_now();
        let until = now.checked_add(valid_for).unwrap_or(now);
        crate::saml::write(user, now, until)
    }

    /// Stops accepting connections, lets requests in flight finish (for up to five seconds), then returns.
    pub async fn shutdown(mut self) {
        if let Some(server) = self.server.take() {
            server.shutdown().await;
        }
    }
}

/// The URL that reaches a listening address from this machine: wildcard addresses become loopback.
pub(crate) fn base_url_of(addr: SocketAddr, https: bool) -> String {
    let reachable = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::from((Ipv4Addr::LOCALHOST, addr.port()))
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::from((Ipv6Addr::LOCALHOST, addr.port()))
        }
        _ => addr,
    };
    let scheme = if https { "https" } else { "http" };
    format!("{scheme}://{reachable}")
}

fn initial_state(config: &EmulatorConfig) -> Result<(Store, Option<Persister>), EmulatorError> {
    let Some(path) = config.state_file.clone() else {
        return Ok((seed::seeded_store(config), None));
    };
    let persister = Persister::new(path.clone());
    let Some(state) = persist::load(&path)? else {
        let store = seed::seeded_store(config);
        persister
            .write(persister.snapshot(&store))
            .map_err(|source| EmulatorError::StateWrite { path, source })?;
        return Ok((store, Some(persister)));
    };
    let mut store = Store::default();
    for client in state.clients {
        store.insert_client(client, None);
    }
    store.authorizations = state.authorizations;
    // The configured admin credentials always work at start, whatever happened to the admin before, and the
    // admin holds every role (so that it can give any), as a state file from an older emulator may not say.
    let admin = match store.client(&config.admin_client_id) {
        Some(record) => {
            let mut admin = record.client.clone();
            admin.secret = Some(config.admin_client_secret.clone());
            let grants = admin.role_divisions.get_or_insert_with(Vec::new);
            for grant in seed::admin_client(config)
                .role_divisions
                .unwrap_or_default()
            {
                if !grants.iter().any(|held| held.role_id == grant.role_id) {
                    grants.push(grant);
                }
            }
            admin
        }
        None => seed::admin_client(config),
    };
    store.insert_client(admin, None);
    Ok((store, Some(persister)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_can_move_between_tasks() {
        fn send_sync<T: Send + Sync + 'static>() {}
        send_sync::<Emulator>();
        send_sync::<EmulatorConfig>();
        send_sync::<EmulatorStats>();
        send_sync::<FaultSpec>();
    }

    /// The printed URL must be one the `genesys` CLI accepts: plain http to a loopback host.
    #[test]
    fn a_wildcard_address_gives_a_loopback_base_url() {
        let url = |addr: &str| base_url_of(addr.parse().unwrap(), false);
        assert_eq!(url("0.0.0.0:8080"), "http://127.0.0.1:8080");
        assert_eq!(url("[::]:8080"), "http://[::1]:8080");
        assert_eq!(url("127.0.0.1:9"), "http://127.0.0.1:9");
        assert_eq!(url("[::1]:9"), "http://[::1]:9");
        assert_eq!(url("192.0.2.7:80"), "http://192.0.2.7:80");
        assert_eq!(
            base_url_of("0.0.0.0:443".parse().unwrap(), true),
            "https://127.0.0.1:443"
        );
    }

    #[tokio::test]
    async fn a_bad_config_or_a_taken_port_is_an_error() {
        let error = Emulator::start(EmulatorConfig::default().page_size(Some(0)))
            .await
            .unwrap_err();
        assert!(matches!(error, EmulatorError::Config(_)), "{error}");
        let first = Emulator::start(EmulatorConfig::default()).await.unwrap();
        let error = Emulator::start(EmulatorConfig::default().listen(first.local_addr()))
            .await
            .unwrap_err();
        assert!(matches!(error, EmulatorError::Bind { .. }), "{error}");
        assert!(first.base_url().starts_with("http://127.0.0.1:"));
        first.shutdown().await;
    }
}
