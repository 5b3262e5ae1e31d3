//! [`Clock`]: the emulator's monotonic clock, which tests can move forward.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use genesys_cloud_models::Timestamp;

/// How far [`Clock::advance`] can move the clock in all: far beyond any delay or lifetime (at most a year
/// each), and far from the end of `Instant`'s range.
const MAX_CLOCK_OFFSET: Duration = Duration::from_secs(10 * 365 * 24 * 60 * 60);

/// The emulator's monotonic clock: the real one plus an offset that tests move forward with
/// [`Emulator::advance_clock`](crate::Emulator::advance_clock), so that a test of a delay or a lifetime
/// does not depend on how fast the machine runs.
#[derive(Debug, Default)]
pub(crate) struct Clock {
    /// The offset in nanoseconds; an atomic rather than a lock, as it is read under the store's lock.
    offset_nanos: AtomicU64,
}

impl Clock {
    /// Now, as visibility delays, usage delays and token lifetimes see it.
    pub(crate) fn now(&self) -> Instant {
        let offset = Duration::from_nanos(self.offset_nanos.load(Ordering::SeqCst));
        let real = Instant::now();
        real.checked_add(offset).unwrap_or(real)
    }

    /// The date and time now, as the dates the emulator writes and the rules on dates (usage days, deletion
    /// dates) see it: the system's wall clock plus the same offset.
    pub(crate) fn wall_now(&self) -> Timestamp {
        let offset = Duration::from_nanos(self.offset_nanos.load(Ordering::SeqCst));
        let real = Timestamp::now();
        real.checked_add(offset).unwrap_or(real)
    }

    /// Moves the clock forward by `by` (in all at most [`MAX_CLOCK_OFFSET`]).
    pub(crate) fn advance(&self, by: Duration) {
        let max = u64::try_from(MAX_CLOCK_OFFSET.as_nanos()).unwrap_or(u64::MAX);
        let by = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
        // Only this method writes the offset; `fetch_update` keeps concurrent advances from losing one.
        let _ = self
            .offset_nanos
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |offset| {
                Some(offset.saturating_add(by).min(max))
            });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_clock_moves_forward_without_overflow() {
        let clock = Clock::default();
        let before = Instant::now();
        clock.advance(Duration::from_secs(3600));
        assert!(clock.now() >= before + Duration::from_secs(3600));
        clock.advance(Duration::MAX);
        clock.advance(Duration::MAX);
        assert!(clock.now() >= before + MAX_CLOCK_OFFSET);
        assert!(clock.now() < Instant::now() + MAX_CLOCK_OFFSET + Duration::from_secs(1));
        let wall = Timestamp::now().unix_seconds();
        assert!(clock.wall_now().unix_seconds() >= wall + MAX_CLOCK_OFFSET.as_secs() as i64 - 1);
    }
}
