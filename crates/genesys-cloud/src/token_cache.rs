//! The token cache: one token shared by every task, fetched lazily, renewed before expiry, and refreshed by
//! exactly one task at a time however many need it (single flight).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

use genesys_cloud_core::BearerHeader;
use genesys_cloud_core::token::{
    AuthorizationCodeGrant, ClientCredentialsGrant, PkceCodeExchange, RefreshTokenGrant,
    TokenResponse,
};
use genesys_cloud_models::{AccessToken, RefreshToken};
use tokio::time::Instant;

use genesys_cloud_core::Operation;

use crate::credentials::Credentials;
use crate::error::{Error, LoginRequired, SendState};

/// What the token cache needs to fetch a token: a way to send a grant. The client implements it; the cache
/// does not know the client.
pub(crate) trait GrantSender: Sync {
    /// Sends `grant` with the client's retries and timeouts.
    fn send_grant<G>(
        &self,
        grant: &G,
    ) -> impl core::future::Future<Output = Result<TokenResponse, Error>> + Send
    where
        G: Operation<Output = TokenResponse> + Sync;
}

/// Called with each new token, e.g. to persist its refresh token.
pub(crate) type TokenHook = std::sync::Arc<dyn Fn(&TokenInfo) + Send + Sync>;

/// A token in the cache, with its prebuilt `Authorization` header.
#[derive(Debug)]
pub(crate) struct CachedToken {
    pub(crate) bearer: BearerHeader,
    pub(crate) token: AccessToken,
    pub(crate) expires_at: Option<SystemTime>,
    /// When to start renewing: before expiry, with jitter so that many clients do not renew in step.
    renew_at: Option<Instant>,
    /// When the token stops working, on the monotonic clock.
    usable_until: Option<Instant>,
    pub(crate) generation: u64,
}

impl CachedToken {
    fn is_fresh(&self, now: Instant) -> bool {
        self.renew_at.is_none_or(|renew_at| now < renew_at)
    }

    /// Whether the token still works, though it may be due for renewal.
    fn is_usable(&self, now: Instant) -> bool {
        self.usable_until.is_none_or(|until| now < until)
    }

    /// The same token after a failed renewal: fresh again for a pause (a quarter of what is left of its life,
    /// from 1 s to 30 s, and never past its expiry), so that calls go on with it instead of each waiting for
    /// another renewal attempt.
    fn renewal_postponed(&self, now: Instant) -> Self {
        let left = self.usable_until.map_or(RENEWAL_RETRY_MAX, |until| {
            until.saturating_duration_since(now)
        });
        let pause = (left / 4)
            .clamp(RENEWAL_RETRY_MIN, RENEWAL_RETRY_MAX)
            .min(left);
        Self {
            bearer: self.bearer.clone(),
            token: self.token.clone(),
            expires_at: self.expires_at,
            renew_at: now.checked_add(pause),
            usable_until: self.usable_until,
            generation: self.generation,
        }
    }
}

/// A token read out of the client: to use elsewhere (another tool, a proxy), or to persist (a code-grant app
/// keeps its refresh token to survive a restart). Every secret in it is redacted in `Debug`.
///
/// It serializes as `{"accessToken": "...", "refreshToken": "...", "expiresAt": UNIX_SECONDS}` (the secrets in
/// clear: store it where only its owner can read it), so that what [`ClientBuilder::on_token`] hands over can be
/// written as is and read back for [`ClientBuilder::start_from`]:
///
/// ```
/// use genesys_cloud::TokenInfo;
///
/// let kept = r#"{"accessToken":"a-token","refreshToken":"a-refresh-token","expiresAt":1767225600}"#;
/// let token: TokenInfo = serde_json::from_str(kept)?;
/// assert_eq!(token.access_token.expose_secret(), "a-token");
/// assert_eq!(serde_json::to_string(&token)?, kept);
/// assert!(!format!("{token:?}").contains("a-token"));
/// # Ok::<(), serde_json::Error>(())
/// ```
///
/// [`ClientBuilder::on_token`]: crate::ClientBuilder::on_token
/// [`ClientBuilder::start_from`]: crate::ClientBuilder::start_from
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TokenInfo {
    /// The access token.
    pub access_token: AccessToken,
    /// The refresh token the client will renew with, for the code and refresh grants (it may rotate with each
    /// renewal: persist the latest).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<RefreshToken>,
    /// When the access token expires, if the token endpoint said (whole Unix seconds when serialized).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        with = "unix_seconds"
    )]
    pub expires_at: Option<SystemTime>,
}

/// `Option<SystemTime>` as whole Unix seconds: the form token caches write, and one a person can read.
mod unix_seconds {
    use std::time::{Duration, SystemTime, UNIX_EPOCH};

    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(
        value: &Option<SystemTime>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value.and_then(|at| at.duration_since(UNIX_EPOCH).ok()) {
            Some(since) => serializer.serialize_some(&since.as_secs()),
            None => serializer.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<SystemTime>, D::Error> {
        let seconds = Option::<u64>::deserialize(deserializer)?;
        seconds
            .map(|seconds| {
                UNIX_EPOCH
                    .checked_add(Duration::from_secs(seconds))
                    .ok_or_else(|| serde::de::Error::custom("an expiry beyond the clock's range"))
            })
            .transpose()
    }
}

impl TokenInfo {
    /// A token kept from an earlier run (a token cache on disk), to start a client from with
    /// [`ClientBuilder::start_from`](crate::ClientBuilder::start_from).
    pub fn new(
        access_token: AccessToken,
        refresh_token: Option<RefreshToken>,
        expires_at: Option<SystemTime>,
    ) -> Self {
        Self {
            access_token,
            refresh_token,
            expires_at,
        }
    }
}

#[derive(Default)]
struct TokenState {
    current: Option<Arc<CachedToken>>,
    /// The refresh token to use next, for the code and refresh grants.
    refresh_token: Option<RefreshToken>,
    /// Whether the one-time code has (or may have) reached the token endpoint.
    code_used: bool,
    /// The number of token fetches finished, and the error of the last one if it failed: callers that waited
    /// for that fetch share its error instead of each sending another request.
    fetches_finished: u64,
    last_failure: Option<Arc<Error>>,
}

/// The shortest and longest pause before a failed renewal is tried again while the current token still works.
const RENEWAL_RETRY_MIN: Duration = Duration::from_secs(1);
const RENEWAL_RETRY_MAX: Duration = Duration::from_secs(30);

pub(crate) struct TokenCache {
    credentials: Credentials,
    on_token: Option<TokenHook>,
    state: RwLock<TokenState>,
    refresh: tokio::sync::Mutex<()>,
    generation: AtomicU64,
    renew_before: Duration,
}

impl TokenCache {
    pub(crate) fn new(
        credentials: Credentials,
        renew_before: Duration,
        on_token: Option<TokenHook>,
        start_from: Option<TokenInfo>,
    ) -> Result<Self, Error> {
        let mut state = TokenState::default();
        if let Some(start) = start_from {
            if !matches!(credentials, Credentials::AccessToken(_)) {
                state.current = Self::kept(&start, renew_before)?;
                state.refresh_token = start.refresh_token;
                // A kept token comes from an earlier login: the code it came from is spent.
                state.code_used = matches!(
                    credentials,
                    Credentials::AuthorizationCode { .. } | Credentials::Pkce { .. }
                ) && (state.current.is_some() || state.refresh_token.is_some());
            }
        }
        if let Credentials::AccessToken(token) = &credentials {
            state.current = Some(Arc::new(CachedToken {
                bearer: BearerHeader::new(token)?,
                token: token.clone(),
                expires_at: None,
                renew_at: None,
                usable_until: None,
                generation: 0,
            }));
        }
        if let Credentials::RefreshToken { refresh_token, .. }
        | Credentials::PublicRefreshToken { refresh_token, .. } = &credentials
        {
            if state.refresh_token.is_none() {
                state.refresh_token = Some(refresh_token.clone());
            }
        }
        Ok(Self {
            credentials,
            on_token,
            state: RwLock::new(state),
            refresh: tokio::sync::Mutex::new(()),
            generation: AtomicU64::new(1),
            renew_before,
        })
    }

    /// The cache entry of a kept token, or `None` when it has expired (or says no expiry, which a kept token
    /// cannot be trusted with: it is renewed at once instead). Renewal starts as for a fetched token, on the
    /// time left.
    fn kept(start: &TokenInfo, renew_before: Duration) -> Result<Option<Arc<CachedToken>>, Error> {
        let Some(left) = start
            .expires_at
            .and_then(|at| at.duration_since(SystemTime::now()).ok())
            .filter(|left| !left.is_zero())
        else {
            return Ok(None);
        };
        let now = Instant::now();
        let renew_in = left.saturating_sub(renew_before.min(left / 10));
        Ok(Some(Arc::new(CachedToken {
            bearer: BearerHeader::new(&start.access_token)?,
            token: start.access_token.clone(),
            expires_at: start.expires_at,
            renew_at: now.checked_add(renew_in),
            usable_until: now.checked_add(left),
            generation: 0,
        })))
    }

    pub(crate) fn can_renew(&self) -> bool {
        match &self.credentials {
            // A PKCE login renews once its exchange brought a refresh token.
            Credentials::Pkce { .. } => self.read_state().refresh_token.is_some(),
            credentials => credentials.can_renew(),
        }
    }

    /// Whether a token can be fetched now: renewable credentials, or a PKCE code not yet exchanged.
    fn can_fetch(&self) -> bool {
        match &self.credentials {
            Credentials::Pkce { .. } => {
                let state = self.read_state();
                !state.code_used || state.refresh_token.is_some()
            }
            credentials => credentials.can_renew(),
        }
    }

    fn read_state(&self) -> std::sync::RwLockReadGuard<'_, TokenState> {
        // A poisoned lock only means another thread panicked mid-update of plain data; the value is still usable.
        self.state
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn write_state(&self) -> std::sync::RwLockWriteGuard<'_, TokenState> {
        self.state
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn current(&self) -> Option<Arc<CachedToken>> {
        self.read_state().current.clone()
    }

    /// The cached token while it still works, even if it is due for renewal: the token a revocation or a probe
    /// is about, which a renewal would replace.
    pub(crate) fn usable(&self) -> Option<Arc<CachedToken>> {
        self.current()
            .filter(|token| token.is_usable(Instant::now()))
    }

    /// The cached token if it is fresh, without waiting.
    pub(crate) fn cached(&self) -> Option<Arc<CachedToken>> {
        self.current()
            .filter(|token| token.is_fresh(Instant::now()))
    }

    /// A fresh token: the cached one, or a new one fetched by exactly one caller while the others wait for it.
    ///
    /// When that fetch fails, the callers that were waiting for it get its error (the same error: status, code,
    /// predicates) instead of each trying again, so a revoked secret costs one token request, not one per task.
    /// A token that is due for renewal but still works is used by every caller until it expires, and its renewal
    /// is tried again after a pause rather than by every call.
    pub(crate) async fn get(&self, sender: &impl GrantSender) -> Result<Arc<CachedToken>, Error> {
        if let Some(token) = self.cached() {
            return Ok(token);
        }
        let fetches_before = self.read_state().fetches_finished;
        let _single_flight = self.refresh.lock().await;
        // Whoever held the lock before us may have fetched one already, or failed to.
        if let Some(token) = self.cached() {
            return Ok(token);
        }
        {
            let state = self.read_state();
            if state.fetches_finished != fetches_before {
                if let Some(token) = state
                    .current
                    .clone()
                    .filter(|token| token.is_usable(Instant::now()))
                {
                    return Ok(token);
                }
                if let Some(error) = &state.last_failure {
                    return Err(Error::Token(Arc::clone(error)));
                }
            }
        }
        if !self.can_fetch() {
            return self
                .current()
                .ok_or(Error::LoginRequired(LoginRequired::CodeAlreadyUsed));
        }
        // The response is checked (its token must fit in a header) before it counts as a success, so that an
        // unusable token is one failure shared by every waiting caller.
        let fetched = self
            .fetch(sender)
            .await
            .and_then(|response| self.prepare(response));
        match fetched {
            Ok((token, refresh_token)) => {
                let mut state = self.write_state();
                state.fetches_finished += 1;
                state.last_failure = None;
                if refresh_token.is_some() {
                    state.refresh_token = refresh_token;
                }
                state.current = Some(Arc::clone(&token));
                drop(state);
                tracing::debug!(generation = token.generation, "access token renewed");
                if let Some(hook) = &self.on_token {
                    hook(&self.info(&token));
                }
                Ok(token)
            }
            Err(error) => {
                let mut state = self.write_state();
                let refresh_token = state
                    .refresh_token
                    .as_ref()
                    .map(RefreshToken::expose_secret);
                let error = Arc::new(self.credentials.scrub(error, refresh_token.as_slice()));
                state.fetches_finished += 1;
                state.last_failure = Some(Arc::clone(&error));
                let usable = state
                    .current
                    .clone()
                    .filter(|token| token.is_usable(Instant::now()))
                    .map(|token| {
                        let postponed = Arc::new(token.renewal_postponed(Instant::now()));
                        state.current = Some(Arc::clone(&postponed));
                        postponed
                    });
                drop(state);
                match usable {
                    Some(token) => {
                        tracing::warn!(%error, "token renewal failed; the current token is used until it expires");
                        Ok(token)
                    }
                    None => Err(Error::Token(error)),
                }
            }
        }
    }

    /// Forgets the token of `generation` after the API rejected it, unless a newer one already replaced it.
    pub(crate) fn invalidate(&self, generation: u64) {
        if !self.can_renew() {
            return;
        }
        self.forget(generation);
    }

    /// Forgets the token of `generation` (unless a newer one replaced it) even when no new one can be had: it
    /// was revoked, so the next call gets a fresh token or a "login required" error rather than a 401.
    pub(crate) fn forget(&self, generation: u64) {
        let mut state = self
            .state
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if state
            .current
            .as_ref()
            .is_some_and(|token| token.generation == generation)
        {
            state.current = None;
        }
    }

    /// What the caller may read of `token`: the token, the refresh token to use next, and the expiry.
    pub(crate) fn info(&self, token: &CachedToken) -> TokenInfo {
        TokenInfo {
            access_token: token.token.clone(),
            refresh_token: self.read_state().refresh_token.clone(),
            expires_at: token.expires_at,
        }
    }

    async fn fetch(&self, sender: &impl GrantSender) -> Result<TokenResponse, Error> {
        let (refresh_token, code_used) = {
            let state = self
                .state
                .read()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            (state.refresh_token.clone(), state.code_used)
        };
        match &self.credentials {
            Credentials::ClientCredentials {
                client_id,
                client_secret,
            } => {
                let grant = ClientCredentialsGrant::new(client_id.clone(), client_secret.clone());
                sender.send_grant(&grant).await
            }
            Credentials::RefreshToken {
                client_id,
                client_secret,
                ..
            }
            | Credentials::AuthorizationCode {
                client_id,
                client_secret,
                ..
            } if refresh_token.is_some() || code_used => {
                let refresh_token =
                    refresh_token.ok_or(Error::LoginRequired(LoginRequired::NoRefreshToken))?;
                let grant =
                    RefreshTokenGrant::new(client_id.clone(), client_secret.clone(), refresh_token);
                sender.send_grant(&grant).await
            }
            Credentials::AuthorizationCode {
                client_id,
                client_secret,
                code,
                redirect_uri,
            } => {
                let grant = AuthorizationCodeGrant::new(
                    client_id.clone(),
                    client_secret.clone(),
                    code.clone(),
                    redirect_uri.clone(),
                );
                self.exchange_code(sender.send_grant(&grant)).await
            }
            Credentials::Pkce {
                client_id,
                code,
                verifier,
                redirect_uri,
            } => {
                if code_used {
                    // After the exchange, the login lives on through its refresh token, spent with the client
                    // id alone (a public client has no secret).
                    let refresh_token = refresh_token
                        .ok_or(Error::LoginRequired(LoginRequired::CodeAlreadyUsed))?;
                    let grant = RefreshTokenGrant::public(client_id.clone(), refresh_token);
                    return sender.send_grant(&grant).await;
                }
                let grant = PkceCodeExchange::new(
                    client_id.clone(),
                    code.clone(),
                    verifier.clone(),
                    redirect_uri.clone(),
                );
                self.exchange_code(sender.send_grant(&grant)).await
            }
            Credentials::PublicRefreshToken { client_id, .. } => {
                let refresh_token =
                    refresh_token.ok_or(Error::LoginRequired(LoginRequired::NoRefreshToken))?;
                let grant = RefreshTokenGrant::public(client_id.clone(), refresh_token);
                sender.send_grant(&grant).await
            }
            Credentials::Source(source) => source.0.fetch_token().await,
            // A refresh-token login whose refresh token is gone (a grant that returned none).
            Credentials::RefreshToken { .. } => {
                Err(Error::LoginRequired(LoginRequired::NoRefreshToken))
            }
            Credentials::AccessToken(_) => {
                Err(Error::LoginRequired(LoginRequired::TokenCannotBeRenewed))
            }
        }
    }

    /// Sends a one-time code exchange. The code counts as used before the request leaves, so that a call
    /// cancelled mid-send (a dropped future, a timeout) never sends it twice; it is given back only when the error
    /// proves nothing was sent (a code exchange is not retried after it may have been sent, so a final "not sent"
    /// means no attempt reached the server).
    async fn exchange_code(
        &self,
        send: impl core::future::Future<Output = Result<TokenResponse, Error>>,
    ) -> Result<TokenResponse, Error> {
        self.write_state().code_used = true;
        let result = send.await;
        let never_sent = match &result {
            Err(Error::Transport { error, .. }) => error.send_state() == SendState::NotSent,
            Err(Error::Build(_) | Error::Config(_)) => true,
            _ => false,
        };
        if never_sent {
            self.write_state().code_used = false;
        }
        result
    }

    /// A token response as a cache entry (not yet stored), with the refresh token it brought.
    fn prepare(
        &self,
        response: TokenResponse,
    ) -> Result<(Arc<CachedToken>, Option<RefreshToken>), Error> {
        let now = Instant::now();
        let (expires_at, renew_at, usable_until) = match response.expires_in {
            Some(lifetime) => {
                let buffer = self.renew_before.min(lifetime / 10);
                // Up to half the buffer again at random, so that many processes do not renew in step.
                let jitter = buffer.mul_f64(fastrand::f64() * 0.5);
                let renew_in = lifetime.saturating_sub(buffer).saturating_sub(jitter);
                // The lifetime comes from the server: one too long for the clock means "no expiry", not a panic.
                (
                    SystemTime::now().checked_add(lifetime),
                    now.checked_add(renew_in),
                    now.checked_add(lifetime),
                )
            }
            None => (None, None, None),
        };
        let bearer = BearerHeader::new(&response.access_token).map_err(Error::Build)?;
        let token = Arc::new(CachedToken {
            bearer,
            token: response.access_token,
            expires_at,
            renew_at,
            usable_until,
            generation: self.generation.fetch_add(1, Ordering::Relaxed),
        });
        Ok((token, response.refresh_token))
    }
}
