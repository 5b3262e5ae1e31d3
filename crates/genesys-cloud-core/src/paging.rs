//! Paging over any listing as pure functions: which page comes next, and when to stop.
//!
//! Every listing of the API answers one page of an entity listing (`entities`, `nextUri`, `pageNumber`,
//! `pageCount`, `pageSize`); the operations that return one implement [`PagedOperation`], and [`Pages`] walks them
//! with a guard against servers that loop.

use std::collections::HashSet;

use crate::error::BuildError;
use crate::operation::Operation;

/// What paging reads of a listing's page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageInfo<'a> {
    /// How many entities the page holds.
    pub entities: usize,
    /// The link to the next page, when the server gives one.
    pub next_uri: Option<&'a str>,
    /// This page's number, from 1.
    pub page_number: Option<i32>,
    /// How many pages the listing has.
    pub page_count: Option<i32>,
    /// The page size the server used.
    pub page_size: Option<i32>,
}

/// An operation that answers one page of an entity listing: generated for every listing of the spec.
pub trait PagedOperation: Operation + Clone {
    /// One entity of a page (`OAuthClientListing`, `DomainOrganizationRole`, ...).
    type Item;

    /// What paging reads of `page`.
    fn page_info(page: &Self::Output) -> PageInfo<'_>;

    /// The entities of `page`, in order.
    fn into_items(page: Self::Output) -> Vec<Self::Item>;

    /// The entities of `page`, borrowed.
    fn page_items(page: &Self::Output) -> &[Self::Item];

    /// The request for the page a `nextUri` link points to; only the link's query is kept.
    fn following(link: &str) -> Result<Self, BuildError>;

    /// This request (with its filters) for page `page_number` of `page_size` entries.
    fn at_page(&self, page_number: i32, page_size: i32) -> Self;

    /// The query string the request sends, without `?`; `None` when it sends none.
    fn query(&self) -> Option<String>;
}

/// The request for the page after `page`, which `previous` asked for; `None` when `page` is the last.
///
/// `nextUri` is followed when present; otherwise `pageNumber + 1` is asked for while it is at most `pageCount`,
/// with `previous`'s filters. An empty page is always the last, so a server that keeps linking to empty pages
/// cannot loop a caller.
pub fn next_page<O: PagedOperation>(
    previous: &O,
    page: &O::Output,
) -> Result<Option<O>, BuildError> {
    let info = O::page_info(page);
    if info.entities == 0 {
        return Ok(None);
    }
    if let Some(link) = info.next_uri.filter(|link| !link.trim().is_empty()) {
        return O::following(link).map(Some);
    }
    match (info.page_number, info.page_count) {
        (Some(number), Some(count)) if number >= 1 && number < count => {
            let size = info
                .page_size
                .filter(|size| *size > 0)
                .unwrap_or_else(|| i32::try_from(info.entities).unwrap_or(i32::MAX));
            Ok(Some(previous.at_page(number + 1, size)))
        }
        _ => Ok(None),
    }
}

/// Why a walk stopped before the server's last page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PagingStopped {
    /// The next page would be one already fetched: the server is looping, so paging stopped there.
    RepeatedPage,
    /// The page limit was reached before the last page.
    PageLimitReached,
}

impl core::fmt::Display for PagingStopped {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::RepeatedPage => "the server linked to a page it had already sent",
            Self::PageLimitReached => "the page limit was reached",
        })
    }
}

/// What to do after a page.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PageStep<O> {
    /// Fetch this page next.
    Next(O),
    /// That was the last page.
    Done,
    /// Paging stops before the server's last page.
    Stopped(PagingStopped),
}

/// The state of a walk over every page of a listing, guarding against loops.
///
/// ```
/// use genesys_cloud_core::ops::GetOauthClients;
/// use genesys_cloud_core::paging::{PageStep, Pages, PagingStopped};
/// use genesys_cloud_models::{OAuthClientEntityListing, OAuthClientListing};
///
/// let first = GetOauthClients::new();
/// let mut pages = Pages::new(&first);
/// // ... send `first`, then:
/// let page = OAuthClientEntityListing::default()
///     .with_entities(vec![OAuthClientListing::new("a")])
///     .with_next_uri("/api/v2/oauth/clients?pageSize=1&pageNumber=2");
/// let PageStep::Next(second) = pages.advance(&page)? else { panic!() };
/// assert_eq!(second.query().as_deref(), Some("pageSize=1&pageNumber=2"));
/// // The same link again is a loop, not a new page.
/// assert_eq!(pages.advance(&page)?, PageStep::Stopped(PagingStopped::RepeatedPage));
/// # Ok::<(), genesys_cloud_core::BuildError>(())
/// ```
#[derive(Clone, Debug)]
pub struct Pages<O> {
    requested: HashSet<Option<String>>,
    max_pages: usize,
    /// The last request handed out, whose filters a page-number step keeps.
    last: O,
}

impl<O: PagedOperation> Pages<O> {
    /// A walk of at most 100,000 pages that starts with `first` (with its filters and page size), recorded as
    /// requested.
    pub fn new(first: &O) -> Self {
        Self {
            requested: HashSet::from([first.query()]),
            max_pages: 100_000,
            last: first.clone(),
        }
    }

    /// Limits the walk to `max_pages` pages (at least 1).
    #[must_use]
    pub fn with_max_pages(mut self, max_pages: usize) -> Self {
        self.max_pages = max_pages.max(1);
        self
    }

    /// What comes after `page`, the answer to the last request handed out.
    pub fn advance(&mut self, page: &O::Output) -> Result<PageStep<O>, BuildError> {
        let Some(next) = next_page(&self.last, page)? else {
            return Ok(PageStep::Done);
        };
        if self.requested.len() >= self.max_pages {
            return Ok(PageStep::Stopped(PagingStopped::PageLimitReached));
        }
        if !self.requested.insert(next.query()) {
            return Ok(PageStep::Stopped(PagingStopped::RepeatedPage));
        }
        self.last = next.clone();
        Ok(PageStep::Next(next))
    }

    /// How many pages have been requested.
    pub fn pages_requested(&self) -> usize {
        self.requested.len()
    }
}
