//! Shared setup: an emulator on 127.0.0.1 and a client logged in to it as the admin.

#![allow(dead_code, unreachable_pub)]

use std::time::Duration;

use genesys_cloud::{Client, ClientBuilder, RetryConfig};
use genesys_cloud_emulator::{Emulator, EmulatorConfig};

/// A JSON answer of a transport that answers from memory.
pub fn json(
    status: u16,
    body: &str,
) -> Result<http::Response<bytes::Bytes>, genesys_cloud::TransportError> {
    Ok(http::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(bytes::Bytes::from(body.to_owned()))
        .unwrap())
}

pub async fn start(config: EmulatorConfig) -> Emulator {
    Emulator::start(config)
        .await
        .expect("the emulator starts on 127.0.0.1")
}

/// A builder aimed at the emulator with its admin credentials and quick retries.
pub fn builder(emulator: &Emulator) -> ClientBuilder {
    Client::builder()
        .base_url(emulator.base_url())
        .client_credentials(emulator.admin_client_id(), emulator.admin_client_secret())
        .retry(
            RetryConfig::default()
                .with_max_attempts(5)
                .with_backoff(Duration::from_millis(10), Duration::from_millis(100)),
        )
        .total_timeout(Duration::from_secs(30))
}

pub fn client(emulator: &Emulator) -> Client {
    builder(emulator).build().expect("the client builds")
}
