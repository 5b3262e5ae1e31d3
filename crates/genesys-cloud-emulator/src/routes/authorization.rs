//! The Authorization subset: the role catalogue, the divisions, the permission catalogue and the caller's own
//! grants (`subjects/me`), all read from the same catalogue the role rules of client creation use.

use std::collections::{BTreeMap, BTreeSet};

use genesys_cloud_core::Operation;
use genesys_cloud_core::ops::{
    GetAuthorizationDivision, GetAuthorizationDivisions, GetAuthorizationPermissions,
    GetAuthorizationRole, GetAuthorizationRoles,
};
use genesys_cloud_models::{
    AuthzDivision, AuthzDivisionEntityListing, AuthzGrant, AuthzGrantPolicy, AuthzGrantRole,
    AuthzSubject, DomainOrganizationRole, DomainPermission, DomainPermissionCollection,
    DomainPermissionPolicy, OAuthClient, OrganizationRoleEntityListing,
    PermissionCollectionEntityListing,
};

use super::listing::{Query, listing, page};
use super::{Caller, api_path};
use crate::app_state::Shared;
use crate::catalogue::{self, Division, PERMISSIONS, ROLES, Role};
use crate::lock;
use crate::reply::Reply;
use crate::users::user_id;

/// `domain:entity:action` split in three; a permission of another shape is its own domain.
fn parts(permission: &str) -> (&str, &str, &str) {
    let mut split = permission.splitn(3, ':');
    let domain = split.next().unwrap_or_default();
    let entity = split.next().unwrap_or_default();
    let action = split.next().unwrap_or_default();
    (domain, entity, action)
}

/// The policies of a role: one per domain and entity, with the actions it allows.
fn policies(role: &Role) -> BTreeMap<(&'static str, &'static str), Vec<&'static str>> {
    let mut policies: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for permission in role.permissions {
        let (domain, entity, action) = parts(permission);
        policies.entry((domain, entity)).or_default().push(action);
    }
    policies
}

/// A role of the catalogue as the API shows it; `user_count` when asked for, `unused` with
/// `expand=unusedPermissions` (the emulator tracks no use, so that list is always empty).
fn domain_role(role: &Role, user_count: Option<i32>, unused: bool) -> DomainOrganizationRole {
    let policies = policies(role)
        .into_iter()
        .map(|((domain, entity), actions)| {
            DomainPermissionPolicy::default()
                .with_domain(domain)
                .with_entity_name(entity)
                .with_action_set(actions.into_iter().map(str::to_owned).collect::<Vec<_>>())
                .with_allow_conditions(false)
        })
        .collect::<Vec<_>>();
    let mut domain_role = DomainOrganizationRole::default()
        .with_id(role.id)
        .with_name(role.name)
        .with_description(role.description)
        .with_permissions(
            role.permissions
                .iter()
                .map(|p| (*p).to_owned())
                .collect::<Vec<_>>(),
        )
        .with_permission_policies(policies)
        .with_base(false)
        .with_default(false)
        .with_self_uri(api_path(GetAuthorizationRole::PATH, &[("roleId", role.id)]));
    domain_role.user_count = user_count;
    if unused {
        domain_role.unused_permissions = Some(Vec::new());
    }
    domain_role
}

/// Every configured user holds every role (the emulator's users administer the organization).
fn user_count(shared: &Shared) -> i32 {
    i32::try_from(shared.users.len()).unwrap_or(i32::MAX)
}

/// Whether `expand` asks for the unused permissions; other values are refused, as the spec lists only this one.
fn expands_unused(query: &Query) -> Result<bool, Reply> {
    let mut unused = false;
    for value in query.all("expand") {
        match value {
            "unusedPermissions" => unused = true,
            other => {
                return Err(Reply::invalid(&[(
                    "expand".to_owned(),
                    format!("`{other}` is not one of unusedPermissions"),
                )]));
            }
        }
    }
    Ok(unused)
}

/// `getAuthorizationRoles`: the catalogue, sorted by name, filtered by `name` (case-insensitive, part of the
/// name), `id`, `permission` (roles holding any of them) and `defaultRoleId`, in pages.
pub(super) fn roles(shared: &Shared, query: Option<&str>) -> Result<Reply, Reply> {
    let query = Query::parse(query);
    query.refuse_page_tokens()?;
    let sort = query.sort_by(&["name", "id"])?;
    let count = query.flag("userCount", true)?.then(|| user_count(shared));
    let unused = expands_unused(&query)?;
    let name = query.one("name").map(str::to_lowercase);
    let ids = query.all("id");
    let permissions = query.all("permission");
    let default_ids = query.all("defaultRoleId");
    let mut selected: Vec<&Role> = ROLES
        .iter()
        .filter(|role| {
            name.as_deref()
                .is_none_or(|name| role.name.to_lowercase().contains(name))
                && (ids.is_empty() || ids.contains(&role.id))
                && (permissions.is_empty()
                    || role.permissions.iter().any(|held| permissions.contains(held)))
                // No role of the catalogue is a copy of a default role.
                && default_ids.is_empty()
        })
        .collect();
    match sort {
        Some("id") => selected.sort_by_key(|role| role.id),
        _ => selected.sort_by_key(|role| role.name.to_lowercase()),
    }
    let all = selected
        .into_iter()
        .map(|role| domain_role(role, count, unused))
        .collect();
    let page = page(all, &query, GetAuthorizationRoles::PATH)?;
    Ok(Reply::ok(&listing!(OrganizationRoleEntityListing, page)))
}

/// `getAuthorizationRole`.
pub(super) fn role(shared: &Shared, id: &str, query: Option<&str>) -> Result<Reply, Reply> {
    let query = Query::parse(query);
    let count = query.flag("userCount", true)?.then(|| user_count(shared));
    let unused = expands_unused(&query)?;
    let role = catalogue::role(id).ok_or_else(|| Reply::not_found_entity("role", id))?;
    Ok(Reply::ok(&domain_role(role, count, unused)))
}

/// A division as the API shows it; `objectCounts` when asked for (the emulator keeps no division-scoped
/// objects, so the map is empty).
fn authz_division(division: &Division, object_count: bool) -> AuthzDivision {
    let description = if division.is_home() {
        "The home division"
    } else {
        "A division the emulator was configured with"
    };
    let mut authz = AuthzDivision::new(description)
        .with_id(division.id.as_str())
        .with_name(division.name.as_str())
        .with_home_division(division.is_home())
        .with_self_uri(api_path(
            GetAuthorizationDivision::PATH,
            &[("divisionId", &division.id)],
        ));
    if object_count {
        authz.object_counts = Some(BTreeMap::new());
    }
    authz
}

/// `getAuthorizationDivisions`: Home and the configured divisions, sorted by name, filtered by `id` and `name`
/// (case-insensitive, part of the name), in pages.
pub(super) fn divisions(shared: &Shared, query: Option<&str>) -> Result<Reply, Reply> {
    let query = Query::parse(query);
    query.refuse_page_tokens()?;
    query.sort_by(&["name"])?;
    let counts = query.flag("objectCount", false)?;
    let name = query.one("name").map(str::to_lowercase);
    let ids = query.all("id");
    let mut selected: Vec<&Division> = shared
        .settings
        .divisions
        .iter()
        .filter(|division| {
            name.as_deref()
                .is_none_or(|name| division.name.to_lowercase().contains(name))
                && (ids.is_empty() || ids.contains(&division.id.as_str()))
        })
        .collect();
    selected.sort_by_key(|division| division.name.to_lowercase());
    let all = selected
        .into_iter()
        .map(|division| authz_division(division, counts))
        .collect();
    let page = page(all, &query, GetAuthorizationDivisions::PATH)?;
    Ok(Reply::ok(&listing!(AuthzDivisionEntityListing, page)))
}

/// `getAuthorizationDivision`.
pub(super) fn division(shared: &Shared, id: &str, query: Option<&str>) -> Result<Reply, Reply> {
    let counts = Query::parse(query).flag("objectCount", false)?;
    let division = shared
        .settings
        .divisions
        .iter()
        .find(|division| division.id == id)
        .ok_or_else(|| Reply::not_found_entity("division", id))?;
    Ok(Reply::ok(&authz_division(division, counts)))
}

/// `getAuthorizationDivisionsHome`: never with object counts.
pub(super) fn home_division() -> Result<Reply, Reply> {
    Ok(Reply::ok(&authz_division(&Division::home(), false)))
}

/// `getAuthorizationPermissions`: the permissions the catalogue's roles grant, one collection per domain;
/// `queryType=domain` keeps the domains named in `query` (comma-separated), `queryType=permission` the named
/// permissions.
pub(super) fn permissions(query: Option<&str>) -> Result<Reply, Reply> {
    let query = Query::parse(query);
    let wanted: Option<BTreeSet<&str>> = query.one("query").map(|list| {
        list.split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    });
    let by_domain = match (query.one("queryType"), &wanted) {
        (None, None) => true,
        (Some("domain"), _) => true,
        (Some("permission"), _) => false,
        (None, Some(_)) => {
            return Err(Reply::invalid(&[(
                "queryType".to_owned(),
                "is required with query (domain or permission)".to_owned(),
            )]));
        }
        (Some(other), _) => {
            return Err(Reply::invalid(&[(
                "queryType".to_owned(),
                format!("`{other}` is not one of domain, permission"),
            )]));
        }
    };
    let mut domains: BTreeMap<&str, BTreeMap<String, Vec<DomainPermission>>> = BTreeMap::new();
    for (permission, label) in PERMISSIONS {
        let (domain, entity, action) = parts(permission);
        let keep = match &wanted {
            None => true,
            Some(names) if by_domain => names.contains(domain),
            Some(names) => names.contains(permission),
        };
        if keep {
            domains
                .entry(domain)
                .or_default()
                .entry(entity.to_owned())
                .or_default()
                .push(
                    DomainPermission::default()
                        .with_domain(domain)
                        .with_entity_type(entity)
                        .with_action(action)
                        .with_label(*label)
                        .with_allows_conditions(false)
                        .with_division_aware(false),
                );
        }
    }
    let all = domains
        .into_iter()
        .map(|(domain, map)| {
            DomainPermissionCollection::default()
                .with_id(domain)
                .with_name(domain)
                .with_domain(domain)
                .with_permission_map(map)
        })
        .collect();
    let page = page(all, &query, GetAuthorizationPermissions::PATH)?;
    Ok(Reply::ok(&listing!(
        PermissionCollectionEntityListing,
        page
    )))
}

/// A grant of `role` in `division` to `subject`.
fn grant(subject: &str, role: &Role, division: &Division) -> AuthzGrant {
    let policies = policies(role)
        .into_iter()
        .map(|((domain, entity), actions)| {
            AuthzGrantPolicy::default()
                .with_domain(domain)
                .with_entity_name(entity)
                .with_actions(actions.into_iter().map(str::to_owned).collect::<Vec<_>>())
        })
        .collect::<Vec<_>>();
    let grant_role = AuthzGrantRole::default()
        .with_id(role.id)
        .with_name(role.name)
        .with_description(role.description)
        .with_policies(policies)
        .with_default(false)
        .with_self_uri(api_path(GetAuthorizationRole::PATH, &[("roleId", role.id)]));
    AuthzGrant::default()
        .with_subject_id(subject)
        .with_role(grant_role)
        .with_division(authz_division(division, false))
}

/// The division of a grant in `*`: every division, as one grant (not one per division, which would multiply a
/// client's grants by the number of divisions).
fn all_divisions() -> Division {
    Division {
        id: "*".to_owned(),
        name: "All divisions".to_owned(),
    }
}

/// The (role, division) pairs a client is granted: its `roleDivisions` and the deprecated `roleIds` (in Home).
/// Pairs given twice are kept twice; their number is bounded by the client's grants (validation caps each
/// list).
fn client_grants(client: &OAuthClient, divisions: &[Division]) -> Vec<(&'static Role, Division)> {
    let mut grants = Vec::new();
    for grant in client.role_divisions.iter().flatten() {
        let Some(role) = catalogue::role(&grant.role_id) else {
            continue;
        };
        let division = if grant.division_id == "*" {
            Some(all_divisions())
        } else {
            divisions
                .iter()
                .find(|d| d.id == grant.division_id)
                .cloned()
        };
        if let Some(division) = division {
            grants.push((role, division));
        }
    }
    for id in client.role_ids.iter().flatten() {
        if let (Some(role), Some(home)) = (catalogue::role(id), divisions.first()) {
            grants.push((role, home.clone()));
        }
    }
    grants
}

/// `getAuthorizationSubjectsMe`: the caller's grants. A client's come from its role grants; a user holds every
/// role in Home. The same role in the same division is listed once unless `includeDuplicates=true`.
pub(super) fn subject_me(
    shared: &Shared,
    caller: &Caller,
    query: Option<&str>,
) -> Result<Reply, Reply> {
    let duplicates = Query::parse(query).flag("includeDuplicates", false)?;
    let divisions = &shared.settings.divisions;
    let (id, name, pairs) = match &caller.user {
        Some(user) => {
            let home = divisions.first().cloned().unwrap_or_else(Division::home);
            let pairs: Vec<(&Role, Division)> =
                ROLES.iter().map(|role| (role, home.clone())).collect();
            (user_id(user), user.clone(), pairs)
        }
        None => {
            let store = lock(&shared.store);
            let client = store
                .client(&caller.id)
                .map(|record| record.client.clone())
                .ok_or_else(Reply::bad_token)?;
            drop(store);
            let pairs = client_grants(&client, divisions);
            (caller.id.clone(), client.name.clone(), pairs)
        }
    };
    let mut seen = BTreeSet::new();
    let grants: Vec<AuthzGrant> = pairs
        .into_iter()
        .filter(|(role, division)| duplicates || seen.insert((role.id, division.id.clone())))
        .map(|(role, division)| grant(&id, role, &division))
        .collect();
    let subject = AuthzSubject::default()
        .with_id(id.as_str())
        .with_name(name)
        .with_grants(grants)
        .with_version(1)
        .with_self_uri(format!("/api/v2/authorization/subjects/{id}"));
    Ok(Reply::ok(&subject))
}
