//! The seam to any HTTP stack: send an `http::Request<Bytes>`, get an `http::Response<Bytes>` back.
//!
//! The traits are implemented for closures, so plugging in ureq, reqwest, a tower service or a test double takes
//! a few lines. [`send_sync`], [`send_async`] and [`send_async_local`] then build, send and parse one operation.
//!
//! Two asynchronous traits, because one cannot serve both kinds of stack: [`AsyncTransport`] promises `Send`
//! futures, which multi-threaded executors such as tokio's need to move a task between threads;
//! [`LocalAsyncTransport`] promises nothing, so that stacks whose futures hold `Rc`s or JavaScript values (wasm's
//! `fetch`) fit, at the price of running on the thread that created them.

use core::future::Future;

use bytes::Bytes;

use crate::environment::Environment;
use crate::error::{BuildError, ResponseError};
use crate::operation::{Auth, Operation};

/// A blocking HTTP stack.
pub trait SyncTransport {
    /// The stack's own error type.
    type Error;

    /// Sends a request and returns the whole response.
    fn send(&self, request: http::Request<Bytes>) -> Result<http::Response<Bytes>, Self::Error>;
}

impl<F, E> SyncTransport for F
where
    F: Fn(http::Request<Bytes>) -> Result<http::Response<Bytes>, E>,
{
    type Error = E;

    fn send(&self, request: http::Request<Bytes>) -> Result<http::Response<Bytes>, E> {
        self(request)
    }
}

/// An asynchronous HTTP stack.
pub trait AsyncTransport {
    /// The stack's own error type.
    type Error;

    /// Sends a request and returns the whole response.
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> impl Future<Output = Result<http::Response<Bytes>, Self::Error>> + Send;
}

impl<F, Fut, E> AsyncTransport for F
where
    F: Fn(http::Request<Bytes>) -> Fut,
    Fut: Future<Output = Result<http::Response<Bytes>, E>> + Send,
{
    type Error = E;

    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> impl Future<Output = Result<http::Response<Bytes>, E>> + Send {
        self(request)
    }
}

/// An asynchronous HTTP stack whose futures need not be `Send`: one that keeps `Rc`/`RefCell` state, or wasm's
/// `fetch`. Driven by [`send_async_local`]; a stack with `Send` futures implements [`AsyncTransport`] instead.
pub trait LocalAsyncTransport {
    /// The stack's own error type.
    type Error;

    /// Sends a request and returns the whole response.
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> impl Future<Output = Result<http::Response<Bytes>, Self::Error>>;
}

impl<F, Fut, E> LocalAsyncTransport for F
where
    F: Fn(http::Request<Bytes>) -> Fut,
    Fut: Future<Output = Result<http::Response<Bytes>, E>>,
{
    type Error = E;

    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> impl Future<Output = Result<http::Response<Bytes>, E>> {
        self(request)
    }
}

/// The failure of one operation sent through a transport.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SendError<E> {
    /// The request could not be built; nothing was sent.
    #[error(transparent)]
    Build(BuildError),
    /// The HTTP stack failed.
    #[error("the HTTP transport failed")]
    Transport(#[source] E),
    /// The response was an API error or could not be decoded.
    #[error(transparent)]
    Response(ResponseError),
}

/// Builds, sends (blocking) and parses one operation.
pub fn send_sync<O: Operation, T: SyncTransport>(
    transport: &T,
    environment: &Environment,
    auth: Auth<'_>,
    operation: &O,
) -> Result<O::Output, SendError<T::Error>> {
    let request = operation
        .to_http_request(environment, auth)
        .map_err(SendError::Build)?;
    let response = transport.send(request).map_err(SendError::Transport)?;
    O::parse_response(response).map_err(SendError::Response)
}

/// Builds, sends and parses one operation over an asynchronous stack. No runtime is involved here: the future
/// runs on whatever executor the caller uses, and is `Send` when the transport is `Sync`.
pub async fn send_async<O: Operation, T: AsyncTransport>(
    transport: &T,
    environment: &Environment,
    auth: Auth<'_>,
    operation: &O,
) -> Result<O::Output, SendError<T::Error>> {
    send_via(environment, auth, operation, |request| {
        transport.send(request)
    })
    .await
}

/// Builds, sends and parses one operation over a stack whose futures need not be `Send` (see
/// [`LocalAsyncTransport`]). The future is `Send` only if the transport's is; run it on a single-threaded or
/// local executor.
pub async fn send_async_local<O: Operation, T: LocalAsyncTransport>(
    transport: &T,
    environment: &Environment,
    auth: Auth<'_>,
    operation: &O,
) -> Result<O::Output, SendError<T::Error>> {
    send_via(environment, auth, operation, |request| {
        transport.send(request)
    })
    .await
}

/// The one body of both async entry points: they differ only in what they promise about `Send`, which the
/// compiler infers for this future from `send`'s.
async fn send_via<O, E, Fut>(
    environment: &Environment,
    auth: Auth<'_>,
    operation: &O,
    send: impl FnOnce(http::Request<Bytes>) -> Fut,
) -> Result<O::Output, SendError<E>>
where
    O: Operation,
    Fut: Future<Output = Result<http::Response<Bytes>, E>>,
{
    let request = operation
        .to_http_request(environment, auth)
        .map_err(SendError::Build)?;
    let response = send(request).await.map_err(SendError::Transport)?;
    O::parse_response(response).map_err(SendError::Response)
}
