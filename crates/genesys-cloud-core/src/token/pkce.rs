//! PKCE (RFC 7636): the code verifier, its S256 challenge, and the authorize URL a browser is sent to.

use core::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};

use crate::environment::Environment;
use crate::error::BuildError;

/// A PKCE code verifier: 43 to 128 characters of `A-Z a-z 0-9 - . _ ~`. Redacted in `Debug`.
///
/// ```
/// use genesys_cloud_core::token::PkceVerifier;
///
/// // RFC 7636 appendix B.
/// let verifier = PkceVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")?;
/// assert_eq!(verifier.challenge_s256(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
/// # Ok::<(), genesys_cloud_core::BuildError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct PkceVerifier(String);

impl PkceVerifier {
    /// A verifier from 32 random bytes (43 characters). The caller supplies the randomness, from a
    /// cryptographically secure source, so this crate stays free of I/O.
    pub fn from_random_bytes(random: &[u8; 32]) -> Self {
        Self(URL_SAFE_NO_PAD.encode(random))
    }

    /// Checks and wraps a verifier made elsewhere.
    pub fn new(verifier: impl Into<String>) -> Result<Self, BuildError> {
        let verifier = verifier.into();
        let valid_chars = verifier
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
        if !(43..=128).contains(&verifier.len()) || !valid_chars {
            return Err(BuildError::InvalidParameter {
                name: "code_verifier",
                reason: "must be 43 to 128 characters of A-Z, a-z, 0-9, '-', '.', '_' and '~'",
            });
        }
        Ok(Self(verifier))
    }

    /// The S256 challenge: base64url (without padding) of the SHA-256 of the verifier.
    pub fn challenge_s256(&self) -> String {
        URL_SAFE_NO_PAD.encode(Sha256::digest(self.0.as_bytes()))
    }

    /// The verifier itself; keep it out of logs.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PkceVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PkceVerifier([redacted])")
    }
}

/// What the authorize endpoint returns to the redirect URI.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResponseType {
    /// `code`: an authorization code (the code and PKCE grants).
    Code,
    /// `token`: an access token in the URL fragment (the implicit grant).
    Token,
}

/// The URL of `/oauth/authorize` on the login host, where a user's browser is sent to sign in.
///
/// ```
/// use genesys_cloud_core::Environment;
/// use genesys_cloud_core::token::{AuthorizeUrl, PkceVerifier, ResponseType};
///
/// let verifier = PkceVerifier::from_random_bytes(&[7; 32]);
/// let url = AuthorizeUrl::new("my-client-id", "http://localhost:8080/callback", ResponseType::Code)
///     .with_pkce(&verifier)
///     .with_state("xyz")
///     .build(&Environment::default())?;
/// assert!(url.starts_with("https://login.mypurecloud.com/oauth/authorize?client_id=my-client-id&"));
/// assert!(url.contains("&code_challenge_method=S256"));
/// # Ok::<(), genesys_cloud_core::BuildError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "an authorize URL does nothing until it is built"]
pub struct AuthorizeUrl {
    client_id: String,
    redirect_uri: String,
    response_type: ResponseType,
    code_challenge: Option<String>,
    state: Option<String>,
    org_and_provider: Option<(String, String)>,
    prompt_login: bool,
}

impl AuthorizeUrl {
    /// The authorize URL for a client, its registered redirect URI, and the response type.
    pub fn new(
        client_id: impl Into<String>,
        redirect_uri: impl Into<String>,
        response_type: ResponseType,
    ) -> Self {
        Self {
            client_id: client_id.into(),
            redirect_uri: redirect_uri.into(),
            response_type,
            code_challenge: None,
            state: None,
            org_and_provider: None,
            prompt_login: false,
        }
    }

    /// Adds the S256 challenge of `verifier`; exchange the code with [`PkceCodeExchange`](super::PkceCodeExchange).
    pub fn with_pkce(mut self, verifier: &PkceVerifier) -> Self {
        self.code_challenge = Some(verifier.challenge_s256());
        self
    }

    /// Adds an opaque `state` the redirect brings back, to tie it to this request.
    pub fn with_state(mut self, state: impl Into<String>) -> Self {
        self.state = Some(state.into());
        self
    }

    /// Sends the user straight to an organization's identity provider; the two go together.
    pub fn with_org_and_provider(
        mut self,
        org: impl Into<String>,
        provider: impl Into<String>,
    ) -> Self {
        self.org_and_provider = Some((org.into(), provider.into()));
        self
    }

    /// Asks the user to sign in again even with a session (`prompt=login`).
    pub fn with_prompt_login(mut self) -> Self {
        self.prompt_login = true;
        self
    }

    /// The URL, on the environment's login host.
    pub fn build(&self, environment: &Environment) -> Result<String, BuildError> {
        if self.client_id.is_empty() {
            return Err(BuildError::InvalidParameter {
                name: "client_id",
                reason: "must not be empty",
            });
        }
        let mut query = form_urlencoded::Serializer::new(String::new());
        query.append_pair("client_id", &self.client_id);
        query.append_pair(
            "response_type",
            match self.response_type {
                ResponseType::Code => "code",
                ResponseType::Token => "token",
            },
        );
        query.append_pair("redirect_uri", &self.redirect_uri);
        if let Some(challenge) = &self.code_challenge {
            query.append_pair("code_challenge", challenge);
            query.append_pair("code_challenge_method", "S256");
        }
        if let Some(state) = &self.state {
            query.append_pair("state", state);
        }
        if let Some((org, provider)) = &self.org_and_provider {
            query.append_pair("org", org);
            query.append_pair("provider", provider);
        }
        if self.prompt_login {
            query.append_pair("prompt", "login");
        }
        let uri = environment
            .login()
            .join(&format!("/oauth/authorize?{}", query.finish()))?;
        Ok(uri.to_string())
    }
}
