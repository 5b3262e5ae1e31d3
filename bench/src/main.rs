//! The benchmarks of genesys-cloud-rs, each measured side by side with its baseline in one run.
//!
//! `cargo xtask bench [--quick]` builds this in release mode and runs it. Every figure is printed on stdout as
//! `metric NAME VALUE UNIT` as soon as it is known; a summary with the targets goes to stderr at the end.
//! Everything runs in this process on 127.0.0.1: an in-process emulator, the executor, and a bare hyper client,
//! on a multi-thread Tokio runtime with two workers. Every loop is bounded by a count and a time.

mod http_load;
mod listing;
mod micro;
mod naive;
mod oneshot;
mod paginate;
mod report;
mod settings;

use std::process::ExitCode;

use report::Report;
use settings::Settings;

const HELP: &str = "\
genesys-cloud-bench [--quick]

Measures the executor against a bare hyper client, the typed listing model against plain strings, request
building and response parsing, the emulator's throughput and the token cache, all against an in-process
emulator on 127.0.0.1; and one `genesys` process (the release binary next to this one) against a
`genesys emulator` over HTTPS, next to /usr/bin/curl. Prints `metric NAME VALUE UNIT` lines on stdout and a summary on stderr.

  --quick        fewer and shorter rounds (well under two minutes)
  --only GROUP   only one group of measurements: http, paginate, micro, listing or oneshot (for profiling)
  --profile-http VARIANT REQUESTS CONCURRENCY
                 only VARIANT (exec, raw or read) for exactly REQUESTS getOauthClient calls, for `perf stat` or
                 callgrind: no figures, one line with the time on stderr
  --profile-call CALLS
                 only CALLS getOauthClient calls through a transport that answers from memory, for callgrind
";

fn main() -> ExitCode {
    let mut quick = false;
    let mut only = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--quick" => quick = true,
            "--only" => only = args.next(),
            "--profile-http" => return profile_http(args.next(), args.next(), args.next()),
            "--profile-call" => {
                let calls = args
                    .next()
                    .and_then(|calls| calls.parse().ok())
                    .unwrap_or(10_000);
                return match micro::profile_call(calls) {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(message) => {
                        eprintln!("bench failed: {message}");
                        ExitCode::FAILURE
                    }
                };
            }
            "--help" | "-h" => {
                print!("{HELP}");
                return ExitCode::SUCCESS;
            }
            other => {
                eprintln!("unknown argument `{other}`\n\n{HELP}");
                return ExitCode::FAILURE;
            }
        }
    }
    let settings = if quick {
        Settings::quick()
    } else {
        Settings::full()
    };
    match run(&settings, only.as_deref()) {
        Ok(report) => {
            report.print_summary(&settings);
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("bench failed: {message}");
            ExitCode::FAILURE
        }
    }
}

fn profile_http(
    variant: Option<String>,
    requests: Option<String>,
    concurrency: Option<String>,
) -> ExitCode {
    let (Some(variant), Some(Ok(requests)), Some(Ok(concurrency))) = (
        variant,
        requests.map(|value| value.parse::<u64>()),
        concurrency.map(|value| value.parse::<usize>()),
    ) else {
        eprintln!("--profile-http needs VARIANT REQUESTS CONCURRENCY\n\n{HELP}");
        return ExitCode::FAILURE;
    };
    let result = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|error| format!("could not start the Tokio runtime: {error}"))
        .and_then(|runtime| {
            runtime.block_on(http_load::profile(&variant, requests, concurrency.max(1)))
        });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("bench failed: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(settings: &Settings, only: Option<&str>) -> Result<Report, String> {
    let mut report = Report::default();
    let wanted = |group: &str| only.is_none_or(|only| only == group);
    // Two workers: the machine's two cores, shared by the emulator and the clients as in a local test.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|error| format!("could not start the Tokio runtime: {error}"))?;
    if wanted("http") {
        runtime.block_on(http_load::run(settings, &mut report))?;
    }
    if wanted("paginate") {
        runtime.block_on(paginate::run(settings, &mut report))?;
    }
    drop(runtime);
    if wanted("micro") {
        micro::run(settings, &mut report)?;
    }
    if wanted("listing") {
        listing::run(settings, &mut report)?;
    }
    if wanted("oneshot") {
        oneshot::run(settings, &mut report)?;
    }
    Ok(report)
}
