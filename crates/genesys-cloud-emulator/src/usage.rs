//! API usage: the log of requests made with each client's tokens, and the queries that count them.
//!
//! The log keeps counters per client, second, path template and method rather than one entry per
//! request, so that long soak runs stay small; queries are therefore precise to the second.

use std::collections::{BTreeMap, HashMap};

use genesys_cloud_models::{
    ApiUsageClientQuery, ApiUsageRow, Granularity, Timestamp, UsageGroupBy, UsageMetric,
};

use crate::catalogue::ORGANIZATION_ID;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct UsageKey {
    second: i64,
    template: &'static str,
    method: &'static str,
}

/// Counters held at most (one per client, second, path template and method): a soak test that runs for
/// days would otherwise grow the log without bound. Beyond it the counters of the oldest second are
/// dropped, so queries over the distant past of a long run count less than was sent. About 100 bytes each.
pub(crate) const MAX_ENTRIES: usize = 100_000;

/// A result row's key: date bucket, template and method, each present when asked for.
type GroupKey = (Option<i64>, Option<&'static str>, Option<&'static str>);

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counts {
    status200: i64,
    status300: i64,
    status400: i64,
    status500: i64,
    status429: i64,
    requests: i64,
}

impl Counts {
    fn add_status(&mut self, status: u16) {
        match status {
            200..=299 => self.status200 += 1,
            300..=399 => self.status300 += 1,
            400..=499 => self.status400 += 1,
            _ => self.status500 += 1,
        }
        if status == 429 {
            self.status429 += 1;
        }
        self.requests += 1;
    }

    fn merge(&mut self, other: &Counts) {
        self.status200 += other.status200;
        self.status300 += other.status300;
        self.status400 += other.status400;
        self.status500 += other.status500;
        self.status429 += other.status429;
        self.requests += other.requests;
    }

    fn get(&self, metric: &UsageMetric) -> i64 {
        match metric {
            UsageMetric::Status200 => self.status200,
            UsageMetric::Status300 => self.status300,
            UsageMetric::Status400 => self.status400,
            UsageMetric::Status500 => self.status500,
            UsageMetric::Status429 => self.status429,
            _ => self.requests,
        }
    }
}

/// The counts of a past period, for seeded history.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct PastCounts {
    /// Answers 2xx.
    pub(crate) ok: i64,
    /// Answers 4xx other than 429.
    pub(crate) client_errors: i64,
    /// Answers 429.
    pub(crate) throttled: i64,
    /// Answers 5xx.
    pub(crate) server_errors: i64,
}

/// Request counts per client (the client whose token made the request).
#[derive(Debug, Default)]
pub(crate) struct UsageLog {
    by_client: HashMap<String, BTreeMap<UsageKey, Counts>>,
    /// The number of counters in `by_client`, kept at most [`MAX_ENTRIES`].
    entries: usize,
}

impl UsageLog {
    /// Adds the counts of a past period at `unix_second`, as seeded history: `ok` answers 2xx,
    /// `client_errors` 4xx other than 429, `throttled` 429 and `server_errors` 5xx.
    pub(crate) fn record_past(
        &mut self,
        client_id: &str,
        (template, method): (&'static str, &'static str),
        unix_second: i64,
        past: PastCounts,
    ) {
        let counts = self.counts_mut(
            client_id,
            UsageKey {
                second: unix_second,
                template,
                method,
            },
        );
        counts.status200 += past.ok;
        counts.status400 += past.client_errors + past.throttled;
        counts.status429 += past.throttled;
        counts.status500 += past.server_errors;
        counts.requests += past.ok + past.client_errors + past.throttled + past.server_errors;
    }

    /// The counters of `key` for `client_id`, made (within [`MAX_ENTRIES`]) when missing. Seeding only: it
    /// copies the id, which [`record`](Self::record) avoids on the request path.
    fn counts_mut(&mut self, client_id: &str, key: UsageKey) -> &mut Counts {
        let known = self
            .by_client
            .get(client_id)
            .is_some_and(|by_key| by_key.contains_key(&key));
        if !known {
            if self.entries >= MAX_ENTRIES {
                self.drop_oldest_second();
            }
            self.entries += 1;
        }
        self.by_client
            .entry(client_id.to_owned())
            .or_default()
            .entry(key)
            .or_default()
    }

    /// Counts one answered request made with a token of `client_id`.
    pub(crate) fn record(
        &mut self,
        client_id: &str,
        template: &'static str,
        method: &'static str,
        status: u16,
        unix_second: i64,
    ) {
        let key = UsageKey {
            second: unix_second,
            template,
            method,
        };
        if let Some(counts) = self
            .by_client
            .get_mut(client_id)
            .and_then(|by_key| by_key.get_mut(&key))
        {
            counts.add_status(status);
            return;
        }
        if self.entries >= MAX_ENTRIES {
            self.drop_oldest_second();
        }
        // Looked up before inserting, so that the usual case (a client already seen) does not copy its id.
        let by_key = match self.by_client.get_mut(client_id) {
            Some(by_key) => by_key,
            None => self.by_client.entry(client_id.to_owned()).or_default(),
        };
        by_key.entry(key).or_default().add_status(status);
        self.entries += 1;
    }

    /// Drops every counter of the oldest second held, whichever client it belongs to.
    fn drop_oldest_second(&mut self) {
        let Some(oldest) = self
            .by_client
            .values()
            .filter_map(|by_key| by_key.first_key_value().map(|(key, _)| key.second))
            .min()
        else {
            return;
        };
        for by_key in self.by_client.values_mut() {
            // Keys sort by second first, so the oldest second's counters come first.
            while let Some(entry) = by_key.first_entry() {
                if entry.key().second != oldest {
                    break;
                }
                entry.remove();
                self.entries -= 1;
            }
        }
        self.by_client.retain(|_, by_key| !by_key.is_empty());
    }

    /// How many counters are held (one per client, second, template and method seen).
    #[cfg(test)]
    pub(crate) fn entry_count(&self) -> usize {
        self.entries
    }

    pub(crate) fn forget(&mut self, client_id: &str) {
        if let Some(by_key) = self.by_client.remove(client_id) {
            self.entries -= by_key.len();
        }
    }

    /// The result rows of `query` over the requests of `client_id`, ordered by date then group.
    pub(crate) fn rows(
        &self,
        client_id: &str,
        client_name: &str,
        query: &UsageQuery,
    ) -> Vec<ApiUsageRow> {
        let group_template = query.group_by.contains(&UsageGroupBy::TemplateUri);
        let group_method = query.group_by.contains(&UsageGroupBy::HttpMethod);
        let first_second = query.start_ms.div_euclid(1000);
        let mut groups: BTreeMap<GroupKey, Counts> = BTreeMap::new();
        for (key, counts) in self.by_client.get(client_id).into_iter().flatten() {
            if key.second < first_second || key.second.saturating_mul(1000) >= query.end_ms {
                continue;
            }
            let date = query
                .granularity
                .as_ref()
                .and_then(|granularity| bucket_start_ms(key.second, granularity));
            let group = (
                date,
                group_template.then_some(key.template),
                group_method.then_some(key.method),
            );
            groups.entry(group).or_default().merge(counts);
        }
        groups
            .into_iter()
            .map(|((date, template, method), counts)| {
                let mut row = ApiUsageRow::default();
                if query.group_by.contains(&UsageGroupBy::OAuthClientId) {
                    row.client_id = Some(client_id.to_owned());
                    row.client_name = Some(client_name.to_owned());
                }
                if query.group_by.contains(&UsageGroupBy::OrganizationId) {
                    row.organization_id = Some(ORGANIZATION_ID.to_owned());
                }
                row.template_uri = template.map(str::to_owned);
                row.http_method = method.map(str::to_owned);
                row.date = date.and_then(Timestamp::from_unix_millis);
                for metric in &query.metrics {
                    let value = Some(counts.get(metric));
                    match metric {
                        UsageMetric::Status200 => row.status200 = value,
                        UsageMetric::Status300 => row.status300 = value,
                        UsageMetric::Status400 => row.status400 = value,
                        UsageMetric::Status500 => row.status500 = value,
                        UsageMetric::Status429 => row.status429 = value,
                        _ => row.requests = value,
                    }
                }
                row
            })
            .collect()
    }
}

/// The start, in Unix milliseconds, of the UTC day, ISO week (from Monday) or month holding `second`.
fn bucket_start_ms(second: i64, granularity: &Granularity) -> Option<i64> {
    let date = time::OffsetDateTime::from_unix_timestamp(second)
        .ok()?
        .date();
    let start = match granularity {
        Granularity::Week => date.checked_sub(time::Duration::days(i64::from(
            date.weekday().number_days_from_monday(),
        )))?,
        Granularity::Month => date.replace_day(1).ok()?,
        _ => date,
    };
    Some(start.midnight().assume_utc().unix_timestamp() * 1000)
}

/// A validated usage query: `[start_ms, end_ms)`, the bucket size, the metrics (all when none were asked
/// for) and the grouping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct UsageQuery {
    pub(crate) start_ms: i64,
    pub(crate) end_ms: i64,
    pub(crate) granularity: Option<Granularity>,
    pub(crate) metrics: Vec<UsageMetric>,
    pub(crate) group_by: Vec<UsageGroupBy>,
}

/// A problem with one field of a request body.
pub(crate) type FieldProblem = (String, String);

impl UsageQuery {
    /// The summary of the last `days` days up to and including the current second: daily rows, all metrics.
    pub(crate) fn summary(days: u32, now_ms: i64) -> Self {
        Self {
            start_ms: now_ms - i64::from(days) * 86_400_000,
            end_ms: now_ms + 1000,
            granularity: Some(Granularity::Day),
            metrics: UsageMetric::KNOWN.to_vec(),
            group_by: vec![UsageGroupBy::OAuthClientId],
        }
    }

    /// Checks a submitted query: an interval `start/end` of RFC 3339 date-times with start before end, and
    /// only known enum values.
    pub(crate) fn from_request(request: ApiUsageClientQuery) -> Result<Self, Vec<FieldProblem>> {
        let mut problems = Vec::new();
        let interval = parse_interval(&request.interval);
        if let Err(why) = &interval {
            problems.push(("interval".to_owned(), why.clone()));
        }
        if let Some(granularity) = request.granularity.as_ref().filter(|g| g.is_unknown()) {
            problems.push((
                "granularity".to_owned(),
                format!("`{granularity}` is not one of Day, Week, Month"),
            ));
        }
        let mut metrics = Vec::new();
        for metric in request.metrics.unwrap_or_default() {
            if metric.is_unknown() {
                problems.push((
                    "metrics".to_owned(),
                    format!(
                        "`{metric}` is not one of Status200, Status300, Status400, Status500, Status429, Requests"
                    ),
                ));
            } else if !metrics.contains(&metric) {
                metrics.push(metric);
            }
        }
        if metrics.is_empty() {
            metrics = UsageMetric::KNOWN.to_vec();
        }
        let mut group_by = Vec::new();
        for group in request.group_by.unwrap_or_default() {
            if group.is_unknown() {
                problems.push((
                    "groupBy".to_owned(),
                    format!("`{group}` is not one of OAuthClientId, OrganizationId, TemplateUri, HttpMethod"),
                ));
            } else if !group_by.contains(&group) {
                group_by.push(group);
            }
        }
        match interval {
            Ok((start_ms, end_ms)) if problems.is_empty() => Ok(Self {
                start_ms,
                end_ms,
                granularity: request.granularity,
                metrics,
                group_by,
            }),
            _ => Err(problems),
        }
    }
}

/// Parses `start/end`. The spec documents `YYYY-MM-DDThh:mm:ss/YYYY-MM-DDThh:mm:ss`, without a zone; such a
/// date-time is read as UTC, the zone in which the platform computes usage. A date-time with `Z` or an offset is
/// read as it says.
fn parse_interval(interval: &str) -> Result<(i64, i64), String> {
    let (start, end) = interval.split_once('/').ok_or_else(|| {
        format!("`{interval}` is not an ISO-8601 interval start/end, such as 2025-06-01T00:00:00/2025-06-08T00:00:00")
    })?;
    let start = parse_date_time(start).map_err(|e| format!("the start of the interval: {e}"))?;
    let end = parse_date_time(end).map_err(|e| format!("the end of the interval: {e}"))?;
    if start >= end {
        return Err("the start of the interval must be before its end".to_owned());
    }
    Ok((start.unix_millis(), end.unix_millis()))
}

/// One end of an interval: RFC 3339, or the spec's zone-less form, read as UTC.
fn parse_date_time(text: &str) -> Result<Timestamp, genesys_cloud_models::TimestampError> {
    let text = text.trim();
    // After the `T`, a zone is `Z` or an offset sign; none means the spec's zone-less form.
    let zoned = text
        .split_once('T')
        .is_none_or(|(_, time)| time.ends_with(['Z', 'z']) || time.contains(['+', '-']));
    if zoned {
        Timestamp::parse(text)
    } else {
        Timestamp::parse(&format!("{text}Z"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(json: &str) -> Result<UsageQuery, Vec<FieldProblem>> {
        UsageQuery::from_request(serde_json::from_str(json).unwrap())
    }

    #[test]
    fn validates_interval_and_enums() {
        let ok = query(r#"{"interval":"2025-06-01T00:00:00Z/2025-06-08T00:00:00.000Z","granularity":"Week","metrics":["Requests","Requests"],"groupBy":["HttpMethod"]}"#).unwrap();
        assert_eq!(ok.metrics, vec![UsageMetric::Requests]);
        assert_eq!(ok.end_ms - ok.start_ms, 7 * 86_400_000);
        let all = query(r#"{"interval":"2025-06-01T00:00:00Z/2025-06-02T00:00:00Z"}"#).unwrap();
        assert_eq!(all.metrics.len(), 6);
        // The spec's own example, without a zone, is UTC.
        let spec = query(r#"{"interval":"2026-11-20T00:00:00/2026-11-28T00:00:00"}"#).unwrap();
        let zoned = query(r#"{"interval":"2026-11-20T00:00:00Z/2026-11-28T00:00:00Z"}"#).unwrap();
        assert_eq!(spec, zoned);
        let offset =
            query(r#"{"interval":"2026-11-20T01:00:00+01:00/2026-11-28T00:00:00.000Z"}"#).unwrap();
        assert_eq!(offset.start_ms, zoned.start_ms);
        for bad in [
            r#"{"interval":"yesterday"}"#,
            r#"{"interval":"2026-11-20/2026-11-28"}"#,
            r#"{"interval":"2025-06-08T00:00:00Z/2025-06-01T00:00:00Z"}"#,
            r#"{"interval":"2025-06-01T00:00:00Z/P7D"}"#,
            r#"{"interval":"2025-06-01T00:00:00Z/2025-06-02T00:00:00Z","granularity":"Hour"}"#,
            r#"{"interval":"2025-06-01T00:00:00Z/2025-06-02T00:00:00Z","metrics":["Status418"]}"#,
            r#"{"interval":"2025-06-01T00:00:00Z/2025-06-02T00:00:00Z","groupBy":["UserId"]}"#,
        ] {
            assert!(query(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn counts_group_and_bucket() {
        let mut log = UsageLog::default();
        // 2025-06-04 (a Wednesday) 10:00:00 UTC and the next day.
        let wed = 1_749_031_200;
        log.record("c", "api/v2/oauth/clients", "GET", 200, wed);
        log.record("c", "api/v2/oauth/clients", "GET", 429, wed);
        log.record("c", "api/v2/oauth/clients", "POST", 503, wed + 86_400);
        log.record("other", "api/v2/oauth/clients", "GET", 200, wed);
        let mut q = query(r#"{"interval":"2025-06-01T00:00:00Z/2025-07-01T00:00:00Z","granularity":"Day","groupBy":["HttpMethod","OAuthClientId"]}"#).unwrap();
        let rows = log.rows("c", "name", &q);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].http_method.as_deref(), Some("GET"));
        assert_eq!(rows[0].requests, Some(2));
        assert_eq!(rows[0].status400, Some(1));
        assert_eq!(rows[0].status429, Some(1));
        assert_eq!(rows[0].client_name.as_deref(), Some("name"));
        assert_eq!(
            rows[0].date.unwrap().to_string(),
            "2025-06-04T00:00:00.000Z"
        );
        assert_eq!(rows[1].status500, Some(1));

        q.granularity = Some(Granularity::Week);
        q.group_by.clear();
        let rows = log.rows("c", "name", &q);
        assert_eq!(rows.len(), 1);
        assert_eq!(
            rows[0].date.unwrap().to_string(),
            "2025-06-02T00:00:00.000Z"
        );
        assert_eq!(rows[0].requests, Some(3));
        assert!(rows[0].client_id.is_none());

        q.granularity = Some(Granularity::Month);
        assert_eq!(
            log.rows("c", "n", &q)[0].date.unwrap().to_string(),
            "2025-06-01T00:00:00.000Z"
        );
        q.start_ms = (wed + 3600) * 1000;
        assert_eq!(log.rows("c", "n", &q)[0].requests, Some(1));
        assert!(log.rows("nobody", "n", &q).is_empty());
    }

    /// The usage log grew by one counter per client, second, template and method, forever: a long soak ran
    /// out of memory. It keeps the newest counters, dropping those of the oldest seconds.
    #[test]
    fn a_long_run_keeps_a_bounded_usage_log() {
        let mut log = UsageLog::default();
        let start = 1_749_031_200;
        let seconds = 2 * MAX_ENTRIES.min(150_000) as i64;
        for offset in 0..seconds {
            let client = if offset % 3 == 0 { "a" } else { "b" };
            log.record(client, "api/v2/oauth/clients", "GET", 200, start + offset);
            assert!(log.entry_count() <= MAX_ENTRIES);
        }
        assert_eq!(log.entry_count(), MAX_ENTRIES);
        let all = query(r#"{"interval":"2025-06-01T00:00:00Z/2030-01-01T00:00:00Z"}"#).unwrap();
        let count = |client| log.rows(client, "n", &all)[0].requests.unwrap();
        assert_eq!(
            count("a") + count("b"),
            MAX_ENTRIES as i64,
            "the newest are kept"
        );
        let latest = query(r#"{"interval":"2025-06-01T00:00:00Z/2030-01-01T00:00:00Z"}"#).unwrap();
        let mut latest = latest;
        latest.start_ms = (start + seconds - 3) * 1000;
        assert_eq!(log.rows("a", "n", &latest)[0].requests, Some(1));
        assert_eq!(log.rows("b", "n", &latest)[0].requests, Some(2));
        // The oldest second is gone.
        let mut oldest = all.clone();
        oldest.end_ms = (start + 1) * 1000;
        assert!(log.rows("a", "n", &oldest).is_empty());
    }
}
