//! HTTP Basic for the token endpoint: id and secret form-url-encoded before base64 (RFC 6749 section 2.3.1).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use genesys_cloud_core::token::basic_authorization;
use genesys_cloud_models::ClientSecret;

fn decoded(client_id: &str, secret: &str) -> String {
    let value = basic_authorization(client_id, &ClientSecret::new(secret));
    assert!(value.is_sensitive());
    let encoded = value.to_str().unwrap().strip_prefix("Basic ").unwrap();
    String::from_utf8(STANDARD.decode(encoded).unwrap()).unwrap()
}

#[test]
fn plain_ids_and_secrets() {
    assert_eq!(decoded("client", "secret"), "client:secret");
}

#[test]
fn reserved_and_non_ascii_characters_are_form_encoded_first() {
    for (id, secret, expected) in [
        ("a:b", "c:d", "a%3Ab:c%3Ad"),
        ("100%", "50%off", "100%25:50%25off"),
        ("a+b", "1+1=2", "a%2Bb:1%2B1%3D2"),
        ("with space", "two  spaces", "with+space:two++spaces"),
        ("ünï", "秘密", "%C3%BCn%C3%AF:%E7%A7%98%E5%AF%86"),
        ("id", "&amp;/?#", "id:%26amp%3B%2F%3F%23"),
    ] {
        assert_eq!(decoded(id, secret), expected, "{id:?} / {secret:?}");
    }
}

#[test]
fn the_colon_separator_stays_unambiguous() {
    // Without encoding, "a:b" + "c" and "a" + "b:c" would be the same header.
    assert_ne!(decoded("a:b", "c"), decoded("a", "b:c"));
}
