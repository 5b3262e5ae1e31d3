//! Body logging at TRACE level, only when enabled, with secret fields redacted.

use serde_json::Value;

/// JSON keys whose values are never logged.
const SECRET_KEYS: &[&str] = &[
    "secret",
    "client_secret",
    "clientSecret",
    "access_token",
    "accessToken",
    "refresh_token",
    "refreshToken",
    "id_token",
    "assertion",
    "code",
    "code_verifier",
    "password",
];

/// The body as a string fit for a log: JSON with secret values replaced, or a size for anything else.
pub(crate) fn redact(body: &[u8]) -> String {
    if body.is_empty() {
        return String::new();
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(mut value) => {
            redact_value(&mut value);
            value.to_string()
        }
        Err(_) => format!("<{} bytes, not JSON>", body.len()),
    }
}

fn redact_value(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if SECRET_KEYS.contains(&key.as_str()) {
                    *child = Value::String("[redacted]".to_owned());
                } else {
                    redact_value(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_value),
        _ => {}
    }
}

pub(crate) fn request_body(body: &[u8]) {
    if !body.is_empty() {
        tracing::trace!(body = %redact(body), "request body");
    }
}

pub(crate) fn response_body(body: &[u8]) {
    tracing::trace!(body = %redact(body), "response body");
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn secrets_are_replaced_at_any_depth() {
        let body =
            br#"{"id":"c1","secret":"s3cr3t","nested":[{"access_token":"t0k3n","name":"n"}]}"#;
        let text = redact(body);
        assert!(
            !text.contains("s3cr3t") && !text.contains("t0k3n"),
            "{text}"
        );
        assert!(text.contains("\"name\":\"n\""));
        assert_eq!(redact(b"<html>"), "<6 bytes, not JSON>");
    }
}
