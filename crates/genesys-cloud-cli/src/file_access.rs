//! Reading the files that may hold a secret (`~/.gc/config.toml`, `--clientsecret-file`): bounded, and with a
//! warning when other users can read them.

use std::io::Write;
use std::path::Path;

/// Warns, as [`warn_readable_by_others`] does, when `metadata` (of the file opened as `path`) lets the group or
/// others read it.
pub(crate) fn warn_if_readable_by_others(path: &Path, metadata: &std::fs::Metadata) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = metadata.permissions().mode();
        if metadata.is_file() && mode & 0o044 != 0 {
            warn_readable_by_others(path, mode & 0o7777);
        }
    }
    #[cfg(not(unix))]
    {
        // Windows ACLs are not mode bits; nothing comparable to check cheaply.
        let _ = (path, metadata);
    }
}

/// Warns on standard error, as ssh does for private keys, that the file at `path`, which holds a secret, has
/// permissions `mode` that let other users read it. The warning names the file and the fix, never its content.
/// Why a warning and not an error: gc writes `config.toml` with the user's umask, so refusing would break working
/// setups.
pub(crate) fn warn_readable_by_others(path: &Path, mode: u32) {
    let _ = writeln!(
        std::io::stderr(),
        "warning: {path} holds a secret and its permissions {mode:04o} let other users read it; \
         run `chmod 600 {path}`",
        path = path.display(),
    );
}
