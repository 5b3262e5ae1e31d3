//! Profiles of the gc CLI's `~/.gc/config.toml`: one table per profile, `[DEFAULT]` by default.

use std::path::{Path, PathBuf};

use crate::errors::CliError;

/// The profile used when `--profile` is not given.
pub(crate) const DEFAULT_PROFILE: &str = "DEFAULT";

/// The settings of one profile; every key is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Profile {
    /// Where it was read from, for messages.
    pub(crate) origin: String,
    /// `environment`: region id, domain or URL.
    pub(crate) environment: Option<String>,
    /// `client_credentials`: the OAuth client id.
    pub(crate) client_id: Option<String>,
    /// `client_secret`.
    pub(crate) client_secret: Option<String>,
    /// `access_token`.
    pub(crate) access_token: Option<String>,
}

/// `~/.gc/config.toml` under `home`.
pub(crate) fn config_path(home: &Path) -> PathBuf {
    home.join(".gc").join("config.toml")
}

/// The largest `config.toml` read: gc's files are a few hundred bytes; this only stops a runaway or hostile
/// file (or `/dev/zero`) from being read whole into memory.
pub(crate) const MAX_CONFIG: u64 = 1024 * 1024;

/// Loads profile `name` from `path`. A missing file or table is no profile, unless the profile was asked for
/// by name (`explicit`), when it is an error. Warns when the file holds a secret other users can read.
pub(crate) fn load(path: &Path, name: &str, explicit: bool) -> Result<Option<Profile>, CliError> {
    let cannot_read = |error: &dyn std::fmt::Display| {
        CliError::environment(format!(
            "cannot read profile `{name}` from {}: {error}",
            path.display()
        ))
    };
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound && !explicit => return Ok(None),
        Err(error) => return Err(cannot_read(&error)),
    };
    // The metadata of the opened file, not of the path: the one that is read is the one checked.
    let metadata = file.metadata().map_err(|error| cannot_read(&error))?;
    let bytes = crate::body::read_at_most(file, MAX_CONFIG)
        .map_err(|error| cannot_read(&error))?
        .ok_or_else(|| {
            CliError::environment(format!(
                "{} is larger than {} MiB: it is not a gc config file",
                path.display(),
                MAX_CONFIG / (1024 * 1024)
            ))
        })?;
    let text = String::from_utf8(bytes).map_err(|_| cannot_read(&"it is not UTF-8 text"))?;
    let origin = path.display().to_string();
    let table = parse_table(&text, &origin)?;
    if holds_secret(&table) {
        crate::file_access::warn_if_readable_by_others(path, &metadata);
    }
    profile_of(&table, name, explicit, &origin)
}

/// Whether any profile of the file has a `client_secret` or an `access_token`.
fn holds_secret(table: &toml::Table) -> bool {
    table
        .values()
        .filter_map(toml::Value::as_table)
        .any(|section| {
            ["client_secret", "access_token"]
                .iter()
                .any(|key| section.contains_key(*key))
        })
}

/// The 1-based line of byte `offset` in `text`.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Parses the file's text; `origin` names the file in messages.
#[cfg(test)]
pub(crate) fn parse(
    text: &str,
    name: &str,
    explicit: bool,
    origin: &str,
) -> Result<Option<Profile>, CliError> {
    profile_of(&parse_table(text, origin)?, name, explicit, origin)
}

/// The file's text as TOML; `origin` names the file in messages.
fn parse_table(text: &str, origin: &str) -> Result<toml::Table, CliError> {
    // Only the parser's message and a line number are reported: its default rendering quotes the offending
    // line, which may be a client_secret.
    text.parse().map_err(|error: toml::de::Error| {
        let line = error
            .span()
            .map(|span| format!(" at line {}", line_of(text, span.start)))
            .unwrap_or_default();
        CliError::environment(format!(
            "{origin} is not valid TOML{line}: {}",
            error.message().trim()
        ))
    })
}

/// Profile `name` of the parsed file.
fn profile_of(
    table: &toml::Table,
    name: &str,
    explicit: bool,
    origin: &str,
) -> Result<Option<Profile>, CliError> {
    let Some(value) = table.get(name) else {
        if explicit {
            return Err(CliError::environment(format!(
                "there is no profile `{name}` in {origin}"
            )));
        }
        return Ok(None);
    };
    let Some(section) = value.as_table() else {
        return Err(CliError::environment(format!(
            "`{name}` in {origin} is not a table of settings"
        )));
    };
    let origin = format!("profile `{name}` of {origin}");
    let get = |key: &str| -> Result<Option<String>, CliError> {
        match section.get(key) {
            None => Ok(None),
            Some(toml::Value::String(value)) if value.trim().is_empty() => Ok(None),
            Some(toml::Value::String(value)) => Ok(Some(value.trim().to_owned())),
            Some(_) => Err(CliError::environment(format!(
                "`{key}` in {origin} is not a string"
            ))),
        }
    };
    Ok(Some(Profile {
        environment: get("environment")?,
        client_id: get("client_credentials")?,
        client_secret: get("client_secret")?,
        access_token: get("access_token")?,
        origin,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::errors::Failure;

    const FILE: &str = r#"
[DEFAULT]
environment = "mypurecloud.ie"
client_credentials = "id-1"
client_secret = "secret-1"

[ci]
access_token = "token-2"
"#;

    #[test]
    fn reads_the_default_and_named_profiles() {
        let default = parse(FILE, "DEFAULT", false, "f").unwrap().unwrap();
        assert_eq!(default.environment.as_deref(), Some("mypurecloud.ie"));
        assert_eq!(default.client_id.as_deref(), Some("id-1"));
        assert_eq!(default.client_secret.as_deref(), Some("secret-1"));
        assert_eq!(default.access_token, None);
        let ci = parse(FILE, "ci", true, "f").unwrap().unwrap();
        assert_eq!(ci.access_token.as_deref(), Some("token-2"));
        assert!(ci.origin.contains("`ci`"));
    }

    #[test]
    fn a_missing_profile_is_an_error_only_when_named() {
        assert_eq!(parse(FILE, "other", false, "f").unwrap(), None);
        let error = parse(FILE, "other", true, "f").unwrap_err();
        assert_eq!(error.failure(), Failure::Environment);
        assert!(error.line(&[]).contains("no profile `other`"));
    }

    #[test]
    fn a_syntax_error_names_the_line_but_not_its_text() {
        let text = "[DEFAULT]\nclient_credentials = \"id\"\nclient_secret = hunter2-secret\n";
        let error = parse(text, "DEFAULT", false, "f").unwrap_err();
        let line = error.line(&[]);
        assert!(line.contains("line 3"), "{line}");
        assert!(!line.contains("hunter2"), "{line}");
        let error = parse("[DEFAULT]\nclient_secret = 42\n", "DEFAULT", false, "f").unwrap_err();
        assert!(error.line(&[]).contains("not a string"));
    }
}
