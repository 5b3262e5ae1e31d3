#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod app_state;
mod body;
pub mod catalogue;
mod clock;
mod config;
mod consent;
mod demo_usage;
mod emulator;
mod error;
mod faults;
mod grants;
mod ids;
mod login;
mod persist;
mod reply;
mod routes;
mod saml;
mod seed;
mod server;
mod service;
mod stats;
mod store;
mod tls;
mod usage;
mod users;

pub use config::{DEMO_VISIBILITY_DELAY, EmulatorConfig, PLATFORM_RATE_LIMIT_PER_MINUTE};
pub use emulator::Emulator;
pub use error::EmulatorError;
pub use faults::{FaultKind, FaultSpec, FaultSpecError};
pub use stats::{EmulatorStats, FaultCounts, MutationCounts};

use std::sync::{Mutex, MutexGuard, PoisonError};

/// Locks a mutex, carrying on after a panic elsewhere: the emulator's state stays usable for tests.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
