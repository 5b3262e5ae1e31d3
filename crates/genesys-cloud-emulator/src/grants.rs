//! One-time authorization codes and refresh tokens: the state of the authorization code grant (with or without
//! PKCE) and the refresh token grant. Both are bounded and expire.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use std::time::Instant;

use crate::ids;

/// How long a code may wait for its exchange (the platform's codes are short-lived; RFC 6749 §4.1.2 advises
/// at most 10 minutes).
pub(crate) const CODE_LIFETIME: Duration = Duration::from_secs(60);

/// How long a refresh token may be used.
pub(crate) const REFRESH_LIFETIME: Duration = Duration::from_secs(30 * 86_400);

/// Codes and refresh tokens held at most; beyond, the oldest are forgotten (and refused from then on).
pub(crate) const MAX_HELD: usize = 10_000;

/// A code waiting for its exchange.
#[derive(Clone, Debug)]
struct Code {
    client_id: String,
    redirect_uri: String,
    /// The S256 challenge of a PKCE login.
    challenge: Option<String>,
    user: String,
    expires_at: Instant,
}

/// A refresh token: good for one refresh, which rotates it.
#[derive(Clone, Debug)]
struct Refresh {
    client_id: String,
    user: String,
    /// Issued to a public (PKCE) login, so the client id alone may spend it; a confidential login's refresh
    /// token needs the client's secret.
    public: bool,
    expires_at: Instant,
}

/// What a code exchange or a refresh grants: the client and the user it acts for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Grant {
    pub(crate) client_id: String,
    pub(crate) user: String,
}

/// Why a code or refresh token was refused: `invalid_grant` with this description.
pub(crate) type GrantRefused = &'static str;

/// The codes and refresh tokens of the emulator.
#[derive(Debug, Default)]
pub(crate) struct GrantStore {
    codes: HashMap<String, Code>,
    code_order: VecDeque<String>,
    refresh: HashMap<String, Refresh>,
    refresh_order: VecDeque<String>,
}

/// `BASE64URL(SHA256(verifier))`, the S256 challenge of RFC 7636.
pub(crate) fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

impl GrantStore {
    /// Issues a code for `client_id`, sent to `redirect_uri`, for `user`.
    pub(crate) fn issue_code(
        &mut self,
        client_id: &str,
        redirect_uri: &str,
        challenge: Option<&str>,
        user: &str,
        now: Instant,
    ) -> String {
        let code = ids::access_token();
        bounded_insert(
            &mut self.codes,
            &mut self.code_order,
            code.clone(),
            Code {
                client_id: client_id.to_owned(),
                redirect_uri: redirect_uri.to_owned(),
                challenge: challenge.map(str::to_owned),
                user: user.to_owned(),
                expires_at: now + CODE_LIFETIME,
            },
        );
        code
    }

    /// Exchanges `code` once: it must be the client's, unexpired, for the same redirect URI, and with the
    /// verifier of its challenge if it has one. A code with no challenge needs a client that authenticated
    /// with its secret (`confidential`). The code is spent whatever the outcome, as RFC 6749 §4.1.2 asks.
    pub(crate) fn exchange_code(
        &mut self,
        code: &str,
        client_id: &str,
        redirect_uri: Option<&str>,
        verifier: Option<&str>,
        confidential: bool,
        now: Instant,
    ) -> Result<Grant, GrantRefused> {
        let found = self
            .codes
            .remove(code)
            .ok_or("The authorization code is invalid or was used")?;
        if found.expires_at <= now {
            return Err("The authorization code has expired");
        }
        if found.client_id != client_id {
            return Err("The authorization code was issued to another client");
        }
        if redirect_uri != Some(found.redirect_uri.as_str()) {
            return Err("redirect_uri does not match the one the code was sent to");
        }
        match (&found.challenge, verifier) {
            (Some(challenge), Some(verifier)) if s256(verifier) == *challenge => {}
            (Some(_), Some(_)) => return Err("code_verifier does not match the code_challenge"),
            (Some(_), None) => return Err("code_verifier is required for this code"),
            (None, _) if !confidential => {
                return Err("a code without a code_challenge needs the client's secret");
            }
            (None, _) => {}
        }
        Ok(Grant {
            client_id: found.client_id,
            user: found.user,
        })
    }

    /// Issues a refresh token for `grant`.
    pub(crate) fn issue_refresh(&mut self, grant: &Grant, public: bool, now: Instant) -> String {
        let token = ids::access_token();
        bounded_insert(
            &mut self.refresh,
            &mut self.refresh_order,
            token.clone(),
            Refresh {
                client_id: grant.client_id.clone(),
                user: grant.user.clone(),
                public,
                expires_at: now + REFRESH_LIFETIME,
            },
        );
        token
    }

    /// Spends a refresh token of `client_id` (`confidential`: the client proved its secret): the caller issues
    /// the next one. A confidential login's token asked for without the secret is refused and stays unspent.
    pub(crate) fn refresh(
        &mut self,
        token: &str,
        client_id: &str,
        confidential: bool,
        now: Instant,
    ) -> Result<Grant, GrantRefused> {
        if !confidential && self.refresh.get(token).is_some_and(|found| !found.public) {
            return Err(
                "The refresh token was issued to a confidential login: send the client's secret",
            );
        }
        let found = self
            .refresh
            .remove(token)
            .ok_or("The refresh token is invalid, was used or was revoked")?;
        if found.expires_at <= now {
            return Err("The refresh token has expired");
        }
        if found.client_id != client_id {
            return Err("The refresh token was issued to another client");
        }
        Ok(Grant {
            client_id: found.client_id,
            user: found.user,
        })
    }

    /// Revokes every refresh token and code of the users `is_user` picks (`deleteToken`).
    pub(crate) fn revoke_user(&mut self, mut is_user: impl FnMut(&str) -> bool) {
        self.refresh.retain(|_, refresh| !is_user(&refresh.user));
        self.codes.retain(|_, code| !is_user(&code.user));
    }

    /// Revokes every refresh token of a client (its secret changed, it was disabled or deleted).
    pub(crate) fn revoke_client(&mut self, client_id: &str) {
        self.refresh
            .retain(|_, refresh| refresh.client_id != client_id);
        self.codes.retain(|_, code| code.client_id != client_id);
    }
}

/// Inserts within [`MAX_HELD`], forgetting the oldest entries first.
fn bounded_insert<T>(
    map: &mut HashMap<String, T>,
    order: &mut VecDeque<String>,
    key: String,
    value: T,
) {
    while map.len() >= MAX_HELD {
        let Some(oldest) = order.pop_front() else {
            break;
        };
        map.remove(&oldest);
    }
    // Keys already spent stay in `order` until they come up: drop them (never a live key) once they are as many
    // as the live ones, so that the queue stays bounded and every live key can still be evicted in turn.
    if order.len() >= 2 * MAX_HELD {
        order.retain(|held| map.contains_key(held));
    }
    order.push_back(key.clone());
    map.insert(key, value);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s256_is_the_rfc_7636_example() {
        assert_eq!(
            s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn codes_are_single_use_checked_and_bounded() {
        let now = Instant::now();
        let mut store = GrantStore::default();
        let code = store.issue_code("app", "https://a/cb", None, "alice", now);
        let grant = store
            .exchange_code(&code, "app", Some("https://a/cb"), None, true, now)
            .unwrap();
        assert_eq!(grant.user, "alice");
        assert!(
            store
                .exchange_code(&code, "app", Some("https://a/cb"), None, true, now)
                .is_err()
        );
        let code = store.issue_code("app", "https://a/cb", None, "alice", now);
        assert!(
            store
                .exchange_code(&code, "app", Some("https://a/other"), None, true, now)
                .is_err()
        );
        let code = store.issue_code("app", "https://a/cb", None, "alice", now);
        assert!(
            store
                .exchange_code(&code, "app", Some("https://a/cb"), None, false, now)
                .is_err()
        );
        let code = store.issue_code("app", "https://a/cb", Some(&s256("v")), "alice", now);
        assert!(
            store
                .exchange_code(&code, "app", Some("https://a/cb"), Some("w"), false, now)
                .is_err()
        );
        let code = store.issue_code("app", "https://a/cb", Some(&s256("v")), "alice", now);
        assert!(
            store
                .exchange_code(&code, "app", Some("https://a/cb"), Some("v"), false, now)
                .is_ok()
        );
        let code = store.issue_code("app", "https://a/cb", None, "alice", now);
        assert!(
            store
                .exchange_code(
                    &code,
                    "app",
                    Some("https://a/cb"),
                    None,
                    true,
                    now + CODE_LIFETIME
                )
                .is_err()
        );
        for _ in 0..MAX_HELD + 10 {
            store.issue_code("app", "https://a/cb", None, "alice", now);
        }
        assert!(store.codes.len() <= MAX_HELD && store.code_order.len() <= 2 * MAX_HELD);
    }

    #[test]
    fn refresh_tokens_rotate() {
        let now = Instant::now();
        let mut store = GrantStore::default();
        let grant = Grant {
            client_id: "app".to_owned(),
            user: "alice".to_owned(),
        };
        let first = store.issue_refresh(&grant, false, now);
        assert_eq!(store.refresh(&first, "app", true, now).unwrap(), grant);
        assert!(
            store.refresh(&first, "app", true, now).is_err(),
            "used once"
        );
        let second = store.issue_refresh(&grant, false, now);
        assert!(store.refresh(&second, "other", true, now).is_err());
        let third = store.issue_refresh(&grant, false, now);
        store.revoke_client("app");
        assert!(store.refresh(&third, "app", true, now).is_err());
    }
    #[test]
    fn only_a_public_logins_refresh_token_is_spent_without_the_secret() {
        let now = Instant::now();
        let mut store = GrantStore::default();
        let grant = Grant {
            client_id: "app".to_owned(),
            user: "alice".to_owned(),
        };
        let confidential = store.issue_refresh(&grant, false, now);
        assert!(store.refresh(&confidential, "app", false, now).is_err());
        assert!(
            store.refresh(&confidential, "app", true, now).is_ok(),
            "a refusal without the secret does not spend it"
        );
        let public = store.issue_refresh(&grant, true, now);
        assert_eq!(store.refresh(&public, "app", false, now).unwrap(), grant);
    }

    /// Review: a live code whose entry in `code_order` was dropped by the `2 * MAX_HELD` trim is never
    /// forgotten again, so the bound evicts the newest codes instead of the oldest.
    #[test]
    fn review_bound_forgets_the_oldest_code_not_the_newest() {
        let now = Instant::now();
        let mut store = GrantStore::default();
        let old = store.issue_code("app", "https://a/cb", None, "alice", now);
        // Ordinary traffic: logins that complete.
        for _ in 0..2 * MAX_HELD {
            let code = store.issue_code("app", "https://a/cb", None, "bob", now);
            store
                .exchange_code(&code, "app", Some("https://a/cb"), None, true, now)
                .unwrap();
        }
        // Abandoned logins fill the store.
        let mut newer = Vec::new();
        for _ in 0..MAX_HELD {
            newer.push(store.issue_code("app", "https://a/cb", None, "carol", now));
        }
        assert!(store.codes.len() <= MAX_HELD);
        let newest_first_kept = store.codes.contains_key(&newer[0]);
        let oldest_kept = store.codes.contains_key(&old);
        assert!(
            !oldest_kept || newest_first_kept,
            "the oldest code survived while a newer one was forgotten (oldest kept: {oldest_kept}, \
             newer[0] kept: {newest_first_kept})"
        );
    }
}
