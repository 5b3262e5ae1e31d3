//! Nanosecond benchmarks of the sans-IO core: building one getOauthClient request with its auth header, and
//! parsing one getOauthClient response; and the model's deserializer against the `#[serde(flatten)]` derive it
//! replaced, in alternating batches. Timed in batches; the median batch is reported.

mod flatten_derive;

use std::hint::black_box;
use std::time::Instant;

use bytes::Bytes;
use genesys_cloud_core::ops::GetOauthClient;
use genesys_cloud_core::{Auth, BearerHeader, Environment, Operation};
use genesys_cloud_models::AccessToken;

use crate::listing::{mix, sample_client};
use crate::report::Report;
use crate::settings::Settings;

/// Nanoseconds per call of `f`, one sample per batch.
fn batches(settings: &Settings, mut f: impl FnMut()) -> Vec<f64> {
    let len = settings.micro_batch_len;
    // One unmeasured batch first: caches, branch predictors, the allocator's free lists.
    for _ in 0..len {
        f();
    }
    (0..settings.micro_batches)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..len {
                f();
            }
            started.elapsed().as_nanos() as f64 / f64::from(len)
        })
        .collect()
}

pub(crate) fn run(settings: &Settings, report: &mut Report) -> Result<(), String> {
    let environment = Environment::default();
    // The length of the platform's access tokens.
    let token =
        AccessToken::new("aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5zA7bC9dE1fG3hI5jK7lM9nO1pQ3r");
    let bearer = BearerHeader::new(&token).map_err(|error| error.to_string())?;
    let id = "5d2d6a87-4f2b-4cd5-a4b5-95f1f8bd5b5a";
    // Built once outside the loop to check it works; inside, each call builds the operation and the request.
    GetOauthClient::new(id)
        .to_http_request(&environment, Auth::Bearer(&bearer))
        .map_err(|error| format!("the request did not build: {error}"))?;
    let build = batches(settings, || {
        let request = GetOauthClient::new(black_box(id))
            .to_http_request(black_box(&environment), Auth::Bearer(black_box(&bearer)));
        drop(black_box(request));
    });
    report.median("build_get_client_ns", &build, "ns");

    let body = Bytes::from(
        serde_json::to_vec(&sample_client(&mut mix(), 1))
            .map_err(|error| format!("could not write a client: {error}"))?,
    );
    let response = || {
        let mut response = http::Response::new(body.clone());
        response.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
        response
    };
    GetOauthClient::parse_response(response())
        .map_err(|error| format!("the response did not parse: {error}"))?;
    let parse = batches(settings, || {
        let client = GetOauthClient::parse_response(black_box(response()));
        drop(black_box(client));
    });
    report.median("parse_get_client_ns", &parse, "ns");
    in_memory_call(settings, report, &body)?;
    flatten_baseline(settings, report, &body)?;
    eprintln!(
        "micro: getOauthClient response body of {} bytes",
        body.len()
    );
    Ok(())
}

/// One `client.get_oauth_client(id).send()` through a transport that answers at once from memory, next to what
/// the core does for it (build the request, parse the response): what the executor adds per call (token cache,
/// retry loop, attempt timer, span, the call future itself), without a network to hide or blur it.
fn in_memory_call(settings: &Settings, report: &mut Report, body: &Bytes) -> Result<(), String> {
    let (runtime, client) = in_memory_client(body)?;
    let id = "5d2d6a87-4f2b-4cd5-a4b5-95f1f8bd5b5a";
    runtime
        .block_on(client.get_oauth_client(id).send())
        .map_err(|error| format!("the in-memory call failed: {error}"))?;
    let calls = batches(settings, || {
        let result = runtime.block_on(client.get_oauth_client(black_box(id)).send());
        drop(black_box(result));
    });
    report.median("exec_call_in_memory_ns", &calls, "ns");
    Ok(())
}

/// `calls` in-memory calls and nothing else, for callgrind (`--profile-call`): instruction counts per call that
/// the machine's load does not blur.
pub(crate) fn profile_call(calls: u64) -> Result<(), String> {
    let body = Bytes::from(
        serde_json::to_vec(&sample_client(&mut mix(), 1))
            .map_err(|error| format!("could not write a client: {error}"))?,
    );
    let (runtime, client) = in_memory_client(&body)?;
    let started = Instant::now();
    for _ in 0..calls {
        let result = runtime.block_on(client.get_oauth_client(black_box("5d2d6a87")).send());
        result.map_err(|error| format!("the in-memory call failed: {error}"))?;
    }
    eprintln!(
        "profile call: {calls} in-memory calls in {:.3} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A client whose transport answers every request at once with `body`, and a runtime to drive it.
fn in_memory_client(
    body: &Bytes,
) -> Result<(tokio::runtime::Runtime, genesys_cloud::Client), String> {
    let answer = body.clone();
    let client = genesys_cloud::Client::builder()
        .base_url("https://api.mypurecloud.com")
        .access_token("aB3dE5fG7hI9jK1lM3nO5pQ7rS9tU1vW3xY5zA7bC9dE1fG3hI5jK7lM9nO1pQ3r")
        .transport_fn(move |_request| {
            let mut response = http::Response::new(answer.clone());
            response.headers_mut().insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static("application/json"),
            );
            core::future::ready(Ok(response))
        })
        .build()
        .map_err(|error| format!("could not build the in-memory client: {error}"))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| format!("could not start a runtime: {error}"))?;
    Ok((runtime, client))
}

/// Parses `body` into `T` as `parse_response` does on success (the whole body checked as UTF-8, then serde_json
/// from the `str`; the path of a failure is found by a second parse only when the first fails).
#[inline(never)]
fn parse_as<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, String> {
    let text = std::str::from_utf8(body).map_err(|error| error.to_string())?;
    serde_json::from_str(text).map_err(|error| error.to_string())
}

/// `OAuthClient` through its hand-written deserializer and through the flatten derive it replaced, in
/// alternating batches of 100 calls (a fifth of a millisecond: a loaded machine rarely preempts one, so the
/// pair's ratio compares like with like); reports both medians and the median of the per-pair ratios (derive
/// time / new time). Then serde_json reading the same body into `IgnoredAny` (every byte read and checked,
/// nothing kept): the floor under any model read through serde_json, as time and as a share of the model's.
fn flatten_baseline(settings: &Settings, report: &mut Report, body: &[u8]) -> Result<(), String> {
    parse_as::<genesys_cloud_models::OAuthClient>(body)?;
    parse_as::<flatten_derive::OAuthClient>(body)?;
    let mut new = Vec::new();
    let mut derive = Vec::new();
    let mut ratios = Vec::new();
    let mut skip = Vec::new();
    let mut skip_shares = Vec::new();
    for _ in 0..settings.micro_batches * 5 {
        let one = batches_of(|| {
            drop(black_box(parse_as::<genesys_cloud_models::OAuthClient>(
                black_box(body),
            )));
        });
        let other = batches_of(|| {
            drop(black_box(parse_as::<flatten_derive::OAuthClient>(
                black_box(body),
            )));
        });
        // The floor of any serde_json reader of this body: every byte read and checked, nothing kept.
        let nothing = batches_of(|| {
            drop(black_box(parse_as::<serde::de::IgnoredAny>(black_box(
                body,
            ))));
        });
        new.push(one);
        derive.push(other);
        ratios.push(other / one);
        skip.push(nothing);
        skip_shares.push(nothing / one);
    }
    report.median("parse_client_model_ns", &new, "ns");
    report.median("parse_client_flatten_derive_ns", &derive, "ns");
    report.median("parse_client_derive_vs_model", &ratios, "ratio");
    report.median("parse_client_skip_ns", &skip, "ns");
    report.median("parse_client_skip_share", &skip_shares, "ratio");
    Ok(())
}

/// Nanoseconds per call of `f` over one timed batch of 100 calls.
fn batches_of(mut f: impl FnMut()) -> f64 {
    let len = 100;
    let started = Instant::now();
    for _ in 0..len {
        f();
    }
    started.elapsed().as_nanos() as f64 / f64::from(len)
}
