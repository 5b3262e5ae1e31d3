//! The HTML of `/oauth/authorize`: the login page, the consent page and the error page. Plain forms without
//! JavaScript, a label on every field, no third-party resources, everything echoed escaped, and headers that keep
//! the pages out of frames and caches.

use std::sync::LazyLock;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use bytes::Bytes;
use http::StatusCode;
use http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, HeaderName, HeaderValue, PRAGMA};
use sha2::{Digest, Sha256};

use crate::catalogue::SCOPES;
use crate::reply::{Payload, Reply};

/// The one style sheet, inline, allowed by its hash in the Content-Security-Policy.
const STYLE: &str = "body{font-family:system-ui,sans-serif;background:#f4f5f7;color:#1d1d1f;margin:0}\
main{max-width:26rem;margin:4rem auto;background:#fff;padding:2rem;border-radius:8px;\
box-shadow:0 1px 4px rgba(0,0,0,.15)}h1{font-size:1.4rem;margin-top:0}\
label{display:block;margin:1rem 0 .3rem;font-weight:600}\
input{width:100%;box-sizing:border-box;padding:.5rem;font-size:1rem}\
button{margin-top:1.2rem;margin-right:.5rem;padding:.6rem 1.2rem;font-size:1rem;cursor:pointer}\
.error{color:#a00;background:#fee;padding:.6rem;border-radius:4px}\
.note{color:#666;font-size:.85rem;margin-top:2rem}code{background:#eef;padding:0 .2rem}";

static STYLE_HASH: LazyLock<String> =
    LazyLock::new(|| format!("'sha256-{}'", STANDARD.encode(Sha256::digest(STYLE))));

/// Escapes text for HTML content and quoted attribute values.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The origin a browser is sent to after a form, for `form-action` (Chromium checks the redirects of a form
/// submission against it): `scheme://host[:port]`, or `scheme:` for a URI without authority. `None` when the
/// URI has characters a CSP source expression cannot hold.
pub(super) fn redirect_source(uri: &str) -> Option<String> {
    let (scheme, rest) = uri.split_once(':')?;
    let scheme_ok = scheme
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic());
    if !scheme_ok {
        return None;
    }
    let Some(after) = rest.strip_prefix("//") else {
        return Some(format!("{scheme}:"));
    };
    let authority = after.split(['/', '?', '#']).next().unwrap_or_default();
    let authority_ok = !authority.is_empty()
        && authority
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    authority_ok.then(|| format!("{scheme}://{authority}"))
}

/// A page with the security headers; `redirect` is the redirect URI its form may end up at.
fn page(status: StatusCode, title: &str, body: &str, redirect: Option<&str>) -> Reply {
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} - Genesys Cloud emulator</title><style>{STYLE}</style></head>\
         <body><main>{body}<p class=\"note\">Genesys Cloud emulator: a local test tool, not the Genesys Cloud \
         login.</p></main></body></html>\n",
        title = escape(title),
    );
    let mut form_action = "'self'".to_owned();
    if let Some(source) = redirect.and_then(redirect_source) {
        form_action.push(' ');
        form_action.push_str(&source);
    }
    let policy = format!(
        "default-src 'none'; style-src {}; form-action {form_action}; frame-ancestors 'none'; \
         base-uri 'none'",
        *STYLE_HASH
    );
    let mut reply = Reply {
        status,
        headers: Vec::new(),
        payload: Payload::Html(Bytes::from(html)),
    };
    if let Ok(value) = HeaderValue::from_str(&policy) {
        reply = reply.with_header(CONTENT_SECURITY_POLICY, value);
    }
    security_headers(reply)
}

/// The headers every answer of `/oauth/authorize` carries, redirects included.
pub(super) fn security_headers(reply: Reply) -> Reply {
    reply
        .with_header(
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        )
        .with_header(CACHE_CONTROL, HeaderValue::from_static("no-store"))
        .with_header(PRAGMA, HeaderValue::from_static("no-cache"))
        .with_header(
            HeaderName::from_static("x-content-type-options"),
            HeaderValue::from_static("nosniff"),
        )
        .with_header(
            HeaderName::from_static("referrer-policy"),
            HeaderValue::from_static("no-referrer"),
        )
}

/// The login page.
pub(super) fn login(
    status: StatusCode,
    client_name: &str,
    pending: &str,
    error: Option<&str>,
    org_and_provider: Option<(&str, &str)>,
    redirect: &str,
) -> Reply {
    let error = error.map_or(String::new(), |message| {
        format!(
            "<p class=\"error\" id=\"error\" role=\"alert\">{}</p>",
            escape(message)
        )
    });
    let org = org_and_provider.map_or(String::new(), |(org, provider)| {
        format!(
            "<p id=\"org\">Organization <strong>{}</strong>, identity provider <strong>{}</strong>.</p>",
            escape(org),
            escape(provider)
        )
    });
    let body = format!(
        "<h1>Sign in</h1><p>to continue to <strong id=\"client-name\">{client}</strong></p>{org}{error}\
         <form method=\"post\" action=\"/oauth/authorize\">\
         <input type=\"hidden\" name=\"pending\" value=\"{pending}\">\
         <label for=\"username\">Username</label>\
         <input id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus>\
         <label for=\"password\">Password</label>\
         <input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\
         <button id=\"sign-in\" type=\"submit\">Sign in</button></form>",
        client = escape(client_name),
        pending = escape(pending),
    );
    page(status, "Sign in", &body, Some(redirect))
}

/// The consent page: the client, the user, and the client's scopes with their descriptions.
pub(super) fn consent(
    client_name: &str,
    user: &str,
    scopes: &[String],
    pending: &str,
    redirect: &str,
) -> Reply {
    let items: String = scopes
        .iter()
        .map(|scope| {
            let description = SCOPES
                .iter()
                .find(|(id, _)| *id == scope.as_str())
                .map_or("", |(_, text)| *text);
            format!(
                "<li><code>{}</code> {}</li>",
                escape(scope),
                escape(description)
            )
        })
        .collect();
    let scopes = if items.is_empty() {
        "<p id=\"scopes\">It asks for no scopes: its token can do what you can.</p>".to_owned()
    } else {
        format!("<p>It asks for these scopes:</p><ul id=\"scopes\">{items}</ul>")
    };
    let body = format!(
        "<h1>Allow access?</h1><p><strong id=\"client-name\">{client}</strong> wants to act as \
         <strong id=\"user\">{user}</strong>.</p>{scopes}\
         <form method=\"post\" action=\"/oauth/authorize\">\
         <input type=\"hidden\" name=\"pending\" value=\"{pending}\">\
         <button id=\"allow\" name=\"decision\" value=\"allow\" type=\"submit\">Allow</button>\
         <button id=\"deny\" name=\"decision\" value=\"deny\" type=\"submit\">Deny</button></form>",
        client = escape(client_name),
        user = escape(user),
        pending = escape(pending),
    );
    page(StatusCode::OK, "Allow access", &body, Some(redirect))
}

/// An error shown on the page, never redirected: the client or the redirect URI cannot be trusted, or the
/// pending login is gone.
pub(super) fn error(status: StatusCode, message: &str) -> Reply {
    let body = format!(
        "<h1>Sign-in error</h1><p class=\"error\" id=\"error\" role=\"alert\">{}</p>",
        escape(message)
    );
    page(status, "Sign-in error", &body, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn redirect_sources_are_origins_or_nothing() {
        assert_eq!(
            redirect_source("http://127.0.0.1:5000/cb?x=1").as_deref(),
            Some("http://127.0.0.1:5000")
        );
        assert_eq!(
            redirect_source("com.example.app:/oauth").as_deref(),
            Some("com.example.app:")
        );
        assert_eq!(redirect_source("https://a b/cb"), None);
        assert_eq!(redirect_source("https://a;script-src */cb"), None);
        assert_eq!(redirect_source("1http://a/"), None);
    }
}
