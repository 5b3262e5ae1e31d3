//! getOauthClient over keep-alive against the in-process emulator: the executor and the bare hyper floor side
//! by side, sequentially and at concurrency 64; the emulator's own throughput; the token cache under contention.

mod drive;
mod raw;

use std::sync::Arc;
use std::time::Instant;

use genesys_cloud::Client;
use genesys_cloud_emulator::{Emulator, EmulatorConfig};

use crate::report::{Report, median};
use crate::settings::Settings;
use drive::Load;
use raw::{Body, RawGetClient};

/// The executor's `get_oauth_client`, sent with `.send()`: awaiting the builder itself (`IntoFuture`) adds one
/// boxed call future per request, the price of a nameable future type, measured apart in BENCHMARKS.md.
#[derive(Clone)]
struct ExecGetClient {
    client: Client,
    id: Arc<str>,
}

impl Load for ExecGetClient {
    async fn once(&self) -> Result<(), String> {
        let client = self
            .client
            .get_oauth_client(&*self.id)
            .send()
            .await
            .map_err(|error| format!("executor request failed: {error}"))?;
        std::hint::black_box(client);
        Ok(())
    }
}

/// The variants measured side by side.
#[derive(Clone)]
struct Variants {
    exec: ExecGetClient,
    raw: RawGetClient,
    read_only: RawGetClient,
}

/// One variant alone for a fixed number of requests, for `perf stat` and callgrind (`--profile-http`): the
/// difference of two such runs' counts is what one side costs more than the other, per request.
pub(crate) async fn profile(
    variant: &str,
    requests: u64,
    concurrency: usize,
) -> Result<(), String> {
    let (emulator, variants) = setup().await?;
    let forever = std::time::Duration::from_secs(3600);
    eprintln!(
        "future sizes: exec send() {} bytes, exec once() {} bytes, raw get() {} bytes, raw once() {} bytes",
        std::mem::size_of_val(&variants.exec.client.get_oauth_client("x").send()),
        std::mem::size_of_val(&variants.exec.once()),
        std::mem::size_of_val(&variants.raw.get()),
        std::mem::size_of_val(&variants.raw.once()),
    );
    let started = Instant::now();
    let rps = match variant {
        "exec" => drive::run(&variants.exec, concurrency, forever, requests).await?,
        "raw" => drive::run(&variants.raw, concurrency, forever, requests).await?,
        "read" => drive::run(&variants.read_only, concurrency, forever, requests).await?,
        other => return Err(format!("unknown variant `{other}` (exec, raw or read)")),
    };
    eprintln!(
        "profile {variant}: {requests} requests at concurrency {concurrency} in {:.3} s ({rps:.0} req/s)",
        started.elapsed().as_secs_f64()
    );
    emulator.shutdown().await;
    Ok(())
}

pub(crate) async fn run(settings: &Settings, report: &mut Report) -> Result<(), String> {
    let (emulator, variants) = setup().await?;
    let client = variants.exec.client.clone();
    let base_url = emulator.base_url();
    eprintln!(
        "http: {} rounds of {:.2}s per variant, order rotating, against {base_url}",
        settings.http_rounds,
        settings.http_duration.as_secs_f64()
    );
    sequential(settings, report, &variants).await?;
    concurrent(settings, report, &variants).await?;
    token_cache(settings, report, &client).await?;
    emulator.shutdown().await;
    Ok(())
}

/// The emulator and the three variants, each checked to read the same client.
async fn setup() -> Result<(Emulator, Variants), String> {
    let emulator = Emulator::start(EmulatorConfig::default().seed_clients(20))
        .await
        .map_err(|error| format!("could not start the emulator: {error}"))?;
    let base_url = emulator.base_url();
    let client = Client::builder()
        .base_url(&base_url)
        .client_credentials(emulator.admin_client_id(), emulator.admin_client_secret())
        .build()
        .map_err(|error| format!("could not build the client: {error}"))?;
    // The admin client: a realistic body (description, dates, authors, role grants, state, selfUri).
    let id: Arc<str> = emulator.admin_client_id().into();
    let token = client
        .token()
        .await
        .map_err(|error| format!("no token: {error}"))?;
    let raw = RawGetClient::new(
        &base_url,
        &id,
        token.access_token.expose_secret(),
        Body::Parse,
    )?;
    let read_only = RawGetClient::new(
        &base_url,
        &id,
        token.access_token.expose_secret(),
        Body::Read,
    )?;
    let expected = client
        .get_oauth_client(&*id)
        .await
        .map_err(|error| format!("executor request failed: {error}"))?;
    if raw.get().await?.as_ref() != Some(&expected) {
        return Err("the raw client and the executor read different clients".to_owned());
    }
    let variants = Variants {
        exec: ExecGetClient {
            client: client.clone(),
            id,
        },
        raw,
        read_only,
    };
    Ok((emulator, variants))
}

async fn measure<L: Load>(
    settings: &Settings,
    load: &L,
    concurrency: usize,
) -> Result<f64, String> {
    drive::run(
        load,
        concurrency,
        settings.http_duration,
        settings.max_requests,
    )
    .await
}

async fn warm_up<L: Load>(settings: &Settings, load: &L, concurrency: usize) -> Result<(), String> {
    drive::run(
        load,
        concurrency,
        settings.http_warmup,
        settings.max_requests,
    )
    .await
    .map(drop)
}

/// Each round runs every variant once for a short slice, in an order that rotates from round to round, so that
/// drift (other processes, frequency changes) hits all variants alike. Returns the samples per variant.
async fn rounds<'a, const N: usize>(
    settings: &Settings,
    loads: [&dyn Fn() -> BoxedRun<'a>; N],
) -> Result<[Vec<f64>; N], String> {
    let mut samples: [Vec<f64>; N] = std::array::from_fn(|_| Vec::new());
    for round in 0..settings.http_rounds {
        for slot in 0..N {
            let which = (round + slot) % N;
            samples[which].push(loads[which]().await?);
        }
    }
    Ok(samples)
}

type BoxedRun<'a> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<f64, String>> + 'a>>;

/// The median over rounds of the ratio executor / raw within each round: robust to drift between rounds.
fn paired_ratio(exec: &[f64], raw: &[f64]) -> f64 {
    let ratios: Vec<f64> = exec.iter().zip(raw).map(|(e, r)| e / r).collect();
    median(&ratios)
}

/// One request at a time.
async fn sequential(
    settings: &Settings,
    report: &mut Report,
    variants: &Variants,
) -> Result<(), String> {
    warm_up(settings, &variants.exec, 1).await?;
    warm_up(settings, &variants.raw, 1).await?;
    let [exec, raw] = rounds(
        settings,
        [&|| Box::pin(measure(settings, &variants.exec, 1)), &|| {
            Box::pin(measure(settings, &variants.raw, 1))
        }],
    )
    .await?;
    report.median("exec_get_client_seq_rps", &exec, "req/s");
    report.median("raw_hyper_get_client_seq_rps", &raw, "req/s");
    report.value("exec_overhead_seq", paired_ratio(&exec, &raw), "ratio");
    Ok(())
}

/// 64 tasks sharing one client each.
async fn concurrent(
    settings: &Settings,
    report: &mut Report,
    variants: &Variants,
) -> Result<(), String> {
    const CONCURRENCY: usize = 64;
    warm_up(settings, &variants.exec, CONCURRENCY).await?;
    warm_up(settings, &variants.raw, CONCURRENCY).await?;
    warm_up(settings, &variants.read_only, CONCURRENCY).await?;
    let [exec, raw, read_only] = rounds(
        settings,
        [
            &|| Box::pin(measure(settings, &variants.exec, CONCURRENCY)),
            &|| Box::pin(measure(settings, &variants.raw, CONCURRENCY)),
            &|| Box::pin(measure(settings, &variants.read_only, CONCURRENCY)),
        ],
    )
    .await?;
    report.median("exec_get_client_c64_rps", &exec, "req/s");
    report.median("raw_hyper_get_client_c64_rps", &raw, "req/s");
    report.value("exec_overhead_c64", paired_ratio(&exec, &raw), "ratio");
    report.median("emulator_get_client_c64_rps", &read_only, "req/s");
    Ok(())
}

/// `token()` on a cached token from 64 tasks at once: nanoseconds per call, wall time over all calls.
async fn token_cache(
    settings: &Settings,
    report: &mut Report,
    client: &Client,
) -> Result<(), String> {
    const TASKS: u32 = 64;
    let calls = settings.token_calls_per_task;
    let mut samples = Vec::with_capacity(settings.http_rounds);
    for _ in 0..settings.http_rounds {
        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..TASKS {
            let client = client.clone();
            tasks.push(tokio::spawn(async move {
                for _ in 0..calls {
                    let token = client
                        .token()
                        .await
                        .map_err(|error| format!("access_token failed: {error}"))?;
                    std::hint::black_box(token);
                }
                Ok::<(), String>(())
            }));
        }
        for task in tasks {
            task.await
                .map_err(|error| format!("a token task failed: {error}"))??;
        }
        let nanos = started.elapsed().as_nanos() as f64;
        samples.push(nanos / f64::from(TASKS * calls));
    }
    report.median("token_cache_hit_ns", &samples, "ns");
    eprintln!(
        "token cache: median {:.1} ns per call over {} calls per round",
        median(&samples),
        TASKS * calls
    );
    Ok(())
}
