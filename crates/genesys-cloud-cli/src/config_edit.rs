//! Editing gc's `~/.gc/config.toml` in place: its TOML document (toml_edit) is changed instead of a parsed table
//! re-serialised, so that what else the file holds (comments, other profiles, keys gc or other tools read)
//! survives byte for byte; the new file replaces the old one by a rename, created with mode 0600 as it may hold a
//! client secret.

use std::io::Write as _;
use std::path::Path;

use genesys_cloud::GcProfiles;
use toml_edit::{DocumentMut, Item, Table, value};

use crate::cli_error::CliError;
use crate::profile::GRANT_PKCE;
use crate::profiles_cmd::config_path;

/// Reads the file as an editable document; a missing file is an empty one.
pub(crate) fn read_document(path: &Path) -> Result<DocumentMut, CliError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(error) => {
            return Err(CliError::environment(format!(
                "cannot read {}: {error}",
                path.display()
            )));
        }
    };
    // Checked by the reader commands use first, whose message names a line and never quotes it (a secret).
    if !text.is_empty() {
        GcProfiles::parse(&text)
            .map_err(|error| CliError::environment(format!("{}: {error}", path.display())))?;
    }
    text.parse::<DocumentMut>()
        .map_err(|_| CliError::environment(format!("{} is not valid TOML", path.display())))
}

/// The name of an existing table matching `name` ignoring case, as profiles are looked up.
pub(crate) fn existing_name(document: &DocumentMut, name: &str) -> Option<String> {
    document
        .iter()
        .map(|(key, _)| key)
        .find(|key| key.eq_ignore_ascii_case(name))
        .map(str::to_owned)
}

/// Writes `document` to `path` through a temporary file (mode 0600) renamed over it; a symbolic link at
/// `path` (a dotfiles manager's) is kept, and its target replaced.
fn write_document(path: &Path, document: &DocumentMut) -> Result<(), CliError> {
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    let dir = target.parent().unwrap_or(Path::new("."));
    let failed = |error: std::io::Error| {
        CliError::environment(format!("cannot write {}: {error}", path.display()))
    };
    create_private_dir(dir).map_err(failed)?;
    let temp = dir.join(format!(".config.toml.{}.tmp", std::process::id()));
    let written = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&temp)?;
        file.write_all(document.to_string().as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temp, &target)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written.map_err(failed)
}

/// Creates `dir` (and its parents) with mode 0700 if missing.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// Sets `settings` in profile `name` (created if missing), removing the keys whose value is `None`; the rest of
/// the file is untouched.
pub(crate) fn save_profile(
    path: &Path,
    name: &str,
    settings: &[(&str, Option<&str>)],
    replace: bool,
) -> Result<String, CliError> {
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
    create_private_dir(target.parent().unwrap_or(Path::new("."))).map_err(|error| {
        CliError::environment(format!("cannot write {}: {error}", path.display()))
    })?;
    // Held from the read to the rename: another genesys saving a profile at the same time keeps its change.
    let _lock = crate::cache_lock::lock(&target);
    let mut document = read_document(path)?;
    let name = match existing_name(&document, name) {
        Some(_) if !replace => {
            return Err(CliError::usage(format!(
                "profile `{name}` exists in {}; --force replaces it",
                path.display()
            )));
        }
        Some(found) => found,
        None => {
            document.insert(name, Item::Table(Table::new()));
            name.to_owned()
        }
    };
    let table = document
        .get_mut(&name)
        .and_then(Item::as_table_mut)
        .ok_or_else(|| {
            CliError::environment(format!("`{name}` in {} is not a table", path.display()))
        })?;
    for (key, setting) in settings {
        match setting {
            Some(text) => {
                table.insert(key, value(*text));
            }
            None => {
                table.remove(key);
            }
        }
    }
    write_document(path, &document)?;
    Ok(name)
}

/// Saves the profile of a first `genesys login` (creating it, or completing one that names no client): the public
/// client, the environment if one was named, and gc's PKCE grant type. Other keys of the profile are kept.
pub(crate) fn save_login_profile(
    name: &str,
    client_id: &str,
    environment: Option<&str>,
) -> Result<(), CliError> {
    let path = config_path()?;
    let mut settings = vec![
        ("client_credentials", Some(client_id)),
        ("grant_type", Some(GRANT_PKCE)),
    ];
    if environment.is_some() {
        settings.insert(0, ("environment", environment));
    }
    let saved = save_profile(&path, name, &settings, true)?;
    eprintln!(
        "Saved client `{client_id}` in profile `{saved}` of {}.",
        path.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Review 4, same class as the token cache's: saving reads the file, adds a profile and renames a new file
    /// over it; two genesys saving at once each wrote what they had read (one profile lost), and shared the
    /// temporary file's name.
    #[test]
    fn concurrent_saves_of_different_profiles_keep_every_profile() {
        let dir = std::env::temp_dir().join(format!(
            "genesys-config-edit-concurrent-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("config.toml");
        let savers: Vec<_> = (0..8)
            .map(|saver| {
                let path = path.clone();
                std::thread::spawn(move || {
                    save_profile(
                        &path,
                        &format!("p{saver}"),
                        &[("client_credentials", Some("id"))],
                        true,
                    )
                    .map(drop)
                    .map_err(|error| format!("{error:?}"))
                })
            })
            .collect();
        let results: Vec<_> = savers
            .into_iter()
            .map(|saver| saver.join().unwrap())
            .collect();
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let _ = std::fs::remove_dir_all(&dir);
        assert!(results.iter().all(Result::is_ok), "{results:?}");
        for saver in 0..8 {
            assert!(
                text.contains(&format!("[p{saver}]")),
                "p{saver} lost:\n{text}"
            );
        }
    }

    #[test]
    fn saving_keeps_comments_other_profiles_and_unknown_keys() {
        let dir = std::env::temp_dir().join(format!("genesys-profiles-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("config.toml");
        std::fs::create_dir_all(&dir).unwrap();
        let before = "# my profiles\n[DEFAULT]\nenvironment = \"mypurecloud.ie\" # Ireland\n\
                      client_credentials = \"a\"\nclient_secret = \"s\"\nlog_file_path = \"/tmp/x\"\n\n\
                      [other]\nfoo = 1\n";
        std::fs::write(&path, before).unwrap();
        save_profile(&path, "new", &[("client_credentials", Some("b"))], false).unwrap();
        let after = std::fs::read_to_string(&path).unwrap();
        assert!(after.starts_with(before), "{after}");
        assert!(
            after.contains("[new]\nclient_credentials = \"b\"\n"),
            "{after}"
        );
        // An existing profile (matched ignoring case) needs replace, and keeps what is not set.
        assert!(save_profile(&path, "default", &[], false).is_err());
        save_profile(
            &path,
            "default",
            &[("client_secret", None), ("grant_type", Some("3"))],
            true,
        )
        .unwrap();
        let after = std::fs::read_to_string(&path).unwrap();
        assert!(
            after.contains("# Ireland") && after.contains("log_file_path"),
            "{after}"
        );
        assert!(!after.contains("client_secret"), "{after}");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}
