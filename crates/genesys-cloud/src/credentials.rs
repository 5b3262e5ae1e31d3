//! [`Credentials`]: how the client gets its access tokens.

use genesys_cloud_core::token::{AuthorizationCode, PkceVerifier};
use genesys_cloud_models::{AccessToken, ClientSecret, RefreshToken};

use std::sync::Arc;

use genesys_cloud_core::token::TokenResponse;

use crate::error::Error;

/// How the client authenticates. Every secret in here is redacted in `Debug`.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub enum Credentials {
    /// The client credentials grant: tokens are fetched when needed and renewed before they expire.
    ClientCredentials {
        /// The OAuth client id.
        client_id: String,
        /// The OAuth client secret.
        client_secret: ClientSecret,
    },
    /// A token obtained elsewhere (a pipeline, `GENESYSCLOUD_ACCESS_TOKEN`). It cannot be renewed: when it
    /// expires, calls fail with 401.
    AccessToken(AccessToken),
    /// A refresh token from an earlier code or PKCE login; each refresh may return the next refresh token.
    RefreshToken {
        /// The OAuth client id.
        client_id: String,
        /// The OAuth client secret.
        client_secret: ClientSecret,
        /// The refresh token.
        refresh_token: RefreshToken,
    },
    /// A refresh token from an earlier PKCE login of a public client, which has no secret: each refresh names the
    /// client and may return the next refresh token.
    PublicRefreshToken {
        /// The OAuth client id.
        client_id: String,
        /// The refresh token.
        refresh_token: RefreshToken,
    },
    /// An authorization code from a user's login, exchanged once; later tokens come from its refresh token.
    AuthorizationCode {
        /// The OAuth client id.
        client_id: String,
        /// The OAuth client secret.
        client_secret: ClientSecret,
        /// The code the redirect brought back.
        code: AuthorizationCode,
        /// The redirect URI the code was sent to.
        redirect_uri: String,
    },
    /// A PKCE code exchange for a public client; later tokens come from the refresh token the exchange brought
    /// (spent with the client id alone), or need a new login when it brought none.
    Pkce {
        /// The OAuth client id.
        client_id: String,
        /// The code the redirect brought back.
        code: AuthorizationCode,
        /// The verifier whose challenge went into the authorize URL.
        verifier: PkceVerifier,
        /// The redirect URI the code was sent to.
        redirect_uri: String,
    },
    /// Tokens from your own source (a vault, a sidecar, a token shared between processes), asked again whenever
    /// the cached token is due; see [`TokenSource`].
    Source(SharedTokenSource),
}

/// The future of [`TokenSource::fetch_token`].
pub type TokenSourceFuture<'a> = core::pin::Pin<
    Box<dyn core::future::Future<Output = Result<TokenResponse, Error>> + Send + 'a>,
>;

/// Where tokens come from when they come from neither the platform's token endpoint nor a fixed value.
///
/// The client calls [`fetch_token`](Self::fetch_token) once for all waiting callers when it needs a token (at
/// first use, before expiry, and after a 401), caches the answer until shortly before its `expires_in`, and
/// shares a failure with every waiting caller, as for its own grants.
///
/// ```
/// use genesys_cloud::token::TokenResponse;
/// use genesys_cloud::{Credentials, Error, TokenSource, TokenSourceFuture};
///
/// struct FromVault;
///
/// impl TokenSource for FromVault {
///     fn fetch_token(&self) -> TokenSourceFuture<'_> {
///         Box::pin(async {
///             let json = r#"{"access_token":"from-the-vault","expires_in":3600}"#;
///             serde_json::from_str::<TokenResponse>(json).map_err(|error| {
///                 Error::Config(genesys_cloud::ConfigError::new(
///                     genesys_cloud::ConfigErrorKind::InvalidCredentials,
///                     format!("the vault's answer is not a token: {error}"),
///                 ))
///             })
///         })
///     }
/// }
///
/// let credentials = Credentials::token_source(FromVault);
/// ```
pub trait TokenSource: Send + Sync + 'static {
    /// Fetches a new token.
    fn fetch_token(&self) -> TokenSourceFuture<'_>;
}

/// A [`TokenSource`] made of an async closure ([`Credentials::token_source_fn`]).
struct FnTokenSource<F>(F);

impl<F, Fut> TokenSource for FnTokenSource<F>
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: core::future::Future<Output = Result<TokenResponse, Error>> + Send + 'static,
{
    fn fetch_token(&self) -> TokenSourceFuture<'_> {
        Box::pin((self.0)())
    }
}

/// A [`TokenSource`] shared by the clones of a client.
#[derive(Clone)]
pub struct SharedTokenSource(pub(crate) Arc<dyn TokenSource>);

impl core::fmt::Debug for SharedTokenSource {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("TokenSource")
    }
}

impl Credentials {
    /// Client credentials from an id and a secret.
    pub fn client_credentials(
        client_id: impl Into<String>,
        client_secret: impl Into<ClientSecret>,
    ) -> Self {
        Self::ClientCredentials {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
        }
    }

    /// A ready-made access token.
    pub fn access_token(token: impl Into<AccessToken>) -> Self {
        Self::AccessToken(token.into())
    }

    /// Tokens from your own [`TokenSource`].
    pub fn token_source(source: impl TokenSource) -> Self {
        Self::Source(SharedTokenSource(Arc::new(source)))
    }

    /// Tokens from an async closure, called as a [`TokenSource`] is: once for all waiting callers when a token is
    /// needed.
    ///
    /// ```
    /// use genesys_cloud::Credentials;
    /// use genesys_cloud::token::TokenResponse;
    ///
    /// let credentials = Credentials::token_source_fn(|| async {
    ///     let json = r#"{"access_token":"from-the-vault","expires_in":3600}"#;
    ///     serde_json::from_str::<TokenResponse>(json).map_err(|error| {
    ///         genesys_cloud::Error::Config(genesys_cloud::ConfigError::new(
    ///             genesys_cloud::ConfigErrorKind::InvalidCredentials,
    ///             format!("the vault's answer is not a token: {error}"),
    ///         ))
    ///     })
    /// });
    /// ```
    pub fn token_source_fn<F, Fut>(fetch: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: core::future::Future<Output = Result<TokenResponse, Error>> + Send + 'static,
    {
        Self::token_source(FnTokenSource(fetch))
    }

    /// The name of a required field that is empty, if one is: an empty id or secret would only fail at the first
    /// call, far from its cause.
    pub(crate) fn empty_field(&self) -> Option<&'static str> {
        let (client_id, secret) = match self {
            Self::ClientCredentials {
                client_id,
                client_secret,
            }
            | Self::RefreshToken {
                client_id,
                client_secret,
                ..
            }
            | Self::AuthorizationCode {
                client_id,
                client_secret,
                ..
            } => (client_id.as_str(), Some(client_secret.expose_secret())),
            Self::Pkce { client_id, .. } => (client_id.as_str(), None),
            Self::PublicRefreshToken {
                client_id,
                refresh_token,
            } => {
                return if client_id.trim().is_empty() {
                    Some("client id")
                } else {
                    refresh_token
                        .expose_secret()
                        .is_empty()
                        .then_some("refresh token")
                };
            }
            Self::Source(_) => return None,
            Self::AccessToken(token) => {
                return token
                    .expose_secret()
                    .trim()
                    .is_empty()
                    .then_some("access token");
            }
        };
        if client_id.trim().is_empty() {
            Some("client id")
        } else if secret.is_some_and(str::is_empty) {
            Some("client secret")
        } else {
            match self {
                Self::RefreshToken { refresh_token, .. }
                    if refresh_token.expose_secret().is_empty() =>
                {
                    Some("refresh token")
                }
                _ => None,
            }
        }
    }

    /// The secret values these credentials send to the token endpoint.
    fn secret_values(&self) -> Vec<&str> {
        match self {
            Self::ClientCredentials { client_secret, .. } => vec![client_secret.expose_secret()],
            Self::AccessToken(token) => vec![token.expose_secret()],
            Self::RefreshToken {
                client_secret,
                refresh_token,
                ..
            } => vec![client_secret.expose_secret(), refresh_token.expose_secret()],
            Self::AuthorizationCode {
                client_secret,
                code,
                ..
            } => vec![client_secret.expose_secret(), code.expose_secret()],
            Self::Pkce { code, verifier, .. } => {
                vec![code.expose_secret(), verifier.expose_secret()]
            }
            Self::PublicRefreshToken { refresh_token, .. } => vec![refresh_token.expose_secret()],
            Self::Source(_) => Vec::new(),
        }
    }

    /// `error` with every secret of these credentials cut out of the API's answer: a token endpoint that echoes
    /// what it was sent (`"error_description":"bad secret s3cr3t"`) must not put the secret into the message of
    /// an error that every waiting caller gets and may log. `also` holds secrets the login received since (its
    /// current refresh token), which are sent too.
    pub(crate) fn scrub(&self, error: Error, also: &[&str]) -> Error {
        let Error::Api {
            error: api,
            attempts,
            stopped,
        } = error
        else {
            return error;
        };
        let secrets: Vec<&str> = self
            .secret_values()
            .into_iter()
            .chain(also.iter().copied())
            .filter(|secret| !secret.is_empty())
            .collect();
        let Some(scrubbed) = scrub_body(&api.raw_body, &secrets) else {
            return Error::Api {
                error: api,
                attempts,
                stopped,
            };
        };
        let mut response = http::Response::new(bytes::Bytes::from(scrubbed));
        *response.status_mut() = api.status;
        *response.headers_mut() = api.headers.clone();
        Error::Api {
            error: Box::new(genesys_cloud_core::ApiError::from_response(response)),
            attempts,
            stopped,
        }
    }

    /// Whether the client can get a new token by itself (after expiry or a 401) from these credentials alone.
    /// A PKCE login is not counted: it renews only once its exchange brought a refresh token.
    pub fn can_renew(&self) -> bool {
        matches!(
            self,
            Self::ClientCredentials { .. }
                | Self::RefreshToken { .. }
                | Self::PublicRefreshToken { .. }
                | Self::AuthorizationCode { .. }
                | Self::Source(_)
        )
    }
}

/// `body` with every secret replaced by `[redacted]`, or `None` when it holds none. A JSON body is scrubbed in its
/// decoded strings: JSON may spell a secret with escapes (`\/` for `/`, `\"`, `\uXXXX`), which a search of the
/// raw text misses while the error's parse decodes them back into its message.
fn scrub_body(body: &[u8], secrets: &[&str]) -> Option<String> {
    if let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(body) {
        return scrub_json(&mut value, secrets).then(|| value.to_string());
    }
    let text = String::from_utf8_lossy(body);
    if !secrets.iter().any(|secret| text.contains(secret)) {
        return None;
    }
    let mut scrubbed = text.into_owned();
    for secret in secrets {
        scrubbed = scrubbed.replace(secret, "[redacted]");
    }
    Some(scrubbed)
}

/// Replaces the secrets in every string and key of `value`; true if any was found.
fn scrub_json(value: &mut serde_json::Value, secrets: &[&str]) -> bool {
    let scrub_text = |text: &mut String| {
        let mut found = false;
        for secret in secrets {
            if text.contains(secret) {
                *text = text.replace(secret, "[redacted]");
                found = true;
            }
        }
        found
    };
    match value {
        serde_json::Value::String(text) => scrub_text(text),
        serde_json::Value::Array(items) => items
            .iter_mut()
            .fold(false, |found, item| scrub_json(item, secrets) | found),
        serde_json::Value::Object(map) => {
            let mut found = false;
            let entries = core::mem::take(map);
            for (mut key, mut item) in entries {
                found |= scrub_text(&mut key);
                found |= scrub_json(&mut item, secrets);
                map.insert(key, item);
            }
            found
        }
        _ => false,
    }
}
