//! Deliberate damage after the workload, so that a test can see the reconciliation report it.

use genesys_cloud::Client;
use genesys_cloud::models::{ClientState, GrantType, OAuthClientRequest};

use crate::workload::{Created, Deleted, Outcome};

/// `duplicate`: creates a second client with the name of an acknowledged create. `lost`: deletes a client the
/// workers believe exists.
pub(crate) async fn apply(kind: &str, client: &Client, outcome: &Outcome) -> Result<(), String> {
    let failed = |error: genesys_cloud::Error| format!("sabotage {kind} failed: {error}");
    match kind {
        "duplicate" => {
            let name = outcome
                .creates
                .iter()
                .find(|record| matches!(record.outcome, Created::Acked(_)))
                .map(|record| record.name.clone())
                .ok_or("no acknowledged create to duplicate")?;
            let body = OAuthClientRequest::new(name, GrantType::ClientCredentials);
            client.post_oauth_clients(body).await.map_err(failed)?;
        }
        _ => {
            let victim = outcome
                .clients
                .iter()
                .find(|tracked| tracked.deleted == Deleted::No)
                .ok_or("no live client to lose")?;
            let body = OAuthClientRequest::new(victim.name.as_str(), GrantType::ClientCredentials)
                .with_state(ClientState::Inactive);
            client
                .put_oauth_client(&victim.id, body)
                .await
                .map_err(failed)?;
            client
                .delete_oauth_client(&victim.id)
                .await
                .map_err(failed)?;
        }
    }
    println!("soak: sabotage `{kind}` applied");
    Ok(())
}
