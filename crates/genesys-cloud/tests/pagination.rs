//! Pagination over 2,500 clients and the usage-query waiter.

mod common;

use std::collections::HashSet;
use std::time::Duration;

use genesys_cloud::UsagePolling;
use genesys_cloud::models::{ApiUsageClientQuery, Granularity, QueryStatus, UsageGroupBy};
use genesys_cloud_emulator::EmulatorConfig;

#[tokio::test]
async fn every_one_of_2500_clients_exactly_once_with_pages_of_100() {
    let emulator = common::start(
        EmulatorConfig::default()
            .seed_clients(2_500)
            .page_size(Some(100)),
    )
    .await;
    let client = common::client(&emulator);
    let mut pages = client.get_oauth_clients().pages();
    let mut ids = Vec::new();
    let mut page_count = 0;
    while let Some(page) = pages.next_page().await.unwrap() {
        page_count += 1;
        ids.extend(
            page.entities
                .unwrap_or_default()
                .into_iter()
                .map(|c| c.id.unwrap()),
        );
    }
    assert!(pages.stopped_early().is_none());
    let total = emulator.stats().clients as usize;
    assert!(total >= 2_500, "{total}");
    assert_eq!(ids.len(), total);
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        total,
        "a client was listed twice"
    );
    assert_eq!(page_count, total.div_ceil(100));
    // One client at a time, across pages, in the same order.
    let mut items = client.get_oauth_clients().page_size(100).items();
    let mut one_by_one = Vec::new();
    while let Some(listed) = items.next_item().await.unwrap() {
        one_by_one.push(listed.id.unwrap());
    }
    assert_eq!(one_by_one, ids);
    // The same through collect_all, with an explicit page size.
    let all = client
        .get_oauth_clients()
        .page_size(250)
        .pages()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(all.len(), total);
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_waiter_returns_the_complete_rows() {
    let emulator =
        common::start(EmulatorConfig::default().usage_delay(Duration::from_millis(300))).await;
    let client = common::client(&emulator);
    for _ in 0..5 {
        client.get_oauth_scopes().await.unwrap();
    }
    // The platform counts complete UTC days only: the requests show the next day. The token expires meanwhile,
    // so the client also renews it.
    emulator.advance_clock(Duration::from_secs(86_400));
    let query = ApiUsageClientQuery::new("2000-01-01T00:00:00Z/2100-01-01T00:00:00Z")
        .with_granularity(Granularity::Month)
        .with_group_by(vec![UsageGroupBy::TemplateUri]);
    let polling = UsagePolling::default()
        .with_intervals(Duration::from_millis(50), Duration::from_millis(200));
    let result = client
        .run_usage_query(emulator.admin_client_id(), query)
        .polling(polling)
        .await
        .unwrap();
    assert_eq!(result.query_status, Some(QueryStatus::Complete));
    let rows = result.results.unwrap();
    let scopes_row = rows
        .iter()
        .find(|row| row.template_uri.as_deref() == Some("api/v2/oauth/scopes"))
        .unwrap_or_else(|| panic!("no row for the scopes list: {rows:?}"));
    assert_eq!(scopes_row.requests, Some(5), "{rows:?}");

    // A deadline shorter than the query gives up with a clear error.
    let slow = common::start(EmulatorConfig::default().usage_delay(Duration::from_secs(60))).await;
    let client = common::client(&slow);
    let polling = UsagePolling::default()
        .with_intervals(Duration::from_millis(20), Duration::from_millis(50))
        .with_deadline(Duration::from_millis(300));
    let error = client
        .run_usage_summary(slow.admin_client_id())
        .days(1)
        .polling(polling)
        .await
        .unwrap_err();
    assert!(error.is_wait_timed_out(), "{error:?}");
    assert!(error.to_string().contains("did not finish"), "{error}");
    emulator.shutdown().await;
    slow.shutdown().await;
}
