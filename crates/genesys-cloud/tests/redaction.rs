//! No secret or token in the Debug output of the client or its errors, or in trace output at TRACE level.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use genesys_cloud::models::{GrantType, OAuthClientRequest};
use genesys_cloud_emulator::EmulatorConfig;

/// Collects everything the subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn nothing_secret_in_debug_errors_or_traces() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let emulator = common::start(EmulatorConfig::default()).await;
    let admin_secret = emulator.admin_client_secret().to_owned();
    let client = common::builder(&emulator).log_bodies(true).build().unwrap();
    let created = client
        .post_oauth_clients(OAuthClientRequest::new(
            "leak-check",
            GrantType::ClientCredentials,
        ))
        .await
        .unwrap();
    let id = created.id.clone().unwrap();
    let created_secret = created.secret.clone().unwrap().expose_secret().to_owned();
    let rotated = client.rotate_oauth_client_secret(&id).await.unwrap();
    let token = client.token().await.unwrap();
    let error = client.delete_oauth_client(&id).await.unwrap_err();
    let bad_login = genesys_cloud::Client::builder()
        .base_url(emulator.base_url())
        .client_credentials(&id, "wrong-secret-value-123")
        .build()
        .unwrap();
    let token_error = bad_login.get_oauth_clients().await.unwrap_err();

    let mut everything = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    for value in [
        format!("{client:?}"),
        format!("{created:?}"),
        format!("{rotated:?}"),
        format!("{token:?}"),
        format!("{error:?} {error}"),
        format!("{token_error:?} {token_error}"),
        format!("{bad_login:?}"),
    ] {
        everything.push_str(&value);
    }
    assert!(
        everything.contains("genesys_request"),
        "tracing captured nothing"
    );
    assert!(
        everything.contains("response body"),
        "bodies were not traced"
    );
    for secret in [
        admin_secret.as_str(),
        created_secret.as_str(),
        rotated.expose_secret(),
        token.access_token.expose_secret(),
        "wrong-secret-value-123",
    ] {
        assert!(
            !everything.contains(secret),
            "a secret leaked into Debug or trace output"
        );
    }
    emulator.shutdown().await;
}
