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
#[non_exhaustive]
pub struct OAuthErrorResponse {
    /// `error`: the error code, such as `invalid_client` or `invalid_grant`.
    pub error: String,
    /// `error_description`: a human-readable explanation (the Go SDK also reads `description`).
    #[serde(
        default,
        alias = "description",
        skip_serializing_if = "Option::is_none"
    )]
    pub error_description: Option<String>,
    /// `error_uri`: a page about the error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_uri: Option<String>,
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
