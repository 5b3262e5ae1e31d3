//! The profile of gc's `~/.gc/config.toml` to use, read with the library's [`GcProfiles`]: which profile, whether
//! its absence matters, and the warning about a file other users can read.

use std::path::{Path, PathBuf};

use genesys_cloud::{ConfigErrorKind, ConnectionSettings, GcProfiles};

use crate::cli_error::CliError;

/// The profile used when `--profile` is not given.
pub(crate) const DEFAULT_PROFILE: &str = GcProfiles::DEFAULT_PROFILE;

/// `~/.gc/config.toml` under `home`.
pub(crate) fn config_path(home: &Path) -> PathBuf {
    GcProfiles::path_in(home)
}

/// The key of a profile that turns the token cache off for it (`genesys_token_cache = false`).
pub(crate) const TOKEN_CACHE_KEY: &str = "genesys_token_cache";

/// gc's `grant_type` values: `"1"` client credentials, `"2"` implicit, `"3"` PKCE.
pub(crate) const GRANT_IMPLICIT: &str = "2";
/// gc's `grant_type` of a PKCE profile.
pub(crate) const GRANT_PKCE: &str = "3";

/// A profile: its connection settings and what else `genesys` reads of it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Profile {
    /// Target and credentials.
    pub(crate) settings: ConnectionSettings,
    /// The name as the file spells it (`DEFAULT` for `-p default`): token-cache entries are keyed by it.
    pub(crate) name: String,
    /// gc's `grant_type`, if set.
    pub(crate) grant_type: Option<String>,
    /// gc's `redirect_uri` of a PKCE or implicit profile, if set.
    pub(crate) redirect_uri: Option<String>,
    /// Whether tokens of this profile may be cached on disk (`genesys_token_cache = false` says no).
    pub(crate) token_cache: bool,
}

/// Loads profile `name` from `path`. A missing file or profile is no profile, unless the profile was asked for
/// by name (`explicit`), when it is an error. Warns when the file holds a secret other users can read.
pub(crate) fn load(path: &Path, name: &str, explicit: bool) -> Result<Option<Profile>, CliError> {
    let profiles = match GcProfiles::from_path(path) {
        Ok(profiles) => profiles,
        Err(error) if error.is_not_found() && !explicit => return Ok(None),
        Err(error) => return Err(CliError::config(&error)),
    };
    if let Some(mode) = profiles.readable_by_others() {
        crate::file_access::warn_readable_by_others(path, mode);
    }
    let Some(settings) = of(&profiles, name, explicit)? else {
        return Ok(None);
    };
    let setting = |key| {
        profiles
            .setting(name, key)
            .map_err(|error| CliError::environment(error.to_string()))
    };
    let token_cache = match setting(TOKEN_CACHE_KEY)?.as_deref() {
        None | Some("true") => true,
        Some("false") => false,
        Some(other) => {
            return Err(CliError::environment(format!(
                "{TOKEN_CACHE_KEY} in {} is `{other}`, not true or false",
                settings.origin()
            )));
        }
    };
    Ok(Some(Profile {
        name: profiles
            .found_name(name)
            .ok()
            .flatten()
            .unwrap_or(name)
            .to_owned(),
        grant_type: setting("grant_type")?,
        redirect_uri: setting("redirect_uri")?,
        token_cache,
        settings,
    }))
}

/// Profile `name` of `profiles`; see [`load`].
fn of(
    profiles: &GcProfiles,
    name: &str,
    explicit: bool,
) -> Result<Option<ConnectionSettings>, CliError> {
    match profiles.profile(name) {
        Ok(settings) => Ok(Some(settings)),
        Err(error) if error.kind() == ConfigErrorKind::NoSuchProfile && !explicit => Ok(None),
        Err(error) => Err(CliError::config(&error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli_error::Failure;

    const FILE: &str = "[DEFAULT]\nclient_credentials = \"id-1\"\nclient_secret = \"secret-1\"\n";

    #[test]
    fn a_missing_profile_is_an_error_only_when_named() {
        let profiles = GcProfiles::parse(FILE).unwrap();
        assert_eq!(of(&profiles, "other", false).unwrap(), None);
        let error = of(&profiles, "other", true).unwrap_err();
        assert_eq!(error.failure(), Failure::Environment);
        assert!(error.line(&[]).contains("no profile `other`"));
        let default = of(&profiles, DEFAULT_PROFILE, false).unwrap().unwrap();
        assert_eq!(default.client_id(), Some("id-1"));
    }

    #[test]
    fn a_missing_file_is_an_error_only_when_the_profile_was_named() {
        let path = std::env::temp_dir().join(format!(
            "genesys-profile-missing-{}.toml",
            std::process::id()
        ));
        assert_eq!(load(&path, DEFAULT_PROFILE, false).unwrap(), None);
        let error = load(&path, DEFAULT_PROFILE, true).unwrap_err();
        assert_eq!(error.failure(), Failure::Environment);
        assert!(
            error.line(&[]).contains("cannot read"),
            "{}",
            error.line(&[])
        );
    }
}
