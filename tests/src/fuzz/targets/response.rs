//! Every operation's `parse_response` (the 13 API operations and the 5 token grants) over arbitrary statuses
//! (100 to 999), headers (duplicates, garbage `Retry-After`, non-UTF-8 values) and bodies.
//!
//! Input: operation selector, status, header count, headers (name selector or name chunk, value chunk), body.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use genesys_cloud_core::ops::*;
use genesys_cloud_core::retry::{self, Attempts, Decision, Outcome, RetryAfter, RetryConfig};
use genesys_cloud_core::token::*;
use genesys_cloud_core::{ApiErrorBody, Operation, ResponseError, correlation_id};
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};

use super::{Secrets, compare, debug_leak, secret_values, without_secrets};
use crate::fuzz::input::{Reader, Writer};
use crate::fuzz::{normalize, normalize_path};

/// How many operations the selector byte chooses from.
pub(crate) const OPERATIONS: u8 = 18;

/// The header names the parsers read, and some they must ignore; a selector past the end reads a name chunk.
pub(crate) const HEADER_NAMES: &[&str] = &[
    "retry-after",
    "inin-correlation-id",
    "content-type",
    "content-length",
    "www-authenticate",
    "location",
    "set-cookie",
    "x-fuzz",
];

/// Builds an input of this target: the seeds use it.
pub(crate) fn encode(
    operation: u8,
    status: u16,
    headers: &[(&str, &[u8])],
    body: &[u8],
) -> Vec<u8> {
    let mut writer = Writer::default()
        .u8(operation)
        .u16(status.saturating_sub(100))
        .u8(headers.len() as u8);
    for (name, value) in headers {
        writer = match HEADER_NAMES.iter().position(|known| known == name) {
            Some(index) => writer.u8(index as u8),
            None => writer.u8(0xf0).chunk(name),
        };
        writer = writer.chunk(value);
    }
    writer.rest(body)
}

pub(crate) fn run(data: &[u8]) -> Result<String, String> {
    let mut reader = Reader::new(data);
    let operation = reader.u8() % OPERATIONS;
    let code = 100 + reader.u16() % 900;
    let status = StatusCode::from_u16(code).map_err(|error| format!("status {code}: {error}"))?;
    let mut headers = HeaderMap::new();
    for _ in 0..reader.u8() % 8 {
        let selector = usize::from(reader.u8() % 16);
        let name = match HEADER_NAMES.get(selector) {
            Some(name) => HeaderName::from_static(name),
            None => HeaderName::from_bytes(reader.chunk())
                .unwrap_or_else(|_| HeaderName::from_static("x-fuzz-invalid-name")),
        };
        // A value an HTTP stack could not deliver (control characters) is left out, as hyper would refuse it.
        if let Ok(value) = HeaderValue::from_bytes(reader.chunk()) {
            headers.append(name, value);
        }
    }
    let mut response = http::Response::new(Bytes::copy_from_slice(reader.rest()));
    *response.status_mut() = status;
    *response.headers_mut() = headers;
    match operation {
        0 => parse::<DeleteOauthClient>(response),
        1 => parse::<GetOauthAuthorization>(response),
        2 => parse::<GetOauthAuthorizations>(response),
        3 => parse::<GetOauthClient>(response),
        4 => parse::<GetOauthClientUsageQueryResult>(response),
        5 => parse::<GetOauthClientUsageSummary>(response),
        6 => parse::<GetOauthClients>(response),
        7 => parse::<GetOauthScope>(response),
        8 => parse::<GetOauthScopes>(response),
        9 => parse::<PostOauthClientSecret>(response),
        10 => parse::<PostOauthClientUsageQuery>(response),
        11 => parse::<PostOauthClients>(response),
        12 => parse::<PutOauthClient>(response),
        13 => parse::<ClientCredentialsGrant>(response),
        14 => parse::<AuthorizationCodeGrant>(response),
        15 => parse::<RefreshTokenGrant>(response),
        16 => parse::<PkceCodeExchange>(response),
        _ => parse::<Saml2BearerGrant>(response),
    }
}

fn parse<O: Operation>(response: http::Response<Bytes>) -> Result<String, String>
where
    O::Output: Secrets,
{
    let status = response.status();
    let expected_retry_after = RetryAfter::from_headers(response.headers());
    let expected_correlation = correlation_id(response.headers()).map(str::to_owned);
    let (parts, body) = response.into_parts();
    let response = http::Response::from_parts(parts.clone(), body.clone());
    let id = O::ID;
    let error = match O::parse_response(response) {
        Ok(output) => {
            if !status.is_success() {
                return Err(format!("{id}: status {status} parsed as a success"));
            }
            debug_leak(&format!("{id} output Debug"), &output)?;
            return Ok(format!("{id}:ok"));
        }
        Err(error) => error,
    };
    let shown = format!("{error} {error:?}");
    if error.status() != status {
        return Err(format!(
            "{id}: the error says status {} for {status}",
            error.status()
        ));
    }
    if error.correlation_id().map(str::to_owned) != expected_correlation {
        return Err(format!("{id}: the correlation id was not kept: {shown}"));
    }
    match &error {
        ResponseError::Api(api) => {
            if status.is_success() {
                return Err(format!("{id}: status {status} read as an API error"));
            }
            if api.retry_after != expected_retry_after {
                return Err(format!("{id}: Retry-After read differently: {shown}"));
            }
            let wait = retry_wait(
                O::IDEMPOTENT,
                status,
                api.retry_after_delay(SystemTime::now()),
            )?;
            let kind = match &api.body {
                ApiErrorBody::Genesys(_) => "genesys",
                ApiErrorBody::OAuth(_) => "oauth",
                ApiErrorBody::Json(_) => "json",
                ApiErrorBody::NotJson => "not-json",
                _ => "other",
            };
            Ok(format!(
                "{id}:api:{}xx:{kind}:{wait}",
                status.as_u16() / 100
            ))
        }
        ResponseError::Decode(decode) => {
            if !status.is_success() {
                return Err(format!("{id}: status {status} read as a decode error"));
            }
            // A 2xx body that fails to decode can still hold a secret (a create's answer): it must not show.
            let text = String::from_utf8_lossy(&body);
            let secrets = secret_values(&text);
            if !secrets.is_empty() {
                let cleaned = Bytes::from(without_secrets(&body, &secrets));
                let shown_without =
                    match O::parse_response(http::Response::from_parts(parts, cleaned)) {
                        Ok(_) => String::new(),
                        Err(error) => format!("{error} {error:?}"),
                    };
                compare(
                    &format!("{id} DecodeError"),
                    &secrets,
                    &shown,
                    &shown_without,
                )?;
            }
            Ok(format!(
                "{id}:decode:{}:{}",
                normalize_path(&decode.path),
                normalize(&decode.message)
            ))
        }
        _ => Ok(format!("{id}:other-error")),
    }
}

/// What the executor's retry policy makes of an error response; a wait longer than the policy allows is a bug.
fn retry_wait(
    idempotent: bool,
    status: StatusCode,
    retry_after: Option<Duration>,
) -> Result<&'static str, String> {
    let config = RetryConfig::default();
    let attempts = Attempts::new(1, Duration::ZERO);
    let outcome = Outcome::Response {
        status,
        retry_after,
    };
    match retry::decide(&config, attempts, idempotent, &outcome, 1.0) {
        Decision::RetryAfter(wait) if wait > config.max_retry_after.max(config.max_backoff) => Err(
            format!("a retry would wait {wait:?}, more than the configured maximum"),
        ),
        Decision::RetryAfter(_) => Ok("retry"),
        _ => Ok("stop"),
    }
}
