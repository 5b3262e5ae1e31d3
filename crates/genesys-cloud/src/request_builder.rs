//! [`RequestBuilder`]: one call to one operation, with its optional parameters and per-call overrides, sent by
//! `.await` or [`send`](RequestBuilder::send).

use core::future::{Future, IntoFuture};
use core::pin::Pin;
use std::time::Duration;

use bytes::Bytes;
use genesys_cloud_core::Operation;
use genesys_cloud_core::retry::RetryConfig;

use crate::client::{Client, Received};
use crate::error::Error;
use crate::response::{Response, ResponseMeta};

/// Settings of one call that override the client's.
#[derive(Clone, Debug, Default)]
pub(crate) struct CallOptions {
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) total_timeout: Option<Duration>,
    pub(crate) retry: Option<RetryConfig>,
}

/// The boxed future of a builder that is awaited directly (`IntoFuture`). [`RequestBuilder::send`] returns an
/// unboxed future instead.
pub type CallFuture<T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'static>>;

/// One call to the operation `O`, built by the client's method of the same name (`client.get_oauth_client(id)`).
///
/// It owns what it needs (a handle on the client, an `Arc` clone, and the ids), so it can be kept, moved into a
/// task and sent there: `tokio::spawn(client.get_oauth_client(id).send())`.
///
/// Required path parameters were given to that method, in the order of the URL; optional parameters are named
/// setters (on the builder of the operations that have them); and every builder takes per-call overrides of the
/// client's timeouts and retries. Send it with `.await`, or with [`send`](Self::send) for an unboxed future;
/// [`with_meta`](Self::with_meta) also returns the status, headers, correlation id and attempts.
///
/// ```no_run
/// # async fn example(client: genesys_cloud::Client) -> Result<(), genesys_cloud::Error> {
/// use std::time::Duration;
///
/// let scopes = client.get_oauth_scopes().accept_language("fr").await?;
/// let client_info = client
///     .get_oauth_client("5d2d6a87")
///     .attempt_timeout(Duration::from_secs(5))
///     .no_retries()
///     .await?;
/// let with_meta = client.get_oauth_client("5d2d6a87").with_meta().await?;
/// println!("{:?}", with_meta.meta.correlation_id());
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until it is awaited or sent"]
pub struct RequestBuilder<O> {
    pub(crate) client: Client,
    pub(crate) operation: O,
    pub(crate) options: CallOptions,
}

impl<O: core::fmt::Debug> core::fmt::Debug for RequestBuilder<O> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RequestBuilder")
            .field("operation", &self.operation)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl<O> RequestBuilder<O> {
    pub(crate) fn new(client: Client, operation: O) -> Self {
        Self {
            client,
            operation,
            options: CallOptions::default(),
        }
    }

    /// Bounds each attempt of this call (sending and reading the whole response), instead of the client's
    /// attempt timeout.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.options.attempt_timeout = Some(timeout);
        self
    }

    /// Bounds the whole call (token, attempts and waits between them), instead of the client's total timeout.
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.options.total_timeout = Some(timeout);
        self
    }

    /// Retries this call as `retry` says, instead of the client's policy.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.options.retry = Some(retry);
        self
    }

    /// Makes one attempt only (plus one after a 401 with renewable credentials).
    pub fn no_retries(self) -> Self {
        self.retry(RetryConfig::disabled())
    }

    /// The core operation this call sends.
    pub fn operation(&self) -> &O {
        &self.operation
    }

    /// Changes the core operation, for setters the builder does not have.
    // Used by the generated setters of the enabled API groups' optional parameters.
    #[cfg_attr(not(feature = "oauth"), allow(dead_code))]
    pub(crate) fn map_operation(mut self, change: impl FnOnce(O) -> O) -> Self {
        self.operation = change(self.operation);
        self
    }
}

impl<O> RequestBuilder<O>
where
    O: Operation + Sync,
{
    /// Sends the call and returns the operation's output.
    pub async fn send(self) -> Result<O::Output, Error> {
        self.client
            .run(&self.operation, &self.options, |response, _| {
                O::parse_response(response)
            })
            .await
    }

    /// Returns the output together with the response's status, headers, correlation id and attempts.
    pub fn with_meta(self) -> WithMeta<O> {
        WithMeta(self)
    }

    /// Returns the body exactly as the API sent it (with every field, including those the models do not know),
    /// after checking that it parses as the operation's output; tools that print the API's JSON use this.
    pub fn raw(self) -> Raw<O> {
        Raw(self)
    }
}

impl<O> IntoFuture for RequestBuilder<O>
where
    O: Operation + Send + Sync + 'static,
    O::Output: Send,
{
    type Output = Result<O::Output, Error>;
    type IntoFuture = CallFuture<O::Output>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// A call that returns its output with the response's metadata; from [`RequestBuilder::with_meta`].
#[derive(Debug)]
#[must_use = "a request does nothing until it is awaited or sent"]
pub struct WithMeta<O>(RequestBuilder<O>);

impl<O: Operation + Sync> WithMeta<O> {
    /// Sends the call.
    pub async fn send(self) -> Result<Response<O::Output>, Error> {
        let builder = self.0;
        builder
            .client
            .run(
                &builder.operation,
                &builder.options,
                |response, received| {
                    let meta = meta(&response, received);
                    O::parse_response(response).map(|value| Response { value, meta })
                },
            )
            .await
    }
}

impl<O> IntoFuture for WithMeta<O>
where
    O: Operation + Send + Sync + 'static,
    O::Output: Send,
{
    type Output = Result<Response<O::Output>, Error>;
    type IntoFuture = CallFuture<Response<O::Output>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// A call that returns the body as the API sent it, with the response's metadata; from
/// [`RequestBuilder::raw`].
#[derive(Debug)]
#[must_use = "a request does nothing until it is awaited or sent"]
pub struct Raw<O>(RequestBuilder<O>);

impl<O: Operation + Sync> Raw<O> {
    /// Sends the call.
    pub async fn send(self) -> Result<Response<Bytes>, Error> {
        let builder = self.0;
        builder
            .client
            .run(
                &builder.operation,
                &builder.options,
                |response, received| {
                    let meta = meta(&response, received);
                    raw_body::<O>(response).map(|value| Response { value, meta })
                },
            )
            .await
    }
}

impl<O> IntoFuture for Raw<O>
where
    O: Operation + Send + Sync + 'static,
{
    type Output = Result<Response<Bytes>, Error>;
    type IntoFuture = CallFuture<Response<Bytes>>;

    fn into_future(self) -> Self::IntoFuture {
        Box::pin(self.send())
    }
}

/// The metadata of what was received.
fn meta(response: &http::Response<Bytes>, received: Received) -> ResponseMeta {
    ResponseMeta {
        status: received.status,
        headers: response.headers().clone(),
        attempts: received.attempts,
    }
}

/// Checks a response with the operation's own parser, then hands back the body as received.
fn raw_body<O: Operation>(
    response: http::Response<Bytes>,
) -> Result<Bytes, genesys_cloud_core::ResponseError> {
    let mut copy = http::Response::new(response.body().clone());
    *copy.status_mut() = response.status();
    *copy.headers_mut() = response.headers().clone();
    O::parse_response(copy)?;
    Ok(response.into_body())
}
