//! The client operations: list, create, get, update, delete, and secret regeneration.

use std::sync::Arc;

use bytes::Bytes;
use genesys_cloud_models::{
    ClientSecret, ClientState, OAuthClientEntityListing, OAuthClientListing, Timestamp,
};
use http::Request;
use http_body::Body;

use super::{json_body, raw_body, validate};
use crate::reply::Reply;
use crate::seed::{admin_user, new_client};
use crate::shared::Shared;
use crate::stats::Mutation;
use crate::store::MAX_CLIENTS;
use crate::{ids, lock};

const CLIENTS_PATH: &str = "/api/v2/oauth/clients";

fn not_found(id: &str) -> Reply {
    Reply::not_found_entity("OAuth client", id)
}

/// `getOauthClients`: every client in one page, unless a page size is configured or asked for.
pub(super) fn list(shared: &Shared, query: Option<&str>) -> Result<Reply, Reply> {
    let mut page_size = shared.settings.page_size.map(u64::from);
    let mut page_number = 1u64;
    let mut problems = Vec::new();
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
    let store = lock(&shared.store);
    let total = store.client_count() as u64;
    let size = page_size.unwrap_or(total).max(1);
    let page_count = total.div_ceil(size).max(1);
    let skip = usize::try_from((page_number - 1).saturating_mul(size)).unwrap_or(usize::MAX);
    let take = usize::try_from(size).unwrap_or(usize::MAX);
    let entities: Vec<OAuthClientListing> = store
        .clients()
        .skip(skip)
        .take(take)
        .map(|record| OAuthClientListing::from(record.public()))
        .collect();
    drop(store);
    let uri = |number: u64| format!("{CLIENTS_PATH}?pageSize={size}&pageNumber={number}");
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
    if page_number > 1 {
        listing.previous_uri = Some(uri(page_number - 1));
    }
    Ok(Reply::ok(&listing))
}

/// `postOauthClients`: the new client, with its secret.
pub(super) async fn create<B>(shared: &Arc<Shared>, request: Request<B>) -> Result<Reply, Reply>
where
    B: Body<Data = Bytes> + Unpin,
{
    let body = validate::client_request(json_body(request).await?)?;
    let id = ids::uuid();
    let mut client = new_client(
        &id,
        &body.name,
        body.authorized_grant_type.clone(),
        Timestamp::now(),
    );
    validate::apply(&mut client, body);
    let delay = shared.settings.visibility_delay;
    let now = shared.clock.now();
    // A delay is at most a year (checked at start): no overflow; if there were, no delay.
    let visible_at = (!delay.is_zero()).then(|| now.checked_add(delay).unwrap_or(now));
    let snapshot = {
        let mut store = lock(&shared.store);
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

/// `putOauthClient`: replaces the client's fields; the result has no secret.
pub(super) async fn update<B>(
    shared: &Arc<Shared>,
    id: &str,
    request: Request<B>,
) -> Result<Reply, Reply>
where
    B: Body<Data = Bytes> + Unpin,
{
    let body = validate::client_request(json_body(request).await?)?;
    let (client, snapshot) = {
        let mut store = lock(&shared.store);
        let record = store
            .visible_client_mut(id, shared.clock.now())
            .ok_or_else(|| not_found(id))?;
        validate::apply(&mut record.client, body);
        record.client.date_modified = Some(Timestamp::now());
        record.client.modified_by = Some(admin_user());
        let client = record.public();
        (client, shared.snapshot(&store))
    };
    shared.save(snapshot).await?;
    shared.count_mutation(Mutation::Update);
    Ok(Reply::ok(&client))
}

/// `deleteOauthClient`: only an inactive client can be deleted; 204 with no body.
pub(super) async fn delete(shared: &Arc<Shared>, id: &str) -> Result<Reply, Reply> {
    let snapshot = {
        let mut store = lock(&shared.store);
        let record = store
            .visible_client(id, shared.clock.now())
            .ok_or_else(|| not_found(id))?;
        if record.client.state != Some(ClientState::Inactive) {
            return Err(Reply::cannot_delete(id));
        }
        store.remove_client(id);
        store.usage.forget(id);
        shared.snapshot(&store)
    };
    shared.save(snapshot).await?;
    shared.count_mutation(Mutation::Delete);
    Ok(Reply::no_content())
}

/// `postOauthClientSecret`: a new secret, returned with the client. The old secret stops working at once;
/// tokens issued with it stay valid until they expire, as on the platform.
///
/// The body is read (within the size cap) and ignored: the operation takes none, and the Python SDK sends
/// `null`.
pub(super) async fn regenerate_secret<B>(
    shared: &Arc<Shared>,
    id: &str,
    request: Request<B>,
) -> Result<Reply, Reply>
where
    B: Body<Data = Bytes> + Unpin,
{
    raw_body(request).await?;
    let (client, snapshot) = {
        let mut store = lock(&shared.store);
        let record = store
            .visible_client_mut(id, shared.clock.now())
            .ok_or_else(|| not_found(id))?;
        record.client.secret = Some(ClientSecret::new(ids::client_secret()));
        record.client.date_modified = Some(Timestamp::now());
        record.client.modified_by = Some(admin_user());
        let client = record.client.clone();
        (client, shared.snapshot(&store))
    };
    shared.save(snapshot).await?;
    shared.count_mutation(Mutation::Secret);
    Ok(Reply::ok(&client))
}
