//! The client operations: list, create, get, update, delete, and secret regeneration.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use genesys_cloud_core::Operation;
use genesys_cloud_core::ops::GetOauthClients;
use genesys_cloud_models::{
    ClientSecret, ClientState, OAuthClientEntityListing, OAuthClientListing, OAuthClientRequest,
    Timestamp,
};
use http::Request;
use http_body::Body;

use super::{json_body, raw_body, validate};
use crate::app_state::Shared;
use crate::reply::Reply;
use crate::seed::{admin_user, new_client};
use crate::stats::Mutation;
use crate::store::{self, MAX_CLIENTS, Store};
use crate::{catalogue, ids, lock};

const CLIENTS_PATH: &str = GetOauthClients::PATH;
/// A client older than this is deactivated for [`GRACE`] by a delete instead of removed at once, and a client
/// that goes inactive is deleted after [`GRACE`] (Genesys help, "View, edit, delete or restore OAuth clients").
const YOUNG: Duration = Duration::from_secs(30 * 86_400);
const GRACE: Duration = Duration::from_secs(7 * 86_400);

fn not_found(id: &str) -> Reply {
    Reply::not_found_entity("OAuth client", id)
}

/// The ids of the (known) roles a request gives.
fn requested_roles(request: &OAuthClientRequest) -> BTreeSet<&'static str> {
    let from_divisions = request
        .role_divisions
        .iter()
        .flatten()
        .map(|grant| grant.role_id.as_str());
    let from_ids = request.role_ids.iter().flatten().map(String::as_str);
    from_divisions
        .chain(from_ids)
        .filter_map(catalogue::role)
        .map(|role| role.id)
        .collect()
}

/// The roles the caller holds. The platform lets a caller give only roles it holds itself, and edit only clients
/// whose roles it holds (Terraform provider, `oauth_client` resource: "The roles must also already be assigned to
/// the OAuth Client used by Terraform"; Genesys help: editing a client needs "the same roles as the OAuth Client
/// you plan to edit").
/// A user's token holds every role: the emulator's users administer the organization.
fn caller_roles(store: &Store, caller: &super::Caller) -> BTreeSet<&'static str> {
    if caller.user.is_some() {
        return catalogue::ROLES.iter().map(|role| role.id).collect();
    }
    store
        .client(&caller.id)
        .map(|record| store::role_ids(&record.client))
        .unwrap_or_default()
}

/// Sets `dateToDelete` for a state change, as the platform does: a client that goes inactive is due for deletion
/// after [`GRACE`] (an inactive one keeps its date); any other state clears it (a restore). Disabling revokes the
/// client's tokens for good.
fn follow_state_change(store: &mut Store, id: &str, before: Option<&ClientState>, now: &Timestamp) {
    let Some(record) = store.client(id) else {
        return;
    };
    let after = record.client.state.clone();
    let date = match after {
        Some(ClientState::Inactive) if before == Some(&ClientState::Inactive) => record
            .client
            .date_to_delete
            .or_else(|| now.checked_add(GRACE)),
        Some(ClientState::Inactive) => now.checked_add(GRACE),
        _ => None,
    };
    if after == Some(ClientState::Disabled) && before != Some(&ClientState::Disabled) {
        store.revoke_client_tokens(id);
    }
    set_date_to_delete(store, id, date);
}

fn set_date_to_delete(store: &mut Store, id: &str, date: Option<Timestamp>) {
    if let Some(record) = store.client_mut(id) {
        record.client.date_to_delete = date;
    }
    store.schedule_deletion(id);
}

/// `getOauthClients`: every client in one page, as on the platform; pages only with a configured page size or
/// with the paging parameters honoured.
pub(super) fn list(shared: &Shared, query: Option<&str>) -> Result<Reply, Reply> {
    let mut page_size = shared.settings.page_size.map(u64::from);
    let mut page_number = 1u64;
    let mut problems = Vec::new();
    // The spec defines no query parameter here: unless told to, they are ignored as the platform ignores them.
    let query = query.filter(|_| shared.settings.paging_parameters);
    for (key, value) in form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        let parsed = value
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=i32::MAX as u64).contains(n));
        match (key.as_ref(), parsed) {
            ("pageSize", Some(n)) => page_size = Some(n),
            ("pageNumber", Some(n)) => page_number = n,
            ("pageSize" | "pageNumber", None) => problems.push((
                key.into_owned(),
                format!("`{value}` is not a whole number from 1 to {}", i32::MAX),
            )),
            _ => {}
        }
    }
    if !problems.is_empty() {
        return Err(Reply::invalid(&problems));
    }
    let paged = page_size.is_some();
    let now = shared.clock.now();
    let store = lock(&shared.store);
    let visible = || store.clients().filter(|record| record.is_visible(now));
    let total = visible().count() as u64;
    let size = page_size.unwrap_or(total).max(1);
    let page_count = total.div_ceil(size).max(1);
    let skip = usize::try_from((page_number - 1).saturating_mul(size)).unwrap_or(usize::MAX);
    let take = usize::try_from(size).unwrap_or(usize::MAX);
    let entities: Vec<OAuthClientListing> = visible()
        .skip(skip)
        .take(take)
        .map(|record| OAuthClientListing::from(record.public()))
        .collect();
    drop(store);
    let uri = |number: u64| match paged {
        true => format!("{CLIENTS_PATH}?pageSize={size}&pageNumber={number}"),
        false => CLIENTS_PATH.to_owned(),
    };
    let as_i32 = |n: u64| i32::try_from(n).unwrap_or(i32::MAX);
    let mut listing = OAuthClientEntityListing::default()
        .with_entities(entities)
        .with_page_size(as_i32(size))
        .with_page_number(as_i32(page_number))
        .with_total(i64::try_from(total).unwrap_or(i64::MAX))
        .with_page_count(as_i32(page_count))
        .with_self_uri(uri(page_number))
        .with_first_uri(uri(1))
        .with_last_uri(uri(page_count));
    if page_number < page_count {
        listing.next_uri = Some(uri(page_number + 1));
    }
    if page_number > 1 && paged {
        listing.previous_uri = Some(uri(page_number - 1));
    }
    Ok(Reply::ok(&listing))
}

/// `postOauthClients`: the new client, with its secret. Its roles must be held by the caller.
pub(super) async fn create<B>(
    shared: &Arc<Shared>,
    caller: &super::Caller,
    request: Request<B>,
) -> Result<Reply, Reply>
where
    B: Body<Data = Bytes> + Unpin,
{
    let body = validate::client_request(json_body(request).await?, &shared.settings.divisions)?;
    validate::check_known_scopes(&body, shared.settings.known_scopes_only)?;
    let requested = requested_roles(&body);
    let id = ids::uuid();
    let created = shared.clock.wall_now();
    let mut client = new_client(&id, &body.name, body.authorized_grant_type.clone(), created);
    validate::apply(&mut client, body);
    if client.state == Some(ClientState::Inactive) {
        client.date_to_delete = created.checked_add(GRACE);
    }
    let delay = shared.settings.visibility_delay;
    let now = shared.clock.now();
    // A delay is at most a year (checked at start): no overflow; if there were, no delay.
    let visible_at = (!delay.is_zero()).then(|| now.checked_add(delay).unwrap_or(now));
    let snapshot = {
        let mut store = lock(&shared.store);
        if !requested.is_subset(&caller_roles(&store, caller)) {
            return Err(Reply::not_authorized());
        }
        if store.client_count() >= MAX_CLIENTS {
            return Err(Reply::bad_request(
                format!(
                    "The emulator holds at most {MAX_CLIENTS} OAuth clients; delete some before creating more"
                ),
                None,
                "too.many.clients",
            ));
        }
        store.insert_client(client.clone(), visible_at);
        shared.snapshot(&store)
    };
    shared.save(snapshot).await?;
    shared.count_mutation(Mutation::Create);
    Ok(Reply::ok(&client))
}

/// `getOauthClient`: the client without its secret.
pub(super) fn get(shared: &Shared, id: &str) -> Result<Reply, Reply> {
    // The store lock is held for the copy only: serializing under it made concurrent requests queue up (and
    // their worker threads sleep) behind each other.
    let client = {
        let store = lock(&shared.store);
        store
            .visible_client(id, shared.clock.now())
            .ok_or_else(|| not_found(id))?
            .public()
    };
    Ok(Reply::ok(&client))
}

/// Checks that the caller may edit the client `id`: it holds every role the client holds and every role in
/// `giving`. 404 for a client reads do not see.
fn check_edit(
    store: &Store,
    caller: &super::Caller,
    id: &str,
    giving: &BTreeSet<&'static str>,
    now: std::time::Instant,
) -> Result<(), Reply> {
    let target = store.visible_client(id, now).ok_or_else(|| not_found(id))?;
    let held = caller_roles(store, caller);
    if store::role_ids(&target.client).is_subset(&held) && giving.is_subset(&held) {
        Ok(())
    } else {
        Err(Reply::not_authorized())
    }
}

/// `putOauthClient`: replaces the client's fields; the result has no secret. The caller must hold the client's
/// roles and the roles it gives.
pub(super) async fn update<B>(
    shared: &Arc<Shared>,
    caller: &super::Caller,
    id: &str,
    request: Request<B>,
) -> Result<Reply, Reply>
where
    B: Body<Data = Bytes> + Unpin,
{
    let body = validate::client_request(json_body(request).await?, &shared.settings.divisions)?;
    validate::check_known_scopes(&body, shared.settings.known_scopes_only)?;
    let giving = requested_roles(&body);
    let today = shared.clock.wall_now();
    let (client, snapshot) = {
        let mut store = lock(&shared.store);
        let now = shared.clock.now();
        check_edit(&store, caller, id, &giving, now)?;
        let record = store
            .visible_client_mut(id, now)
            .ok_or_else(|| not_found(id))?;
        let before = record.client.state.clone();
        validate::apply(&mut record.client, body);
        record.client.date_modified = Some(today);
        record.client.modified_by = Some(admin_user());
        follow_state_change(&mut store, id, before.as_ref(), &today);
        let client = store
            .client(id)
            .map(store::ClientRecord::public)
            .ok_or_else(|| not_found(id))?;
        (client, shared.snapshot(&store))
    };
    shared.save(snapshot).await?;
    shared.count_mutation(Mutation::Update);
    Ok(Reply::ok(&client))
}

/// `deleteOauthClient`: only an inactive client can be deleted; 204 with no body. A client created within the
/// last 30 days is removed at once; an older one stays inactive for 7 days (its `dateToDelete`, within which it
/// can be restored by setting it active), then disappears.
pub(super) async fn delete(shared: &Arc<Shared>, id: &str) -> Result<Reply, Reply> {
    let today = shared.clock.wall_now();
    let snapshot = {
        let mut store = lock(&shared.store);
        let record = store
            .visible_client(id, shared.clock.now())
            .ok_or_else(|| not_found(id))?;
        if record.client.state != Some(ClientState::Inactive) {
            return Err(Reply::cannot_delete(id));
        }
        let young = today
            .checked_sub(YOUNG)
            .is_none_or(|cutoff| record.client.date_created.is_none_or(|at| at > cutoff));
        if young {
            store.remove_client(id);
            store.usage.forget(id);
        } else {
            let due = today.checked_add(GRACE);
            let date = match (record.client.date_to_delete, due) {
                (Some(set), Some(due)) => Some(set.min(due)),
                (set, due) => set.or(due),
            };
            set_date_to_delete(&mut store, id, date);
        }
        shared.snapshot(&store)
    };
    shared.save(snapshot).await?;
    shared.count_mutation(Mutation::Delete);
    Ok(Reply::no_content())
}

/// `postOauthClientSecret`: a new secret, returned with the client; the caller must hold the client's roles. The old secret stops working at once;
/// tokens issued with it stay valid until they expire, as on the platform.
///
/// The body is read (within the size cap) and ignored: the operation takes none, and the Python SDK sends
/// `null`.
pub(super) async fn regenerate_secret<B>(
    shared: &Arc<Shared>,
    caller: &super::Caller,
    id: &str,
    request: Request<B>,
) -> Result<Reply, Reply>
where
    B: Body<Data = Bytes> + Unpin,
{
    raw_body(request).await?;
    let today = shared.clock.wall_now();
    let (client, snapshot) = {
        let mut store = lock(&shared.store);
        let now = shared.clock.now();
        check_edit(&store, caller, id, &BTreeSet::new(), now)?;
        let record = store
            .visible_client_mut(id, now)
            .ok_or_else(|| not_found(id))?;
        record.client.secret = Some(ClientSecret::new(ids::client_secret()));
        record.client.date_modified = Some(today);
        record.client.modified_by = Some(admin_user());
        let client = record.client.clone();
        // A new secret ends the refresh tokens issued with the old one, as a revoked secret does.
        store.grants.revoke_client(id);
        (client, shared.snapshot(&store))
    };
    shared.save(snapshot).await?;
    shared.count_mutation(Mutation::Secret);
    Ok(Reply::ok(&client))
}
