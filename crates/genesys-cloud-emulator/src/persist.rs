//! The state file: loaded at start, written atomically after every change.
//!
//! A save writes a temporary file in the same directory, flushes it to disk, and renames it over the state
//! file, so a crash at any moment leaves either the previous or the new state, never a torn one. Saves
//! carry a generation number so that a slow save never overwrites a newer one.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use genesys_cloud_models::{OAuthAuthorization, OAuthClient};
use serde::{Deserialize, Serialize};

use crate::EmulatorError;
use crate::lock;
use crate::store::Store;

const VERSION: u32 = 1;

/// What the state file holds. Tokens, executions and the usage log are not kept: after a restart clients
/// log in again.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct StateFile {
    version: u32,
    pub(crate) clients: Vec<OAuthClient>,
    pub(crate) authorizations: Vec<OAuthAuthorization>,
}

impl StateFile {
    pub(crate) fn of(store: &Store) -> Self {
        Self {
            version: VERSION,
            clients: store
                .clients()
                .map(|record| record.client.clone())
                .collect(),
            authorizations: store.authorizations.clone(),
        }
    }
}

/// Reads the state file; `Ok(None)` when there is none yet.
pub(crate) fn load(path: &Path) -> Result<Option<StateFile>, EmulatorError> {
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(source) => {
            return Err(EmulatorError::StateRead {
                path: path.to_owned(),
                source,
            });
        }
    };
    let corrupt = |reason: String| EmulatorError::StateCorrupt {
        path: path.to_owned(),
        reason,
    };
    let state: StateFile = serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
    if state.version != VERSION {
        return Err(corrupt(format!(
            "version {} is not supported (expected {VERSION})",
            state.version
        )));
    }
    let mut seen = std::collections::HashSet::new();
    for client in &state.clients {
        let id = client
            .id
            .as_deref()
            .ok_or_else(|| corrupt(format!("the client `{}` has no id", client.name)))?;
        if !seen.insert(id) {
            return Err(corrupt(format!("the client id `{id}` appears twice")));
        }
    }
    Ok(Some(state))
}

/// Writes snapshots of the state to the file, newest generation wins.
#[derive(Debug)]
pub(crate) struct Persister {
    path: PathBuf,
    generation: AtomicU64,
    written: Mutex<u64>,
}

impl Persister {
    pub(crate) fn new(path: PathBuf) -> Self {
        Self {
            path,
            generation: AtomicU64::new(0),
            written: Mutex::new(0),
        }
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Serializes the state; call with the store locked, right after the change, so generations follow
    /// the order of changes.
    pub(crate) fn snapshot(&self, store: &Store) -> Snapshot {
        let generation = self.generation.fetch_add(1, Ordering::SeqCst) + 1;
        let bytes = serde_json::to_vec_pretty(&StateFile::of(store))
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e));
        Snapshot { generation, bytes }
    }

    /// Writes a snapshot unless a newer one has been written already. Blocking: run off the async workers.
    pub(crate) fn write(&self, snapshot: Snapshot) -> io::Result<()> {
        let mut written = lock(&self.written);
        if *written >= snapshot.generation {
            return Ok(());
        }
        write_atomically(&self.path, &snapshot.bytes?)?;
        *written = snapshot.generation;
        Ok(())
    }
}

/// The serialized state at one generation.
#[derive(Debug)]
pub(crate) struct Snapshot {
    generation: u64,
    bytes: io::Result<Vec<u8>>,
}

fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state".to_owned());
    let temp = dir.join(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = open_private(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)?;
        // Make the rename itself durable; some platforms cannot open a directory, which is harmless here.
        if let Ok(dir) = fs::File::open(&dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Creates the temporary file readable by its owner only, as it holds client secrets.
fn open_private(path: &Path) -> io::Result<fs::File> {
    let mut options = fs::OpenOptions::new();
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
    use genesys_cloud_models::GrantType;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "genesys-emulator-persist-{name}-{}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn round_trip_and_newest_generation_wins() {
        let dir = temp_dir("round-trip");
        let path = dir.join("state.json");
        assert!(load(&path).unwrap().is_none());
        let persister = Persister::new(path.clone());
        let mut store = Store::default();
        let mut client = OAuthClient::new("first", GrantType::ClientCredentials);
        client.id = Some("a".into());
        store.insert_client(client.clone(), None);
        let older = persister.snapshot(&store);
        client.id = Some("b".into());
        store.insert_client(client, None);
        let newer = persister.snapshot(&store);
        persister.write(newer).unwrap();
        persister.write(older).unwrap();
        let loaded = load(&path).unwrap().unwrap();
        assert_eq!(loaded.clients.len(), 2);
        let leftovers = fs::read_dir(&dir).unwrap().count();
        assert_eq!(leftovers, 1, "no temporary file is left behind");
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn corrupt_files_are_clear_errors() {
        let dir = temp_dir("corrupt");
        let path = dir.join("state.json");
        for bad in [
            "",
            "{\"version\":1,\"clients\":[",
            "garbage",
            "{\"version\":99,\"clients\":[],\"authorizations\":[]}",
            "{\"version\":1,\"clients\":[{\"name\":\"x\",\"authorizedGrantType\":\"CODE\"}],\"authorizations\":[]}",
        ] {
            fs::write(&path, bad).unwrap();
            let err = load(&path).unwrap_err();
            assert!(
                matches!(err, EmulatorError::StateCorrupt { .. }),
                "{bad}: {err}"
            );
            assert!(err.to_string().contains("state.json"));
        }
        fs::remove_dir_all(dir).unwrap();
    }
}
