//! Routing: which operation a request names, who makes it, whether it may, and the handlers.

mod authorization;
mod authorizations;
mod authorize;
mod clients;
mod listing;
mod organization;
mod pages;
mod token;
mod token_grants;
mod token_saml;
mod tokens;
mod usage;
mod validate;

use std::sync::Arc;

use bytes::Bytes;
use genesys_cloud_core::ops::OPERATIONS;
use genesys_cloud_core::{OperationInfo, find_operations};
use http::header::{AUTHORIZATION, CONTENT_LENGTH, CONTENT_TYPE};
use http::{HeaderMap, Method, Request};
use http_body::Body;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::app_state::Shared;
use crate::body;
use crate::reply::Reply;
use crate::{lock, store};

/// What a path segment may contain unescaped in the URIs the emulator writes.
pub(crate) const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b':');

/// What a request's path names: the token endpoint, the sign-in pages, or the API operations of one path
/// template (one per method), with the path's parameters still percent-encoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Route {
    Token,
    Authorize,
    Api {
        /// The operations whose template the path fills in, one per method.
        operations: Vec<&'static OperationInfo>,
        /// The values of the template's `{name}` placeholders, still encoded.
        params: Vec<(&'static str, String)>,
    },
}

impl Route {
    /// Matches a path against the generated operation table; each parameter is exactly one segment, so an
    /// encoded `/` stays inside its id.
    pub(crate) fn parse(path: &str) -> Option<Self> {
        match path {
            "/oauth/token" => return Some(Self::Token),
            "/oauth/authorize" => return Some(Self::Authorize),
            _ => {}
        }
        let found = find_operations(OPERATIONS, path)?;
        let operations = found.operations;
        let params = found
            .params
            .into_iter()
            .map(|(name, value)| (name, value.to_owned()))
            .collect();
        Some(Self::Api { operations, params })
    }

    pub(crate) fn allowed(&self) -> Vec<Method> {
        match self {
            Self::Token => vec![Method::POST],
            Self::Authorize => vec![Method::GET, Method::POST],
            Self::Api { operations, .. } => {
                // In the order HTTP's own documents list methods, whatever the table's order.
                const ORDER: [Method; 6] = [
                    Method::GET,
                    Method::HEAD,
                    Method::POST,
                    Method::PUT,
                    Method::PATCH,
                    Method::DELETE,
                ];
                let mut methods: Vec<Method> =
                    operations.iter().map(|op| op.method.clone()).collect();
                methods.sort_by_key(|method| ORDER.iter().position(|m| m == method));
                methods
            }
        }
    }

    /// The operation a request with `method` names, if this path has one for it.
    fn operation(&self, method: &Method) -> Option<&'static OperationInfo> {
        match self {
            Self::Api { operations, .. } => {
                operations.iter().copied().find(|op| op.method == method)
            }
            Self::Token | Self::Authorize => None,
        }
    }

    /// The path template as usage rows report it (without its leading `/`).
    pub(crate) fn template(&self) -> &'static str {
        match self {
            Self::Token => "oauth/token",
            Self::Authorize => "oauth/authorize",
            Self::Api { operations, .. } => operations
                .first()
                .map_or("", |op| op.path.trim_start_matches('/')),
        }
    }

    /// The decoded value of path parameter `name`.
    fn param(&self, name: &str) -> Result<String, Reply> {
        let Self::Api { params, .. } = self else {
            return Err(Reply::not_found_entity("entity", name));
        };
        let (_, value) = params
            .iter()
            .find(|(given, _)| *given == name)
            .ok_or_else(|| Reply::not_found_entity("entity", name))?;
        decode(value)
    }
}

/// An operation's path template (such as `GetOauthClient::PATH`) with its `{name}` placeholders filled, each value
/// encoded as one segment: the `selfUri` and `resultsUri` paths the emulator writes, from the same template the
/// SDK sends to.
pub(crate) fn api_path(template: &str, values: &[(&str, &str)]) -> String {
    let mut path = String::with_capacity(template.len() + 40);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        path.push_str(&rest[..open]);
        let close = rest[open..]
            .find('}')
            .map_or(rest.len(), |close| open + close);
        let name = &rest[open + 1..close.min(rest.len())];
        let value = values
            .iter()
            .find(|(given, _)| *given == name)
            .map_or("", |(_, value)| value);
        path.extend(percent_encoding::utf8_percent_encode(value, SEGMENT));
        rest = rest.get(close + 1..).unwrap_or_default();
    }
    path.push_str(rest);
    path
}

/// Who made a request: the client of the bearer token, the user it acts for (none for a client-credentials
/// token), and whether it holds a permission the route needs.
struct Caller {
    id: String,
    user: Option<String>,
    permitted: bool,
    /// The bearer token of the request: what `getTokensMe` describes and `deleteTokensMe` revokes.
    token: String,
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
        Method::HEAD => "HEAD",
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
    if route == Route::Token && method == Method::POST {
        return flatten(token::handle(shared, request).await).into();
    }
    if route == Route::Authorize && matches!(method, Method::GET | Method::POST) {
        return authorize::handle(shared, request).await.into();
    }
    let Some(operation) = route.operation(&method) else {
        return Reply::method_not_allowed(&method, &route.allowed()).into();
    };
    let outcome = answer(shared, &route, operation, request).await;
    // `headTokensMe` never has a body, not even an error's (the spec's HEAD answers none).
    if method == Method::HEAD {
        let mut outcome = outcome;
        outcome.reply.payload = crate::reply::Payload::Empty;
        return outcome;
    }
    outcome
}

/// Authenticates, authorizes and runs an API operation.
async fn answer<B>(
    shared: &Arc<Shared>,
    route: &Route,
    operation: &'static OperationInfo,
    request: Request<B>,
) -> Outcome
where
    B: Body<Data = Bytes> + Unpin,
{
    let method = request.method().clone();
    let required = operation.permissions;
    let caller = match authenticate(shared, request.headers(), required) {
        Ok(caller) => caller,
        Err(reply) => return reply.into(),
    };
    if resets_idle_time(operation.id, request.uri().query()) {
        lock(&shared.store).touch(&caller.token, shared.clock.now());
    }
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
    let reply = flatten(run(shared, route, operation.id, request, &caller).await);
    Outcome { reply, usage }
}

/// Whether a call resets its token's idle time: every call does, except `getTokensMe?preserveIdleTTL=true`
/// (or with a value that is refused)
/// (the spec) and the `headTokensMe` probe (the emulator's choice: the spec does not say; a liveness probe
/// that kept a session alive would defeat the timeout).
fn resets_idle_time(id: &str, query: Option<&str>) -> bool {
    match id {
        "headTokensMe" => false,
        // As the handler reads it (the last value): `true` preserves it, and a value that is no boolean is
        // refused (400) without resetting it.
        "getTokensMe" => listing::Query::parse(query)
            .flag("preserveIdleTTL", false)
            .is_ok_and(|preserve| !preserve),
        _ => true,
    }
}

fn flatten(result: Result<Reply, Reply>) -> Reply {
    result.unwrap_or_else(|reply| reply)
}

/// Runs the handler of operation `id` (an id of the generated table that the path and method matched).
async fn run<B>(
    shared: &Arc<Shared>,
    route: &Route,
    id: &'static str,
    request: Request<B>,
    caller: &Caller,
) -> Result<Reply, Reply>
where
    B: Body<Data = Bytes> + Unpin,
{
    let user = caller.user.as_deref();
    let query = request.uri().query().map(str::to_owned);
    let query = query.as_deref();
    let client_id = || route.param("clientId");
    match id {
        "getOauthClients" => clients::list(shared, query),
        "postOauthClients" => clients::create(shared, caller, request).await,
        "getOauthClient" => clients::get(shared, &client_id()?),
        "putOauthClient" => clients::update(shared, caller, &client_id()?, request).await,
        "deleteOauthClient" => clients::delete(shared, &client_id()?).await,
        "postOauthClientSecret" => {
            clients::regenerate_secret(shared, caller, &client_id()?, request).await
        }
        "postOauthClientUsageQuery" => usage::query(shared, &client_id()?, request).await,
        "getOauthClientUsageSummary" => usage::summary(shared, &client_id()?, query),
        "getOauthClientUsageQueryResult" => {
            usage::result(shared, &client_id()?, &route.param("executionId")?)
        }
        "getOauthAuthorizations" => authorizations::list_authorizations(shared, user),
        "getOauthAuthorization" => authorizations::get_authorization(shared, &client_id()?, user),
        "getOauthScopes" => authorizations::list_scopes(),
        "getOauthScope" => authorizations::get_scope(&route.param("scopeId")?),
        "getTokensMe" => tokens::me(shared, caller, query),
        "headTokensMe" => Ok(Reply::empty_ok()),
        "deleteTokensMe" => tokens::delete_me(shared, caller),
        "deleteToken" => tokens::delete_user(shared, &route.param("userId")?),
        "getTokensTimeout" => tokens::timeout(shared),
        "putTokensTimeout" => tokens::update_timeout(shared, request).await,
        "getAuthorizationRoles" => authorization::roles(shared, query),
        "getAuthorizationRole" => authorization::role(shared, &route.param("roleId")?, query),
        "getAuthorizationDivisions" => authorization::divisions(shared, query),
        "getAuthorizationDivision" => {
            authorization::division(shared, &route.param("divisionId")?, query)
        }
        "getAuthorizationDivisionsHome" => authorization::home_division(),
        "getAuthorizationPermissions" => authorization::permissions(query),
        "getAuthorizationSubjectsMe" => authorization::subject_me(shared, caller, query),
        "getOrganizationsMe" => organization::me(),
        // An operation of the table that the emulator does not implement yet.
        _ => Err(Reply::not_implemented(id)),
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
        token: token.to_owned(),
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
    route.operation(request.method())?;
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
        let client = Route::parse("/api/v2/oauth/clients/a%2Fb").unwrap();
        assert_eq!(client.template(), "api/v2/oauth/clients/{clientId}");
        assert_eq!(client.param("clientId").unwrap(), "a/b");
        let methods = client.allowed();
        assert_eq!(methods.len(), 3, "{methods:?}");
        for method in [Method::GET, Method::PUT, Method::DELETE] {
            assert!(methods.contains(&method), "{method}");
        }
        let result = Route::parse("/api/v2/oauth/clients/c/usage/query/results/e").unwrap();
        assert_eq!(result.param("clientId").unwrap(), "c");
        assert_eq!(result.param("executionId").unwrap(), "e");
        assert_eq!(
            result.operation(&Method::GET).map(|op| op.id),
            Some("getOauthClientUsageQueryResult")
        );
        assert_eq!(result.operation(&Method::POST), None);
        let scope = Route::parse("/api/v2/oauth/scopes/users:readonly").unwrap();
        assert_eq!(scope.param("scopeId").unwrap(), "users:readonly");
        assert_eq!(Route::parse("/api/v2/oauth/clients/a/b"), None);
        // An empty id is the handler's to refuse (after authentication), as before the table.
        let empty = Route::parse("/api/v2/oauth/clients/").unwrap();
        assert_eq!(empty.param("clientId").unwrap(), "");
        assert_eq!(Route::parse("/api/v2/users"), None);
        assert_eq!(Route::parse("api/v2/oauth/clients"), None);
        assert_eq!(decode("a%2Fb").unwrap(), "a/b");
        assert_eq!(
            api_path(
                "/api/v2/oauth/clients/{clientId}/usage/query/results/{executionId}",
                &[("clientId", "a/b"), ("executionId", "e 1")]
            ),
            "/api/v2/oauth/clients/a%2Fb/usage/query/results/e%201"
        );
        assert!(decode("%FF").is_err());
    }

    /// Every operation of the generated table has a handler: none answers "not implemented".
    #[test]
    fn every_operation_of_the_table_has_a_handler() {
        let source = include_str!("mod.rs");
        for operation in OPERATIONS {
            assert!(
                source.contains(&format!("\"{}\" =>", operation.id)),
                "{} has no handler",
                operation.id
            );
        }
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
