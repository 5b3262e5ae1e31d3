//! Nanosecond benchmarks of the sans-IO core: building one getOauthClient request with its auth header, and
//! parsing one getOauthClient response. Timed in batches; the median batch is reported.

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
    eprintln!(
        "micro: getOauthClient response body of {} bytes",
        body.len()
    );
    Ok(())
}
