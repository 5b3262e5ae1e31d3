//! The state of a browser login between the pages of `/oauth/authorize`: pending requests kept on the server,
//! named by a random one-time id, so that the pages' hidden field cannot change the client, the redirect URI or
//! the scopes; and the redirect URI rule.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::ids;

/// How long a pending login waits for its next step.
pub(crate) const PENDING_LIFETIME: Duration = Duration::from_secs(10 * 60);
/// Pending logins held at most; beyond, the one closest to expiry is forgotten.
pub(crate) const MAX_PENDING: usize = 1_000;
/// Wrong passwords allowed per pending login; then it is dropped and the login starts again.
pub(crate) const MAX_ATTEMPTS: u8 = 5;

/// What the client asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ResponseType {
    /// `code`: an authorization code in the query.
    Code,
    /// `token`: an access token in the fragment (implicit grant).
    Token,
}

/// Where a pending login stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Stage {
    /// The login page is shown; `attempts` wrong passwords so far.
    SignIn { attempts: u8 },
    /// The user signed in; the consent page is shown.
    Consent { user: String },
}

/// A checked authorize request waiting for the user.
#[derive(Clone, Debug)]
pub(crate) struct Pending {
    pub(crate) client_id: String,
    /// The redirect URI as the request gave it (already checked against the client's).
    pub(crate) redirect_uri: String,
    pub(crate) response_type: ResponseType,
    pub(crate) state: Option<String>,
    /// The S256 challenge of a PKCE login.
    pub(crate) challenge: Option<String>,
    /// `org` and `provider`, shown on the login page.
    pub(crate) org_and_provider: Option<(String, String)>,
    pub(crate) stage: Stage,
    pub(crate) expires_at: Instant,
}

/// The pending logins, by one-time id.
#[derive(Debug, Default)]
pub(crate) struct PendingLogins {
    pending: HashMap<String, Pending>,
}

impl PendingLogins {
    /// Files a pending login under a new id, valid for [`PENDING_LIFETIME`] from `now`.
    pub(crate) fn put(&mut self, mut pending: Pending, now: Instant) -> String {
        if self.pending.len() >= MAX_PENDING {
            self.pending.retain(|_, held| held.expires_at > now);
        }
        while self.pending.len() >= MAX_PENDING {
            let Some(oldest) = self
                .pending
                .iter()
                .min_by_key(|(_, held)| held.expires_at)
                .map(|(id, _)| id.clone())
            else {
                break;
            };
            self.pending.remove(&oldest);
        }
        pending.expires_at = now + PENDING_LIFETIME;
        let id = ids::access_token();
        self.pending.insert(id.clone(), pending);
        id
    }

    /// Takes a pending login out: each id works once (the next page gets a new one). `None` when unknown or
    /// expired.
    pub(crate) fn take(&mut self, id: &str, now: Instant) -> Option<Pending> {
        self.pending
            .remove(id)
            .filter(|pending| pending.expires_at > now)
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.pending.len()
    }
}

/// Whether `requested` may be used as the redirect URI of a client that registered `registered`: the same
/// string, or, for a registered loopback IP-literal URI without a port (`http://127.0.0.1/...`,
/// `http://[::1]/...`), the same URI with any port (RFC 8252 §7.3).
pub(crate) fn redirect_matches(registered: &str, requested: &str) -> bool {
    if registered == requested {
        return true;
    }
    ["http://127.0.0.1", "http://[::1]"].iter().any(|host| {
        let (Some(registered_rest), Some(requested_rest)) =
            (registered.strip_prefix(host), requested.strip_prefix(host))
        else {
            return false;
        };
        if !(registered_rest.is_empty() || registered_rest.starts_with(['/', '?'])) {
            return false;
        }
        let Some(port_and_rest) = requested_rest.strip_prefix(':') else {
            return false;
        };
        let digits = port_and_rest.bytes().take_while(u8::is_ascii_digit).count();
        let (port, rest) = port_and_rest.split_at(digits);
        (1..=5).contains(&digits)
            && port.parse::<u16>().is_ok_and(|port| port > 0)
            && rest == registered_rest
    })
}

/// Whether any of a client's registered URIs lets `requested` be used.
pub(crate) fn redirect_allowed(registered: Option<&[String]>, requested: &str) -> bool {
    registered
        .unwrap_or_default()
        .iter()
        .any(|uri| redirect_matches(uri, requested))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_uris_match_exactly_or_by_loopback_port() {
        assert!(redirect_matches("https://a/cb", "https://a/cb"));
        assert!(!redirect_matches("https://a/cb", "https://a/cb/"));
        assert!(!redirect_matches("https://a/cb", "https://a/cb?x=1"));
        assert!(redirect_matches(
            "http://127.0.0.1/callback",
            "http://127.0.0.1:51234/callback"
        ));
        assert!(redirect_matches("http://[::1]/cb", "http://[::1]:8080/cb"));
        assert!(redirect_matches("http://127.0.0.1", "http://127.0.0.1:9"));
        assert!(!redirect_matches(
            "http://127.0.0.1/callback",
            "http://127.0.0.1:51234/other"
        ));
        assert!(!redirect_matches(
            "http://127.0.0.1:8080/callback",
            "http://127.0.0.1:9090/callback"
        ));
        assert!(!redirect_matches(
            "http://127.0.0.1/callback",
            "http://127.0.0.1:0/callback"
        ));
        assert!(!redirect_matches(
            "http://127.0.0.1/callback",
            "http://127.0.0.1:99999/callback"
        ));
        assert!(!redirect_matches(
            "http://127.0.0.1/callback",
            "http://127.0.0.1:80@evil.example/callback"
        ));
        assert!(!redirect_matches(
            "http://127.0.0.1.evil/cb",
            "http://127.0.0.1.evil:80/cb"
        ));
        assert!(!redirect_matches(
            "http://localhost/callback",
            "http://localhost:8080/callback"
        ));
    }

    #[test]
    fn pending_ids_work_once_expire_and_stay_bounded() {
        let now = Instant::now();
        let mut logins = PendingLogins::default();
        let pending = Pending {
            client_id: "c".into(),
            redirect_uri: "https://a/cb".into(),
            response_type: ResponseType::Code,
            state: None,
            challenge: None,
            org_and_provider: None,
            stage: Stage::SignIn { attempts: 0 },
            expires_at: now,
        };
        let id = logins.put(pending.clone(), now);
        assert!(logins.take(&id, now).is_some());
        assert!(logins.take(&id, now).is_none(), "used once");
        let id = logins.put(pending.clone(), now);
        assert!(
            logins.take(&id, now + PENDING_LIFETIME).is_none(),
            "expired"
        );
        let first = logins.put(pending.clone(), now);
        for i in 0..MAX_PENDING + 10 {
            logins.put(pending.clone(), now + Duration::from_millis(i as u64 + 1));
            assert!(logins.len() <= MAX_PENDING);
        }
        assert!(logins.take(&first, now).is_none(), "the oldest went first");
    }
}
