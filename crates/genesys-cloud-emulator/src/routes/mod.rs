//! Routing: which operation a request names, who makes it, whether it may, and the handlers.

mod authorizations;
mod authorize;
mod clients;
mod pages;
mod token;
mod token_grants;
mod token_saml;
mod usage;
mod validate;

use std::sync::Arc;

use bytes::Bytes;
use http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderMap, Method, Request};
use http_body::Body;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::app_state::Shared;
use crate::body;
use crate::catalogue::{
    PERMISSION_ADD, PERMISSION_AUTHORIZE, PERMISSION_DELETE, PERMISSION_EDIT,
    PERMISSION_USAGE_VIEW, PERMISSION_VIEW,
};
use crate::reply::Reply;
use crate::{lock, store};

/// What a path segment may contain unescaped in the URIs the emulator writes.
pub(crate) const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b':');

/// The operations, with their path parameters still percent-encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Route {
    Token,
    Authorize,
    Clients,
    Client(String),
    ClientSecret(String),
    UsageQuery(String),
    UsageResult { client: String, execution: String },
    UsageSummary(String),
    Authorizations,
    Authorization(String),
    Scopes,
    Scope(String),
}

impl Route {
    /// Matches a path; each parameter is exactly one segment, so an encoded `/` stays inside its id.
    pub(crate) fn parse(path: &str) -> Option<Self> {
        let segments: Vec<&str> = path.strip_prefix('/')?.split('/').collect();
        let owned = |s: &str| s.to_owned();
        Some(match segments.as_slice() {
            ["oauth", "token"] => Self::Token,
            ["oauth", "authorize"] => Self::Authorize,
            ["api", "v2", "oauth", rest @ ..] => match rest {
                ["clients"] => Self::Clients,
                ["clients", id] => Self::Client(owned(id)),
                ["clients", id, "secret"] => Self::ClientSecret(owned(id)),
                ["clients", id, "usage", "query"] => Self::UsageQuery(owned(id)),
                ["clients", id, "usage", "query", "results", execution] => Self::UsageResult {
                    client: owned(id),
                    execution: owned(execution),
                },
                ["clients", id, "usage", "summary"] => Self::UsageSummary(owned(id)),
                ["authorizations"] => Self::Authorizations,
                ["authorizations", id] => Self::Authorization(owned(id)),
                ["scopes"] => Self::Scopes,
                ["scopes", id] => Self::Scope(owned(id)),
                _ => return None,
            },
            _ => return None,
        })
    }

    pub(crate) fn allowed(&self) -> &'static [Method] {
        match self {
            Self::Token | Self::ClientSecret(_) | Self::UsageQuery(_) => &[Method::POST],
            Self::Authorize => &[Method::GET, Method::POST],
            Self::Clients => &[Method::GET, Method::POST],
            Self::Client(_) => &[Method::GET, Method::PUT, Method::DELETE],
            Self::UsageResult { .. }
            | Self::UsageSummary(_)
            | Self::Authorizations
            | Self::Authorization(_)
            | Self::Scopes
            | Self::Scope(_) => &[Method::GET],
        }
    }

    /// The path template as usage rows report it.
    pub(crate) fn template(&self) -> &'static str {
        match self {
            Self::Token => "oauth/token",
            Self::Authorize => "oauth/authorize",
            Self::Clients => "api/v2/oauth/clients",
            Self::Client(_) => "api/v2/oauth/clients/{clientId}",
            Self::ClientSecret(_) => "api/v2/oauth/clients/{clientId}/secret",
            Self::UsageQuery(_) => "api/v2/oauth/clients/{clientId}/usage/query",
            Self::UsageResult { .. } => {
                "api/v2/oauth/clients/{clientId}/usage/query/results/{executionId}"
            }
            Self::UsageSummary(_) => "api/v2/oauth/clients/{clientId}/usage/summary",
            Self::Authorizations => "api/v2/oauth/authorizations",
            Self::Authorization(_) => "api/v2/oauth/authorizations/{clientId}",
            Self::Scopes => "api/v2/oauth/scopes",
            Self::Scope(_) => "api/v2/oauth/scopes/{scopeId}",
        }
    }

    /// The permissions of which the caller needs any one; empty when none is needed.
    fn permissions(&self, method: &Method) -> &'static [&'static str] {
        match (self, method) {
            (Self::Clients, &Method::POST) => &[PERMISSION_ADD],
            (Self::Clients, _) => &[PERMISSION_VIEW],
            (Self::Client(_), &Method::PUT) | (Self::ClientSecret(_), _) => &[PERMISSION_EDIT],
            (Self::Client(_), &Method::DELETE) => &[PERMISSION_DELETE],
            (Self::Client(_), _) => &[PERMISSION_VIEW],
            (Self::UsageQuery(_) | Self::UsageResult { .. } | Self::UsageSummary(_), _) => {
                &[PERMISSION_VIEW, PERMISSION_USAGE_VIEW]
            }
            (Self::Authorizations | Self::Authorization(_), _) => &[PERMISSION_AUTHORIZE],
            (Self::Token | Self::Authorize | Self::Scopes | Self::Scope(_), _) => &[],
        }
    }
}

/// Who made a request: the client of the bearer token, the user it acts for (none for a client-credentials
/// token), and whether it holds a permission the route needs.
struct Caller {
    id: String,
    user: Option<String>,
    permitted: bool,
}

/// The client a request's usage is counted for, and under which template and method.
#[derive(Clone, Debug)]
pub(crate) struct UsageTag {
    pub(crate) client_id: String,
    pub(crate) template: &'static str,
    pub(crate) method: &'static str,
}

/// A reply, and the usage to count for it once its status is final.
pub(crate) struct Outcome {
    pub(crate) reply: Reply,
    pub(crate) usage: Option<UsageTag>,
}

impl From<Reply> for Outcome {
    fn from(reply: Reply) -> Self {
        Self { reply, usage: None }
    }
}

fn method_name(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        _ => "OTHER",
    }
}

/// Answers one request (faults have been decided already).
pub(crate) async fn dispatch<B>(shared: &Arc<Shared>, request: Request<B>) -> Outcome
where
    B: Body<Data = Bytes> + Unpin,
{
    let path = request.uri().path();
    let Some(route) = Route::parse(path) else {
        return Reply::not_found_path(path).into();
    };
    // Clients whose deletion date has come are gone before anything looks at them.
    let today = shared.clock.wall_now().unix_millis();
    lock(&shared.store).purge_due(today);
    let method = request.method().clone();
    if !route.allowed().contains(&method) {
        return Reply::method_not_allowed(&method, route.allowed()).into();
    }
    if route == Route::Token {
        return flatten(token::handle(shared, request).await).into();
    }
    if route == Route::Authorize {
        return authorize::handle(shared, request).await.into();
    }
    let required = route.permissions(&method);
    let caller = match authenticate(shared, request.headers(), required) {
        Ok(caller) => caller,
        Err(reply) => return reply.into(),
    };
    let usage = Some(UsageTag {
        client_id: caller.id.clone(),
        template: route.template(),
        method: method_name(&method),
    });
    if !caller.permitted {
        return Outcome {
            reply: Reply::missing_permissions(required),
            usage,
        };
    }
    let reply = flatten(run(shared, route, method, request, &caller).await);
    Outcome { reply, usage }
}

fn flatten(result: Result<Reply, Reply>) -> Reply {
    result.unwrap_or_else(|reply| reply)
}

async fn run<B>(
    shared: &Arc<Shared>,
    route: Route,
    method: Method,
    request: Request<B>,
    who: &Caller,
) -> Result<Reply, Reply>
where
    B: Body<Data = Bytes> + Unpin,
{
    let caller = who;
    let user = who.user.as_deref();
    let query = request.uri().query().map(str::to_owned);
    let query = query.as_deref();
    match (route, method) {
        (Route::Token, _) => token::handle(shared, request).await,
        (Route::Authorize, _) => Ok(authorize::handle(shared, request).await),
        (Route::Clients, Method::GET) => clients::list(shared, query),
        (Route::Clients, _) => clients::create(shared, caller, request).await,
        (Route::Client(id), Method::GET) => clients::get(shared, &decode(&id)?),
        (Route::Client(id), Method::PUT) => {
            clients::update(shared, caller, &decode(&id)?, request).await
        }
        (Route::Client(id), _) => clients::delete(shared, &decode(&id)?).await,
        (Route::ClientSecret(id), _) => {
            clients::regenerate_secret(shared, caller, &decode(&id)?, request).await
        }
        (Route::UsageQuery(id), _) => usage::query(shared, &decode(&id)?, request).await,
        (Route::UsageSummary(id), _) => usage::summary(shared, &decode(&id)?, query),
        (Route::UsageResult { client, execution }, _) => {
            usage::result(shared, &decode(&client)?, &decode(&execution)?)
        }
        (Route::Authorizations, _) => authorizations::list_authorizations(shared, user),
        (Route::Authorization(id), _) => {
            authorizations::get_authorization(shared, &decode(&id)?, user)
        }
        (Route::Scopes, _) => authorizations::list_scopes(),
        (Route::Scope(id), _) => authorizations::get_scope(&decode(&id)?),
    }
}

/// Decodes a path parameter; one that is not UTF-8 once decoded names nothing that exists.
fn decode(segment: &str) -> Result<String, Reply> {
    percent_decode_str(segment)
        .decode_utf8()
        .map(|id| id.into_owned())
        .map_err(|_| Reply::not_found_entity("entity", segment))
}

/// The client of the request's bearer token, and whether it holds any of `required` (true when none is). A
/// user's token holds every OAuth permission: the emulator's users administer the organization.
fn authenticate(shared: &Shared, headers: &HeaderMap, required: &[&str]) -> Result<Caller, Reply> {
    let token = bearer_token(headers)?;
    let store = lock(&shared.store);
    let client = store
        .caller(token, shared.clock.now())
        .ok_or_else(Reply::bad_token)?;
    let user = store.token_user(token).map(str::to_owned);
    Ok(Caller {
        id: client.id.clone().unwrap_or_default(),
        permitted: required.is_empty() || user.is_some() || store::holds_any(client, required),
        user,
    })
}

/// The bearer token of a request, if it has one.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    bearer_token(headers).ok()
}

fn bearer_token(headers: &HeaderMap) -> Result<&str, Reply> {
    let value = headers
        .get(AUTHORIZATION)
        .ok_or_else(Reply::missing_token)?
        .to_str()
        .map_err(|_| Reply::bad_token())?;
    let (scheme, token) = value
        .trim()
        .split_once(' ')
        .ok_or_else(Reply::missing_token)?;
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
        return Err(Reply::missing_token());
    }
    Ok(token)
}

/// The usage a request would be counted under, without answering it (for injected 429s and 503s).
pub(crate) fn usage_tag<B>(shared: &Shared, request: &Request<B>) -> Option<UsageTag> {
    let route = Route::parse(request.uri().path())?;
    if matches!(route, Route::Token | Route::Authorize)
        || !route.allowed().contains(request.method())
    {
        return None;
    }
    let caller = authenticate(shared, request.headers(), &[]).ok()?;
    Some(UsageTag {
        client_id: caller.id,
        template: route.template(),
        method: method_name(request.method()),
    })
}

fn content_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse().ok())
}

/// The media type of the body without parameters, lower-cased; `None` when there is no Content-Type.
fn media_type(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(CONTENT_TYPE)?;
    let value = String::from_utf8_lossy(value.as_bytes());
    Some(
        value
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase(),
    )
}

/// Reads a request body of at most 1 MiB.
async fn raw_body<B>(request: Request<B>) -> Result<Bytes, Reply>
where
    B: Body<Data = Bytes> + Unpin,
{
    let length = content_length(request.headers());
    body::read(request.into_body(), length)
        .await
        .map_err(Reply::from_body_problem)
}

/// Reads a JSON request body: `application/json` (or a `+json` type, or no Content-Type), and valid JSON.
async fn json_body<B>(request: Request<B>) -> Result<Value, Reply>
where
    B: Body<Data = Bytes> + Unpin,
{
    if let Some(media) = media_type(request.headers()) {
        if media != "application/json" && !media.ends_with("+json") {
            return Err(Reply::unsupported_media_type("application/json"));
        }
    }
    let bytes = raw_body(request).await?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Reply::bad_request(
            "A request body is required",
            None,
            "missing.body",
        ));
    }
    serde_json::from_slice(&bytes).map_err(|e| {
        Reply::bad_request(
            format!("The request body is not valid JSON: {e}"),
            None,
            "invalid.json",
        )
    })
}

/// Converts a JSON body to its model; a field of the wrong type or a missing required field is named.
fn typed<T: DeserializeOwned>(value: Value) -> Result<T, Reply> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let message = e.inner().to_string();
        let path = e.path().to_string();
        let field = match (path.as_str(), missing_field(&message)) {
            (".", Some(field)) => field.to_owned(),
            (".", None) => "body".to_owned(),
            (_, Some(field)) => format!("{path}.{field}"),
            (_, None) => path,
        };
        Reply::invalid(&[(field, message)])
    })
}

/// The field named by serde's "missing field `x`" message.
fn missing_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("missing field `")?;
    rest.split('`').next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_route_and_keeps_encoded_segments() {
        assert_eq!(Route::parse("/oauth/token"), Some(Route::Token));
        assert_eq!(
            Route::parse("/api/v2/oauth/clients/a%2Fb"),
            Some(Route::Client("a%2Fb".into()))
        );
        assert_eq!(
            Route::parse("/api/v2/oauth/clients/c/usage/query/results/e"),
            Some(Route::UsageResult {
                client: "c".into(),
                execution: "e".into()
            })
        );
        assert_eq!(
            Route::parse("/api/v2/oauth/scopes/users:readonly"),
            Some(Route::Scope("users:readonly".into()))
        );
        assert_eq!(Route::parse("/api/v2/oauth/clients/a/b"), None);
        assert_eq!(Route::parse("/api/v2/users"), None);
        assert_eq!(Route::parse("api/v2/oauth/clients"), None);
        assert_eq!(decode("a%2Fb").unwrap(), "a/b");
        assert!(decode("%FF").is_err());
    }

    #[test]
    fn bearer_parsing() {
        let mut headers = HeaderMap::new();
        assert!(bearer_token(&headers).is_err());
        headers.insert(AUTHORIZATION, "bearer  abc ".parse().unwrap());
        assert_eq!(bearer_token(&headers).unwrap(), "abc");
        headers.insert(AUTHORIZATION, "Basic abc".parse().unwrap());
        assert!(bearer_token(&headers).is_err());
        headers.insert(AUTHORIZATION, "Bearer".parse().unwrap());
        assert!(bearer_token(&headers).is_err());
    }

    #[test]
    fn names_missing_fields() {
        assert_eq!(missing_field("missing field `name`"), Some("name"));
        assert_eq!(missing_field("invalid type"), None);
    }
}
