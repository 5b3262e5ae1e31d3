//! Rust names from the spec's names.

/// `getOauthClient` or `OAuthClient` -> `get_oauth_client` / `o_auth_client`; `clientId` -> `client_id`;
/// `Accept-Language` -> `accept_language`.
pub(crate) fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let chars: Vec<char> = name.chars().collect();
    for (index, &c) in chars.iter().enumerate() {
        if c == '-' || c == ' ' || c == '.' {
            if !out.ends_with('_') {
                out.push('_');
            }
            continue;
        }
        if c.is_ascii_uppercase() {
            let previous = index.checked_sub(1).map(|i| chars[i]);
            let next = chars.get(index + 1);
            let after_lower =
                previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit());
            let ends_acronym = previous.is_some_and(|p| p.is_ascii_uppercase())
                && next.is_some_and(|n| n.is_ascii_lowercase());
            if (after_lower || ends_acronym) && !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `getOauthClient` -> `GetOauthClient`.
pub(crate) fn upper_camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = true;
    for c in name.chars() {
        if c == '-' || c == '_' || c == ' ' || c == '.' {
            upper = true;
            continue;
        }
        if upper {
            out.push(c.to_ascii_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// A name that is a Rust keyword gets the raw-identifier prefix.
pub(crate) fn ident(name: String) -> String {
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
        "extern", "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move",
        "mut", "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true",
        "type", "unsafe", "use", "where", "while", "gen",
    ];
    if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_spec_names() {
        assert_eq!(
            snake("getOauthClientUsageQueryResult"),
            "get_oauth_client_usage_query_result"
        );
        assert_eq!(snake("clientId"), "client_id");
        assert_eq!(snake("Accept-Language"), "accept_language");
        assert_eq!(snake("OAuthClient"), "o_auth_client");
        assert_eq!(snake("selfUri"), "self_uri");
        assert_eq!(snake("pageSize"), "page_size");
        assert_eq!(upper_camel("getOauthClients"), "GetOauthClients");
        assert_eq!(ident("type".to_owned()), "r#type");
    }
}

/// Text from a swagger (a description or summary) made safe for a one-line doc comment: on one line, bare URLs
/// as autolinks, and `<`, `>`, `[`, `]` escaped so that rustdoc reads no HTML tag or intra-doc link into it.
pub(crate) fn spec_text(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(one_line.len() + 8);
    for (index, word) in one_line.split(' ').enumerate() {
        if index > 0 {
            out.push(' ');
        }
        let url_start = word.find("https://").or_else(|| word.find("http://"));
        match url_start {
            Some(start) => {
                let (before, url) = word.split_at(start);
                let trimmed = url.trim_end_matches(['.', ',', ';', ':', ')']);
                out.push_str(&escape(before));
                out.push('<');
                out.push_str(trimmed);
                out.push('>');
                out.push_str(&escape(&url[trimmed.len()..]));
            }
            None => out.push_str(&escape(word)),
        }
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('[', "\\[")
        .replace(']', "\\]")
}

#[cfg(test)]
mod spec_text_tests {
    use super::spec_text;

    #[test]
    fn urls_tags_and_brackets_are_made_safe() {
        assert_eq!(
            spec_text("For example: https://myap.example.com/auth/callback."),
            "For example: <https://myap.example.com/auth/callback>."
        );
        assert_eq!(
            spec_text("A List<String>\n of [optional] ids"),
            "A List&lt;String&gt; of \\[optional\\] ids"
        );
    }
}
