//! [`Reply`]: a response before its correlation id is known, and the error replies of the API.

use std::collections::BTreeMap;

use bytes::Bytes;
use genesys_cloud_models::{Detail, ErrorBody};
use http::header::{ALLOW, CONNECTION, CONTENT_TYPE, HeaderName, HeaderValue, RETRY_AFTER};
use http::{HeaderMap, Method, StatusCode};
use serde::Serialize;

use crate::body::BodyProblem;

/// The header carrying the id of each request, as the platform sends it.
pub(crate) const CORRELATION_HEADER: &str = "inin-correlation-id";

#[derive(Debug)]
pub(crate) enum Payload {
    Empty,
    Json(Bytes),
    /// A page of `/oauth/authorize`.
    Html(Bytes),
    /// An error body, completed with the correlation id as its `contextId` when the reply is finished.
    Error(Box<ErrorBody>),
}

#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    /// Extra headers; a small list rather than a `HeaderMap` keeps replies cheap to pass around.
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) payload: Payload,
}

impl Reply {
    pub(crate) fn json<T: Serialize>(status: StatusCode, value: &T) -> Self {
        match serde_json::to_vec(value) {
            Ok(bytes) => Self {
                status,
                headers: Vec::new(),
                payload: Payload::Json(Bytes::from(bytes)),
            },
            // The reason is for the emulator's log, not for clients: internals stay on the server side.
            Err(e) => {
                tracing::error!(error = %e, "a response could not be serialized");
                Self::internal("The response could not be written")
            }
        }
    }

    pub(crate) fn ok<T: Serialize>(value: &T) -> Self {
        Self::json(StatusCode::OK, value)
    }

    /// A 200 without a body (`headTokensMe`).
    pub(crate) fn empty_ok() -> Self {
        Self {
            status: StatusCode::OK,
            headers: Vec::new(),
            payload: Payload::Empty,
        }
    }

    pub(crate) fn no_content() -> Self {
        Self {
            status: StatusCode::NO_CONTENT,
            headers: Vec::new(),
            payload: Payload::Empty,
        }
    }

    /// An error body as the platform writes it: with `details` and `errors`, empty unless filled in later.
    pub(crate) fn error(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        let body = ErrorBody::default()
            .with_message(message)
            .with_code(code)
            .with_status(i32::from(status.as_u16()))
            .with_details(Vec::new())
            .with_errors(Vec::new());
        Self {
            status,
            headers: Vec::new(),
            payload: Payload::Error(Box::new(body)),
        }
    }

    fn map_error(mut self, f: impl FnOnce(ErrorBody) -> ErrorBody) -> Self {
        if let Payload::Error(body) = self.payload {
            self.payload = Payload::Error(Box::new(f(*body)));
        }
        self
    }

    pub(crate) fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    pub(crate) fn not_found_entity(kind: &str, id: &str) -> Self {
        Self::error(
            StatusCode::NOT_FOUND,
            "not.found",
            format!("The requested {kind} was not found: {id}"),
        )
        .map_error(|body| body.with_entity_id(id))
    }

    pub(crate) fn not_found_path(path: &str) -> Self {
        Self::error(
            StatusCode::NOT_FOUND,
            "not.found",
            format!("No resource exists at {path}"),
        )
    }

    /// An operation of the API's table that the emulator has no handler for yet.
    pub(crate) fn not_implemented(operation: &str) -> Self {
        Self::error(
            StatusCode::NOT_IMPLEMENTED,
            "not.implemented",
            format!("The emulator does not implement {operation} yet"),
        )
    }

    pub(crate) fn method_not_allowed(method: &Method, allow: &[Method]) -> Self {
        let allow = allow
            .iter()
            .map(Method::as_str)
            .collect::<Vec<_>>()
            .join(", ");
        let reply = Self::error(
            StatusCode::METHOD_NOT_ALLOWED,
            "method.not.allowed",
            format!("HTTP method {method} is not supported by this resource; use {allow}"),
        );
        match HeaderValue::from_str(&allow) {
            Ok(value) => reply.with_header(ALLOW, value),
            Err(_) => reply,
        }
    }

    /// A 400 for a body that is not what the operation takes (not JSON, wrong shape); the detail's error code
    /// names the problem.
    pub(crate) fn bad_request(
        message: impl Into<String>,
        field: Option<&str>,
        detail_code: &str,
    ) -> Self {
        let mut detail = Detail::default().with_error_code(detail_code);
        detail.field_name = field.map(str::to_owned);
        let details = vec![detail];
        Self::error(StatusCode::BAD_REQUEST, "bad.request", message)
            .map_error(|body| body.with_details(details))
    }

    /// A 400 `invalid.value` naming every field in `problems` (field, explanation).
    pub(crate) fn invalid(problems: &[(String, String)]) -> Self {
        let message = problems
            .iter()
            .map(|(field, why)| format!("{field}: {why}"))
            .collect::<Vec<_>>()
            .join("; ");
        let details = problems
            .iter()
            .map(|(field, _)| {
                Detail::default()
                    .with_error_code("invalid.value")
                    .with_field_name(field.as_str())
            })
            .collect::<Vec<_>>();
        Self::error(
            StatusCode::BAD_REQUEST,
            "invalid.value",
            format!("The request is invalid: {message}"),
        )
        .map_error(|body| body.with_details(details))
    }

    pub(crate) fn unsupported_media_type(expected: &str) -> Self {
        Self::error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported.media.type",
            format!("The request body must be {expected}"),
        )
    }

    pub(crate) fn missing_token() -> Self {
        Self::error(
            StatusCode::UNAUTHORIZED,
            "authentication.required",
            "No authentication bearer token specified in authorization header.",
        )
    }

    pub(crate) fn bad_token() -> Self {
        Self::error(
            StatusCode::UNAUTHORIZED,
            "bad.credentials",
            "Invalid login credentials.",
        )
    }

    /// The platform's 403 for a token without any of the operation's permissions (the platform's wording, as
    /// the `missing.any.permissions` error of a Go client of the platform has it).
    pub(crate) fn missing_permissions(permissions: &[&str]) -> Self {
        let list = format!("[{}]", permissions.join(", "));
        let params = BTreeMap::from([("permissions".to_owned(), list.clone())]);
        Self::error(
            StatusCode::FORBIDDEN,
            "missing.any.permissions",
            format!(
                "Unable to perform the requested action. You must have at least one of the following permissions assigned: {list}"
            ),
        )
        .map_error(|body| {
            body.with_message_with_params(
                "Unable to perform the requested action. You must have at least one of the following permissions assigned: {permissions}",
            )
            .with_message_params(params)
        })
    }

    /// The platform's 403 for an action the caller's permissions allow but its roles do not: giving a client a
    /// role the caller does not hold, or editing a client that holds one.
    pub(crate) fn not_authorized() -> Self {
        Self::error(
            StatusCode::FORBIDDEN,
            "not.authorized",
            "You are not authorized to perform the requested action.",
        )
    }

    /// The spec's `cannot.delete.client` (CLI 132's embedded swagger fragment).
    pub(crate) fn cannot_delete(id: &str) -> Self {
        Self::error(
            StatusCode::BAD_REQUEST,
            "cannot.delete.client",
            "Clients must be marked as inactive to be eligible for deletion.",
        )
        .map_error(|body| body.with_entity_id(id))
    }

    pub(crate) fn too_many_requests(retry_after_secs: u32) -> Self {
        Self::error(
            StatusCode::TOO_MANY_REQUESTS,
            "too.many.requests.retry.after",
            format!(
                "Rate limit exceeded the maximum. Retry the request in [{retry_after_secs}] seconds"
            ),
        )
        .with_header(RETRY_AFTER, HeaderValue::from(retry_after_secs))
    }

    pub(crate) fn service_unavailable() -> Self {
        Self::error(
            StatusCode::SERVICE_UNAVAILABLE,
            "service.unavailable",
            "The service is currently unavailable. Please try again later.",
        )
    }

    pub(crate) fn internal(message: &str) -> Self {
        Self::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal.server.error",
            message,
        )
    }

    pub(crate) fn from_body_problem(problem: BodyProblem) -> Self {
        match problem {
            BodyProblem::TooLarge { drained } => {
                let reply = Self::error(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "request.entity.too.large",
                    format!(
                        "The request body is larger than {} bytes",
                        crate::body::MAX_BODY
                    ),
                );
                if drained {
                    reply
                } else {
                    reply.with_header(CONNECTION, HeaderValue::from_static("close"))
                }
            }
            BodyProblem::Timeout => Self::error(
                StatusCode::REQUEST_TIMEOUT,
                "request.timeout",
                "The request body was not received in time",
            )
            .with_header(CONNECTION, HeaderValue::from_static("close")),
            BodyProblem::Broken => Self::error(
                StatusCode::BAD_REQUEST,
                "bad.request",
                "The request body could not be read",
            )
            .with_header(CONNECTION, HeaderValue::from_static("close")),
        }
    }

    /// The status, headers (with `ININ-Correlation-Id` and, for JSON, `Content-Type`) and body bytes.
    pub(crate) fn finish(self, correlation_id: &str) -> (StatusCode, HeaderMap, Bytes) {
        let Self {
            status,
            headers: extra,
            payload,
        } = self;
        let mut headers = HeaderMap::with_capacity(extra.len() + 2);
        for (name, value) in extra {
            headers.insert(name, value);
        }
        let mut media_type = "application/json";
        let bytes = match payload {
            Payload::Empty => Bytes::new(),
            Payload::Json(bytes) => bytes,
            Payload::Html(bytes) => {
                media_type = "text/html; charset=utf-8";
                bytes
            }
            Payload::Error(body) => {
                let body = body.with_context_id(correlation_id);
                // An ErrorBody of strings and numbers always serializes; the fallback is for completeness.
                Bytes::from(serde_json::to_vec(&body).unwrap_or_else(|_| b"{}".to_vec()))
            }
        };
        if !bytes.is_empty() {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(media_type));
        }
        if let Ok(value) = HeaderValue::from_str(correlation_id) {
            headers.insert(CORRELATION_HEADER, value);
        }
        (status, headers, bytes)
    }
}
