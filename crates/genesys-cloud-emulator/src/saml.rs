//! The emulator's test identity provider for the SAML2 bearer grant (RFC 7522): what an assertion must hold,
//! and how [`Emulator::saml2_assertion`](crate::Emulator::saml2_assertion) writes one.
//!
//! Checked: the assertion is base64 (standard or URL-safe alphabet, padded or not) of UTF-8 XML; its first
//! `Issuer` element is [`SAML_TEST_ISSUER`]; its first `NameID` names a configured user; its first `Conditions`
//! element has a `NotOnOrAfter` date in the future and, if it has a `NotBefore`, one not in the future.
//! Not checked: signatures (there is no key: anyone who can reach the emulator can write an assertion),
//! audience, recipient, subject confirmation, the XML schema, and replay (an assertion works until it expires).
//! The XML is read by a small scanner, not a validating parser: element and attribute names are matched by their
//! local part (any namespace prefix), and the five predefined entities are decoded in values.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use genesys_cloud_models::Timestamp;

use crate::catalogue::SAML_TEST_ISSUER;

/// The user an accepted assertion names.
pub(crate) type AssertedUser = String;

/// Checks an assertion at `now`; the reason for `invalid_grant` otherwise.
pub(crate) fn check(
    assertion: &str,
    now: Timestamp,
    known_user: impl Fn(&str) -> bool,
) -> Result<AssertedUser, String> {
    let bytes = [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(assertion.trim()).ok())
        .ok_or("The assertion is not base64")?;
    let xml = String::from_utf8(bytes).map_err(|_| "The assertion is not UTF-8 XML")?;
    let issuer = element_text(&xml, "Issuer").ok_or("The assertion has no Issuer")?;
    if issuer.trim() != SAML_TEST_ISSUER {
        return Err(format!(
            "The assertion's Issuer is not the emulator's test identity provider ({SAML_TEST_ISSUER})"
        ));
    }
    let conditions = start_tag(&xml, "Conditions").ok_or("The assertion has no Conditions")?;
    let not_on_or_after = attribute(conditions, "NotOnOrAfter")
        .ok_or("The assertion's Conditions have no NotOnOrAfter")?;
    let not_on_or_after = Timestamp::parse(not_on_or_after.trim())
        .map_err(|_| "The assertion's NotOnOrAfter is not a date")?;
    if not_on_or_after.unix_millis() <= now.unix_millis() {
        return Err("The assertion has expired".into());
    }
    if let Some(not_before) = attribute(conditions, "NotBefore") {
        let not_before = Timestamp::parse(not_before.trim())
            .map_err(|_| "The assertion's NotBefore is not a date")?;
        if not_before.unix_millis() > now.unix_millis() {
            return Err("The assertion is not valid yet".into());
        }
    }
    let user = element_text(&xml, "NameID").ok_or("The assertion has no NameID")?;
    let user = user.trim();
    if !known_user(user) {
        return Err("The assertion's NameID is not a user of the organization".into());
    }
    Ok(user.to_owned())
}

/// A base64 assertion of the test identity provider for `user`, valid from `now` until `not_on_or_after`.
pub(crate) fn write(user: &str, now: Timestamp, not_on_or_after: Timestamp) -> String {
    let xml = format!(
        "<saml2:Assertion xmlns:saml2=\"urn:oasis:names:tc:SAML:2.0:assertion\" Version=\"2.0\" \
         IssueInstant=\"{now}\"><saml2:Issuer>{issuer}</saml2:Issuer><saml2:Subject><saml2:NameID>{user}\
         </saml2:NameID></saml2:Subject><saml2:Conditions NotBefore=\"{now}\" NotOnOrAfter=\"{not_on_or_after}\"/>\
         </saml2:Assertion>",
        issuer = SAML_TEST_ISSUER,
        user = xml_escape(user),
    );
    STANDARD.encode(xml)
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn xml_unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The position and text of the first start tag whose local name is `name`: from after `<` to before `>`.
fn find_start<'a>(xml: &'a str, name: &str) -> Option<(usize, &'a str)> {
    let mut from = 0;
    while let Some(offset) = xml[from..].find('<') {
        let open = from + offset + 1;
        let close = open + xml[open..].find('>')?;
        let tag = &xml[open..close];
        let qualified = tag
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or_default();
        let local = qualified.rsplit(':').next().unwrap_or_default();
        if local == name && !tag.starts_with(['/', '?', '!']) {
            return Some((close + 1, tag));
        }
        from = close + 1;
    }
    None
}

fn start_tag<'a>(xml: &'a str, name: &str) -> Option<&'a str> {
    find_start(xml, name).map(|(_, tag)| tag)
}

/// The text of the first element whose local name is `name`, up to the next tag.
fn element_text(xml: &str, name: &str) -> Option<String> {
    let (after, tag) = find_start(xml, name)?;
    if tag.ends_with('/') {
        return Some(String::new());
    }
    let end = after + xml[after..].find('<')?;
    Some(xml_unescape(&xml[after..end]))
}

/// The value of an attribute (by local name) in a start tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    while let Some(eq) = rest.find('=') {
        let key = rest[..eq].split_whitespace().last().unwrap_or_default();
        let after = rest[eq + 1..].trim_start();
        let quote = after.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let value_end = after[1..].find(quote)?;
        let value = &after[1..1 + value_end];
        if key.rsplit(':').next() == Some(name) {
            return Some(xml_unescape(value));
        }
        rest = &after[1 + value_end + 1..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(seconds: i64) -> Timestamp {
        Timestamp::from_unix_millis(seconds * 1000).unwrap()
    }

    #[test]
    fn a_written_assertion_is_accepted_until_it_expires() {
        let now = at(1_800_000_000);
        let until = now.checked_add(Duration::from_secs(300)).unwrap();
        let assertion = write("alice & co", now, until);
        let known = |user: &str| user == "alice & co";
        assert_eq!(check(&assertion, now, known).unwrap(), "alice & co");
        assert!(
            check(&assertion, until, known)
                .unwrap_err()
                .contains("expired")
        );
        assert!(
            check(&assertion, at(1_700_000_000), known)
                .unwrap_err()
                .contains("not valid yet")
        );
        assert!(
            check(&assertion, now, |_| false)
                .unwrap_err()
                .contains("NameID")
        );
        let url_safe = URL_SAFE_NO_PAD.encode(STANDARD.decode(&assertion).unwrap());
        assert!(check(&url_safe, now, known).is_ok());
    }

    #[test]
    fn other_issuers_and_broken_assertions_are_refused() {
        let now = at(1_800_000_000);
        let xml = "<Assertion><Issuer>https://evil.example</Issuer><Subject><NameID>alice</NameID></Subject>\
                   <Conditions NotOnOrAfter=\"2100-01-01T00:00:00Z\"/></Assertion>";
        let error = check(&STANDARD.encode(xml), now, |_| true).unwrap_err();
        assert!(error.contains("Issuer"), "{error}");
        assert!(check("%%%", now, |_| true).unwrap_err().contains("base64"));
        let no_conditions = format!(
            "<Assertion><Issuer>{SAML_TEST_ISSUER}</Issuer><NameID>alice</NameID></Assertion>"
        );
        assert!(check(&STANDARD.encode(no_conditions), now, |_| true).is_err());
        assert!(check(&STANDARD.encode([0xff, 0xfe]), now, |_| true).is_err());
        assert!(check(&STANDARD.encode("<<<>"), now, |_| true).is_err());
    }
}
