//! A load generator for any server that speaks the OAuth API: the emulator (`genesys emulator`), a gateway, or
//! the platform itself (mind its rate limits).
//!
//! ```text
//! cargo run --release -p genesys-cloud --example loadgen -- --base-url URL --client-id ID \
//!     --client-secret SECRET --requests N --concurrency C [--op get-client|list-clients] \
//!     [--max-seconds S] [--allow-http]
//! ```
//!
//! It prints `metric NAME VALUE UNIT` lines (`loadgen_rps`, `loadgen_p50_ms`, `loadgen_p99_ms`,
//! `loadgen_errors`), as `cargo xtask bench` does. Plain HTTP is only sent to loopback hosts unless
//! `--allow-http` is given. Every run is bounded by `--requests` and by `--max-seconds` (300 by default).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use genesys_cloud::Client;

const USAGE: &str = "usage: loadgen --base-url URL --client-id ID --client-secret SECRET --requests N \
--concurrency C [--op get-client|list-clients] [--max-seconds S] [--allow-http]";

/// Which operation the load repeats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `getOauthClient` on one client id (the first listed client, else the caller's own id).
    GetClient,
    /// `getOauthClients`, the first page.
    ListClients,
}

/// The command line.
#[derive(Clone, Debug)]
pub struct Args {
    /// The API base URL, such as `http://127.0.0.1:41234`.
    pub base_url: String,
    /// The OAuth client id (client credentials grant).
    pub client_id: String,
    /// Its secret.
    pub client_secret: String,
    /// How many requests in all.
    pub requests: u64,
    /// How many in flight at once.
    pub concurrency: usize,
    /// What to send.
    pub op: Op,
    /// A bound on the run's duration, whatever `requests` says.
    pub max_seconds: u64,
    /// Allows plain HTTP to hosts that are not loopback.
    pub allow_http: bool,
}

impl Args {
    /// Parses `--name value` pairs; every value is checked, and unknown flags are refused.
    pub fn parse(mut args: impl Iterator<Item = String>) -> Result<Self, String> {
        let (mut base_url, mut client_id, mut client_secret) = (None, None, None);
        let (mut requests, mut concurrency) = (None, None);
        let (mut op, mut max_seconds, mut allow_http) = (Op::GetClient, 300, false);
        while let Some(flag) = args.next() {
            if flag == "--allow-http" {
                allow_http = true;
                continue;
            }
            let value = args
                .next()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))?;
            let number = |what: &str| {
                value
                    .parse::<u64>()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("{what} must be a positive whole number"))
            };
            match flag.as_str() {
                "--base-url" => base_url = Some(value.clone()),
                "--client-id" => client_id = Some(value.clone()),
                "--client-secret" => client_secret = Some(value.clone()),
                "--requests" => requests = Some(number("--requests")?),
                "--concurrency" => concurrency = Some(number("--concurrency")?),
                "--max-seconds" => max_seconds = number("--max-seconds")?,
                "--op" => {
                    op = match value.as_str() {
                        "get-client" => Op::GetClient,
                        "list-clients" => Op::ListClients,
                        other => return Err(format!("unknown --op `{other}`\n{USAGE}")),
                    }
                }
                other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
            }
        }
        let missing = |name: &str| format!("{name} is required\n{USAGE}");
        Ok(Self {
            base_url: base_url.ok_or_else(|| missing("--base-url"))?,
            client_id: client_id.ok_or_else(|| missing("--client-id"))?,
            client_secret: client_secret.ok_or_else(|| missing("--client-secret"))?,
            requests: requests.ok_or_else(|| missing("--requests"))?,
            concurrency: usize::try_from(concurrency.ok_or_else(|| missing("--concurrency"))?)
                .map_err(|_| "--concurrency is too large".to_owned())?,
            op,
            max_seconds,
            allow_http,
        })
    }
}

/// What a run measured.
#[derive(Clone, Debug)]
pub struct Summary {
    /// Requests completed, successfully or not.
    pub completed: u64,
    /// Requests that failed.
    pub errors: u64,
    /// Completed requests per second.
    pub rps: f64,
    /// Median latency of the completed requests.
    pub p50: Duration,
    /// 99th percentile latency.
    pub p99: Duration,
}

impl Summary {
    /// The `metric NAME VALUE UNIT` lines.
    pub fn metric_lines(&self) -> String {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        format!(
            "metric loadgen_rps {:.1} req/s\nmetric loadgen_p50_ms {:.3} ms\nmetric loadgen_p99_ms {:.3} ms\n\
             metric loadgen_errors {} count\n",
            self.rps,
            ms(self.p50),
            ms(self.p99),
            self.errors
        )
    }
}

/// The id `get-client` asks for: the first listed client, or the caller's own id when the list is empty.
async fn pick_client_id(client: &Client, own_id: &str) -> Result<String, String> {
    let listing = client
        .get_oauth_clients()
        .await
        .map_err(|error| format!("could not list clients to pick one: {error}"))?;
    Ok(listing
        .entities
        .unwrap_or_default()
        .into_iter()
        .find_map(|listed| listed.id)
        .unwrap_or_else(|| own_id.to_owned()))
}

/// Runs the load and measures it.
pub async fn run(args: &Args) -> Result<Summary, String> {
    let client = Client::builder()
        .base_url(&args.base_url)
        .client_credentials(&args.client_id, args.client_secret.as_str())
        .allow_http(args.allow_http)
        .build()
        .map_err(|error| format!("could not build the client: {error}"))?;
    // The token is fetched once up front so that the first requests do not measure the login.
    client
        .token()
        .await
        .map_err(|error| format!("could not get a token: {error}"))?;
    let target: Arc<str> = match args.op {
        Op::GetClient => pick_client_id(&client, &args.client_id).await?.into(),
        Op::ListClients => "".into(),
    };
    let issued = Arc::new(AtomicU64::new(0));
    let errors = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(args.max_seconds);
    let mut tasks = Vec::with_capacity(args.concurrency);
    for _ in 0..args.concurrency {
        let (client, target) = (client.clone(), Arc::clone(&target));
        let (issued, errors) = (Arc::clone(&issued), Arc::clone(&errors));
        let (op, requests) = (args.op, args.requests);
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while issued.fetch_add(1, Ordering::Relaxed) < requests && Instant::now() < deadline {
                let sent = Instant::now();
                let ok = match op {
                    Op::GetClient => client.get_oauth_client(&*target).await.is_ok(),
                    Op::ListClients => client.get_oauth_clients().await.is_ok(),
                };
                latencies.push(sent.elapsed());
                if !ok {
                    errors.fetch_add(1, Ordering::Relaxed);
                }
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(
            task.await
                .map_err(|error| format!("a task failed: {error}"))?,
        );
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_unstable();
    let percentile = |p: f64| {
        let index = ((latencies.len() as f64 * p).ceil() as usize).saturating_sub(1);
        latencies.get(index).copied().unwrap_or_default()
    };
    Ok(Summary {
        completed: latencies.len() as u64,
        errors: errors.load(Ordering::Relaxed),
        rps: latencies.len() as f64 / elapsed,
        p50: percentile(0.50),
        p99: percentile(0.99),
    })
}

fn main() -> std::process::ExitCode {
    let args = match Args::parse(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("could not start the runtime: {error}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(&args)) {
        Ok(summary) => {
            print!("{}", summary.metric_lines());
            eprintln!(
                "{} requests ({} failed) at concurrency {} against {}",
                summary.completed, summary.errors, args.concurrency, args.base_url
            );
            std::process::ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("loadgen: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}
