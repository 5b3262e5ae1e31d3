//! `POST /oauth/token`: the client credentials grant, with the client authenticated by HTTP Basic
//! (RFC 6749 §2.3.1) or by `client_id` and `client_secret` in the form.

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use bytes::Bytes;
use http::header::{AUTHORIZATION, CACHE_CONTROL, HeaderValue, PRAGMA, WWW_AUTHENTICATE};
use http::{HeaderMap, Request, StatusCode};
use http_body::Body;
use serde::Serialize;

use super::{media_type, raw_body};
use crate::app_state::Shared;
use crate::lock;
use crate::reply::Reply;
use crate::store::LoginError;

#[derive(Serialize)]
pub(super) struct TokenResponse<'a> {
    pub(super) access_token: &'a str,
    pub(super) token_type: &'static str,
    pub(super) expires_in: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) refresh_token: Option<&'a str>,
}

/// The OAuth error body; `description` repeats `error_description` as the platform does (the Go SDK reads it).
#[derive(Serialize)]
struct OAuthError<'a> {
    error: &'a str,
    description: &'a str,
    error_description: &'a str,
}

pub(super) fn oauth_error(status: StatusCode, error: &str, description: &str) -> Reply {
    let reply = Reply::json(
        status,
        &OAuthError {
            error,
            description,
            error_description: description,
        },
    )
    .with_header(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if status == StatusCode::UNAUTHORIZED {
        reply.with_header(
            WWW_AUTHENTICATE,
            HeaderValue::from_static("Basic realm=\"genesys-cloud-emulator\""),
        )
    } else {
        reply
    }
}

pub(super) fn invalid_client(description: &str) -> Reply {
    oauth_error(StatusCode::UNAUTHORIZED, "invalid_client", description)
}

pub(super) fn invalid_request(description: &str) -> Reply {
    oauth_error(StatusCode::BAD_REQUEST, "invalid_request", description)
}

/// Decodes the `application/x-www-form-urlencoded` form of an id or secret, as RFC 6749 §2.3.1 asks.
fn form_decode(value: &str) -> String {
    percent_encoding::percent_decode_str(&value.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

/// The id and secret of an `Authorization: Basic` header, to try in order: as sent (`curl -u id:pa+ss`),
/// then form-decoded when that differs (RFC 6749 §2.3.1); `Ok(None)` when there is no header.
fn basic_credentials(headers: &HeaderMap) -> Result<Option<Vec<(String, String)>>, Reply> {
    let Some(value) = headers.get(AUTHORIZATION) else {
        return Ok(None);
    };
    let malformed =
        || invalid_client("The Authorization header is not valid HTTP Basic credentials");
    let value = value.to_str().map_err(|_| malformed())?.trim();
    let (scheme, encoded) = value.split_once(' ').ok_or_else(malformed)?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return Err(malformed());
    }
    let encoded = encoded.trim();
    let decoded = STANDARD
        .decode(encoded)
        .or_else(|_| STANDARD_NO_PAD.decode(encoded))
        .map_err(|_| malformed())?;
    let decoded = String::from_utf8(decoded).map_err(|_| malformed())?;
    let (id, secret) = decoded.split_once(':').ok_or_else(malformed)?;
    let raw = (id.to_owned(), secret.to_owned());
    let decoded = (form_decode(id), form_decode(secret));
    let mut candidates = vec![raw];
    if decoded != candidates[0] {
        candidates.push(decoded);
    }
    Ok(Some(candidates))
}

pub(super) async fn handle<B>(shared: &Arc<Shared>, request: Request<B>) -> Result<Reply, Reply>
where
    B: Body<Data = Bytes> + Unpin,
{
    if let Some(media) = media_type(request.headers()) {
        if media != "application/x-www-form-urlencoded" {
            return Err(invalid_request(
                "The request body must be application/x-www-form-urlencoded",
            ));
        }
    }
    let basic = basic_credentials(request.headers())?;
    let body = raw_body(request).await?;
    let form: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    // RFC 6749 §3.2: a parameter is never sent twice; reading the first of two would accept what the
    // platform may refuse (and hide which value counted).
    let mut seen = std::collections::HashSet::new();
    if let Some((name, _)) = form.iter().find(|(name, _)| !seen.insert(name.as_str())) {
        return Err(invalid_request(&format!("{name} is given more than once")));
    }
    let field = |name: &str| {
        form.iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    let grant_type = field("grant_type")
        .filter(|grant| !grant.is_empty())
        .ok_or_else(|| invalid_request("grant_type is required"))?;
    match grant_type {
        "client_credentials" => {}
        "authorization_code" | "refresh_token" => {
            return super::token_grants::handle(shared, grant_type, basic, &form);
        }
        super::token_saml::SAML2_BEARER => {
            return super::token_saml::handle(shared, basic, &form);
        }
        _ => {
            return Err(oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                "The emulator supports the client_credentials, authorization_code, refresh_token and \
                 urn:ietf:params:oauth:grant-type:saml2-bearer grants",
            ));
        }
    }
    let candidates = match (basic, field("client_id"), field("client_secret")) {
        (Some(candidates), _, _) => candidates,
        (None, Some(id), Some(secret)) => vec![(id.to_owned(), secret.to_owned())],
        _ => {
            return Err(invalid_client(
                "Client authentication is required: HTTP Basic, or client_id and client_secret",
            ));
        }
    };
    let (token, lifetime) = {
        let mut store = lock(&shared.store);
        let now = shared.clock.now();
        // The first reading of the credentials that names a client with that secret decides.
        let mut outcome = Err(LoginError::BadCredentials);
        let mut id = "";
        for (candidate_id, secret) in &candidates {
            outcome = store
                .login(candidate_id, secret, now)
                .map(|client| client.access_token_validity_seconds);
            id = candidate_id;
            if !matches!(outcome, Err(LoginError::BadCredentials)) {
                break;
            }
        }
        let validity_seconds = outcome.map_err(|e| match e {
            LoginError::BadCredentials => invalid_client("Invalid client credentials"),
            LoginError::WrongGrantType(grant) => oauth_error(
                StatusCode::BAD_REQUEST,
                "unauthorized_client",
                &format!("The client uses the {grant} grant, not CLIENT-CREDENTIALS"),
            ),
            LoginError::NotActive(state) => oauth_error(
                StatusCode::BAD_REQUEST,
                "unauthorized_client",
                &format!("The client is {state}"),
            ),
        })?;
        let validity = validity_seconds
            .and_then(|seconds| u64::try_from(seconds).ok())
            .map_or(Duration::MAX, Duration::from_secs);
        let lifetime = shared
            .settings
            .token_lifetime
            .min(validity)
            .max(Duration::from_secs(1));
        (store.issue_token(id, lifetime, now), lifetime)
    };
    lock(&shared.stats).tokens_issued += 1;
    Ok(Reply::ok(&TokenResponse {
        access_token: &token,
        token_type: "bearer",
        expires_in: lifetime.as_secs(),
        refresh_token: None,
    })
    .with_header(CACHE_CONTROL, HeaderValue::from_static("no-store"))
    .with_header(PRAGMA, HeaderValue::from_static("no-cache")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_credentials_are_tried_raw_then_form_decoded() {
        let mut headers = HeaderMap::new();
        assert_eq!(basic_credentials(&headers).ok(), Some(None));
        let encoded = STANDARD.encode("my%3Aid:p%40ss+word:x");
        headers.insert(AUTHORIZATION, format!("Basic {encoded}").parse().unwrap());
        let candidates = basic_credentials(&headers).ok().flatten().unwrap();
        assert_eq!(
            candidates,
            [
                ("my%3Aid".to_owned(), "p%40ss+word:x".to_owned()),
                ("my:id".to_owned(), "p@ss word:x".to_owned()),
            ]
        );
        let encoded = STANDARD.encode("id:plain");
        headers.insert(AUTHORIZATION, format!("Basic {encoded}").parse().unwrap());
        let candidates = basic_credentials(&headers).ok().flatten().unwrap();
        assert_eq!(candidates, [("id".to_owned(), "plain".to_owned())]);
        headers.insert(AUTHORIZATION, "Basic !!!".parse().unwrap());
        assert!(basic_credentials(&headers).is_err());
        headers.insert(
            AUTHORIZATION,
            format!("Basic {}", STANDARD.encode("nocolon"))
                .parse()
                .unwrap(),
        );
        assert!(basic_credentials(&headers).is_err());
    }
}
