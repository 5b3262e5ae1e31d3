//! A spinner on standard error while waiting, drawn only when standard error is a terminal, with the attempt the
//! executor is at when it retries.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio::time::Instant;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing_subscriber::layer::{Context, Layer};

const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/// Whether a spinner is drawing: a call inside a wait (which has its own) draws none over it.
static DRAWING: AtomicBool = AtomicBool::new(false);

/// The attempt of the request the executor sent last (its `genesys_request` span's `attempt`).
static ATTEMPT: AtomicU32 = AtomicU32::new(0);

/// A running spinner; [`stop`](Self::stop) erases it.
#[derive(Debug)]
pub(crate) struct Spinner {
    task: Option<JoinHandle<()>>,
    /// Whether it drew anything, so that there is a line to erase.
    drawn: Arc<AtomicBool>,
}

impl Spinner {
    /// Starts drawing `label` and the time waited, if standard error is a terminal and no `--verbose` traces
    /// share it; otherwise does nothing, so that logs and pipes get no control characters.
    pub(crate) fn start(label: String, verbose: bool) -> Self {
        Self::start_after(label, verbose, Duration::ZERO)
    }

    /// As [`start`](Self::start), drawing only after `quiet` (a quick call draws nothing), and nothing at all
    /// while another spinner draws.
    pub(crate) fn start_after(label: String, verbose: bool, quiet: Duration) -> Self {
        if verbose || !std::io::stderr().is_terminal() || DRAWING.swap(true, Ordering::SeqCst) {
            return Self {
                task: None,
                drawn: Arc::default(),
            };
        }
        ATTEMPT.store(0, Ordering::SeqCst);
        let started = Instant::now();
        let drawn = Arc::new(AtomicBool::new(false));
        let drawing = Arc::clone(&drawn);
        let task = tokio::spawn(async move {
            tokio::time::sleep(quiet).await;
            for frame in FRAMES.iter().cycle() {
                let attempt = ATTEMPT.load(Ordering::SeqCst);
                let retrying = if attempt > 1 {
                    format!(", attempt {attempt}")
                } else {
                    String::new()
                };
                {
                    // The lock is not held across the await below.
                    let mut stderr = std::io::stderr().lock();
                    let _ = write!(
                        stderr,
                        "\r\x1b[2K{frame} {label} ({:.1}s{retrying})",
                        started.elapsed().as_secs_f64()
                    );
                    let _ = stderr.flush();
                    drawing.store(true, Ordering::SeqCst);
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        });
        Self {
            task: Some(task),
            drawn,
        }
    }

    /// Stops the spinner and erases its line.
    pub(crate) fn stop(self) {
        drop(self);
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        // An early return (an error) must not leave the spinner drawing over the error line.
        if let Some(task) = self.task.take() {
            task.abort();
            if self.drawn.load(Ordering::SeqCst) {
                let mut stderr = std::io::stderr().lock();
                let _ = write!(stderr, "\r\x1b[2K");
                let _ = stderr.flush();
            }
            DRAWING.store(false, Ordering::SeqCst);
        }
    }
}

/// A tracing layer that tells the spinner which attempt the executor is at: it reads the `attempt` field of
/// each `genesys_request` span (the executor's span of one attempt).
#[derive(Debug)]
pub(crate) struct Attempts;

impl<S: tracing::Subscriber> Layer<S> for Attempts {
    fn on_new_span(&self, attributes: &Attributes<'_>, _: &Id, _: Context<'_, S>) {
        if attributes.metadata().name() == "genesys_request" {
            attributes.record(&mut AttemptField);
        }
    }
}

struct AttemptField;

impl Visit for AttemptField {
    fn record_u64(&mut self, field: &Field, value: u64) {
        if field.name() == "attempt" {
            ATTEMPT.store(u32::try_from(value).unwrap_or(u32::MAX), Ordering::SeqCst);
        }
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.record_u64(field, u64::try_from(value).unwrap_or(0));
    }

    fn record_debug(&mut self, _: &Field, _: &dyn std::fmt::Debug) {}
}
