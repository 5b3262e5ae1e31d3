//! `soak`: a fault soak of the executor against the in-process emulator.
//!
//! ```text
//! soak [--ops N] [--concurrency C] [--fault-rate R] [--seed S] [--retry-after SECS] [--slow-ms MS]
//!      [--rate-limit-per-minute N [--rate-window-ms MS]]
//! ```
//!
//! With `--rate-limit-per-minute N` the emulator also limits each token to N requests per window (a minute, or
//! `--rate-window-ms` for short runs), answering the platform's 429 with `Retry-After`; the run then also fails
//! if any operation failed with a 429, i.e. if a 429 was not waited out.
//!
//! The emulator injects 429 (with `Retry-After`), 503, resets before and after the response head, and slow
//! responses, with a total probability R split evenly. C workers share one `Client` and run N operations in all:
//! creates, reads, updates, state changes, secret rotations, logins with the rotated secrets, usage queries and
//! summaries, listings, and deletes (of clients set inactive first). Each worker owns the clients it creates and
//! tracks what it knows of them, including what an error left unknown.
//!
//! Then, with faults off, it reconciles the final client list and the emulator's counters against what the workers
//! were told: an acknowledged create missing, an acknowledged update, rotation or delete without effect, are
//! *lost*; a client created more often than asked (a create whose outcome was unknown may exist once) is a
//! *duplicate*. Every failed operation is counted under its cause. It prints `metric NAME VALUE UNIT` lines and
//! exits with 1 if anything was lost or duplicated, or an operation went unaccounted for.
//!
//! `--sabotage duplicate` (create one client again behind the workers' backs) and `--sabotage lost` (delete one)
//! exist to show that the reconciliation catches what it claims to; `tests/soak.rs` runs both.

mod reconcile;
mod sabotage;
mod worker;
mod workload;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use genesys_cloud::{Client, RetryConfig};
use genesys_cloud_emulator::{Emulator, EmulatorConfig, FaultSpec};

const USAGE: &str = "usage: soak [--ops N] [--concurrency C] [--fault-rate R] [--seed S] [--retry-after SECS] [--slow-ms MS] [--rate-limit-per-minute N] [--rate-window-ms MS] [--sabotage duplicate|lost]";

/// The command line.
struct Args {
    ops: u64,
    concurrency: usize,
    fault_rate: f64,
    seed: u64,
    retry_after: u32,
    slow_ms: u64,
    /// Requests per token per window, if limited.
    rate_limit: Option<u32>,
    /// The rate limit's window, in milliseconds (a minute by default, as on the platform).
    rate_window_ms: u64,
    /// Breaks the end state on purpose (`duplicate` or `lost`), to show that the reconciliation catches it.
    sabotage: Option<String>,
}

fn main() -> ExitCode {
    let args = match parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("soak: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("soak: no Tokio runtime: {error}");
            return ExitCode::from(2);
        }
    };
    match runtime.block_on(run(&args)) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("soak: {message}");
            ExitCode::from(2)
        }
    }
}

fn parse(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut parsed = Args {
        ops: 2000,
        concurrency: 16,
        fault_rate: 0.05,
        seed: 1,
        retry_after: 1,
        slow_ms: 100,
        rate_limit: None,
        rate_window_ms: 60_000,
        sabotage: None,
    };
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--ops" => parsed.ops = number(&flag, &value)?,
            "--concurrency" => parsed.concurrency = number(&flag, &value)?,
            "--fault-rate" => parsed.fault_rate = number(&flag, &value)?,
            "--seed" => parsed.seed = number(&flag, &value)?,
            "--retry-after" => parsed.retry_after = number(&flag, &value)?,
            "--slow-ms" => parsed.slow_ms = number(&flag, &value)?,
            "--rate-limit-per-minute" => parsed.rate_limit = Some(number(&flag, &value)?),
            "--rate-window-ms" => parsed.rate_window_ms = number(&flag, &value)?,
            "--sabotage" if matches!(value.as_str(), "duplicate" | "lost") => {
                parsed.sabotage = Some(value)
            }
            "--sabotage" => return Err("--sabotage takes `duplicate` or `lost`".to_owned()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if !(0.0..=1.0).contains(&parsed.fault_rate) {
        return Err("--fault-rate must be between 0 and 1".to_owned());
    }
    if parsed.rate_limit == Some(0) || !(1000..=3_600_000).contains(&parsed.rate_window_ms) {
        return Err(
            "--rate-limit-per-minute must be at least 1 and --rate-window-ms from 1000 to 3600000"
                .to_owned(),
        );
    }
    if parsed.concurrency == 0 || parsed.concurrency > 4096 {
        return Err("--concurrency must be between 1 and 4096".to_owned());
    }
    Ok(parsed)
}

fn number<T: std::str::FromStr>(flag: &str, value: &str) -> Result<T, String> {
    value
        .parse()
        .map_err(|_| format!("{flag}: `{value}` is not a valid value"))
}

/// The fault rate split evenly over the five kinds (rounded down, so the total never exceeds 1).
fn fault_spec(args: &Args) -> Result<FaultSpec, String> {
    let each = (args.fault_rate / 5.0 * 1e6).floor() / 1e6;
    let spec = format!(
        "429={each}:retry-after={},503={each},reset-before={each},reset-after={each},slow={each}:ms={}",
        args.retry_after, args.slow_ms
    );
    FaultSpec::parse(&spec).map_err(|error| error.to_string())
}

async fn run(args: &Args) -> Result<bool, String> {
    let spec = fault_spec(args)?;
    let window = Duration::from_millis(args.rate_window_ms);
    println!(
        "soak: {} ops, concurrency {}, faults {spec}, seed {}, rate limit {}",
        args.ops,
        args.concurrency,
        args.seed,
        match args.rate_limit {
            Some(limit) => format!("{limit} per {} ms", args.rate_window_ms),
            None => "none".to_owned(),
        }
    );
    let emulator = Emulator::start(
        EmulatorConfig::default()
            .faults(spec)
            .fault_seed(args.seed)
            .usage_delay(Duration::from_millis(20))
            .rate_limit_per_minute(args.rate_limit)
            .rate_limit_window(window),
    )
    .await
    .map_err(|error| format!("the emulator did not start: {error}"))?;
    // A rate limit's Retry-After is at most its window.
    let longest_wait = u64::from(args.retry_after).max(window.as_secs() + 1);
    // Quick retries so that faults cost little time; 429s still wait their Retry-After, within a cap above it.
    let client = Client::builder()
        .base_url(emulator.base_url())
        .client_credentials(emulator.admin_client_id(), emulator.admin_client_secret())
        .retry(
            RetryConfig::default()
                .with_max_attempts(6)
                .with_backoff(Duration::from_millis(5), Duration::from_millis(100))
                .with_max_retry_after(Duration::from_secs(longest_wait + 5))
                .with_total_budget(Some(Duration::from_secs(60 + longest_wait))),
        )
        .attempt_timeout(Duration::from_secs(10))
        .total_timeout(Duration::from_secs(90 + longest_wait))
        .build()
        .map_err(|error| format!("the client did not build: {error}"))?;
    let started = Instant::now();
    let outcome = workload::run(&client, args.ops, args.concurrency, args.seed).await;
    let workload_time = started.elapsed();
    println!(
        "soak: workload done in {:.1}s; reconciling with faults off",
        workload_time.as_secs_f64()
    );
    emulator.set_faults(FaultSpec::none());
    if let Some(sabotage) = &args.sabotage {
        sabotage::apply(sabotage, &client, &outcome).await?;
    }
    let verdict = reconcile::run(&client, || emulator.stats(), &outcome).await?;
    let stats = emulator.stats();
    emulator.shutdown().await;

    for (cause, count) in outcome.failures_by_count() {
        println!("soak: failed {count:>6} × {cause}");
    }
    for note in verdict.problems.iter().take(30) {
        println!("soak: PROBLEM {note}");
    }
    let accounted = outcome.succeeded + outcome.failed;
    let unaccounted = args.ops.saturating_sub(accounted) + accounted.saturating_sub(args.ops);
    let (p50, p99) = outcome.percentiles_ms();
    // Operations that failed with a 429: a Retry-After not waited out.
    let failed_429: u64 = outcome
        .failures_by_count()
        .iter()
        .filter(|(cause, _)| cause.contains("HTTP 429"))
        .map(|(_, count)| *count)
        .sum();
    println!("metric soak_ops {} count", outcome.ops);
    println!("metric soak_succeeded {} count", outcome.succeeded);
    println!("metric soak_failed_reported {} count", outcome.failed);
    println!("metric soak_duplicates {} count", verdict.duplicates);
    println!("metric soak_lost {} count", verdict.lost);
    println!("metric soak_unaccounted_ops {unaccounted} count");
    println!(
        "metric soak_unknown_creates {} count",
        verdict.unknown_creates
    );
    println!(
        "metric soak_unknown_creates_applied {} count",
        verdict.unknown_applied
    );
    println!("metric soak_requests {} count", stats.requests);
    println!("metric soak_faults {} count", stats.faults.total());
    println!("metric soak_rate_limited {} count", stats.rate_limited);
    println!("metric soak_failed_429 {failed_429} count");
    println!("metric soak_p50_ms {p50:.2} ms");
    println!("metric soak_p99_ms {p99:.2} ms");
    println!("metric soak_peak_rss_kb {} kB", peak_rss_kb().unwrap_or(0));
    println!(
        "metric soak_wall_s {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let ok = verdict.duplicates == 0
        && verdict.lost == 0
        && unaccounted == 0
        && (args.rate_limit.is_none() || failed_429 == 0);
    println!(
        "soak: {} — {} ops: {} succeeded, {} failed with a reported cause; {} duplicates, {} lost, {} unaccounted",
        if ok { "PASS" } else { "FAIL" },
        outcome.ops,
        outcome.succeeded,
        outcome.failed,
        verdict.duplicates,
        verdict.lost,
        unaccounted
    );
    Ok(ok)
}

/// The peak resident set size of this process (`VmHWM`), in kB.
fn peak_rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}
