//! An exclusive lock held across one read-modify-write of a file the CLI keeps (the token cache, gc's
//! `config.toml`), so that two `genesys` processes writing at once (a login in one terminal, a script's token in
//! another) do not each write the file as they read it and lose the other's change (a login's refresh token, a
//! new profile).
//!
//! The lock is `flock` on a lock file beside the file: the file itself is replaced by rename, so a lock on it
//! would be a lock on a file that is gone. Waiting is bounded; a lock that cannot be had (another process stuck,
//! a file system without locks) is said in a warning and the write goes on unlocked, as before this lock existed.

use std::path::Path;
use std::time::{Duration, Instant};

/// How long a writer waits for another to finish: a write takes milliseconds.
const WAIT: Duration = Duration::from_secs(5);

/// The held lock; released when dropped (the file is closed).
#[derive(Debug)]
pub(crate) struct CacheLock {
    _file: Option<std::fs::File>,
}

/// Takes the lock of the file at `file` (its directory must exist), waiting at most [`WAIT`].
pub(crate) fn lock(file: &Path) -> CacheLock {
    let mut path = file.as_os_str().to_owned();
    path.push(".lock");
    match take(Path::new(&path)) {
        Ok(held) => CacheLock { _file: Some(held) },
        Err(why) => {
            crate::token_store::warn(&format!(
                "writing {} without its lock: {why}",
                file.display()
            ));
            CacheLock { _file: None }
        }
    }
}

#[cfg(unix)]
fn take(path: &Path) -> Result<std::fs::File, String> {
    use rustix::fs::{FlockOperation, Mode, OFlags};

    // Not following a link planted at the lock's path; non-blocking so that a FIFO there cannot hang the open.
    let fd = rustix::fs::open(
        path,
        OFlags::RDWR | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC,
        Mode::from_raw_mode(0o600),
    )
    .map_err(|error| format!("cannot open {} ({error})", path.display()))?;
    let started = Instant::now();
    loop {
        match rustix::fs::flock(&fd, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => return Ok(std::fs::File::from(fd)),
            Err(rustix::io::Errno::WOULDBLOCK) if started.elapsed() < WAIT => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(rustix::io::Errno::WOULDBLOCK) => {
                return Err(format!("another genesys held it for {} s", WAIT.as_secs()));
            }
            Err(error) => return Err(format!("cannot lock {} ({error})", path.display())),
        }
    }
}

#[cfg(not(unix))]
fn take(_path: &Path) -> Result<std::fs::File, String> {
    Err("file locks are only taken on Unix".to_owned())
}
