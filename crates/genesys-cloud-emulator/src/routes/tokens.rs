//! The Tokens API: what a token is (`getTokensMe`), whether it lives (`headTokensMe`), revocation
//! (`deleteTokensMe`, `deleteToken`) and the organization's idle token timeout.

use bytes::Bytes;
use genesys_cloud_models::{
    IdleTokenTimeout, InactivityTimeoutUnit, NamedEntity, OrgOAuthClient, TokenInfo,
};
use http::Request;
use http_body::Body;

use super::{Caller, json_body, typed};
use crate::app_state::Shared;
use crate::catalogue::{
    DEFAULT_IDLE_TOKEN_TIMEOUT_SECONDS, MAX_IDLE_TOKEN_TIMEOUT_SECONDS,
    MIN_IDLE_TOKEN_TIMEOUT_SECONDS, ORGANIZATION_ID, ORGANIZATION_NAME,
};
use crate::lock;
use crate::reply::Reply;
use crate::users::user_id;

/// The emulated organization as a named entity.
pub(super) fn organization_entity() -> NamedEntity {
    NamedEntity::default()
        .with_id(ORGANIZATION_ID)
        .with_name(ORGANIZATION_NAME)
}

/// `getTokensMe`: the organization, the token's client and scopes, and when it idles (with the timeout on).
pub(super) fn me(shared: &Shared, caller: &Caller, query: Option<&str>) -> Result<Reply, Reply> {
    // Whether the idle time was reset was decided before the handler ran; a value that is no boolean is refused.
    super::listing::Query::parse(query).flag("preserveIdleTTL", false)?;
    let now = shared.clock.now();
    let wall_now = shared.clock.wall_now();
    let store = lock(&shared.store);
    let details = store
        .token_details(&caller.token)
        .ok_or_else(Reply::bad_token)?;
    let client = store
        .client(&details.client_id)
        .map(|record| record.client.clone())
        .ok_or_else(Reply::bad_token)?;
    drop(store);
    let mut oauth_client = OrgOAuthClient::new(client.name.clone(), client.authorized_grant_type)
        .with_organization(organization_entity());
    oauth_client.id = client.id;
    oauth_client.date_created = client.date_created;
    oauth_client.date_modified = client.date_modified;
    oauth_client.created_by = client.created_by;
    oauth_client.modified_by = client.modified_by;
    oauth_client.scope = client.scope.clone();
    oauth_client.role_divisions = client.role_divisions;
    oauth_client.state = client.state;
    oauth_client.date_to_delete = client.date_to_delete;
    let mut info = TokenInfo::default()
        .with_organization(organization_entity())
        .with_home_organization(organization_entity())
        .with_authorized_scope(client.scope.unwrap_or_default())
        .with_oauth_client(oauth_client);
    info.date_token_idles = details
        .idles_at
        .and_then(|at| wall_now.checked_add(at.saturating_duration_since(now)));
    Ok(Reply::ok(&info))
}

/// `deleteTokensMe`: revokes exactly the token of the call.
pub(super) fn delete_me(shared: &Shared, caller: &Caller) -> Result<Reply, Reply> {
    lock(&shared.store).revoke_token(&caller.token);
    Ok(Reply::no_content())
}

/// `deleteToken`: revokes every token (and refresh token) of the user with this id; 404 for an id that is no
/// user's.
pub(super) fn delete_user(shared: &Shared, id: &str) -> Result<Reply, Reply> {
    let known = shared.users.names().any(|name| user_id(name) == id);
    let revoked = lock(&shared.store).revoke_user_tokens(id);
    if !known && revoked == 0 {
        return Err(Reply::not_found_entity("user", id));
    }
    Ok(Reply::no_content())
}

/// The timeout with the emulator's defaults where it was never set.
fn effective(timeout: &IdleTokenTimeout) -> IdleTokenTimeout {
    let mut timeout = timeout.clone();
    timeout
        .idle_token_timeout_seconds
        .get_or_insert(DEFAULT_IDLE_TOKEN_TIMEOUT_SECONDS);
    timeout.enable_idle_token_timeout.get_or_insert(false);
    timeout
}

/// `getTokensTimeout`.
pub(super) fn timeout(shared: &Shared) -> Result<Reply, Reply> {
    Ok(Reply::ok(&effective(&lock(&shared.store).idle_timeout)))
}

/// `putTokensTimeout`: replaces the timeout, within the spec's bounds (5 minutes to 8 hours, bundle priorities
/// 1 to 5). From then on a token unused for longer than it is refused.
pub(super) async fn update_timeout<B>(shared: &Shared, request: Request<B>) -> Result<Reply, Reply>
where
    B: Body<Data = Bytes> + Unpin,
{
    let body: IdleTokenTimeout = typed(json_body(request).await?)?;
    let problems = timeout_problems(&body);
    if !problems.is_empty() {
        return Err(Reply::invalid(&problems));
    }
    let mut stored = body;
    stored.additional_fields.clear();
    let answer = effective(&stored);
    lock(&shared.store).idle_timeout = stored;
    Ok(Reply::ok(&answer))
}

fn timeout_problems(body: &IdleTokenTimeout) -> Vec<(String, String)> {
    let seconds = MIN_IDLE_TOKEN_TIMEOUT_SECONDS..=MAX_IDLE_TOKEN_TIMEOUT_SECONDS;
    let mut problems = Vec::new();
    let bounds = format!(
        "is not between {MIN_IDLE_TOKEN_TIMEOUT_SECONDS} and {MAX_IDLE_TOKEN_TIMEOUT_SECONDS} seconds"
    );
    if let Some(value) = body.idle_token_timeout_seconds {
        if !seconds.contains(&value) {
            problems.push((
                "idleTokenTimeoutSeconds".to_owned(),
                format!("{value} {bounds}"),
            ));
        }
    }
    let unit_problem = |unit: &Option<InactivityTimeoutUnit>| {
        unit.as_ref()
            .filter(|unit| unit.is_unknown())
            .map(|unit| format!("`{}` is not one of Minutes, Hours", unit.as_str()))
    };
    if let Some(problem) = unit_problem(&body.inactivity_timeout_unit) {
        problems.push(("inactivityTimeoutUnit".to_owned(), problem));
    }
    for (i, bundle) in body
        .inactivity_timeout_group_bundles
        .iter()
        .flatten()
        .enumerate()
    {
        if !(1..=5).contains(&bundle.priority) {
            problems.push((
                format!("inactivityTimeoutGroupBundles[{i}].priority"),
                format!("{} is not between 1 and 5", bundle.priority),
            ));
        }
        if !seconds.contains(&bundle.timeout_seconds) {
            problems.push((
                format!("inactivityTimeoutGroupBundles[{i}].timeoutSeconds"),
                format!("{} {bounds}", bundle.timeout_seconds),
            ));
        }
        if let Some(problem) = unit_problem(&bundle.inactivity_timeout_unit) {
            problems.push((
                format!("inactivityTimeoutGroupBundles[{i}].inactivityTimeoutUnit"),
                problem,
            ));
        }
    }
    problems
}
