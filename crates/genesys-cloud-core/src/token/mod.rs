//! The token endpoint (`POST /oauth/token` on the login host) as operations, one per OAuth grant.
//!
//! Every grant sends a form body and `Accept: application/json`. Confidential grants authenticate with HTTP Basic,
//! with the client id and secret form-url-encoded before base64 as RFC 6749 section 2.3.1 requires (ids and
//! secrets with `:`, `%`, `+` or non-ASCII characters then survive). The answer is a [`TokenResponse`], or an API
//! error whose body is an [`OAuthErrorResponse`].

mod basic;
mod grants;
mod pkce;
mod response;
mod secret;

pub use basic::basic_authorization;
pub use grants::{
    AuthorizationCodeGrant, ClientCredentialsGrant, PkceCodeExchange, RefreshTokenGrant,
    Saml2BearerGrant,
};
pub use pkce::{AuthorizeUrl, PkceVerifier, ResponseType};
pub use response::{OAuthErrorResponse, TokenResponse};
pub use secret::{AuthorizationCode, SamlAssertion};
