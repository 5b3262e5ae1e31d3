//! What an error says about itself: each status predicate is true for its status only, on `ApiError` and on
//! `ResponseError`; `Debug` shows the status, the correlation id and the body's size but no body bytes; a
//! JSON error body of an unknown shape is named as such. (Mutation testing found these predicates, `Debug`
//! impls and the `Json` display arm untested by core's own tests.)

use bytes::Bytes;
use genesys_cloud_core::models::AccessToken;
use genesys_cloud_core::ops::{DeleteOauthClient, GetOauthClient};
use genesys_cloud_core::{BearerHeader, Operation, ResponseError};
use http::StatusCode;

fn answer(status: u16, body: &'static str) -> ResponseError {
    let response = http::Response::builder()
        .status(status)
        .header("ININ-Correlation-Id", "corr-1")
        .body(Bytes::from_static(body.as_bytes()))
        .unwrap();
    GetOauthClient::parse_response(response).unwrap_err()
}

#[test]
fn each_status_predicate_is_true_for_its_status_only() {
    type Check = fn(&ResponseError) -> bool;
    let predicates: [(&str, Check, &[u16]); 5] = [
        ("is_not_found", ResponseError::is_not_found, &[404]),
        ("is_unauthorized", ResponseError::is_unauthorized, &[401]),
        ("is_forbidden", ResponseError::is_forbidden, &[403]),
        ("is_throttled", ResponseError::is_throttled, &[429]),
        (
            "is_retryable",
            ResponseError::is_retryable,
            &[429, 502, 503, 504],
        ),
    ];
    for status in [400, 401, 403, 404, 409, 429, 500, 502, 503, 504] {
        let error = answer(status, r#"{"message":"m","code":"c","status":0}"#);
        let api = error.as_api_error().unwrap();
        for (name, predicate, true_for) in &predicates {
            assert_eq!(
                predicate(&error),
                true_for.contains(&status),
                "{name} of {status}"
            );
        }
        assert_eq!(api.is_not_found(), status == 404, "{status}");
        assert_eq!(api.is_unauthorized(), status == 401, "{status}");
        assert_eq!(api.is_forbidden(), status == 403, "{status}");
        assert_eq!(api.is_throttled(), status == 429, "{status}");
        assert_eq!(
            api.is_retryable(),
            [429, 502, 503, 504].contains(&status),
            "{status}"
        );
    }
    // A 2xx that does not decode is no API error: every predicate is false.
    let response = http::Response::builder()
        .status(200)
        .body(Bytes::from_static(b"{"))
        .unwrap();
    let decode = GetOauthClient::parse_response(response).unwrap_err();
    assert!(decode.as_api_error().is_none());
    assert!(!decode.is_not_found() && !decode.is_throttled() && !decode.is_retryable());
}

/// A 2xx body that does not decode (no `authorizedGrantType`) and holds a secret.
const DECODED: &str = r#"{"name":"x","secret":"S3CR3T"}"#;

#[test]
fn debug_shows_status_correlation_and_size_but_no_body() {
    let body = r#"{"message":"no such client","code":"not.found"}"#;
    let error = answer(404, body);
    let api = format!("{:?}", error.as_api_error().unwrap());
    assert!(api.starts_with("ApiError {"), "{api}");
    assert!(api.contains("404") && api.contains("corr-1"), "{api}");
    assert!(
        api.contains(&format!("raw_body: <{} bytes>", body.len())),
        "{api}"
    );
    assert!(api.contains("Genesys("), "{api}");
    let other = answer(500, r#"{"fault":"x","access_token":"T0K3N"}"#);
    let shown = format!("{other:?}");
    assert!(
        shown.contains("Json(") && !shown.contains("T0K3N"),
        "{shown}"
    );
    assert_eq!(
        other.to_string(),
        "HTTP 500 Internal Server Error: unrecognized JSON error body (correlation id corr-1)"
    );
    let response = http::Response::builder()
        .status(200)
        .header("ININ-Correlation-Id", "corr-2")
        .body(Bytes::from_static(DECODED.as_bytes()))
        .unwrap();
    let decode = format!(
        "{:?}",
        GetOauthClient::parse_response(response).unwrap_err()
    );
    assert!(decode.starts_with("Decode(DecodeError {"), "{decode}");
    assert!(decode.contains("corr-2"), "{decode}");
    assert!(
        decode.contains(&format!("<{} bytes>", DECODED.len())),
        "{decode}"
    );
    assert!(!decode.contains("S3CR3T"), "{decode}");
    let bearer = BearerHeader::new(&AccessToken::new("T0K3N")).unwrap();
    assert_eq!(format!("{bearer:?}"), "BearerHeader([redacted])");
}

/// Only operations whose goal is a resource's absence count a retried 404 as done, also through a reference.
#[test]
fn a_retried_404_means_done_for_a_delete_only() {
    assert!(DeleteOauthClient::retry_answer_means_done(
        StatusCode::NOT_FOUND
    ));
    assert!(!DeleteOauthClient::retry_answer_means_done(
        StatusCode::CONFLICT
    ));
    assert!(<&DeleteOauthClient as Operation>::retry_answer_means_done(
        StatusCode::NOT_FOUND
    ));
    assert!(!GetOauthClient::retry_answer_means_done(
        StatusCode::NOT_FOUND
    ));
    assert!(!<&GetOauthClient as Operation>::retry_answer_means_done(
        StatusCode::NOT_FOUND
    ));
}
