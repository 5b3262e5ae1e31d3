//! A spinner on standard error while waiting, drawn only when standard error is a terminal.

use std::io::{IsTerminal, Write};
use std::time::Duration;

use tokio::task::JoinHandle;
use tokio::time::Instant;

const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/// A running spinner; [`stop`](Self::stop) erases it.
#[derive(Debug)]
pub(crate) struct Spinner {
    task: Option<JoinHandle<()>>,
}

impl Spinner {
    /// Starts drawing `label` and the time waited, if standard error is a terminal and no `--verbose` traces
    /// share it; otherwise does nothing, so that logs and pipes get no control characters.
    pub(crate) fn start(label: String, verbose: bool) -> Self {
        if verbose || !std::io::stderr().is_terminal() {
            return Self { task: None };
        }
        let started = Instant::now();
        let task = tokio::spawn(async move {
            for frame in FRAMES.iter().cycle() {
                {
                    // The lock is not held across the await below.
                    let mut stderr = std::io::stderr().lock();
                    let _ = write!(
                        stderr,
                        "\r\x1b[2K{frame} {label} ({:.1}s)",
                        started.elapsed().as_secs_f64()
                    );
                    let _ = stderr.flush();
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        });
        Self { task: Some(task) }
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
            let mut stderr = std::io::stderr().lock();
            let _ = write!(stderr, "\r\x1b[2K");
            let _ = stderr.flush();
        }
    }
}
