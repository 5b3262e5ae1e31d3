//! What the token endpoint answers: [`TokenResponse`] and [`OAuthErrorResponse`].

use core::time::Duration;
use std::time::SystemTime;

use genesys_cloud_models::{AccessToken, RefreshToken};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A successful token response. The tokens are redacted in `Debug`.
///
/// It serializes to the JSON it was read from (the secrets included: keeping a token across restarts is what
/// serializing it is for, so store the result as carefully as a password).
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use genesys_cloud_core::models::{AccessToken, RefreshToken};
/// use genesys_cloud_core::token::TokenResponse;
///
/// let token = TokenResponse::new(AccessToken::new("at"))
///     .with_expires_in(Duration::from_secs(86_400))
///     .with_refresh_token(RefreshToken::new("rt"));
/// let saved = serde_json::to_string(&token)?;
/// assert_eq!(saved, r#"{"access_token":"at","token_type":"bearer","expires_in":86400,"refresh_token":"rt"}"#);
/// let issued = SystemTime::UNIX_EPOCH;
/// assert_eq!(token.expires_at(issued), Some(issued + Duration::from_secs(86_400)));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TokenResponse {
    /// `access_token`: the bearer token for API calls.
    pub access_token: AccessToken,
    /// `token_type`: `bearer`.
    #[serde(default)]
    pub token_type: String,
    /// `expires_in`: how long the access token is valid from the moment it was issued.
    #[serde(
        default,
        deserialize_with = "seconds",
        serialize_with = "write_seconds",
        skip_serializing_if = "Option::is_none"
    )]
    pub expires_in: Option<Duration>,
    /// `refresh_token`: for the code and PKCE grants, a token to get the next access token with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<RefreshToken>,
    /// `scope`: the scopes granted, when the server says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

impl TokenResponse {
    /// A `bearer` token with no known lifetime, refresh token or scope: for tokens that come from elsewhere
    /// (a vault, a sidecar, a test). The `with_*` methods fill in the rest.
    pub fn new(access_token: AccessToken) -> Self {
        Self {
            access_token,
            token_type: "bearer".to_owned(),
            expires_in: None,
            refresh_token: None,
            scope: None,
        }
    }

    /// Sets [`expires_in`](Self::expires_in).
    #[must_use]
    pub fn with_expires_in(mut self, expires_in: Duration) -> Self {
        self.expires_in = Some(expires_in);
        self
    }

    /// Sets [`refresh_token`](Self::refresh_token).
    #[must_use]
    pub fn with_refresh_token(mut self, refresh_token: RefreshToken) -> Self {
        self.refresh_token = Some(refresh_token);
        self
    }

    /// Sets [`scope`](Self::scope).
    #[must_use]
    pub fn with_scope(mut self, scope: impl Into<String>) -> Self {
        self.scope = Some(scope.into());
        self
    }

    /// When the access token expires, given the moment the response was `received` (the server counts from
    /// when it issued the token, a little earlier, so this errs late by the round trip: keep a margin).
    ///
    /// `None` when the response gave no lifetime, or when the instant is past what `SystemTime` can hold (a
    /// server may send any `u64`): no lifetime, however large, makes this panic.
    pub fn expires_at(&self, received: SystemTime) -> Option<SystemTime> {
        received.checked_add(self.expires_in?)
    }
}

fn seconds<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Duration>, D::Error> {
    Ok(Option::<u64>::deserialize(deserializer)?.map(Duration::from_secs))
}

/// `expires_in` is whole seconds on the wire, so a lifetime set in code with a fraction is written rounded down.
fn write_seconds<S: Serializer>(
    value: &Option<Duration>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(duration) => serializer.serialize_u64(duration.as_secs()),
        None => serializer.serialize_none(),
    }
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
