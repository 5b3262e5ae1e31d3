//! Runs an API usage query for the caller's own client and prints the rows, waiting until the query completes:
//! `cargo run -p genesys-cloud --example usage_query`.

#[path = "common/connect.rs"]
mod connect;

use std::time::{Duration, SystemTime};

use genesys_cloud::UsagePolling;
use genesys_cloud::models::{ApiUsageClientQuery, Granularity, Timestamp, UsageGroupBy};

/// Returns the number of rows.
pub async fn run() -> Result<usize, Box<dyn std::error::Error>> {
    let target = connect::connect().await?;
    let client = &target.client;
    // Some traffic to count, then the query over the last week.
    client.get_oauth_scopes().await?;
    client.get_oauth_clients().await?;
    let client_id = match &target.emulator {
        Some(emulator) => emulator.admin_client_id().to_owned(),
        None => std::env::var("GENESYSCLOUD_OAUTHCLIENT_ID")?,
    };
    let now = Timestamp::try_from(SystemTime::now())?;
    let week_ago = now
        .checked_sub(Duration::from_secs(7 * 24 * 3600))
        .ok_or("date out of range")?;
    let tomorrow = now
        .checked_add(Duration::from_secs(24 * 3600))
        .ok_or("date out of range")?;
    let query = ApiUsageClientQuery::new(format!("{week_ago}/{tomorrow}"))
        .with_granularity(Granularity::Day)
        .with_group_by(vec![UsageGroupBy::TemplateUri]);
    let polling = UsagePolling::default().with_deadline(Duration::from_secs(120));
    let result = client
        .run_usage_query(&client_id, query)
        .polling(polling)
        .await?;
    let rows = result.results.unwrap_or_default();
    for row in &rows {
        println!(
            "{} {:<45} requests={:<4} 2xx={:<4} 4xx={:<4} 429={}",
            row.date.map(|d| d.to_string()).unwrap_or_default(),
            row.template_uri.as_deref().unwrap_or("-"),
            row.requests.unwrap_or(0),
            row.status200.unwrap_or(0),
            row.status400.unwrap_or(0),
            row.status429.unwrap_or(0),
        );
    }
    Ok(rows.len())
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    run().await.map(|_| ())
}
