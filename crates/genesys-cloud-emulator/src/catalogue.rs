//! The fixed data every emulator starts with: admin credentials, organization, division, roles and scopes.
//!
//! Role ids are fixed so that tests can create clients with known permissions:
//!
//! | role | id | permissions |
//! |---|---|---|
//! | OAuth Admin | [`OAUTH_ADMIN_ROLE_ID`] | every OAuth permission (view, add, edit, delete, authorize), `oauth:token:delete` and `usage:client:view` |
//! | OAuth Viewer | [`OAUTH_VIEWER_ROLE_ID`] | `oauth:client:view` |
//! | Usage Viewer | [`USAGE_VIEWER_ROLE_ID`] | `oauth:client:view`, `usage:client:view` |
//! | OAuth Editor | [`OAUTH_EDITOR_ROLE_ID`] | `oauth:client:view`, `oauth:client:add`, `oauth:client:edit` |
//! | Employee | [`EMPLOYEE_ROLE_ID`] | none |
//! | Role Viewer | [`ROLE_VIEWER_ROLE_ID`] | `authorization:role:view` |
//! | Organization Admin | [`ORGANIZATION_ADMIN_ROLE_ID`] | `directory:organization:admin`, `authorization:role:view` |
//!
//! Roles are granted in the division [`HOME_DIVISION_ID`], in a division the emulator was configured with
//! ([`EmulatorConfig::division`](crate::EmulatorConfig::division)), or in `*` (all divisions).

/// The admin client id used unless configured otherwise.
pub const DEFAULT_ADMIN_CLIENT_ID: &str = "emulator-admin";
/// The admin client secret used unless configured otherwise.
pub const DEFAULT_ADMIN_CLIENT_SECRET: &str = "emulator-admin-secret";

/// The id of the emulated organization (`organizationId` of usage rows).
pub const ORGANIZATION_ID: &str = "00000000-0000-4000-8000-0000000000f1";
/// The short name of the emulated organization: the `orgName` of the SAML2 bearer grant.
pub const ORGANIZATION_NAME: &str = "emulator";
/// The `Issuer` of the emulator's test identity provider: SAML2 bearer assertions must name it.
pub const SAML_TEST_ISSUER: &str = "urn:genesys-cloud-emulator:test-idp";
/// The demo user of [`EmulatorConfig::demo_data`](crate::EmulatorConfig::demo_data) (`genesys emulator --demo`).
pub const DEMO_USER_NAME: &str = "demo";
/// The password of [`DEMO_USER_NAME`]: published on purpose, the emulator is a test tool.
pub const DEMO_USER_PASSWORD: &str = "demo-password";
/// The id of the demo's public PKCE client "genesys CLI" (grant type CODE, redirect URI
/// `http://127.0.0.1/callback`, which matches any port of that loopback address).
pub const DEMO_PKCE_CLIENT_ID: &str = "00000000-0000-4000-8000-00000000c11e";
/// The registered redirect URI of the demo PKCE client.
pub const DEMO_PKCE_REDIRECT_URI: &str = "http://127.0.0.1/callback";

/// The id of the home division, "Home".
pub const HOME_DIVISION_ID: &str = "00000000-0000-4000-8000-00000000d001";
/// The name of the home division.
pub const HOME_DIVISION_NAME: &str = "Home";
/// The idle token timeout of a new emulator, in seconds, used while the timeout is disabled and until one is
/// set. The platform documents the bounds (300 to 28,800) but not its default; 30 minutes is this emulator's.
pub const DEFAULT_IDLE_TOKEN_TIMEOUT_SECONDS: i32 = 1800;
/// The least idle token timeout `putTokensTimeout` accepts, in seconds (5 minutes).
pub const MIN_IDLE_TOKEN_TIMEOUT_SECONDS: i32 = 300;
/// The greatest idle token timeout `putTokensTimeout` accepts, in seconds (8 hours).
pub const MAX_IDLE_TOKEN_TIMEOUT_SECONDS: i32 = 28_800;
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
/// Role "Role Viewer": `authorization:role:view`.
pub const ROLE_VIEWER_ROLE_ID: &str = "00000000-0000-4000-8000-00000000a006";
/// Role "Organization Admin": `directory:organization:admin` and `authorization:role:view`.
pub const ORGANIZATION_ADMIN_ROLE_ID: &str = "00000000-0000-4000-8000-00000000a007";

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
/// `oauth:token:delete`: revoke every token of a user (`deleteToken`).
pub const PERMISSION_TOKEN_DELETE: &str = "oauth:token:delete";
/// `authorization:role:view`: read roles (`getAuthorizationRole`, `getAuthorizationRoles`).
pub const PERMISSION_ROLE_VIEW: &str = "authorization:role:view";
/// `directory:organization:admin`: change organization settings such as the idle token timeout.
pub const PERMISSION_ORGANIZATION_ADMIN: &str = "directory:organization:admin";

/// Every permission the catalogue's roles grant, with its label: what `getAuthorizationPermissions` lists,
/// grouped by domain (the part before the first `:`).
pub const PERMISSIONS: &[(&str, &str)] = &[
    (PERMISSION_ROLE_VIEW, "View roles"),
    (
        PERMISSION_ORGANIZATION_ADMIN,
        "Administer the organization's settings",
    ),
    (PERMISSION_ADD, "Create OAuth clients"),
    (
        PERMISSION_AUTHORIZE,
        "View the authorizations of OAuth clients",
    ),
    (PERMISSION_DELETE, "Delete OAuth clients"),
    (
        PERMISSION_EDIT,
        "Edit OAuth clients and regenerate their secrets",
    ),
    (PERMISSION_VIEW, "View OAuth clients"),
    (PERMISSION_TOKEN_DELETE, "Revoke the tokens of a user"),
    (PERMISSION_USAGE_VIEW, "View the API usage of OAuth clients"),
];

/// A role of the catalogue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Role {
    /// The role id, as used in `roleDivisions[].roleId` and `roleIds`.
    pub id: &'static str,
    /// The role name.
    pub name: &'static str,
    /// What the role is for.
    pub description: &'static str,
    /// The permissions the role grants.
    pub permissions: &'static [&'static str],
}

/// Every role of the catalogue.
pub const ROLES: &[Role] = &[
    Role {
        id: OAUTH_ADMIN_ROLE_ID,
        name: "OAuth Admin",
        description: "Administers OAuth clients, their tokens and usage",
        permissions: &[
            PERMISSION_VIEW,
            PERMISSION_ADD,
            PERMISSION_EDIT,
            PERMISSION_DELETE,
            PERMISSION_AUTHORIZE,
            PERMISSION_USAGE_VIEW,
            PERMISSION_TOKEN_DELETE,
        ],
    },
    Role {
        id: OAUTH_VIEWER_ROLE_ID,
        name: "OAuth Viewer",
        description: "Views OAuth clients",
        permissions: &[PERMISSION_VIEW],
    },
    Role {
        id: USAGE_VIEWER_ROLE_ID,
        name: "Usage Viewer",
        description: "Views OAuth clients and their API usage",
        permissions: &[PERMISSION_VIEW, PERMISSION_USAGE_VIEW],
    },
    Role {
        id: EMPLOYEE_ROLE_ID,
        name: "Employee",
        description: "The role every user has; no OAuth permission",
        permissions: &[],
    },
    Role {
        id: OAUTH_EDITOR_ROLE_ID,
        name: "OAuth Editor",
        description: "Views, creates and edits OAuth clients, but cannot delete them",
        permissions: &[PERMISSION_VIEW, PERMISSION_ADD, PERMISSION_EDIT],
    },
    Role {
        id: ROLE_VIEWER_ROLE_ID,
        name: "Role Viewer",
        description: "Views the roles of the organization",
        permissions: &[PERMISSION_ROLE_VIEW],
    },
    Role {
        id: ORGANIZATION_ADMIN_ROLE_ID,
        name: "Organization Admin",
        description: "Changes the organization's settings, such as the idle token timeout",
        permissions: &[PERMISSION_ORGANIZATION_ADMIN, PERMISSION_ROLE_VIEW],
    },
];

/// The role with this id.
pub fn role(id: &str) -> Option<&'static Role> {
    ROLES.iter().find(|role| role.id == id)
}

/// A division roles can be granted in: Home, or one the emulator was configured with.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Division {
    /// The division id: [`HOME_DIVISION_ID`], or a UUID derived from the configured name (the same at every
    /// start).
    pub id: String,
    /// The division name.
    pub name: String,
}

impl Division {
    /// The home division.
    pub fn home() -> Self {
        Self {
            id: HOME_DIVISION_ID.to_owned(),
            name: HOME_DIVISION_NAME.to_owned(),
        }
    }

    /// A configured division named `name`, with its derived id.
    pub fn named(name: &str) -> Self {
        Self {
            id: crate::users::stable_uuid("division", name),
            name: name.to_owned(),
        }
    }

    /// Whether this is the home division.
    pub fn is_home(&self) -> bool {
        self.id == HOME_DIVISION_ID
    }
}

/// Whether `id` names a division of `divisions` a role can be granted in, or `*` (all divisions).
pub fn is_known_division(id: &str, divisions: &[Division]) -> bool {
    id == "*" || divisions.iter().any(|division| division.id == id)
}

/// The scope catalogue that `getOauthScopes` lists: id and English description, sorted by id.
///
/// The names are those a real organization's OAuth client was given (the scope list of a premium-app
/// installer's configuration, `premium-app-example` wizard `config.js`); descriptions not known from elsewhere
/// are written as "Manage ..." or "View ...". The platform's catalogue changes over time, so a client's scopes
/// are checked for their form only ([`is_well_formed_scope`]), not against this list.
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
    ("assistants", "Manage assistants"),
    ("assistants:readonly", "View assistants"),
    ("audits:readonly", "View audits"),
    ("authorization", "Manage roles, divisions and grants"),
    ("authorization:readonly", "View roles, divisions and grants"),
    ("billing:readonly", "View billing"),
    ("coaching", "Manage coaching"),
    ("coaching:readonly", "View coaching"),
    ("content-management", "Manage content management"),
    ("content-management:readonly", "View content management"),
    (
        "conversations",
        "Manage conversations and their participants",
    ),
    ("conversations:readonly", "View conversations"),
    ("devices", "Manage devices"),
    ("devices:readonly", "View devices"),
    ("dialog", "Manage dialog"),
    ("dialog:readonly", "View dialog"),
    ("external-contacts", "Manage external contacts"),
    ("external-contacts:readonly", "View external contacts"),
    ("fax", "Manage fax"),
    ("fax:readonly", "View fax"),
    ("gdpr", "Manage gdpr"),
    ("gdpr:readonly", "View gdpr"),
    ("geolocation", "Manage geolocation"),
    ("geolocation:readonly", "View geolocation"),
    ("greetings", "Manage greetings"),
    ("greetings:readonly", "View greetings"),
    ("groups", "Manage groups and their members"),
    ("groups:readonly", "View groups and their members"),
    ("identity-providers:readonly", "View identity providers"),
    ("integrations", "Manage integrations and their credentials"),
    ("integrations:readonly", "View integrations"),
    ("journey", "Manage journey"),
    ("journey:readonly", "View journey"),
    ("knowledge", "Manage knowledge"),
    ("knowledge:readonly", "View knowledge"),
    ("language-understanding", "Manage language understanding"),
    (
        "language-understanding:readonly",
        "View language understanding",
    ),
    ("learning", "Manage learning"),
    ("learning:readonly", "View learning"),
    ("license", "Manage license"),
    ("license:readonly", "View license"),
    ("locations", "Manage locations"),
    ("locations:readonly", "View locations"),
    ("messaging", "Manage messaging"),
    ("messaging-platform", "Manage messaging platform"),
    ("messaging-platform:readonly", "View messaging platform"),
    ("messaging:readonly", "View messaging"),
    ("notifications", "Subscribe to notification topics"),
    ("oauth", "Manage OAuth clients"),
    ("oauth:readonly", "View OAuth clients"),
    ("organization", "Manage the organization's settings"),
    (
        "organization-authorization",
        "Manage organization authorization",
    ),
    (
        "organization-authorization:readonly",
        "View organization authorization",
    ),
    ("organization:readonly", "View the organization's settings"),
    ("outbound", "Manage outbound"),
    ("outbound:readonly", "View outbound"),
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
    ("response-management", "Manage response management"),
    ("response-management:readonly", "View response management"),
    (
        "routing",
        "Manage queues, skills, languages and wrap-up codes",
    ),
    (
        "routing:readonly",
        "View queues, skills, languages and wrap-up codes",
    ),
    ("scim", "Manage scim"),
    ("scim:readonly", "View scim"),
    ("scripts", "Manage scripts"),
    ("scripts:readonly", "View scripts"),
    ("search:readonly", "View search"),
    (
        "speech-and-text-analytics",
        "Manage speech and text analytics",
    ),
    (
        "speech-and-text-analytics:readonly",
        "View speech and text analytics",
    ),
    ("stations", "Manage stations"),
    ("stations:readonly", "View stations"),
    ("streaming-events:readonly", "View streaming events"),
    ("telephony", "Manage telephony configuration"),
    ("telephony:readonly", "View telephony configuration"),
    ("textbots", "Manage textbots"),
    ("textbots:readonly", "View textbots"),
    ("upload", "Manage upload"),
    ("usage:readonly", "View API usage"),
    (
        "user-basic-info",
        "View the name and email address of the signed-in user",
    ),
    ("user-recordings", "Manage user recordings"),
    ("user-recordings:readonly", "View user recordings"),
    ("users", "Manage users and their settings"),
    ("users:readonly", "View users and their settings"),
    ("voicemail", "Manage voicemail"),
    ("voicemail:readonly", "View voicemail"),
    ("web-chat", "Manage web chat"),
    ("web-chat:readonly", "View web chat"),
    ("widgets", "Manage widgets"),
    ("widgets:readonly", "View widgets"),
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

/// Whether `scope` has the form of a scope name: lower-case words of letters and digits joined by `-`, in one
/// or more parts joined by `:` (`users`, `user-basic-info`, `workforce-management:readonly`).
pub fn is_well_formed_scope(scope: &str) -> bool {
    let word = |word: &str| {
        !word.is_empty()
            && word
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    };
    scope.len() <= 200 && scope.split(':').all(|part| part.split('-').all(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_catalogue_is_sorted_and_well_formed() {
        assert!(SCOPES.windows(2).all(|pair| pair[0].0 < pair[1].0));
        assert!(SCOPES.iter().all(|(id, _)| is_well_formed_scope(id)));
        for real in [
            "outbound",
            "scripts",
            "messaging",
            "web-chat",
            "user-basic-info",
        ] {
            assert!(is_known_scope(real), "{real}");
        }
        for bad in [
            "",
            "Users",
            "users:",
            ":users",
            "users readonly",
            "users--x",
            "-users",
            "a/b",
        ] {
            assert!(!is_well_formed_scope(bad), "{bad}");
        }
    }
}
