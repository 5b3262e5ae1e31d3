//! The fuzz targets, one family of inputs each, and the secret-leak check they share.

pub(crate) mod model;
pub(crate) mod paging;
pub(crate) mod request;
pub(crate) mod response;
pub(crate) mod text;

use core::fmt::Debug;

use genesys_cloud_core::token::{OAuthErrorResponse, TokenResponse};
use genesys_cloud_models::*;

/// The secret values a parsed value holds, and how to blank them, so that a leak check can compare the `Debug`
/// output with and without them (a secret that happens to equal a type or field name is not a leak).
pub(crate) trait Secrets: Clone + Debug {
    fn secrets(&self) -> Vec<String> {
        Vec::new()
    }

    fn clear_secrets(&mut self) {}
}

impl Secrets for OAuthClient {
    fn secrets(&self) -> Vec<String> {
        self.secret
            .iter()
            .map(|s| s.expose_secret().to_owned())
            .collect()
    }

    fn clear_secrets(&mut self) {
        self.secret = None;
    }
}

impl Secrets for OAuthClientListing {
    fn secrets(&self) -> Vec<String> {
        self.secret
            .iter()
            .map(|s| s.expose_secret().to_owned())
            .collect()
    }

    fn clear_secrets(&mut self) {
        self.secret = None;
    }
}

impl Secrets for OAuthClientEntityListing {
    fn secrets(&self) -> Vec<String> {
        self.entities
            .iter()
            .flatten()
            .flat_map(Secrets::secrets)
            .collect()
    }

    fn clear_secrets(&mut self) {
        self.entities
            .iter_mut()
            .flatten()
            .for_each(Secrets::clear_secrets);
    }
}

impl Secrets for TokenResponse {
    fn secrets(&self) -> Vec<String> {
        let refresh = self
            .refresh_token
            .iter()
            .map(|t| t.expose_secret().to_owned());
        std::iter::once(self.access_token.expose_secret().to_owned())
            .chain(refresh)
            .collect()
    }

    fn clear_secrets(&mut self) {
        self.access_token = AccessToken::new("");
        self.refresh_token = None;
    }
}

macro_rules! no_secrets {
    ($($ty:ty),+ $(,)?) => {
        $(impl Secrets for $ty {})+
    };
}

no_secrets!(
    (),
    OAuthClientRequest,
    OAuthAuthorization,
    OAuthAuthorizationListing,
    OAuthScope,
    OAuthScopeListing,
    ApiUsageClientQuery,
    ApiUsageQueryResult,
    ApiUsageRow,
    Cursors,
    UsageExecutionResult,
    ErrorBody,
    Detail,
    Limit,
    DomainEntityRef,
    RoleDivision,
    OAuthErrorResponse,
    Timestamp,
    GrantType,
    ClientState,
    AuthorizationState,
    Granularity,
    UsageMetric,
    UsageGroupBy,
    QueryStatus,
    LimitNamespace,
);

/// Fails if `Debug` of `value` shows one of its secrets more often than `Debug` of the value without them.
pub(crate) fn debug_leak<T: Secrets>(what: &str, value: &T) -> Result<(), String> {
    let secrets = value.secrets();
    if secrets.is_empty() {
        return Ok(());
    }
    let mut cleared = value.clone();
    cleared.clear_secrets();
    compare(
        what,
        &secrets,
        &format!("{value:?}"),
        &format!("{cleared:?}"),
    )
}

/// Fails if `shown` holds one of `secrets` more often than `shown_without`, the same output for an input without
/// the secrets. Secrets shorter than four characters are too likely to occur by chance to say anything.
pub(crate) fn compare(
    what: &str,
    secrets: &[String],
    shown: &str,
    shown_without: &str,
) -> Result<(), String> {
    for secret in secrets.iter().filter(|secret| secret.len() >= 4) {
        if shown.matches(secret.as_str()).count() > shown_without.matches(secret.as_str()).count() {
            return Err(format!("{what} shows the secret value {secret:?}"));
        }
    }
    Ok(())
}

/// The strings of a JSON body that follow a secret key (`"secret":"`, `"access_token":"`, `"refresh_token":"`)
/// and occur exactly once in it, for bodies that do not parse into a value.
pub(crate) fn secret_values(body: &str) -> Vec<String> {
    let mut values = Vec::new();
    for key in [
        "\"secret\":\"",
        "\"access_token\":\"",
        "\"refresh_token\":\"",
    ] {
        let mut rest = body;
        while let Some(at) = rest.find(key) {
            let after = &rest[at + key.len()..];
            let value = after.split('"').next().unwrap_or_default();
            if !value.contains('\\') && body.matches(value).count() == 1 {
                values.push(value.to_owned());
            }
            rest = after;
        }
    }
    values
}

/// `body` with the bytes of each of `secrets` replaced by as many `z`s: the same document, byte for byte, but
/// for the secrets. Working on bytes matters: a body that is not valid UTF-8 must stay exactly as invalid, or
/// the parser's error (such as "invalid unicode code point") would change and be taken for a leak.
pub(crate) fn without_secrets(body: &[u8], secrets: &[String]) -> Vec<u8> {
    let mut cleaned = body.to_vec();
    for secret in secrets
        .iter()
        .map(String::as_bytes)
        .filter(|secret| !secret.is_empty())
    {
        let mut at = 0;
        while let Some(found) = cleaned[at..]
            .windows(secret.len())
            .position(|window| window == secret)
        {
            let start = at + found;
            cleaned[start..start + secret.len()].fill(b'z');
            at = start + secret.len();
        }
    }
    cleaned
}
