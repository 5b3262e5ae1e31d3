//! The fixed data every emulator starts with: admin credentials, organization, division, roles and scopes.
//!
//! Role ids are fixed so that tests can create clients with known permissions:
//!
//! | role | id | permissions |
//! |---|---|---|
//! | OAuth Admin | [`OAUTH_ADMIN_ROLE_ID`] | every OAuth permission (view, add, edit, delete, authorize) and `usage:client:view` |
//! | OAuth Viewer | [`OAUTH_VIEWER_ROLE_ID`] | `oauth:client:view` |
//! | Usage Viewer | [`USAGE_VIEWER_ROLE_ID`] | `oauth:client:view`, `usage:client:view` |
//! | OAuth Editor | [`OAUTH_EDITOR_ROLE_ID`] | `oauth:client:view`, `oauth:client:add`, `oauth:client:edit` |
//! | Employee | [`EMPLOYEE_ROLE_ID`] | none |
//!
//! Roles are granted in the one division, [`HOME_DIVISION_ID`] (`*`, all divisions, is accepted too).

/// The admin client id used unless configured otherwise.
pub const DEFAULT_ADMIN_CLIENT_ID: &str = "emulator-admin";
/// The admin client secret used unless configured otherwise.
pub const DEFAULT_ADMIN_CLIENT_SECRET: &str = "emulator-admin-secret";

/// The id of the emulated organization (`organizationId` of usage rows).
pub const ORGANIZATION_ID: &str = "00000000-0000-4000-8000-0000000000f1";
/// The id of the one division, "Home".
pub const HOME_DIVISION_ID: &str = "00000000-0000-4000-8000-00000000d001";
/// The id of the user named in `createdBy` and `modifiedBy` of changes made through the API.
pub const ADMIN_USER_ID: &str = "00000000-0000-4000-8000-0000000000e1";

/// Role "OAuth Admin": every OAuth permission and `usage:client:view`.
pub const OAUTH_ADMIN_ROLE_ID: &str = "00000000-0000-4000-8000-00000000a001";
/// Role "OAuth Viewer": `oauth:client:view`.
pub const OAUTH_VIEWER_ROLE_ID: &str = "00000000-0000-4000-8000-00000000a002";
/// Role "Usage Viewer": `oauth:client:view` and `usage:client:view`.
pub const USAGE_VIEWER_ROLE_ID: &str = "00000000-0000-4000-8000-00000000a003";
/// Role "Employee": no OAuth permission.
pub const EMPLOYEE_ROLE_ID: &str = "00000000-0000-4000-8000-00000000a004";
/// Role "OAuth Editor": `oauth:client:view`, `oauth:client:add` and `oauth:client:edit`.
pub const OAUTH_EDITOR_ROLE_ID: &str = "00000000-0000-4000-8000-00000000a005";

/// `oauth:client:view`: read clients (get, list) and, with `usage:client:view`, their usage.
pub const PERMISSION_VIEW: &str = "oauth:client:view";
/// `oauth:client:add`: create clients.
pub const PERMISSION_ADD: &str = "oauth:client:add";
/// `oauth:client:edit`: update clients and regenerate their secrets.
pub const PERMISSION_EDIT: &str = "oauth:client:edit";
/// `oauth:client:delete`: delete clients.
pub const PERMISSION_DELETE: &str = "oauth:client:delete";
/// `oauth:client:authorize`: read authorizations.
pub const PERMISSION_AUTHORIZE: &str = "oauth:client:authorize";
/// `usage:client:view`: read the API usage of clients.
pub const PERMISSION_USAGE_VIEW: &str = "usage:client:view";

/// A role of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Role {
    /// The role id, as used in `roleDivisions[].roleId` and `roleIds`.
    pub id: &'static str,
    /// The role name.
    pub name: &'static str,
    /// The permissions the role grants.
    pub permissions: &'static [&'static str],
}

/// Every role of the catalogue.
pub const ROLES: &[Role] = &[
    Role {
        id: OAUTH_ADMIN_ROLE_ID,
        name: "OAuth Admin",
        permissions: &[
            PERMISSION_VIEW,
            PERMISSION_ADD,
            PERMISSION_EDIT,
            PERMISSION_DELETE,
            PERMISSION_AUTHORIZE,
            PERMISSION_USAGE_VIEW,
        ],
    },
    Role {
        id: OAUTH_VIEWER_ROLE_ID,
        name: "OAuth Viewer",
        permissions: &[PERMISSION_VIEW],
    },
    Role {
        id: USAGE_VIEWER_ROLE_ID,
        name: "Usage Viewer",
        permissions: &[PERMISSION_VIEW, PERMISSION_USAGE_VIEW],
    },
    Role {
        id: EMPLOYEE_ROLE_ID,
        name: "Employee",
        permissions: &[],
    },
    Role {
        id: OAUTH_EDITOR_ROLE_ID,
        name: "OAuth Editor",
        permissions: &[PERMISSION_VIEW, PERMISSION_ADD, PERMISSION_EDIT],
    },
];

/// The role with this id.
pub fn role(id: &str) -> Option<&'static Role> {
    ROLES.iter().find(|role| role.id == id)
}

/// Whether `id` names a division a role can be granted in.
pub fn is_known_division(id: &str) -> bool {
    id == HOME_DIVISION_ID || id == "*"
}

/// The scope catalogue: id and English description, in the order `getOauthScopes` lists them.
pub const SCOPES: &[(&str, &str)] = &[
    ("alerting", "Manage alerting rules and alerts"),
    ("alerting:readonly", "View alerting rules and alerts"),
    ("analytics", "Manage analytics queries, reports and exports"),
    ("analytics:readonly", "View analytics data"),
    ("architect", "Manage Architect flows, prompts and schedules"),
    (
        "architect:readonly",
        "View Architect flows, prompts and schedules",
    ),
    ("authorization", "Manage roles, divisions and grants"),
    ("authorization:readonly", "View roles, divisions and grants"),
    (
        "conversations",
        "Manage conversations and their participants",
    ),
    ("conversations:readonly", "View conversations"),
    ("groups", "Manage groups and their members"),
    ("groups:readonly", "View groups and their members"),
    ("integrations", "Manage integrations and their credentials"),
    ("integrations:readonly", "View integrations"),
    ("notifications", "Subscribe to notification topics"),
    ("oauth", "Manage OAuth clients"),
    ("oauth:readonly", "View OAuth clients"),
    ("organization", "Manage the organization's settings"),
    ("organization:readonly", "View the organization's settings"),
    (
        "presence",
        "Manage presence definitions and set user presence",
    ),
    (
        "presence:readonly",
        "View presence definitions and user presence",
    ),
    ("quality", "Manage evaluations, surveys and calibrations"),
    (
        "quality:readonly",
        "View evaluations, surveys and calibrations",
    ),
    ("recordings", "Manage recordings and their annotations"),
    ("recordings:readonly", "View recordings"),
    (
        "routing",
        "Manage queues, skills, languages and wrap-up codes",
    ),
    (
        "routing:readonly",
        "View queues, skills, languages and wrap-up codes",
    ),
    ("telephony", "Manage telephony configuration"),
    ("telephony:readonly", "View telephony configuration"),
    ("usage:readonly", "View API usage"),
    (
        "user-basic-info",
        "View the name and email address of the signed-in user",
    ),
    ("users", "Manage users and their settings"),
    ("users:readonly", "View users and their settings"),
    (
        "workforce-management",
        "Manage workforce management schedules and forecasts",
    ),
    (
        "workforce-management:readonly",
        "View workforce management schedules and forecasts",
    ),
];

/// Whether `id` is a scope of the catalogue.
pub fn is_known_scope(id: &str) -> bool {
    SCOPES.iter().any(|(scope, _)| *scope == id)
}
