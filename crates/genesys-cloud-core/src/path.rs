//! Request paths, built from an operation's own path template (`Operation::PATH`), so the path each operation
//! documents and the path it sends cannot drift apart.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::error::BuildError;

/// Everything but the unreserved characters and `:`/`@` (allowed in a path segment) is encoded, so a value can
/// never end a segment (`/`), start a query (`?`) or fragment (`#`), or smuggle control characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':')
    .remove(b'@');

/// `template` with each `{name}` replaced by the value given for `name`, encoded as exactly one path segment.
///
/// Every placeholder needs a value and every value a placeholder: a mismatch is a bug in the operation, and
/// failing loudly (rather than sending `{clientId}` literally, or dropping an id) is what the tests catch.
pub(crate) fn fill_path(
    template: &'static str,
    values: &[(&'static str, &str)],
) -> Result<String, BuildError> {
    match fill(template, values) {
        Ok(path) => Ok(path),
        // Any mismatch is reported as the checks below find it, in their order, whatever the fill tripped on.
        Err(error) => Err(check_values(template, values).err().unwrap_or(error)),
    }
}

/// The fill itself, in one pass over the template: it fails when a placeholder has no value or a value was not
/// used (not a placeholder, or given twice), leaving [`check_values`] to say which. Checking every value
/// against the template first, on every request, cost as much as the fill.
fn fill(template: &'static str, values: &[(&'static str, &str)]) -> Result<String, BuildError> {
    let extra: usize = values.iter().map(|(_, value)| value.len()).sum();
    let mut path = String::with_capacity(template.len() + extra);
    let mut used = 0u64;
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        path.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            return Err(mismatch(template, &rest[open..], "is not closed by `}`"));
        };
        let name = &rest[open + 1..open + close];
        let Some(index) = values.iter().position(|&(given, _)| given == name) else {
            return Err(mismatch(template, name, "has no value"));
        };
        push_segment(&mut path, name, values[index].1)?;
        used |= 1u64.checked_shl(index as u32).unwrap_or(0);
        rest = &rest[open + close + 1..];
    }
    path.push_str(rest);
    let all = 1u64
        .checked_shl(values.len() as u32)
        .map_or(u64::MAX, |bit| bit - 1);
    if values.len() > 64 || used != all {
        return Err(mismatch(template, "", "has a value that is not used"));
    }
    Ok(path)
}

/// Every value names a placeholder of the template, once.
fn check_values(template: &'static str, values: &[(&'static str, &str)]) -> Result<(), BuildError> {
    for (index, &(name, _)) in values.iter().enumerate() {
        if !placeholders(template).any(|placeholder| placeholder == Ok(name)) {
            return Err(mismatch(
                template,
                name,
                "is not a parameter of the template",
            ));
        }
        if values[..index].iter().any(|&(earlier, _)| earlier == name) {
            return Err(mismatch(template, name, "is given twice"));
        }
    }
    Ok(())
}

/// Refuses a path parameter value that is a literal segment of another operation's path in the same place
/// (`me` as the user id of `/tokens/{userId}` would be `/tokens/me`, which revokes the caller's own token).
pub(crate) fn refuse_reserved(
    name: &'static str,
    value: &str,
    reserved: &[&str],
) -> Result<(), BuildError> {
    if reserved.contains(&value) {
        return Err(BuildError::InvalidParameter {
            name,
            reason: "is a fixed segment of another operation's path (such as `me` or `home`), which the request \
                     would reach instead",
        });
    }
    Ok(())
}

/// A query string being built, without `?`: each `name=value` pair with the value form-encoded.
#[derive(Default)]
pub(crate) struct QueryString(String);

impl QueryString {
    /// Appends `name=value`; a name repeated sends each value (collectionFormat `multi`).
    pub(crate) fn push(&mut self, name: &str, value: &str) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        self.0.push_str(name);
        self.0.push('=');
        self.0
            .extend(form_urlencoded::byte_serialize(value.as_bytes()));
    }

    /// The query, `None` when nothing was pushed.
    pub(crate) fn finish(self) -> Option<String> {
        (!self.0.is_empty()).then_some(self.0)
    }
}

/// `query` asking for page `page_number` of `page_size` entries: its `pageSize` and `pageNumber` pairs are
/// replaced, every other pair (filters, sort order) kept as it is.
pub(crate) fn with_page(query: &str, page_number: i32, page_size: i32) -> String {
    let mut out: String = query
        .split('&')
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or_default();
            !pair.is_empty() && name != "pageSize" && name != "pageNumber"
        })
        .flat_map(|pair| [pair, "&"])
        .collect();
    out.push_str(&format!("pageSize={page_size}&pageNumber={page_number}"));
    out
}

/// The query of a page link (`nextUri` and the like) that points to `path`, `None` when it has none: a listing
/// operation keeps only this, so its request still goes to the environment's API base and a link naming another
/// host cannot send the caller's token there. A link to another path is an error.
pub(crate) fn link_query(link: &str, path: &'static str) -> Result<Option<String>, BuildError> {
    let invalid = |reason: String| BuildError::InvalidUrl { reason };
    let uri: http::Uri = link
        .parse()
        .map_err(|_| invalid("the page link is not a URI".to_owned()))?;
    // A gateway prefix may precede the path, so only its end is compared.
    if !uri.path().ends_with(path) {
        return Err(invalid(format!("the page link does not point to {path}")));
    }
    Ok(uri
        .query()
        .filter(|query| !query.is_empty())
        .map(str::to_owned))
}

/// The names between braces in `template`; `Err` with the rest of the template for a `{` never closed.
fn placeholders(template: &'static str) -> impl Iterator<Item = Result<&'static str, ()>> {
    template
        .split('{')
        .skip(1)
        .map(|part| match part.find('}') {
            Some(close) => Ok(&part[..close]),
            None => Err(()),
        })
}

/// Appends `value` as one segment. An empty id would address the collection instead of one entry, and `.` or
/// `..` would be resolved by servers and proxies to another path, so those are refused; the rest is encoded.
fn push_segment(path: &mut String, name: &'static str, value: &str) -> Result<(), BuildError> {
    if value.is_empty() {
        return Err(BuildError::InvalidParameter {
            name,
            reason: "must not be empty",
        });
    }
    if value == "." || value == ".." {
        return Err(BuildError::InvalidParameter {
            name,
            reason: "`.` and `..` are not ids",
        });
    }
    // Ids are almost always plain (UUIDs): copy them at once rather than through the encoder's iterator.
    if value
        .bytes()
        .all(|byte| byte.is_ascii_alphanumeric() || b"-._~:@".contains(&byte))
    {
        path.push_str(value);
    } else {
        path.extend(utf8_percent_encode(value, SEGMENT));
    }
    Ok(())
}

fn mismatch(template: &'static str, name: &'static str, reason: &'static str) -> BuildError {
    BuildError::PathTemplate {
        template,
        name,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "/api/v2/oauth/clients/{clientId}/usage/query/results/{executionId}";

    fn reason(result: Result<String, BuildError>) -> (&'static str, &'static str) {
        match result {
            Err(BuildError::PathTemplate { name, reason, .. }) => (name, reason),
            other => panic!("expected a template mismatch, got {other:?}"),
        }
    }

    #[test]
    fn placeholders_are_filled_in_template_order_whatever_the_order_given() {
        let path = fill_path(TEMPLATE, &[("executionId", "e 1"), ("clientId", "c/1")]).unwrap();
        assert_eq!(
            path,
            "/api/v2/oauth/clients/c%2F1/usage/query/results/e%201"
        );
        assert_eq!(
            fill_path("/api/v2/oauth/scopes", &[]).unwrap(),
            "/api/v2/oauth/scopes"
        );
    }

    #[test]
    fn a_placeholder_may_appear_twice_and_takes_the_same_value() {
        assert_eq!(
            fill_path("/a/{id}/b/{id}", &[("id", "x")]).unwrap(),
            "/a/x/b/x"
        );
    }

    #[test]
    fn a_bad_value_and_a_template_mismatch_report_the_mismatch_first() {
        let result = fill_path("/a/{id}", &[("id", ""), ("other", "o")]);
        assert_eq!(
            reason(result),
            ("other", "is not a parameter of the template")
        );
    }

    #[test]
    fn a_placeholder_left_unfilled_is_an_error_not_a_literal_brace() {
        let result = fill_path(TEMPLATE, &[("clientId", "c")]);
        assert_eq!(reason(result), ("executionId", "has no value"));
    }

    #[test]
    fn a_value_for_a_name_the_template_lacks_is_an_error() {
        let result = fill_path(
            "/api/v2/oauth/clients/{clientId}",
            &[("clientId", "c"), ("scopeId", "s")],
        );
        assert_eq!(
            reason(result),
            ("scopeId", "is not a parameter of the template")
        );
        let result = fill_path("/api/v2/oauth/clients", &[("clientId", "c")]);
        assert_eq!(reason(result).0, "clientId");
    }

    #[test]
    fn a_name_given_twice_or_an_unclosed_brace_is_an_error() {
        let result = fill_path("/a/{id}", &[("id", "1"), ("id", "2")]);
        assert_eq!(reason(result), ("id", "is given twice"));
        assert_eq!(
            reason(fill_path("/a/{id", &[])),
            ("{id", "is not closed by `}`")
        );
    }

    #[test]
    fn values_are_checked_and_encoded_as_one_segment() {
        for bad in ["", ".", ".."] {
            let error = fill_path("/a/{id}/b", &[("id", bad)]).unwrap_err();
            assert!(
                matches!(error, BuildError::InvalidParameter { name: "id", .. }),
                "{bad:?}"
            );
        }
        let path = fill_path("/a/{id}/b", &[("id", "../x?y#z\r\n")]).unwrap();
        assert_eq!(path, "/a/..%2Fx%3Fy%23z%0D%0A/b");
    }

    /// `fill` tracks used values in a 64-bit mask: 64 placeholders fill, a 65th is refused rather than left
    /// unchecked. (Mutation testing found the `> 64` guard could go without a test noticing.)
    #[test]
    fn sixty_four_placeholders_fill_and_a_sixty_fifth_is_refused() {
        fn leak(text: String) -> &'static str {
            Box::leak(text.into_boxed_str())
        }
        for (count, fills) in [(64, true), (65, false)] {
            let names: Vec<&'static str> = (0..count).map(|i| leak(format!("p{i}"))).collect();
            let template = leak(names.iter().map(|name| format!("/{{{name}}}")).collect());
            let values: Vec<(&'static str, &str)> = names.iter().map(|name| (*name, "v")).collect();
            let result = fill_path(template, &values);
            assert_eq!(result.is_ok(), fills, "{count} placeholders: {result:?}");
            if fills {
                assert_eq!(result.unwrap(), "/v".repeat(count));
            }
        }
    }

    #[test]
    fn queries_are_form_encoded_and_joined_and_repeat_keys() {
        assert_eq!(QueryString::default().finish(), None);
        let mut query = QueryString::default();
        query.push("days", "7");
        query.push("q", "a b&c=d#e");
        query.push("id", "x");
        query.push("id", "y");
        assert_eq!(
            query.finish().as_deref(),
            Some("days=7&q=a+b%26c%3Dd%23e&id=x&id=y")
        );
    }

    #[test]
    fn with_page_replaces_only_the_page_pairs() {
        assert_eq!(with_page("", 2, 25), "pageSize=25&pageNumber=2");
        assert_eq!(
            with_page("name=a&pageSize=5&id=x&pageNumber=1&id=y", 3, 5),
            "name=a&id=x&id=y&pageSize=5&pageNumber=3"
        );
        // Only whole names: `pageSizes` and `xpageNumber` are filters, kept.
        assert_eq!(
            with_page("pageSizes=1&xpageNumber=2&&", 2, 9),
            "pageSizes=1&xpageNumber=2&pageSize=9&pageNumber=2"
        );
    }
}
