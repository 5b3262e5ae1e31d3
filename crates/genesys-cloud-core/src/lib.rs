#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod environment;
mod error;
#[cfg(doctest)]
mod growth;
mod operation;
// Paths and requests are built by the generated operations, each helper by those of some API groups only: unused
// code is a lint error in the build with every group (what CI's clippy builds), allowed in builds with fewer.
#[cfg_attr(
    not(all(
        feature = "oauth",
        feature = "tokens",
        feature = "authorization",
        feature = "organization"
    )),
    allow(dead_code)
)]
mod path;
mod region;
#[cfg_attr(
    not(all(
        feature = "oauth",
        feature = "tokens",
        feature = "authorization",
        feature = "organization"
    )),
    allow(dead_code)
)]
mod request;

pub mod ops;
pub mod paging;
pub mod redact;
pub mod response;
pub mod retry;
pub mod token;
pub mod transport;

pub use environment::{BaseUrl, Environment, is_loopback_host};
pub use error::{
    ApiError, ApiErrorBody, BuildError, CORRELATION_ID_HEADER, DecodeError, ResponseError,
    correlation_id,
};
pub use operation::{
    Auth, BearerHeader, Operation, OperationInfo, OperationMatch, find_operations,
};
pub use region::{Region, UnknownRegion};
pub use request::USER_AGENT_VALUE;

/// The models crate, re-exported so that one dependency gives the whole sans-IO layer.
pub use genesys_cloud_models as models;

/// The `http` crate whose `Request`, `Response`, `StatusCode` and `HeaderMap` appear in this crate's signatures,
/// re-exported so that callers name exactly the version the core was built with.
pub use http;

/// The `bytes` crate whose `Bytes` is every request and response body, re-exported for the same reason as `http`.
pub use bytes;
