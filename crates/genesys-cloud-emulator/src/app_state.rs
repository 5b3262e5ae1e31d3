//! [`Shared`]: the application state every connection task sees (store, settings, faults, clock).

use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::clock::Clock;
use crate::faults::FaultGenerator;
use crate::persist::{Persister, Snapshot};
use crate::reply::Reply;
use crate::stats::Mutation;
use crate::store::Store;
use crate::users::Users;
use crate::{EmulatorStats, lock};

/// The settings handlers read; fixed at start.
#[derive(Debug)]
pub(crate) struct Settings {
    pub(crate) page_size: Option<u32>,
    pub(crate) usage_delay: Duration,
    pub(crate) visibility_delay: Duration,
    pub(crate) token_lifetime: Duration,
    pub(crate) usage_live: bool,
    /// Whether `pageSize` and `pageNumber` are honoured on the client list.
    pub(crate) paging_parameters: bool,
    /// Whether client scopes must be in the catalogue (not only well formed).
    pub(crate) known_scopes_only: bool,
    /// Requests per token per window, and the window.
    pub(crate) rate_limit: Option<(u32, Duration)>,
    /// Home and the configured divisions.
    pub(crate) divisions: Vec<crate::catalogue::Division>,
}

/// Locks are taken one at a time and never held across an await.
pub(crate) struct Shared {
    pub(crate) store: Mutex<Store>,
    /// Every counter but `clients`, which is read from the store.
    pub(crate) stats: Mutex<EmulatorStats>,
    pub(crate) faults: Mutex<FaultGenerator>,
    pub(crate) persister: Option<Arc<Persister>>,
    pub(crate) settings: Settings,
    pub(crate) clock: Clock,
    /// Who can sign in on the login page; fixed at start.
    pub(crate) users: Users,
}

impl Shared {
    pub(crate) fn stats(&self) -> EmulatorStats {
        let mut stats = lock(&self.stats).clone();
        let store = lock(&self.store);
        stats.clients = store.client_count() as u64;
        stats.tokens_held = store.token_count() as u64;
        stats
    }

    pub(crate) fn count_mutation(&self, mutation: Mutation) {
        lock(&self.stats).mutations.add(mutation);
    }

    /// The state to save after a change, taken while `store` is still locked; `None` without a state file.
    pub(crate) fn snapshot(&self, store: &Store) -> Option<Snapshot> {
        self.persister
            .as_ref()
            .map(|persister| persister.snapshot(store))
    }

    /// Writes a snapshot to the state file before the change is acknowledged.
    ///
    /// A failure is logged (`tracing` error, with the path and the operating system's reason) for whoever
    /// runs the emulator; the client gets a 500 without either, as a server's file system is none of its
    /// business.
    pub(crate) async fn save(&self, snapshot: Option<Snapshot>) -> Result<(), Reply> {
        let (Some(persister), Some(snapshot)) = (self.persister.clone(), snapshot) else {
            return Ok(());
        };
        let path = persister.path().display().to_string();
        let outcome = tokio::task::spawn_blocking(move || persister.write(snapshot)).await;
        let error = match outcome {
            Ok(Ok(())) => return Ok(()),
            Ok(Err(e)) => e.to_string(),
            Err(e) => e.to_string(),
        };
        tracing::error!(path = %path, error = %error, "the emulator could not save its state file");
        Err(Reply::internal(
            "The change was applied but the emulator could not save its state file; its log says why",
        ))
    }
}
