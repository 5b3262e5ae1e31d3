//! `POST /oauth/token` with `grant_type=urn:ietf:params:oauth:grant-type:saml2-bearer`: a token for the user
//! of an assertion from the emulator's test identity provider ([`crate::saml`] says what is checked), for an
//! active SAML2-BEARER client authenticated with its secret, in the organization [`ORGANIZATION_NAME`].

use std::sync::Arc;

use genesys_cloud_models::{ClientState, GrantType};
use http::StatusCode;
use http::header::{CACHE_CONTROL, HeaderValue, PRAGMA};

use super::token::{TokenResponse, invalid_client, invalid_request, oauth_error};
use crate::app_state::Shared;
use crate::catalogue::ORGANIZATION_NAME;
use crate::reply::Reply;
use crate::store::same_secret;
use crate::{lock, saml};

/// The grant type of RFC 7522.
pub(super) const SAML2_BEARER: &str = "urn:ietf:params:oauth:grant-type:saml2-bearer";

/// Answers a SAML2 bearer grant.
pub(super) fn handle(
    shared: &Arc<Shared>,
    basic: Option<Vec<(String, String)>>,
    form: &[(String, String)],
) -> Result<Reply, Reply> {
    let field = |name: &str| {
        form.iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
            .filter(|value| !value.is_empty())
    };
    let candidates = match (basic, field("client_id"), field("client_secret")) {
        (Some(candidates), _, _) => candidates,
        (None, Some(id), Some(secret)) => vec![(id.to_owned(), secret.to_owned())],
        _ => {
            return Err(invalid_client(
                "The SAML2 bearer grant needs the client's credentials (HTTP Basic)",
            ));
        }
    };
    let org_name = field("orgName").ok_or_else(|| invalid_request("orgName is required"))?;
    let assertion = field("assertion").ok_or_else(|| invalid_request("assertion is required"))?;
    let mut store = lock(&shared.store);
    let now = shared.clock.now();
    let client = candidates
        .iter()
        .find_map(|(id, secret)| {
            let client = &store.visible_client(id, now)?.client;
            client
                .secret
                .as_ref()
                .is_some_and(|known| same_secret(known.expose_secret(), secret))
                .then_some(client)
        })
        .ok_or_else(|| invalid_client("Invalid client credentials"))?;
    let unauthorized = |description: &str| {
        oauth_error(StatusCode::BAD_REQUEST, "unauthorized_client", description)
    };
    if client.authorized_grant_type != GrantType::Saml2Bearer {
        return Err(unauthorized(&format!(
            "The client uses the {} grant, not SAML2-BEARER",
            client.authorized_grant_type
        )));
    }
    if let Some(state) = client.state.as_ref().filter(|s| **s != ClientState::Active) {
        return Err(unauthorized(&format!("The client is {state}")));
    }
    let client_id = client.id.clone().unwrap_or_default();
    let invalid_grant =
        |description: &str| oauth_error(StatusCode::BAD_REQUEST, "invalid_grant", description);
    if org_name != ORGANIZATION_NAME {
        return Err(invalid_grant(&format!(
            "orgName does not name the emulator's organization ({ORGANIZATION_NAME})"
        )));
    }
    let user = saml::check(assertion, shared.clock.wall_now(), |name| {
        shared.users.contains(name)
    })
    .map_err(|reason| invalid_grant(&reason))?;
    let lifetime = super::token_grants::lifetime(shared, &store, &client_id);
    let access_token = store.issue_user_token(&client_id, Some(&user), lifetime, now);
    drop(store);
    lock(&shared.stats).tokens_issued += 1;
    Ok(Reply::ok(&TokenResponse {
        access_token: &access_token,
        token_type: "bearer",
        expires_in: lifetime.as_secs(),
        refresh_token: None,
    })
    .with_header(CACHE_CONTROL, HeaderValue::from_static("no-store"))
    .with_header(PRAGMA, HeaderValue::from_static("no-cache")))
}
