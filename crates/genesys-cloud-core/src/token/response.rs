//! What the token endpoint answers: [`TokenResponse`] and [`OAuthErrorResponse`].

use core::time::Duration;

use genesys_cloud_models::{AccessToken, RefreshToken};
use serde::{Deserialize, Deserializer, Serialize};

/// A successful token response. The tokens are redacted in `Debug`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct TokenResponse {
    /// `access_token`: the bearer token for API calls.
    pub access_token: AccessToken,
    /// `token_type`: `bearer`.
    #[serde(default)]
    pub token_type: String,
    /// `expires_in`: how long the access token is valid from the moment it was issued.
    #[serde(default, deserialize_with = "seconds")]
    pub expires_in: Option<Duration>,
    /// `refresh_token`: for the code and PKCE grants, a token to get the next access token with.
    #[serde(default)]
    pub refresh_token: Option<RefreshToken>,
    /// `scope`: the scopes granted, when the server says.
    #[serde(default)]
    pub scope: Option<String>,
}

fn seconds<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Duration>, D::Error> {
    Ok(Option::<u64>::deserialize(deserializer)?.map(Duration::from_secs))
}

/// The error body of the token endpoint (RFC 6749 section 5.2), such as `invalid_client`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "OAuthErrorWire")]
#[non_exhaustive]
pub struct OAuthErrorResponse {
    /// `error`: the error code, such as `invalid_client` or `invalid_grant`.
    pub error: String,
    /// `error_description`: a human-readable explanation (read from `description` when only that is sent, as
    /// the Go SDK does).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_description: Option<String>,
    /// `error_uri`: a page about the error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_uri: Option<String>,
}

/// The token endpoint's error body as sent. The platform repeats the description under `description`; with
/// a serde alias, a body holding both keys would fail as a duplicate field, so both are read here.
#[derive(Deserialize)]
struct OAuthErrorWire {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    error_uri: Option<String>,
}

impl From<OAuthErrorWire> for OAuthErrorResponse {
    fn from(wire: OAuthErrorWire) -> Self {
        Self {
            error: wire.error,
            error_description: wire.error_description.or(wire.description),
            error_uri: wire.error_uri,
        }
    }
}

impl OAuthErrorResponse {
    /// An error response with this code.
    pub fn new(error: impl Into<String>, description: Option<String>) -> Self {
        Self {
            error: error.into(),
            error_description: description,
            error_uri: None,
        }
    }
}
