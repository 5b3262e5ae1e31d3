//! [`ConfigError`]: why a configuration source could not be used.

use core::fmt;

/// What went wrong with a configuration source; see [`ConfigError::kind`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigErrorKind {
    /// The source has no credentials: no client id and secret, no access token.
    NoCredentials,
    /// Credentials that cannot be used as given, such as an empty client id or secret.
    InvalidCredentials,
    /// A proxy setting or variable.
    Proxy,
    /// TLS: the crypto provider or a root certificate.
    Tls,
    /// The User-Agent suffix.
    UserAgent,
    /// A client id without its secret, or a secret without its id, in one source.
    UnpairedCredentials,
    /// The region, domain or base URL is not usable.
    InvalidEnvironment,
    /// The file could not be read (see [`ConfigError::io_error`]; [`ConfigError::is_not_found`]).
    Unreadable,
    /// The file is larger than a configuration file can be.
    TooLarge,
    /// The file is not valid TOML.
    InvalidToml,
    /// A profile is not a table, a setting is not a string, or a name matches several profiles.
    InvalidProfile,
    /// No profile of that name.
    NoSuchProfile,
    /// The home directory is unknown (neither `HOME` nor `USERPROFILE` is set).
    NoHome,
}

/// Why the client could not be configured, or a configuration source could not be used; nothing was sent. The
/// message names the source and the setting and says what to change, never the value of a secret.
#[derive(Debug)]
#[non_exhaustive]
pub struct ConfigError {
    kind: ConfigErrorKind,
    message: String,
    io: Option<std::io::Error>,
}

impl ConfigError {
    /// A configuration error of `kind`, e.g. from your own [`TokenSource`](crate::TokenSource).
    pub fn new(kind: ConfigErrorKind, message: impl Into<String>) -> Self {
        Self {
            kind,
            message: message.into(),
            io: None,
        }
    }

    #[cfg(feature = "gc-config")]
    pub(crate) fn io(message: impl Into<String>, error: std::io::Error) -> Self {
        let message = format!("{}: {error}", message.into());
        Self {
            kind: ConfigErrorKind::Unreadable,
            message,
            io: Some(error),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> ConfigErrorKind {
        self.kind
    }

    /// Whether the file does not exist: a program may treat a missing `~/.gc/config.toml` as no profiles.
    pub fn is_not_found(&self) -> bool {
        self.io
            .as_ref()
            .is_some_and(|error| error.kind() == std::io::ErrorKind::NotFound)
    }

    /// The I/O error of an unreadable file.
    pub fn io_error(&self) -> Option<&std::io::Error> {
        self.io.as_ref()
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {
    /// The I/O error's own cause: its message is already in this error's.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.io.as_ref().and_then(|error| error.source())
    }
}

impl From<ConfigError> for crate::Error {
    /// A [`crate::Error::Config`], so that `?` works in functions returning [`crate::Error`].
    fn from(error: ConfigError) -> Self {
        Self::Config(error)
    }
}
