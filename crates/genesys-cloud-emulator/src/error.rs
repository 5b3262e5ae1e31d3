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
}
