//! What a custom transport logs while it sends belongs to the attempt: it appears inside the `genesys_request`
//! span, with the operation and the attempt, as the built-in transport's own events do.

mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use genesys_cloud::Client;

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
async fn a_custom_transport_logs_inside_the_attempts_span() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::DEBUG)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let client = Client::builder()
        .base_url("https://api.mypurecloud.com")
        .access_token("a-token")
        .transport_fn(|_request| {
            // Logged as the request is handed over, before the future is polled.
            tracing::info!("custom transport sending");
            core::future::ready(common::json(
                200,
                r#"{"id":"c1","name":"bot","authorizedGrantType":"CODE"}"#,
            ))
        })
        .build()
        .unwrap();
    client.get_oauth_client("c1").await.unwrap();

    let output = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let line = output
        .lines()
        .find(|line| line.contains("custom transport sending"))
        .unwrap_or_else(|| panic!("the transport's event was not captured:\n{output}"));
    assert!(
        line.contains("genesys_request") && line.contains("getOauthClient"),
        "outside the attempt's span: {line}"
    );
}
