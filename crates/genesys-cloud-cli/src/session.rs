//! [`Session`]: the client a command sends with, and the embedded emulator behind `--emulator`.

use std::time::Duration;

use genesys_cloud::{Client, ClientBuilder, Credentials, Environment};
use genesys_cloud_emulator::{Emulator, EmulatorConfig};

use crate::cli::InputFormat;
use crate::cli_error::CliError;
use crate::output::Output;
use crate::settings::{Auth, Resolved, Target};
use crate::token_store::{Entry, Key, Kind, TokenStore, secret_fingerprint};

/// The longest one attempt of a call may take under `--timeout` (the executor's default).
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(30);

/// Everything a command needs.
#[derive(Debug)]
pub(crate) struct Session {
    /// The API client.
    pub(crate) client: Client,
    /// Where results go.
    pub(crate) output: Output,
    /// Whether requests are traced to standard error (which then shows no spinner).
    pub(crate) verbose: bool,
    /// `--input`: how request bodies are read (by file extension when `None`).
    pub(crate) input: Option<InputFormat>,
    /// The secrets to keep out of the error lines a command prints itself (`--directory`'s, one per file).
    pub(crate) secrets: Vec<String>,
    /// The id of the OAuth client whose credentials this command uses, if any: deleting it, rotating its
    /// secret or deactivating it locks the user out, so those ask for `--yes`.
    pub(crate) own_client_id: Option<String>,
    /// `--timeout`: the longest a call may take, and how long usage rows are waited for.
    pub(crate) timeout: Option<Duration>,
    /// The token cache and the key of this command's token in it, when it is cached.
    cached: Option<(TokenStore, Key)>,
    emulator: Option<Emulator>,
}

impl Session {
    /// Starts the embedded emulator if asked for, and builds the client (trusting `ca_cert`, PEM, if given).
    pub(crate) async fn open(
        resolved: Resolved,
        output: Output,
        verbose: bool,
        input: Option<InputFormat>,
        timeout: Option<Duration>,
        ca_cert: Option<Vec<u8>>,
    ) -> Result<Self, CliError> {
        let secrets = resolved.secrets.clone();
        let emulator = match resolved.target {
            Target::Emulator => Some(
                Emulator::start(EmulatorConfig::default().demo_data(true))
                    .await
                    .map_err(|error| {
                        CliError::environment(format!(
                            "cannot start the embedded emulator: {error}"
                        ))
                    })?,
            ),
            _ => None,
        };
        let mut builder =
            Client::builder().user_agent_suffix(concat!("genesys-cli/", env!("CARGO_PKG_VERSION")));
        if let Some(timeout) = timeout {
            builder = builder
                .total_timeout(timeout)
                .attempt_timeout(timeout.min(ATTEMPT_TIMEOUT));
        }
        builder = match (&resolved.target, &emulator) {
            (_, Some(emulator)) => builder.base_url(emulator.base_url()),
            (Target::BaseUrl(url), _) => builder.base_url(url.clone()),
            (Target::Environment(environment), _) => builder.environment(environment.clone()),
            (Target::Emulator, None) => builder,
        };
        let mut secrets = secrets;
        let mut cached = None;
        let key = |client_id: &str, secret: Option<&str>| {
            Some(Key {
                environment: cache_environment(&resolved.target)?,
                client_id: client_id.to_owned(),
                profile: resolved.profile.clone(),
                secret_fingerprint: secret.map(|secret| secret_fingerprint(client_id, secret)),
            })
        };
        let (credentials, own_client_id) = match (resolved.auth, &emulator) {
            (Auth::Credentials(credentials), _) => {
                let own = match &credentials {
                    Credentials::ClientCredentials {
                        client_id,
                        client_secret,
                    } => {
                        if let (Some(store), Some(key)) = (
                            &resolved.store,
                            key(client_id, Some(client_secret.expose_secret())),
                        ) {
                            cached = Some((store.clone(), key.clone()));
                            builder = with_cache(builder, store, key, &mut secrets);
                        }
                        Some(client_id.clone())
                    }
                    _ => None,
                };
                (credentials, own)
            }
            (Auth::Login { client_id }, _) => {
                let key = key(&client_id, None);
                let entry = login_entry(
                    resolved.store.as_ref(),
                    key.as_ref(),
                    &resolved.source,
                    &resolved.profile,
                )?;
                secrets.extend(entry.secrets());
                let token = entry.token();
                let credentials = match (token.refresh_token.clone(), resolved.store, key) {
                    // A refresh token renews the login when it expires, and each one it brings is kept.
                    (Some(refresh_token), Some(store), Some(key)) => {
                        cached = Some((store.clone(), key.clone()));
                        builder = builder.start_from(token).on_token(move |token| {
                            store.put(Entry::new(key.clone(), Kind::Login, token));
                        });
                        Credentials::PublicRefreshToken {
                            client_id: client_id.clone(),
                            refresh_token,
                        }
                    }
                    _ => Credentials::access_token(token.access_token),
                };
                (credentials, Some(client_id))
            }
            (Auth::EmulatorAdmin, Some(emulator)) => (
                Credentials::client_credentials(
                    emulator.admin_client_id(),
                    emulator.admin_client_secret(),
                ),
                Some(emulator.admin_client_id().to_owned()),
            ),
            (Auth::EmulatorAdmin, None) => {
                return Err(CliError::environment(
                    "the emulator's admin credentials need --emulator",
                ));
            }
        };
        if let Some(pem) = ca_cert {
            builder = builder.add_root_certificates_pem(pem);
        }
        let client = builder.credentials(credentials).build()?;
        Ok(Self {
            client,
            output,
            verbose,
            input,
            secrets,
            own_client_id,
            timeout,
            cached,
            emulator,
        })
    }

    /// Removes this command's token from the token cache (after it was revoked), so that the next command does
    /// not start from it. A login loses its refresh token with it: it needs `genesys login` again.
    pub(crate) fn forget_cached_token(&self) {
        if let Some((store, key)) = &self.cached {
            if let Err(error) = store.remove(|found| found == key) {
                crate::token_store::warn(&format!(
                    "the revoked token stays in the token cache {}: {error}",
                    store.path().display()
                ));
            }
        }
    }

    /// Stops the embedded emulator, if any.
    pub(crate) async fn close(self) {
        if let Some(emulator) = self.emulator {
            emulator.shutdown().await;
        }
    }
}

/// The API base URL that keys token-cache entries, or `None` for a target whose tokens are not cached (an
/// embedded emulator, new each run; a URL the client will refuse anyway).
pub(crate) fn cache_environment(target: &Target) -> Option<String> {
    match target {
        Target::Emulator => None,
        Target::BaseUrl(url) => Environment::from_api_url(url)
            .ok()
            .map(|environment| environment.api().to_string()),
        Target::Environment(environment) => Some(environment.api().to_string()),
    }
}

/// `builder` starting from the cached token of `key` and storing each new token there.
fn with_cache(
    builder: ClientBuilder,
    store: &TokenStore,
    key: Key,
    secrets: &mut Vec<String>,
) -> ClientBuilder {
    let mut builder = builder;
    if let Some(entry) = store
        .get(&key)
        .filter(|entry| entry.kind == Kind::ClientCredentials)
    {
        secrets.extend(entry.secrets());
        builder = builder.start_from(entry.token());
    }
    let store = store.clone();
    builder.on_token(move |token| {
        store.put(Entry::new(key.clone(), Kind::ClientCredentials, token));
    })
}

/// The cached token of a `genesys login`, if it still works or can be renewed; else why not and what to do.
fn login_entry(
    store: Option<&TokenStore>,
    key: Option<&Key>,
    source: &str,
    profile: &str,
) -> Result<Entry, CliError> {
    let login = format!("genesys login --profile {profile}");
    let Some(store) = store else {
        return Err(CliError::environment(format!(
            "{source} needs the token cache, which is off (--no-token-cache, or genesys_token_cache = false in \
             the profile): a public client's token lives there"
        )));
    };
    let Some(key) = key else {
        return Err(CliError::environment(format!(
            "{source} cannot be used with this target"
        )));
    };
    let entry = store
        .get(key)
        .filter(|entry| entry.kind == Kind::Login)
        .ok_or_else(|| {
            CliError::environment(format!(
                "not logged in: {source} has no token for {}; run `{login}`",
                key.environment
            ))
        })?;
    if !entry.is_fresh() && entry.token().refresh_token.is_none() {
        // Without a refresh token (a server that gave none, or an old cache entry) a new login is the way on.
        return Err(CliError::environment(format!(
            "the login for profile `{profile}` has expired; run `{login}` again"
        )));
    }
    Ok(entry)
}

/// The most of a `--ca-cert` file that is read: a CA bundle of every public root is about 200 KiB.
const CA_CERT_LIMIT: u64 = 1 << 20;

/// Reads the PEM text of `--ca-cert` (its certificates are checked when the client is built).
pub(crate) fn read_ca_cert(path: &std::path::Path) -> Result<Vec<u8>, CliError> {
    use std::io::Read;
    let cannot = |error: std::io::Error| {
        CliError::environment(format!("cannot read --ca-cert {}: {error}", path.display()))
    };
    let mut pem = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(CA_CERT_LIMIT + 1).read_to_end(&mut pem))
        .map_err(cannot)?;
    if pem.len() as u64 > CA_CERT_LIMIT {
        return Err(CliError::environment(format!(
            "--ca-cert {} is larger than 1 MiB; it should hold PEM certificates only",
            path.display()
        )));
    }
    Ok(pem)
}
