//! [`ConnectionSettings`]: where requests go and how they authenticate, as one source gives them.

use genesys_cloud_core::Environment;
use genesys_cloud_models::{AccessToken, ClientSecret};

use super::error::{ConfigError, ConfigErrorKind};
use crate::{ClientBuilder, Credentials};

/// The names a source gives its settings, for messages: a variable name or a key of a profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SettingNames {
    pub(crate) base_url: &'static str,
    pub(crate) environment: &'static str,
    pub(crate) client_id: &'static str,
    pub(crate) client_secret: &'static str,
    pub(crate) access_token: &'static str,
}

/// The target and credentials one source gives (the environment, a gc profile), each setting optional.
///
/// Read with [`from_env`](Self::from_env) or, with the `gc-config` feature, from a profile of `GcProfiles`. Secrets are held in [`ClientSecret`] and [`AccessToken`], so
/// `Debug` never shows them. Blank values count as absent: an exported but empty variable sets nothing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionSettings {
    pub(crate) origin: String,
    pub(crate) names: SettingNames,
    pub(crate) base_url: Option<String>,
    pub(crate) environment: Option<String>,
    pub(crate) client_id: Option<String>,
    pub(crate) client_secret: Option<ClientSecret>,
    pub(crate) access_token: Option<AccessToken>,
}

impl ConnectionSettings {
    /// The source, for messages: `environment variables`, or ``profile `DEFAULT` of /home/me/.gc/config.toml``.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// An API base URL such as `https://api.mypurecloud.ie` (`GENESYSCLOUD_BASE_URL`; gc profiles have none).
    pub fn base_url(&self) -> Option<&str> {
        self.base_url.as_deref()
    }

    /// A region id, domain or URL, as [`Environment::parse`] reads it.
    pub fn environment(&self) -> Option<&str> {
        self.environment.as_deref()
    }

    /// The OAuth client id.
    pub fn client_id(&self) -> Option<&str> {
        self.client_id.as_deref()
    }

    /// The OAuth client secret.
    pub fn client_secret(&self) -> Option<&ClientSecret> {
        self.client_secret.as_ref()
    }

    /// A ready-made access token.
    pub fn access_token(&self) -> Option<&AccessToken> {
        self.access_token.as_ref()
    }

    /// Whether the source says anything about credentials: a client id, a secret or a token.
    pub fn has_credentials(&self) -> bool {
        self.client_id.is_some() || self.client_secret.is_some() || self.access_token.is_some()
    }

    /// Whether the source names a target: a base URL or an environment.
    pub fn has_target(&self) -> bool {
        self.base_url.is_some() || self.environment.is_some()
    }

    /// The credentials of this source, or `None` if it has none. An access token wins over client credentials: it
    /// was given on purpose for this run. A client id and its secret are a pair from this one source: an id without
    /// its secret (or a secret without its id) is an error, never completed from elsewhere.
    pub fn credentials(&self) -> Result<Option<Credentials>, ConfigError> {
        if let Some(token) = &self.access_token {
            return Ok(Some(Credentials::AccessToken(token.clone())));
        }
        let names = &self.names;
        let origin = &self.origin;
        match (&self.client_id, &self.client_secret) {
            (Some(id), Some(secret)) => {
                Ok(Some(Credentials::client_credentials(id, secret.clone())))
            }
            (None, None) => Ok(None),
            (Some(id), None) => Err(ConfigError::new(
                ConfigErrorKind::UnpairedCredentials,
                format!(
                    "client id `{id}` ({} from {origin}) has no secret there: set {} in the same source",
                    names.client_id, names.client_secret
                ),
            )),
            (None, Some(_)) => Err(ConfigError::new(
                ConfigErrorKind::UnpairedCredentials,
                format!(
                    "a client secret ({} from {origin}) has no client id there: set {} in the same source",
                    names.client_secret, names.client_id
                ),
            )),
        }
    }

    /// Sets on `builder` what this source gives: its target (a base URL wins over an environment) and its
    /// credentials. Settings the source lacks are left as they are.
    pub fn apply_to(&self, builder: ClientBuilder) -> Result<ClientBuilder, ConfigError> {
        let mut builder = builder;
        if let Some(url) = &self.base_url {
            builder = builder.base_url(url);
        } else if let Some(name) = &self.environment {
            let environment = Environment::parse(name).map_err(|error| {
                ConfigError::new(
                    ConfigErrorKind::InvalidEnvironment,
                    format!(
                        "{} from {} is not usable: {error}",
                        self.names.environment, self.origin
                    ),
                )
            })?;
            builder = builder.environment(environment);
        }
        if let Some(credentials) = self.credentials()? {
            builder = builder.credentials(credentials);
        }
        Ok(builder)
    }
}

impl ClientBuilder {
    /// A builder configured from one source, which must give credentials; without a target it sends to the
    /// default region. See [`ConnectionSettings::apply_to`] to add a source's settings to a builder instead.
    pub fn from_settings(settings: &ConnectionSettings) -> Result<Self, ConfigError> {
        if !settings.has_credentials() {
            let names = &settings.names;
            return Err(ConfigError::new(
                ConfigErrorKind::NoCredentials,
                format!(
                    "no credentials in {}: set {} and {}, or {}",
                    settings.origin, names.client_id, names.client_secret, names.access_token
                ),
            ));
        }
        settings.apply_to(ClientBuilder::new())
    }
}
