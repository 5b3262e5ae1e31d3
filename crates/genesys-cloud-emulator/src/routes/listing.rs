//! The query and paging of the Authorization listings (roles, divisions, permissions): `pageNumber` from 1 and
//! `pageSize` (defaults 1 and 25, as the spec gives), page links that keep the request's filters, and typed
//! 400s for values that are not what the spec takes.

use crate::reply::Reply;

/// The spec's default page size of these listings.
const DEFAULT_PAGE_SIZE: u64 = 25;

/// A request's query as name/value pairs (form-decoded, repeated names kept in order).
pub(super) struct Query(Vec<(String, String)>);

impl Query {
    pub(super) fn parse(query: Option<&str>) -> Self {
        Self(
            form_urlencoded::parse(query.unwrap_or_default().as_bytes())
                .into_owned()
                .collect(),
        )
    }

    /// Every value of `name`, in order.
    pub(super) fn all(&self, name: &str) -> Vec<&str> {
        self.0
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .collect()
    }

    /// The value of `name`; the last one when given more than once.
    pub(super) fn one(&self, name: &str) -> Option<&str> {
        self.all(name).last().copied()
    }

    /// A boolean parameter: `true` or `false`, else a 400 naming it.
    pub(super) fn flag(&self, name: &str, default: bool) -> Result<bool, Reply> {
        match self.one(name) {
            None => Ok(default),
            Some("true") => Ok(true),
            Some("false") => Ok(false),
            Some(other) => Err(Reply::invalid(&[(
                name.to_owned(),
                format!("`{other}` is not true or false"),
            )])),
        }
    }

    /// The pairs of this query other than the page's, re-encoded: what page links carry over.
    fn filters(&self) -> String {
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (key, value) in &self.0 {
            if key != "pageSize" && key != "pageNumber" {
                out.append_pair(key, value);
            }
        }
        out.finish()
    }

    /// Refuses the opaque `nextPage`/`previousPage` tokens: the emulator's links use page numbers, so it
    /// never hands one out and cannot resolve one.
    pub(super) fn refuse_page_tokens(&self) -> Result<(), Reply> {
        for name in ["nextPage", "previousPage"] {
            if self.one(name).is_some() {
                return Err(Reply::invalid(&[(
                    name.to_owned(),
                    "the emulator issues no page tokens; follow nextUri or use pageNumber"
                        .to_owned(),
                )]));
            }
        }
        Ok(())
    }

    /// `sortBy`, which may only name one of `allowed`.
    pub(super) fn sort_by(&self, allowed: &[&'static str]) -> Result<Option<&'static str>, Reply> {
        match self.one("sortBy") {
            None => Ok(None),
            Some(given) => allowed
                .iter()
                .find(|name| **name == given)
                .map(|name| Some(*name))
                .ok_or_else(|| {
                    Reply::invalid(&[(
                        "sortBy".to_owned(),
                        format!("`{given}` is not one of {}", allowed.join(", ")),
                    )])
                }),
        }
    }
}

/// One page of a listing: its entities and the listing fields.
pub(super) struct Page<T> {
    pub(super) entities: Vec<T>,
    pub(super) page_size: i32,
    pub(super) page_number: i32,
    pub(super) total: i64,
    pub(super) page_count: i32,
    pub(super) self_uri: String,
    pub(super) first_uri: String,
    pub(super) last_uri: String,
    pub(super) next_uri: Option<String>,
    pub(super) previous_uri: Option<String>,
}

/// Page `pageNumber` of `pageSize` entries of `all`, with links to `path` that keep the query's filters.
pub(super) fn page<T>(all: Vec<T>, query: &Query, path: &str) -> Result<Page<T>, Reply> {
    let mut problems = Vec::new();
    let mut number_of = |name: &str, default: u64| -> u64 {
        match query.one(name) {
            None => default,
            Some(value) => match value.trim().parse::<u64>() {
                Ok(n) if (1..=i32::MAX as u64).contains(&n) => n,
                _ => {
                    problems.push((
                        name.to_owned(),
                        format!("`{value}` is not a whole number from 1 to {}", i32::MAX),
                    ));
                    default
                }
            },
        }
    };
    let size = number_of("pageSize", DEFAULT_PAGE_SIZE);
    let number = number_of("pageNumber", 1);
    if !problems.is_empty() {
        return Err(Reply::invalid(&problems));
    }
    let total = all.len() as u64;
    let page_count = total.div_ceil(size).max(1);
    let skip = usize::try_from((number - 1).saturating_mul(size)).unwrap_or(usize::MAX);
    let take = usize::try_from(size).unwrap_or(usize::MAX);
    let entities: Vec<T> = all.into_iter().skip(skip).take(take).collect();
    let filters = query.filters();
    let uri = |n: u64| {
        if filters.is_empty() {
            format!("{path}?pageSize={size}&pageNumber={n}")
        } else {
            format!("{path}?{filters}&pageSize={size}&pageNumber={n}")
        }
    };
    let as_i32 = |n: u64| i32::try_from(n).unwrap_or(i32::MAX);
    Ok(Page {
        entities,
        page_size: as_i32(size),
        page_number: as_i32(number),
        total: i64::try_from(total).unwrap_or(i64::MAX),
        page_count: as_i32(page_count),
        self_uri: uri(number),
        first_uri: uri(1),
        last_uri: uri(page_count),
        next_uri: (number < page_count).then(|| uri(number + 1)),
        previous_uri: (number > 1).then(|| uri(number - 1)),
    })
}

/// Fills an entity listing model (`OrganizationRoleEntityListing` and the like) from a [`Page`].
macro_rules! listing {
    ($listing:ty, $page:expr) => {{
        let page = $page;
        let mut listing = <$listing>::default();
        listing.entities = Some(page.entities);
        listing.page_size = Some(page.page_size);
        listing.page_number = Some(page.page_number);
        listing.total = Some(page.total);
        listing.page_count = Some(page.page_count);
        listing.self_uri = Some(page.self_uri);
        listing.first_uri = Some(page.first_uri);
        listing.last_uri = Some(page.last_uri);
        listing.next_uri = page.next_uri;
        listing.previous_uri = page.previous_uri;
        listing
    }};
}
pub(super) use listing;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_keep_filters_and_stop_at_the_last() {
        let query = Query::parse(Some("name=a%20b&pageSize=2&id=x&id=y&pageNumber=2"));
        assert_eq!(query.all("id"), ["x", "y"]);
        let page = page((0..5).collect::<Vec<_>>(), &query, "/p").unwrap();
        assert_eq!(page.entities, [2, 3]);
        assert_eq!(page.page_count, 3);
        assert_eq!(
            page.next_uri.as_deref(),
            Some("/p?name=a+b&id=x&id=y&pageSize=2&pageNumber=3")
        );
        assert_eq!(
            page.previous_uri.as_deref(),
            Some("/p?name=a+b&id=x&id=y&pageSize=2&pageNumber=1")
        );
        let last = super::page(
            (0..5).collect::<Vec<_>>(),
            &Query::parse(Some("pageSize=2&pageNumber=3")),
            "/p",
        )
        .unwrap();
        assert_eq!(last.entities, [4]);
        assert_eq!(last.next_uri, None);
        let defaults = super::page((0..30).collect::<Vec<_>>(), &Query::parse(None), "/p").unwrap();
        assert_eq!((defaults.page_size, defaults.entities.len()), (25, 25));
        // The first page links to no page before it.
        assert_eq!(defaults.previous_uri, None);
        assert_eq!(
            defaults.next_uri.as_deref(),
            Some("/p?pageSize=25&pageNumber=2")
        );
    }

    #[test]
    fn bad_numbers_and_flags_are_400s() {
        for query in [
            "pageSize=0",
            "pageNumber=-1",
            "pageSize=x",
            "pageSize=2147483648",
        ] {
            assert!(
                page(vec![1], &Query::parse(Some(query)), "/p").is_err(),
                "{query}"
            );
        }
        assert!(
            Query::parse(Some("userCount=yes"))
                .flag("userCount", true)
                .is_err()
        );
        assert!(
            !Query::parse(Some("userCount=false"))
                .flag("userCount", true)
                .unwrap()
        );
        assert!(Query::parse(None).flag("userCount", true).unwrap());
        assert!(
            Query::parse(Some("nextPage=abc"))
                .refuse_page_tokens()
                .is_err()
        );
        assert!(
            Query::parse(Some("sortBy=size"))
                .sort_by(&["name"])
                .is_err()
        );
    }
}
