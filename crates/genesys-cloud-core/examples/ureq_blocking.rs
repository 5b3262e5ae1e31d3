//! The sans-IO core over a blocking HTTP stack (ureq), end to end against a local emulator on 127.0.0.1.
//!
//! Run with `cargo run -p genesys-cloud-core --example ureq_blocking`. Nothing here is async except starting the
//! emulator: the core only builds `http::Request`s and parses `http::Response`s, so any client can send them.

use bytes::Bytes;
use genesys_cloud_core::ops::{GetOauthClient, GetOauthClients, PostOauthClients};
use genesys_cloud_core::token::ClientCredentialsGrant;
use genesys_cloud_core::transport::{SendError, send_sync};
use genesys_cloud_core::{Auth, BearerHeader, Environment};
use genesys_cloud_emulator::{Emulator, EmulatorConfig};
use genesys_cloud_models::{ClientSecret, GrantType, OAuthClientRequest};

/// The adapter: ureq sends an `http::Request<Bytes>` and the whole body comes back as `Bytes`.
fn ureq_transport(
    agent: &ureq::Agent,
) -> impl Fn(http::Request<Bytes>) -> Result<http::Response<Bytes>, ureq::Error> {
    move |request: http::Request<Bytes>| {
        let (parts, body) = request.into_parts();
        let request = http::Request::from_parts(parts, body.to_vec());
        let response = agent.run(request)?;
        let (parts, mut body) = response.into_parts();
        let bytes = body.read_to_vec()?;
        Ok(http::Response::from_parts(parts, Bytes::from(bytes)))
    }
}

/// Starts the emulator, then logs in, lists, creates and reads clients through ureq.
pub fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The emulator needs a runtime; the example itself stays blocking.
    let runtime = tokio::runtime::Runtime::new()?;
    let emulator = runtime.block_on(Emulator::start(EmulatorConfig::default().seed_clients(3)))?;
    let environment = Environment::from_api_url(&emulator.base_url())?;

    // Keep non-2xx statuses as responses: the core turns them into typed API errors.
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let transport = ureq_transport(&agent);

    let grant = ClientCredentialsGrant::new(
        emulator.admin_client_id(),
        ClientSecret::new(emulator.admin_client_secret()),
    );
    let token = send_sync(&transport, &environment, Auth::None, &grant)?;
    let bearer = BearerHeader::new(&token.access_token)?;
    let auth = Auth::Bearer(&bearer);
    println!("token valid for {:?}", token.expires_in);

    let listing = send_sync(&transport, &environment, auth, &GetOauthClients::new())?;
    println!("{} clients", listing.entities.as_ref().map_or(0, Vec::len));

    let body = OAuthClientRequest::new("made with ureq", GrantType::ClientCredentials);
    let created = send_sync(&transport, &environment, auth, &PostOauthClients::new(body))?;
    let id = created.id.clone().unwrap_or_default();
    println!("created {id}; the secret is {:?}", created.secret);

    let fetched = send_sync(&transport, &environment, auth, &GetOauthClient::new(&id))?;
    println!("read back {:?} in state {:?}", fetched.name, fetched.state);

    match send_sync(
        &transport,
        &environment,
        auth,
        &GetOauthClient::new("no-such-client"),
    ) {
        Err(SendError::Response(error)) if error.is_not_found() => println!("as expected: {error}"),
        other => return Err(format!("expected a 404, got {other:?}").into()),
    }

    runtime.block_on(emulator.shutdown());
    Ok(())
}
