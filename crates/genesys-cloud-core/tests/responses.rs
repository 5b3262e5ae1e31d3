//! Reading responses: each status and body gives the right typed value, with the raw body kept.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use genesys_cloud_core::ops::*;
use genesys_cloud_core::retry::RetryAfter;
use genesys_cloud_core::token::ClientCredentialsGrant;
use genesys_cloud_core::{ApiErrorBody, Operation, ResponseError};
use genesys_cloud_models::{ClientState, GrantType, QueryStatus};

fn response(status: u16, headers: &[(&str, &str)], body: &'static str) -> http::Response<Bytes> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(Bytes::from_static(body.as_bytes())).unwrap()
}

const CLIENT: &str = r#"{"id":"c1","name":"bot","authorizedGrantType":"CLIENT-CREDENTIALS","state":"active","dateCreated":"2025-06-21T08:00:00Z"}"#;

#[test]
fn ok_200_parses_the_model() {
    let client = GetOauthClient::parse_response(response(200, &[], CLIENT)).unwrap();
    assert_eq!(client.authorized_grant_type, GrantType::ClientCredentials);
    assert_eq!(client.state, Some(ClientState::Active));
    let result = GetOauthClientUsageQueryResult::parse_response(response(
        200,
        &[],
        r#"{"queryStatus":"Running"}"#,
    ))
    .unwrap();
    assert_eq!(result.query_status, Some(QueryStatus::Running));
}

#[test]
fn no_content_204_for_delete() {
    DeleteOauthClient::parse_response(response(204, &[], "")).unwrap();
    DeleteOauthClient::parse_response(response(200, &[], "")).unwrap();
}

fn api_error(result: Result<impl std::fmt::Debug, ResponseError>) -> genesys_cloud_core::ApiError {
    match result.unwrap_err() {
        ResponseError::Api(error) => *error,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[test]
fn bad_request_400_with_details() {
    let body = r#"{"message":"Invalid value","code":"invalid.value","status":400,"details":[{"errorCode":"invalid.value","fieldName":"accessTokenValiditySeconds"}]}"#;
    let error = api_error(PostOauthClients::parse_response(response(
        400,
        &[("ININ-Correlation-Id", "corr-400")],
        body,
    )));
    assert_eq!(error.status, 400);
    assert_eq!(error.code(), Some("invalid.value"));
    let details = error.error_body().unwrap().details.as_ref().unwrap();
    assert_eq!(
        details[0].field_name.as_deref(),
        Some("accessTokenValiditySeconds")
    );
    assert_eq!(error.raw_body, body.as_bytes());
    assert_eq!(
        error.to_string(),
        "HTTP 400 Bad Request: invalid.value: Invalid value [accessTokenValiditySeconds: invalid.value] (correlation id corr-400)"
    );
}

#[test]
fn unauthorized_forbidden_not_found() {
    let e401 = GetOauthClient::parse_response(response(
        401,
        &[],
        r#"{"message":"Invalid login credentials.","code":"bad.credentials","status":401}"#,
    ))
    .unwrap_err();
    assert!(e401.is_unauthorized() && !e401.is_retryable());
    let e403 = GetOauthClient::parse_response(response(
        403,
        &[("inin-correlation-id", "lower")],
        r#"{"message":"Missing permission","code":"missing.any.permissions","status":403,"messageParams":{"permissions":"oauth:client:view"}}"#,
    ))
    .unwrap_err();
    assert!(e403.is_forbidden());
    // The correlation header is found whatever its case.
    assert_eq!(e403.correlation_id(), Some("lower"));
    let e404 = GetOauthClient::parse_response(response(
        404,
        &[("ININ-CORRELATION-ID", "UPPER")],
        r#"{"message":"not found","code":"not.found","status":404}"#,
    ))
    .unwrap_err();
    assert!(e404.is_not_found());
    assert_eq!(e404.correlation_id(), Some("UPPER"));
    assert_eq!(e404.status(), 404);
}

#[test]
fn throttled_429_with_retry_after_in_both_forms() {
    let body = r#"{"message":"Rate limit exceeded the maximum. Retry the request in [7] seconds","code":"too.many.requests.retry.after","status":429,"contextId":"ctx","details":[],"errors":[]}"#;
    let error = api_error(GetOauthClients::parse_response(response(
        429,
        &[("Retry-After", "7")],
        body,
    )));
    assert!(error.is_throttled() && error.is_retryable());
    assert_eq!(error.code(), Some("too.many.requests.retry.after"));
    assert_eq!(
        error.retry_after,
        Some(RetryAfter::Delay(Duration::from_secs(7)))
    );
    assert_eq!(
        error.retry_after_delay(SystemTime::now()),
        Some(Duration::from_secs(7))
    );

    let date = "Sun, 06 Nov 1994 08:49:37 GMT";
    let error = api_error(GetOauthClients::parse_response(response(
        429,
        &[("retry-after", date)],
        body,
    )));
    let at = httpdate_parse(date);
    assert_eq!(error.retry_after, Some(RetryAfter::At(at)));
    assert_eq!(
        error.retry_after_delay(at - Duration::from_secs(30)),
        Some(Duration::from_secs(30))
    );
    assert_eq!(
        error.retry_after_delay(at + Duration::from_secs(30)),
        Some(Duration::ZERO)
    );

    let error = api_error(GetOauthClients::parse_response(response(
        429,
        &[("Retry-After", "soon")],
        body,
    )));
    assert_eq!(error.retry_after, None);
}

fn httpdate_parse(date: &str) -> SystemTime {
    // 1994-11-06T08:49:37Z
    assert_eq!(date, "Sun, 06 Nov 1994 08:49:37 GMT");
    SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777)
}

#[test]
fn bad_gateway_502_with_html() {
    let html = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    let error = api_error(GetOauthClient::parse_response(response(
        502,
        &[("content-type", "text/html")],
        html,
    )));
    assert_eq!(error.body, ApiErrorBody::NotJson);
    assert_eq!(error.raw_body, html.as_bytes());
    assert!(error.is_retryable());
    assert_eq!(
        error.to_string(),
        format!(
            "HTTP 502 Bad Gateway: non-JSON body of {} bytes",
            html.len()
        )
    );
}

#[test]
fn other_json_error_shapes_are_kept() {
    let error = api_error(GetOauthClient::parse_response(response(
        500,
        &[],
        r#"["unexpected"]"#,
    )));
    assert!(matches!(error.body, ApiErrorBody::Json(_)));
    let error = api_error(ClientCredentialsGrant::parse_response(response(
        400,
        &[],
        r#"{"error":"invalid_client","error_description":"client not found"}"#,
    )));
    assert!(matches!(error.body, ApiErrorBody::OAuth(_)));
    assert_eq!(error.code(), Some("invalid_client"));
    assert_eq!(error.message(), Some("client not found"));
    // The platform repeats the description under `description`; both keys together still parse, and either
    // alone gives the message.
    for body in [
        r#"{"error":"invalid_client","description":"Invalid client credentials","error_description":"Invalid client credentials"}"#,
        r#"{"error":"invalid_client","description":"Invalid client credentials"}"#,
    ] {
        let error = api_error(ClientCredentialsGrant::parse_response(response(
            401,
            &[],
            body,
        )));
        assert!(matches!(error.body, ApiErrorBody::OAuth(_)), "{body}");
        assert_eq!(
            error.message(),
            Some("Invalid client credentials"),
            "{body}"
        );
    }
    // A redirect is not a success either.
    let error = api_error(GetOauthClient::parse_response(response(
        302,
        &[("location", "/x")],
        "",
    )));
    assert_eq!(error.status, 302);
}

fn decode_error(
    result: Result<impl std::fmt::Debug, ResponseError>,
) -> genesys_cloud_core::DecodeError {
    match result.unwrap_err() {
        ResponseError::Decode(error) => *error,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

#[test]
fn ok_200_with_malformed_json() {
    let body =
        r#"{"id":"c1","name":"bot","authorizedGrantType":"CODE","dateCreated":"last tuesday"}"#;
    let error = decode_error(GetOauthClient::parse_response(response(
        200,
        &[("ININ-Correlation-Id", "c")],
        body,
    )));
    assert_eq!(error.status, 200);
    assert_eq!(error.path, "dateCreated");
    assert_eq!(error.raw_body, body.as_bytes());
    assert_eq!(error.correlation_id(), Some("c"));
    let listing = r#"{"entities":[{"name":"a"},{"name":"b","accessTokenValiditySeconds":"long"}]}"#;
    let error = decode_error(GetOauthClients::parse_response(response(200, &[], listing)));
    assert_eq!(error.path, "entities[1].accessTokenValiditySeconds");
    let error = decode_error(GetOauthClient::parse_response(response(
        200,
        &[],
        "{not json",
    )));
    assert_eq!(error.raw_body, "{not json".as_bytes());
}

#[test]
fn ok_200_with_truncated_json() {
    let truncated = &CLIENT[..CLIENT.len() / 2];
    let error = decode_error(GetOauthClient::parse_response(response(
        200,
        &[],
        truncated,
    )));
    assert!(error.message.contains("EOF"), "{}", error.message);
    assert_eq!(error.raw_body, truncated.as_bytes());
    let error = decode_error(GetOauthClient::parse_response(response(200, &[], "")));
    assert_eq!(error.message, "the body is empty");
    assert!(
        error
            .to_string()
            .starts_with("HTTP 200 OK: the response body could not be decoded")
    );
}

/// A `200 OK` with `body`, any bytes.
fn ok_with(body: impl Into<Bytes>) -> http::Response<Bytes> {
    http::Response::new(body.into())
}

#[test]
fn ok_200_with_data_after_the_json_says_where() {
    let body = format!("{CLIENT} x");
    let error = decode_error(GetOauthClient::parse_response(ok_with(body.clone())));
    assert_eq!(error.path, ".");
    assert!(
        error
            .message
            .starts_with("trailing characters at line 1 column"),
        "{}",
        error.message
    );
    assert_eq!(error.raw_body, body.as_bytes());
}

#[test]
fn ok_200_with_a_body_that_is_not_utf8() {
    // Latin-1 `é` inside a known string: refused with the field's path, never read past or panicked on.
    let mut body = br#"{"id":"c1","name":"caf"#.to_vec();
    body.push(0xE9);
    body.extend_from_slice(br#"","authorizedGrantType":"CODE"}"#);
    let error = decode_error(GetOauthClient::parse_response(ok_with(body.clone())));
    assert_eq!(error.path, "name");
    assert!(error.message.contains("unicode"), "{}", error.message);
    assert_eq!(error.raw_body, body.as_slice());
    // Outside any string the parse fails at the byte itself.
    let error = decode_error(GetOauthClient::parse_response(ok_with(b"\xff{}".to_vec())));
    assert_eq!(error.path, ".");
}

#[test]
fn token_responses() {
    let token = ClientCredentialsGrant::parse_response(response(
        200,
        &[],
        r#"{"access_token":"abc","token_type":"bearer","expires_in":86399}"#,
    ))
    .unwrap();
    assert_eq!(token.access_token.expose_secret(), "abc");
    assert_eq!(token.expires_in, Some(Duration::from_secs(86_399)));
    assert_eq!(token.refresh_token, None);
}
