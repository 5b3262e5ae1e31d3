//! Tables of the Tokens, Authorization and Organization answers: what a token is, the idle timeout, roles,
//! divisions, permissions, the caller's grants and the organization. Every server text is escaped.

use genesys_cloud_models::{
    AuthzDivision, AuthzSubject, DomainOrganizationRole, DomainPermissionCollection,
    IdleTokenTimeout, NamedEntity, Organization, TokenInfo,
};

use super::fit::{Cell, Column, Fit, Fitted, Give, two_columns as fields};
use super::table::{clean, date, with_footer};

fn opt(value: Option<&str>) -> String {
    clean(value.unwrap_or_default())
}

/// `name (id)`, or whichever of them there is.
fn named(entity: Option<&NamedEntity>) -> String {
    let Some(entity) = entity else {
        return String::new();
    };
    match (entity.name.as_deref(), entity.id.as_deref()) {
        (Some(name), Some(id)) => format!("{} ({})", clean(name), clean(id)),
        (name, id) => opt(name.or(id)),
    }
}

fn yes_no(value: Option<bool>) -> String {
    match value {
        Some(true) => "yes".to_owned(),
        Some(false) => "no".to_owned(),
        None => String::new(),
    }
}

/// What the token of the command is (`tokens me get`).
pub(crate) fn token_info(info: &TokenInfo, fit: Fit) -> String {
    let client = info.oauth_client.as_ref();
    let scopes = info
        .authorized_scope
        .as_ref()
        .map(|scopes| {
            scopes
                .iter()
                .map(|scope| clean(scope))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
    fields(
        vec![
            ("organization", named(info.organization.as_ref())),
            ("home organization", named(info.home_organization.as_ref())),
            ("client id", opt(client.and_then(|c| c.id.as_deref()))),
            ("client", opt(client.map(|c| c.name.as_str()))),
            (
                "grant type",
                opt(client.map(|c| c.authorized_grant_type.as_str())),
            ),
            ("scopes", scopes),
            ("idles at", date(info.date_token_idles.as_ref())),
        ],
        fit,
    )
}

/// The organization's idle token timeout.
pub(crate) fn timeout(timeout: &IdleTokenTimeout, fit: Fit) -> String {
    let seconds = timeout
        .idle_token_timeout_seconds
        .map(|s| format!("{s} s ({} min)", s / 60))
        .unwrap_or_default();
    let bundles = timeout
        .inactivity_timeout_group_bundles
        .as_ref()
        .map_or(0, Vec::len);
    fields(
        vec![
            ("enabled", yes_no(timeout.enable_idle_token_timeout)),
            ("timeout", seconds),
            (
                "unit",
                opt(timeout.inactivity_timeout_unit.as_ref().map(|u| u.as_str())),
            ),
            (
                "group timeouts",
                yes_no(timeout.inactivity_timeout_groups_enabled),
            ),
            ("group bundles", bundles.to_string()),
        ],
        fit,
    )
}

/// Roles, in `fit` columns.
pub(crate) fn roles(roles: &[DomainOrganizationRole], fit: Fit) -> String {
    let mut table = Fitted::new(vec![
        Column::new("NAME", Give::Cut(12)),
        Column::new("ID", Give::Never),
        Column::new("USERS", Give::Whole).low_value(),
        Column::new("PERMISSIONS", Give::Cut(11)),
    ]);
    for role in roles {
        table.row(vec![
            Cell::from(opt(role.name.as_deref())),
            Cell::from(opt(role.id.as_deref())),
            Cell::from(role.user_count.map(|n| n.to_string()).unwrap_or_default()),
            Cell::List(
                role.permissions
                    .iter()
                    .flatten()
                    .map(|p| clean(p))
                    .collect(),
                "permission",
            ),
        ]);
    }
    with_footer(&table, fit, &format!("{} roles", roles.len()))
}

/// One role.
pub(crate) fn role(role: &DomainOrganizationRole, fit: Fit) -> String {
    let lines = |values: Option<&Vec<String>>| {
        values
            .map(|values| {
                values
                    .iter()
                    .map(|v| clean(v))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
            .unwrap_or_default()
    };
    let mut rows = vec![
        ("name", opt(role.name.as_deref())),
        ("id", opt(role.id.as_deref())),
        ("description", opt(role.description.as_deref())),
        ("permissions", lines(role.permissions.as_ref())),
        (
            "users",
            role.user_count.map(|n| n.to_string()).unwrap_or_default(),
        ),
    ];
    if role.unused_permissions.is_some() {
        rows.push(("unused", lines(role.unused_permissions.as_ref())));
    }
    fields(rows, fit)
}

/// Divisions, in `fit` columns.
pub(crate) fn divisions(divisions: &[AuthzDivision], fit: Fit) -> String {
    let mut table = Fitted::new(vec![
        Column::new("NAME", Give::Cut(12)),
        Column::new("ID", Give::Never),
        Column::new("HOME", Give::Whole),
        Column::new("DESCRIPTION", Give::Cut(11)).low_value(),
    ]);
    for division in divisions {
        table.row(vec![
            Cell::from(opt(division.name.as_deref())),
            Cell::from(opt(division.id.as_deref())),
            Cell::from(yes_no(division.home_division)),
            Cell::from(clean(&division.description)),
        ]);
    }
    with_footer(&table, fit, &format!("{} divisions", divisions.len()))
}

/// One division.
pub(crate) fn division(division: &AuthzDivision, fit: Fit) -> String {
    let mut rows = vec![
        ("name", opt(division.name.as_deref())),
        ("id", opt(division.id.as_deref())),
        ("home", yes_no(division.home_division)),
        ("description", clean(&division.description)),
    ];
    if let Some(counts) = &division.object_counts {
        let text = counts
            .iter()
            .map(|(kind, count)| format!("{}: {count}", clean(kind)))
            .collect::<Vec<_>>()
            .join("\n");
        rows.push((
            "objects",
            if text.is_empty() {
                "none".to_owned()
            } else {
                text
            },
        ));
    }
    fields(rows, fit)
}

/// The permission catalogue: one row per domain and entity, with its actions.
pub(crate) fn permissions(collections: &[DomainPermissionCollection], fit: Fit) -> String {
    let mut table = Fitted::new(vec![
        Column::new("DOMAIN", Give::Cut(10)),
        Column::new("ENTITY", Give::Cut(10)),
        Column::new("ACTIONS", Give::Cut(12)),
    ]);
    let mut rows = 0;
    for collection in collections {
        for (entity, permissions) in collection.permission_map.iter().flatten() {
            rows += 1;
            table.row(vec![
                Cell::from(opt(collection.domain.as_deref())),
                Cell::from(clean(entity)),
                Cell::List(
                    permissions
                        .iter()
                        .map(|p| opt(p.action.as_deref()))
                        .collect(),
                    "action",
                ),
            ]);
        }
    }
    with_footer(
        &table,
        fit,
        &format!("{} domains, {rows} entities", collections.len()),
    )
}

/// The caller's grants (`subjects me`): one row per role and division.
pub(crate) fn subject(subject: &AuthzSubject, fit: Fit) -> String {
    let mut table = Fitted::new(vec![
        Column::new("ROLE", Give::Cut(12)),
        Column::new("DIVISION", Give::Cut(10)),
        Column::new("ROLE ID", Give::Never).low_value(),
    ]);
    let grants = subject.grants.as_deref().unwrap_or_default();
    for grant in grants {
        let role = grant.role.as_ref();
        table.row(vec![
            Cell::from(opt(role.and_then(|r| r.name.as_deref()))),
            Cell::from(opt(grant.division.as_ref().and_then(|d| d.name.as_deref()))),
            Cell::from(opt(role.and_then(|r| r.id.as_deref()))),
        ]);
    }
    let who = match (subject.name.as_deref(), subject.id.as_deref()) {
        (Some(name), Some(id)) => format!("{} ({})", clean(name), clean(id)),
        (name, id) => opt(name.or(id)),
    };
    with_footer(&table, fit, &format!("{} grants of {who}", grants.len()))
}

/// The organization.
pub(crate) fn organization(organization: &Organization, fit: Fit) -> String {
    fields(
        vec![
            ("name", opt(organization.name.as_deref())),
            ("id", opt(organization.id.as_deref())),
            (
                "short name",
                opt(organization.third_party_org_name.as_deref()),
            ),
            ("domain", opt(organization.domain.as_deref())),
            (
                "state",
                opt(organization.state.as_ref().map(|s| s.as_str())),
            ),
            (
                "platform",
                opt(organization.product_platform.as_ref().map(|p| p.as_str())),
            ),
            ("language", opt(organization.default_language.as_deref())),
            ("version", organization.version.to_string()),
        ],
        fit,
    )
}
