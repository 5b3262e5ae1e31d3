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

#[cfg(test)]
mod tests {
    use super::parse_documented_shape;
    use crate::Timestamp;

    /// `parse` (fast path first) and the general parser give the same result, value or error.
    fn agree(input: &str) {
        assert_eq!(
            Timestamp::parse(input),
            Timestamp::parse_general(input),
            "{input}"
        );
    }

    #[test]
    fn agrees_with_the_general_parser_on_every_field_edge() {
        let mut fast = 0;
        for year in [
            "0000", "0001", "1900", "1969", "1970", "2000", "2023", "2024", "2100", "9999",
        ] {
            for month in 0..=13 {
                for day in [0, 1, 28, 29, 30, 31, 32] {
                    for (hour, minute, second) in [
                        (0, 0, 0),
                        (23, 59, 59),
                        (23, 59, 60),
                        (24, 0, 0),
                        (12, 60, 0),
                    ] {
                        for millis in [0, 7, 999] {
                            let input = format!(
                                "{year}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{millis:03}Z"
                            );
                            agree(&input);
                            fast += usize::from(parse_documented_shape(&input).is_some());
                        }
                    }
                }
            }
        }
        // The valid dates with valid times all took the fast path (the test is not vacuous).
        assert!(fast > 3_000, "{fast}");
    }

    #[test]
    fn agrees_on_every_single_character_change_and_other_shapes() {
        let canonical = "2024-02-29T23:59:59.999Z";
        assert!(parse_documented_shape(canonical).is_some());
        for at in 0..canonical.len() {
            for replacement in [
                '0', '5', '9', '-', 'T', 't', ':', '.', 'Z', 'z', ' ', '+', 'a', 'é',
            ] {
                let mut input = String::from(&canonical[..at]);
                input.push(replacement);
                input.push_str(&canonical[at + 1..]);
                agree(&input);
            }
            agree(&canonical[..at]);
        }
        for input in [
            "2024-02-29T23:59:59.999+00:00",
            "2024-02-29T23:59:59.9999Z",
            "2024-02-29T23:59:59Z",
            "2024-02-29 23:59:59.999Z",
            "2023-06-30T23:59:60.000Z",
            "2024-02-29T23:59:59.999Z ",
            " 2024-02-29T23:59:59.999Z",
        ] {
            agree(input);
        }
    }

    #[test]
    fn agrees_on_many_pseudo_random_instants() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        for _ in 0..20_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let millis = (state % 253_402_300_800_000) as i64 - 62_167_219_200_000;
            let written = Timestamp::from_unix_millis(millis).map(|t| t.to_string());
            if let Some(written) = written {
                agree(&written);
                assert_eq!(
                    Timestamp::parse(&written).map(|t| t.unix_millis()),
                    Ok(millis)
                );
            }
        }
    }
}
