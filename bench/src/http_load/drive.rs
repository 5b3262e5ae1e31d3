//! Drives a load: N tasks, each sending one request after another, for a bounded time and count.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// One kind of request a load sends; cloned once per task.
pub(crate) trait Load: Clone + Send + Sync + 'static {
    /// Sends one request and reads (and, for the clients, parses) the whole response.
    fn once(&self) -> impl Future<Output = Result<(), String>> + Send;
}

/// Runs `concurrency` tasks of `load` for `duration` or `max_requests` requests in all, whichever comes first,
/// and returns the completed requests per second.
///
/// Each task runs on the runtime's workers (not on the thread that blocks on the runtime), so that one task
/// and 64 tasks are measured on the same threads.
pub(crate) async fn run<L: Load>(
    load: &L,
    concurrency: usize,
    duration: Duration,
    max_requests: u64,
) -> Result<f64, String> {
    let issued = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let load = load.clone();
        let issued = Arc::clone(&issued);
        tasks.push(tokio::spawn(async move {
            let mut done = 0u64;
            while Instant::now() < deadline && issued.fetch_add(1, Ordering::Relaxed) < max_requests
            {
                load.once().await?;
                done += 1;
            }
            Ok::<u64, String>(done)
        }));
    }
    let mut completed = 0u64;
    for task in tasks {
        completed += task
            .await
            .map_err(|error| format!("a load task failed: {error}"))??;
    }
    let elapsed = started.elapsed().as_secs_f64();
    Ok(completed as f64 / elapsed)
}
