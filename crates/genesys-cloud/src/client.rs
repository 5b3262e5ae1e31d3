//! [`Client`]: sends any core operation with tokens, retries, timeouts and tracing.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use genesys_cloud_core::retry::{self, Attempts, Decision, Outcome, RetryConfig, StopReason};
use genesys_cloud_core::{Auth, BearerHeader, Environment, Operation, ResponseError};
use genesys_cloud_models::AccessToken;
use http::HeaderValue;
use http::header::USER_AGENT;
use tokio::time::Instant;
use tracing::Instrument;

use crate::builder::ClientBuilder;
use crate::error::{Error, SendState, TimeoutKind, TransportErrorKind};
use crate::meta::{Response, ResponseMeta};
use crate::token_cache::{CachedToken, TokenCache, TokenInfo};
use crate::trace;
use crate::transport::Transport;

/// The client of the Genesys Cloud OAuth API.
///
/// Build it once ([`Client::builder`]) and share it: it is cheap to clone (an `Arc`), `Send` and `Sync`, and all
/// clones share one connection pool and one token cache.
///
/// Every call gets a token when it needs one (fetching or renewing it first, once for all concurrent callers),
/// retries what is safe to retry (429 after its `Retry-After`; 502, 503, 504 and connection failures for idempotent
/// operations only), refreshes the token and retries once after a 401, and is bounded by the attempt and total
/// timeouts.
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

/// Why an attempt failed: an API answer (which keeps its body for the final error) or anything else.
enum Failure {
    Response(ResponseError),
    Other(Error),
}

impl Failure {
    fn into_error(self, attempts: u32, stopped: StopReason) -> Error {
        match self {
            Self::Response(error) => Error::from_response_error(error, attempts, stopped),
            Self::Other(error) => error,
        }
    }
}

/// How a 2xx response becomes the caller's value.
type Parser<T> = fn(http::Response<Bytes>) -> Result<T, ResponseError>;

/// Checks a response with the operation's own parser, then hands back the body as received.
fn raw_body<O: Operation>(response: http::Response<Bytes>) -> Result<Bytes, ResponseError> {
    let mut copy = http::Response::new(response.body().clone());
    *copy.status_mut() = response.status();
    *copy.headers_mut() = response.headers().clone();
    O::parse_response(copy)?;
    Ok(response.into_body())
}

/// What one run of the attempt loop needs to return.
struct Sent<T> {
    value: T,
    meta: Option<ResponseMeta>,
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

    /// Sends any operation of the core crate and returns its result.
    pub async fn execute<O>(&self, operation: &O) -> Result<O::Output, Error>
    where
        O: Operation + Sync,
    {
        self.run(operation, false, O::parse_response)
            .await
            .map(|sent| sent.value)
    }

    /// Like [`execute_with_meta`](Self::execute_with_meta), returning the body exactly as the API sent it (with
    /// every field, including those the models do not know) after checking that it parses as the operation's
    /// output. Errors are the same as those of `execute`. Tools that print the API's JSON use this.
    pub async fn execute_raw<O>(&self, operation: &O) -> Result<Response<Bytes>, Error>
    where
        O: Operation + Sync,
    {
        let sent = self.run(operation, true, raw_body::<O>).await?;
        let meta = sent
            .meta
            .ok_or_else(|| Error::GaveUp("the response metadata was not recorded".to_owned()))?;
        Ok(Response {
            value: sent.value,
            meta,
        })
    }

    /// Like [`execute`](Self::execute), with the response's status, headers and correlation id.
    pub async fn execute_with_meta<O>(&self, operation: &O) -> Result<Response<O::Output>, Error>
    where
        O: Operation + Sync,
    {
        let sent = self.run(operation, true, O::parse_response).await?;
        let meta = sent
            .meta
            .ok_or_else(|| Error::GaveUp("the response metadata was not recorded".to_owned()))?;
        Ok(Response {
            value: sent.value,
            meta,
        })
    }

    /// The current access token and its expiry, fetching or renewing it first if needed.
    pub async fn access_token(&self) -> Result<TokenInfo, Error> {
        let token = self.inner.tokens.get(self).await?;
        Ok(TokenInfo {
            token: token.token.clone(),
            expires_at: token.expires_at,
        })
    }

    /// Sends a token grant (or anything else that needs no bearer token) with retries and timeouts.
    pub(crate) async fn send_unauthenticated<O>(&self, operation: &O) -> Result<O::Output, Error>
    where
        O: Operation + Sync,
    {
        let deadline = self.total_deadline();
        self.attempts(operation, None, false, O::parse_response, deadline)
            .await
            .map(|sent| sent.value)
    }

    /// When a call that starts now must be over: the total timeout bounds the whole call, retries and waits
    /// included. `None` when the timeout is too large to be a deadline.
    ///
    /// The deadline is passed down to each wait of the call (token fetch, attempt, retry pause) rather than
    /// enforced by a timer around the whole call: a call that gets its token from the cache and succeeds at the
    /// first attempt then arms a single timer instead of two. Each armed Tokio timer takes the timer wheel's
    /// lock twice and can wake the parked driver thread, which showed at 64 concurrent calls on two cores.
    fn total_deadline(&self) -> Option<Instant> {
        Instant::now().checked_add(self.inner.total_timeout)
    }

    /// The error of a call whose total timeout passed after `attempts` attempts.
    fn total_timeout_error(&self, attempts: u32) -> Error {
        Error::Timeout {
            kind: TimeoutKind::Total,
            after: self.inner.total_timeout,
            attempts,
        }
    }

    /// Runs `future` until `deadline`; past it, the call fails with the total timeout.
    async fn before_deadline<T>(
        &self,
        deadline: Option<Instant>,
        future: impl core::future::Future<Output = Result<T, Error>>,
    ) -> Result<T, Error> {
        match deadline {
            Some(deadline) => tokio::time::timeout_at(deadline, future)
                .await
                .unwrap_or_else(|_| Err(self.total_timeout_error(0))),
            None => future.await,
        }
    }

    /// A fresh token: from the cache without waiting (and without a timer), else fetched before `deadline`.
    async fn token(&self, deadline: Option<Instant>) -> Result<Arc<CachedToken>, Error> {
        match self.inner.tokens.cached() {
            Some(token) => Ok(token),
            None => {
                self.before_deadline(deadline, self.inner.tokens.get(self))
                    .await
            }
        }
    }

    async fn run<O, T>(
        &self,
        operation: &O,
        want_meta: bool,
        parse: Parser<T>,
    ) -> Result<Sent<T>, Error>
    where
        O: Operation + Sync,
    {
        let deadline = self.total_deadline();
        self.run_with_token(operation, want_meta, parse, deadline)
            .await
    }

    /// Gets a token, runs the attempts, and after a 401 renews the token and runs them once more.
    async fn run_with_token<O, T>(
        &self,
        operation: &O,
        want_meta: bool,
        parse: Parser<T>,
        deadline: Option<Instant>,
    ) -> Result<Sent<T>, Error>
    where
        O: Operation + Sync,
    {
        if !O::AUTHENTICATED {
            return self
                .attempts(operation, None, want_meta, parse, deadline)
                .await;
        }
        let token = match self.inner.tokens.cached() {
            Some(token) => token,
            None => {
                // A request that cannot be built (an empty id, CR/LF in a header) fails before a token is
                // fetched for it. Only on this cold path: with a cached token the attempt itself finds out.
                let placeholder = BearerHeader::new(&AccessToken::new("placeholder"))?;
                operation.to_http_request(&self.inner.environment, Auth::Bearer(&placeholder))?;
                self.token(deadline).await?
            }
        };
        match self
            .attempts(operation, Some(&token), want_meta, parse, deadline)
            .await
        {
            Err(error) if error.is_unauthorized() && self.inner.tokens.can_renew() => {
                tracing::debug!(
                    operation = O::ID,
                    "401: renewing the token and retrying once"
                );
                self.inner.tokens.invalidate(token.generation);
                let token = self.token(deadline).await?;
                self.attempts(operation, Some(&token), want_meta, parse, deadline)
                    .await
            }
            result => result,
        }
    }

    /// Sends the operation, retrying as the retry policy allows.
    async fn attempts<O, T>(
        &self,
        operation: &O,
        token: Option<&CachedToken>,
        want_meta: bool,
        parse: Parser<T>,
        deadline: Option<Instant>,
    ) -> Result<Sent<T>, Error>
    where
        O: Operation + Sync,
    {
        let auth = token.map_or(Auth::None, |token| Auth::Bearer(&token.bearer));
        let started = Instant::now();
        let mut made = 0u32;
        // Whether an earlier attempt may have been applied by the server: its connection broke after sending, it
        // timed out, or a gateway answered 5xx. Then a retry's "not found" can mean that the earlier attempt did
        // the work (a DELETE), which the operation decides.
        let mut maybe_applied = false;
        loop {
            made += 1;
            let mut request = operation.to_http_request(&self.inner.environment, auth)?;
            if let Some(user_agent) = &self.inner.user_agent {
                request.headers_mut().insert(USER_AGENT, user_agent.clone());
            }
            let span = tracing::debug_span!(
                "genesys_request",
                operation = O::ID,
                method = %O::METHOD,
                path = request.uri().path(),
                attempt = made,
                status = tracing::field::Empty,
                correlation_id = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
            );
            if self.inner.log_bodies && O::AUTHENTICATED {
                span.in_scope(|| trace::request_body(request.body()));
            }
            // Without a subscriber for the span, its fields are not computed: no clock read, no header lookup.
            let traced = !span.is_disabled();
            let attempt_started = traced.then(Instant::now);
            // One timer bounds the attempt by whichever comes first: its own timeout or the call's deadline.
            let attempt_deadline = Instant::now()
                .checked_add(self.inner.attempt_timeout)
                .map(|end| deadline.map_or(end, |deadline| end.min(deadline)))
                .or(deadline);
            let total_bound = attempt_deadline.is_some() && attempt_deadline == deadline;
            let send = self.inner.transport.send(request);
            let sent = match attempt_deadline {
                Some(end) => tokio::time::timeout_at(end, send)
                    .instrument(span.clone())
                    .await
                    .map_err(drop),
                None => Ok(send.instrument(span.clone()).await),
            };
            if sent.is_err() && total_bound {
                return Err(self.total_timeout_error(made));
            }
            if let Some(attempt_started) = attempt_started {
                span.record("elapsed_ms", attempt_started.elapsed().as_millis() as u64);
            }
            let (outcome, failure) = match sent {
                Ok(Ok(response)) => {
                    if traced {
                        span.record("status", response.status().as_u16());
                        if let Some(id) = genesys_cloud_core::correlation_id(response.headers()) {
                            span.record("correlation_id", id);
                        }
                    }
                    if self.inner.log_bodies && O::AUTHENTICATED {
                        span.in_scope(|| trace::response_body(response.body()));
                    }
                    match Self::parse(response, want_meta, made, parse) {
                        Ok(sent) => {
                            span.in_scope(|| tracing::debug!("response"));
                            return Ok(sent);
                        }
                        Err(ResponseError::Api(api))
                            if maybe_applied && O::retry_answer_means_done(api.status) =>
                        {
                            span.in_scope(|| {
                                tracing::info!(
                                    status = api.status.as_u16(),
                                    "an earlier attempt may have been applied: this answer to the retry means done"
                                );
                            });
                            return Self::done_after_retry(*api, want_meta, made, parse);
                        }
                        Err(ResponseError::Api(api)) => {
                            let outcome = Outcome::Response {
                                status: api.status,
                                retry_after: api.retry_after_delay(SystemTime::now()),
                            };
                            (outcome, Failure::Response(ResponseError::Api(api)))
                        }
                        Err(other) => {
                            return Err(Error::from_response_error(
                                other,
                                made,
                                StopReason::NotRetryable,
                            ));
                        }
                    }
                }
                // An answer over the body cap would be over it again: retrying would only download it again.
                Ok(Err(transport)) if transport.kind() == TransportErrorKind::BodyTooLarge => {
                    return Err(Error::Transport {
                        error: transport,
                        attempts: made,
                    });
                }
                Ok(Err(transport)) => {
                    let outcome = match transport.send_state() {
                        SendState::NotSent => Outcome::NotSent,
                        _ => Outcome::MaybeSent,
                    };
                    (
                        outcome,
                        Failure::Other(Error::Transport {
                            error: transport,
                            attempts: made,
                        }),
                    )
                }
                Err(_elapsed) => (
                    Outcome::MaybeSent,
                    Failure::Other(Error::Timeout {
                        kind: TimeoutKind::Attempt,
                        after: self.inner.attempt_timeout,
                        attempts: made,
                    }),
                ),
            };
            maybe_applied |= match &outcome {
                Outcome::MaybeSent => true,
                Outcome::Response { status, .. } => status.is_server_error(),
                _ => false,
            };
            let attempts = Attempts::new(made, started.elapsed());
            match retry::decide(
                &self.inner.retry,
                attempts,
                O::IDEMPOTENT,
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

    /// The result of a call whose retry was answered with what the operation counts as done: its output parsed
    /// from an empty `204 No Content`, with the metadata of the answer actually received.
    fn done_after_retry<T>(
        answer: genesys_cloud_core::ApiError,
        want_meta: bool,
        attempts: u32,
        parse: Parser<T>,
    ) -> Result<Sent<T>, Error> {
        let mut empty = http::Response::new(Bytes::new());
        *empty.status_mut() = http::StatusCode::NO_CONTENT;
        let value = parse(empty).map_err(|error| {
            Error::from_response_error(error, attempts, StopReason::NotRetryable)
        })?;
        let meta = want_meta.then(|| ResponseMeta {
            status: answer.status,
            headers: answer.headers,
            attempts,
        });
        Ok(Sent { value, meta })
    }

    fn parse<T>(
        response: http::Response<Bytes>,
        want_meta: bool,
        attempts: u32,
        parse: Parser<T>,
    ) -> Result<Sent<T>, ResponseError> {
        let meta = want_meta.then(|| ResponseMeta {
            status: response.status(),
            headers: response.headers().clone(),
            attempts,
        });
        parse(response).map(|value| Sent { value, meta })
    }
}
