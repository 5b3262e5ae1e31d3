//! The [`Operation`] trait every API call and token grant implements, and the [`Auth`] it is built with.

use core::fmt;

use bytes::Bytes;
use genesys_cloud_models::AccessToken;
use http::HeaderValue;

use crate::environment::Environment;
use crate::error::{BuildError, ResponseError};

/// One API operation: how to turn it into an HTTP request and how to read the response. No I/O happens here.
///
/// ```
/// use genesys_cloud_core::{Auth, BearerHeader, Environment, Operation, ops::GetOauthClient};
/// use genesys_cloud_models::AccessToken;
///
/// let token = BearerHeader::new(&AccessToken::new("token"))?;
/// let request = GetOauthClient::new("5d2d6a87")
///     .to_http_request(&Environment::default(), Auth::Bearer(&token))?;
/// assert_eq!(request.uri(), "https://api.mypurecloud.com/api/v2/oauth/clients/5d2d6a87");
/// # Ok::<(), genesys_cloud_core::BuildError>(())
/// ```
pub trait Operation {
    /// What a successful response parses into.
    type Output;

    /// The API's operationId, such as `getOauthClient`.
    const ID: &'static str;
    /// The HTTP method.
    const METHOD: http::Method;
    /// The path template of the specification, with `{name}` placeholders for the path parameters.
    const PATH: &'static str;
    /// Whether sending the request twice has the same effect as once, so a failure after sending may be retried.
    const IDEMPOTENT: bool;
    /// The permissions of which the caller needs any one; empty when none is required.
    const PERMISSIONS: &'static [&'static str];
    /// Whether the request carries the caller's bearer token. Token grants authenticate themselves instead.
    const AUTHENTICATED: bool = true;
    /// Whether a success revokes the very token the request was sent with (`deleteTokensMe`): a client must not
    /// send that token again, nor renew a token after a 401 to send the revocation again (it would revoke the
    /// new token).
    const REVOKES_TOKEN: bool = false;
    /// Whether the call is about the very token it is sent with (`headTokensMe`, `deleteTokensMe`): it is sent
    /// with the current token even when that is due for renewal, and a 401 is its answer, not a reason to renew
    /// the token and ask again about another one.
    const ABOUT_OWN_TOKEN: bool = false;

    /// Builds the HTTP request. `auth` is used by API operations and ignored by token grants.
    fn to_http_request(
        &self,
        environment: &Environment,
        auth: Auth<'_>,
    ) -> Result<http::Request<Bytes>, BuildError>;

    /// Reads the HTTP response: the output for a success, the API error or decode failure otherwise.
    fn parse_response(response: http::Response<Bytes>) -> Result<Self::Output, ResponseError>;

    /// Whether an answer of `status` to a retry means the operation is done, when an earlier attempt of the same
    /// call may have been applied (its connection broke after sending, or a gateway answered 5xx).
    ///
    /// A DELETE whose first attempt removed the resource gets 404 on its retry: the caller's goal is reached,
    /// and reporting "not found" would be wrong. Executors report such an answer as success, parsed as an
    /// empty `204 No Content`. `false` by default: only operations whose goal is the resource's absence say yes.
    fn retry_answer_means_done(status: http::StatusCode) -> bool {
        let _ = status;
        false
    }
}

/// A borrowed operation is the same operation: an executor can send one it does not own, again and again.
impl<O: Operation + ?Sized> Operation for &O {
    type Output = O::Output;

    const ID: &'static str = O::ID;
    const METHOD: http::Method = O::METHOD;
    const PATH: &'static str = O::PATH;
    const IDEMPOTENT: bool = O::IDEMPOTENT;
    const PERMISSIONS: &'static [&'static str] = O::PERMISSIONS;
    const AUTHENTICATED: bool = O::AUTHENTICATED;
    const REVOKES_TOKEN: bool = O::REVOKES_TOKEN;
    const ABOUT_OWN_TOKEN: bool = O::ABOUT_OWN_TOKEN;

    fn to_http_request(
        &self,
        environment: &Environment,
        auth: Auth<'_>,
    ) -> Result<http::Request<Bytes>, BuildError> {
        (**self).to_http_request(environment, auth)
    }

    fn parse_response(response: http::Response<Bytes>) -> Result<Self::Output, ResponseError> {
        O::parse_response(response)
    }

    fn retry_answer_means_done(status: http::StatusCode) -> bool {
        O::retry_answer_means_done(status)
    }
}

/// The credentials a request is built with, borrowed for the call and never stored.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub enum Auth<'a> {
    /// `Authorization: Bearer <token>`.
    Bearer(&'a BearerHeader),
    /// No credentials: only token grants (which authenticate themselves) can be built this way.
    None,
}

/// A validated `Authorization: Bearer <token>` header value, marked sensitive.
///
/// Build it once per token and reuse it for every request: cloning it does not copy the token.
#[derive(Clone)]
pub struct BearerHeader(HeaderValue);

impl BearerHeader {
    /// The header value for `token`; an error (that does not include the token) if it cannot be a header.
    pub fn new(token: &AccessToken) -> Result<Self, BuildError> {
        let mut value = HeaderValue::try_from(format!("Bearer {}", token.expose_secret()))
            .map_err(|_| BuildError::InvalidToken)?;
        value.set_sensitive(true);
        Ok(Self(value))
    }

    /// The header value (sensitive: its `Debug` does not show it).
    pub fn header_value(&self) -> &HeaderValue {
        &self.0
    }
}

impl fmt::Debug for BearerHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("BearerHeader([redacted])")
    }
}

/// What an operation is, as data: the constants of its [`Operation`] implementation and its API group. The
/// generated [`crate::ops::OPERATIONS`] lists every operation this way, for code that routes or describes
/// operations by path (the emulator, help texts) instead of repeating their paths and permissions.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OperationInfo {
    /// The API group, which is also the cargo feature that brings the operation (`oauth`).
    pub group: &'static str,
    /// The operationId, such as `getOauthClient`.
    pub id: &'static str,
    /// The HTTP method.
    pub method: http::Method,
    /// The path template, with `{name}` placeholders for the path parameters.
    pub path: &'static str,
    /// Whether the operation may be sent twice with the effect of once.
    pub idempotent: bool,
    /// The permissions of which the caller needs any one; empty when none is required.
    pub permissions: &'static [&'static str],
}

impl OperationInfo {
    /// The description of operation `O` of API group `group`.
    pub const fn of<O: Operation>(group: &'static str) -> Self {
        Self {
            group,
            id: O::ID,
            method: O::METHOD,
            path: O::PATH,
            idempotent: O::IDEMPOTENT,
            permissions: O::PERMISSIONS,
        }
    }

    /// The values of the path's parameters if `path` (percent-encoded, without query) is this operation's
    /// template filled in: each `{name}` matches exactly one segment, kept encoded (so an encoded `/` stays inside
    /// its value; an empty segment is an empty value, for the handler to refuse). `None` when the path does not
    /// match.
    pub fn match_path<'p>(&self, path: &'p str) -> Option<Vec<(&'static str, &'p str)>> {
        let mut values = Vec::new();
        let mut segments = path.strip_prefix('/')?.split('/');
        for part in self.path.trim_start_matches('/').split('/') {
            let segment = segments.next()?;
            match part
                .strip_prefix('{')
                .and_then(|rest| rest.strip_suffix('}'))
            {
                Some(name) => values.push((name, segment)),
                None if part == segment => {}
                None => return None,
            }
        }
        segments.next().is_none().then_some(values)
    }

    /// Which segments of the template are literal (not `{placeholder}`), from the left: where two templates
    /// match one path, the one with a literal where the other has a placeholder first names it, as routers
    /// walk a path (`/api/v2/tokens/me` before `/api/v2/tokens/{userId}`; `/a/b/{y}` before `/a/{x}/c`).
    fn literal_segments(&self) -> Vec<bool> {
        self.path
            .split('/')
            .map(|part| !part.starts_with('{'))
            .collect()
    }
}

/// The operations of `table` that `path` names, one per method, and the path's parameter values (still
/// percent-encoded); `None` when no template matches.
///
/// A path that fills in several templates belongs to the one with a literal segment where the others have a
/// placeholder, leftmost first, as servers route: `/tokens/me` is `deleteTokensMe`'s, not `deleteToken`'s with
/// `userId` "me". Templates that differ only in their placeholders' names are ambiguous, and the first in the
/// table wins. Only the operations of that one template are returned, so their methods are exactly what the path
/// allows.
pub fn find_operations<'t, 'p>(
    table: &'t [OperationInfo],
    path: &'p str,
) -> Option<OperationMatch<'t, 'p>> {
    let mut best: Option<(&OperationInfo, Vec<(&'static str, &'p str)>)> = None;
    for operation in table {
        if let Some(values) = operation.match_path(path) {
            let better = best.as_ref().is_none_or(|(current, _)| {
                operation.literal_segments() > current.literal_segments()
            });
            if better {
                best = Some((operation, values));
            }
        }
    }
    let (chosen, values) = best?;
    let operations = table.iter().filter(|op| op.path == chosen.path).collect();
    Some(OperationMatch {
        operations,
        params: values,
    })
}

/// What [`find_operations`] found for a path.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OperationMatch<'t, 'p> {
    /// The operations of the path's template, one per method.
    pub operations: Vec<&'t OperationInfo>,
    /// The values of the template's `{name}` placeholders, still percent-encoded, in the template's order.
    pub params: Vec<(&'static str, &'p str)>,
}

#[cfg(test)]
mod routing_tests {
    use super::*;

    fn info(id: &'static str, method: http::Method, path: &'static str) -> OperationInfo {
        OperationInfo {
            group: "test",
            id,
            method,
            path,
            idempotent: true,
            permissions: &[],
        }
    }

    fn table() -> Vec<OperationInfo> {
        vec![
            info(
                "deleteToken",
                http::Method::DELETE,
                "/api/v2/tokens/{userId}",
            ),
            info("deleteTokensMe", http::Method::DELETE, "/api/v2/tokens/me"),
            info("getTokensMe", http::Method::GET, "/api/v2/tokens/me"),
            info(
                "getClient",
                http::Method::GET,
                "/api/v2/oauth/clients/{clientId}",
            ),
            info(
                "putClient",
                http::Method::PUT,
                "/api/v2/oauth/clients/{clientId}",
            ),
            info(
                "getResult",
                http::Method::GET,
                "/api/v2/c/{clientId}/r/{executionId}",
            ),
        ]
    }

    /// The ids found, sorted: the order of the table does not matter.
    fn ids<'t>(found: &[&'t OperationInfo]) -> Vec<&'t str> {
        let mut ids: Vec<&str> = found.iter().map(|op| op.id).collect();
        ids.sort_unstable();
        ids
    }

    #[test]
    fn a_literal_segment_wins_leftmost_first_whatever_the_table_order() {
        let mut table = vec![
            info("placeholderFirst", http::Method::GET, "/a/{x}/c"),
            info("literalFirst", http::Method::GET, "/a/b/{y}"),
            info("sameShapeFirst", http::Method::GET, "/z/{x}"),
            info("sameShapeSecond", http::Method::PUT, "/z/{y}"),
        ];
        for _ in 0..2 {
            let found = find_operations(&table, "/a/b/c").unwrap();
            assert_eq!(ids(&found.operations), ["literalFirst"]);
            assert_eq!(found.params, [("y", "c")]);
            table.reverse();
        }
        // Ambiguous templates (names alone differ): the first in the table, and only it.
        let found = find_operations(&table, "/z/1").unwrap();
        assert_eq!(ids(&found.operations), ["sameShapeFirst"]);
        table.reverse();
        let found = find_operations(&table, "/z/1").unwrap();
        assert_eq!(ids(&found.operations), ["sameShapeSecond"]);
    }

    #[test]
    fn the_most_literal_template_wins_whatever_the_table_order() {
        let mut table = table();
        for _ in 0..2 {
            let OperationMatch {
                operations: ops,
                params: values,
            } = find_operations(&table, "/api/v2/tokens/me").unwrap();
            assert_eq!(ids(&ops), ["deleteTokensMe", "getTokensMe"]);
            assert!(values.is_empty());
            let OperationMatch {
                operations: ops,
                params: values,
            } = find_operations(&table, "/api/v2/tokens/u1").unwrap();
            assert_eq!(ids(&ops), ["deleteToken"]);
            assert_eq!(values, [("userId", "u1")]);
            table.reverse();
        }
    }

    #[test]
    fn parameters_are_single_segments_kept_encoded_and_may_be_empty() {
        let table = table();
        let OperationMatch {
            operations: ops,
            params: values,
        } = find_operations(&table, "/api/v2/oauth/clients/a%2Fb").unwrap();
        assert_eq!(ids(&ops), ["getClient", "putClient"]);
        assert_eq!(values, [("clientId", "a%2Fb")]);
        let OperationMatch { params: values, .. } =
            find_operations(&table, "/api/v2/oauth/clients/").unwrap();
        assert_eq!(values, [("clientId", "")]);
        let OperationMatch { params: values, .. } =
            find_operations(&table, "/api/v2/c/x/r/y").unwrap();
        assert_eq!(values, [("clientId", "x"), ("executionId", "y")]);
        for path in [
            "/api/v2/oauth/clients/a/b",
            "/api/v2/oauth/clients",
            "api/v2/oauth/clients/a",
            "/api/v2/oauth/client/a",
            "",
            "/",
        ] {
            assert!(find_operations(&table, path).is_none(), "{path}");
        }
    }
}
