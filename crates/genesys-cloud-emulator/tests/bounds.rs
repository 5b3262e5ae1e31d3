//! Memory stays bounded however long the emulator runs: tokens beyond the documented cap are evicted,
//! oldest first, and an evicted token answers 401.

mod common;

use common::*;
use genesys_cloud_emulator::EmulatorConfig;

/// The documented cap on tokens held (README, `EmulatorStats::tokens_held`).
const MAX_TOKENS: u64 = 10_000;

#[tokio::test]
async fn logins_beyond_the_token_cap_evict_the_oldest_token() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let first = admin_token(&emulator, &http).await;
    assert_eq!(http.get("/api/v2/oauth/scopes", &first).await.status, 200);
    let mut last = String::new();
    for _ in 0..MAX_TOKENS + 10 {
        last = admin_token(&emulator, &http).await;
    }
    let stats = emulator.stats();
    assert_eq!(stats.tokens_issued, MAX_TOKENS + 11);
    assert_eq!(stats.tokens_held, MAX_TOKENS, "{stats:?}");
    assert_eq!(http.stats().await["tokensHeld"], MAX_TOKENS);
    http.get("/api/v2/oauth/clients", &first)
        .await
        .assert_error(401, "bad.credentials");
    assert_eq!(http.get("/api/v2/oauth/clients", &last).await.status, 200);
    emulator.shutdown().await;
}

/// The documented cap on clients (README): each may hold up to a 1 MiB body of fields the emulator keeps, so
/// a create loop grew memory (and the state file, rewritten on every change) without bound.
const MAX_CLIENTS: u64 = 100_000;

#[tokio::test]
async fn creates_beyond_the_client_cap_are_refused() {
    // The admin and three code-grant clients are seeded too: the store is full.
    let (emulator, http) =
        start(EmulatorConfig::default().seed_clients(MAX_CLIENTS as usize - 4)).await;
    assert_eq!(emulator.stats().clients, MAX_CLIENTS);
    let admin = admin_token(&emulator, &http).await;
    let body = serde_json::json!({"name": "One too many", "authorizedGrantType": "CODE"});
    let refused = http.post("/api/v2/oauth/clients", &admin, &body).await;
    refused.assert_error(400, "bad.request");
    assert_eq!(
        refused.json()["details"][0]["errorCode"],
        "too.many.clients"
    );
    assert!(
        refused.json()["message"]
            .as_str()
            .unwrap()
            .contains("100000"),
        "{:?}",
        refused.body
    );
    assert_eq!(emulator.stats().clients, MAX_CLIENTS);
    assert_eq!(emulator.stats().mutations.create, 0);
    emulator.shutdown().await;
}
