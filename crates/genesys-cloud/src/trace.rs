//! Body logging at TRACE level, only when enabled, with secret fields redacted by the core's rules.

use genesys_cloud_core::redact::redacted_body;

pub(crate) fn request_body(body: &[u8]) {
    if !body.is_empty() {
        tracing::trace!(body = %redacted_body(body), "request body");
    }
}

pub(crate) fn response_body(body: &[u8]) {
    tracing::trace!(body = %redacted_body(body), "response body");
}
