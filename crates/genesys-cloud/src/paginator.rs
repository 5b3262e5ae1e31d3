//! [`Pages`] and [`Items`]: every page of a listing (OAuth clients, roles, divisions, permissions), or every
//! entity of it, as streams.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use futures_core::Stream;
use genesys_cloud_core::BuildError;
#[cfg(feature = "oauth")]
use genesys_cloud_core::ops::GetOauthClients;
use genesys_cloud_core::paging::{PageStep, PagedOperation, Pages as PageWalk, PagingStopped};

use crate::client::Client;
use crate::error::Error;
use crate::request_builder::{CallOptions, RequestBuilder};

type PageFuture<O> = Pin<
    Box<dyn Future<Output = Result<<O as genesys_cloud_core::Operation>::Output, Error>> + Send>,
>;

#[cfg(feature = "oauth")]
impl RequestBuilder<GetOauthClients> {
    /// Asks for pages of `size` entries with `pageSize` and `pageNumber` query parameters. The API spec defines
    /// no query parameter for `getOauthClients`, and the platform answers with one page of everything
    /// regardless; without this no parameter is sent, and pages are followed only when the server links them
    /// (`nextUri`, or `pageCount` beyond the page it sent).
    pub fn page_size(self, size: i32) -> Self {
        self.map_operation(|_| GetOauthClients::new().with_page(1, size.max(1)))
    }
}

impl<O> RequestBuilder<O>
where
    O: PagedOperation + Send + Sync + 'static,
    O::Output: Send + 'static,
{
    /// Every page, as a stream; see [`Pages`].
    pub fn pages(self) -> Pages<O> {
        Pages {
            client: self.client,
            options: self.options,
            walk: PageWalk::new(&self.operation),
            next: Some(self.operation),
            stopped_early: None,
            broken_link: None,
            in_flight: None,
            ended_by_error: false,
        }
    }

    /// Every entity of every page, as a stream; see [`Items`].
    pub fn items(self) -> Items<O> {
        Items {
            pages: self.pages(),
            buffered: Vec::new(),
            ended_by_error: false,
        }
    }
}

/// Every page of a listing ([`get_oauth_clients`](crate::Client::get_oauth_clients),
/// [`get_authorization_roles`](crate::Client::get_authorization_roles), ...): a [`Stream`] of
/// `Result<page, Error>` that follows `nextUri` (or `pageNumber`/`pageCount`, keeping the request's filters) and
/// ends after the last page, on a page the server already sent (a loop), or at the page limit
/// ([`stopped_early`](Self::stopped_early) tells which).
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
pub struct Pages<O: PagedOperation> {
    client: Client,
    options: CallOptions,
    walk: PageWalk<O>,
    next: Option<O>,
    stopped_early: Option<PagingStopped>,
    /// Why the link of the last page could not be followed: every later poll fails with it.
    broken_link: Option<String>,
    in_flight: Option<PageFuture<O>>,
    /// Whether the stream yielded an error, after which it ends.
    ended_by_error: bool,
}

// Nothing of a walk is pinned in place (the request in flight is boxed), whatever the operation type.
impl<O: PagedOperation> Unpin for Pages<O> {}

impl<O: PagedOperation> Unpin for Items<O> {}

impl<O: PagedOperation + core::fmt::Debug> core::fmt::Debug for Pages<O> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Pages")
            .field("next", &self.next)
            .field("stopped_early", &self.stopped_early)
            .field("pages_requested", &self.walk.pages_requested())
            .finish_non_exhaustive()
    }
}

impl<O> Pages<O>
where
    O: PagedOperation + Send + Sync + 'static,
    O::Output: Send + 'static,
{
    /// Stops after `pages` pages.
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.walk = self.walk.with_max_pages(pages);
        self
    }

    /// The next page, `Ok(None)` after the last. After an error, calling again resumes: the same page is asked
    /// for again (or a link that cannot be followed fails again).
    pub async fn next_page(&mut self) -> Result<Option<O::Output>, Error> {
        self.ended_by_error = false;
        core::future::poll_fn(|cx| self.poll_page(cx))
            .await
            .transpose()
    }

    /// Why paging stopped before the server's last page (a repeated page or the page limit), if it did.
    pub fn stopped_early(&self) -> Option<PagingStopped> {
        self.stopped_early
    }

    /// Every entity of every page. Paging that stops before the server's last page (a page repeated by the
    /// server, or the page limit) is [`Error::PagingStoppedEarly`], since the list would be incomplete.
    pub async fn collect_all(mut self) -> Result<Vec<O::Item>, Error> {
        let mut all = Vec::new();
        while let Some(page) = self.next_page().await? {
            all.extend(O::into_items(page));
        }
        match self.stopped_early {
            None => Ok(all),
            Some(stopped) => Err(Error::PagingStoppedEarly {
                operation: O::ID,
                stopped,
                items: all.len(),
                pages: self.walk.pages_requested(),
            }),
        }
    }

    /// Records what comes after `page`.
    fn advance(&mut self, page: &O::Output) {
        self.next = None;
        match self.walk.advance(page) {
            Ok(PageStep::Next(next)) => self.next = Some(next),
            Ok(PageStep::Stopped(stopped)) => {
                tracing::warn!(operation = O::ID, %stopped, "paging stopped early");
                self.stopped_early = Some(stopped);
            }
            Ok(_) => {}
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

impl<O> Stream for Pages<O>
where
    O: PagedOperation + Send + Sync + 'static,
    O::Output: Send + 'static,
{
    type Item = Result<O::Output, Error>;

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

impl<O> Pages<O>
where
    O: PagedOperation + Send + Sync + 'static,
    O::Output: Send + 'static,
{
    /// The next page, resuming after an error.
    fn poll_page(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<O::Output, Error>>> {
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
            let client = this.client.clone();
            let options = this.options.clone();
            this.in_flight = Some(Box::pin(async move {
                client
                    .run(&request, &options, |response, _| {
                        O::parse_response(response)
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

/// Every entity of every page of a listing, one at a time: a [`Stream`] of `Result<entity, Error>` over
/// [`Pages`], with its rules for errors (the stream ends after yielding one; [`next_item`](Self::next_item)
/// resumes).
#[must_use = "a stream does nothing until polled"]
pub struct Items<O: PagedOperation> {
    pages: Pages<O>,
    /// Entities of the current page not yet handed out, in reverse order.
    buffered: Vec<O::Item>,
    /// Whether the stream yielded an error, after which it ends.
    ended_by_error: bool,
}

impl<O: PagedOperation + core::fmt::Debug> core::fmt::Debug for Items<O> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("buffered", &self.buffered.len())
            .finish_non_exhaustive()
    }
}

impl<O> Items<O>
where
    O: PagedOperation + Send + Sync + 'static,
    O::Output: Send + 'static,
{
    /// The next entity, `Ok(None)` after the last. After an error, calling again resumes as
    /// [`Pages::next_page`] does.
    pub async fn next_item(&mut self) -> Result<Option<O::Item>, Error> {
        self.ended_by_error = false;
        core::future::poll_fn(|cx| self.poll_item(cx))
            .await
            .transpose()
    }

    /// The next entity, resuming after an error.
    fn poll_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<O::Item, Error>>> {
        loop {
            if let Some(item) = self.buffered.pop() {
                return Poll::Ready(Some(Ok(item)));
            }
            match core::task::ready!(self.pages.poll_page(cx)) {
                Some(Ok(page)) => {
                    self.buffered = O::into_items(page);
                    self.buffered.reverse();
                }
                Some(Err(error)) => return Poll::Ready(Some(Err(error))),
                None => return Poll::Ready(None),
            }
        }
    }

    /// Why paging stopped before the server's last page, if it did.
    pub fn stopped_early(&self) -> Option<PagingStopped> {
        self.pages.stopped_early()
    }

    /// Every entity of every page that is left, as [`Pages::collect_all`] gathers them: paging that stops before
    /// the server's last page is [`Error::PagingStoppedEarly`], since the list would be incomplete.
    pub async fn collect_all(mut self) -> Result<Vec<O::Item>, Error> {
        let mut all = Vec::new();
        while let Some(item) = self.next_item().await? {
            all.push(item);
        }
        match self.pages.stopped_early {
            None => Ok(all),
            Some(stopped) => Err(Error::PagingStoppedEarly {
                operation: O::ID,
                stopped,
                items: all.len(),
                pages: self.pages.walk.pages_requested(),
            }),
        }
    }
}

impl<O> Stream for Items<O>
where
    O: PagedOperation + Send + Sync + 'static,
    O::Output: Send + 'static,
{
    type Item = Result<O::Item, Error>;

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
