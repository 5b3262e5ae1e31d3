//! Every client of a 10,000-client organisation in pages of 100: the executor's `items()` stream against a bare
//! hyper client following the same `nextUri` links and parsing the same page model, side by side in rounds.

use std::time::Instant;

use bytes::Bytes;
use genesys_cloud::Client;
use genesys_cloud_core::USER_AGENT_VALUE;
use genesys_cloud_emulator::{Emulator, EmulatorConfig};
use genesys_cloud_models::OAuthClientEntityListing;
use http::header::{ACCEPT, AUTHORIZATION, USER_AGENT};
use http::{HeaderValue, Request};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use crate::report::Report;
use crate::settings::Settings;

/// The organisation's size: the four clients of every emulator (the admin and three authorization-code
/// clients) and 9,996 seeded ones.
const CLIENTS: usize = 10_000;
/// The clients a fresh emulator has before seeding.
const BUILT_IN: usize = 4;
/// Entries per page, as users ask for them.
const PAGE_SIZE: i32 = 100;

/// Reads every client through `client.get_oauth_clients().page_size(100).items()`; returns how many.
async fn through_items(client: &Client) -> Result<usize, String> {
    let mut items = client.get_oauth_clients().page_size(PAGE_SIZE).items();
    let mut count = 0;
    while let Some(listed) = items
        .next_item()
        .await
        .map_err(|error| format!("items() failed: {error}"))?
    {
        std::hint::black_box(listed);
        count += 1;
    }
    Ok(count)
}

/// The floor: one pooled hyper-util client, the same headers, each page parsed into the same model and its
/// `nextUri` followed until there is none.
struct RawPager {
    client: hyper_util::client::legacy::Client<HttpConnector, Full<Bytes>>,
    base_url: String,
    authorization: HeaderValue,
}

impl RawPager {
    async fn all(&self) -> Result<usize, String> {
        let mut next = Some(format!(
            "/api/v2/oauth/clients?pageSize={PAGE_SIZE}&pageNumber=1"
        ));
        let mut count = 0;
        // Bounded: a page of 100 for every 100 clients, and a few more.
        for _ in 0..CLIENTS {
            let Some(path) = next.take() else { break };
            let request = Request::get(format!("{}{path}", self.base_url))
                .header(AUTHORIZATION, self.authorization.clone())
                .header(ACCEPT, HeaderValue::from_static("application/json"))
                .header(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE))
                .body(Full::new(Bytes::new()))
                .map_err(|error| format!("request: {error}"))?;
            let response = self
                .client
                .request(request)
                .await
                .map_err(|error| format!("raw page failed: {error}"))?;
            let body = response
                .into_body()
                .collect()
                .await
                .map_err(|error| format!("raw body failed: {error}"))?
                .to_bytes();
            let page: OAuthClientEntityListing = serde_json::from_slice(&body)
                .map_err(|error| format!("raw page parse failed: {error}"))?;
            for listed in page.entities.unwrap_or_default() {
                std::hint::black_box(listed);
                count += 1;
            }
            next = page.next_uri;
        }
        Ok(count)
    }
}

pub(crate) async fn run(settings: &Settings, report: &mut Report) -> Result<(), String> {
    let config = EmulatorConfig::default()
        .seed_clients(CLIENTS - BUILT_IN)
        .paging_parameters(true);
    let emulator = Emulator::start(config)
        .await
        .map_err(|error| format!("could not start the emulator: {error}"))?;
    let base_url = emulator.base_url();
    let client = Client::builder()
        .base_url(&base_url)
        .client_credentials(emulator.admin_client_id(), emulator.admin_client_secret())
        .build()
        .map_err(|error| format!("could not build the client: {error}"))?;
    let token = client
        .token()
        .await
        .map_err(|error| format!("no token: {error}"))?;
    let mut connector = HttpConnector::new();
    connector.set_nodelay(true);
    let mut authorization =
        HeaderValue::try_from(format!("Bearer {}", token.access_token.expose_secret()))
            .map_err(|error| format!("bad token: {error}"))?;
    authorization.set_sensitive(true);
    let raw = RawPager {
        client: hyper_util::client::legacy::Client::builder(TokioExecutor::new()).build(connector),
        base_url,
        authorization,
    };
    // Warm-up, and the check that both read the whole organisation.
    let (exec_count, raw_count) = (through_items(&client).await?, raw.all().await?);
    if exec_count != CLIENTS || raw_count != CLIENTS {
        return Err(format!(
            "paging read {exec_count} (items) and {raw_count} (raw) clients, not {CLIENTS}"
        ));
    }
    let mut exec_rps = Vec::new();
    let mut raw_rps = Vec::new();
    let mut ratios = Vec::new();
    for round in 0..settings.paginate_rounds {
        // The order alternates every round, so that neither always runs on a warmer allocator.
        let mut seconds = [0.0; 2];
        for which in [round % 2, 1 - round % 2] {
            let started = Instant::now();
            match which {
                0 => through_items(&client).await?,
                _ => raw.all().await?,
            };
            seconds[which] = started.elapsed().as_secs_f64();
        }
        exec_rps.push(CLIENTS as f64 / seconds[0]);
        raw_rps.push(CLIENTS as f64 / seconds[1]);
        ratios.push(seconds[1] / seconds[0]);
    }
    eprintln!(
        "paginate: {CLIENTS} clients in pages of {PAGE_SIZE}, {} rounds, order alternating",
        settings.paginate_rounds
    );
    report.median("paginate_10k_clients_rps", &exec_rps, "clients/s");
    report.median("raw_paginate_10k_clients_rps", &raw_rps, "clients/s");
    report.median("paginate_vs_raw", &ratios, "ratio");
    emulator.shutdown().await;
    Ok(())
}
