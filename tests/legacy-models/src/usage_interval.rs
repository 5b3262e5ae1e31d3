//! [`UsageInterval`]: the `interval` of a usage query, from two instants or as the last days, hours or minutes.

use core::fmt;
use core::str::FromStr;
use core::time::Duration;

use crate::{ApiUsageClientQuery, Timestamp};

/// The interval a usage query counts requests in: from `start` to `end`, written `start/end` in ISO-8601 as
/// the API's `interval` field expects.
///
/// Read from `START/END` (two RFC 3339 date-times) or from a span up to now such as `7d`, `24h` or `30m` (days,
/// hours, minutes), as the `genesys` CLI's `--interval` flag takes it.
///
/// ```text
/// use genesys_cloud_models::{Timestamp, UsageInterval};
///
/// let week: UsageInterval = "2025-06-01T00:00:00Z/2025-06-08T00:00:00Z".parse()?;
/// assert_eq!(week.to_string(), "2025-06-01T00:00:00.000Z/2025-06-08T00:00:00.000Z");
///
/// let now = Timestamp::parse("2025-06-08T12:00:00Z")?;
/// let day = UsageInterval::parse_at("24h", now)?;
/// assert_eq!(day.to_string(), "2025-06-07T12:00:00.000Z/2025-06-08T12:00:00.000Z");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UsageInterval {
    start: Timestamp,
    end: Timestamp,
}

/// Why a text is not a [`UsageInterval`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageIntervalError {
    reason: &'static str,
}

impl fmt::Display for UsageIntervalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid usage interval: {}", self.reason)
    }
}

impl std::error::Error for UsageIntervalError {}

const EXPECTED: UsageIntervalError = UsageIntervalError {
    reason: "expected START/END in ISO-8601, or a span up to now such as 7d, 24h or 30m",
};

impl UsageInterval {
    /// The interval from `start` to `end`; `None` when `start` is after `end`.
    pub fn between(start: Timestamp, end: Timestamp) -> Option<Self> {
        (start <= end).then_some(Self { start, end })
    }

    /// The last `span` up to now. A span reaching back before the year 0000 starts there.
    pub fn last(span: Duration) -> Self {
        Self::last_until(span, Timestamp::now())
    }

    /// The `span` up to `end`; a span reaching back before the year 0000 starts there.
    pub fn last_until(span: Duration, end: Timestamp) -> Self {
        let start = end.checked_sub(span).unwrap_or(Timestamp::MIN);
        Self { start, end }
    }

    /// Reads `START/END` or a span up to now (`7d`, `24h`, `30m`). A date-time without a zone, as in the API
    /// specification's own example `2026-11-20T00:00:00/2026-11-28T00:00:00`, is UTC, as the platform reads it.
    pub fn parse(text: &str) -> Result<Self, UsageIntervalError> {
        Self::parse_at(text, Timestamp::now())
    }

    /// Like [`parse`](Self::parse), with a span ending at `now` (for tests and reproducible reports).
    pub fn parse_at(text: &str, now: Timestamp) -> Result<Self, UsageIntervalError> {
        let text = text.trim();
        if let Some((start, end)) = text.split_once('/') {
            let (Ok(start), Ok(end)) = (interval_end(start), interval_end(end)) else {
                return Err(EXPECTED);
            };
            return Self::between(start, end).ok_or(UsageIntervalError {
                reason: "the start is after the end",
            });
        }
        let span = parse_span(text)?;
        // Unlike `last`, a written span that reaches before the year 0000 is a mistake worth reporting.
        let start = now.checked_sub(span).ok_or(UsageIntervalError {
            reason: "the span reaches back too far",
        })?;
        Ok(Self { start, end: now })
    }

    /// The first instant counted.
    pub fn start(&self) -> Timestamp {
        self.start
    }

    /// The end of the interval.
    pub fn end(&self) -> Timestamp {
        self.end
    }
}

/// `N` followed by `d`, `h` or `m`, with `N` at least 1.
fn parse_span(text: &str) -> Result<Duration, UsageIntervalError> {
    let unit: u64 = match text.chars().last() {
        Some('d') => 86_400,
        Some('h') => 3_600,
        Some('m') => 60,
        _ => return Err(EXPECTED),
    };
    let digits = &text[..text.len() - 1];
    // Digits only: `u64::from_str` also takes a leading `+`, which is no span anyone writes.
    let count: u64 = Some(digits)
        .filter(|digits| digits.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|digits| digits.parse().ok())
        .filter(|count| *count > 0)
        .ok_or(EXPECTED)?;
    count
        .checked_mul(unit)
        .map(Duration::from_secs)
        .ok_or(UsageIntervalError {
            reason: "the span reaches back too far",
        })
}

impl fmt::Display for UsageInterval {
    /// `start/end`, each in the API's written form: the value of a query's `interval` field.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.start, self.end)
    }
}

impl FromStr for UsageInterval {
    type Err = UsageIntervalError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text)
    }
}

impl ApiUsageClientQuery {
    /// A query counting requests from `start` to `end`. A `start` after `end` is sent as given: the API
    /// answers it with its own error.
    ///
    /// ```text
    /// use genesys_cloud_models::{ApiUsageClientQuery, Timestamp};
    ///
    /// let query = ApiUsageClientQuery::between(
    ///     Timestamp::parse("2025-06-01T00:00:00Z")?,
    ///     Timestamp::parse("2025-06-08T00:00:00Z")?,
    /// );
    /// assert_eq!(query.interval, "2025-06-01T00:00:00.000Z/2025-06-08T00:00:00.000Z");
    /// # Ok::<(), genesys_cloud_models::TimestampError>(())
    /// ```
    pub fn between(start: Timestamp, end: Timestamp) -> Self {
        Self::new(format!("{start}/{end}"))
    }

    /// A query counting the requests of the last `span` up to now, such as `Duration::from_secs(7 * 86_400)`.
    pub fn last(span: Duration) -> Self {
        Self::new(UsageInterval::last(span).to_string())
    }
}

impl From<UsageInterval> for ApiUsageClientQuery {
    /// A query over `interval`, with every optional field absent.
    fn from(interval: UsageInterval) -> Self {
        Self::new(interval.to_string())
    }
}

/// One end of a written interval: RFC 3339, or a date-time without a zone, which the API reads as UTC.
fn interval_end(text: &str) -> Result<Timestamp, crate::TimestampError> {
    let text = text.trim();
    Timestamp::parse(text).or_else(|error| {
        // Only a time with no zone at all gets one: `...T00:00:00` or `...T00:00:00.5`, never a malformed offset.
        let time = text.split_once('T').map_or("", |(_, time)| time);
        let zoneless = !time.is_empty()
            && time
                .bytes()
                .all(|byte| byte.is_ascii_digit() || byte == b':' || byte == b'.');
        if zoneless {
            Timestamp::parse(&format!("{text}Z"))
        } else {
            Err(error)
        }
    })
}
