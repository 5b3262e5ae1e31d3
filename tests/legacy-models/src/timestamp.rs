//! [`Timestamp`]: a UTC instant in the form the API documents.

mod fast;

use core::fmt;
use core::str::FromStr;
use std::time::SystemTime;

use time::format_description::well_known::Rfc3339;
use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// A UTC instant, as carried by every date-time field of the API.
///
/// It writes `YYYY-MM-DDTHH:MM:SS.mmmZ` (UTC, milliseconds, `Z`), the form the API documents, and reads any
/// RFC 3339 date-time: with or without a fraction of up to nine digits, with `Z` or with an offset, which it
/// converts to UTC.
///
/// The value is held at the platform's precision, milliseconds: every constructor (parsing, [`Timestamp::now`],
/// `TryFrom<SystemTime>`, the `time` and `chrono` conversions, [`Timestamp::checked_add`] and
/// [`Timestamp::checked_sub`]) truncates a finer instant toward the past, as the written form does. Why: `==`,
/// `Ord` and `Hash` then compare exactly what is written, so a value read back from its own output is equal to
/// itself (`parse(write(t)) == t`); with nanoseconds held, `…00.1234Z` read, written and read again was not.
///
/// Years 0000 to 9999 can be represented, the range RFC 3339 allows.
///
/// ```text
/// use genesys_cloud_models::Timestamp;
///
/// let t: Timestamp = "2025-06-21T10:00:00+02:00".parse()?;
/// assert_eq!(t.to_string(), "2025-06-21T08:00:00.000Z");
/// assert_eq!(Timestamp::from_unix_millis(t.unix_millis()), Some(t));
///
/// // Finer input is truncated toward the past, so the value equals its own written form read back.
/// let fine: Timestamp = "2025-06-21T08:00:00.1239Z".parse()?;
/// assert_eq!(fine.to_string(), "2025-06-21T08:00:00.123Z");
/// assert_eq!(fine.to_string().parse::<Timestamp>()?, fine);
/// # Ok::<(), genesys_cloud_models::TimestampError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(OffsetDateTime);

/// Why a string or a number could not become a [`Timestamp`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimestampError {
    reason: &'static str,
}

impl fmt::Display for TimestampError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid date-time: {}", self.reason)
    }
}

impl std::error::Error for TimestampError {}

const OUT_OF_RANGE: TimestampError = TimestampError {
    reason: "outside the years 0000 to 9999",
};

/// Unwraps a constant that is known to be valid, at compile time.
const fn const_ok<T: Copy>(value: Result<T, time::error::ComponentRange>) -> T {
    match value {
        Ok(value) => value,
        Err(_) => panic!("invalid constant date"),
    }
}

/// The length of the written form `YYYY-MM-DDTHH:MM:SS.mmmZ`.
const WRITTEN_LEN: usize = 24;

impl Timestamp {
    /// The earliest representable instant, `0000-01-01T00:00:00.000Z`.
    pub const MIN: Self = Self(
        PrimitiveDateTime::new(
            const_ok(Date::from_calendar_date(0, Month::January, 1)),
            Time::MIDNIGHT,
        )
        .assume_utc(),
    );
    /// The latest representable instant, `9999-12-31T23:59:59.999Z`.
    pub const MAX: Self = Self(
        PrimitiveDateTime::new(
            const_ok(Date::from_calendar_date(9999, Month::December, 31)),
            const_ok(Time::from_hms_milli(23, 59, 59, 999)),
        )
        .assume_utc(),
    );

    /// The current time, from the system clock, truncated to the millisecond.
    pub fn now() -> Self {
        // A clock outside the years 0000 to 9999 is clamped rather than a panic or an unrepresentable value.
        let now = OffsetDateTime::now_utc();
        Self::from_offset_date_time(now).unwrap_or(if now.year() < 0 {
            Self::MIN
        } else {
            Self::MAX
        })
    }

    /// Parses an RFC 3339 date-time, converting any offset to UTC.
    pub fn parse(input: &str) -> Result<Self, TimestampError> {
        // The shape the API writes takes a shortcut through `time`'s constructors; see `fast` for why.
        if let Some(parsed) = fast::parse_documented_shape(input) {
            // Already UTC, and four digits hold only the years 0000 to 9999: no conversion or range check needed.
            return Ok(Self(parsed));
        }
        Self::parse_general(input)
    }

    /// Any RFC 3339 date-time, through `time`'s parser.
    fn parse_general(input: &str) -> Result<Self, TimestampError> {
        let parsed = OffsetDateTime::parse(input, &Rfc3339).map_err(|_| TimestampError {
            reason: "expected an RFC 3339 date-time such as 2025-06-21T08:00:00.000Z",
        })?;
        Self::from_offset_date_time(parsed)
    }

    /// The instant `millis` milliseconds after the Unix epoch, if it lies in the years 0000 to 9999.
    pub fn from_unix_millis(millis: i64) -> Option<Self> {
        let nanos = i128::from(millis) * 1_000_000;
        OffsetDateTime::from_unix_timestamp_nanos(nanos)
            .ok()
            .and_then(|value| Self::from_offset_date_time(value).ok())
    }

    /// Milliseconds since the Unix epoch (negative before 1970), rounded down like the written form:
    /// `1969-12-31T23:59:59.9999Z` is -1, the same instant as its written form `1969-12-31T23:59:59.999Z`.
    pub fn unix_millis(&self) -> i64 {
        // Floor division: plain `/` rounds towards zero and would put sub-millisecond instants before 1970 at
        // the next millisecond, disagreeing with Display. In range by construction: about ±2.5e14 ms.
        self.0.unix_timestamp_nanos().div_euclid(1_000_000) as i64
    }

    /// Whole seconds since the Unix epoch (negative before 1970).
    pub fn unix_seconds(&self) -> i64 {
        self.0.unix_timestamp()
    }

    /// The nanoseconds within the second, `0..1_000_000_000`: always a whole number of milliseconds.
    pub fn subsec_nanos(&self) -> u32 {
        self.0.nanosecond()
    }

    /// This instant moved by `delta`, if the result is still representable; truncated to the millisecond.
    pub fn checked_add(&self, delta: core::time::Duration) -> Option<Self> {
        self.0
            .checked_add(time::Duration::try_from(delta).ok()?)
            .and_then(|value| Self::from_offset_date_time(value).ok())
    }

    /// This instant moved back by `delta`, if the result is still representable; truncated to the millisecond.
    pub fn checked_sub(&self, delta: core::time::Duration) -> Option<Self> {
        self.0
            .checked_sub(time::Duration::try_from(delta).ok()?)
            .and_then(|value| Self::from_offset_date_time(value).ok())
    }

    /// The one way in for every constructor but the fast parser (which reads milliseconds only): converts to UTC,
    /// checks the range and truncates to the millisecond, so that every value equals its written form.
    fn from_offset_date_time(value: OffsetDateTime) -> Result<Self, TimestampError> {
        let utc = value
            .checked_to_offset(UtcOffset::UTC)
            .ok_or(OUT_OF_RANGE)?;
        // Within the second, so truncating the field is a floor toward the past, before 1970 too.
        let utc = utc
            .replace_millisecond(utc.millisecond())
            .map_err(|_| OUT_OF_RANGE)?;
        if (0..=9999).contains(&utc.year()) {
            Ok(Self(utc))
        } else {
            Err(OUT_OF_RANGE)
        }
    }

    /// Writes the documented form into a fixed buffer, without allocating.
    fn write_to(self, buf: &mut [u8; WRITTEN_LEN]) {
        fn put(buf: &mut [u8], mut value: u32) {
            for slot in buf.iter_mut().rev() {
                *slot = b'0' + (value % 10) as u8;
                value /= 10;
            }
        }
        let t = self.0;
        *buf = *b"0000-00-00T00:00:00.000Z";
        put(&mut buf[0..4], t.year() as u32);
        put(&mut buf[5..7], u32::from(u8::from(t.month())));
        put(&mut buf[8..10], u32::from(t.day()));
        put(&mut buf[11..13], u32::from(t.hour()));
        put(&mut buf[14..16], u32::from(t.minute()));
        put(&mut buf[17..19], u32::from(t.second()));
        put(&mut buf[20..23], t.millisecond().into());
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut buf = [0u8; WRITTEN_LEN];
        self.write_to(&mut buf);
        // The buffer holds only ASCII digits and separators.
        f.write_str(core::str::from_utf8(&buf).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl FromStr for Timestamp {
    type Err = TimestampError;

    fn from_str(input: &str) -> Result<Self, Self::Err> {
        Self::parse(input)
    }
}

impl TryFrom<SystemTime> for Timestamp {
    type Error = TimestampError;

    fn try_from(value: SystemTime) -> Result<Self, Self::Error> {
        let nanos = match value.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(after) => i128::try_from(after.as_nanos()).map_err(|_| OUT_OF_RANGE)?,
            Err(before) => {
                -i128::try_from(before.duration().as_nanos()).map_err(|_| OUT_OF_RANGE)?
            }
        };
        let value = OffsetDateTime::from_unix_timestamp_nanos(nanos).map_err(|_| OUT_OF_RANGE)?;
        Self::from_offset_date_time(value)
    }
}

impl From<Timestamp> for SystemTime {
    fn from(value: Timestamp) -> Self {
        let nanos = value.0.unix_timestamp_nanos();
        let magnitude = core::time::Duration::new(
            (nanos.unsigned_abs() / 1_000_000_000) as u64,
            (nanos.unsigned_abs() % 1_000_000_000) as u32,
        );
        if nanos >= 0 {
            SystemTime::UNIX_EPOCH + magnitude
        } else {
            SystemTime::UNIX_EPOCH - magnitude
        }
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0u8; WRITTEN_LEN];
        self.write_to(&mut buf);
        let text = core::str::from_utf8(&buf).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(text)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TimestampVisitor;

        impl serde::de::Visitor<'_> for TimestampVisitor {
            type Value = Timestamp;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 date-time string")
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Timestamp, E> {
                Timestamp::parse(value).map_err(E::custom)
            }
        }

        deserializer.deserialize_str(TimestampVisitor)
    }
}
