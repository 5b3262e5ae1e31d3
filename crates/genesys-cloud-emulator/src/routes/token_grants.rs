//! `POST /oauth/token` for the grants of a user's login: `authorization_code` (a confidential client with its
//! secret, or a public one with PKCE) and `refresh_token` (rotated on each use). Codes come from
//! [`Emulator::issue_authorization_code`](crate::Emulator::issue_authorization_code).

use std::sync::Arc;
use std::time::Duration;

use genesys_cloud_models::{ClientState, GrantType, OAuthClient};
use http::StatusCode;
use http::header::{CACHE_CONTROL, HeaderValue, PRAGMA};
use std::time::Instant;

use super::token::{TokenResponse, invalid_client, invalid_request, oauth_error};
use crate::app_state::Shared;
use crate::lock;
use crate::reply::Reply;
use crate::store::{Store, same_secret};

/// The client of a code or refresh grant: who it is, and whether it proved its secret.
struct Authenticated {
    id: String,
    confidential: bool,
}

fn invalid_grant(description: &str) -> Reply {
    oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", description)
}

/// Answers a code exchange or a refresh.
pub(super) fn handle(
    shared: &Arc<Shared>,
    grant_type: &str,
    basic: Option<Vec<(String, String)>>,
    form: &[(String, String)],
) -> Result<Reply, Reply> {
    let field = |name: &str| {
        form.iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .filter(|value| !value.is_empty())
    };
    let mut store = lock(&shared.store);
    let now = shared.clock.now();
    let client = authenticate(
        &store,
        basic,
        field("client_id"),
        field("client_secret"),
        now,
    )?;
    let grant = match grant_type {
        "authorization_code" => {
            let code = field("code").ok_or_else(|| invalid_request("code is required"))?;
            store
                .grants
                .exchange_code(
                    code,
                    &client.id,
                    field("redirect_uri"),
                    field("code_verifier"),
                    client.confidential,
                    now,
                )
                .map_err(invalid_grant)?
        }
        _ => {
            let token = field("refresh_token")
                .ok_or_else(|| invalid_request("refresh_token is required"))?;
            store
                .grants
                .refresh(token, &client.id, client.confidential, now)
                .map_err(invalid_grant)?
        }
    };
    let lifetime = lifetime(shared, &store, &grant.client_id);
    // The token acts as the user who signed in.
    let access_token = store.issue_user_token(&grant.client_id, Some(&grant.user), lifetime, now);
    // Code and PKCE logins both get a refresh token, as on the platform; a public client's is spent with its
    // client id alone, a confidential client's only with its secret.
    let refresh_token = Some(
        store
            .grants
            .issue_refresh(&grant, !client.confidential, now),
    );
    drop(store);
    lock(&shared.stats).tokens_issued += 1;
    Ok(Reply::ok(&TokenResponse {
        access_token: &access_token,
        token_type: "bearer",
        expires_in: lifetime.as_secs(),
        refresh_token: refresh_token.as_deref(),
    })
    .with_header(CACHE_CONTROL, HeaderValue::from_static("no-store"))
    .with_header(PRAGMA, HeaderValue::from_static("no-cache")))
}

/// The token lifetime of a client: the emulator's, shortened to the client's `accessTokenValiditySeconds`.
pub(super) fn lifetime(shared: &Shared, store: &Store, client_id: &str) -> Duration {
    let validity = store
        .client(client_id)
        .and_then(|record| record.client.access_token_validity_seconds)
        .and_then(|seconds| u64::try_from(seconds).ok())
        .map_or(Duration::MAX, Duration::from_secs);
    shared
        .settings
        .token_lifetime
        .min(validity)
        .max(Duration::from_secs(1))
}

/// The client of the request: by HTTP Basic or `client_id` and `client_secret` (confidential), or by
/// `client_id` alone (public, PKCE). It must be an active code-grant client that can be seen.
fn authenticate(
    store: &Store,
    basic: Option<Vec<(String, String)>>,
    form_id: Option<&str>,
    form_secret: Option<&str>,
    now: Instant,
) -> Result<Authenticated, Reply> {
    let (candidates, confidential) = match (basic, form_id, form_secret) {
        (Some(candidates), _, _) => (candidates, true),
        (None, Some(id), Some(secret)) => (vec![(id.to_owned(), secret.to_owned())], true),
        (None, Some(id), None) => (vec![(id.to_owned(), String::new())], false),
        (None, None, _) => {
            return Err(invalid_client(
                "Client authentication is required: HTTP Basic, client_id and client_secret, or client_id with PKCE",
            ));
        }
    };
    let found = candidates.iter().find_map(|(id, secret)| {
        let client = &store.visible_client(id, now)?.client;
        let secret_ok = !confidential
            || client
                .secret
                .as_ref()
                .is_some_and(|known| same_secret(known.expose_secret(), secret));
        secret_ok.then_some(client)
    });
    let client = found.ok_or_else(|| invalid_client("Invalid client credentials"))?;
    check_code_client(client)?;
    Ok(Authenticated {
        id: client.id.clone().unwrap_or_default(),
        confidential,
    })
}

/// A code or refresh grant is for an active client of the CODE grant type.
fn check_code_client(client: &OAuthClient) -> Result<(), Reply> {
    if client.authorized_grant_type != GrantType::Code {
        return Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
            &format!(
                "The client uses the {} grant, not CODE",
                client.authorized_grant_type
            ),
        ));
    }
    match &client.state {
        None | Some(ClientState::Active) => Ok(()),
        Some(state) => Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "unauthorized_client",
            &format!("The client is {state}"),
        )),
    }
}
