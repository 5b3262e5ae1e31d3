//! [`EmulatorError`]: why an emulator could not start.

use std::io;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Why [`Emulator::start`](crate::Emulator::start) failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmulatorError {
    /// The configuration is invalid.
    #[error("invalid emulator configuration: {0}")]
    Config(String),
    /// The listening socket could not be opened.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// The operating system's reason.
        source: io::Error,
    },
    /// The state file exists but could not be read.
    #[error("cannot read the state file {}: {source}", path.display())]
    StateRead {
        /// The state file.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },
    /// The state file is not a valid emulator state, for example truncated or edited by hand.
    #[error(
        "the state file {} is not a valid emulator state ({reason}); fix it, or move it away to start afresh",
        path.display()
    )]
    StateCorrupt {
        /// The state file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The initial state could not be written to the state file.
    #[error("cannot write the state file {}: {source}", path.display())]
    StateWrite {
        /// The state file.
        path: PathBuf,
        /// The operating system's reason.
        source: io::Error,
    },
    /// A TLS file of [`EmulatorConfig::tls_pem_files`](crate::EmulatorConfig::tls_pem_files) is missing,
    /// unreadable, or holds no PEM certificate or private key.
    #[error("cannot use {} for HTTPS: {reason}", path.display())]
    TlsFile {
        /// The certificate or key file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The private key does not belong to the certificate (or rustls cannot sign with it).
    #[error(
        "the private key {} does not match the certificate {}, or cannot be used with it: {reason}",
        key.display(),
        cert.display()
    )]
    TlsMismatch {
        /// The certificate chain file.
        cert: PathBuf,
        /// The private key file.
        key: PathBuf,
        /// rustls's reason.
        reason: String,
    },
}
