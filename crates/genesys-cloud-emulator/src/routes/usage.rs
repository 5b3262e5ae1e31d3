//! The usage operations: submit a query, ask for a summary, and poll for results.

use std::sync::Arc;

use bytes::Bytes;
use genesys_cloud_core::Operation;
use genesys_cloud_core::ops::GetOauthClientUsageQueryResult;
use genesys_cloud_models::{
    ApiUsageClientQuery, ApiUsageQueryResult, QueryStatus, UsageExecutionResult,
};
use http::Request;
use http_body::Body;

use super::{api_path, json_body, typed};
use crate::app_state::Shared;
use crate::lock;
use crate::reply::Reply;
use crate::stats::Mutation;
use crate::store::Execution;
use crate::usage::UsageQuery;

/// The longest summary period accepted, in days.
const MAX_DAYS: u32 = 36_500;

const DAY_MS: i64 = 86_400_000;

/// The start of the current UTC day, in Unix ms, on the emulator's clock.
fn today_start_ms(shared: &Shared) -> i64 {
    shared
        .clock
        .wall_now()
        .unix_millis()
        .div_euclid(DAY_MS)
        .saturating_mul(DAY_MS)
}

/// Counts the client's requests recorded so far and files them under a new execution id.
///
/// Counting at submission keeps the answer to exactly the requests made before the query, whatever is
/// sent while the caller polls. Unless usage is live, only complete UTC days before today are counted, as the
/// platform computes usage once per UTC day and leaves the current day out.
fn submit(
    shared: &Shared,
    client_id: &str,
    query: &UsageQuery,
    mutation: Mutation,
) -> Result<Reply, Reply> {
    let mut query = query.clone();
    if !shared.settings.usage_live {
        query.end_ms = query.end_ms.min(today_start_ms(shared));
    }
    let query = &query;
    let execution_id = {
        let mut store = lock(&shared.store);
        let now = shared.clock.now();
        let record = store
            .visible_client(client_id, now)
            .ok_or_else(|| Reply::not_found_entity("OAuth client", client_id))?;
        let name = record.client.name.clone();
        let rows = store.usage.rows(client_id, &name, query);
        store.add_execution(Execution {
            client_id: client_id.to_owned(),
            // A delay is at most a year (checked at start): no overflow; if there were, no delay.
            ready_at: now.checked_add(shared.settings.usage_delay).unwrap_or(now),
            rows,
        })
    };
    shared.count_mutation(mutation);
    let results_uri = api_path(
        GetOauthClientUsageQueryResult::PATH,
        &[("clientId", client_id), ("executionId", &execution_id)],
    );
    Ok(Reply::ok(
        &UsageExecutionResult::default()
            .with_execution_id(execution_id)
            .with_results_uri(results_uri),
    ))
}

/// `postOauthClientUsageQuery`.
pub(super) async fn query<B>(
    shared: &Arc<Shared>,
    client_id: &str,
    request: Request<B>,
) -> Result<Reply, Reply>
where
    B: Body<Data = Bytes> + Unpin,
{
    let body: ApiUsageClientQuery = typed(json_body(request).await?)?;
    let query = UsageQuery::from_request(body).map_err(|problems| Reply::invalid(&problems))?;
    submit(shared, client_id, &query, Mutation::UsageQuery)
}

/// `getOauthClientUsageSummary`: daily rows over the last `days` days (7 by default).
pub(super) fn summary(
    shared: &Shared,
    client_id: &str,
    query: Option<&str>,
) -> Result<Reply, Reply> {
    let mut days = 7;
    for (key, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        if key == "days" {
            days = value
                .trim()
                .parse::<u32>()
                .ok()
                .filter(|d| (1..=MAX_DAYS).contains(d))
                .ok_or_else(|| {
                    Reply::invalid(&[(
                        "days".to_owned(),
                        format!("`{value}` is not a whole number of days from 1 to {MAX_DAYS}"),
                    )])
                })?;
        }
    }
    let summary = if shared.settings.usage_live {
        UsageQuery::summary(days, shared.clock.wall_now().unix_millis())
    } else {
        // The last `days` complete UTC days: the current one is not computed yet.
        let today = today_start_ms(shared);
        let mut summary = UsageQuery::summary(days, today);
        summary.start_ms = today.saturating_sub(i64::from(days).saturating_mul(DAY_MS));
        summary.end_ms = today;
        summary
    };
    submit(shared, client_id, &summary, Mutation::UsageSummary)
}

/// `getOauthClientUsageQueryResult`: `Running` until the usage delay has passed, then `Complete`.
pub(super) fn result(shared: &Shared, client_id: &str, execution_id: &str) -> Result<Reply, Reply> {
    let store = lock(&shared.store);
    let now = shared.clock.now();
    store
        .visible_client(client_id, now)
        .ok_or_else(|| Reply::not_found_entity("OAuth client", client_id))?;
    let execution = store
        .execution(execution_id)
        .filter(|execution| execution.client_id == client_id)
        .ok_or_else(|| Reply::not_found_entity("usage query execution", execution_id))?;
    let result = if now < execution.ready_at {
        ApiUsageQueryResult::default().with_query_status(QueryStatus::Running)
    } else {
        ApiUsageQueryResult::default()
            .with_query_status(QueryStatus::Complete)
            .with_results(execution.rows.clone())
    };
    Ok(Reply::ok(&result))
}
