//! Usage queries run to completion: submit, poll with backoff until Complete or Failed, within a deadline.

use std::time::Duration;

use genesys_cloud_models::{
    ApiUsageClientQuery, ApiUsageQueryResult, QueryStatus, UsageExecutionResult,
};
use tokio::time::Instant;

use crate::client::Client;
use crate::error::Error;

/// The shortest wait between two polls, whatever the settings say: a zero interval would be a busy loop.
pub(crate) const MIN_POLL_INTERVAL: Duration = Duration::from_millis(1);

/// How a usage query is polled. Any durations are accepted (zero and `Duration::MAX` included): waits between
/// polls are at least 1 ms, and a deadline too far away to be reached means no deadline.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct UsagePolling {
    /// The first wait between polls; it grows by half each time.
    pub initial_interval: Duration,
    /// The longest wait between polls.
    pub max_interval: Duration,
    /// How long to wait in all before giving up.
    pub deadline: Duration,
}

impl Default for UsagePolling {
    /// Polls after 250 ms, growing to 5 s between polls, for up to 5 minutes.
    fn default() -> Self {
        Self {
            initial_interval: Duration::from_millis(250),
            max_interval: Duration::from_secs(5),
            deadline: Duration::from_secs(300),
        }
    }
}

impl UsagePolling {
    /// Sets the deadline.
    #[must_use]
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Sets the first and the longest wait between polls.
    #[must_use]
    pub fn with_intervals(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_interval = initial;
        self.max_interval = max.max(initial);
        self
    }
}

impl Client {
    /// Submits a usage query for a client and waits for its rows.
    ///
    /// ```no_run
    /// # async fn example(client: genesys_cloud::Client) -> Result<(), genesys_cloud::Error> {
    /// use genesys_cloud::UsagePolling;
    /// use genesys_cloud::models::{ApiUsageClientQuery, Granularity};
    ///
    /// let query = ApiUsageClientQuery::new("2025-06-01T00:00:00Z/2025-06-08T00:00:00Z")
    ///     .with_granularity(Granularity::Day);
    /// let result = client.run_usage_query("client-id", query, &UsagePolling::default()).await?;
    /// for row in result.results.unwrap_or_default() {
    ///     println!("{:?} {:?}", row.date, row.requests);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn run_usage_query(
        &self,
        client_id: &str,
        query: ApiUsageClientQuery,
        polling: &UsagePolling,
    ) -> Result<ApiUsageQueryResult, Error> {
        let execution = self.post_oauth_client_usage_query(client_id, query).await?;
        self.wait_for_execution(&execution, client_id, polling)
            .await
    }

    /// Requests a usage summary of the last `days` days for a client and waits for its rows.
    pub async fn run_usage_summary(
        &self,
        client_id: &str,
        days: Option<u32>,
        polling: &UsagePolling,
    ) -> Result<ApiUsageQueryResult, Error> {
        let execution = self.get_oauth_client_usage_summary(client_id, days).await?;
        self.wait_for_execution(&execution, client_id, polling)
            .await
    }

    async fn wait_for_execution(
        &self,
        execution: &UsageExecutionResult,
        client_id: &str,
        polling: &UsagePolling,
    ) -> Result<ApiUsageQueryResult, Error> {
        let execution_id = execution.execution_id.as_deref().ok_or_else(|| {
            Error::GaveUp("the usage query was accepted without an executionId".to_owned())
        })?;
        self.wait_for_usage_result(execution_id, client_id, polling)
            .await
    }

    /// Polls the result of a submitted usage query until it is Complete (returned) or Failed (an error), or the
    /// deadline passes (an error).
    pub async fn wait_for_usage_result(
        &self,
        execution_id: &str,
        client_id: &str,
        polling: &UsagePolling,
    ) -> Result<ApiUsageQueryResult, Error> {
        let started = Instant::now();
        // At least a millisecond between polls, so that a zero interval cannot turn into a busy loop.
        let mut interval = polling.initial_interval.max(MIN_POLL_INTERVAL);
        let mut polls = 0u32;
        loop {
            polls = polls.saturating_add(1);
            let result = self
                .get_oauth_client_usage_query_result(execution_id, client_id)
                .await?;
            match &result.query_status {
                Some(QueryStatus::Complete) => return Ok(result),
                Some(QueryStatus::Failed) => {
                    return Err(Error::GaveUp(format!(
                        "usage query {execution_id} failed on the server"
                    )));
                }
                status => tracing::debug!(polls, ?status, "usage query not finished yet"),
            }
            if started.elapsed().saturating_add(interval) > polling.deadline {
                return Err(Error::GaveUp(format!(
                    "usage query {execution_id} did not finish within {:.0}s ({polls} polls)",
                    polling.deadline.as_secs_f64()
                )));
            }
            tokio::time::sleep(interval).await;
            interval = interval
                .saturating_add(interval / 2)
                .min(polling.max_interval)
                .max(MIN_POLL_INTERVAL);
        }
    }
}
