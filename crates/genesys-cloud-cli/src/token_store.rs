//! The token cache on disk, `~/.gc/genesys-tokens.json`: the tokens of earlier runs, so that ten commands in a row
//! cost one token request, and the tokens of `genesys login`.
//!
//! One JSON file, mode 0600 from creation, written whole to a temporary file beside it and renamed over it, so a
//! reader sees the old file or the new one, never half of one. Entries are keyed by API base URL, client id and
//! profile; they hold access and refresh tokens, never a client secret. A file that is not this user's, that the
//! group or others can read or write, or that is not what this program writes is ignored with a warning (and
//! replaced at the next write): a token read from it is never sent. Two commands finishing at once may each write
//! the file; the later write wins and the other's new token is fetched again next time, which costs one request.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use genesys_cloud::TokenInfo;
use genesys_cloud::models::{AccessToken, RefreshToken};
use serde::{Deserialize, Serialize};

/// The file's name, beside gc's `config.toml`.
const FILE_NAME: &str = "genesys-tokens.json";
/// The largest file read: a few hundred entries at most; anything bigger is not ours.
const MAX_FILE_SIZE: u64 = 1024 * 1024;
/// The format written; another is ignored.
const VERSION: u32 = 1;

/// How a cached token was obtained, which decides how a later run renews it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Kind {
    /// By the client credentials of the profile, flags or environment: renewed with them.
    ClientCredentials,
    /// By `genesys login` (a user signed in): renewed with its refresh token, if any, or by logging in again.
    Login,
}

/// Which entry: API base URL, client id and profile (empty for credentials from flags or the environment), and
/// for client credentials a fingerprint of the secret, so that a wrong or rotated secret never gets the token
/// the right one fetched.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Key {
    pub(crate) environment: String,
    pub(crate) client_id: String,
    pub(crate) profile: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) secret_fingerprint: Option<String>,
}

/// A fingerprint of a client secret: the first 128 bits of a domain-separated SHA-256 of id and secret, in hex.
/// It tells secrets apart without holding one (the secrets are long random strings, not guessable passwords).
pub(crate) fn secret_fingerprint(client_id: &str, secret: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for part in ["genesys token cache", client_id, secret] {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    hash.finalize()[..16]
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// One cached token. Its `Debug` never shows the tokens.
#[derive(Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Entry {
    #[serde(flatten)]
    pub(crate) key: Key,
    pub(crate) kind: Kind,
    access_token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refresh_token: Option<String>,
    /// Seconds since the Unix epoch; none when the token endpoint gave no lifetime.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_at: Option<u64>,
}

impl core::fmt::Debug for Entry {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Entry")
            .field("key", &self.key)
            .field("kind", &self.kind)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

impl Entry {
    /// The entry of `token`, obtained as `kind`.
    pub(crate) fn new(key: Key, kind: Kind, token: &TokenInfo) -> Self {
        Self {
            key,
            kind,
            access_token: token.access_token.expose_secret().to_owned(),
            refresh_token: token
                .refresh_token
                .as_ref()
                .map(|t| t.expose_secret().to_owned()),
            expires_at: token
                .expires_at
                .and_then(|at| at.duration_since(UNIX_EPOCH).ok())
                .map(|since| since.as_secs()),
        }
    }

    /// The token, to start a client from.
    pub(crate) fn token(&self) -> TokenInfo {
        TokenInfo::new(
            AccessToken::new(self.access_token.clone()),
            self.refresh_token.clone().map(RefreshToken::new),
            self.expires_at(),
        )
    }

    /// When the access token expires; `None` also for a time the clock cannot hold (a corrupt file's), which
    /// makes the token one of unknown lifetime: never taken as fresh.
    pub(crate) fn expires_at(&self) -> Option<SystemTime> {
        self.expires_at
            .and_then(|secs| UNIX_EPOCH.checked_add(Duration::from_secs(secs)))
    }

    /// Whether the access token still works for at least a few seconds.
    pub(crate) fn is_fresh(&self) -> bool {
        self.expires_at()
            .is_some_and(|at| at > SystemTime::now() + Duration::from_secs(5))
    }

    /// The secret values, to keep out of messages.
    pub(crate) fn secrets(&self) -> Vec<String> {
        std::iter::once(self.access_token.clone())
            .chain(self.refresh_token.clone())
            .collect()
    }
}

#[derive(Default, Serialize, Deserialize)]
struct File {
    version: u32,
    entries: Vec<Entry>,
}

/// What [`TokenStore::remove`] did.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Removed {
    /// The entries removed from a trusted file.
    pub(crate) count: usize,
    /// Whether an untrusted file was removed whole.
    pub(crate) untrusted_file: bool,
}

/// The token cache under a home directory.
#[derive(Debug, Clone)]
pub(crate) struct TokenStore {
    path: PathBuf,
}

impl TokenStore {
    /// The cache of the user whose home is `home`: `home/.gc/genesys-tokens.json`.
    pub(crate) fn in_home(home: &Path) -> Self {
        Self {
            path: crate::profile::config_path(home).with_file_name(FILE_NAME),
        }
    }

    /// The file's path.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The entry for `key`, if the file is trustworthy and has one.
    pub(crate) fn get(&self, key: &Key) -> Option<Entry> {
        self.read().into_iter().find(|entry| entry.key == *key)
    }

    /// The entries `matches` selects.
    pub(crate) fn entries(&self, matches: impl Fn(&Key) -> bool) -> Vec<Entry> {
        self.read()
            .into_iter()
            .filter(|entry| matches(&entry.key))
            .collect()
    }

    /// Stores `entry` in place of the one with its key; warns (and leaves the file alone) when it cannot.
    pub(crate) fn put(&self, entry: Entry) {
        let Some(_lock) = self.lock() else {
            return;
        };
        let mut entries = self.read();
        entries.retain(|old| old.key != entry.key);
        entries.push(entry);
        if let Err(error) = self.write(entries) {
            warn(&format!(
                "cannot write the token cache {}: {error}",
                self.path.display()
            ));
        }
    }

    /// Removes the entries `matches` selects; returns how many there were. A file that is not trusted is removed
    /// whole (with a warning): its entries cannot be told apart, were never used, and would only be replaced at
    /// the next write, so a logout must not leave the tokens in it behind.
    pub(crate) fn remove(&self, matches: impl Fn(&Key) -> bool) -> Result<Removed, std::io::Error> {
        let _lock = self.lock();
        let mut entries = match self.try_read() {
            Ok(entries) => entries,
            Err(None) => return Ok(Removed::default()),
            Err(Some(why)) => {
                warn(&format!(
                    "removing the token cache {}: {why}; its tokens were never used",
                    self.path.display()
                ));
                std::fs::remove_file(&self.path)?;
                return Ok(Removed {
                    count: 0,
                    untrusted_file: true,
                });
            }
        };
        let before = entries.len();
        entries.retain(|entry| !matches(&entry.key));
        let removed = before - entries.len();
        if removed > 0 {
            if entries.is_empty() {
                std::fs::remove_file(&self.path)?;
            } else {
                self.write(entries)?;
            }
        }
        Ok(Removed {
            count: removed,
            untrusted_file: false,
        })
    }

    /// The lock of one read-modify-write (see `cache_lock`); `None`, with a warning, when the cache's directory
    /// cannot be created (then nothing can be written either).
    fn lock(&self) -> Option<crate::cache_lock::CacheLock> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        match create_private_dir(dir) {
            Ok(()) => Some(crate::cache_lock::lock(&self.path)),
            Err(error) => {
                warn(&format!(
                    "cannot write the token cache {}: {error}",
                    self.path.display()
                ));
                None
            }
        }
    }

    /// The entries of a trustworthy file; none (with a warning) for a file that is not.
    fn read(&self) -> Vec<Entry> {
        match self.try_read() {
            Ok(entries) => entries,
            Err(None) => Vec::new(),
            Err(Some(why)) => {
                warn(&format!(
                    "ignoring the token cache {}: {why}; it is replaced at the next login or token fetch",
                    self.path.display()
                ));
                Vec::new()
            }
        }
    }

    /// `Err(None)`: there is no file; `Err(Some(why))`: there is one, not to be trusted.
    fn try_read(&self) -> Result<Vec<Entry>, Option<String>> {
        let file = match open_no_follow(&self.path) {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Err(None),
            Err(error) => return Err(Some(format!("cannot read it ({error})"))),
        };
        let metadata = file
            .metadata()
            .map_err(|error| Some(format!("cannot read it ({error})")))?;
        check_private(&metadata, &self.path)?;
        let mut text = Vec::new();
        file.take(MAX_FILE_SIZE + 1)
            .read_to_end(&mut text)
            .map_err(|error| Some(format!("cannot read it ({error})")))?;
        if text.len() as u64 > MAX_FILE_SIZE {
            return Err(Some("it is larger than 1 MiB".to_owned()));
        }
        // Only the position: serde's type errors quote the value they met, which may be a token.
        let parsed: File = serde_json::from_slice(&text).map_err(|error| {
            Some(format!(
                "it is not a token cache (line {}, column {})",
                error.line(),
                error.column()
            ))
        })?;
        if parsed.version != VERSION {
            return Err(Some(format!(
                "its format version {} is not {VERSION}",
                parsed.version
            )));
        }
        Ok(parsed.entries)
    }

    /// Writes `entries` to a temporary file created with mode 0600 in the same directory, then renames it over the
    /// cache, so that no reader ever sees a partial file and the tokens are never readable by others.
    fn write(&self, entries: Vec<Entry>) -> Result<(), std::io::Error> {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        create_private_dir(dir)?;
        let json = serde_json::to_vec_pretty(&File {
            version: VERSION,
            entries,
        })
        .map_err(std::io::Error::other)?;
        let temp = dir.join(format!(
            ".{FILE_NAME}.{}.{}.tmp",
            std::process::id(),
            unique_suffix()
        ));
        let result = (|| {
            let mut file = create_private_file(&temp)?;
            file.write_all(&json)?;
            file.sync_all()?;
            std::fs::rename(&temp, &self.path)
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&temp);
        }
        result
    }
}

/// A suffix that keeps the temporary files of concurrent runs apart.
fn unique_suffix() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| u64::from(since.subsec_nanos()))
}

pub(crate) fn warn(message: &str) {
    let _ = writeln!(std::io::stderr(), "warning: {message}");
}

/// Opens `path` for reading without following a symbolic link in its last component (a link planted there could
/// make the cache read, and later replace, another file), and only when it is a regular file.
fn open_no_follow(path: &Path) -> std::io::Result<std::fs::File> {
    let link = std::fs::symlink_metadata(path)?;
    if link.file_type().is_symlink() {
        return Err(std::io::Error::other("it is a symbolic link"));
    }
    // Checked before opening: opening a FIFO for reading waits for a writer, so every command would hang.
    if !link.is_file() {
        return Err(std::io::Error::other("it is not a regular file"));
    }
    std::fs::File::open(path)
}

/// Refuses a cache file that is not a regular file of this user that only this user can read and write.
fn check_private(metadata: &std::fs::Metadata, path: &Path) -> Result<(), Option<String>> {
    if !metadata.is_file() {
        return Err(Some("it is not a regular file".to_owned()));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let mode = metadata.permissions().mode() & 0o7777;
        if mode & 0o077 != 0 {
            return Err(Some(format!(
                "its permissions {mode:04o} let other users read or change it (fix: rm {})",
                path.display()
            )));
        }
        if let Some(uid) = current_uid(path) {
            if metadata.uid() != uid {
                return Err(Some(format!(
                    "it belongs to another user (uid {}, not {uid})",
                    metadata.uid()
                )));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// This process's user id, without `unsafe` (the workspace forbids it): the owner of `/proc/self` on Linux,
/// else the owner of the directory holding the cache (on a system without `/proc`, a cache directory of another
/// user is caught by the directory's owner instead).
#[cfg(unix)]
fn current_uid(path: &Path) -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self")
        .or_else(|_| std::fs::metadata(path.parent().unwrap_or(Path::new("."))))
        .ok()
        .map(|metadata| metadata.uid())
}

/// Creates `dir` (mode 0700 when it is created here) if it is missing.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Creates a new file with mode 0600 from the start (never a moment with the umask's mode).
fn create_private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn home(tag: &str) -> PathBuf {
        let home =
            std::env::temp_dir().join(format!("genesys-tokens-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&home);
        home
    }

    fn key(profile: &str) -> Key {
        Key {
            environment: "https://api.mypurecloud.com".to_owned(),
            client_id: "id".to_owned(),
            profile: profile.to_owned(),
            secret_fingerprint: Some(secret_fingerprint("id", "secret")),
        }
    }

    #[test]
    fn fingerprints_differ_by_secret_and_client_and_hold_neither() {
        let one = secret_fingerprint("id", "secret");
        assert_eq!(one.len(), 32);
        assert_ne!(one, secret_fingerprint("id", "secret2"));
        assert_ne!(one, secret_fingerprint("id2", "secret"));
        assert!(!one.contains("secret"));
    }

    fn entry(profile: &str, token: &str) -> Entry {
        let info = TokenInfo::new(
            AccessToken::new(token),
            Some(RefreshToken::new("refresh-1")),
            Some(SystemTime::now() + Duration::from_secs(600)),
        );
        Entry::new(key(profile), Kind::ClientCredentials, &info)
    }

    #[test]
    fn entries_round_trip_by_key_and_are_removed() {
        let home = home("round-trip");
        let store = TokenStore::in_home(&home);
        assert!(store.get(&key("a")).is_none());
        store.put(entry("a", "tok-a"));
        store.put(entry("b", "tok-b"));
        store.put(entry("a", "tok-a2"));
        let found = store.get(&key("a")).unwrap();
        assert_eq!(found.token().access_token.expose_secret(), "tok-a2");
        assert!(found.is_fresh() && found.token().refresh_token.is_some());
        assert!(!format!("{found:?}").contains("tok-a2"));
        assert_eq!(store.remove(|k| k.profile == "a").unwrap().count, 1);
        assert!(store.get(&key("a")).is_none());
        assert!(store.get(&key("b")).is_some());
        assert_eq!(store.remove(|_| true).unwrap().count, 1);
        assert!(!store.path().exists());
        let _ = std::fs::remove_dir_all(&home);
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_private_from_creation_and_an_exposed_one_is_ignored() {
        use std::os::unix::fs::PermissionsExt;
        let home = home("mode");
        let store = TokenStore::in_home(&home);
        store.put(entry("a", "tok-a"));
        let mode = std::fs::metadata(store.path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        std::fs::set_permissions(store.path(), std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(
            store.get(&key("a")).is_none(),
            "a readable cache is not trusted"
        );
        // A symbolic link is not followed.
        std::fs::set_permissions(store.path(), std::fs::Permissions::from_mode(0o600)).unwrap();
        let link = home.join("link.json");
        std::os::unix::fs::symlink(store.path(), &link).unwrap();
        let linked = TokenStore { path: link };
        assert!(linked.get(&key("a")).is_none());
        // A file of another user is not trusted either (only root can make one to check: CI runs as root).
        if current_uid(store.path()) == Some(0) {
            assert!(store.get(&key("a")).is_some());
            std::os::unix::fs::chown(store.path(), Some(65534), None).unwrap();
            assert!(
                store.get(&key("a")).is_none(),
                "a foreign file is not trusted"
            );
        }
        let _ = std::fs::remove_dir_all(&home);
    }

    /// Review: an `expiresAt` past what `SystemTime` holds (a corrupt or hand-edited file) panicked on
    /// `UNIX_EPOCH + secs` instead of being read as a token of unknown lifetime.
    #[test]
    fn an_expiry_beyond_the_clock_does_not_panic() {
        let home = home("huge-expiry");
        let store = TokenStore::in_home(&home);
        store.put(entry("a", "tok-a"));
        let text = std::fs::read_to_string(store.path()).unwrap();
        let at = text.find("\"expiresAt\": ").unwrap() + "\"expiresAt\": ".len();
        let end = at + text[at..].find(|c: char| !c.is_ascii_digit()).unwrap();
        let edited = format!("{}{}{}", &text[..at], u64::MAX, &text[end..]);
        store
            .write(serde_json::from_str::<File>(&edited).unwrap().entries)
            .unwrap();
        let found = store.get(&key("a")).unwrap();
        assert_eq!(found.expires_at(), None);
        assert!(
            !found.is_fresh(),
            "a token of unknown lifetime is not taken as fresh"
        );
        assert_eq!(found.token().expires_at, None);
        let _ = std::fs::remove_dir_all(&home);
    }

    /// Review 4: a FIFO (or other special file) at the cache's path was opened for reading before its type was
    /// checked, and opening a FIFO blocks until a writer comes: every command hung instead of ignoring the file.
    #[cfg(unix)]
    #[test]
    fn a_fifo_at_the_cache_path_is_refused_without_hanging() {
        let home = home("fifo");
        let store = TokenStore::in_home(&home);
        std::fs::create_dir_all(store.path().parent().unwrap()).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(store.path())
            .status()
            .unwrap();
        assert!(made.success(), "mkfifo failed");
        let (done, finished) = std::sync::mpsc::channel();
        let reader = store.clone();
        std::thread::spawn(move || {
            let _ = done.send(reader.get(&key("a")).is_none());
        });
        let outcome = finished.recv_timeout(Duration::from_secs(5));
        if outcome.is_err() {
            // Unblock the reader stuck in open(2) so the test process can end.
            let _ = std::fs::OpenOptions::new().write(true).open(store.path());
        }
        let _ = std::fs::remove_dir_all(&home);
        assert_eq!(
            outcome,
            Ok(true),
            "reading a cache path that is a FIFO hung (or trusted it)"
        );
    }

    /// Review 4: `put` reads the file, adds its entry and renames a new file over it, with nothing held across:
    /// two commands storing tokens at once (a login in one terminal, a script's client-credentials token in
    /// another) each write the file as they read it, and one's entry is lost (a login's refresh token with it).
    #[test]
    fn concurrent_puts_of_different_profiles_keep_every_entry() {
        let home = home("concurrent");
        let store = TokenStore::in_home(&home);
        store.put(entry("seed", "tok-seed"));
        let writers: Vec<_> = (0..8)
            .map(|writer| {
                let store = store.clone();
                std::thread::spawn(move || {
                    for round in 0..5 {
                        store.put(entry(
                            &format!("p{writer}"),
                            &format!("tok-{writer}-{round}"),
                        ));
                    }
                })
            })
            .collect();
        for writer in writers {
            writer.join().unwrap();
        }
        let missing: Vec<String> = (0..8)
            .map(|writer| format!("p{writer}"))
            .filter(|profile| store.get(&key(profile)).is_none())
            .collect();
        let _ = std::fs::remove_dir_all(&home);
        assert!(
            missing.is_empty(),
            "entries lost by concurrent writers: {missing:?}"
        );
    }

    #[test]
    fn a_corrupt_or_foreign_format_file_is_ignored_and_replaced() {
        let home = home("corrupt");
        let store = TokenStore::in_home(&home);
        store.put(entry("a", "tok-a"));
        for text in ["{not json", "{\"version\":99,\"entries\":[]}", "[]"] {
            std::fs::write(store.path(), text).unwrap();
            assert!(store.get(&key("a")).is_none(), "{text}");
        }
        store.put(entry("a", "tok-a"));
        assert!(store.get(&key("a")).is_some());
        let _ = std::fs::remove_dir_all(&home);
    }
}
