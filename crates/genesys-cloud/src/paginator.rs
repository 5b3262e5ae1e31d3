//! [`ClientPages`] and [`ClientItems`]: every page of the client list, or every client, as streams.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use futures_core::Stream;
use genesys_cloud_core::ops::GetOauthClients;
use genesys_cloud_core::paging::{ClientPages as PageWalk, PageStep};
use genesys_cloud_core::{BuildError, Operation};
use genesys_cloud_models::{OAuthClientEntityListing, OAuthClientListing};

use crate::client::Client;
use crate::error::Error;
use crate::request_builder::{CallOptions, RequestBuilder};

type PageFuture = Pin<Box<dyn Future<Output = Result<OAuthClientEntityListing, Error>> + Send>>;

impl RequestBuilder<'_, GetOauthClients> {
    /// Asks for pages of `size` entries with `pageSize` and `pageNumber` query parameters. The API spec defines
    /// no query parameter for `getOauthClients`, and the platform answers with one page of everything
    /// regardless; without this no parameter is sent, and pages are followed only when the server links them
    /// (`nextUri`, or `pageCount` beyond the page it sent).
    pub fn page_size(self, size: i32) -> Self {
        self.map_operation(|_| GetOauthClients::new().with_page(1, size.max(1)))
    }

    /// Every page, as a stream; see [`ClientPages`].
    pub fn pages(self) -> ClientPages {
        ClientPages {
            client: self.client.clone(),
            options: self.options,
            walk: PageWalk::new(),
            next: Some(self.operation),
            started: false,
            stopped_early: None,
            broken_link: None,
            in_flight: None,
            ended_by_error: false,
        }
    }

    /// Every client of every page, as a stream; see [`ClientItems`].
    pub fn items(self) -> ClientItems {
        ClientItems {
            pages: self.pages(),
            buffered: Vec::new(),
            ended_by_error: false,
        }
    }
}

/// Every page of [`get_oauth_clients`](crate::Client::get_oauth_clients): a [`Stream`] of `Result<page, Error>` that follows `nextUri` (or
/// `pageNumber`/`pageCount`) and ends after the last page, on a page the server already sent (a loop), or at
/// the page limit ([`stopped_early`](Self::stopped_early) tells which).
///
/// As a stream, an error is yielded once and then the stream ends: a consumer that skips errors
/// (`filter_map(Result::ok)`) cannot spin forever on a list that cannot go on, and one that stops at the first
/// error (`try_collect`, `?`) sees it. [`next_page`](Self::next_page) resumes instead: after a failed request it
/// asks for the same page again, and after a page whose link cannot be followed it fails again, so an error never
/// looks like the end of the list.
///
/// ```no_run
/// # async fn example(client: genesys_cloud::Client) -> Result<(), genesys_cloud::Error> {
/// let mut pages = client.get_oauth_clients().page_size(100).pages();
/// while let Some(page) = pages.next_page().await? {
///     for listed in page.entities.unwrap_or_default() {
///         println!("{}", listed.name);
///     }
/// }
/// # Ok(()) }
/// ```
#[must_use = "a stream does nothing until polled"]
pub struct ClientPages {
    client: Client,
    options: CallOptions,
    walk: PageWalk,
    next: Option<GetOauthClients>,
    started: bool,
    stopped_early: Option<PageStep>,
    /// Why the link of the last page could not be followed: every later poll fails with it.
    broken_link: Option<String>,
    in_flight: Option<PageFuture>,
    /// Whether the stream yielded an error, after which it ends.
    ended_by_error: bool,
}

impl core::fmt::Debug for ClientPages {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ClientPages")
            .field("next", &self.next)
            .field("stopped_early", &self.stopped_early)
            .field("pages_requested", &self.walk.pages_requested())
            .finish_non_exhaustive()
    }
}

impl ClientPages {
    /// Stops after `pages` pages.
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.walk = self.walk.with_max_pages(pages);
        self
    }

    /// The next page, `Ok(None)` after the last. After an error, calling again resumes: the same page is asked
    /// for again (or a link that cannot be followed fails again).
    pub async fn next_page(&mut self) -> Result<Option<OAuthClientEntityListing>, Error> {
        self.ended_by_error = false;
        core::future::poll_fn(|cx| self.poll_page(cx))
            .await
            .transpose()
    }

    /// Why paging stopped before the server's last page (a repeated page or the page limit), if it did.
    pub fn stopped_early(&self) -> Option<&PageStep> {
        self.stopped_early.as_ref()
    }

    /// Every client of every page. Paging that stops before the server's last page (a page repeated by the
    /// server, or the page limit) is [`Error::PagingStoppedEarly`], since the list would be incomplete.
    pub async fn collect_all(mut self) -> Result<Vec<OAuthClientListing>, Error> {
        let mut all = Vec::new();
        while let Some(page) = self.next_page().await? {
            all.extend(page.entities.unwrap_or_default());
        }
        match self.stopped_early {
            None => Ok(all),
            Some(step) => Err(Error::PagingStoppedEarly {
                step,
                clients: all.len(),
                pages: self.walk.pages_requested(),
            }),
        }
    }

    /// Records what comes after `page`.
    fn advance(&mut self, page: &OAuthClientEntityListing) {
        self.next = None;
        match self.walk.advance(page) {
            Ok(PageStep::Next(next)) => self.next = Some(next),
            Ok(PageStep::Done) => {}
            Ok(other) => {
                tracing::warn!(step = ?other, "client list paging stopped early");
                self.stopped_early = Some(other);
            }
            // The page is good; its link is not. Hand out the page now and the error on every later poll.
            Err(error) => {
                self.broken_link = Some(match error {
                    BuildError::InvalidUrl { reason } => reason,
                    other => other.to_string(),
                });
            }
        }
    }
}

impl Stream for ClientPages {
    type Item = Result<OAuthClientEntityListing, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.ended_by_error {
            return Poll::Ready(None);
        }
        let next = core::task::ready!(this.poll_page(cx));
        this.ended_by_error = matches!(next, Some(Err(_)));
        Poll::Ready(next)
    }
}

impl ClientPages {
    /// The next page, resuming after an error.
    fn poll_page(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<OAuthClientEntityListing, Error>>> {
        let this = self;
        if this.in_flight.is_none() {
            if let Some(reason) = &this.broken_link {
                return Poll::Ready(Some(Err(Error::Build(BuildError::InvalidUrl {
                    reason: reason.clone(),
                }))));
            }
            let Some(request) = this.next.clone() else {
                return Poll::Ready(None);
            };
            if !this.started {
                this.started = true;
                let _first = this.walk.start(request.clone());
            }
            let client = this.client.clone();
            let options = this.options.clone();
            this.in_flight = Some(Box::pin(async move {
                client
                    .run(&request, &options, |response, _| {
                        GetOauthClients::parse_response(response)
                    })
                    .await
            }));
        }
        let Some(in_flight) = this.in_flight.as_mut() else {
            return Poll::Ready(None);
        };
        let result = core::task::ready!(in_flight.as_mut().poll(cx));
        this.in_flight = None;
        if let Ok(page) = &result {
            this.advance(page);
        }
        // After an error `next` is unchanged: the next poll asks for the same page again.
        Poll::Ready(Some(result))
    }
}

/// Every client of every page of [`get_oauth_clients`](crate::Client::get_oauth_clients), one at a time: a [`Stream`] of
/// `Result<client, Error>` over [`ClientPages`], with its rules for errors (the stream ends after yielding one;
/// [`next_item`](Self::next_item) resumes).
#[must_use = "a stream does nothing until polled"]
#[derive(Debug)]
pub struct ClientItems {
    pages: ClientPages,
    /// Clients of the current page not yet handed out, in reverse order.
    buffered: Vec<OAuthClientListing>,
    /// Whether the stream yielded an error, after which it ends.
    ended_by_error: bool,
}

impl ClientItems {
    /// The next client, `Ok(None)` after the last. After an error, calling again resumes as
    /// [`ClientPages::next_page`] does.
    pub async fn next_item(&mut self) -> Result<Option<OAuthClientListing>, Error> {
        self.ended_by_error = false;
        core::future::poll_fn(|cx| self.poll_item(cx))
            .await
            .transpose()
    }

    /// The next client, resuming after an error.
    fn poll_item(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<OAuthClientListing, Error>>> {
        loop {
            if let Some(item) = self.buffered.pop() {
                return Poll::Ready(Some(Ok(item)));
            }
            match core::task::ready!(self.pages.poll_page(cx)) {
                Some(Ok(page)) => {
                    self.buffered = page.entities.unwrap_or_default();
                    self.buffered.reverse();
                }
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }

    /// Why paging stopped before the server's last page, if it did.
    pub fn stopped_early(&self) -> Option<&PageStep> {
        self.pages.stopped_early()
    }
}

impl Stream for ClientItems {
    type Item = Result<OAuthClientListing, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        if this.ended_by_error {
            return Poll::Ready(None);
        }
        let next = core::task::ready!(this.poll_item(cx));
        this.ended_by_error = matches!(next, Some(Err(_)));
        Poll::Ready(next)
    }
}
