//! The built-in seeds of each target: the models' JSON fixtures in every place they fit, and hand-written hostile
//! cases. The committed corpus (`tests/corpus/<target>/`) adds to these.

use std::path::Path;

use super::input::Writer;
use super::targets::{model, response, text};

/// Header values the parsers must survive: garbage and extreme `Retry-After`s, non-UTF-8 bytes.
const RETRY_AFTERS: &[&[u8]] = &[
    b"1",
    b"0",
    b" 30 ",
    b"abc",
    b"-1",
    b"1.5",
    b"99999999999999999999999999",
    b"18446744073709551615",
    b"Wed, 21 Oct 2015 07:28:00 GMT",
    b"Fri, 31 Dec 9999 23:59:59 GMT",
    b"\xff\xfe",
];

/// Hostile ids: path tricks, encodings, control characters, unicode.
pub(crate) const HOSTILE_IDS: &[&str] = &[
    "../x",
    "../../api/v2/oauth/scopes",
    "a/b",
    "?",
    "a?b=c",
    "#",
    "a#b",
    "%2F",
    "%2e%2e",
    "a b",
    "a+b",
    "a\r\nX-Injected: 1",
    "a\nb",
    "a\0b",
    "",
    ".",
    "..",
    "...",
    "ünïcödé-客户-🦀",
    "a;b=c",
    "\\..\\",
    "a&pageSize=1",
];

/// The seeds of a target, read from the fixtures in `fixtures`.
pub fn seeds(target: &str, fixtures: &Path) -> Vec<Vec<u8>> {
    match target {
        "response" => response_seeds(fixtures),
        "model" => model_seeds(fixtures),
        "text" => text_seeds(),
        "request" => request_seeds(),
        "paging" => paging_seeds(fixtures),
        _ => Vec::new(),
    }
}

/// A fixture as compact JSON; empty when it cannot be read (the replay test checks that every seed set is
/// non-empty, so a moved fixtures directory cannot silently weaken the fuzzer).
fn fixture(fixtures: &Path, name: &str) -> Vec<u8> {
    std::fs::read(fixtures.join(format!("{name}.json")))
        .ok()
        .and_then(|bytes| serde_json::from_slice::<serde_json::Value>(&bytes).ok())
        .and_then(|value| serde_json::to_vec(&value).ok())
        .unwrap_or_default()
}

const TOKEN: &[u8] =
    br#"{"access_token":"tok-3f9a-secret-value","token_type":"bearer","expires_in":86399,"refresh_token":"refresh-77ab-value","scope":"all"}"#;

/// The output fixture of each operation, by the response target's selector.
const OUTPUTS: &[&str] = &[
    "",
    "OAuthAuthorization",
    "OAuthAuthorizationListing",
    "OAuthClient",
    "ApiUsageQueryResult",
    "UsageExecutionResult",
    "OAuthClientEntityListing",
    "OAuthScope",
    "OAuthScopeListing",
    "OAuthClient",
    "UsageExecutionResult",
    "OAuthClient",
    "OAuthClient",
];

fn response_seeds(fixtures: &Path) -> Vec<Vec<u8>> {
    let mut seeds = Vec::new();
    let error_body = fixture(fixtures, "ErrorBody");
    for operation in 0..response::OPERATIONS {
        let body = match OUTPUTS.get(usize::from(operation)) {
            Some(name) if !name.is_empty() => fixture(fixtures, name),
            Some(_) => Vec::new(),
            None => TOKEN.to_vec(),
        };
        let correlation: &[u8] = b"5f1c-4e2b";
        seeds.push(response::encode(
            operation,
            200,
            &[
                ("inin-correlation-id", correlation),
                ("content-type", b"application/json"),
            ],
            &body,
        ));
        seeds.push(response::encode(operation, 404, &[], &error_body));
    }
    for (index, value) in RETRY_AFTERS.iter().enumerate() {
        let operation = (index as u8) % response::OPERATIONS;
        seeds.push(response::encode(
            operation,
            429,
            &[("retry-after", value), ("inin-correlation-id", b"a"), ("inin-correlation-id", b"b")],
            br#"{"message":"Rate limit exceeded the maximum. Retry the request in [1] seconds","code":"too.many.requests.retry.after","status":429}"#,
        ));
    }
    let odd: &[(u16, &[u8])] = &[
        (100, b""),
        (199, b"{}"),
        (204, b""),
        (204, b"{\"id\":\"x\"}"),
        (299, b"null"),
        (304, b""),
        (
            400,
            br#"{"error":"invalid_client","error_description":"bad secret"}"#,
        ),
        (401, br#"{"error":"invalid_grant","description":"expired"}"#),
        (502, b"<html><body>Bad Gateway</body></html>"),
        (503, br#"{"status":"503"}"#),
        (599, b"[1,2,3]"),
        (600, b""),
        (999, b"\xff\xfe\x00"),
    ];
    for (index, (status, body)) in odd.iter().enumerate() {
        seeds.push(response::encode(
            (index as u8 * 5) % response::OPERATIONS,
            *status,
            &[("x-weird", b"\x80\xff"), ("content-length", b"99999999999")],
            body,
        ));
    }
    seeds
}

fn model_seeds(fixtures: &Path) -> Vec<Vec<u8>> {
    let mut seeds = Vec::new();
    let mut push = |name: &str, body: &[u8]| {
        if let Some(selector) = model::selector(name) {
            let mut seed = vec![selector];
            seed.extend_from_slice(body);
            seeds.push(seed);
        }
    };
    for name in model::TYPES.iter().take(18) {
        push(name, &fixture(fixtures, name));
    }
    push("TokenResponse", TOKEN);
    push(
        "TokenResponse",
        br#"{"access_token":"t","expires_in":0,"refresh_token":null}"#,
    );
    push(
        "OAuthErrorResponse",
        br#"{"error":"invalid_client","description":"x","error_uri":"https://e"}"#,
    );
    push("Timestamp", br#""2025-06-21T08:00:00.123456789+02:00""#);
    push("Timestamp", br#""9999-12-31T23:59:59.999999999Z""#);
    for (name, value) in [
        ("GrantType", "CLIENT-CREDENTIALS"),
        ("GrantType", "SOMETHING-NEW"),
        ("ClientState", "inactive"),
        ("AuthorizationState", "PENDING"),
        ("Granularity", "Day"),
        ("UsageMetric", "Status200"),
        ("UsageGroupBy", "TemplateUri"),
        ("QueryStatus", "Complete"),
        ("LimitNamespace", "platform.api"),
        ("LimitNamespace", "unknown.namespace"),
    ] {
        push(name, format!("\"{value}\"").as_bytes());
    }
    seeds
}

fn text_seeds() -> Vec<Vec<u8>> {
    let cases: &[(&str, &[&str])] = &[
        (
            "timestamp",
            &[
                "2025-06-21T08:00:00.123Z",
                "2025-06-21T08:00:00.123456789Z",
                "2025-06-21T10:30:00+02:30",
                "1970-01-01T00:00:00Z",
                "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z",
                "2024-02-29 23:59:60Z",
                "2025-13-01T00:00:00Z",
            ],
        ),
        (
            "retry-after",
            &[
                "1",
                " 30 ",
                "abc",
                "99999999999999999999",
                "Wed, 21 Oct 2015 07:28:00 GMT",
                "",
            ],
        ),
        (
            "base-url",
            &[
                "https://api.mypurecloud.com",
                "http://127.0.0.1:8080/gateway/api/",
                "https://user:pass@api.example.com",
                "http://[::1]:80",
                "https://api.example.com/prefix?x=1#y",
                "http://localhost.example.com",
                "http://127.0.0.1.nip.io",
                "http://[::ffff:127.0.0.1]",
                "HTTPS://API.EXAMPLE.COM:443",
            ],
        ),
        (
            "base-url-allowing-http",
            &["http://10.0.0.1:8080/x/", "ftp://x", "http://:80"],
        ),
        (
            "environment",
            &[
                "us_east_1",
                "eu-west-1",
                "mypurecloud.ie",
                "api.mypurecloud.de",
                "https://api.example.com:8443/gateway",
                "http://10.0.0.1",
                "a..b",
            ],
        ),
        (
            "next-page",
            &[
                "/api/v2/oauth/clients?pageSize=25&pageNumber=2",
                "https://evil.example.com/api/v2/oauth/clients?pageNumber=2",
                "/api/v2/oauth/scopes?pageNumber=2",
                "/api/v2/oauth/clients#fragment",
                "//evil.example.com/api/v2/oauth/clients?a=b",
                "/gateway/api/v2/oauth/clients?a=b",
            ],
        ),
        (
            "region",
            &[
                "us_east_1",
                "ap-southeast-2",
                "mypurecloud.com.au",
                "US_EAST_1",
            ],
        ),
        (
            "pkce-verifier",
            &[
                "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ",
                "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNO~.-_0123456789",
                "short",
            ],
        ),
        (
            "bearer",
            &[
                "abc123token",
                "a\r\nX-Injected: 1",
                "tok\u{7f}en",
                "ünïcödé",
            ],
        ),
    ];
    let mut seeds = Vec::new();
    for (parser, inputs) in cases {
        if let Some(selector) = text::selector(parser) {
            for input in *inputs {
                seeds.push(Writer::default().u8(selector).rest(input));
            }
        }
    }
    if let Some(basic) = text::selector("basic") {
        for (id, secret) in [("client:id%+", "sec:ret ü"), ("", ""), ("a\r\nb", "\0")] {
            seeds.push(Writer::default().u8(basic).chunk(id).rest(secret));
        }
    }
    if let Some(authorize) = text::selector("authorize-url") {
        for (id, redirect, state) in [
            (
                "my-client",
                "https://app.example.com/cb?x=1&y=2",
                "st#te&=1",
            ),
            ("", "x", "y"),
            ("a&redirect_uri=https://evil", "https://evil/#", "\r\n"),
        ] {
            seeds.push(
                Writer::default()
                    .u8(authorize)
                    .chunk(id)
                    .chunk(redirect)
                    .rest(state),
            );
        }
    }
    seeds
}

fn request_seeds() -> Vec<Vec<u8>> {
    let mut seeds = Vec::new();
    for (index, id) in HOSTILE_IDS.iter().enumerate() {
        let operation = index as u8;
        for (second, third) in [
            ("en-US", "CODE"),
            ("en\r\nX-Injected: 1", "a\0b"),
            ("..", ""),
        ] {
            seeds.push(
                Writer::default()
                    .u8(operation)
                    .chunk(id)
                    .chunk(second)
                    .u32(7)
                    .rest(third),
            );
        }
    }
    seeds
}

fn paging_seeds(fixtures: &Path) -> Vec<Vec<u8>> {
    let mut seeds = vec![fixture(fixtures, "OAuthClientEntityListing")];
    for extra in [
        r#""nextUri":"https://evil.example.com/api/v2/oauth/clients?pageNumber=2""#,
        r#""nextUri":"/api/v2/oauth/clients?pageNumber=2&pageSize=1""#,
        r#""nextUri":"/api/v2/oauth/scopes""#,
        r#""pageNumber":2147483646,"pageCount":2147483647,"pageSize":0"#,
        r#""pageNumber":-5,"pageCount":3"#,
        r#""pageNumber":1,"pageCount":3,"nextUri":"  ""#,
    ] {
        seeds.push(format!(r#"{{"entities":[{{"name":"a"}}],{extra}}}"#).into_bytes());
    }
    seeds
}
