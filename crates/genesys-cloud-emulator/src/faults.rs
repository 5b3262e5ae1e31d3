//! Fault injection: [`FaultSpec`] (what to inject, how often) and the seeded generator that decides per request.

use core::fmt;
use core::str::FromStr;
use std::time::Duration;

/// A kind of fault the emulator can inject.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum FaultKind {
    /// `429`: a 429 with `Retry-After` and the platform's normalized body; the request is not processed.
    TooManyRequests,
    /// `503`: a 503 with an ErrorBody; the request is not processed.
    ServiceUnavailable,
    /// `reset-before`: the connection is closed without any response; the request is not processed.
    ResetBefore,
    /// `reset-after`: the request is processed (a change is applied), then the connection breaks after the
    /// response head, part way through the body.
    ResetAfter,
    /// `slow`: the response is delayed, then the request is processed normally.
    Slow,
}

impl FaultKind {
    /// Every kind, in the order the generator tests them.
    pub const ALL: [FaultKind; 5] = [
        FaultKind::TooManyRequests,
        FaultKind::ServiceUnavailable,
        FaultKind::ResetBefore,
        FaultKind::ResetAfter,
        FaultKind::Slow,
    ];

    /// The name used in a spec and in the stats: `429`, `503`, `reset-before`, `reset-after` or `slow`.
    pub fn as_str(self) -> &'static str {
        match self {
            FaultKind::TooManyRequests => "429",
            FaultKind::ServiceUnavailable => "503",
            FaultKind::ResetBefore => "reset-before",
            FaultKind::ResetAfter => "reset-after",
            FaultKind::Slow => "slow",
        }
    }

    fn index(self) -> usize {
        match self {
            FaultKind::TooManyRequests => 0,
            FaultKind::ServiceUnavailable => 1,
            FaultKind::ResetBefore => 2,
            FaultKind::ResetAfter => 3,
            FaultKind::Slow => 4,
        }
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FaultKind {
    type Err = FaultSpecError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        FaultKind::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
            .ok_or_else(|| {
                FaultSpecError(format!(
                    "unknown fault kind `{name}` (expected 429, 503, reset-before, reset-after or slow)"
                ))
            })
    }
}

/// Which faults to inject and how often: a probability per [`FaultKind`], plus the `Retry-After` of
/// 429s and the delay of slow responses.
///
/// The written form, accepted by [`parse`](Self::parse) and produced by `Display`, is a comma-separated
/// list of `KIND=PROBABILITY[:OPTION=VALUE]`:
///
/// - `429=P[:retry-after=SECONDS]` (default 1 s, at most 3600),
/// - `503=P`, `reset-before=P`, `reset-after=P`,
/// - `slow=P[:ms=MILLISECONDS]` (default 300 ms, at most 60000).
///
/// Each probability is between 0 and 1 and together they are at most 1: one uniform draw per request picks
/// at most one fault. An empty string or `none` means no faults.
///
/// ```
/// use genesys_cloud_emulator::{FaultKind, FaultSpec};
///
/// let spec = FaultSpec::parse("429=0.02:retry-after=3,503=0.02,reset-before=0.01,reset-after=0.01,slow=0.01:ms=50")?;
/// assert_eq!(spec.probability(FaultKind::TooManyRequests), 0.02);
/// assert_eq!(spec.retry_after_secs(), 3);
/// assert_eq!(spec.to_string().parse::<FaultSpec>()?, spec);
/// assert!(FaultSpec::parse("429=0.9,503=0.2").is_err()); // more than 1 in total
/// # Ok::<(), genesys_cloud_emulator::FaultSpecError>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct FaultSpec {
    probabilities: [f64; 5],
    retry_after_secs: u32,
    slow_delay: Duration,
}

/// Why a fault spec could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid fault spec: {0}")]
pub struct FaultSpecError(String);

const DEFAULT_RETRY_AFTER_SECS: u32 = 1;
const DEFAULT_SLOW_DELAY: Duration = Duration::from_millis(300);
const MAX_RETRY_AFTER_SECS: u32 = 3600;
const MAX_SLOW_MS: u64 = 60_000;

impl Default for FaultSpec {
    fn default() -> Self {
        Self::none()
    }
}

impl FaultSpec {
    /// No faults at all.
    pub fn none() -> Self {
        Self {
            probabilities: [0.0; 5],
            retry_after_secs: DEFAULT_RETRY_AFTER_SECS,
            slow_delay: DEFAULT_SLOW_DELAY,
        }
    }

    /// Parses the written form described on the type.
    pub fn parse(spec: &str) -> Result<Self, FaultSpecError> {
        let mut parsed = Self::none();
        let mut seen = [false; 5];
        let spec = spec.trim();
        if spec.is_empty() || spec == "none" {
            return Ok(parsed);
        }
        for item in spec.split(',') {
            let mut parts = item.trim().split(':');
            let head = parts.next().unwrap_or_default();
            let (kind, probability) = head
                .split_once('=')
                .ok_or_else(|| FaultSpecError(format!("`{head}` is not KIND=PROBABILITY")))?;
            let kind: FaultKind = kind.trim().parse()?;
            if std::mem::replace(&mut seen[kind.index()], true) {
                return Err(FaultSpecError(format!("`{kind}` is given twice")));
            }
            parsed = parsed.with_probability(kind, parse_probability(kind, probability.trim())?)?;
            for option in parts {
                parsed.apply_option(kind, option.trim())?;
            }
        }
        Ok(parsed)
    }

    /// This spec with the probability of `kind` set to `probability` (between 0 and 1, with the total at
    /// most 1).
    pub fn with_probability(
        mut self,
        kind: FaultKind,
        probability: f64,
    ) -> Result<Self, FaultSpecError> {
        if !(0.0..=1.0).contains(&probability) {
            return Err(FaultSpecError(format!(
                "the probability of `{kind}` must be between 0 and 1"
            )));
        }
        self.probabilities[kind.index()] = probability;
        let total: f64 = self.probabilities.iter().sum();
        if total > 1.0 + 1e-9 {
            return Err(FaultSpecError(format!(
                "the probabilities add up to {total}, more than 1"
            )));
        }
        Ok(self)
    }

    /// The `Retry-After` seconds of injected 429s (at most 3600).
    #[must_use]
    pub fn with_retry_after_secs(mut self, seconds: u32) -> Self {
        self.retry_after_secs = seconds.min(MAX_RETRY_AFTER_SECS);
        self
    }

    /// The delay of slow responses (at most one minute).
    #[must_use]
    pub fn with_slow_delay(mut self, delay: Duration) -> Self {
        self.slow_delay = delay.min(Duration::from_millis(MAX_SLOW_MS));
        self
    }

    /// The probability of `kind`, per request.
    pub fn probability(&self, kind: FaultKind) -> f64 {
        self.probabilities[kind.index()]
    }

    /// The `Retry-After` seconds of injected 429s.
    pub fn retry_after_secs(&self) -> u32 {
        self.retry_after_secs
    }

    /// The delay of slow responses.
    pub fn slow_delay(&self) -> Duration {
        self.slow_delay
    }

    /// Whether no fault can be injected.
    pub fn is_none(&self) -> bool {
        self.probabilities.iter().all(|p| *p == 0.0)
    }

    fn apply_option(&mut self, kind: FaultKind, option: &str) -> Result<(), FaultSpecError> {
        let (name, value) = option.split_once('=').ok_or_else(|| {
            FaultSpecError(format!("option `{option}` of `{kind}` is not NAME=VALUE"))
        })?;
        match (kind, name.trim()) {
            (FaultKind::TooManyRequests, "retry-after") => {
                let seconds = value
                    .trim()
                    .parse::<u32>()
                    .ok()
                    .filter(|s| *s <= MAX_RETRY_AFTER_SECS)
                    .ok_or_else(|| {
                        FaultSpecError(format!(
                            "retry-after must be 0 to {MAX_RETRY_AFTER_SECS} seconds"
                        ))
                    })?;
                self.retry_after_secs = seconds;
            }
            (FaultKind::Slow, "ms") => {
                let millis = value
                    .trim()
                    .parse::<u64>()
                    .ok()
                    .filter(|ms| *ms <= MAX_SLOW_MS)
                    .ok_or_else(|| FaultSpecError(format!("ms must be 0 to {MAX_SLOW_MS}")))?;
                self.slow_delay = Duration::from_millis(millis);
            }
            (_, name) => {
                return Err(FaultSpecError(format!(
                    "`{kind}` has no option `{name}` (429 takes retry-after, slow takes ms)"
                )));
            }
        }
        Ok(())
    }
}

fn parse_probability(kind: FaultKind, text: &str) -> Result<f64, FaultSpecError> {
    text.parse::<f64>()
        .ok()
        .filter(|p| p.is_finite())
        .ok_or_else(|| {
            FaultSpecError(format!(
                "the probability of `{kind}` (`{text}`) is not a number"
            ))
        })
}

impl FromStr for FaultSpec {
    type Err = FaultSpecError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        Self::parse(spec)
    }
}

impl fmt::Display for FaultSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_none() {
            return f.write_str("none");
        }
        let mut first = true;
        for kind in FaultKind::ALL {
            let p = self.probability(kind);
            if p == 0.0 {
                continue;
            }
            if !first {
                f.write_str(",")?;
            }
            first = false;
            write!(f, "{kind}={p}")?;
            match kind {
                FaultKind::TooManyRequests => write!(f, ":retry-after={}", self.retry_after_secs)?,
                FaultKind::Slow => write!(f, ":ms={}", self.slow_delay.as_millis())?,
                _ => {}
            }
        }
        Ok(())
    }
}

/// The fault decided for one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fault {
    TooManyRequests { retry_after_secs: u32 },
    ServiceUnavailable,
    ResetBefore,
    ResetAfter,
    Slow(Duration),
}

impl Fault {
    pub(crate) fn kind(self) -> FaultKind {
        match self {
            Fault::TooManyRequests { .. } => FaultKind::TooManyRequests,
            Fault::ServiceUnavailable => FaultKind::ServiceUnavailable,
            Fault::ResetBefore => FaultKind::ResetBefore,
            Fault::ResetAfter => FaultKind::ResetAfter,
            Fault::Slow(_) => FaultKind::Slow,
        }
    }
}

/// The spec in force and the seeded generator; one draw per faultable request, in arrival order.
pub(crate) struct FaultGenerator {
    spec: FaultSpec,
    seed: u64,
    rng: fastrand::Rng,
}

impl FaultGenerator {
    pub(crate) fn new(spec: FaultSpec, seed: u64) -> Self {
        Self {
            spec,
            seed,
            rng: fastrand::Rng::with_seed(seed),
        }
    }

    /// Replaces the spec and restarts the sequence from the seed, so that a test which turns faults on
    /// after its setup requests still sees the same faults on every run.
    pub(crate) fn set(&mut self, spec: FaultSpec) {
        self.spec = spec;
        self.rng = fastrand::Rng::with_seed(self.seed);
    }

    pub(crate) fn decide(&mut self) -> Option<Fault> {
        if self.spec.is_none() {
            return None;
        }
        let draw = self.rng.f64();
        let mut threshold = 0.0;
        for kind in FaultKind::ALL {
            threshold += self.spec.probability(kind);
            if draw < threshold {
                return Some(match kind {
                    FaultKind::TooManyRequests => Fault::TooManyRequests {
                        retry_after_secs: self.spec.retry_after_secs,
                    },
                    FaultKind::ServiceUnavailable => Fault::ServiceUnavailable,
                    FaultKind::ResetBefore => Fault::ResetBefore,
                    FaultKind::ResetAfter => Fault::ResetAfter,
                    FaultKind::Slow => Fault::Slow(self.spec.slow_delay),
                });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_documented_example_and_options() {
        let spec =
            FaultSpec::parse("429=0.02,503=0.02,reset-before=0.01,reset-after=0.01,slow=0.01")
                .unwrap();
        assert_eq!(spec.probability(FaultKind::ResetAfter), 0.01);
        assert_eq!(spec.retry_after_secs(), 1);
        assert_eq!(spec.slow_delay(), Duration::from_millis(300));
        let spec = FaultSpec::parse(" 429 = 0.5 : retry-after = 4 , slow=0.5:ms=20 ").unwrap();
        assert_eq!(spec.retry_after_secs(), 4);
        assert_eq!(spec.slow_delay(), Duration::from_millis(20));
        assert!(FaultSpec::parse("none").unwrap().is_none());
        assert!(FaultSpec::parse("").unwrap().is_none());
    }

    #[test]
    fn rejects_bad_specs() {
        for bad in [
            "429",
            "418=0.1",
            "429=abc",
            "429=-0.1",
            "429=1.5",
            "429=NaN",
            "429=0.6,503=0.6",
            "429=0.1,429=0.1",
            "503=0.1:retry-after=1",
            "429=0.1:retry-after=x",
            "slow=0.1:ms=999999",
            "slow=0.1:ms",
        ] {
            assert!(FaultSpec::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn same_seed_same_sequence_and_rates_roughly_match() {
        let spec =
            FaultSpec::parse("429=0.1,503=0.1,reset-before=0.1,reset-after=0.1,slow=0.1").unwrap();
        let run = |seed| {
            let mut generator = FaultGenerator::new(spec.clone(), seed);
            (0..2000).map(|_| generator.decide()).collect::<Vec<_>>()
        };
        assert_eq!(run(42), run(42));
        assert_ne!(run(42), run(43));
        let faults = run(42).into_iter().flatten().count();
        assert!(
            (800..1200).contains(&faults),
            "{faults} faults of 2000 at 50%"
        );
    }

    #[test]
    fn set_restarts_the_sequence() {
        let spec = FaultSpec::parse("503=0.5").unwrap();
        let mut generator = FaultGenerator::new(FaultSpec::none(), 9);
        assert_eq!(generator.decide(), None);
        generator.set(spec.clone());
        let first: Vec<_> = (0..50).map(|_| generator.decide()).collect();
        generator.set(spec);
        let second: Vec<_> = (0..50).map(|_| generator.decide()).collect();
        assert_eq!(first, second);
    }
}
