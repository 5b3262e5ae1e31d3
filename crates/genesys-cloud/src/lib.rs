#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

mod api;
mod builder;
mod client;
mod config_sources;
mod credentials;
mod error;
mod lifecycle;
mod meta;
mod paginator;
mod token_cache;
mod trace;
mod transport;
mod usage;

pub use builder::ClientBuilder;
pub use client::Client;
#[cfg(feature = "gc-config")]
pub use config_sources::GcProfiles;
pub use config_sources::{
    ConfigError, ConfigErrorKind, ConnectionSettings, ENV_ACCESS_TOKEN, ENV_BASE_URL,
    ENV_CLIENT_ID, ENV_CLIENT_SECRET, ENV_REGION,
};
pub use credentials::Credentials;
pub use error::{Error, SendState, TimeoutKind, TransportError, TransportErrorKind};
pub use lifecycle::{CreatedClient, Patience};
pub use meta::{Response, ResponseMeta};
pub use paginator::ClientPaginator;
pub use token_cache::TokenInfo;
pub use transport::{HttpTransport, ProxySettings, TransportFuture};
pub use usage::UsagePolling;

/// The serde models (`genesys-cloud-models`).
pub use genesys_cloud_core::models;
/// The operations of the sans-IO core, for [`Client::execute`].
pub use genesys_cloud_core::ops;
/// Retry settings.
pub use genesys_cloud_core::retry::RetryConfig;
/// Token grants and PKCE helpers of the sans-IO core.
pub use genesys_cloud_core::token;
pub use genesys_cloud_core::{Environment, Region};

// The workspace README's code is compiled with this crate's doctests, so that it cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
struct WorkspaceReadme;
