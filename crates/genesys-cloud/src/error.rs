//! [`Error`]: every way a call can fail, named by the phase it failed in.

use core::fmt;
use std::sync::Arc;
use std::time::Duration;

use genesys_cloud_core::paging::PagingStopped;
use genesys_cloud_core::retry::StopReason;
use genesys_cloud_core::{ApiError, BuildError, DecodeError, ResponseError};
use http::StatusCode;

use crate::config_sources::{ConfigError, ConfigErrorKind};

/// Whether a request may have reached the server before it failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SendState {
    /// Nothing was sent (e.g. the connection was refused): retrying cannot repeat a change.
    NotSent,
    /// The request may have been sent and processed: only idempotent requests are retried.
    MaybeSent,
}

/// What went wrong in the HTTP stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be opened (DNS, refused, TLS handshake, proxy).
    Connect,
    /// The connection failed while sending the request or reading the response.
    Io,
    /// The response body is larger than the configured limit; it was not read to the end.
    BodyTooLarge,
    /// The request was refused before sending, e.g. plain HTTP where it is not allowed.
    Refused,
}

/// A failure of the HTTP stack, before a complete response arrived.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    sent: SendState,
    message: String,
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
    /// Whether trying again cannot help (a server certificate that failed verification).
    permanent: bool,
}

impl TransportError {
    /// A transport error of `kind`, with a message and an optional cause.
    pub fn new(
        kind: TransportErrorKind,
        sent: SendState,
        message: impl Into<String>,
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        Self {
            kind,
            sent,
            message: message.into(),
            source,
            permanent: false,
        }
    }

    /// Marks a failure that another attempt would meet again, so that the call stops at once.
    pub(crate) fn permanent(mut self) -> Self {
        self.permanent = true;
        self
    }

    /// Whether another attempt would fail the same way: the server's certificate failed verification.
    pub(crate) fn is_permanent(&self) -> bool {
        self.permanent
    }

    /// What went wrong.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether the request may have been sent.
    pub fn send_state(&self) -> SendState {
        self.sent
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if self.sent == SendState::MaybeSent {
            f.write_str(" (the request may have been sent)")?;
        }
        Ok(())
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_deref().map(|source| source as _)
    }
}

/// Which bound a timeout hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// One attempt took longer than the attempt timeout, and no retry was allowed or left.
    Attempt,
    /// The whole call, retries and waits included, took longer than the total timeout.
    Total,
}

/// Why a new login is needed: the credentials can fetch no more tokens by themselves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoginRequired {
    /// The one-time authorization code (or PKCE code) was already exchanged, or may have been.
    CodeAlreadyUsed,
    /// The code was exchanged, and the token endpoint issued no refresh token to renew with.
    NoRefreshToken,
    /// The credentials are a ready-made access token, which cannot be renewed.
    TokenCannotBeRenewed,
}

/// What a helper was waiting for when its patience ran out.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum WaitingFor {
    /// A usage query's result to be Complete.
    UsageResult {
        /// The client the query is about.
        client_id: String,
        /// The query's execution id, to fetch the result later.
        execution_id: String,
    },
    /// A deleted client to answer 404.
    ClientGone {
        /// The client.
        client_id: String,
    },
}

/// A failed call. `Display` gives one line a person can act on; `source()` chains reach the root cause.
///
/// A variant that wraps another error shows that error's message in its own and continues the chain from that
/// error's `source()`, so that printing the chain (`anyhow`'s `{:#}`, or walking `source()`) never repeats a line.
///
/// Tokens and client secrets never appear in `Display` or `Debug`. One variant carries a secret on purpose:
/// [`CreatedButNotReadable`](Self::CreatedButNotReadable), whose new client secret is redacted in `Debug`.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The client could not be configured: a bad base URL, missing or empty credentials, a proxy, TLS setup.
    Config(ConfigError),
    /// The request could not be built; nothing was sent.
    Build(BuildError),
    /// No access token could be obtained; the cause is the token request's own error.
    ///
    /// Shared: every caller that waited for the same failed token request gets this same error (its status, code
    /// and predicates), without another request being made.
    Token(Arc<Error>),
    /// The credentials can fetch no more tokens by themselves: a new login is needed.
    LoginRequired(LoginRequired),
    /// The HTTP stack failed before a complete response arrived.
    Transport {
        /// The failure.
        error: TransportError,
        /// Attempts made, the failing one included.
        attempts: u32,
    },
    /// The call did not finish in time.
    Timeout {
        /// Which bound was hit.
        kind: TimeoutKind,
        /// The bound.
        after: Duration,
        /// Attempts started.
        attempts: u32,
    },
    /// The API answered with an error status, and retrying was not possible or did not help.
    Api {
        /// The API's answer.
        error: Box<ApiError>,
        /// Attempts made.
        attempts: u32,
        /// Why no further attempt was made.
        stopped: StopReason,
    },
    /// The API answered 2xx but the body is not what the operation returns.
    Decode(Box<DecodeError>),
    /// An answer the core classified in a way this version of the executor does not know (the core's
    /// `ResponseError` may grow): kept whole, with its status and correlation id.
    UnexpectedResponse(Box<ResponseError>),
    /// A client was created, but could not be read back within the patience of
    /// [`create_oauth_client`](crate::Client::create_oauth_client). The client exists: take it, with the secret
    /// the platform shows only this once, from [`into_created`](Self::into_created) before passing the error on
    /// (`?` into another error type drops the secret with it).
    #[cfg(feature = "oauth")]
    CreatedButNotReadable {
        /// The client and its secret.
        created: Box<crate::lifecycle::CreatedClient>,
        /// Why it could not be read back.
        wait: Box<Error>,
    },
    /// The platform regenerated or created a secret but its answer did not carry it.
    SecretNotReturned {
        /// The client.
        client_id: String,
    },
    /// The platform accepted a usage query but its answer did not carry an `executionId` to poll.
    ExecutionIdNotReturned {
        /// The client.
        client_id: String,
    },
    /// A usage query finished with the status `Failed` on the server.
    UsageQueryFailed {
        /// The client.
        client_id: String,
        /// The query's execution id.
        execution_id: String,
    },
    /// A helper's patience ran out before the platform caught up.
    WaitTimedOut {
        /// What it was waiting for.
        waiting_for: WaitingFor,
        /// The patience.
        after: Duration,
        /// How many times it looked.
        looks: u32,
    },
    /// A listing stopped before the server's last page (a page the server sent twice, or the page limit): the
    /// list would be incomplete.
    PagingStoppedEarly {
        /// The listing's operationId (`getOauthClients`).
        operation: &'static str,
        /// Why it stopped.
        stopped: PagingStopped,
        /// Entities collected before it stopped.
        items: usize,
        /// Pages requested.
        pages: usize,
    },
}

impl Error {
    pub(crate) fn config(kind: ConfigErrorKind, message: impl Into<String>) -> Self {
        Self::Config(ConfigError::new(kind, message))
    }

    /// The HTTP status of the API's answer, if there was one.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Self::Api { error, .. } => Some(error.status),
            Self::Decode(error) => Some(error.status),
            Self::UnexpectedResponse(error) => Some(error.status()),
            Self::Token(inner) => inner.status(),
            _ => None,
        }
    }

    /// The `ININ-Correlation-Id` of the API's answer, if there was one.
    pub fn correlation_id(&self) -> Option<&str> {
        match self {
            Self::Api { error, .. } => error.correlation_id(),
            Self::Decode(error) => error.correlation_id(),
            Self::UnexpectedResponse(error) => error.correlation_id(),
            Self::Token(inner) => inner.correlation_id(),
            _ => None,
        }
    }

    /// The API error, if the API answered with one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Self::Api { error, .. } => Some(error),
            Self::Token(inner) => inner.api_error(),
            _ => None,
        }
    }

    /// The API's error code, such as `not.found` or `invalid_client`.
    pub fn code(&self) -> Option<&str> {
        self.api_error().and_then(ApiError::code)
    }

    /// Whether the API answered 404.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(StatusCode::NOT_FOUND)
    }

    /// Whether the API answered 401.
    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(StatusCode::UNAUTHORIZED)
    }

    /// Whether the API answered 403.
    pub fn is_forbidden(&self) -> bool {
        self.status() == Some(StatusCode::FORBIDDEN)
    }

    /// Whether the API answered 429.
    pub fn is_throttled(&self) -> bool {
        self.status() == Some(StatusCode::TOO_MANY_REQUESTS)
    }

    /// Whether the call timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Self::Timeout { .. })
    }

    /// Whether the HTTP stack failed.
    pub fn is_transport(&self) -> bool {
        matches!(self, Self::Transport { .. })
    }

    /// Whether no token could be obtained (see [`Error::Token`]).
    pub fn is_token(&self) -> bool {
        matches!(self, Self::Token(_))
    }

    /// Whether the client is misconfigured (see [`Error::Config`]).
    pub fn is_config(&self) -> bool {
        matches!(self, Self::Config(_))
    }

    /// Whether a new login is needed: [`Error::LoginRequired`], or a token request the login service refused with
    /// `invalid_grant` (RFC 6749 section 5.2: the code or refresh token is invalid, expired, revoked or was used,
    /// as when another process spent a shared refresh token). Retrying cannot help; signing in again does.
    pub fn is_login_required(&self) -> bool {
        match self {
            Self::LoginRequired(_) => true,
            // A token request's own "login required" (no refresh token, a token source's answer), wrapped.
            Self::Token(inner) => {
                inner.is_login_required() || inner.code() == Some("invalid_grant")
            }
            _ => false,
        }
    }

    /// The client a [`CreatedButNotReadable`](Self::CreatedButNotReadable) error carries, with its secret.
    #[cfg(feature = "oauth")]
    pub fn into_created(self) -> Option<crate::lifecycle::CreatedClient> {
        match self {
            Self::CreatedButNotReadable { created, .. } => Some(*created),
            _ => None,
        }
    }

    /// Whether a client was created but could not be read back (see [`Error::CreatedButNotReadable`]).
    #[cfg(feature = "oauth")]
    pub fn is_created_but_not_readable(&self) -> bool {
        matches!(self, Self::CreatedButNotReadable { .. })
    }

    /// Whether a helper gave up waiting (see [`Error::WaitTimedOut`]).
    pub fn is_wait_timed_out(&self) -> bool {
        matches!(self, Self::WaitTimedOut { .. })
    }

    /// Whether a usage query failed on the server (see [`Error::UsageQueryFailed`]).
    pub fn is_usage_query_failed(&self) -> bool {
        matches!(self, Self::UsageQueryFailed { .. })
    }

    /// Whether paging stopped before the last page (see [`Error::PagingStoppedEarly`]).
    pub fn is_paging_stopped_early(&self) -> bool {
        matches!(self, Self::PagingStoppedEarly { .. })
    }

    /// Whether trying the same call again is safe and may succeed, whatever the operation: the platform
    /// throttled it (429, not processed), or it failed before anything was sent.
    ///
    /// Gateway errors, timeouts and broken connections may follow a request that was processed: see
    /// [`is_transient`](Self::is_transient), and retry those only for idempotent operations (a GET, PUT or
    /// DELETE), never for a create or a secret regeneration. The client has already retried what it could.
    pub fn is_retryable(&self) -> bool {
        match self {
            Self::Api { error, .. } => error.is_throttled(),
            Self::Transport { error, .. } => {
                error.send_state() == SendState::NotSent && !error.is_permanent()
            }
            Self::Token(inner) => inner.is_retryable() || inner.is_transient(),
            _ => false,
        }
    }

    /// Whether the same call may succeed later, though the failed request may have been processed: 429, 502,
    /// 503, 504, timeouts and transport failures. Safe to retry only for idempotent operations.
    pub fn is_transient(&self) -> bool {
        match self {
            Self::Api { error, .. } => error.is_retryable(),
            Self::Transport { error, .. } => {
                error.kind() != TransportErrorKind::BodyTooLarge && !error.is_permanent()
            }
            Self::Timeout { .. } => true,
            Self::Token(inner) => inner.is_transient(),
            _ => false,
        }
    }

    /// The number of attempts the call made, where known.
    pub fn attempts(&self) -> Option<u32> {
        match self {
            Self::Api { attempts, .. }
            | Self::Transport { attempts, .. }
            | Self::Timeout { attempts, .. } => Some(*attempts),
            Self::Token(inner) => inner.attempts(),
            _ => None,
        }
    }

    pub(crate) fn from_response_error(
        error: ResponseError,
        attempts: u32,
        stopped: StopReason,
    ) -> Self {
        match error {
            ResponseError::Api(error) => Self::Api {
                error,
                attempts,
                stopped,
            },
            ResponseError::Decode(error) => Self::Decode(error),
            // ResponseError is non-exhaustive: a kind added later keeps its own identity (it was once reported as
            // an invalid URL, which said nothing true about it).
            other => Self::UnexpectedResponse(Box::new(other)),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Config(error) => write!(f, "invalid client configuration: {error}"),
            Self::Build(error) => write!(f, "the request could not be built: {error}"),
            Self::Token(inner) => write!(f, "could not get an access token: {inner}"),
            Self::LoginRequired(reason) => f.write_str(match reason {
                LoginRequired::CodeAlreadyUsed => {
                    "a new login is needed: the authorization code was used (it is good for one exchange)"
                }
                LoginRequired::NoRefreshToken => {
                    "a new login is needed: the authorization code was used and no refresh token was issued"
                }
                LoginRequired::TokenCannotBeRenewed => {
                    "a new access token is needed: a ready-made token cannot be renewed"
                }
            }),
            Self::Transport { error, attempts } => {
                write!(f, "transport error: {error}")?;
                attempts_suffix(f, *attempts)
            }
            Self::Timeout {
                kind,
                after,
                attempts,
            } => {
                let what = match kind {
                    TimeoutKind::Attempt => "the request",
                    TimeoutKind::Total => "the call",
                };
                write!(f, "{what} timed out after {:.1}s", after.as_secs_f64())?;
                attempts_suffix(f, *attempts)
            }
            Self::Api {
                error,
                attempts,
                stopped,
            } => {
                write!(f, "{error}")?;
                if *stopped == StopReason::RetryAfterTooLong {
                    f.write_str("; the server asked to wait longer than the configured maximum")?;
                }
                attempts_suffix(f, *attempts)
            }
            Self::Decode(error) => write!(f, "{error}"),
            Self::UnexpectedResponse(error) => {
                write!(f, "the API's answer could not be handled: {error}")
            }
            #[cfg(feature = "oauth")]
            Self::CreatedButNotReadable { created, wait } => write!(
                f,
                "client {} was created (its secret is kept in this error: Error::into_created) but could not be \
                 read back: {wait}",
                created.client.id.as_deref().unwrap_or("(no id)")
            ),
            Self::SecretNotReturned { client_id } => write!(
                f,
                "the platform changed the secret of client {client_id} but did not return it"
            ),
            Self::ExecutionIdNotReturned { client_id } => write!(
                f,
                "the platform accepted a usage query for client {client_id} without an executionId"
            ),
            Self::UsageQueryFailed {
                client_id,
                execution_id,
            } => write!(
                f,
                "usage query {execution_id} of client {client_id} failed on the server"
            ),
            Self::WaitTimedOut {
                waiting_for,
                after,
                looks,
            } => {
                match waiting_for {
                    WaitingFor::UsageResult { execution_id, .. } => {
                        write!(f, "usage query {execution_id} did not finish")?
                    }
                    WaitingFor::ClientGone { client_id } => write!(
                        f,
                        "client {client_id} was deleted but could still be read"
                    )?,
                }
                write!(f, " within {:.0}s ({looks} looks)", after.as_secs_f64())
            }
            Self::PagingStoppedEarly {
                operation,
                stopped,
                items,
                pages,
            } => write!(
                f,
                "the listing {operation} stopped early ({stopped}) after {items} entities in {pages} pages"
            ),
        }
    }
}

fn attempts_suffix(f: &mut fmt::Formatter<'_>, attempts: u32) -> fmt::Result {
    if attempts > 1 {
        write!(f, " (after {attempts} attempts)")?;
    }
    Ok(())
}

impl std::error::Error for Error {
    /// The cause not already in this error's message: the wrapped error's own source.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Build(error) => error.source(),
            Self::Token(inner) => inner.source(),
            Self::Transport { error, .. } => error.source(),
            Self::Api { error, .. } => error.source(),
            Self::Decode(error) => error.source(),
            Self::UnexpectedResponse(error) => error.source(),
            #[cfg(feature = "oauth")]
            Self::CreatedButNotReadable { wait, .. } => wait.source(),
            _ => None,
        }
    }
}

impl From<BuildError> for Error {
    fn from(error: BuildError) -> Self {
        Self::Build(error)
    }
}
