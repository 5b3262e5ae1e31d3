//! Configuration from outside the program, as the `gc` CLI and the Terraform provider read it: `GENESYSCLOUD_*`
//! environment variables ([`ClientBuilder::from_env`](crate::ClientBuilder::from_env)) and, with the `gc-config`
//! feature, the profiles of gc's `~/.gc/config.toml` (`GcProfiles`).
//!
//! Each source is read into [`ConnectionSettings`] (where requests go, how they authenticate), which configures a
//! [`ClientBuilder`](crate::ClientBuilder). Combining several sources is left to the program: the `genesys` CLI, for
//! one, lets flags beat the environment and the environment beat a profile.

mod env;
mod error;
#[cfg(feature = "gc-config")]
mod gc_profiles;
mod settings;

pub use env::{ENV_ACCESS_TOKEN, ENV_BASE_URL, ENV_CLIENT_ID, ENV_CLIENT_SECRET, ENV_REGION};
pub use error::{ConfigError, ConfigErrorKind};
#[cfg(feature = "gc-config")]
pub use gc_profiles::GcProfiles;
pub use settings::ConnectionSettings;

#[cfg(test)]
mod env_tests;
#[cfg(all(test, feature = "gc-config"))]
mod gc_profiles_tests;
