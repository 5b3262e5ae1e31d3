//! Creates a client-credentials client, rotates its secret, and shows that the old secret stops working:
//! `cargo run -p genesys-cloud --example rotate_secret`.

#[path = "common/connect.rs"]
mod connect;

use genesys_cloud::models::{GrantType, OAuthClientRequest};
use genesys_cloud::{Client, Patience};

/// Returns whether the old secret was refused after the rotation.
pub async fn run() -> Result<bool, Box<dyn std::error::Error>> {
    let target = connect::connect().await?;
    let client = &target.client;
    let created = client
        .create_oauth_client(OAuthClientRequest::new(
            "rotation example",
            GrantType::ClientCredentials,
        ))
        .patience(Patience::default())
        .await?;
    let id = created.client.id.clone().unwrap_or_default();
    let old_secret = created
        .secret
        .ok_or("the platform returned no secret for the new client")?;

    let new_secret = client.rotate_oauth_client_secret(&id).await?;
    // Store `new_secret.expose_secret()` in your vault now: the platform never shows it again.
    println!("rotated the secret of {id}: {new_secret:?}");

    let login = |secret| {
        Client::builder()
            .environment(client.environment().clone())
            .client_credentials(id.clone(), secret)
            .no_retries()
            .build()
    };
    let old_refused = login(old_secret)?.token().await.is_err();
    let new_works = login(new_secret)?.token().await.is_ok();
    println!("old secret refused: {old_refused}; new secret works: {new_works}");

    client
        .delete_oauth_client_completely(&id)
        .patience(Patience::default())
        .await?;
    Ok(old_refused && new_works)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    run().await.map(|_| ())
}
