//! Random ids, secrets and tokens.
//!
//! They come from fastrand's thread-local generator, never from the seeded fault generator, so that the
//! fault sequence depends on the seed and the requests only. The emulator is a test tool: these values are
//! unique enough but not cryptographically strong.

const URL_SAFE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A random version 4 UUID in its usual text form.
pub(crate) fn uuid() -> String {
    let mut bytes = fastrand::u128(..).to_be_bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    // Written digit by digit into one buffer: this runs for every request (its correlation id).
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(36);
    for (index, byte) in bytes.iter().enumerate() {
        if matches!(index, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        text.push(char::from(HEX[usize::from(byte >> 4)]));
        text.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    text
}

fn random_string(len: usize) -> String {
    (0..len)
        .map(|_| char::from(URL_SAFE[fastrand::usize(..URL_SAFE.len())]))
        .collect()
}

/// A new client secret: 43 URL-safe characters, the length of the platform's.
pub(crate) fn client_secret() -> String {
    random_string(43)
}

/// A new opaque access token.
pub(crate) fn access_token() -> String {
    random_string(64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_shape() {
        let id = uuid();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert!(matches!(&id[19..20], "8" | "9" | "a" | "b"));
        assert_ne!(uuid(), id);
        assert_eq!(client_secret().len(), 43);
    }
}
