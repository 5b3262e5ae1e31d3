//! [`Client`]: sends any core operation with tokens, retries, timeouts and tracing.
//!
//! A call is three layers, each with one job: [`Client::send_with_token`] (a token, and one renewal after a 401),
//! [`Client::send_with_retries`] (the retry loop over statuses, transport failures and `Retry-After`) and
//! [`Client::send_once`] (one timed attempt). The answer is parsed once, after the loop.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use genesys_cloud_core::retry::{self, Attempts, Decision, Outcome, RetryConfig, StopReason};
use genesys_cloud_core::token::TokenResponse;
use genesys_cloud_core::{ApiError, Auth, BearerHeader, Environment, Operation, ResponseError};
use genesys_cloud_models::AccessToken;
use http::header::USER_AGENT;
use http::{HeaderMap, HeaderValue, StatusCode};
use tokio::time::Instant;
use tracing::Instrument;

use crate::builder::ClientBuilder;
use crate::error::{Error, SendState, TimeoutKind, TransportError, TransportErrorKind};
use crate::request_builder::{CallOptions, RequestBuilder};
use crate::token_cache::{CachedToken, GrantSender, TokenCache, TokenInfo};
use crate::trace;
use crate::transport::{Pending, Transport};

/// The client of the Genesys Cloud OAuth API.
///
/// Build it once ([`Client::builder`]) and share it: it is cheap to clone (an `Arc`), `Send` and `Sync`, and all
/// clones share one connection pool and one token cache.
///
/// Every call gets a token when it needs one (fetching or renewing it first, once for all concurrent callers),
/// retries what is safe to retry (429 after its `Retry-After`; 502, 503, 504 and connection failures for idempotent
/// operations only), refreshes the token and retries once after a 401, and is bounded by the attempt and total
/// timeouts, which each call can override.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) environment: Environment,
    pub(crate) transport: Transport,
    pub(crate) tokens: TokenCache,
    pub(crate) retry: RetryConfig,
    pub(crate) attempt_timeout: Duration,
    pub(crate) total_timeout: Duration,
    pub(crate) user_agent: Option<HeaderValue>,
    pub(crate) log_bodies: bool,
}

impl core::fmt::Debug for Client {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Client")
            .field("environment", &self.inner.environment)
            .field("retry", &self.inner.retry)
            .field("attempt_timeout", &self.inner.attempt_timeout)
            .field("total_timeout", &self.inner.total_timeout)
            .finish_non_exhaustive()
    }
}

/// What a call received, for its metadata.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Received {
    /// The status the server answered (a retry's 404 that means done stays 404 here).
    pub(crate) status: StatusCode,
    /// Attempts made.
    pub(crate) attempts: u32,
}

/// The settings of one call: the client's, with the call's overrides.
struct Policy<'a> {
    retry: &'a RetryConfig,
    attempt_timeout: Duration,
    total_timeout: Duration,
}

/// What the token layer and the retry loop need of an operation, as values: they are compiled once for every
/// operation rather than once per operation type (13 operations and 5 grants); `cargo build --timings` put the
/// executor's own compile time at 27.7 s instead of 32.5 s (BENCHMARKS.md, issue 15).
struct Call<'a> {
    id: &'static str,
    method: http::Method,
    idempotent: bool,
    authenticated: bool,
    revokes_token: bool,
    about_own_token: bool,
    retry_answer_means_done: fn(StatusCode) -> bool,
    operation: &'a dyn BuildRequest,
}

impl<'a> Call<'a> {
    fn of<O: Operation + Sync>(operation: &'a O) -> Self {
        Self {
            id: O::ID,
            method: O::METHOD,
            idempotent: O::IDEMPOTENT,
            authenticated: O::AUTHENTICATED,
            revokes_token: O::REVOKES_TOKEN,
            about_own_token: O::ABOUT_OWN_TOKEN,
            retry_answer_means_done: O::retry_answer_means_done,
            operation,
        }
    }
}

/// An operation's request building, callable through `dyn`.
trait BuildRequest: Sync {
    fn build_request(
        &self,
        environment: &Environment,
        auth: Auth<'_>,
    ) -> Result<http::Request<Bytes>, genesys_cloud_core::BuildError>;
}

impl<O: Operation + Sync> BuildRequest for O {
    fn build_request(
        &self,
        environment: &Environment,
        auth: Auth<'_>,
    ) -> Result<http::Request<Bytes>, genesys_cloud_core::BuildError> {
        self.to_http_request(environment, auth)
    }
}

/// The answer a call ends with, before parsing.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    attempts: u32,
    /// A retry's error answer that the operation counts as done (an earlier attempt was applied): parsed as an
    /// empty `204 No Content`.
    done_after_retry: bool,
}

/// Why an attempt failed.
enum Failure {
    /// An API answer, kept whole for the final error.
    Api(Box<ApiError>),
    Other(Error),
}

impl Failure {
    fn into_error(self, attempts: u32, stopped: StopReason) -> Error {
        match self {
            Self::Api(error) => Error::Api {
                error,
                attempts,
                stopped,
            },
            Self::Other(error) => error,
        }
    }
}

impl Client {
    /// A builder; see [`ClientBuilder`] for every setting.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }

    pub(crate) fn from_inner(inner: Inner) -> Self {
        Self {
            inner: Arc::new(inner),
        }
    }

    /// Where requests go.
    pub fn environment(&self) -> &Environment {
        &self.inner.environment
    }

    /// A call of any operation of the core crate, with the same per-call settings as the named methods:
    /// `client.execute(GetOauthClient::new(id)).await`. Awaiting the builder boxes a `'static` future, so it takes
    /// the operation by value; a borrowed one (`execute(&op)`, to send the same operation again) gives a future
    /// that is not `'static`: send it with [`send`](RequestBuilder::send).
    pub fn execute<O: Operation>(&self, operation: O) -> RequestBuilder<O> {
        RequestBuilder::new(self.clone(), operation)
    }

    /// The current token, with its refresh token and expiry, fetching or renewing it first if needed: to use
    /// elsewhere (another tool) or to persist (a code-grant app that must survive a restart).
    pub async fn token(&self) -> Result<TokenInfo, Error> {
        let token = self.inner.tokens.get(self).await?;
        Ok(self.inner.tokens.info(&token))
    }

    /// Sends the operation and turns its answer into the caller's value with `finish`: the one path of every
    /// call. `finish` gets the response (an empty `204` when a retry's answer means done) and what was received.
    pub(crate) async fn run<O, T>(
        &self,
        operation: &O,
        options: &CallOptions,
        finish: impl FnOnce(http::Response<Bytes>, Received) -> Result<T, ResponseError>,
    ) -> Result<T, Error>
    where
        O: Operation + Sync,
    {
        let answer = self.send_call(&Call::of(operation), options).await?;
        Self::finish(answer, finish)
    }

    /// The part of [`run`](Self::run) that does not depend on the operation's type: compiled once for every
    /// operation rather than once per operation.
    async fn send_call(&self, call: &Call<'_>, options: &CallOptions) -> Result<Answer, Error> {
        let policy = self.policy(options);
        let deadline = Instant::now().checked_add(policy.total_timeout);
        self.send_with_token(call, &policy, deadline).await
    }

    /// The client's settings with the call's overrides.
    fn policy<'a>(&'a self, options: &'a CallOptions) -> Policy<'a> {
        Policy {
            retry: options.retry.as_ref().unwrap_or(&self.inner.retry),
            attempt_timeout: options
                .attempt_timeout
                .unwrap_or(self.inner.attempt_timeout),
            total_timeout: options.total_timeout.unwrap_or(self.inner.total_timeout),
        }
    }

    /// Hands the answer to `finish` as a response (an empty `204` when a retry's answer means done).
    fn finish<T>(
        answer: Answer,
        finish: impl FnOnce(http::Response<Bytes>, Received) -> Result<T, ResponseError>,
    ) -> Result<T, Error> {
        let received = Received {
            status: answer.status,
            attempts: answer.attempts,
        };
        let mut response = http::Response::new(answer.body);
        *response.status_mut() = if answer.done_after_retry {
            StatusCode::NO_CONTENT
        } else {
            answer.status
        };
        *response.headers_mut() = answer.headers;
        finish(response, received).map_err(|error| {
            Error::from_response_error(error, answer.attempts, StopReason::NotRetryable)
        })
    }

    /// Sends a token grant (or anything else that needs no bearer token) with retries and timeouts. It skips
    /// the token layer: fetching a token must not need one.
    pub(crate) async fn send_unauthenticated<O>(&self, operation: &O) -> Result<O::Output, Error>
    where
        O: Operation + Sync,
    {
        let options = CallOptions::default();
        let policy = self.policy(&options);
        let deadline = Instant::now().checked_add(policy.total_timeout);
        let answer = self
            .send_with_retries(
                &Call::of(operation),
                Auth::None,
                &policy,
                deadline,
                &mut false,
            )
            .await?;
        Self::finish(answer, |response, _| O::parse_response(response))
    }

    /// A fresh token: from the cache without waiting (and without a timer), else fetched before `deadline`.
    async fn token_before(&self, deadline: Option<Instant>) -> Result<Arc<CachedToken>, Error> {
        if let Some(token) = self.inner.tokens.cached() {
            return Ok(token);
        }
        // Boxed: fetching a token is the cold path, and its future (a whole grant call) would otherwise make
        // every call's future that much larger, copied on every call.
        let fetch = Box::pin(self.inner.tokens.get(self));
        match deadline {
            Some(deadline) => tokio::time::timeout_at(deadline, fetch)
                .await
                .unwrap_or_else(|_| {
                    Err(Error::Timeout {
                        kind: TimeoutKind::Total,
                        after: self.inner.total_timeout,
                        attempts: 0,
                    })
                }),
            None => fetch.await,
        }
    }

    /// Gets a token, sends with retries, and after a 401 renews the token and sends once more.
    async fn send_with_token(
        &self,
        call: &Call<'_>,
        policy: &Policy<'_>,
        deadline: Option<Instant>,
    ) -> Result<Answer, Error> {
        if !call.authenticated {
            return self
                .send_with_retries(call, Auth::None, policy, deadline, &mut false)
                .await;
        }
        // A call about its own token is about the current one while it works, even if it is due for renewal (a
        // renewal would revoke or probe the new token and leave the old one alive).
        let current = if call.about_own_token {
            self.inner.tokens.usable()
        } else {
            self.inner.tokens.cached()
        };
        let token = match current {
            Some(token) => token,
            None => {
                // A request that cannot be built (an empty id, CR/LF in a header) fails before a token is
                // fetched for it. Only on this cold path: with a cached token the attempt itself finds out.
                let placeholder = BearerHeader::new(&AccessToken::new("placeholder"))?;
                call.operation
                    .build_request(&self.inner.environment, Auth::Bearer(&placeholder))?;
                self.token_before(deadline).await?
            }
        };
        let mut maybe_applied = false;
        if call.about_own_token {
            let result = self
                .send_with_retries(
                    call,
                    Auth::Bearer(&token.bearer),
                    policy,
                    deadline,
                    &mut maybe_applied,
                )
                .await;
            let unauthorized = result.as_ref().is_err_and(Error::is_unauthorized);
            // Revoked, dead already, or perhaps revoked by an attempt whose answer was lost: the token must not be
            // sent again. A probe's 401 only says the token is dead, so the next call renews it.
            if call.revokes_token && (result.is_ok() || unauthorized || maybe_applied) {
                self.inner.tokens.forget(token.generation);
            } else if unauthorized {
                self.inner.tokens.invalidate(token.generation);
            }
            return result;
        }
        match self
            .send_with_retries(
                call,
                Auth::Bearer(&token.bearer),
                policy,
                deadline,
                &mut maybe_applied,
            )
            .await
        {
            Err(error) if error.is_unauthorized() && self.inner.tokens.can_renew() => {
                tracing::debug!(
                    operation = call.id,
                    "401: renewing the token and retrying once"
                );
                self.inner.tokens.invalidate(token.generation);
                let token = self.token_before(deadline).await?;
                self.send_with_retries(
                    call,
                    Auth::Bearer(&token.bearer),
                    policy,
                    deadline,
                    &mut maybe_applied,
                )
                .await
            }
            result => result,
        }
    }

    /// Sends the operation until it succeeds or the retry policy says stop.
    ///
    /// `maybe_applied` says whether an earlier attempt of the call may have been applied by the server (its
    /// connection broke after sending, it timed out, or a gateway answered 5xx), also across the token renewal
    /// after a 401: then a retry's "not found" can mean that the earlier attempt did the work (a DELETE), which the
    /// operation decides.
    async fn send_with_retries(
        &self,
        call: &Call<'_>,
        auth: Auth<'_>,
        policy: &Policy<'_>,
        deadline: Option<Instant>,
        maybe_applied: &mut bool,
    ) -> Result<Answer, Error> {
        let started = Instant::now();
        let mut made = 0u32;
        loop {
            made = made.saturating_add(1);
            let log_bodies = self.inner.log_bodies && call.authenticated;
            let (span, pending) = self.start_attempt(call, auth, made, log_bodies)?;
            let (outcome, failure) = match self
                .send_once(pending, policy, deadline, made, &span, log_bodies)
                .await?
            {
                Ok(response) if response.status().is_success() => {
                    span.in_scope(|| tracing::debug!("response"));
                    let (parts, body) = response.into_parts();
                    return Ok(Answer {
                        status: parts.status,
                        headers: parts.headers,
                        body,
                        attempts: made,
                        done_after_retry: false,
                    });
                }
                Ok(response) => {
                    let api = ApiError::from_response(response);
                    if *maybe_applied && (call.retry_answer_means_done)(api.status) {
                        span.in_scope(|| {
                            tracing::info!(
                                status = api.status.as_u16(),
                                "an earlier attempt may have been applied: this answer to the retry means done"
                            );
                        });
                        return Ok(Answer {
                            status: api.status,
                            headers: api.headers,
                            body: Bytes::new(),
                            attempts: made,
                            done_after_retry: true,
                        });
                    }
                    let outcome = Outcome::Response {
                        status: api.status,
                        retry_after: api.retry_after_delay(SystemTime::now()),
                    };
                    (outcome, Failure::Api(Box::new(api)))
                }
                // An answer over the body cap would be over it again: retrying would only download it again. A
                // certificate that failed verification fails again too.
                Err(Failure::Other(Error::Transport { error, attempts }))
                    if error.kind() == TransportErrorKind::BodyTooLarge || error.is_permanent() =>
                {
                    return Err(Error::Transport { error, attempts });
                }
                Err(failure) => {
                    let outcome = match &failure {
                        Failure::Other(Error::Transport { error, .. })
                            if error.send_state() == SendState::NotSent =>
                        {
                            Outcome::NotSent
                        }
                        _ => Outcome::MaybeSent,
                    };
                    (outcome, failure)
                }
            };
            *maybe_applied |= match &outcome {
                Outcome::MaybeSent => true,
                Outcome::Response { status, .. } => status.is_server_error(),
                _ => false,
            };
            let attempts = Attempts::new(made, started.elapsed());
            match retry::decide(
                policy.retry,
                attempts,
                call.idempotent,
                &outcome,
                fastrand::f64(),
            ) {
                Decision::RetryAfter(wait) => {
                    span.in_scope(|| {
                        tracing::info!(wait_ms = wait.as_millis() as u64, outcome = ?outcome, "retrying");
                    });
                    let resume = Instant::now().checked_add(wait);
                    match (resume, deadline) {
                        (Some(resume), Some(deadline)) if resume < deadline => {
                            tokio::time::sleep_until(resume).await;
                        }
                        (_, Some(_)) => {
                            // The wait would outlast the call's deadline: report the last failure now, with its
                            // status and Retry-After, rather than sleep until a bare timeout.
                            return Err(failure.into_error(made, StopReason::BudgetExhausted));
                        }
                        (Some(resume), None) => tokio::time::sleep_until(resume).await,
                        (None, None) => tokio::time::sleep(wait).await,
                    }
                }
                Decision::Stop(stopped) => {
                    span.in_scope(|| tracing::debug!(?stopped, "giving up"));
                    return Err(failure.into_error(made, stopped));
                }
                _ => return Err(failure.into_error(made, StopReason::NotRetryable)),
            }
        }
    }

    /// Builds the attempt's request and its span, and hands the request to the transport. Not `async`: the
    /// request never becomes part of the call's future (see [`Transport::start`]).
    fn start_attempt(
        &self,
        call: &Call<'_>,
        auth: Auth<'_>,
        made: u32,
        log_bodies: bool,
    ) -> Result<(tracing::Span, Pending<'_>), Error> {
        let mut request = call
            .operation
            .build_request(&self.inner.environment, auth)?;
        if let Some(user_agent) = &self.inner.user_agent {
            request.headers_mut().insert(USER_AGENT, user_agent.clone());
        }
        let span = tracing::debug_span!(
            "genesys_request",
            operation = call.id,
            method = %call.method,
            path = request.uri().path(),
            attempt = made,
            status = tracing::field::Empty,
            correlation_id = tracing::field::Empty,
            elapsed_ms = tracing::field::Empty,
        );
        // In the span: a custom transport's `send` runs here, and what it logs belongs to this attempt.
        let pending = span.in_scope(|| {
            if log_bodies {
                trace::request_body(request.body());
            }
            self.inner.transport.start(request)
        });
        Ok((span, pending))
    }

    /// One attempt, bounded by the attempt timeout and the call's deadline. The outer error ends the call (its
    /// total timeout passed); the inner one is a failed attempt that the retry loop judges.
    async fn send_once(
        &self,
        pending: Pending<'_>,
        policy: &Policy<'_>,
        deadline: Option<Instant>,
        made: u32,
        span: &tracing::Span,
        log_bodies: bool,
    ) -> Result<Result<http::Response<Bytes>, Failure>, Error> {
        // Without a subscriber for the span, its fields are not computed: no clock read, no header lookup.
        let traced = !span.is_disabled();
        let attempt_started = traced.then(Instant::now);
        // One timer bounds the attempt by whichever comes first: its own timeout or the call's deadline.
        let attempt_deadline = Instant::now()
            .checked_add(policy.attempt_timeout)
            .map(|end| deadline.map_or(end, |deadline| end.min(deadline)))
            .or(deadline);
        let total_bound = attempt_deadline.is_some() && attempt_deadline == deadline;
        let send = pending.receive();
        let sent: Result<Result<_, TransportError>, ()> = match attempt_deadline {
            Some(end) => tokio::time::timeout_at(end, send)
                .instrument(span.clone())
                .await
                .map_err(drop),
            None => Ok(send.instrument(span.clone()).await),
        };
        if sent.is_err() && total_bound {
            return Err(Error::Timeout {
                kind: TimeoutKind::Total,
                after: policy.total_timeout,
                attempts: made,
            });
        }
        if let Some(attempt_started) = attempt_started {
            span.record("elapsed_ms", attempt_started.elapsed().as_millis() as u64);
        }
        Ok(match sent {
            Ok(Ok(response)) => {
                if traced {
                    span.record("status", response.status().as_u16());
                    if let Some(id) = genesys_cloud_core::correlation_id(response.headers()) {
                        span.record("correlation_id", id);
                    }
                }
                if log_bodies {
                    span.in_scope(|| trace::response_body(response.body()));
                }
                Ok(response)
            }
            Ok(Err(error)) => Err(Failure::Other(Error::Transport {
                error,
                attempts: made,
            })),
            Err(()) => Err(Failure::Other(Error::Timeout {
                kind: TimeoutKind::Attempt,
                after: policy.attempt_timeout,
                attempts: made,
            })),
        })
    }
}

impl GrantSender for Client {
    fn send_grant<G>(
        &self,
        grant: &G,
    ) -> impl core::future::Future<Output = Result<TokenResponse, Error>> + Send
    where
        G: Operation<Output = TokenResponse> + Sync,
    {
        self.send_unauthenticated(grant)
    }
}
