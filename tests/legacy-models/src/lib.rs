//! The models of `genesys-cloud-models` as they were written by hand before `cargo xtask codegen` generated them
//! from `spec/`, kept unchanged (frozen at commit e11c812) as the reference of
//! `tests/tests/generated_models_differential.rs`. Not a product crate: nothing else may depend on it.
#![forbid(unsafe_code)]

mod additional;
mod authorization;
mod client;
mod client_listing;
mod common;
mod enums;
mod error_body;
mod keep_unknown;
mod limit_namespace;
mod open_enum;
mod scope;
mod secret;
mod setters;
mod timestamp;
mod usage;
mod usage_interval;

pub use authorization::{OAuthAuthorization, OAuthAuthorizationListing};
pub use client::{OAuthClient, OAuthClientRequest};
pub use client_listing::{OAuthClientEntityListing, OAuthClientListing};
pub use common::{DomainEntityRef, RoleDivision};
pub use enums::{
    AuthorizationState, ClientState, GrantType, Granularity, QueryStatus, UsageGroupBy, UsageMetric,
};
pub use error_body::{Detail, ErrorBody, Limit};
pub use limit_namespace::LimitNamespace;
pub use open_enum::UnknownValue;
pub use scope::{OAuthScope, OAuthScopeListing};
pub use secret::{AccessToken, ClientSecret, RefreshToken};
pub use timestamp::{Timestamp, TimestampError};
pub use usage::{
    ApiUsageClientQuery, ApiUsageQueryResult, ApiUsageRow, Cursors, UsageExecutionResult,
};
pub use usage_interval::{UsageInterval, UsageIntervalError};
