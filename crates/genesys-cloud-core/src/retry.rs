//! Retry decisions as pure functions: which outcomes may be retried, how long to wait, when to stop.
//!
//! The executor feeds in what happened, the attempt number, the time spent and a random number, and gets back
//! a decision; nothing here sleeps or reads a clock, so every rule is tested without I/O.
//!
//! The rules:
//! - 429 is always retried: the platform did not process the request.
//! - 502, 503 and 504 and failures after the request may have been sent are retried only for idempotent
//!   operations, so a create is never duplicated.
//! - A failure known to have happened before anything was sent (a refused connection) is retried for any
//!   operation.
//! - `Retry-After` is honoured up to [`RetryConfig::max_retry_after`]; a longer wait stops retrying, and the
//!   error keeps the header for the caller.

use std::time::{Duration, SystemTime};

use http::{HeaderMap, StatusCode};

/// How retries are bounded and spaced.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RetryConfig {
    /// Attempts in all, the first included; 1 turns retries off.
    pub max_attempts: u32,
    /// The backoff ceiling of the first retry; it doubles with each attempt.
    pub initial_backoff: Duration,
    /// The longest backoff between two attempts.
    pub max_backoff: Duration,
    /// The longest `Retry-After` that is waited for; a longer one ends the retries.
    pub max_retry_after: Duration,
    /// The longest time all attempts and waits of one call may take, if bounded.
    pub total_budget: Option<Duration>,
}

impl Default for RetryConfig {
    /// Three attempts, backoff from 1 s up to 20 s with full jitter, `Retry-After` up to 60 s, and a total
    /// budget of 2 minutes.
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(60),
            total_budget: Some(Duration::from_secs(120)),
        }
    }
}

impl RetryConfig {
    /// A single attempt: no retries at all.
    pub fn disabled() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Sets [`max_attempts`](Self::max_attempts) (at least 1).
    #[must_use]
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets [`initial_backoff`](Self::initial_backoff) and [`max_backoff`](Self::max_backoff).
    #[must_use]
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// Sets [`max_retry_after`](Self::max_retry_after).
    #[must_use]
    pub fn with_max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// Sets [`total_budget`](Self::total_budget).
    #[must_use]
    pub fn with_total_budget(mut self, budget: Option<Duration>) -> Self {
        self.total_budget = budget;
        self
    }
}

/// What one attempt came to, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// A response arrived with this status, and maybe a `Retry-After` delay.
    Response {
        /// The status.
        status: StatusCode,
        /// The delay the response asked for.
        retry_after: Option<Duration>,
    },
    /// The request failed before any byte of it was sent, e.g. the connection was refused.
    NotSent,
    /// The request failed after it may have been sent (reset, broken body, timeout while waiting).
    MaybeSent,
}

/// Why an outcome may be retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryKind {
    /// The platform throttled the request (429).
    Throttled,
    /// A gateway or server failure (502, 503, 504) that did not change anything, for an idempotent request.
    ServerError,
    /// A connection failure.
    Transport,
}

/// Whether an outcome may be retried at all, whatever the attempt count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Classification {
    /// Retrying is safe and may help.
    Retryable(RetryKind),
    /// Retrying would not help, or might repeat a change.
    NotRetryable,
}

/// Whether a status is one a retry may cure: 429, 502, 503 or 504.
pub fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// Classifies an outcome for an operation that is (or is not) idempotent.
pub fn classify(idempotent: bool, outcome: &Outcome) -> Classification {
    match *outcome {
        Outcome::Response { status, .. } if status == StatusCode::TOO_MANY_REQUESTS => {
            Classification::Retryable(RetryKind::Throttled)
        }
        Outcome::Response { status, .. } if idempotent && is_retryable_status(status) => {
            Classification::Retryable(RetryKind::ServerError)
        }
        Outcome::NotSent => Classification::Retryable(RetryKind::Transport),
        Outcome::MaybeSent if idempotent => Classification::Retryable(RetryKind::Transport),
        _ => Classification::NotRetryable,
    }
}

/// The wait before retry number `retry` (1 for the first retry), with full jitter:
/// `jitter × min(max_backoff, initial_backoff × 2^(retry-1))`, where `jitter` is a random number in `[0, 1]`.
pub fn backoff(config: &RetryConfig, retry: u32, jitter: f64) -> Duration {
    let exponent = retry.saturating_sub(1).min(30);
    let ceiling = config
        .initial_backoff
        .saturating_mul(1u32 << exponent)
        .min(config.max_backoff);
    let jitter = if jitter.is_nan() {
        0.0
    } else {
        jitter.clamp(0.0, 1.0)
    };
    // Rounding can push `ceiling × jitter` past what a Duration holds when the ceiling is near its maximum.
    Duration::try_from_secs_f64(ceiling.as_secs_f64() * jitter)
        .map_or(ceiling, |wait| wait.min(ceiling))
}

/// Where a call stands: how many attempts it made and how long they took.
///
/// Built with [`new`](Self::new): it is `#[non_exhaustive]` so that later rules can be fed more of the call's
/// history without breaking executors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Attempts {
    /// Attempts made so far, the one that just ended included (1 after the first).
    pub made: u32,
    /// Time since the first attempt started.
    pub elapsed: Duration,
}

impl Attempts {
    /// `made` attempts (the one that just ended included) over `elapsed` since the first one started.
    pub fn new(made: u32, elapsed: Duration) -> Self {
        Self { made, elapsed }
    }
}

/// Why retrying stops.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum StopReason {
    /// The outcome may not be retried.
    NotRetryable,
    /// Every allowed attempt was made.
    AttemptsExhausted,
    /// The server asked to wait longer than [`RetryConfig::max_retry_after`].
    RetryAfterTooLong,
    /// The wait would end after the [`RetryConfig::total_budget`].
    BudgetExhausted,
}

/// What to do after an attempt that did not succeed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decision {
    /// Wait this long, then try again.
    RetryAfter(Duration),
    /// Give up and report the last outcome.
    Stop(StopReason),
}

/// Decides whether and when to retry, given the outcome of the last attempt and a random `jitter` in `[0, 1]`.
///
/// A `Retry-After` delay replaces the backoff (the server knows best), bounded by `max_retry_after`.
pub fn decide(
    config: &RetryConfig,
    attempts: Attempts,
    idempotent: bool,
    outcome: &Outcome,
    jitter: f64,
) -> Decision {
    if classify(idempotent, outcome) == Classification::NotRetryable {
        return Decision::Stop(StopReason::NotRetryable);
    }
    if attempts.made >= config.max_attempts {
        return Decision::Stop(StopReason::AttemptsExhausted);
    }
    let wait = match *outcome {
        Outcome::Response {
            retry_after: Some(asked),
            ..
        } => {
            if asked > config.max_retry_after {
                return Decision::Stop(StopReason::RetryAfterTooLong);
            }
            asked
        }
        _ => backoff(config, attempts.made, jitter),
    };
    if let Some(budget) = config.total_budget {
        if attempts.elapsed.saturating_add(wait) > budget {
            return Decision::Stop(StopReason::BudgetExhausted);
        }
    }
    Decision::RetryAfter(wait)
}

/// A parsed `Retry-After` header: a number of seconds, or an HTTP date.
///
/// Not `#[non_exhaustive]`: RFC 9110 (section 10.2.3) defines exactly these two forms, so a `match` may be complete.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryAfter {
    /// `Retry-After: <seconds>`.
    Delay(Duration),
    /// `Retry-After: <HTTP-date>`.
    At(SystemTime),
}

impl RetryAfter {
    /// Parses a header value; `None` if it is neither delta-seconds nor an HTTP date.
    pub fn parse(value: &str) -> Option<Self> {
        let value = value.trim();
        if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
            // Absurdly long digit strings saturate rather than fail: the cap applies later.
            let seconds = value.parse::<u64>().unwrap_or(u64::MAX);
            return Some(Self::Delay(Duration::from_secs(seconds)));
        }
        httpdate::parse_http_date(value).ok().map(Self::At)
    }

    /// Reads the `Retry-After` header of a response.
    pub fn from_headers(headers: &HeaderMap) -> Option<Self> {
        headers
            .get(http::header::RETRY_AFTER)
            .and_then(|value| value.to_str().ok())
            .and_then(Self::parse)
    }

    /// The delay from `now`; a date in the past gives zero.
    pub fn delay_from(self, now: SystemTime) -> Duration {
        match self {
            Self::Delay(delay) => delay,
            Self::At(at) => at.duration_since(now).unwrap_or(Duration::ZERO),
        }
    }
}
