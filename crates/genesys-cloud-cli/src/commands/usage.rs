//! `genesys oauth clients usage summary get`, `usage query create|run` and `usage query results get`.

use std::path::PathBuf;
use std::time::Duration;

use bytes::Bytes;
use clap::{Args, Subcommand};
use genesys_cloud::UsagePolling;
use genesys_cloud_core::ops::{
    GetOauthClientUsageQueryResult, GetOauthClientUsageSummary, PostOauthClientUsageQuery,
};
use genesys_cloud_models::{
    ApiUsageClientQuery, ApiUsageQueryResult, Granularity, QueryStatus, UsageExecutionResult,
    UsageGroupBy, UsageInterval, UsageMetric,
};
use tokio::time::Instant;

use super::send;
use crate::body;
use crate::cli::InputFormat;
use crate::cli_error::{CliError, Failure};
use crate::output::table;
use crate::session::Session;
use crate::spinner::Spinner;
use crate::values::Known;

/// `genesys oauth clients usage ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum UsageCommand {
    /// The summary of a client's API usage over the last days.
    #[command(subcommand)]
    Summary(SummaryCommand),
    /// Queries of a client's API usage.
    #[command(subcommand)]
    Query(QueryCommand),
}

/// `genesys oauth clients usage summary ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum SummaryCommand {
    /// Request the usage summary of a client; with --wait, wait for its rows.
    Get {
        /// The client id.
        client_id: String,
        /// The number of days, up to today [the platform's default: 7].
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        days: Option<u32>,
        /// Wait for the rows instead of printing the execution id (at most --timeout seconds [default: 300]).
        #[arg(long)]
        wait: bool,
    },
}

/// `genesys oauth clients usage query ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum QueryCommand {
    /// Submit a usage query; it runs asynchronously (see `results get`, or `run` to wait).
    Create {
        /// The client id.
        #[arg(required_unless_present = "print_request_body")]
        client_id: Option<String>,
        #[command(flatten)]
        query: QueryArgs,
    },
    /// The results of a submitted usage query.
    #[command(subcommand)]
    Results(ResultsCommand),
    /// Submit a usage query and wait for its rows (a table and a chart with --output table), at most --timeout
    /// seconds [default: 300]; on Ctrl-C, print the command that fetches them later.
    Run {
        /// The client id.
        #[arg(required_unless_present = "print_request_body")]
        client_id: Option<String>,
        #[command(flatten)]
        query: QueryArgs,
    },
}

/// `genesys oauth clients usage query results ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum ResultsCommand {
    /// Get the results of a usage query (queryStatus tells whether it is still running).
    Get {
        /// The execution id the query was submitted with.
        execution_id: String,
        /// The client id.
        client_id: String,
    },
}

/// The query: JSON (ApiUsageClientQuery) or flags.
#[derive(Debug, Args)]
pub(crate) struct QueryArgs {
    /// The ApiUsageClientQuery as JSON or YAML (.yaml, .yml, or --input yaml) from FILE, or `-` for standard
    /// input; flags change its fields.
    #[arg(short = 'f', long, value_name = "FILE")]
    file: Option<PathBuf>,
    /// Print an ApiUsageClientQuery with every writable field and a placeholder of its type, to fill in and send
    /// with --file; nothing is sent. Example: --print-request-body -o yaml > query.yaml. Values: interval
    /// START/END in ISO-8601; granularity Day, Week or Month; metrics Requests, Status200, Status300, Status400,
    /// Status429, Status500; groupBy OAuthClientId, OrganizationId, TemplateUri, HttpMethod.
    #[arg(short = 'b', long, alias = "printrequestbody", conflicts_with = "file")]
    print_request_body: bool,
    /// The interval: START/END in ISO-8601 (2025-06-01T00:00:00Z/2025-06-08T00:00:00Z, or the spec's zone-less
    /// 2025-06-01T00:00:00/2025-06-08T00:00:00, which means UTC), or the last N days, hours or minutes up to now
    /// (7d, 24h, 30m). The platform counts complete UTC days before today only.
    #[arg(long, value_name = "INTERVAL", value_parser = parse_interval)]
    interval: Option<String>,
    /// The date bucket of each row: Day, Week or Month.
    #[arg(long, value_parser = Known::new(parse_granularity, &["Day", "Week", "Month"]))]
    granularity: Option<Granularity>,
    /// A count to return: Requests, Status200, Status300, Status400, Status429, Status500 (or 2xx, 3xx, 4xx,
    /// 429, 5xx); repeat for more [default: all].
    #[arg(
        long = "metric",
        value_name = "METRIC",
        value_parser = Known::new(
            parse_metric,
            &["Requests", "Status200", "Status300", "Status400", "Status429", "Status500"]
        )
    )]
    metrics: Vec<UsageMetric>,
    /// Group the counts by OAuthClientId, OrganizationId, TemplateUri or HttpMethod; repeat for more.
    #[arg(
        long = "group-by",
        value_name = "DIMENSION",
        value_parser = Known::new(
            parse_group_by,
            &["OAuthClientId", "OrganizationId", "TemplateUri", "HttpMethod"]
        )
    )]
    group_by: Vec<UsageGroupBy>,
}

/// How long usage rows are waited for without --timeout.
const WAIT: Duration = Duration::from_secs(300);

/// `START/END` as given, or the last `N` days (`d`), hours (`h`) or minutes (`m`) up to now.
fn parse_interval(value: &str) -> Result<String, String> {
    let value = value.trim();
    // Passed through unread: the API takes ISO-8601 interval forms (`START/P7D`) that `UsageInterval` does not.
    if value.contains('/') {
        return Ok(value.to_owned());
    }
    UsageInterval::parse(value)
        .map(|interval| interval.to_string())
        .map_err(|error| error.to_string())
}

/// A known value whose wire string matches case-insensitively, or the string as given.
fn lenient<T: Clone + for<'a> From<&'a str>>(known: &[T], wire: fn(&T) -> &str, value: &str) -> T {
    known
        .iter()
        .find(|known| wire(known).eq_ignore_ascii_case(value.trim()))
        .cloned()
        .unwrap_or_else(|| T::from(value.trim()))
}

fn parse_granularity(value: &str) -> Result<Granularity, String> {
    Ok(lenient(Granularity::KNOWN, Granularity::as_str, value))
}

fn parse_metric(value: &str) -> Result<UsageMetric, String> {
    let alias = match value.trim().to_ascii_lowercase().as_str() {
        "2xx" => Some(UsageMetric::Status200),
        "3xx" => Some(UsageMetric::Status300),
        "4xx" => Some(UsageMetric::Status400),
        "429" => Some(UsageMetric::Status429),
        "5xx" => Some(UsageMetric::Status500),
        _ => None,
    };
    Ok(alias.unwrap_or_else(|| lenient(UsageMetric::KNOWN, UsageMetric::as_str, value)))
}

fn parse_group_by(value: &str) -> Result<UsageGroupBy, String> {
    Ok(lenient(UsageGroupBy::KNOWN, UsageGroupBy::as_str, value))
}

impl QueryArgs {
    /// The query from --file or standard input with the flags applied, or from the flags alone.
    fn query(&self, input: Option<InputFormat>) -> Result<ApiUsageClientQuery, CliError> {
        let flags_given = self.interval.is_some()
            || self.granularity.is_some()
            || !self.metrics.is_empty()
            || !self.group_by.is_empty();
        let mut query = match body::read(self.file.as_deref(), flags_given)? {
            Some(bytes) => body::parse::<ApiUsageClientQuery>(
                &bytes,
                "ApiUsageClientQuery",
                body::is_yaml(input, self.file.as_deref()),
            )?,
            None => ApiUsageClientQuery::new(self.interval.clone().ok_or_else(|| {
                CliError::usage("a usage query needs --interval (or a JSON body with --file or on standard input)")
            })?),
        };
        if let Some(interval) = &self.interval {
            query.interval.clone_from(interval);
        }
        if let Some(granularity) = &self.granularity {
            query.granularity = Some(granularity.clone());
        }
        if !self.metrics.is_empty() {
            query.metrics = Some(self.metrics.clone());
        }
        if !self.group_by.is_empty() {
            query.group_by = Some(self.group_by.clone());
        }
        Ok(query)
    }
}

/// The skeleton `--print-request-body` asks for, if it does.
pub(super) fn skeleton(command: &UsageCommand) -> Option<Vec<u8>> {
    match command {
        UsageCommand::Query(
            QueryCommand::Create { query, .. } | QueryCommand::Run { query, .. },
        ) if query.print_request_body => Some(crate::skeleton::usage_query()),
        _ => None,
    }
}

pub(super) async fn run(session: &Session, command: UsageCommand) -> Result<(), CliError> {
    let output = &session.output;
    match command {
        UsageCommand::Summary(SummaryCommand::Get {
            client_id,
            days,
            wait,
        }) => {
            let mut operation = GetOauthClientUsageSummary::new(client_id.clone());
            if let Some(days) = days {
                operation = operation.with_days(days);
            }
            let body = send(session, operation).await?;
            if wait {
                let rows = wait_for_rows(session, &body, &client_id).await?;
                return output.show::<ApiUsageQueryResult>(&rows, |result, fit| {
                    table::usage_result(result, None, fit)
                });
            }
            output.show::<UsageExecutionResult>(&body, |execution, fit| {
                table::execution(execution, &client_id, fit)
            })
        }
        UsageCommand::Query(QueryCommand::Create { client_id, query }) => {
            // Clap requires the id unless --print-request-body, handled before a session is opened.
            let client_id = client_id.unwrap_or_default();
            let operation =
                PostOauthClientUsageQuery::new(client_id.clone(), query.query(session.input)?);
            let body = send(session, operation).await?;
            output.show::<UsageExecutionResult>(&body, |execution, fit| {
                table::execution(execution, &client_id, fit)
            })
        }
        UsageCommand::Query(QueryCommand::Results(ResultsCommand::Get {
            execution_id,
            client_id,
        })) => {
            let operation =
                GetOauthClientUsageQueryResult::new(client_id.clone(), execution_id.clone());
            let body = match send(session, operation).await {
                Ok(body) => body,
                Err(error) => {
                    return Err(swapped_ids(session, error, &execution_id, &client_id).await);
                }
            };
            let again = table::results_command(&execution_id, &client_id);
            output.show::<ApiUsageQueryResult>(&body, |result, fit| {
                table::usage_result(result, Some(&again), fit)
            })
        }
        UsageCommand::Query(QueryCommand::Run { client_id, query }) => {
            let client_id = client_id.unwrap_or_default();
            let operation =
                PostOauthClientUsageQuery::new(client_id.clone(), query.query(session.input)?);
            let body = send(session, operation).await?;
            let rows = wait_for_rows(session, &body, &client_id).await?;
            output.show::<ApiUsageQueryResult>(&rows, |result, fit| {
                table::usage_result(result, None, fit)
            })
        }
    }
}

/// The error of `results get EXECUTION_ID CLIENT_ID` that failed with `error`, with a hint at the order of the
/// arguments when they look swapped: the API did not know the pair, and the "execution id" is a client's id.
async fn swapped_ids(
    session: &Session,
    error: CliError,
    execution_id: &str,
    client_id: &str,
) -> CliError {
    if !error.is_api_not_found_or_bad_request() {
        return error;
    }
    // One more request, only on this failure: is the first argument a client?
    let first_is_a_client = session.client.get_oauth_client(execution_id).await.is_ok();
    if first_is_a_client {
        return error.hint(&format!(
            "{} is a client id; the order is EXECUTION_ID CLIENT_ID: {}",
            table::clean(execution_id),
            table::results_command(client_id, execution_id)
        ));
    }
    error
}

/// Polls the results of the execution in `execution` (an UsageExecutionResult body) until they are
/// complete, with a spinner on a terminal; returns the last body, as the API sent it. Ctrl-C and the end of
/// the wait both say how to fetch the rows later: the query goes on running on the server.
async fn wait_for_rows(
    session: &Session,
    execution: &[u8],
    client_id: &str,
) -> Result<Bytes, CliError> {
    let execution: UsageExecutionResult = serde_json::from_slice(execution).map_err(|error| {
        CliError::new(
            Failure::Api,
            format!("the API's answer could not be read: {error}"),
        )
    })?;
    let execution_id = execution.execution_id.ok_or_else(|| {
        CliError::new(
            Failure::Api,
            "the API accepted the usage query without an executionId",
        )
    })?;
    let later = table::results_command(&execution_id, client_id);
    tokio::select! {
        // Ctrl-C is listened for before the first request of the wait: from then on it no longer ends the
        // process, the polling is dropped, and the way to fetch the rows later is printed.
        biased;
        Ok(()) = tokio::signal::ctrl_c() => Err(CliError::new(
            Failure::Interrupted,
            format!(
                "interrupted; usage query {} goes on running on the server: fetch its rows later with: {later}",
                table::clean(&execution_id)
            ),
        )),
        result = poll(session, &execution_id, client_id, &later) => result,
    }
}

/// The polling of [`wait_for_rows`].
async fn poll(
    session: &Session,
    execution_id: &str,
    client_id: &str,
    later: &str,
) -> Result<Bytes, CliError> {
    let deadline = session.timeout.unwrap_or(WAIT);
    let polling = UsagePolling::default().with_deadline(deadline);
    let spinner = Spinner::start(
        format!("waiting for usage query {}", table::clean(execution_id)),
        session.verbose,
    );
    let started = Instant::now();
    let mut interval = polling.initial_interval;
    loop {
        let operation = GetOauthClientUsageQueryResult::new(client_id, execution_id.to_owned());
        let body = send(session, operation).await?;
        let result: ApiUsageQueryResult = serde_json::from_slice(&body).map_err(|error| {
            CliError::new(
                Failure::Api,
                format!("the API's answer could not be read: {error}"),
            )
        })?;
        match result.query_status {
            Some(QueryStatus::Complete) => {
                spinner.stop();
                return Ok(body);
            }
            Some(QueryStatus::Failed) => {
                return Err(CliError::new(
                    Failure::Api,
                    format!("usage query {execution_id} failed on the server"),
                ));
            }
            _ => {}
        }
        if started.elapsed() + interval > polling.deadline {
            return Err(CliError::environment(format!(
                "usage query {execution_id} did not finish within {} s; fetch its rows later with: {later}",
                deadline.as_secs_f64()
            )));
        }
        tokio::time::sleep(interval).await;
        interval = interval.mul_f64(1.5).min(polling.max_interval);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use genesys_cloud_models::Timestamp;

    #[test]
    fn intervals_are_iso_or_a_span_up_to_now() {
        assert_eq!(
            parse_interval("2025-06-01T00:00:00Z/2025-06-02T00:00:00Z").unwrap(),
            "2025-06-01T00:00:00Z/2025-06-02T00:00:00Z"
        );
        let span = parse_interval("7d").unwrap();
        let (start, end) = span.split_once('/').unwrap();
        let start = Timestamp::parse(start).unwrap();
        let end = Timestamp::parse(end).unwrap();
        assert_eq!(end.unix_seconds() - start.unix_seconds(), 7 * 86_400);
        for bad in ["", "7", "d", "0d", "7w", "-1h", "99999999999999999999d"] {
            assert!(parse_interval(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn enum_flags_are_case_insensitive_with_status_aliases() {
        assert_eq!(parse_granularity("day").unwrap(), Granularity::Day);
        assert_eq!(parse_metric("4XX").unwrap(), UsageMetric::Status400);
        assert_eq!(parse_metric("requests").unwrap(), UsageMetric::Requests);
        assert_eq!(
            parse_group_by("templateuri").unwrap(),
            UsageGroupBy::TemplateUri
        );
        assert_eq!(parse_metric("Status418").unwrap().as_str(), "Status418");
    }
}
