//! Shared setup: an emulator on 127.0.0.1 and a client logged in to it as the admin.

#![allow(dead_code, unreachable_pub)]

use std::time::Duration;

use genesys_cloud::models::{ClientSecret, GrantType, OAuthClientRequest};
use genesys_cloud::{Client, ClientBuilder, Credentials, RetryConfig};
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

/// A client of the emulator that logs in with `credentials` (default retries).
pub fn client_with(emulator: &Emulator, credentials: Credentials) -> Client {
    Client::builder()
        .base_url(emulator.base_url())
        .credentials(credentials)
        .build()
        .expect("the client builds")
}

/// Creates a user-facing client of `grant` with the `oauth` scope and the one redirect URI `redirect`; its id and
/// secret.
pub async fn user_facing_client(
    emulator: &Emulator,
    grant: GrantType,
    redirect: &str,
) -> (String, ClientSecret) {
    let admin = client(emulator);
    let mut body = OAuthClientRequest::new("a user-facing app", grant);
    body.registered_redirect_uri = Some(vec![redirect.to_owned()]);
    body.scope = Some(vec!["oauth".to_owned()]);
    let created = admin.post_oauth_clients(body).await.unwrap();
    (created.id.unwrap(), created.secret.unwrap())
}

/// Calls `getOauthAuthorizations` (any token may: a user's lists its own) from `n` tasks at once; every call must
/// succeed.
pub async fn many_calls(client: &Client, n: usize) {
    let calls: Vec<_> = (0..n)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_oauth_authorizations().await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
}
