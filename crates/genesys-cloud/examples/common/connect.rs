//! Where the examples run: the real platform when `GENESYSCLOUD_OAUTHCLIENT_ID` and
//! `GENESYSCLOUD_OAUTHCLIENT_SECRET` are set (region from `GENESYSCLOUD_REGION`, default `us_east_1`), otherwise an
//! emulator started in-process on 127.0.0.1 with demo data.

use genesys_cloud::{Client, Environment};
use genesys_cloud_emulator::{Emulator, EmulatorConfig};

/// A client, and the emulator it talks to when there is one (kept alive as long as the client is used).
pub(crate) struct Target {
    /// The client.
    pub(crate) client: Client,
    /// The in-process emulator, when no credentials were configured.
    #[allow(dead_code)]
    // Held so the emulator lives as long as the client; read by some examples only.
    pub(crate) emulator: Option<Emulator>,
}

/// Connects as described in the module documentation.
pub(crate) async fn connect() -> Result<Target, Box<dyn std::error::Error>> {
    let id = std::env::var("GENESYSCLOUD_OAUTHCLIENT_ID");
    let secret = std::env::var("GENESYSCLOUD_OAUTHCLIENT_SECRET");
    if let (Ok(id), Ok(secret)) = (id, secret) {
        let region =
            std::env::var("GENESYSCLOUD_REGION").unwrap_or_else(|_| "us_east_1".to_owned());
        let client = Client::builder()
            .environment(Environment::parse(&region)?)
            .client_credentials(id, secret)
            .build()?;
        return Ok(Target {
            client,
            emulator: None,
        });
    }
    // Live usage counts, so that the usage example shows the traffic it just made: the platform (and the
    // emulator by default) counts complete UTC days only, so there it would show yesterday's.
    let emulator =
        Emulator::start(EmulatorConfig::default().demo_data(true).usage_live(true)).await?;
    let client = Client::builder()
        .base_url(emulator.base_url())
        .client_credentials(emulator.admin_client_id(), emulator.admin_client_secret())
        .build()?;
    Ok(Target {
        client,
        emulator: Some(emulator),
    })
}
