//! HTTP Basic client authentication for the token endpoint.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use genesys_cloud_models::ClientSecret;
use http::HeaderValue;

/// The `Authorization: Basic ...` value for a client id and secret, marked sensitive.
///
/// Id and secret are form-url-encoded before base64, as RFC 6749 section 2.3.1 requires.
pub fn basic_authorization(client_id: &str, client_secret: &ClientSecret) -> HeaderValue {
    let mut credentials =
        String::with_capacity(client_id.len() + client_secret.expose_secret().len() + 8);
    credentials.extend(form_urlencoded::byte_serialize(client_id.as_bytes()));
    credentials.push(':');
    credentials.extend(form_urlencoded::byte_serialize(
        client_secret.expose_secret().as_bytes(),
    ));
    let mut value = String::with_capacity(6 + credentials.len() * 4 / 3 + 4);
    value.push_str("Basic ");
    STANDARD.encode_string(credentials.as_bytes(), &mut value);
    // Base64 output and the prefix are plain ASCII, always a valid header value.
    let mut header =
        HeaderValue::try_from(value).unwrap_or_else(|_| HeaderValue::from_static("Basic"));
    header.set_sensitive(true);
    header
}
