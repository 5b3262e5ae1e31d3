//! Where requests go and how they authenticate: flags, then environment variables, then a gc profile.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use genesys_cloud::{ConnectionSettings, Credentials, Environment};

use crate::cli::GlobalArgs;
use crate::cli_error::CliError;
use crate::profile::{self, DEFAULT_PROFILE, GRANT_IMPLICIT, GRANT_PKCE};
use crate::token_store::TokenStore;

// The variables, as gc and the Terraform provider read them (plus GENESYSCLOUD_BASE_URL, documented in `--help`).
pub(crate) use genesys_cloud::{
    ENV_ACCESS_TOKEN, ENV_BASE_URL, ENV_CLIENT_ID, ENV_CLIENT_SECRET, ENV_REGION,
};

/// Where requests go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// An embedded emulator, started for this command.
    Emulator,
    /// An API base URL.
    BaseUrl(String),
    /// A region, domain or URL, parsed.
    Environment(Environment),
}

/// How requests authenticate.
#[derive(Clone, Debug)]
pub(crate) enum Auth {
    /// The embedded emulator's admin client.
    EmulatorAdmin,
    /// Client credentials or a token.
    Credentials(Credentials),
    /// A user's `genesys login` with a profile's public (PKCE) client: the token comes from the token cache.
    Login {
        /// The OAuth client id.
        client_id: String,
    },
}

/// The outcome of resolution: target, credentials, and the secrets to keep out of every message.
#[derive(Debug)]
pub(crate) struct Resolved {
    pub(crate) target: Target,
    pub(crate) auth: Auth,
    pub(crate) secrets: Vec<String>,
    /// Where the credentials come from, for messages: ``client `me` from profile `prod` of ~/.gc/config.toml``.
    pub(crate) source: String,
    /// The profile the credentials come from, as the file spells it; empty for flags and the environment.
    pub(crate) profile: String,
    /// The token cache to use, unless `--no-token-cache`, the profile or `--emulator` says not to.
    pub(crate) store: Option<TokenStore>,
}

/// Which kind of source a [`Layer`] is; it names the settings in messages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Source {
    /// The command line.
    #[default]
    Flags,
    /// Environment variables.
    Environment,
    /// A gc profile.
    Profile,
}

/// One source of settings: the flags, the environment or a profile.
#[derive(Clone, Debug, Default)]
struct Layer {
    source: Source,
    name: String,
    base_url: Option<String>,
    environment: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
    access_token: Option<String>,
    /// gc's `grant_type` of a profile.
    grant_type: Option<String>,
    /// The profile's name as the file spells it.
    profile_name: Option<String>,
}

impl Layer {
    fn has_credentials(&self) -> bool {
        self.client_id.is_some() || self.client_secret.is_some() || self.access_token.is_some()
    }

    fn has_target(&self) -> bool {
        self.base_url.is_some() || self.environment.is_some()
    }

    /// The setting that names this layer's target, for messages (never its value: a URL may hold a password).
    fn target_setting(&self) -> String {
        let setting = match (self.source, self.base_url.is_some()) {
            (Source::Flags, true) => "--base-url",
            (Source::Flags, false) => "--environment",
            (Source::Environment, true) => ENV_BASE_URL,
            (Source::Environment, false) => ENV_REGION,
            (Source::Profile, _) => "environment",
        };
        format!("{setting} (from {})", self.name)
    }
}

/// The longest line `--clientsecret-file` reads as a secret.
const MAX_SECRET_LINE: u64 = 64 * 1024;

/// The first line of `reader` (without its line end), reading no more than [`MAX_SECRET_LINE`] bytes and
/// a line end; `Ok(None)` when the line is longer.
fn first_line(reader: impl BufRead) -> std::io::Result<Option<String>> {
    let mut line = Vec::new();
    reader
        .take(MAX_SECRET_LINE + 1)
        .read_until(b'\n', &mut line)?;
    if line.last() == Some(&b'\n') {
        line.pop();
    }
    if line.len() as u64 > MAX_SECRET_LINE {
        return Ok(None);
    }
    String::from_utf8(line)
        .map(Some)
        .map_err(|error| std::io::Error::new(std::io::ErrorKind::InvalidData, error))
}

/// Reads the secret of `--clientsecret-file`: its first line, or standard input's with `-`.
pub(crate) fn read_secret_file(path: &Path) -> Result<String, CliError> {
    let read = if path == Path::new("-") {
        crate::body::take_stdin()?;
        first_line(std::io::stdin().lock())
    } else {
        std::fs::File::open(path).and_then(|file| {
            crate::file_access::warn_if_readable_by_others(path, &file.metadata()?);
            first_line(std::io::BufReader::new(file))
        })
    };
    let line = read
        .map_err(|error| {
            CliError::environment(format!(
                "cannot read --clientsecret-file {}: {error}",
                path.display()
            ))
        })?
        .ok_or_else(|| {
            CliError::environment(format!(
                "the first line of --clientsecret-file {} is longer than {} KiB: it is not a secret",
                path.display(),
                MAX_SECRET_LINE / 1024
            ))
        })?;
    let secret = line.trim().to_owned();
    if secret.is_empty() {
        return Err(CliError::environment(format!(
            "--clientsecret-file {} holds no secret",
            path.display()
        )));
    }
    Ok(secret)
}

fn flag_layer(flags: &GlobalArgs) -> Result<Layer, CliError> {
    let client_secret = match &flags.clientsecret_file {
        Some(path) => Some(read_secret_file(path)?),
        None => flags.clientsecret.clone(),
    };
    Ok(Layer {
        source: Source::Flags,
        name: "flags".to_owned(),
        base_url: flags.base_url.clone(),
        environment: flags.environment.clone(),
        client_id: flags.clientid.clone(),
        client_secret,
        access_token: flags.accesstoken.clone(),
        grant_type: None,
        profile_name: None,
    })
}

fn env_layer(env: &dyn Fn(&str) -> Option<String>) -> Layer {
    settings_layer(Source::Environment, ConnectionSettings::from_env_vars(env))
}

/// The layer of a source the library reads (the environment, a profile); secrets are exposed here only to be
/// sent and to be kept out of messages (see `secrets_of`).
fn settings_layer(source: Source, settings: ConnectionSettings) -> Layer {
    Layer {
        source,
        name: settings.origin().to_owned(),
        base_url: settings.base_url().map(str::to_owned),
        environment: settings.environment().map(str::to_owned),
        client_id: settings.client_id().map(str::to_owned),
        client_secret: settings
            .client_secret()
            .map(|s| s.expose_secret().to_owned()),
        access_token: settings
            .access_token()
            .map(|t| t.expose_secret().to_owned()),
        grant_type: None,
        profile_name: None,
    }
}

/// The message when no source has credentials.
fn nothing_configured(config_file: &str) -> CliError {
    CliError::environment(format!(
        "no credentials configured. Give an OAuth client id and secret (or an access token) and a region in \
         one of these ways: flags --clientid ID --clientsecret-file FILE --environment REGION; environment \
         variables {ENV_CLIENT_ID}, {ENV_CLIENT_SECRET} (or {ENV_ACCESS_TOKEN}) and {ENV_REGION}; or a \
         profile [DEFAULT] in {config_file} with client_credentials, client_secret and environment. Or try \
         `genesys --emulator ...`, which runs the command against an embedded emulator with demo data"
    ))
}

fn credentials(layers: &[Layer], config_file: &str) -> Result<(Auth, String), CliError> {
    let Some(top) = layers.iter().find(|layer| layer.has_credentials()) else {
        return Err(nothing_configured(config_file));
    };
    let from = &top.name;
    if top.source == Source::Profile {
        return profile_credentials(top);
    }
    // The most specific source that says anything about credentials decides them; within flags or the
    // environment an access token wins: it was given on purpose for this run. Client id and secret are a pair
    // from that one source: an id is never sent with a secret of another source (a stale one, or one meant for
    // another host).
    if let Some(token) = &top.access_token {
        return Ok((
            Auth::Credentials(Credentials::access_token(token.clone())),
            format!("the access token from {from}"),
        ));
    }
    match (&top.client_id, &top.client_secret) {
        (Some(id), Some(secret)) => Ok((
            Auth::Credentials(Credentials::client_credentials(id.clone(), secret.clone())),
            format!("client `{id}` from {from}"),
        )),
        (Some(id), None) => Err(CliError::environment(format!(
            "client id `{id}` (from {from}) has no secret in {from}: the id and its secret must come from the \
             same source (--clientid with --clientsecret-file FILE; {ENV_CLIENT_ID} with {ENV_CLIENT_SECRET}; \
             client_credentials with client_secret in the profile)"
        ))),
        (None, _) => Err(CliError::environment(format!(
            "a client secret is configured (in {from}) but no client id there: the id and its secret must come \
             from the same source (--clientid, {ENV_CLIENT_ID}, or client_credentials in the profile)"
        ))),
    }
}

/// The credentials of a profile. Unlike flags and the environment, a profile's `access_token` is often a
/// leftover that has long expired, so client credentials, which renew, win over it; a client id alone is a
/// public (PKCE) client whose user signs in with `genesys login`.
fn profile_credentials(layer: &Layer) -> Result<(Auth, String), CliError> {
    let from = &layer.name;
    if layer.grant_type.as_deref() == Some(GRANT_IMPLICIT) {
        return Err(CliError::environment(format!(
            "{from} uses gc's implicit grant (grant_type = \"{GRANT_IMPLICIT}\"), which genesys does not support: \
             sign in with a PKCE client instead (grant_type = \"{GRANT_PKCE}\", then `genesys login`), or give the \
             profile client credentials"
        )));
    }
    let pkce = layer.grant_type.as_deref() == Some(GRANT_PKCE);
    match (&layer.client_id, &layer.client_secret, &layer.access_token) {
        (Some(id), Some(secret), _) => Ok((
            Auth::Credentials(Credentials::client_credentials(id.clone(), secret.clone())),
            format!("client `{id}` from {from}"),
        )),
        // A PKCE profile's user signs in with genesys login; a leftover access_token there is not used.
        (Some(id), None, Some(_)) if pkce => Ok((
            Auth::Login {
                client_id: id.clone(),
            },
            format!(
                "the login of client `{id}` for {from} (its access_token is not used: the profile is for \
                 genesys login); sign in again with `genesys login --profile {}`",
                layer.profile_name.as_deref().unwrap_or(DEFAULT_PROFILE)
            ),
        )),
        (_, _, Some(token)) => Ok((
            Auth::Credentials(Credentials::access_token(token.clone())),
            format!(
                "the access_token of {from} (it cannot be renewed; it is used because the profile has no client \
                 credentials)"
            ),
        )),
        (Some(id), None, None) if layer.grant_type.as_deref() == Some("1") => {
            Err(CliError::environment(format!(
                "client id `{id}` (client_credentials from {from}) has no client_secret there, and the profile's \
                 grant_type \"1\" is client credentials: set client_secret, or make it a PKCE profile \
                 (grant_type = \"{GRANT_PKCE}\") and run `genesys login`"
            )))
        }
        (Some(id), None, None) => Ok((
            Auth::Login {
                client_id: id.clone(),
            },
            format!(
                "the login of client `{id}` for {from}; sign in again with `genesys login --profile {}`",
                layer.profile_name.as_deref().unwrap_or(DEFAULT_PROFILE)
            ),
        )),
        (None, _, None) => Err(CliError::environment(format!(
            "a client secret is configured (in {from}) but no client id there: set client_credentials in the \
             profile"
        ))),
    }
}

/// Credentials go only to a target named by their own source, or by the command line.
///
/// Why: credentials and target used to be chosen independently (the most specific source with credentials, the
/// first with a target), so a `GENESYSCLOUD_BASE_URL` left over from a test session sent the profile's real
/// secret to whatever listened there. A source that names no target anywhere means the default region.
fn check_pairing(layers: &[Layer]) -> Result<(), CliError> {
    let (Some(credentials), Some(target)) = (
        layers.iter().find(|layer| layer.has_credentials()),
        layers.iter().find(|layer| layer.has_target()),
    ) else {
        return Ok(());
    };
    if target.source == Source::Flags || target.source == credentials.source {
        return Ok(());
    }
    let what = if credentials.access_token.is_some() {
        "the access token"
    } else {
        "the client credentials"
    };
    Err(CliError::environment(format!(
        "refusing to send {what} from {} to the target of another source, {}: credentials go only to a          target of their own source. To use them there on purpose, name the target on the command line          (--base-url URL or --environment REGION); otherwise set credentials and target in the same source,          or remove the one you did not mean",
        credentials.name,
        target.target_setting()
    )))
}

fn target(layers: &[Layer]) -> Result<Target, CliError> {
    for layer in layers {
        if let Some(url) = &layer.base_url {
            return Ok(Target::BaseUrl(url.clone()));
        }
        if let Some(name) = &layer.environment {
            return Environment::parse(name)
                .map(Target::Environment)
                .map_err(|error| {
                    CliError::environment(format!(
                        "the environment from {} is not usable: {error}",
                        layer.name
                    ))
                });
        }
    }
    Ok(Target::Environment(Environment::default()))
}

/// Resolves target and credentials from `flags`, the environment (`env`) and the gc profile under `home`.
pub(crate) fn resolve(
    flags: &GlobalArgs,
    env: &dyn Fn(&str) -> Option<String>,
    home: Option<PathBuf>,
) -> Result<Resolved, CliError> {
    let flag_layer = flag_layer(flags)?;
    if flags.emulator {
        let (auth, source) = if flag_layer.has_credentials() {
            credentials(std::slice::from_ref(&flag_layer), "")?
        } else {
            (
                Auth::EmulatorAdmin,
                "the embedded emulator's admin client".to_owned(),
            )
        };
        return Ok(Resolved {
            target: Target::Emulator,
            auth,
            secrets: secrets_of(std::slice::from_ref(&flag_layer)),
            source,
            profile: String::new(),
            // Each --emulator run is a new emulator: no token of an earlier run works there.
            store: None,
        });
    }
    let config_file = home.as_deref().map(profile::config_path);
    let config_name = config_file.as_ref().map_or_else(
        || "~/.gc/config.toml".to_owned(),
        |p| p.display().to_string(),
    );
    let mut layers = vec![flag_layer, env_layer(env)];
    let profile_name = flags.profile.as_deref().unwrap_or(DEFAULT_PROFILE);
    let mut profile_found = None;
    match &config_file {
        Some(path) => match profile::load(path, profile_name, flags.profile.is_some()) {
            Ok(Some(profile)) => {
                let mut layer = settings_layer(Source::Profile, profile.settings.clone());
                layer.grant_type.clone_from(&profile.grant_type);
                layer.profile_name = Some(profile.name.clone());
                layers.push(layer);
                profile_found = Some(profile);
            }
            Ok(None) => {}
            // A broken default profile does not matter when flags and environment say everything needed.
            Err(_) if flags.profile.is_none() && complete(&layers) => {}
            Err(error) => return Err(error),
        },
        None if flags.profile.is_some() => {
            return Err(CliError::environment(
                "--profile needs the home directory, but HOME is not set",
            ));
        }
        None => {}
    }
    let (auth, source) = credentials(&layers, &config_name)?;
    check_pairing(&layers)?;
    let from_profile = layers
        .iter()
        .find(|layer| layer.has_credentials())
        .is_some_and(|layer| layer.source == Source::Profile);
    let profile = match (&profile_found, from_profile) {
        (Some(profile), true) => profile.name.clone(),
        _ => String::new(),
    };
    let profile_opts_out = from_profile && profile_found.as_ref().is_some_and(|p| !p.token_cache);
    let cache_allowed = !flags.no_token_cache && !profile_opts_out;
    Ok(Resolved {
        auth,
        target: target(&layers)?,
        secrets: secrets_of(&layers),
        source,
        profile,
        store: home
            .as_deref()
            .filter(|_| cache_allowed)
            .map(TokenStore::in_home),
    })
}

/// Whether `layers` give usable credentials and a target, so that no profile is needed.
fn complete(layers: &[Layer]) -> bool {
    matches!(credentials(layers, ""), Ok((Auth::Credentials(_), _)))
        && check_pairing(layers).is_ok()
        && layers.iter().any(Layer::has_target)
}

fn secrets_of(layers: &[Layer]) -> Vec<String> {
    layers
        .iter()
        .flat_map(|layer| [&layer.client_secret, &layer.access_token])
        .flatten()
        .cloned()
        .collect()
}

/// The home directory, where `.gc/config.toml` lives.
pub(crate) fn home_dir() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .or_else(|| std::env::var_os("USERPROFILE"))
        .filter(|home| !home.is_empty())
        .map(PathBuf::from)
}

#[cfg(test)]
#[path = "settings_tests.rs"]
mod tests;
