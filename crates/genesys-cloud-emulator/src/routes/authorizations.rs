//! The read-only catalogue operations: authorizations and scopes. `Accept-Language` is accepted and
//! ignored: descriptions are in English.

use genesys_cloud_models::{
    OAuthAuthorization, OAuthAuthorizationListing, OAuthScope, OAuthScopeListing,
};

use genesys_cloud_core::Operation;
use genesys_cloud_core::ops::{GetOauthAuthorizations, GetOauthScope, GetOauthScopes};

use super::api_path;
use crate::app_state::Shared;
use crate::catalogue::SCOPES;
use crate::lock;
use crate::reply::Reply;
use crate::store::{Store, client_id_of};

/// The authorization with its client as it is now (without secret).
fn current(store: &Store, authorization: &OAuthAuthorization) -> OAuthAuthorization {
    let mut authorization = authorization.clone();
    if let Some(record) = client_id_of(&authorization).and_then(|id| store.client(id)) {
        authorization.client = Some(record.public());
    }
    authorization
}

/// `getOauthAuthorizations`: a user's token sees that user's authorizations, a client-credentials token every
/// authorization of the organization.
pub(super) fn list_authorizations(shared: &Shared, user: Option<&str>) -> Result<Reply, Reply> {
    let store = lock(&shared.store);
    let entities: Vec<_> = store
        .authorizations_of(user)
        .map(|authorization| current(&store, authorization))
        .collect();
    let listing = OAuthAuthorizationListing::default()
        .with_total(entities.len() as i64)
        .with_entities(entities)
        .with_self_uri(GetOauthAuthorizations::PATH);
    Ok(Reply::ok(&listing))
}

/// `getOauthAuthorization`: the authorization of the client with this id (the caller's own for a user's token).
pub(super) fn get_authorization(
    shared: &Shared,
    client_id: &str,
    user: Option<&str>,
) -> Result<Reply, Reply> {
    let store = lock(&shared.store);
    let authorization = store
        .authorization(client_id, user)
        .ok_or_else(|| Reply::not_found_entity("authorization", client_id))?;
    Ok(Reply::ok(&current(&store, authorization)))
}

fn scope(id: &str, description: &str) -> OAuthScope {
    OAuthScope::new(id)
        .with_description(description)
        .with_self_uri(api_path(GetOauthScope::PATH, &[("scopeId", id)]))
}

/// `getOauthScopes`.
pub(super) fn list_scopes() -> Result<Reply, Reply> {
    let entities: Vec<_> = SCOPES.iter().map(|(id, text)| scope(id, text)).collect();
    let listing = OAuthScopeListing::default()
        .with_total(entities.len() as i64)
        .with_entities(entities)
        .with_self_uri(GetOauthScopes::PATH);
    Ok(Reply::ok(&listing))
}

/// `getOauthScope`.
pub(super) fn get_scope(id: &str) -> Result<Reply, Reply> {
    SCOPES
        .iter()
        .find(|(scope_id, _)| *scope_id == id)
        .map(|(id, text)| Reply::ok(&scope(id, text)))
        .ok_or_else(|| Reply::not_found_entity("scope", id))
}
