//! The examples, run against the in-process emulator so they cannot rot.

// Each example includes the shared `connect` module itself, as a standalone example must.
#![allow(clippy::duplicate_mod)]

#[allow(unreachable_pub, dead_code)]
#[path = "../examples/list_clients.rs"]
mod list_clients;
#[allow(unreachable_pub, dead_code)]
#[path = "../examples/rotate_secret.rs"]
mod rotate_secret;
#[allow(unreachable_pub, dead_code)]
#[path = "../examples/usage_query.rs"]
mod usage_query;

fn without_platform_credentials() {
    // The examples talk to the real platform when these are set; the tests must not.
    assert!(
        std::env::var_os("GENESYSCLOUD_OAUTHCLIENT_ID").is_none(),
        "unset GENESYSCLOUD_OAUTHCLIENT_ID to run the example tests against the emulator"
    );
}

#[tokio::test]
async fn list_clients_lists_the_demo_clients() {
    without_platform_credentials();
    assert!(list_clients::run().await.unwrap() >= 12);
}

#[tokio::test]
async fn rotate_secret_invalidates_the_old_secret() {
    without_platform_credentials();
    assert!(rotate_secret::run().await.unwrap());
}

#[tokio::test]
async fn usage_query_returns_rows() {
    without_platform_credentials();
    assert!(usage_query::run().await.unwrap() >= 2);
}
