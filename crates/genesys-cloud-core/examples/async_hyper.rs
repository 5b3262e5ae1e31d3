//! The sans-IO core over an async HTTP stack of your choosing, here a bare hyper-util client passed as a closure:
//! `cargo run -p genesys-cloud-core --example async_hyper`. The core brings no runtime; the closure's future runs on
//! whatever executor awaits it.

use bytes::Bytes;
use genesys_cloud_core::ops::{GetOauthScope, GetOauthScopes};
use genesys_cloud_core::token::ClientCredentialsGrant;
use genesys_cloud_core::transport::send_async;
use genesys_cloud_core::{Auth, BearerHeader, Environment};
use genesys_cloud_emulator::{Emulator, EmulatorConfig};
use genesys_cloud_models::ClientSecret;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Logs in and reads the scopes through hyper; returns how many scopes there are.
pub async fn run() -> Result<usize, BoxError> {
    let emulator = Emulator::start(EmulatorConfig::default()).await?;
    let environment = Environment::from_api_url(&emulator.base_url())?;
    let hyper = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();

    // The whole adapter: request in, whole response out.
    let transport = move |request: http::Request<Bytes>| {
        let hyper = hyper.clone();
        async move {
            let (parts, body) = request.into_parts();
            let response = hyper
                .request(http::Request::from_parts(parts, Full::new(body)))
                .await
                .map_err(std::io::Error::other)?;
            let (parts, body) = response.into_parts();
            let bytes = body
                .collect()
                .await
                .map_err(std::io::Error::other)?
                .to_bytes();
            Ok::<_, std::io::Error>(http::Response::from_parts(parts, bytes))
        }
    };

    let grant = ClientCredentialsGrant::new(
        emulator.admin_client_id(),
        ClientSecret::new(emulator.admin_client_secret()),
    );
    let token = send_async(&transport, &environment, Auth::None, &grant).await?;
    let bearer = BearerHeader::new(&token.access_token)?;
    let scopes = send_async(
        &transport,
        &environment,
        Auth::Bearer(&bearer),
        &GetOauthScopes::new(),
    )
    .await?;
    let count = scopes.entities.as_ref().map_or(0, Vec::len);
    let one = send_async(
        &transport,
        &environment,
        Auth::Bearer(&bearer),
        &GetOauthScope::new("users:readonly"),
    )
    .await?;
    println!("{count} scopes; users:readonly = {:?}", one.description);
    emulator.shutdown().await;
    Ok(count)
}

#[tokio::main]
async fn main() -> Result<(), BoxError> {
    run().await.map(|_| ())
}
