//! Usage queries run to completion: submit, poll with backoff until Complete or Failed, within a deadline.

use std::time::Duration;

use genesys_cloud_models::{
    ApiUsageClientQuery, ApiUsageQueryResult, QueryStatus, UsageExecutionResult,
};
use tokio::time::Instant;

use crate::client::Client;
use crate::error::{Error, WaitingFor};
use crate::helper_future::into_future_via_send;

/// The shortest wait between two polls, whatever the settings say: a zero interval would be a busy loop.
pub(crate) const MIN_POLL_INTERVAL: Duration = Duration::from_millis(1);

/// How a usage query is polled. Any durations are accepted (zero and `Duration::MAX` included): waits between
/// polls are at least 1 ms, and a deadline too far away to be reached means no deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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

/// What a usage helper submits before it polls.
#[derive(Debug)]
enum Submit {
    Query(ApiUsageClientQuery),
    Summary(Option<u32>),
}

/// Submits a usage query or summary and waits for its rows; from [`Client::run_usage_query`] and
/// [`Client::run_usage_summary`].
#[derive(Debug)]
#[must_use = "a helper does nothing until it is awaited or sent"]
pub struct RunUsageQuery {
    client: Client,
    client_id: String,
    submit: Submit,
    polling: UsagePolling,
}

impl RunUsageQuery {
    /// How to poll (after 250 ms, growing to 5 s, for up to 5 minutes, by default).
    pub fn polling(mut self, polling: UsagePolling) -> Self {
        self.polling = polling;
        self
    }

    /// For a summary: the last `days` days (the platform's default is 7). Ignored for a query, whose interval
    /// says which days.
    pub fn days(mut self, days: u32) -> Self {
        if let Submit::Summary(wanted) = &mut self.submit {
            *wanted = Some(days);
        }
        self
    }

    /// Submits and waits.
    pub async fn send(self) -> Result<ApiUsageQueryResult, Error> {
        let execution: UsageExecutionResult = match self.submit {
            Submit::Query(query) => {
                self.client
                    .post_oauth_client_usage_query(&self.client_id, query)
                    .send()
                    .await?
            }
            Submit::Summary(days) => {
                let summary = self.client.get_oauth_client_usage_summary(&self.client_id);
                match days {
                    Some(days) => summary.days(days).send().await?,
                    None => summary.send().await?,
                }
            }
        };
        let execution_id =
            execution
                .execution_id
                .as_deref()
                .ok_or_else(|| Error::ExecutionIdNotReturned {
                    client_id: self.client_id.clone(),
                })?;
        self.client
            .wait_for_usage_result(self.client_id, execution_id)
            .polling(self.polling)
            .send()
            .await
    }
}

into_future_via_send!(RunUsageQuery, ApiUsageQueryResult);

/// Polls a submitted usage query until it is Complete; from [`Client::wait_for_usage_result`].
#[derive(Debug)]
#[must_use = "a helper does nothing until it is awaited or sent"]
pub struct WaitForUsageResult {
    client: Client,
    client_id: String,
    execution_id: String,
    polling: UsagePolling,
}

impl WaitForUsageResult {
    /// How to poll (after 250 ms, growing to 5 s, for up to 5 minutes, by default).
    pub fn polling(mut self, polling: UsagePolling) -> Self {
        self.polling = polling;
        self
    }

    /// Polls until the result is Complete (returned) or Failed ([`Error::UsageQueryFailed`]), or the deadline
    /// passes ([`Error::WaitTimedOut`]).
    pub async fn send(self) -> Result<ApiUsageQueryResult, Error> {
        let started = Instant::now();
        let mut interval = self.polling.initial_interval.max(MIN_POLL_INTERVAL);
        let mut looks = 0u32;
        loop {
            looks = looks.saturating_add(1);
            let result = self
                .client
                .get_oauth_client_usage_query_result(&self.client_id, &self.execution_id)
                .send()
                .await?;
            match &result.query_status {
                Some(QueryStatus::Complete) => return Ok(result),
                Some(QueryStatus::Failed) => {
                    return Err(Error::UsageQueryFailed {
                        client_id: self.client_id,
                        execution_id: self.execution_id,
                    });
                }
                status => tracing::debug!(looks, ?status, "usage query not finished yet"),
            }
            if started.elapsed().saturating_add(interval) > self.polling.deadline {
                return Err(Error::WaitTimedOut {
                    waiting_for: WaitingFor::UsageResult {
                        client_id: self.client_id,
                        execution_id: self.execution_id,
                    },
                    after: self.polling.deadline,
                    looks,
                });
            }
            tokio::time::sleep(interval).await;
            interval = interval
                .saturating_add(interval / 2)
                .min(self.polling.max_interval)
                .max(MIN_POLL_INTERVAL);
        }
    }
}

into_future_via_send!(WaitForUsageResult, ApiUsageQueryResult);

impl Client {
    /// Submits a usage query for a client and waits for its rows.
    ///
    /// ```no_run
    /// # async fn example(client: genesys_cloud::Client) -> Result<(), genesys_cloud::Error> {
    /// use genesys_cloud::models::{ApiUsageClientQuery, Granularity};
    ///
    /// let query = ApiUsageClientQuery::new("2025-06-01T00:00:00Z/2025-06-08T00:00:00Z")
    ///     .with_granularity(Granularity::Day);
    /// let result = client.run_usage_query("client-id", query).await?;
    /// for row in result.results.unwrap_or_default() {
    ///     println!("{:?} {:?}", row.date, row.requests);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn run_usage_query(
        &self,
        client_id: impl Into<String>,
        query: ApiUsageClientQuery,
    ) -> RunUsageQuery {
        RunUsageQuery {
            client: self.clone(),
            client_id: client_id.into(),
            submit: Submit::Query(query),
            polling: UsagePolling::default(),
        }
    }

    /// Requests a usage summary of a client (the last 7 days, or [`days`](RunUsageQuery::days)) and waits for
    /// its rows.
    pub fn run_usage_summary(&self, client_id: impl Into<String>) -> RunUsageQuery {
        RunUsageQuery {
            client: self.clone(),
            client_id: client_id.into(),
            submit: Submit::Summary(None),
            polling: UsagePolling::default(),
        }
    }

    /// Polls the result of a submitted usage query (the ids in the order of the URL) until it is Complete, Failed,
    /// or the deadline passes.
    pub fn wait_for_usage_result(
        &self,
        client_id: impl Into<String>,
        execution_id: impl Into<String>,
    ) -> WaitForUsageResult {
        WaitForUsageResult {
            client: self.clone(),
            client_id: client_id.into(),
            execution_id: execution_id.into(),
            polling: UsagePolling::default(),
        }
    }
}
