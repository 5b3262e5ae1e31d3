//! [`ClientPaginator`]: every page of the client list, or every client, without a hand-written loop.

use genesys_cloud_core::BuildError;
use genesys_cloud_core::ops::GetOauthClients;
use genesys_cloud_core::paging::{ClientPages, PageStep};
use genesys_cloud_models::{OAuthClientEntityListing, OAuthClientListing};

use crate::client::Client;
use crate::error::Error;

/// Walks the client list page by page, following `nextUri` (or `pageNumber`/`pageCount`), and stops at the last
/// page, on a page the server already sent (a loop), or at the page limit.
///
/// ```no_run
/// # async fn example(client: genesys_cloud::Client) -> Result<(), genesys_cloud::Error> {
/// let mut pages = client.oauth_clients_paginator().page_size(100);
/// while let Some(page) = pages.next_page().await? {
///     for listed in page.entities.unwrap_or_default() {
///         println!("{}", listed.name);
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Debug)]
#[must_use = "a paginator does nothing until polled"]
pub struct ClientPaginator {
    client: Client,
    pages: ClientPages,
    next: Option<GetOauthClients>,
    started: bool,
    stopped_early: Option<PageStep>,
    /// Clients of the current page not yet handed out by `next_item`, in reverse order.
    buffered: Vec<OAuthClientListing>,
    /// Why the link of the last page handed out could not be followed: reported by every call after that page,
    /// so that the walk never looks finished when it is not.
    broken_link: Option<String>,
}

impl ClientPaginator {
    pub(crate) fn new(client: Client) -> Self {
        Self {
            client,
            pages: ClientPages::new(),
            next: Some(GetOauthClients::new()),
            started: false,
            stopped_early: None,
            buffered: Vec::new(),
            broken_link: None,
        }
    }

    /// Asks for pages of `size` entries with `pageSize` and `pageNumber` query parameters. The API spec defines
    /// no query parameter for `getOauthClients`, and the platform answers with one page of everything
    /// regardless; without this the paginator sends none, and follows the pages only when the server links
    /// them (`nextUri`, or `pageCount` beyond the page it sent).
    pub fn page_size(mut self, size: i32) -> Self {
        if !self.started {
            self.next = Some(GetOauthClients::new().with_page(1, size.max(1)));
        }
        self
    }

    /// Stops after `pages` pages.
    pub fn max_pages(mut self, pages: usize) -> Self {
        self.pages = self.pages.with_max_pages(pages);
        self
    }

    /// The next page, or `None` after the last.
    ///
    /// After an error the paginator stays where it was, so an error never looks like the end of the list: after a
    /// failed request, calling again retries the same page; after a page whose link cannot be followed, every
    /// later call fails with that link's error.
    pub async fn next_page(&mut self) -> Result<Option<OAuthClientEntityListing>, Error> {
        if let Some(reason) = &self.broken_link {
            return Err(Error::Build(BuildError::InvalidUrl {
                reason: reason.clone(),
            }));
        }
        let Some(request) = self.next.clone() else {
            return Ok(None);
        };
        if !self.started {
            self.started = true;
            let _first = self.pages.start(request.clone());
        }
        let page = self.client.execute(&request).await?;
        self.next = None;
        match self.pages.advance(&page) {
            Ok(PageStep::Next(next)) => self.next = Some(next),
            Ok(PageStep::Done) => {}
            Ok(other) => {
                tracing::warn!(step = ?other, "client list paging stopped early");
                self.stopped_early = Some(other);
            }
            // The page is good; its link is not. Hand out the page now and the error on every later call.
            Err(error) => {
                self.broken_link = Some(match error {
                    BuildError::InvalidUrl { reason } => reason,
                    other => other.to_string(),
                });
            }
        }
        Ok(Some(page))
    }

    /// The next client, across pages: a page is fetched when the previous one is used up.
    ///
    /// Do not mix with [`next_page`](Self::next_page) on the same paginator: items buffered from a page would
    /// be skipped.
    pub async fn next_item(&mut self) -> Result<Option<OAuthClientListing>, Error> {
        loop {
            if let Some(item) = self.buffered.pop() {
                return Ok(Some(item));
            }
            match self.next_page().await? {
                Some(page) => {
                    self.buffered = page.entities.unwrap_or_default();
                    self.buffered.reverse();
                }
                None => return Ok(None),
            }
        }
    }

    /// Why paging stopped before the server's last page (a repeated page or the page limit), if it did.
    pub fn stopped_early(&self) -> Option<&PageStep> {
        self.stopped_early.as_ref()
    }

    /// Every client of every page. Paging that stops before the server's last page (a page repeated by the
    /// server, or the page limit) is an error here, since the list would be incomplete.
    pub async fn collect_all(mut self) -> Result<Vec<OAuthClientListing>, Error> {
        let mut all = Vec::new();
        while let Some(page) = self.next_page().await? {
            all.extend(page.entities.unwrap_or_default());
        }
        match self.stopped_early {
            None => Ok(all),
            Some(step) => Err(Error::GaveUp(format!(
                "the client list stopped early ({step:?}) after {} clients in {} pages",
                all.len(),
                self.pages.pages_requested()
            ))),
        }
    }
}

impl Client {
    /// Every page of `GET /api/v2/oauth/clients`.
    pub fn oauth_clients_paginator(&self) -> ClientPaginator {
        ClientPaginator::new(self.clone())
    }
}
