//! [`Credentials`]: how the client gets its access tokens.

use genesys_cloud_core::token::{AuthorizationCode, PkceVerifier};
use genesys_cloud_models::{AccessToken, ClientSecret, RefreshToken};

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
    /// A PKCE code exchange for a public client; later tokens need a new login.
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

    /// Whether the client can get a new token by itself (after expiry or a 401).
    pub fn can_renew(&self) -> bool {
        matches!(
            self,
            Self::ClientCredentials { .. }
                | Self::RefreshToken { .. }
                | Self::AuthorizationCode { .. }
        )
    }
}
