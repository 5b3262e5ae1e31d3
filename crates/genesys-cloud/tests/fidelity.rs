//! The executor against the platform's rules as the emulator keeps them (issue 17): deletion of young and old
//! clients (item 5), a rate limit whose 429s are waited out (item 10), and the platform's single-page client list
//! (item 11). Time moves with the emulator's clock, never by waiting for it.

mod common;

use std::time::{Duration, Instant};

use genesys_cloud::Patience;
use genesys_cloud::models::{ClientState, GrantType, OAuthClientRequest};
use genesys_cloud_emulator::EmulatorConfig;

const DAY: Duration = Duration::from_secs(86_400);

async fn create(client: &genesys_cloud::Client, name: &str) -> String {
    let created = client
        .post_oauth_clients(OAuthClientRequest::new(name, GrantType::ClientCredentials))
        .await
        .unwrap();
    created.id.unwrap()
}

#[tokio::test]
async fn item_05_delete_completely_removes_a_client_younger_than_30_days_at_once() {
    let emulator = common::start(EmulatorConfig::default()).await;
    let client = common::client(&emulator);
    let id = create(&client, "young").await;
    client
        .delete_oauth_client_completely(&id)
        .patience(Patience::default())
        .await
        .unwrap();
    assert!(
        client
            .get_oauth_client(&id)
            .await
            .unwrap_err()
            .is_not_found()
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn item_05_delete_completely_leaves_an_older_client_deactivated_for_7_days() {
    let emulator = common::start(EmulatorConfig::default()).await;
    let client = common::client(&emulator);
    let id = create(&client, "old").await;
    // 31 days on (the client renews its expired token on the way).
    emulator.advance_clock(31 * DAY);
    let patience = Patience::new(Duration::from_secs(5), Duration::from_millis(10));
    client
        .delete_oauth_client_completely(&id)
        .patience(patience)
        .await
        .unwrap();
    let kept = client.get_oauth_client(&id).await.unwrap();
    assert_eq!(kept.state, Some(ClientState::Inactive));
    assert!(kept.date_to_delete.is_some(), "{kept:?}");
    emulator.advance_clock(7 * DAY + Duration::from_secs(1));
    assert!(
        client
            .get_oauth_client(&id)
            .await
            .unwrap_err()
            .is_not_found()
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn item_10_under_a_rate_limit_nothing_is_lost_or_duplicated_and_each_429_is_waited_out() {
    // Five requests per one-second window, so that the test waits seconds, not minutes.
    let emulator = common::start(
        EmulatorConfig::default()
            .rate_limit_per_minute(Some(5))
            .rate_limit_window(Duration::from_secs(1)),
    )
    .await;
    let client = common::client(&emulator);
    let started = Instant::now();
    let mut ids = Vec::new();
    for i in 0..8 {
        ids.push(create(&client, &format!("limited {i}")).await);
    }
    for _ in 0..4 {
        client.get_oauth_clients().await.unwrap();
    }
    let stats = emulator.stats();
    assert!(stats.rate_limited >= 1, "{stats:?}");
    assert_eq!(stats.mutations.create, 8, "each create applied once");
    assert_eq!(stats.clients, 4 + 8, "none lost, none duplicated");
    // At least one Retry-After (a second) was waited; a lower bound, so never flaky.
    assert!(started.elapsed() >= Duration::from_secs(1));
    let listed = client
        .get_oauth_clients()
        .pages()
        .collect_all()
        .await
        .unwrap();
    for id in &ids {
        assert_eq!(
            listed.iter().filter(|c| c.id.as_ref() == Some(id)).count(),
            1
        );
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn item_11_the_paginator_works_against_one_page_and_follows_linked_pages() {
    // The platform's answer: one page, whatever the paging parameters say.
    let emulator = common::start(EmulatorConfig::default().seed_clients(5)).await;
    let client = common::client(&emulator);
    let all = client
        .get_oauth_clients()
        .pages()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 9);
    let asked_for_pages = client
        .get_oauth_clients()
        .page_size(2)
        .pages()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(asked_for_pages.len(), 9);
    let before = emulator.stats().requests;
    let mut pages = client.get_oauth_clients().pages();
    let mut count = 0;
    while let Some(page) = pages.next_page().await.unwrap() {
        count += page.entities.unwrap_or_default().len();
    }
    assert_eq!((count, emulator.stats().requests - before), (9, 1));
    emulator.shutdown().await;

    // A server that links its pages is followed, without the caller naming a page size.
    let emulator =
        common::start(EmulatorConfig::default().seed_clients(5).page_size(Some(2))).await;
    let client = common::client(&emulator);
    let all = client
        .get_oauth_clients()
        .pages()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), 9);
    emulator.shutdown().await;
}
