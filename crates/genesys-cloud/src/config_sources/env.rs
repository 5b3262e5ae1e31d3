//! `GENESYSCLOUD_*` environment variables, read as gc and the Terraform provider read them.

use super::error::ConfigError;
use super::settings::{ConnectionSettings, SettingNames};
use crate::ClientBuilder;

/// An API base URL such as `http://127.0.0.1:8080` (read by the `genesys` CLI, not by gc).
pub const ENV_BASE_URL: &str = "GENESYSCLOUD_BASE_URL";
/// A region id, domain or URL (`eu_west_1`, `mypurecloud.ie`).
pub const ENV_REGION: &str = "GENESYSCLOUD_REGION";
/// The OAuth client id.
pub const ENV_CLIENT_ID: &str = "GENESYSCLOUD_OAUTHCLIENT_ID";
/// The OAuth client secret.
pub const ENV_CLIENT_SECRET: &str = "GENESYSCLOUD_OAUTHCLIENT_SECRET";
/// A ready-made access token.
pub const ENV_ACCESS_TOKEN: &str = "GENESYSCLOUD_ACCESS_TOKEN";

const NAMES: SettingNames = SettingNames {
    base_url: ENV_BASE_URL,
    environment: ENV_REGION,
    client_id: ENV_CLIENT_ID,
    client_secret: ENV_CLIENT_SECRET,
    access_token: ENV_ACCESS_TOKEN,
};

impl ConnectionSettings {
    /// The settings of the process environment. A variable that is unset, blank or not valid Unicode is absent.
    pub fn from_env() -> Self {
        Self::from_env_vars(|name| std::env::var(name).ok())
    }

    /// The settings `lookup` gives for the `GENESYSCLOUD_*` variable names: a map in a test, a secret store, or
    /// another process's environment.
    ///
    /// ```
    /// use genesys_cloud::ConnectionSettings;
    ///
    /// let settings = ConnectionSettings::from_env_vars(|name| match name {
    ///     "GENESYSCLOUD_REGION" => Some("eu_west_1".to_owned()),
    ///     "GENESYSCLOUD_ACCESS_TOKEN" => Some("a-token".to_owned()),
    ///     _ => None,
    /// });
    /// assert_eq!(settings.environment(), Some("eu_west_1"));
    /// assert!(!format!("{settings:?}").contains("a-token"));
    /// ```
    pub fn from_env_vars(lookup: impl Fn(&str) -> Option<String>) -> Self {
        // Blank counts as unset: `export GENESYSCLOUD_OAUTHCLIENT_SECRET=` must not become an empty secret.
        let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        Self {
            origin: "environment variables".to_owned(),
            names: NAMES,
            base_url: get(ENV_BASE_URL),
            environment: get(ENV_REGION),
            client_id: get(ENV_CLIENT_ID),
            client_secret: get(ENV_CLIENT_SECRET).map(Into::into),
            access_token: get(ENV_ACCESS_TOKEN).map(Into::into),
        }
    }
}

impl ClientBuilder {
    /// A builder configured from the `GENESYSCLOUD_*` environment variables, as gc and the Terraform provider read
    /// them: [`ENV_REGION`] (or [`ENV_BASE_URL`]), and [`ENV_CLIENT_ID`] with [`ENV_CLIENT_SECRET`] or
    /// [`ENV_ACCESS_TOKEN`] (which wins). Fails when no credentials are set, when an id has no secret (or a
    /// secret no id), or when the region is not usable; the message never shows a secret.
    ///
    /// ```no_run
    /// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
    /// let client = genesys_cloud::ClientBuilder::from_env()?.build()?;
    /// # Ok(()) }
    /// ```
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_settings(&ConnectionSettings::from_env())
    }

    /// Like [`from_env`](Self::from_env), with the variables that `lookup` gives.
    pub fn from_env_vars(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        Self::from_settings(&ConnectionSettings::from_env_vars(lookup))
    }
}
