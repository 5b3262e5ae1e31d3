//! Retry classification, backoff and decisions, with injected jitter and time.

use std::time::Duration;

use genesys_cloud_core::retry::*;
use http::StatusCode;

fn status(code: u16) -> Outcome {
    Outcome::Response {
        status: StatusCode::from_u16(code).unwrap(),
        retry_after: None,
    }
}

#[test]
fn classification() {
    // 429 was not processed: always retryable.
    assert_eq!(
        classify(false, &status(429)),
        Classification::Retryable(RetryKind::Throttled)
    );
    assert_eq!(
        classify(true, &status(429)),
        Classification::Retryable(RetryKind::Throttled)
    );
    for code in [502, 503, 504] {
        assert_eq!(
            classify(true, &status(code)),
            Classification::Retryable(RetryKind::ServerError)
        );
        assert_eq!(
            classify(false, &status(code)),
            Classification::NotRetryable,
            "{code} on a POST"
        );
    }
    for code in [200, 400, 401, 403, 404, 409, 500, 501] {
        assert_eq!(
            classify(true, &status(code)),
            Classification::NotRetryable,
            "{code}"
        );
    }
    assert_eq!(
        classify(false, &Outcome::NotSent),
        Classification::Retryable(RetryKind::Transport)
    );
    assert_eq!(
        classify(true, &Outcome::MaybeSent),
        Classification::Retryable(RetryKind::Transport)
    );
    // A create whose connection broke after sending may have been applied: never repeat it.
    assert_eq!(
        classify(false, &Outcome::MaybeSent),
        Classification::NotRetryable
    );
}

#[test]
fn backoff_doubles_up_to_the_cap_with_full_jitter() {
    let config =
        RetryConfig::default().with_backoff(Duration::from_millis(100), Duration::from_secs(1));
    assert_eq!(backoff(&config, 1, 1.0), Duration::from_millis(100));
    assert_eq!(backoff(&config, 2, 1.0), Duration::from_millis(200));
    assert_eq!(backoff(&config, 3, 1.0), Duration::from_millis(400));
    assert_eq!(backoff(&config, 5, 1.0), Duration::from_secs(1));
    assert_eq!(backoff(&config, 500, 1.0), Duration::from_secs(1));
    assert_eq!(backoff(&config, 3, 0.5), Duration::from_millis(200));
    assert_eq!(backoff(&config, 3, 0.0), Duration::ZERO);
    // Out-of-range jitter is clamped, never a panic.
    assert_eq!(backoff(&config, 1, 7.0), Duration::from_millis(100));
    assert_eq!(backoff(&config, 1, f64::NAN), Duration::ZERO);
    // Extreme settings saturate instead of panicking.
    let huge = RetryConfig::default().with_backoff(Duration::MAX, Duration::MAX);
    assert_eq!(backoff(&huge, 40, 1.0), Duration::MAX);
    assert!(backoff(&huge, 3, 0.999_999) <= Duration::MAX);
}

fn attempts(made: u32, elapsed_secs: u64) -> Attempts {
    Attempts::new(made, Duration::from_secs(elapsed_secs))
}

#[test]
fn decisions() {
    let config = RetryConfig::default();
    let throttled = Outcome::Response {
        status: StatusCode::TOO_MANY_REQUESTS,
        retry_after: Some(Duration::from_secs(5)),
    };
    assert_eq!(
        decide(&config, attempts(1, 0), false, &throttled, 0.3),
        Decision::RetryAfter(Duration::from_secs(5))
    );
    assert_eq!(
        decide(&config, attempts(3, 0), false, &throttled, 0.3),
        Decision::Stop(StopReason::AttemptsExhausted)
    );
    let too_long = Outcome::Response {
        status: StatusCode::TOO_MANY_REQUESTS,
        retry_after: Some(Duration::from_secs(600)),
    };
    assert_eq!(
        decide(&config, attempts(1, 0), true, &too_long, 0.3),
        Decision::Stop(StopReason::RetryAfterTooLong)
    );
    assert_eq!(
        decide(&config, attempts(1, 118), true, &throttled, 0.3),
        Decision::Stop(StopReason::BudgetExhausted)
    );
    assert_eq!(
        decide(&config, attempts(1, 0), false, &status(503), 0.3),
        Decision::Stop(StopReason::NotRetryable)
    );
    assert_eq!(
        decide(&config, attempts(1, 0), true, &status(503), 0.5),
        Decision::RetryAfter(Duration::from_millis(500))
    );
    assert_eq!(
        decide(
            &RetryConfig::disabled(),
            attempts(1, 0),
            true,
            &status(503),
            0.5
        ),
        Decision::Stop(StopReason::AttemptsExhausted)
    );
    let unbounded = RetryConfig::default()
        .with_total_budget(None)
        .with_max_attempts(10);
    assert!(matches!(
        decide(
            &unbounded,
            attempts(9, 100_000),
            true,
            &Outcome::NotSent,
            1.0
        ),
        Decision::RetryAfter(_)
    ));
}

#[test]
fn retry_after_values() {
    assert_eq!(
        RetryAfter::parse("0"),
        Some(RetryAfter::Delay(Duration::ZERO))
    );
    assert_eq!(
        RetryAfter::parse(" 12 "),
        Some(RetryAfter::Delay(Duration::from_secs(12)))
    );
    assert_eq!(
        RetryAfter::parse("99999999999999999999999"),
        Some(RetryAfter::Delay(Duration::from_secs(u64::MAX)))
    );
    assert!(matches!(
        RetryAfter::parse("Wed, 21 Oct 2015 07:28:00 GMT"),
        Some(RetryAfter::At(_))
    ));
    for bad in ["", "-1", "1.5", "soon", "Wed, 21 Oct 2015"] {
        assert_eq!(RetryAfter::parse(bad), None, "{bad}");
    }
}

/// The limits are inclusive: a `Retry-After` exactly at `max_retry_after` is honoured, and a wait that ends exactly
/// when the budget does is still made; one second more stops. (Mutation testing found `>` could become `>=`
/// in both checks without a test noticing.)
#[test]
fn a_wait_exactly_at_a_limit_is_made_and_one_past_it_is_not() {
    let config = RetryConfig::default()
        .with_max_retry_after(Duration::from_secs(30))
        .with_total_budget(Some(Duration::from_secs(100)));
    assert_eq!(config.max_retry_after, Duration::from_secs(30));
    let asking = |seconds| Outcome::Response {
        status: StatusCode::TOO_MANY_REQUESTS,
        retry_after: Some(Duration::from_secs(seconds)),
    };
    assert_eq!(
        decide(&config, attempts(1, 0), true, &asking(30), 0.5),
        Decision::RetryAfter(Duration::from_secs(30))
    );
    assert_eq!(
        decide(&config, attempts(1, 0), true, &asking(31), 0.5),
        Decision::Stop(StopReason::RetryAfterTooLong)
    );
    // 70 s spent + 30 s asked = the 100 s budget exactly.
    assert_eq!(
        decide(&config, attempts(1, 70), true, &asking(30), 0.5),
        Decision::RetryAfter(Duration::from_secs(30))
    );
    assert_eq!(
        decide(&config, attempts(1, 71), true, &asking(30), 0.5),
        Decision::Stop(StopReason::BudgetExhausted)
    );
    // The same bound with a computed backoff: 100 ms of a 100.1 s budget.
    let backoff_config = RetryConfig::default()
        .with_backoff(Duration::from_millis(100), Duration::from_secs(1))
        .with_total_budget(Some(Duration::from_millis(100_100)));
    assert_eq!(
        decide(&backoff_config, attempts(1, 100), true, &status(503), 1.0),
        Decision::RetryAfter(Duration::from_millis(100))
    );
}
