//! The OAuth grants, each an [`Operation`] against the login host's `/oauth/token`.

use bytes::Bytes;
use genesys_cloud_models::{ClientSecret, RefreshToken};
use http::HeaderValue;
use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, USER_AGENT};

use super::basic::basic_authorization;
use super::pkce::PkceVerifier;
use super::response::TokenResponse;
use super::secret::{AuthorizationCode, SamlAssertion};
use crate::environment::Environment;
use crate::error::{BuildError, ResponseError};
use crate::operation::{Auth, Operation};
use crate::request::USER_AGENT_VALUE;
use crate::response;

const TOKEN_PATH: &str = "/oauth/token";

/// Builds `POST /oauth/token` with a form body, optionally authenticated with HTTP Basic.
fn token_request(
    environment: &Environment,
    form: &[(&str, &str)],
    basic: Option<(&str, &ClientSecret)>,
) -> Result<http::Request<Bytes>, BuildError> {
    let mut body = form_urlencoded::Serializer::new(String::new());
    for (name, value) in form {
        body.append_pair(name, value);
    }
    let mut builder = http::Request::builder()
        .method(http::Method::POST)
        .uri(environment.login().join(TOKEN_PATH)?)
        .header(ACCEPT, HeaderValue::from_static("application/json"))
        .header(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        )
        .header(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));
    if let Some((client_id, client_secret)) = basic {
        builder = builder.header(AUTHORIZATION, basic_authorization(client_id, client_secret));
    }
    builder
        .body(Bytes::from(body.finish()))
        .map_err(BuildError::Http)
}

fn require(name: &'static str, value: &str) -> Result<(), BuildError> {
    if value.is_empty() {
        Err(BuildError::InvalidParameter {
            name,
            reason: "must not be empty",
        })
    } else {
        Ok(())
    }
}

macro_rules! token_operation {
    ($ty:ty, $idempotent:expr) => {
        impl Operation for $ty {
            type Output = TokenResponse;

            const ID: &'static str = "postOauthToken";
            const METHOD: http::Method = http::Method::POST;
            const PATH: &'static str = TOKEN_PATH;
            const IDEMPOTENT: bool = $idempotent;
            const PERMISSIONS: &'static [&'static str] = &[];
            const AUTHENTICATED: bool = false;

            fn to_http_request(
                &self,
                environment: &Environment,
                _auth: Auth<'_>,
            ) -> Result<http::Request<Bytes>, BuildError> {
                self.build(environment)
            }

            fn parse_response(
                response: http::Response<Bytes>,
            ) -> Result<TokenResponse, ResponseError> {
                response::json(response)
            }
        }
    };
}

/// The client credentials grant: a token for the client itself, with the roles of its role divisions.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "a grant does nothing until it is built into a request and sent"]
pub struct ClientCredentialsGrant {
    client_id: String,
    client_secret: ClientSecret,
}

impl ClientCredentialsGrant {
    /// The grant for a client id and secret.
    pub fn new(client_id: impl Into<String>, client_secret: ClientSecret) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret,
        }
    }

    /// The client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    fn build(&self, environment: &Environment) -> Result<http::Request<Bytes>, BuildError> {
        require("client_id", &self.client_id)?;
        token_request(
            environment,
            &[("grant_type", "client_credentials")],
            Some((&self.client_id, &self.client_secret)),
        )
    }
}

// Asking again for a client-credentials token changes nothing on the server.
token_operation!(ClientCredentialsGrant, true);

/// The authorization code grant: exchanges the code a user's browser brought back for tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "a grant does nothing until it is built into a request and sent"]
pub struct AuthorizationCodeGrant {
    client_id: String,
    client_secret: ClientSecret,
    code: AuthorizationCode,
    redirect_uri: String,
}

impl AuthorizationCodeGrant {
    /// The grant for a confidential client, the code, and the redirect URI the code was sent to.
    pub fn new(
        client_id: impl Into<String>,
        client_secret: ClientSecret,
        code: AuthorizationCode,
        redirect_uri: impl Into<String>,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret,
            code,
            redirect_uri: redirect_uri.into(),
        }
    }

    fn build(&self, environment: &Environment) -> Result<http::Request<Bytes>, BuildError> {
        require("client_id", &self.client_id)?;
        require("code", self.code.expose_secret())?;
        token_request(
            environment,
            &[
                ("grant_type", "authorization_code"),
                ("code", self.code.expose_secret()),
                ("redirect_uri", &self.redirect_uri),
            ],
            Some((&self.client_id, &self.client_secret)),
        )
    }
}

// A code is single-use: a second exchange fails, so a lost answer must not be retried blindly.
token_operation!(AuthorizationCodeGrant, false);

/// The refresh token grant: a new access token from a refresh token.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "a grant does nothing until it is built into a request and sent"]
pub struct RefreshTokenGrant {
    client_id: String,
    /// `None` for a public client, which names itself in the form instead of authenticating.
    client_secret: Option<ClientSecret>,
    refresh_token: RefreshToken,
}

impl RefreshTokenGrant {
    /// The grant for a confidential client and its refresh token.
    pub fn new(
        client_id: impl Into<String>,
        client_secret: ClientSecret,
        refresh_token: RefreshToken,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: Some(client_secret),
            refresh_token,
        }
    }

    /// The grant for a public client (a PKCE login) and its refresh token: the client id goes in the form, as
    /// RFC 6749 §6 has a client that does not authenticate send it, and no secret is sent.
    pub fn public(client_id: impl Into<String>, refresh_token: RefreshToken) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: None,
            refresh_token,
        }
    }

    fn build(&self, environment: &Environment) -> Result<http::Request<Bytes>, BuildError> {
        require("client_id", &self.client_id)?;
        require("refresh_token", self.refresh_token.expose_secret())?;
        let mut form = vec![
            ("grant_type", "refresh_token"),
            ("refresh_token", self.refresh_token.expose_secret()),
        ];
        if self.client_secret.is_none() {
            form.push(("client_id", &self.client_id));
        }
        token_request(
            environment,
            &form,
            self.client_secret
                .as_ref()
                .map(|secret| (self.client_id.as_str(), secret)),
        )
    }
}

// Refresh tokens may rotate on use, so a lost answer must not be retried blindly.
token_operation!(RefreshTokenGrant, false);

/// The PKCE code exchange: the authorization code grant for public clients, proven by the code verifier.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "a grant does nothing until it is built into a request and sent"]
pub struct PkceCodeExchange {
    client_id: String,
    code: AuthorizationCode,
    code_verifier: PkceVerifier,
    redirect_uri: String,
}

impl PkceCodeExchange {
    /// The exchange for a public client, the code, the verifier whose challenge went into the authorize URL,
    /// and the redirect URI.
    pub fn new(
        client_id: impl Into<String>,
        code: AuthorizationCode,
        code_verifier: PkceVerifier,
        redirect_uri: impl Into<String>,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            code,
            code_verifier,
            redirect_uri: redirect_uri.into(),
        }
    }

    fn build(&self, environment: &Environment) -> Result<http::Request<Bytes>, BuildError> {
        require("client_id", &self.client_id)?;
        require("code", self.code.expose_secret())?;
        token_request(
            environment,
            &[
                ("grant_type", "authorization_code"),
                ("code", self.code.expose_secret()),
                ("code_verifier", self.code_verifier.expose_secret()),
                ("client_id", &self.client_id),
                ("redirect_uri", &self.redirect_uri),
            ],
            None,
        )
    }
}

token_operation!(PkceCodeExchange, false);

/// The SAML2 bearer grant: a token for the user of a SAML assertion from the organization's identity provider.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "a grant does nothing until it is built into a request and sent"]
pub struct Saml2BearerGrant {
    client_id: String,
    client_secret: ClientSecret,
    org_name: String,
    assertion: SamlAssertion,
}

impl Saml2BearerGrant {
    /// The grant for a confidential client, the organization's short name and a base64 SAML assertion.
    pub fn new(
        client_id: impl Into<String>,
        client_secret: ClientSecret,
        org_name: impl Into<String>,
        assertion: SamlAssertion,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret,
            org_name: org_name.into(),
            assertion,
        }
    }

    fn build(&self, environment: &Environment) -> Result<http::Request<Bytes>, BuildError> {
        require("client_id", &self.client_id)?;
        require("orgName", &self.org_name)?;
        token_request(
            environment,
            &[
                (
                    "grant_type",
                    "urn:ietf:params:oauth:grant-type:saml2-bearer",
                ),
                ("orgName", &self.org_name),
                ("assertion", self.assertion.expose_secret()),
            ],
            Some((&self.client_id, &self.client_secret)),
        )
    }
}

token_operation!(Saml2BearerGrant, false);
