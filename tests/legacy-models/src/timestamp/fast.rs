//! A fast path for the one shape the API writes: `YYYY-MM-DDTHH:MM:SS.mmmZ`.
//!
//! Why: a client list carries three date-times per client, and `time`'s general RFC 3339 parser (which handles
//! every variant: offsets, fractions of any length, lowercase separators, leap seconds) costs several times more
//! than reading digits at fixed positions; it made the typed list slower to read than plain strings.
//!
//! This is not a date parser of its own: it only splits the digits at their fixed positions and lets `time` check
//! and build the date and the time (month lengths, leap years, ranges). Any other input, and any input `time`
//! refuses here (a leap second, say), goes to the general parser, so both give the same result by construction;
//! the tests check that on many inputs.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

/// The instant written in the documented shape, or `None` for anything else (left to the general parser).
pub(super) fn parse_documented_shape(input: &str) -> Option<OffsetDateTime> {
    let bytes: &[u8; 24] = input.as_bytes().try_into().ok()?;
    let separators = [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'.'),
        (23, b'Z'),
    ];
    let digits = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];
    let digit = |at: usize| bytes[at].wrapping_sub(b'0');
    if separators
        .iter()
        .any(|&(at, expected)| bytes[at] != expected)
        || digits.iter().any(|&at| digit(at) > 9)
    {
        return None;
    }
    let two = |at: usize| digit(at) * 10 + digit(at + 1);
    let year = i32::from(two(0)) * 100 + i32::from(two(2));
    let millis = u16::from(digit(20)) * 100 + u16::from(two(21));
    let date = Date::from_calendar_date(year, Month::try_from(two(5)).ok()?, two(8)).ok()?;
    let time = Time::from_hms_milli(two(11), two(14), two(17), millis).ok()?;
    Some(PrimitiveDateTime::new(date, time).assume_utc())
}
