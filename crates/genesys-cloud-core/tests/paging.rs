//! Paging over client listings: nextUri, pageNumber/pageCount, the end, and the loop guard.

use genesys_cloud_core::ops::GetOauthClients;
use genesys_cloud_core::paging::{PageStep, Pages, PagingStopped};

/// The page after `page`, when the first request (no filters) asked for it.
fn next_page(
    page: &OAuthClientEntityListing,
) -> Result<Option<GetOauthClients>, genesys_cloud_core::BuildError> {
    genesys_cloud_core::paging::next_page(&GetOauthClients::new(), page)
}
use genesys_cloud_models::{OAuthClientEntityListing, OAuthClientListing};

fn page(entities: usize) -> OAuthClientEntityListing {
    OAuthClientEntityListing::default().with_entities(
        (0..entities)
            .map(|i| OAuthClientListing::new(format!("c{i}")))
            .collect::<Vec<_>>(),
    )
}

#[test]
fn next_uri_is_followed() {
    let listing = page(2)
        .with_next_uri("/api/v2/oauth/clients?pageSize=2&pageNumber=2")
        .with_page_number(1)
        .with_page_count(9);
    let next = next_page(&listing).unwrap().unwrap();
    assert_eq!(next.query().as_deref(), Some("pageSize=2&pageNumber=2"));
}

#[test]
fn page_number_and_count_without_next_uri() {
    let listing = page(100)
        .with_page_size(100)
        .with_page_number(2)
        .with_page_count(3);
    assert_eq!(
        next_page(&listing).unwrap().unwrap().query().as_deref(),
        Some("pageSize=100&pageNumber=3")
    );
    let last = page(100)
        .with_page_size(100)
        .with_page_number(3)
        .with_page_count(3);
    assert_eq!(next_page(&last).unwrap(), None);
}

#[test]
fn the_end() {
    // One page with everything, as the platform usually answers.
    let all = page(12)
        .with_page_size(12)
        .with_page_number(1)
        .with_page_count(1)
        .with_total(12);
    assert_eq!(next_page(&all).unwrap(), None);
    // An empty page ends the walk even if it links onwards.
    let empty = page(0).with_next_uri("/api/v2/oauth/clients?pageNumber=99");
    assert_eq!(next_page(&empty).unwrap(), None);
    assert_eq!(
        next_page(&OAuthClientEntityListing::default()).unwrap(),
        None
    );
    assert_eq!(next_page(&page(3).with_next_uri("  ")).unwrap(), None);
}

#[test]
fn a_repeated_page_stops_the_walk() {
    let first = GetOauthClients::new();
    let mut pages = Pages::new(&first);
    assert_eq!(first.query(), None);
    let p1 = page(1).with_next_uri("/api/v2/oauth/clients?pageNumber=2");
    let p2 = page(1).with_next_uri("/api/v2/oauth/clients?pageNumber=3");
    let p3_links_back = page(1).with_next_uri("/api/v2/oauth/clients?pageNumber=2");
    assert!(matches!(pages.advance(&p1).unwrap(), PageStep::Next(_)));
    assert!(matches!(pages.advance(&p2).unwrap(), PageStep::Next(_)));
    assert_eq!(
        pages.advance(&p3_links_back).unwrap(),
        PageStep::Stopped(PagingStopped::RepeatedPage)
    );
    assert_eq!(pages.pages_requested(), 3);
    // A link back to the first page (no query) is a repeat too.
    let mut pages = Pages::new(&GetOauthClients::new());
    assert_eq!(
        pages
            .advance(&page(1).with_next_uri("/api/v2/oauth/clients"))
            .unwrap(),
        PageStep::Stopped(PagingStopped::RepeatedPage)
    );
}

#[test]
fn a_page_limit_bounds_endless_servers() {
    let mut pages = Pages::new(&GetOauthClients::new()).with_max_pages(2);
    assert!(matches!(
        pages
            .advance(&page(1).with_next_uri("/api/v2/oauth/clients?n=2"))
            .unwrap(),
        PageStep::Next(_)
    ));
    assert_eq!(
        pages
            .advance(&page(1).with_next_uri("/api/v2/oauth/clients?n=3"))
            .unwrap(),
        PageStep::Stopped(PagingStopped::PageLimitReached)
    );
}

#[test]
fn a_bad_link_is_an_error_not_a_request_elsewhere() {
    let listing = page(1).with_next_uri("/api/v2/users?pageNumber=2");
    assert!(next_page(&listing).is_err());
}

/// A page size of 0 or below in the answer is not used for the next request (it would ask for empty pages): the
/// number of entities on the page is. (Mutation testing found `> 0` could become `>= 0`.)
#[test]
fn a_page_size_of_zero_or_below_falls_back_to_the_page_length() {
    for size in [0, -1, i32::MIN] {
        let listing = page(3)
            .with_page_size(size)
            .with_page_number(1)
            .with_page_count(4);
        assert_eq!(
            next_page(&listing).unwrap().unwrap().query().as_deref(),
            Some("pageSize=3&pageNumber=2"),
            "pageSize {size}"
        );
    }
}

/// Why a walk stopped is said in words: it ends the executor's `PagingStoppedEarly` message and the CLI's warning
/// (the one survivor of `cargo mutants` over this change's paging and path code: Display replaced with nothing).
#[test]
fn why_paging_stopped_is_said_in_words() {
    assert_eq!(
        PagingStopped::RepeatedPage.to_string(),
        "the server linked to a page it had already sent"
    );
    assert_eq!(
        PagingStopped::PageLimitReached.to_string(),
        "the page limit was reached"
    );
}
