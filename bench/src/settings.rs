//! How long and how often each measurement runs, for `--quick` and for a full run.

use std::time::Duration;

/// The sizes of one run.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
    pub(crate) name: &'static str,
    /// Rounds of each side-by-side HTTP comparison; medians over rounds are reported.
    pub(crate) http_rounds: usize,
    /// How long one HTTP measurement (one variant in one round) runs: short slices, many rounds, against drift.
    pub(crate) http_duration: Duration,
    /// Unmeasured traffic before the first round of a phase: connections, token, caches.
    pub(crate) http_warmup: Duration,
    /// A hard bound on the requests of one measurement, whatever the time.
    pub(crate) max_requests: u64,
    /// Timed batches of the nanosecond benchmarks; the median batch is reported.
    pub(crate) micro_batches: usize,
    /// Calls in one timed batch of the nanosecond benchmarks: short batches (well under a scheduler time slice),
    /// so that on a shared machine most batches run undisturbed and the median is one of them.
    pub(crate) micro_batch_len: u32,
    /// `token()` calls each of the 64 tasks makes in one round of the token benchmark.
    pub(crate) token_calls_per_task: u32,
    /// Timed parses of the 10,000-client listing per parser; the median is reported.
    pub(crate) listing_samples: usize,
    /// Rounds of the 10,000-client pagination, each through `items()` and through the raw pager.
    pub(crate) paginate_rounds: usize,
    /// Rounds of the one-shot comparison, each running the CLI (token given, then credentials) and curl once.
    pub(crate) oneshot_rounds: usize,
}

impl Settings {
    /// A short run: enough rounds for a stable median, well under two minutes on two cores.
    pub(crate) fn quick() -> Self {
        Self {
            name: "quick",
            http_rounds: 15,
            http_duration: Duration::from_millis(400),
            http_warmup: Duration::from_millis(500),
            max_requests: 2_000_000,
            micro_batches: 301,
            micro_batch_len: 1_000,
            token_calls_per_task: 5_000,
            listing_samples: 21,
            paginate_rounds: 7,
            oneshot_rounds: 31,
        }
    }

    /// The full run: more and longer rounds.
    pub(crate) fn full() -> Self {
        Self {
            name: "full",
            http_rounds: 40,
            http_duration: Duration::from_millis(750),
            http_warmup: Duration::from_secs(1),
            max_requests: 5_000_000,
            micro_batches: 1_001,
            micro_batch_len: 1_000,
            token_calls_per_task: 10_000,
            listing_samples: 41,
            paginate_rounds: 15,
            oneshot_rounds: 101,
        }
    }
}
