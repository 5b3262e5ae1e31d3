#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod builder;
mod client;
mod config_sources;
mod credentials;
mod error;
#[cfg(feature = "oauth")]
mod helper_future;
#[cfg(feature = "oauth")]
mod lifecycle;
mod operations;
mod paginator;
mod request_builder;
mod response;
mod token_cache;
mod trace;
mod transport;
#[cfg(feature = "oauth")]
mod usage;

pub use builder::ClientBuilder;
pub use client::Client;
#[cfg(feature = "gc-config")]
pub use config_sources::GcProfiles;
pub use config_sources::{
    ConfigError, ConfigErrorKind, ConnectionSettings, ENV_ACCESS_TOKEN, ENV_BASE_URL,
    ENV_CLIENT_ID, ENV_CLIENT_SECRET, ENV_REGION,
};
pub use credentials::{Credentials, SharedTokenSource, TokenSource, TokenSourceFuture};
pub use error::{
    Error, LoginRequired, SendState, TimeoutKind, TransportError, TransportErrorKind, WaitingFor,
};
/// The trait of the listings' [`Pages`] and [`Items`] (from `futures-core`, which the `futures` and `futures-util`
/// crates re-export): their combinators (`TryStreamExt::try_next`, `try_collect`) come from `futures-util`.
pub use futures_core::Stream;
#[cfg(feature = "oauth")]
pub use lifecycle::{
    CreateOauthClient, CreatedClient, DeleteOauthClientCompletely, Patience,
    RotateOauthClientSecret, WaitUntilReadable,
};
pub use paginator::{Items, Pages};
pub use request_builder::{CallFuture, Raw, RequestBuilder, WithMeta};
pub use response::{Response, ResponseMeta};
pub use token_cache::TokenInfo;
pub use transport::{HttpTransport, ProxySettings, TransportFuture};
#[cfg(feature = "oauth")]
pub use usage::{RunUsageQuery, UsagePolling, WaitForUsageResult};

/// The `bytes` crate, for the bodies of a custom transport.
pub use bytes;
/// The serde models (`genesys-cloud-models`).
pub use genesys_cloud_core::models;
/// The operations of the sans-IO core, for [`Client::execute`].
pub use genesys_cloud_core::ops;
/// Paging of the sans-IO core: the trait of listing operations, and why a walk stopped.
pub use genesys_cloud_core::paging::{PagedOperation, PagingStopped};
/// Retry settings, and why a call stopped retrying.
pub use genesys_cloud_core::retry::{RetryConfig, StopReason};
/// Token grants and PKCE helpers of the sans-IO core.
pub use genesys_cloud_core::token;
pub use genesys_cloud_core::{
    ApiError, ApiErrorBody, BaseUrl, BuildError, DecodeError, Environment, Operation, Region,
};
/// The `http` crate, for `StatusCode`, `HeaderMap` and the requests and responses of a custom transport.
pub use http;

// The workspace README's code is compiled with this crate's doctests, so that it cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct WorkspaceReadme;
