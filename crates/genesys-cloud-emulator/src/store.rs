//! The emulator's state: clients (with their secrets), authorizations, tokens, usage executions and the
//! usage log. Only plain data and synchronous methods: callers hold the lock briefly and never across
//! an await.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::time::{Duration, Instant};

use genesys_cloud_models::{ApiUsageRow, ClientState, GrantType, OAuthAuthorization, OAuthClient};

use crate::catalogue;
use crate::grants::GrantStore;
use crate::ids;
use crate::usage::UsageLog;

/// Clients held at most; creates beyond are refused (400). Each may keep up to a 1 MiB body of fields the
/// emulator does not know, and the state file is rewritten whole on every change, so a create loop must not
/// grow them for ever.
pub(crate) const MAX_CLIENTS: usize = 100_000;
/// Executions kept for result polling; older ones are forgotten (their results answer 404).
const MAX_EXECUTIONS: usize = 10_000;
/// Tokens held at most: each login adds one, kept for its lifetime (24 h by default), so a login loop
/// would otherwise grow without bound. Beyond it the oldest token is evicted and answers 401 from then on,
/// as if it had expired. Ten thousand live tokens are far more than tests hold at once.
pub(crate) const MAX_TOKENS: usize = 10_000;
/// How many tokens may be issued between two sweeps of expired tokens.
const TOKEN_SWEEP_INTERVAL: usize = 1024;

/// A client and the instant from which reads see it (the visibility delay).
#[derive(Clone, Debug)]
pub(crate) struct ClientRecord {
    /// The client, always with its id and secret.
    pub(crate) client: OAuthClient,
    pub(crate) visible_at: Option<Instant>,
}

impl ClientRecord {
    /// Whether reads see the client at `now` (its visibility delay is over).
    pub(crate) fn is_visible(&self, now: Instant) -> bool {
        self.visible_at.is_none_or(|at| now >= at)
    }

    /// The client as GET, list and PUT return it: without its secret.
    pub(crate) fn public(&self) -> OAuthClient {
        let mut client = self.client.clone();
        client.secret = None;
        client
    }
}

#[derive(Clone, Debug)]
struct TokenRecord {
    client_id: String,
    /// The user a code, implicit or SAML2 token acts for; `None` for a client-credentials token.
    user: Option<String>,
    expires_at: Instant,
    /// Its place in the issue order, for eviction.
    seq: u64,
    /// The start of its current rate limit window, and the requests admitted in it.
    window: Option<(Instant, u32)>,
    /// When it was last used by a call that resets the idle time (or issued).
    last_used: Instant,
}

/// What `getTokensMe` tells of a live token.
#[derive(Clone, Debug)]
pub(crate) struct TokenDetails {
    pub(crate) client_id: String,
    /// When the idle timeout would refuse it, if one is enabled.
    pub(crate) idles_at: Option<Instant>,
}

/// A submitted usage query or summary: its rows are computed at submission, shown once `ready_at` passed.
#[derive(Clone, Debug)]
pub(crate) struct Execution {
    pub(crate) client_id: String,
    pub(crate) ready_at: Instant,
    pub(crate) rows: Vec<ApiUsageRow>,
}

/// Why a client-credentials login failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LoginError {
    /// Unknown client id or wrong secret; deliberately not told apart.
    BadCredentials,
    WrongGrantType(GrantType),
    NotActive(ClientState),
}

#[derive(Debug, Default)]
pub(crate) struct Store {
    clients: BTreeMap<u64, ClientRecord>,
    index: HashMap<String, u64>,
    next_seq: u64,
    pub(crate) authorizations: Vec<OAuthAuthorization>,
    tokens: HashMap<String, TokenRecord>,
    /// The held tokens by issue order, oldest first.
    token_order: BTreeMap<u64, String>,
    next_token_seq: u64,
    issued_since_sweep: usize,
    executions: HashMap<String, Execution>,
    execution_order: VecDeque<String>,
    pub(crate) usage: UsageLog,
    /// Authorization codes and refresh tokens.
    pub(crate) grants: GrantStore,
    /// Browser logins between the pages of `/oauth/authorize`.
    pub(crate) logins: crate::login::PendingLogins,
    /// Clients due for deletion: (`dateToDelete` in Unix ms, client seq). An entry whose client is gone or has
    /// another date since is stale and skipped, so that changes never have to find their old entry.
    deletions: BTreeSet<(i64, u64)>,
    /// The organization's idle token timeout (`getTokensTimeout`); `None` fields take the emulator's defaults.
    pub(crate) idle_timeout: genesys_cloud_models::IdleTokenTimeout,
}

impl Store {
    /// Adds a client (which must have an id) after the others; a client with the same id is replaced.
    pub(crate) fn insert_client(&mut self, client: OAuthClient, visible_at: Option<Instant>) {
        let id = client.id.clone().unwrap_or_default();
        let record = ClientRecord { client, visible_at };
        let seq = match self.index.get(&id) {
            Some(seq) => *seq,
            None => {
                let seq = self.next_seq;
                self.next_seq += 1;
                self.index.insert(id.clone(), seq);
                seq
            }
        };
        self.clients.insert(seq, record);
        self.schedule_deletion(&id);
    }

    /// Files the client's `dateToDelete` (if it is inactive and has one) for [`purge_due`](Self::purge_due); call
    /// after every change of its state or date.
    pub(crate) fn schedule_deletion(&mut self, id: &str) {
        let Some(seq) = self.index.get(id).copied() else {
            return;
        };
        if let Some(due) = self.clients.get(&seq).and_then(|r| deletion_due(&r.client)) {
            self.deletions.insert((due, seq));
        }
    }

    /// Removes the clients whose `dateToDelete` has come (`now_ms`, Unix ms), as the platform does; returns how
    /// many. Cheap when none is due: the earliest date is looked at first.
    pub(crate) fn purge_due(&mut self, now_ms: i64) -> usize {
        let mut removed = 0;
        while let Some(&(due, seq)) = self.deletions.first() {
            if due > now_ms {
                break;
            }
            self.deletions.pop_first();
            let current = self.clients.get(&seq).and_then(|r| deletion_due(&r.client));
            if current != Some(due) {
                continue; // stale: reactivated, rescheduled or already deleted
            }
            let Some(id) = self.clients.get(&seq).and_then(|r| r.client.id.clone()) else {
                continue;
            };
            self.remove_client(&id);
            self.usage.forget(&id);
            removed += 1;
        }
        removed
    }

    pub(crate) fn client(&self, id: &str) -> Option<&ClientRecord> {
        self.index.get(id).and_then(|seq| self.clients.get(seq))
    }

    /// The client, whether reads see it yet or not.
    pub(crate) fn client_mut(&mut self, id: &str) -> Option<&mut ClientRecord> {
        let seq = self.index.get(id)?;
        self.clients.get_mut(seq)
    }

    /// The client as reads see it: `None` while its visibility delay runs.
    pub(crate) fn visible_client(&self, id: &str, now: Instant) -> Option<&ClientRecord> {
        self.client(id).filter(|record| record.is_visible(now))
    }

    pub(crate) fn visible_client_mut(
        &mut self,
        id: &str,
        now: Instant,
    ) -> Option<&mut ClientRecord> {
        let seq = self.index.get(id)?;
        self.clients
            .get_mut(seq)
            .filter(|record| record.is_visible(now))
    }

    /// Removes a client with its authorizations; its tokens stop working because they name a missing client.
    pub(crate) fn remove_client(&mut self, id: &str) -> Option<ClientRecord> {
        let seq = self.index.remove(id)?;
        self.grants.revoke_client(id);
        self.authorizations
            .retain(|authorization| client_id_of(authorization) != Some(id));
        self.clients.remove(&seq)
    }

    /// Every client, in creation order.
    pub(crate) fn clients(&self) -> impl Iterator<Item = &ClientRecord> {
        self.clients.values()
    }

    pub(crate) fn client_count(&self) -> usize {
        self.clients.len()
    }

    /// Checks client-credentials login at `now`; an active client-credentials client with this secret passes,
    /// once its visibility delay is over.
    pub(crate) fn login(
        &self,
        id: &str,
        secret: &str,
        now: Instant,
    ) -> Result<&OAuthClient, LoginError> {
        let client = self
            .visible_client(id, now)
            .map(|record| &record.client)
            .filter(|client| {
                client
                    .secret
                    .as_ref()
                    .is_some_and(|known| same_secret(known.expose_secret(), secret))
            })
            .ok_or(LoginError::BadCredentials)?;
        if client.authorized_grant_type != GrantType::ClientCredentials {
            return Err(LoginError::WrongGrantType(
                client.authorized_grant_type.clone(),
            ));
        }
        match &client.state {
            None | Some(ClientState::Active) => Ok(client),
            Some(state) => Err(LoginError::NotActive(state.clone())),
        }
    }

    /// Issues a token for `client_id` valid for `lifetime` from `now`.
    pub(crate) fn issue_token(
        &mut self,
        client_id: &str,
        lifetime: Duration,
        now: Instant,
    ) -> String {
        self.issue_user_token(client_id, None, lifetime, now)
    }

    /// Issues a token for `client_id` acting as `user` (or as the client itself when `None`).
    pub(crate) fn issue_user_token(
        &mut self,
        client_id: &str,
        user: Option<&str>,
        lifetime: Duration,
        now: Instant,
    ) -> String {
        self.issued_since_sweep += 1;
        if self.issued_since_sweep >= TOKEN_SWEEP_INTERVAL {
            self.issued_since_sweep = 0;
            let order = &mut self.token_order;
            self.tokens.retain(|_, token| {
                let live = token.expires_at > now;
                if !live {
                    order.remove(&token.seq);
                }
                live
            });
        }
        while self.tokens.len() >= MAX_TOKENS {
            let Some((_, oldest)) = self.token_order.pop_first() else {
                break;
            };
            self.tokens.remove(&oldest);
        }
        let token = ids::access_token();
        let seq = self.next_token_seq;
        self.next_token_seq += 1;
        // A lifetime is at most a year (checked at start), so this cannot overflow; if it did, the token would
        // simply be expired.
        let expires_at = now.checked_add(lifetime).unwrap_or(now);
        self.token_order.insert(seq, token.clone());
        self.tokens.insert(
            token.clone(),
            TokenRecord {
                client_id: client_id.to_owned(),
                user: user.map(str::to_owned),
                expires_at,
                seq,
                window: None,
                last_used: now,
            },
        );
        token
    }

    /// The client a bearer token acts for, if the token is known, unexpired, and its client still exists and
    /// is not disabled. The spec: a disabled client's tokens are invalid; an inactive client's tokens keep
    /// working (it only cannot get new ones).
    ///
    /// With the idle timeout enabled, a token unused for longer than it is refused as well (it is not removed:
    /// whether a token idled is decided at each use).
    pub(crate) fn caller(&self, token: &str, now: Instant) -> Option<&OAuthClient> {
        let idle_limit = self.idle_limit();
        let record = self.tokens.get(token).filter(|t| {
            t.expires_at > now
                && idle_limit
                    .is_none_or(|limit| now.saturating_duration_since(t.last_used) <= limit)
        })?;
        let client = &self.client(&record.client_id)?.client;
        (client.state != Some(ClientState::Disabled)).then_some(client)
    }

    /// How long a token may stay unused, when the idle timeout is enabled.
    pub(crate) fn idle_limit(&self) -> Option<Duration> {
        let timeout = &self.idle_timeout;
        if timeout.enable_idle_token_timeout != Some(true) {
            return None;
        }
        let seconds = timeout
            .idle_token_timeout_seconds
            .unwrap_or(catalogue::DEFAULT_IDLE_TOKEN_TIMEOUT_SECONDS);
        Some(Duration::from_secs(u64::try_from(seconds).unwrap_or(0)))
    }

    /// Records a use of `token` at `now` that resets its idle time.
    pub(crate) fn touch(&mut self, token: &str, now: Instant) {
        if let Some(record) = self.tokens.get_mut(token) {
            record.last_used = now;
        }
    }

    /// What `getTokensMe` tells of `token`, if it is held.
    pub(crate) fn token_details(&self, token: &str) -> Option<TokenDetails> {
        let record = self.tokens.get(token)?;
        Some(TokenDetails {
            client_id: record.client_id.clone(),
            idles_at: self
                .idle_limit()
                .and_then(|limit| record.last_used.checked_add(limit)),
        })
    }

    /// Revokes every token acting for the user with id `user_id` (`deleteToken`), with the refresh tokens of
    /// that user's logins; how many access tokens went.
    pub(crate) fn revoke_user_tokens(&mut self, user_id: &str) -> usize {
        // Ids are hashed from names: each distinct name once, not once per token (this runs under the lock).
        let mut known: HashMap<String, bool> = HashMap::new();
        let mut is_user = |name: &str| {
            *known
                .entry(name.to_owned())
                .or_insert_with(|| crate::users::user_id(name) == user_id)
        };
        let order = &mut self.token_order;
        let before = self.tokens.len();
        self.tokens.retain(|_, token| {
            let keep = token.user.as_deref().is_none_or(|name| !is_user(name));
            if !keep {
                order.remove(&token.seq);
            }
            keep
        });
        self.grants.revoke_user(is_user);
        before - self.tokens.len()
    }

    /// The user a token acts for; `None` for a client-credentials token or an unknown one.
    pub(crate) fn token_user(&self, token: &str) -> Option<&str> {
        self.tokens
            .get(token)
            .and_then(|record| record.user.as_deref())
    }

    /// Revokes every token of a client, for good: a disabled client's tokens do not come back when it is
    /// enabled again. A scan of the held tokens (at most [`MAX_TOKENS`]), made only when a client is disabled.
    pub(crate) fn revoke_client_tokens(&mut self, client_id: &str) {
        self.grants.revoke_client(client_id);
        let order = &mut self.token_order;
        self.tokens.retain(|_, token| {
            let keep = token.client_id != client_id;
            if !keep {
                order.remove(&token.seq);
            }
            keep
        });
    }

    /// Admits one more request made with `token` under a limit of `limit` requests per `window` (a fixed
    /// window from the token's first request), or says how long until its window ends. Unknown tokens are not
    /// limited: they get their 401 instead.
    pub(crate) fn admit(
        &mut self,
        token: &str,
        now: Instant,
        limit: u32,
        window: Duration,
    ) -> Result<(), Duration> {
        let Some(record) = self.tokens.get_mut(token) else {
            return Ok(());
        };
        let (start, count) = match record.window {
            Some((start, count)) if now.saturating_duration_since(start) < window => (start, count),
            _ => (now, 0),
        };
        if count >= limit {
            return Err(window.saturating_sub(now.saturating_duration_since(start)));
        }
        record.window = Some((start, count + 1));
        Ok(())
    }

    /// How many tokens are held (issued, not yet swept or evicted).
    pub(crate) fn token_count(&self) -> usize {
        self.tokens.len()
    }

    pub(crate) fn clear_tokens(&mut self) {
        self.tokens.clear();
        self.token_order.clear();
    }

    pub(crate) fn revoke_token(&mut self, token: &str) {
        if let Some(record) = self.tokens.remove(token) {
            self.token_order.remove(&record.seq);
        }
    }

    /// Adds an execution under a new id, forgetting the oldest beyond the cap.
    pub(crate) fn add_execution(&mut self, execution: Execution) -> String {
        let id = ids::uuid();
        self.executions.insert(id.clone(), execution);
        self.execution_order.push_back(id.clone());
        while self.execution_order.len() > MAX_EXECUTIONS {
            if let Some(old) = self.execution_order.pop_front() {
                self.executions.remove(&old);
            }
        }
        id
    }

    pub(crate) fn execution(&self, id: &str) -> Option<&Execution> {
        self.executions.get(id)
    }
}

/// When an inactive client is due for deletion (its `dateToDelete`, Unix ms).
fn deletion_due(client: &OAuthClient) -> Option<i64> {
    if client.state != Some(ClientState::Inactive) {
        return None;
    }
    client
        .date_to_delete
        .as_ref()
        .map(|date| date.unix_millis())
}

/// The ids of the known roles a client holds (through `roleDivisions` and the deprecated `roleIds`).
pub(crate) fn role_ids(client: &OAuthClient) -> BTreeSet<&'static str> {
    roles(client).map(|role| role.id).collect()
}

/// The roles a client holds through its role grants (`roleDivisions`, and the deprecated `roleIds`).
fn roles(client: &OAuthClient) -> impl Iterator<Item = &'static catalogue::Role> + '_ {
    let from_divisions = client
        .role_divisions
        .iter()
        .flatten()
        .map(|grant| grant.role_id.as_str());
    let from_ids = client.role_ids.iter().flatten().map(String::as_str);
    from_divisions.chain(from_ids).filter_map(catalogue::role)
}

/// The permissions a client holds through its role grants.
#[cfg(test)]
pub(crate) fn permissions(client: &OAuthClient) -> std::collections::BTreeSet<&'static str> {
    roles(client)
        .flat_map(|role| role.permissions.iter().copied())
        .collect()
}

/// Whether a client holds any of `wanted` through its role grants. Checked in place, without collecting the
/// permissions: this runs for every request, under the store lock.
pub(crate) fn holds_any(client: &OAuthClient, wanted: &[&str]) -> bool {
    roles(client).any(|role| role.permissions.iter().any(|held| wanted.contains(held)))
}

pub(crate) fn client_id_of(authorization: &OAuthAuthorization) -> Option<&str> {
    authorization
        .client
        .as_ref()
        .and_then(|client| client.id.as_deref())
}

/// Compares secrets without an early exit, so that timing tells neither how much of a guess was right nor the
/// secret's length: the SHA-256 digests of both (always 32 bytes) are compared byte by byte in full.
pub(crate) fn same_secret(known: &str, given: &str) -> bool {
    use sha2::{Digest, Sha256};
    let known = Sha256::digest(known.as_bytes());
    let given = Sha256::digest(given.as_bytes());
    known
        .iter()
        .zip(given.iter())
        .fold(0u8, |diff, (a, b)| diff | (a ^ b))
        == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use genesys_cloud_models::{ClientSecret, RoleDivision};

    #[test]
    fn same_secret_is_equality() {
        assert!(same_secret("s3cret", "s3cret"));
        assert!(same_secret("", ""));
        for other in ["s3cre", "s3cret!", "S3cret", "", "s3crex"] {
            assert!(!same_secret("s3cret", other), "{other}");
        }
    }

    fn client(id: &str, grant: GrantType) -> OAuthClient {
        let mut client = OAuthClient::new(id, grant);
        client.id = Some(id.to_owned());
        client.secret = Some(ClientSecret::new("s"));
        client
    }

    #[test]
    fn login_tokens_and_removal() {
        let mut store = Store::default();
        store.insert_client(client("a", GrantType::ClientCredentials), None);
        store.insert_client(client("b", GrantType::Code), None);
        let now = Instant::now();
        assert!(store.login("a", "s", now).is_ok());
        assert_eq!(store.login("a", "x", now), Err(LoginError::BadCredentials));
        assert_eq!(store.login("z", "s", now), Err(LoginError::BadCredentials));
        assert_eq!(
            store.login("b", "s", now),
            Err(LoginError::WrongGrantType(GrantType::Code))
        );
        let token = store.issue_token("a", Duration::from_secs(60), now);
        assert_eq!(
            store.caller(&token, now).and_then(|c| c.id.as_deref()),
            Some("a")
        );
        assert!(
            store
                .caller(&token, now + Duration::from_secs(61))
                .is_none()
        );
        store.remove_client("a");
        assert!(store.caller(&token, now).is_none());
        assert_eq!(store.clients().count(), 1);
    }

    #[test]
    fn permissions_come_from_roles() {
        let mut c = client("a", GrantType::ClientCredentials);
        assert!(permissions(&c).is_empty());
        c.role_divisions = Some(vec![RoleDivision::new(
            catalogue::USAGE_VIEWER_ROLE_ID,
            catalogue::HOME_DIVISION_ID,
        )]);
        c.role_ids = Some(vec![
            "unknown".into(),
            catalogue::OAUTH_VIEWER_ROLE_ID.into(),
        ]);
        let held = permissions(&c);
        assert!(held.contains(catalogue::PERMISSION_USAGE_VIEW));
        assert!(!held.contains(catalogue::PERMISSION_DELETE));
        // The per-request check agrees with the collected set.
        assert!(holds_any(
            &c,
            &[
                catalogue::PERMISSION_DELETE,
                catalogue::PERMISSION_USAGE_VIEW
            ]
        ));
        assert!(!holds_any(&c, &[catalogue::PERMISSION_DELETE]));
        assert!(!holds_any(&c, &[]));
    }

    #[test]
    fn visibility_delay_hides_a_new_client() {
        let mut store = Store::default();
        let now = Instant::now();
        store.insert_client(
            client("a", GrantType::ClientCredentials),
            Some(now + Duration::from_millis(50)),
        );
        assert!(store.visible_client("a", now).is_none());
        assert!(
            store
                .visible_client("a", now + Duration::from_millis(50))
                .is_some()
        );
        assert!(store.client("a").is_some());
    }

    /// Every login used to add a token kept for its whole lifetime (24 h by default): memory grew without
    /// bound under a login loop. The oldest tokens are evicted beyond the cap, and an evicted token is invalid.
    #[test]
    fn a_hundred_thousand_logins_keep_a_bounded_number_of_tokens() {
        let mut store = Store::default();
        store.insert_client(client("a", GrantType::ClientCredentials), None);
        let now = Instant::now();
        let day = Duration::from_secs(86_400);
        let first = store.issue_token("a", day, now);
        let mut last = String::new();
        for _ in 0..100_000 {
            last = store.issue_token("a", day, now);
            assert!(store.token_count() <= MAX_TOKENS);
        }
        assert_eq!(store.token_count(), MAX_TOKENS);
        assert!(
            store.caller(&first, now).is_none(),
            "the oldest was evicted"
        );
        assert!(store.caller(&last, now).is_some(), "the newest works");
        // Revoked tokens leave room without disturbing the order of the others.
        store.revoke_token(&last);
        assert_eq!(store.token_count(), MAX_TOKENS - 1);
        store.clear_tokens();
        assert_eq!(store.token_count(), 0);
        let again = store.issue_token("a", day, now);
        assert!(store.caller(&again, now).is_some());
    }

    /// The rate limit's window starts at a token's first request; beyond the limit it says how long is left.
    #[test]
    fn the_rate_limit_counts_per_token_and_window() {
        let mut store = Store::default();
        store.insert_client(client("a", GrantType::ClientCredentials), None);
        let now = Instant::now();
        let token = store.issue_token("a", Duration::from_secs(3600), now);
        let minute = Duration::from_secs(60);
        assert!(store.admit(&token, now, 2, minute).is_ok());
        assert!(
            store
                .admit(&token, now + Duration::from_secs(10), 2, minute)
                .is_ok()
        );
        let wait = store.admit(&token, now + Duration::from_secs(15), 2, minute);
        assert_eq!(wait, Err(Duration::from_secs(45)));
        assert!(
            store.admit(&token, now + minute, 2, minute).is_ok(),
            "a new window"
        );
        assert!(
            store.admit("unknown", now, 1, minute).is_ok(),
            "unknown tokens get a 401 instead"
        );
    }

    /// Due clients are removed once; a client restored since (or rescheduled) is not.
    #[test]
    fn clients_due_for_deletion_are_purged_when_due() {
        let mut store = Store::default();
        let due = genesys_cloud_models::Timestamp::from_unix_millis(1_000_000).unwrap();
        for id in ["due", "restored"] {
            let mut c = client(id, GrantType::ClientCredentials);
            c.state = Some(ClientState::Inactive);
            c.date_to_delete = Some(due);
            store.insert_client(c, None);
        }
        if let Some(record) = store.client_mut("restored") {
            record.client.state = Some(ClientState::Active);
            record.client.date_to_delete = None;
        }
        store.schedule_deletion("restored");
        assert_eq!(store.purge_due(999_999), 0);
        assert_eq!(store.purge_due(1_000_000), 1);
        assert!(store.client("due").is_none());
        assert!(store.client("restored").is_some());
        assert_eq!(store.purge_due(i64::MAX), 0);
    }
}
