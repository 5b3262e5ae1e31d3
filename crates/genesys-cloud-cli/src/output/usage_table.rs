//! Tables of usage queries: the execution a query was submitted as, and the rows of its result.

use genesys_cloud_models::{ApiUsageQueryResult, ApiUsageRow, QueryStatus, UsageExecutionResult};

use super::chart;
use super::fit::{Cell, Column, Fit, Fitted, Give, two_columns};
use super::table::{clean, date, with_footer};

/// The command that fetches the result of `execution_id` (of `client_id`) again.
pub(crate) fn results_command(execution_id: &str, client_id: &str) -> String {
    format!(
        "genesys oauth clients usage query results get {} {}",
        clean(execution_id),
        clean(client_id)
    )
}

/// A submitted usage query or summary, with the command that fetches its rows.
pub(crate) fn execution(execution: &UsageExecutionResult, client_id: &str, fit: Fit) -> String {
    let id = clean(execution.execution_id.as_deref().unwrap_or_default());
    let table = two_columns(
        vec![
            ("execution id", id.clone()),
            (
                "results URI",
                clean(execution.results_uri.as_deref().unwrap_or_default()),
            ),
        ],
        fit,
    );
    format!(
        "{table}\nFetch the rows with: {}",
        results_command(&id, client_id)
    )
}

/// A bucket's start: `2025-06-01`, or `2025-06-01 12:00` when it is not midnight (UTC, as the header says).
fn bucket(timestamp: &genesys_cloud_models::Timestamp) -> String {
    let text = date(Some(timestamp));
    let text = text.trim_end_matches(" UTC");
    text.strip_suffix(" 00:00").unwrap_or(text).to_owned()
}

/// A column of the usage table: how it fits and how to read a row's cell.
type UsageColumn = (Column, fn(&ApiUsageRow) -> Option<String>);

/// The rows of a usage query: a table, then a chart of the requests per date bucket. A result still running
/// says so, and `again` (the command that fetches it, if known) says how to look later.
pub(crate) fn usage_result(result: &ApiUsageQueryResult, again: Option<&str>, fit: Fit) -> String {
    let rows = result.results.as_deref().unwrap_or_default();
    let status = result
        .query_status
        .as_ref()
        .map_or("unknown", |status| status.as_str());
    // In order of value: on a narrow terminal the last ones go first.
    let columns: [UsageColumn; 12] = [
        (Column::new("DATE (UTC)", Give::Whole), |row| {
            row.date.as_ref().map(bucket)
        }),
        (Column::new("PATH", Give::Cut(16)), |row| {
            row.template_uri.clone()
        }),
        (Column::new("METHOD", Give::Whole), |row| {
            row.http_method.clone()
        }),
        (Column::new("REQUESTS", Give::Never), |row| {
            row.requests.map(|n| n.to_string())
        }),
        (Column::new("2XX", Give::Whole), |row| {
            row.status200.map(|n| n.to_string())
        }),
        (Column::new("4XX", Give::Whole), |row| {
            row.status400.map(|n| n.to_string())
        }),
        (Column::new("429", Give::Whole), |row| {
            row.status429.map(|n| n.to_string())
        }),
        (Column::new("5XX", Give::Whole), |row| {
            row.status500.map(|n| n.to_string())
        }),
        (Column::new("CLIENT", Give::Cut(12)), |row| {
            row.client_name.clone().or_else(|| row.client_id.clone())
        }),
        (Column::new("3XX", Give::Whole).low_value(), |row| {
            row.status300.map(|n| n.to_string())
        }),
        (
            Column::new("ORGANIZATION", Give::Whole).low_value(),
            |row| row.organization_id.clone(),
        ),
        (Column::new("USER", Give::Whole).low_value(), |row| {
            row.user_id.clone()
        }),
    ];
    // Only the columns some row has a value in.
    let shown: Vec<_> = columns
        .iter()
        .filter(|(_, get)| rows.iter().any(|row| get(row).is_some()))
        .collect();
    let mut text = format!("query status: {}\n", clean(status));
    if rows.is_empty() {
        if result.query_status == Some(QueryStatus::Running) {
            // No rows yet is not "no requests": the answer is not known.
            text.push_str("still running: no rows yet");
            if let Some(again) = again {
                text.push_str(&format!("; ask again later with: {again}"));
            }
        } else {
            text.push_str("no requests in this interval");
        }
        return text;
    }
    let mut table = Fitted::new(shown.iter().map(|(column, _)| *column).collect());
    for row in rows {
        table.row(
            shown
                .iter()
                .map(|(_, get)| Cell::from(clean(&get(row).unwrap_or_default())))
                .collect(),
        );
    }
    let footer = if result.query_status == Some(QueryStatus::Running) {
        "still running: more rows may come"
    } else {
        ""
    };
    text.push_str(with_footer(&table, fit, footer).trim_end());
    let chart = chart::render(rows);
    if !chart.is_empty() {
        text.push_str("\n\n");
        text.push_str(&chart);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(json: serde_json::Value) -> ApiUsageQueryResult {
        serde_json::from_value(json).unwrap()
    }

    #[test]
    fn a_result_still_running_is_not_an_empty_interval() {
        let running = result(serde_json::json!({"queryStatus": "Running", "results": []}));
        let text = usage_result(&running, Some("genesys ... results get e c"), Some(80));
        assert!(text.contains("still running"), "{text}");
        assert!(text.contains("results get e c"), "{text}");
        assert!(!text.contains("no requests"), "{text}");
        let done = result(serde_json::json!({"queryStatus": "Complete", "results": []}));
        assert!(usage_result(&done, None, None).contains("no requests in this interval"));
    }

    #[test]
    fn usage_rows_fit_eighty_columns() {
        let row = serde_json::json!({
            "date": "2025-06-01T00:00:00Z", "clientName": "A very long client name indeed",
            "organizationId": "00000000-0000-4000-8000-00000000beef", "userId": "00000000-0000-4000-8000-0000000000aa",
            "templateUri": "api/v2/analytics/conversations/details/query", "httpMethod": "POST",
            "requests": 1200, "status200": 1100, "status300": 1, "status400": 50, "status429": 40, "status500": 9
        });
        let complete = result(serde_json::json!({"queryStatus": "Complete", "results": [row]}));
        let text = usage_result(&complete, None, Some(80));
        for line in text.lines() {
            assert!(
                unicode_width::UnicodeWidthStr::width(line) <= 80,
                "{line}\n{text}"
            );
        }
        assert!(text.contains("--wide shows"), "{text}");
        let whole = usage_result(&complete, None, None);
        assert!(
            whole.contains("api/v2/analytics/conversations/details/query"),
            "{whole}"
        );
    }
}
