#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod additional;
mod extras;
mod generated;
mod keep_unknown;
mod open_enum;
mod secret;
mod setters;
mod timestamp;
mod usage_interval;

pub use generated::*;
pub use open_enum::UnknownValue;
pub use secret::{AccessToken, ClientSecret, RefreshToken};
pub use timestamp::{Timestamp, TimestampError};
pub use usage_interval::{UsageInterval, UsageIntervalError};
