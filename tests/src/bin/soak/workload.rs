//! The workload: workers that each own the clients they create, run mixed operations on them, and record what
//! every answer told them, including what a failure left unknown.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use genesys_cloud::Client;
use genesys_cloud::models::ClientState;
use tokio::task::JoinSet;

use crate::worker::Worker;

/// What became of a create call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Created {
    /// Acknowledged, with the new client's id.
    Acked(String),
    /// Failed in a way that leaves open whether the client was created (the request may have been processed).
    Unknown,
    /// Refused: the client was certainly not created.
    Rejected,
}

/// One create call: the unique name it asked for and what became of it.
#[derive(Clone, Debug)]
pub(crate) struct CreateRecord {
    pub(crate) name: String,
    pub(crate) outcome: Created,
}

/// Whether a client was deleted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Deleted {
    No,
    /// The delete was acknowledged (or a retried delete found it gone).
    Yes,
    /// A delete failed in a way that leaves open whether it happened.
    Maybe,
}

/// What a worker knows of a client it created: each field holds every value the client may have now.
#[derive(Clone, Debug)]
pub(crate) struct Tracked {
    pub(crate) id: String,
    pub(crate) name: String,
    /// The possible states; the last is the one asked for most recently.
    pub(crate) states: Vec<ClientState>,
    /// The possible descriptions; the last is the one asked for most recently.
    pub(crate) descriptions: Vec<String>,
    /// The current secret, when known for sure.
    pub(crate) secret: Option<String>,
    pub(crate) deleted: Deleted,
}

impl Tracked {
    pub(crate) fn certain_state(&self) -> Option<&ClientState> {
        match self.states.as_slice() {
            [state] => Some(state),
            _ => None,
        }
    }
}

/// Changes the emulator must have applied at least this often (acknowledged ones).
#[derive(Clone, Debug, Default)]
pub(crate) struct Acked {
    pub(crate) create: u64,
    pub(crate) update: u64,
    pub(crate) delete: u64,
    pub(crate) secret: u64,
    pub(crate) usage_query: u64,
    pub(crate) usage_summary: u64,
}

/// Everything the workers did and learned.
#[derive(Debug, Default)]
pub(crate) struct Outcome {
    pub(crate) ops: u64,
    pub(crate) succeeded: u64,
    pub(crate) failed: u64,
    pub(crate) failures: BTreeMap<String, u64>,
    /// Acknowledged effects found missing during the run (such as a 404 for a client never deleted).
    pub(crate) lost: Vec<String>,
    pub(crate) creates: Vec<CreateRecord>,
    pub(crate) clients: Vec<Tracked>,
    pub(crate) acked: Acked,
    pub(crate) latencies_us: Vec<u64>,
}

impl Outcome {
    pub(crate) fn merge(&mut self, other: Outcome) {
        self.ops += other.ops;
        self.succeeded += other.succeeded;
        self.failed += other.failed;
        for (cause, count) in other.failures {
            *self.failures.entry(cause).or_default() += count;
        }
        self.lost.extend(other.lost);
        self.creates.extend(other.creates);
        self.clients.extend(other.clients);
        self.acked.create += other.acked.create;
        self.acked.update += other.acked.update;
        self.acked.delete += other.acked.delete;
        self.acked.secret += other.acked.secret;
        self.acked.usage_query += other.acked.usage_query;
        self.acked.usage_summary += other.acked.usage_summary;
        self.latencies_us.extend(other.latencies_us);
    }

    /// Failure causes, most frequent first.
    pub(crate) fn failures_by_count(&self) -> Vec<(&str, u64)> {
        let mut failures: Vec<(&str, u64)> = self
            .failures
            .iter()
            .map(|(cause, count)| (cause.as_str(), *count))
            .collect();
        failures.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        failures
    }

    /// The 50th and 99th percentile of operation latency, in milliseconds.
    pub(crate) fn percentiles_ms(&self) -> (f64, f64) {
        let mut sorted = self.latencies_us.clone();
        sorted.sort_unstable();
        let at = |percent: usize| {
            sorted
                .get((sorted.len() * percent / 100).min(sorted.len().saturating_sub(1)))
                .map_or(0.0, |us| *us as f64 / 1000.0)
        };
        (at(50), at(99))
    }
}

/// Runs `ops` operations on `concurrency` workers.
pub(crate) async fn run(client: &Client, ops: u64, concurrency: usize, seed: u64) -> Outcome {
    let tickets = Arc::new(AtomicU64::new(0));
    let mut workers = JoinSet::new();
    for index in 0..concurrency {
        let worker = Worker::new(client.clone(), index, seed, tickets.clone(), ops);
        workers.spawn(worker.run());
    }
    let mut outcome = Outcome::default();
    while let Some(joined) = workers.join_next().await {
        match joined {
            Ok(worker) => outcome.merge(worker),
            // Its operations are then missing from the count, which the report flags as unaccounted.
            Err(error) => outcome.lost.push(format!("a worker died: {error}")),
        }
    }
    outcome
}
