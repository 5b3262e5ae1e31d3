//! Request building with hostile ids, header values and bodies, for every operation and grant.
//!
//! A path parameter must come out as exactly one segment that decodes back to the value, on the environment's
//! host; only an empty id, `.` or `..` (and a header value with control characters) may be refused, and then
//! with a typed build error that does not show a secret.
//!
//! Input: operation selector, id chunk, second text chunk, a number, and the rest as a third text.

use genesys_cloud_core::ops::*;
use genesys_cloud_core::token::*;
use genesys_cloud_core::{Auth, BearerHeader, BuildError, Environment, Operation};
use genesys_cloud_models::{
    AccessToken, ApiUsageClientQuery, ClientSecret, GrantType, OAuthClientRequest, RefreshToken,
};

use crate::fuzz::input::Reader;

/// How many operations the selector chooses from.
pub(crate) const OPERATIONS: u8 = 18;

/// One part of an expected path: a literal segment, or a parameter's value.
#[derive(Clone, Copy)]
enum Part<'a> {
    Literal(&'a str),
    Param(&'a str),
}
use Part::{Literal, Param};

pub(crate) fn run(data: &[u8]) -> Result<String, String> {
    let mut reader = Reader::new(data);
    let operation = reader.u8() % OPERATIONS;
    let id = reader.text();
    let second = reader.text();
    let number = reader.u32();
    let third = String::from_utf8_lossy(reader.rest()).into_owned();
    let clients = [
        Literal("api"),
        Literal("v2"),
        Literal("oauth"),
        Literal("clients"),
    ];
    let outcome = match operation {
        0 => api(
            &GetOauthClient::new(&id),
            &[&clients[..], &[Param(&id)]].concat(),
            None,
            &[&id],
            None,
        ),
        1 => api(
            &DeleteOauthClient::new(&id),
            &[&clients[..], &[Param(&id)]].concat(),
            None,
            &[&id],
            None,
        ),
        2 => api(
            &PostOauthClientSecret::new(&id),
            &[&clients[..], &[Param(&id), Literal("secret")]].concat(),
            None,
            &[&id],
            None,
        ),
        3 => {
            let query = format!("days={number}");
            api(
                &GetOauthClientUsageSummary::new(&id).with_days(number),
                &[
                    &clients[..],
                    &[Param(&id), Literal("usage"), Literal("summary")],
                ]
                .concat(),
                Some(&query),
                &[&id],
                None,
            )
        }
        4 => api(
            &PostOauthClientUsageQuery::new(&id, ApiUsageClientQuery::new(second.as_str())),
            &[
                &clients[..],
                &[Param(&id), Literal("usage"), Literal("query")],
            ]
            .concat(),
            None,
            &[&id],
            None,
        ),
        5 => api(
            &GetOauthClientUsageQueryResult::new(&id, &second),
            &[
                &clients[..],
                &[
                    Param(&id),
                    Literal("usage"),
                    Literal("query"),
                    Literal("results"),
                    Param(&second),
                ],
            ]
            .concat(),
            None,
            &[&id, &second],
            None,
        ),
        6 => api(
            &GetOauthAuthorization::new(&id).with_accept_language(&second),
            &[
                Literal("api"),
                Literal("v2"),
                Literal("oauth"),
                Literal("authorizations"),
                Param(&id),
            ],
            None,
            &[&id],
            Some(&second),
        ),
        7 => api(
            &GetOauthScope::new(&id).with_accept_language(&second),
            &[
                Literal("api"),
                Literal("v2"),
                Literal("oauth"),
                Literal("scopes"),
                Param(&id),
            ],
            None,
            &[&id],
            Some(&second),
        ),
        8 => api(
            &GetOauthScopes::new().with_accept_language(&second),
            &[
                Literal("api"),
                Literal("v2"),
                Literal("oauth"),
                Literal("scopes"),
            ],
            None,
            &[],
            Some(&second),
        ),
        9 => api(
            &GetOauthAuthorizations::new().with_accept_language(&second),
            &[
                Literal("api"),
                Literal("v2"),
                Literal("oauth"),
                Literal("authorizations"),
            ],
            None,
            &[],
            Some(&second),
        ),
        10 => {
            let body = OAuthClientRequest::new(second.as_str(), GrantType::from(third.as_str()));
            let operation = PutOauthClient::new(&id, body.clone());
            api(
                &operation,
                &[&clients[..], &[Param(&id)]].concat(),
                None,
                &[&id],
                None,
            )
            .and_then(|outcome| same_body(&operation, &body).map(|()| outcome))
        }
        11 => {
            let body = OAuthClientRequest::new(id.as_str(), GrantType::from(second.as_str()))
                .with_description(third.as_str());
            let operation = PostOauthClients::new(body.clone());
            api(&operation, &clients, None, &[], None)
                .and_then(|outcome| same_body(&operation, &body).map(|()| outcome))
        }
        12 => {
            let page_number = number as i32;
            let page_size = i32::from(reader_size(&second));
            let query = format!("pageSize={page_size}&pageNumber={page_number}");
            api(
                &GetOauthClients::new().with_page(page_number, page_size),
                &clients,
                Some(&query),
                &[],
                None,
            )
        }
        13 => grant(
            &ClientCredentialsGrant::new(&id, ClientSecret::new(second.as_str())),
            Some((&id, &second)),
            &[("grant_type", "client_credentials")],
            &[&id],
        ),
        14 => grant(
            &AuthorizationCodeGrant::new(
                &id,
                ClientSecret::new(third.as_str()),
                AuthorizationCode::new(second.as_str()),
                third.as_str(),
            ),
            Some((&id, &third)),
            &[
                ("grant_type", "authorization_code"),
                ("code", &second),
                ("redirect_uri", &third),
            ],
            &[&id, &second],
        ),
        15 => grant(
            &RefreshTokenGrant::new(
                &id,
                ClientSecret::new(third.as_str()),
                RefreshToken::new(second.as_str()),
            ),
            Some((&id, &third)),
            &[("grant_type", "refresh_token"), ("refresh_token", &second)],
            &[&id, &second],
        ),
        16 => match PkceVerifier::new(second.as_str()) {
            Ok(verifier) => grant(
                &PkceCodeExchange::new(
                    &id,
                    AuthorizationCode::new(third.as_str()),
                    verifier,
                    "https://app/cb",
                ),
                None,
                &[
                    ("grant_type", "authorization_code"),
                    ("code", &third),
                    ("code_verifier", &second),
                    ("client_id", &id),
                ],
                &[&id, &third],
            ),
            Err(error) => typed(&error).map(|()| "verifier-refused".to_owned()),
        },
        _ => grant(
            &Saml2BearerGrant::new(
                &id,
                ClientSecret::new(third.as_str()),
                second.as_str(),
                SamlAssertion::new(third.as_str()),
            ),
            Some((&id, &third)),
            &[("orgName", &second), ("assertion", &third)],
            &[&id, &second],
        ),
    }?;
    Ok(format!("op{operation}:{outcome}"))
}

/// A small page size from the text, so the query stays predictable.
fn reader_size(text: &str) -> i16 {
    text.bytes().fold(0i16, |size, byte| {
        size.wrapping_mul(31).wrapping_add(i16::from(byte))
    })
}

/// Checks a built API request against the expected path, query and `Accept-Language`.
///
/// `required` are the values that, when empty, `.` or `..`, make the build fail; `language` may fail the build
/// when it holds characters no header may hold.
fn api<O: Operation>(
    operation: &O,
    expected: &[Part<'_>],
    query: Option<&str>,
    required: &[&str],
    language: Option<&str>,
) -> Result<String, String> {
    let token = BearerHeader::new(&AccessToken::new("token")).map_err(|error| error.to_string())?;
    let request = match operation.to_http_request(&Environment::default(), Auth::Bearer(&token)) {
        Ok(request) => request,
        Err(error) => {
            typed(&error)?;
            let refusable = required
                .iter()
                .any(|value| matches!(*value, "" | "." | ".."))
                || language.is_some_and(|language| http::HeaderValue::from_str(language).is_err());
            if !refusable {
                return Err(format!("{}: refused valid input: {error}", O::ID));
            }
            return Ok("refused".to_owned());
        }
    };
    let uri = request.uri();
    if uri.scheme_str() != Some("https") || uri.host() != Some("api.mypurecloud.com") {
        return Err(format!("{}: the request went to {uri}", O::ID));
    }
    if uri.query() != query {
        return Err(format!(
            "{}: query {:?}, expected {query:?}",
            O::ID,
            uri.query()
        ));
    }
    let segments: Vec<&str> = uri.path().trim_start_matches('/').split('/').collect();
    if segments.len() != expected.len() {
        return Err(format!(
            "{}: {} is not {} segments",
            O::ID,
            uri.path(),
            expected.len()
        ));
    }
    for (segment, part) in segments.iter().zip(expected) {
        let ok = match part {
            Literal(literal) => segment == literal,
            Param(value) => percent_decode(segment).as_deref() == Some(*value),
        };
        if !ok {
            return Err(format!("{}: segment {segment:?} of {}", O::ID, uri.path()));
        }
    }
    let sent_language = request.headers().get(http::header::ACCEPT_LANGUAGE);
    if let Some(language) = language {
        if sent_language.map(http::HeaderValue::as_bytes) != Some(language.as_bytes()) {
            return Err(format!(
                "{}: Accept-Language {language:?} sent as {sent_language:?}",
                O::ID
            ));
        }
    }
    Ok("built".to_owned())
}

/// The JSON body of a create or update must parse back to the request it was built from.
fn same_body<O: Operation>(operation: &O, body: &OAuthClientRequest) -> Result<(), String> {
    let token = BearerHeader::new(&AccessToken::new("token")).map_err(|error| error.to_string())?;
    let Ok(request) = operation.to_http_request(&Environment::default(), Auth::Bearer(&token))
    else {
        return Ok(());
    };
    let sent: OAuthClientRequest = serde_json::from_slice(request.body())
        .map_err(|error| format!("{}: the body does not parse back: {error}", O::ID))?;
    if &sent != body {
        return Err(format!("{}: the body changed on the way: {sent:?}", O::ID));
    }
    Ok(())
}

/// Checks a built token request: the login host, `/oauth/token`, the Basic credentials and the form fields.
fn grant<O: Operation>(
    operation: &O,
    basic: Option<(&str, &str)>,
    fields: &[(&str, &str)],
    required: &[&str],
) -> Result<String, String> {
    let request = match operation.to_http_request(&Environment::default(), Auth::None) {
        Ok(request) => request,
        Err(error) => {
            typed(&error)?;
            if !required.iter().any(|value| value.is_empty()) {
                return Err(format!("a grant refused valid input: {error}"));
            }
            return Ok("refused".to_owned());
        }
    };
    let uri = request.uri();
    if uri.host() != Some("login.mypurecloud.com")
        || uri.path() != "/oauth/token"
        || uri.query().is_some()
    {
        return Err(format!("a grant went to {uri}"));
    }
    let form: Vec<(String, String)> = form_urlencoded::parse(request.body())
        .into_owned()
        .collect();
    for (key, value) in fields {
        let found: Vec<&str> = form
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect();
        if found != [*value] {
            return Err(format!("form field {key} is {found:?}, expected {value:?}"));
        }
    }
    let authorization = request.headers().get(http::header::AUTHORIZATION);
    match (basic, authorization) {
        (Some(_), None) => return Err("a confidential grant has no Authorization".to_owned()),
        (None, Some(_)) => return Err("a public grant sent Authorization".to_owned()),
        (Some(_), Some(value)) if !value.is_sensitive() => {
            return Err("the Basic header is not marked sensitive".to_owned());
        }
        _ => {}
    }
    Ok("built".to_owned())
}

/// A build error must be one of the typed variants for bad input, whose messages are static text (so they cannot
/// show a secret).
fn typed(error: &BuildError) -> Result<(), String> {
    match error {
        BuildError::InvalidParameter { .. } | BuildError::InvalidHeaderValue { .. } => Ok(()),
        other => Err(format!("unexpected build error: {other}")),
    }
}

/// Decodes the `%XX` escapes of a segment; `None` when they are malformed or not UTF-8.
fn percent_decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = segment.get(index + 1..index + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).ok()
}
