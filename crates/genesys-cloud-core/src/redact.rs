//! Redaction of secret values in JSON bodies, for anything that prints or logs a body.

use serde_json::Value;

/// JSON keys whose values are never printed: secrets, tokens, codes and passwords, in the API's camelCase and
/// the token endpoint's snake_case.
pub const SECRET_KEYS: &[&str] = &[
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

/// Replaces, at any depth, the value of every key of [`SECRET_KEYS`] with `"[redacted]"`.
pub fn redact_json(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if SECRET_KEYS.contains(&key.as_str()) {
                    *child = Value::String("[redacted]".to_owned());
                } else {
                    redact_json(child);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_json),
        _ => {}
    }
}

/// A body fit for a log line: JSON with secret values replaced, or only its size when it is not JSON.
pub fn redacted_body(body: &[u8]) -> String {
    if body.is_empty() {
        return String::new();
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(mut value) => {
            redact_json(&mut value);
            value.to_string()
        }
        Err(_) => format!("<{} bytes, not JSON>", body.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_replaced_at_any_depth() {
        let body =
            br#"{"id":"c1","secret":"s3cr3t","nested":[{"access_token":"t0k3n","name":"n"}]}"#;
        let text = redacted_body(body);
        assert!(
            !text.contains("s3cr3t") && !text.contains("t0k3n"),
            "{text}"
        );
        assert!(text.contains("\"name\":\"n\""));
        assert_eq!(redacted_body(b"<html>"), "<6 bytes, not JSON>");
        assert_eq!(redacted_body(b""), "");
    }
}
