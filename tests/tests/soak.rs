//! The soak binary end to end on a small scale: a clean run passes, and deliberate damage (a duplicate create, a
//! lost client) makes it fail with the right metric, so its "0 duplicates, 0 lost" means something.

use std::process::{Command, Output};

fn soak(extra: &[&str]) -> (Output, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_soak"))
        .args([
            "--ops",
            "300",
            "--concurrency",
            "8",
            "--fault-rate",
            "0.05",
            "--seed",
            "7",
        ])
        .args(extra)
        .output()
        .expect("the soak binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    (output, stdout)
}

fn metric(stdout: &str, name: &str) -> u64 {
    stdout
        .lines()
        .find_map(|line| line.strip_prefix(&format!("metric {name} ")))
        .and_then(|rest| rest.split(' ').next())
        .and_then(|value| value.parse::<f64>().ok())
        .unwrap_or_else(|| panic!("no metric {name} in:\n{stdout}")) as u64
}

#[test]
fn a_clean_run_passes_and_reports_every_metric() {
    let (output, stdout) = soak(&[]);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(metric(&stdout, "soak_ops"), 300);
    assert_eq!(
        metric(&stdout, "soak_succeeded") + metric(&stdout, "soak_failed_reported"),
        300
    );
    assert_eq!(metric(&stdout, "soak_duplicates"), 0);
    assert_eq!(metric(&stdout, "soak_lost"), 0);
    assert!(
        metric(&stdout, "soak_faults") > 0,
        "no fault was injected:\n{stdout}"
    );
    for name in ["soak_p50_ms", "soak_p99_ms", "soak_peak_rss_kb"] {
        metric(&stdout, name);
    }
}

/// Issue 17, item 10: under a rate limit (here 60 requests per one-second window) nothing is lost or duplicated
/// and every 429 is waited out (no operation fails with one).
#[test]
fn item_10_a_rate_limited_run_loses_nothing_and_waits_out_every_429() {
    let (output, stdout) = soak(&[
        "--fault-rate",
        "0",
        "--rate-limit-per-minute",
        "60",
        "--rate-window-ms",
        "1000",
    ]);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        metric(&stdout, "soak_rate_limited") > 0,
        "no 429 was met:\n{stdout}"
    );
    assert_eq!(metric(&stdout, "soak_failed_429"), 0);
    assert_eq!(metric(&stdout, "soak_duplicates"), 0);
    assert_eq!(metric(&stdout, "soak_lost"), 0);
    assert_eq!(metric(&stdout, "soak_ops"), 300);
}

#[test]
fn a_duplicate_create_is_caught() {
    let (output, stdout) = soak(&["--sabotage", "duplicate"]);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(metric(&stdout, "soak_duplicates") >= 1, "{stdout}");
}

#[test]
fn a_lost_client_is_caught() {
    let (output, stdout) = soak(&["--sabotage", "lost"]);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(metric(&stdout, "soak_lost") >= 1, "{stdout}");
}
