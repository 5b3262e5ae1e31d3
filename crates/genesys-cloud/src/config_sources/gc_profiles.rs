//! [`GcProfiles`]: the profiles of the gc CLI's `~/.gc/config.toml`, one TOML table per profile.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::error::{ConfigError, ConfigErrorKind};
use super::settings::{ConnectionSettings, SettingNames};
use crate::ClientBuilder;

/// The keys of a gc profile. gc has no base URL key: `environment` also takes a URL.
const NAMES: SettingNames = SettingNames {
    base_url: "environment",
    environment: "environment",
    client_id: "client_credentials",
    client_secret: "client_secret",
    access_token: "access_token",
};

/// The profiles of a gc `config.toml`: `[DEFAULT]`, `[ci]`, ... each with `environment` (region id, domain or URL),
/// `client_credentials` (the client id), `client_secret` and `access_token`.
///
/// Profile names and keys match case-insensitively when there is no exact match, as in gc (whose configuration
/// library lowercases them): `default` finds `[DEFAULT]`.
///
/// ```
/// use genesys_cloud::{ClientBuilder, GcProfiles};
///
/// let profiles = GcProfiles::parse(
///     "[DEFAULT]\nenvironment = \"mypurecloud.ie\"\nclient_credentials = \"id\"\nclient_secret = \"s3cret\"\n",
/// )?;
/// let settings = profiles.profile(GcProfiles::DEFAULT_PROFILE)?;
/// assert_eq!(settings.environment(), Some("mypurecloud.ie"));
/// let builder = ClientBuilder::from_settings(&settings)?;
/// assert!(!format!("{profiles:?}{settings:?}{builder:?}").contains("s3cret"));
/// # Ok::<(), genesys_cloud::ConfigError>(())
/// ```
pub struct GcProfiles {
    origin: String,
    table: toml::Table,
    exposed_mode: Option<u32>,
}

impl core::fmt::Debug for GcProfiles {
    /// The origin and the profile names: the table holds secrets as plain strings.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("GcProfiles")
            .field("origin", &self.origin)
            .field("profiles", &self.names().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl GcProfiles {
    /// The profile gc uses when none is named.
    pub const DEFAULT_PROFILE: &'static str = "DEFAULT";

    /// The largest file read: gc's files are a few hundred bytes; this only keeps a runaway or hostile file (or
    /// `/dev/zero`) from being read whole into memory.
    pub const MAX_FILE_SIZE: u64 = 1024 * 1024;

    /// `.gc/config.toml` under `home`.
    pub fn path_in(home: &Path) -> PathBuf {
        home.join(".gc").join("config.toml")
    }

    /// `~/.gc/config.toml`, from `HOME` (or `USERPROFILE` on Windows); `None` when neither is set.
    pub fn default_path() -> Option<PathBuf> {
        std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .filter(|home| !home.is_empty())
            .map(|home| Self::path_in(Path::new(&home)))
    }

    /// Reads `~/.gc/config.toml` (see [`default_path`](Self::default_path) and [`from_path`](Self::from_path)).
    pub fn load_default() -> Result<Self, ConfigError> {
        let path = Self::default_path().ok_or_else(|| {
            ConfigError::new(
                ConfigErrorKind::NoHome,
                "the home directory of ~/.gc/config.toml is unknown: neither HOME nor USERPROFILE is set",
            )
        })?;
        Self::from_path(path)
    }

    /// Reads the file at `path`, up to [`MAX_FILE_SIZE`](Self::MAX_FILE_SIZE). A missing file is an error for
    /// which [`ConfigError::is_not_found`] holds. Whether other users can read the file's secrets is checked on the
    /// file that was read, and returned by [`readable_by_others`](Self::readable_by_others), not printed.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Self, ConfigError> {
        let path = path.as_ref();
        let shown = path.display();
        let cannot_read = |error| ConfigError::io(format!("cannot read {shown}"), error);
        let file = std::fs::File::open(path).map_err(cannot_read)?;
        // The metadata of the opened file, not of the path: the one that is read is the one checked.
        let metadata = file.metadata().map_err(cannot_read)?;
        let mut bytes = Vec::new();
        file.take(Self::MAX_FILE_SIZE + 1)
            .read_to_end(&mut bytes)
            .map_err(cannot_read)?;
        if bytes.len() as u64 > Self::MAX_FILE_SIZE {
            return Err(ConfigError::new(
                ConfigErrorKind::TooLarge,
                format!(
                    "{shown} is larger than {} MiB: it is not a gc config file",
                    Self::MAX_FILE_SIZE / (1024 * 1024)
                ),
            ));
        }
        let text = String::from_utf8(bytes).map_err(|_| {
            ConfigError::new(
                ConfigErrorKind::InvalidToml,
                format!("{shown} is not UTF-8 text"),
            )
        })?;
        let mut profiles = Self::parse_from(&text, shown.to_string())?;
        if profiles.holds_secret() {
            profiles.exposed_mode = mode_readable_by_others(&metadata);
        }
        Ok(profiles)
    }

    /// Reads the text of a `config.toml`.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        Self::parse_from(text, "the gc config text".to_owned())
    }

    fn parse_from(text: &str, origin: String) -> Result<Self, ConfigError> {
        // Only the parser's message and a line number are reported: its default rendering quotes the offending
        // line, which may be a client_secret.
        let table = text.parse().map_err(|error: toml::de::Error| {
            let line = error
                .span()
                .map(|span| format!(" at line {}", line_of(text, span.start)))
                .unwrap_or_default();
            ConfigError::new(
                ConfigErrorKind::InvalidToml,
                format!(
                    "{origin} is not valid TOML{line}: {}",
                    error.message().trim()
                ),
            )
        })?;
        Ok(Self {
            origin,
            table,
            exposed_mode: None,
        })
    }

    /// Where the profiles were read from: the file's path, or `the gc config text`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The names of the profiles, as written in the file.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.table
            .iter()
            .filter(|(_, value)| value.is_table())
            .map(|(name, _)| name.as_str())
    }

    /// When the file holds a secret (a `client_secret` or `access_token`) and its permissions let the group or
    /// other users read it, those permission bits (such as `0o644`), so that the program can warn as ssh does for
    /// private keys. Always `None` off Unix, and for [`parse`](Self::parse)d text.
    pub fn readable_by_others(&self) -> Option<u32> {
        self.exposed_mode
    }

    /// Profile `name` (an exact match, or else the one that matches ignoring ASCII case). Blank values are absent;
    /// values are trimmed.
    pub fn profile(&self, name: &str) -> Result<ConnectionSettings, ConfigError> {
        let Some((found, value)) =
            lookup(&self.table, name, || format!("profiles in {}", self.origin))?
        else {
            let known: Vec<&str> = self.names().collect();
            let known = if known.is_empty() {
                "it has none".to_owned()
            } else {
                format!("it has {}", known.join(", "))
            };
            return Err(ConfigError::new(
                ConfigErrorKind::NoSuchProfile,
                format!("there is no profile `{name}` in {} ({known})", self.origin),
            ));
        };
        let Some(section) = value.as_table() else {
            return Err(ConfigError::new(
                ConfigErrorKind::InvalidProfile,
                format!("`{found}` in {} is not a table of settings", self.origin),
            ));
        };
        let origin = format!("profile `{found}` of {}", self.origin);
        let get = |key: &str| -> Result<Option<String>, ConfigError> {
            match lookup(section, key, || format!("keys in {origin}"))? {
                None => Ok(None),
                Some((_, toml::Value::String(value))) if value.trim().is_empty() => Ok(None),
                Some((_, toml::Value::String(value))) => Ok(Some(value.trim().to_owned())),
                Some((found, _)) => Err(ConfigError::new(
                    ConfigErrorKind::InvalidProfile,
                    format!("`{found}` in {origin} is not a string"),
                )),
            }
        };
        Ok(ConnectionSettings {
            names: NAMES,
            base_url: None,
            environment: get(NAMES.environment)?,
            client_id: get(NAMES.client_id)?,
            client_secret: get(NAMES.client_secret)?.map(Into::into),
            access_token: get(NAMES.access_token)?.map(Into::into),
            origin,
        })
    }

    /// The name of profile `name` as the file spells it (an exact match, or else the one that matches ignoring
    /// ASCII case), or `None` when there is no such profile: `default` gives `DEFAULT`.
    pub fn found_name(&self, name: &str) -> Result<Option<&str>, ConfigError> {
        Ok(
            lookup(&self.table, name, || format!("profiles in {}", self.origin))?
                .filter(|(_, value)| value.is_table())
                .map(|(found, _)| found),
        )
    }

    /// Another setting of profile `name` than those of [`profile`](Self::profile) (gc's `grant_type`,
    /// `redirect_uri`, a program's own keys), matched as keys are: a string as it is (trimmed; blank is absent),
    /// a boolean, integer or float as its TOML text; `None` when the profile or the key is missing. Never use it
    /// for a secret: the value is a plain `String`.
    pub fn setting(&self, name: &str, key: &str) -> Result<Option<String>, ConfigError> {
        let Some((found, value)) =
            lookup(&self.table, name, || format!("profiles in {}", self.origin))?
        else {
            return Ok(None);
        };
        let Some(section) = value.as_table() else {
            return Ok(None);
        };
        let origin = format!("profile `{found}` of {}", self.origin);
        Ok(
            match lookup(section, key, || format!("keys in {origin}"))? {
                Some((_, toml::Value::String(text))) if text.trim().is_empty() => None,
                Some((_, toml::Value::String(text))) => Some(text.trim().to_owned()),
                Some((_, toml::Value::Boolean(value))) => Some(value.to_string()),
                Some((_, toml::Value::Integer(value))) => Some(value.to_string()),
                Some((_, toml::Value::Float(value))) => Some(value.to_string()),
                Some((found, _)) => {
                    return Err(ConfigError::new(
                        ConfigErrorKind::InvalidProfile,
                        format!("`{found}` in {origin} is not a string, boolean or number"),
                    ));
                }
                None => None,
            },
        )
    }

    /// Whether any profile has a `client_secret` or an `access_token`.
    fn holds_secret(&self) -> bool {
        self.table
            .values()
            .filter_map(toml::Value::as_table)
            .flat_map(|section| section.keys())
            .any(|key| {
                key.eq_ignore_ascii_case(NAMES.client_secret)
                    || key.eq_ignore_ascii_case(NAMES.access_token)
            })
    }
}

/// The entry `name` of `table`: exact, or else the one entry equal ignoring ASCII case; several such entries are
/// an error (`what` names them in the message).
fn lookup<'t>(
    table: &'t toml::Table,
    name: &str,
    what: impl Fn() -> String,
) -> Result<Option<(&'t str, &'t toml::Value)>, ConfigError> {
    if let Some((key, value)) = table.get_key_value(name) {
        return Ok(Some((key.as_str(), value)));
    }
    let mut matches = table
        .iter()
        .filter(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(key, value)| (key.as_str(), value));
    let first = matches.next();
    if let Some((second, _)) = matches.next() {
        let first = first.map_or("", |(key, _)| key);
        return Err(ConfigError::new(
            ConfigErrorKind::InvalidProfile,
            format!(
                "`{name}` matches several {} (`{first}`, `{second}`): they differ only in case; name one exactly",
                what()
            ),
        ));
    }
    Ok(first)
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// The permission bits of a regular file that the group or others can read.
fn mode_readable_by_others(metadata: &std::fs::Metadata) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = metadata.permissions().mode();
        (metadata.is_file() && mode & 0o044 != 0).then_some(mode & 0o7777)
    }
    #[cfg(not(unix))]
    {
        // Windows ACLs are not mode bits; nothing comparable to check cheaply.
        let _ = metadata;
        None
    }
}

impl ClientBuilder {
    /// A builder configured from profile `name` of `~/.gc/config.toml` (see [`GcProfiles`]). Whether other users
    /// can read the file is not reported here: use [`GcProfiles::load_default`] and
    /// [`GcProfiles::readable_by_others`] to warn about it.
    pub fn from_gc_profile(name: &str) -> Result<Self, ConfigError> {
        Self::from_settings(&GcProfiles::load_default()?.profile(name)?)
    }
}
