//! Paging over the client list as pure functions: which page comes next, and when to stop.

use std::collections::HashSet;

use genesys_cloud_models::OAuthClientEntityListing;

use crate::error::BuildError;
use crate::ops::GetOauthClients;

/// The request for the page after `page`, or `None` when `page` is the last.
///
/// `nextUri` is followed when present; otherwise `pageNumber + 1` is asked for while it is at most `pageCount`.
/// An empty page is always the last, so a server that keeps linking to empty pages cannot loop a caller.
pub fn next_page(page: &OAuthClientEntityListing) -> Result<Option<GetOauthClients>, BuildError> {
    if page.entities.as_ref().is_none_or(Vec::is_empty) {
        return Ok(None);
    }
    if let Some(link) = page
        .next_uri
        .as_deref()
        .filter(|link| !link.trim().is_empty())
    {
        return GetOauthClients::next_page(link).map(Some);
    }
    match (page.page_number, page.page_count) {
        (Some(number), Some(count)) if number >= 1 && number < count => {
            let size = page.page_size.filter(|size| *size > 0).unwrap_or_else(|| {
                page.entities
                    .as_ref()
                    .map_or(0, |e| i32::try_from(e.len()).unwrap_or(i32::MAX))
            });
            Ok(Some(GetOauthClients::new().with_page(number + 1, size)))
        }
        _ => Ok(None),
    }
}

/// What to do after a page.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PageStep {
    /// Fetch this page next.
    Next(GetOauthClients),
    /// That was the last page.
    Done,
    /// The next page would be one already fetched: the server is looping, so paging stops here.
    RepeatedPage,
    /// The page limit was reached before the last page.
    PageLimitReached,
}

/// The state of a walk over every page of the client list, guarding against loops.
///
/// ```
/// use genesys_cloud_core::paging::{ClientPages, PageStep};
/// use genesys_cloud_models::{OAuthClientEntityListing, OAuthClientListing};
///
/// let mut pages = ClientPages::new();
/// let first = pages.first();
/// // ... send `first`, then:
/// let page = OAuthClientEntityListing::default()
///     .with_entities(vec![OAuthClientListing::new("a")])
///     .with_next_uri("/api/v2/oauth/clients?pageSize=1&pageNumber=2");
/// let PageStep::Next(second) = pages.advance(&page)? else { panic!() };
/// assert_eq!(second.query(), Some("pageSize=1&pageNumber=2"));
/// // The same link again is a loop, not a new page.
/// assert_eq!(pages.advance(&page)?, PageStep::RepeatedPage);
/// # Ok::<(), genesys_cloud_core::BuildError>(())
/// ```
#[derive(Clone, Debug)]
pub struct ClientPages {
    requested: HashSet<Option<String>>,
    max_pages: usize,
}

impl Default for ClientPages {
    fn default() -> Self {
        Self::new()
    }
}

impl ClientPages {
    /// A walk of at most 100,000 pages.
    pub fn new() -> Self {
        Self {
            requested: HashSet::new(),
            max_pages: 100_000,
        }
    }

    /// Limits the walk to `max_pages` pages (at least 1).
    #[must_use]
    pub fn with_max_pages(mut self, max_pages: usize) -> Self {
        self.max_pages = max_pages.max(1);
        self
    }

    /// The first page's request, recorded as requested.
    pub fn first(&mut self) -> GetOauthClients {
        self.start(GetOauthClients::new())
    }

    /// Starts the walk with a chosen first request (for example with a page size).
    pub fn start(&mut self, first: GetOauthClients) -> GetOauthClients {
        self.requested.insert(first.query().map(str::to_owned));
        first
    }

    /// What comes after `page`.
    pub fn advance(&mut self, page: &OAuthClientEntityListing) -> Result<PageStep, BuildError> {
        let Some(next) = next_page(page)? else {
            return Ok(PageStep::Done);
        };
        if self.requested.len() >= self.max_pages {
            return Ok(PageStep::PageLimitReached);
        }
        if !self.requested.insert(next.query().map(str::to_owned)) {
            return Ok(PageStep::RepeatedPage);
        }
        Ok(PageStep::Next(next))
    }

    /// How many pages have been requested.
    pub fn pages_requested(&self) -> usize {
        self.requested.len()
    }
}
