#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

// The support of the generated models that keep unknown fields, which only some API groups have: unused in a
// build without any of them.
#[cfg_attr(
    not(feature = "oauth"),
    allow(dead_code, unused_macros, unused_imports)
)]
mod additional;
#[cfg(feature = "oauth")]
mod extras;
mod generated;
#[cfg_attr(
    not(feature = "oauth"),
    allow(dead_code, unused_macros, unused_imports)
)]
mod keep_unknown;
mod open_enum;
mod secret;
mod setters;
mod timestamp;
#[cfg(feature = "oauth")]
mod usage_interval;

pub use generated::*;
pub use open_enum::UnknownValue;
pub use secret::{AccessToken, ClientSecret, RefreshToken};
pub use timestamp::{Timestamp, TimestampError};
#[cfg(feature = "oauth")]
pub use usage_interval::{UsageInterval, UsageIntervalError};
