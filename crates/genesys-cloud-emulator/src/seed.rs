//! The data a fresh emulator starts with: the admin client, a few code-grant clients with authorizations,
//! the configured number of extra clients, and optionally demo data.

use std::time::Duration;

use genesys_cloud_core::Operation;
use genesys_cloud_core::ops::{GetOauthAuthorization, GetOauthClient};

use genesys_cloud_models::{
    AuthorizationState, ClientSecret, ClientState, DomainEntityRef, GrantType, OAuthAuthorization,
    OAuthClient, RoleDivision, Timestamp,
};

use crate::EmulatorConfig;
use crate::catalogue::{
    ADMIN_USER_ID, DEMO_PKCE_CLIENT_ID, DEMO_PKCE_REDIRECT_URI, EMPLOYEE_ROLE_ID, HOME_DIVISION_ID,
    OAUTH_EDITOR_ROLE_ID, OAUTH_VIEWER_ROLE_ID, USAGE_VIEWER_ROLE_ID,
};
use crate::ids;
use crate::store::Store;

const DAY: Duration = Duration::from_secs(86_400);
const RESOURCE_OWNER_ID: &str = "00000000-0000-4000-8000-0000000000e2";

/// The user named in `createdBy` and `modifiedBy`.
pub(crate) fn admin_user() -> DomainEntityRef {
    DomainEntityRef::new(ADMIN_USER_ID)
        .with_name("Emulator Admin")
        .with_self_uri(format!("/api/v2/users/{ADMIN_USER_ID}"))
}

pub(crate) fn client_self_uri(id: &str) -> String {
    crate::routes::api_path(GetOauthClient::PATH, &[("clientId", id)])
}

fn days_ago(days: u64) -> Timestamp {
    let now = Timestamp::now();
    now.checked_sub(DAY * u32::try_from(days).unwrap_or(u32::MAX))
        .unwrap_or(now)
}

/// A client as the server fills it in: id, dates, authors, selfUri, a secret, state `active`.
pub(crate) fn new_client(
    id: &str,
    name: &str,
    grant: GrantType,
    created: Timestamp,
) -> OAuthClient {
    let mut client = OAuthClient::new(name, grant);
    client.id = Some(id.to_owned());
    client.secret = Some(ClientSecret::new(ids::client_secret()));
    client.date_created = Some(created);
    client.date_modified = Some(created);
    client.created_by = Some(admin_user());
    client.modified_by = Some(admin_user());
    client.state = Some(ClientState::Active);
    client.self_uri = Some(client_self_uri(id));
    client
}

fn grant(role_id: &str) -> RoleDivision {
    RoleDivision::new(role_id, HOME_DIVISION_ID)
}

/// The admin client with the configured credentials and every role of the catalogue: it holds every OAuth
/// permission, and, as the platform lets a caller give only the roles it holds, it can give every role.
pub(crate) fn admin_client(config: &EmulatorConfig) -> OAuthClient {
    let mut admin = new_client(
        &config.admin_client_id,
        "Emulator Admin",
        GrantType::ClientCredentials,
        days_ago(30),
    );
    admin.description = Some("The emulator's admin client: it holds every OAuth permission".into());
    admin.secret = Some(config.admin_client_secret.clone());
    admin.access_token_validity_seconds = Some(86_400);
    admin.role_divisions = Some(
        crate::catalogue::ROLES
            .iter()
            .map(|role| grant(role.id))
            .collect(),
    );
    admin
}

struct CodeClient {
    id: &'static str,
    name: &'static str,
    redirect: &'static str,
    scope: &'static [&'static str],
    state: AuthorizationState,
}

const CODE_CLIENTS: &[CodeClient] = &[
    CodeClient {
        id: "00000000-0000-4000-8000-00000000c001",
        name: "Supervisor Dashboard",
        redirect: "https://dashboard.example.com/oauth/callback",
        scope: &["analytics:readonly", "users:readonly", "presence:readonly"],
        state: AuthorizationState::Authorized,
    },
    CodeClient {
        id: "00000000-0000-4000-8000-00000000c002",
        name: "Wallboard",
        redirect: "https://wallboard.example.com/callback",
        scope: &["routing:readonly", "analytics:readonly"],
        state: AuthorizationState::Requested,
    },
    CodeClient {
        id: "00000000-0000-4000-8000-00000000c003",
        name: "CRM Connector",
        redirect: "https://crm.example.com/genesys/callback",
        scope: &["conversations", "users:readonly", "user-basic-info"],
        state: AuthorizationState::Revoked,
    },
];

const DEMO_CODE_CLIENT: CodeClient = CodeClient {
    id: "00000000-0000-4000-8000-00000000c004",
    name: "Quality Review Portal",
    redirect: "https://quality.example.com/auth",
    scope: &["quality:readonly", "recordings:readonly"],
    state: AuthorizationState::Unauthorized,
};

fn add_code_client(store: &mut Store, spec: &CodeClient, age_days: u64) {
    let created = days_ago(age_days);
    let mut client = new_client(spec.id, spec.name, GrantType::Code, created);
    client.registered_redirect_uri = Some(vec![spec.redirect.to_owned()]);
    client.scope = Some(spec.scope.iter().map(|s| (*s).to_owned()).collect());
    client.access_token_validity_seconds = Some(86_400);
    let authorized = days_ago(age_days.saturating_sub(1));
    let authorization = OAuthAuthorization::default()
        .with_client(client.clone())
        .with_scope(client.scope.clone().unwrap_or_default())
        .with_roles(Vec::<String>::new())
        .with_resource_owner(
            DomainEntityRef::new(RESOURCE_OWNER_ID)
                .with_name("Pat Example")
                .with_self_uri(format!("/api/v2/users/{RESOURCE_OWNER_ID}")),
        )
        .with_date_created(authorized)
        .with_date_modified(authorized)
        .with_created_by(admin_user())
        .with_modified_by(admin_user())
        .with_pending(spec.state == AuthorizationState::Requested)
        .with_state(spec.state.clone())
        .with_self_uri(crate::routes::api_path(
            GetOauthAuthorization::PATH,
            &[("clientId", spec.id)],
        ));
    store.insert_client(client, None);
    store.authorizations.push(strip_secret(authorization));
}

fn strip_secret(mut authorization: OAuthAuthorization) -> OAuthAuthorization {
    if let Some(client) = authorization.client.as_mut() {
        client.secret = None;
    }
    authorization
}

/// Extra clients cycle through these.
const SEED_PURPOSES: &[&str] = &[
    "Nightly export",
    "Billing sync",
    "Agent desktop",
    "SSO bridge",
    "Legacy script",
    "Reporting job",
    "Chat widget",
    "Data warehouse loader",
];

const SEED_GRANTS: [GrantType; 5] = [
    GrantType::ClientCredentials,
    GrantType::Code,
    GrantType::Token,
    GrantType::Saml2Bearer,
    GrantType::Password,
];

fn add_seed_clients(store: &mut Store, count: usize) {
    for i in 0..count {
        let id = format!("5eed0000-0000-4000-8000-{:012}", i + 1);
        let purpose = SEED_PURPOSES[i % SEED_PURPOSES.len()];
        let grant_type = SEED_GRANTS[i % SEED_GRANTS.len()].clone();
        let created = days_ago(u64::try_from(count - i).unwrap_or(0) % 365);
        let mut client = new_client(
            &id,
            &format!("{purpose} {}", i + 1),
            grant_type.clone(),
            created,
        );
        client.description = Some(format!("Seeded client number {}", i + 1));
        match grant_type {
            GrantType::ClientCredentials => {
                let role = [OAUTH_VIEWER_ROLE_ID, USAGE_VIEWER_ROLE_ID, EMPLOYEE_ROLE_ID][i % 3];
                client.role_divisions = Some(vec![grant(role)]);
            }
            GrantType::Code | GrantType::Token => {
                client.registered_redirect_uri =
                    Some(vec![format!("https://app{}.example.com/callback", i + 1)]);
                client.scope = Some(vec!["users:readonly".into(), "analytics:readonly".into()]);
            }
            _ => {}
        }
        if i % 7 == 6 {
            client.state = Some(ClientState::Disabled);
        } else if i % 11 == 10 {
            client.state = Some(ClientState::Inactive);
            client.date_to_delete = Timestamp::now().checked_add(DAY * 30);
        }
        store.insert_client(client, None);
    }
}

/// The demo's public PKCE client, which `genesys login` and the browser tests sign in with: a CODE client whose
/// secret nobody is told, so only PKCE (or [`Emulator::issue_authorization_code`] with a challenge) gets it a token.
///
/// [`Emulator::issue_authorization_code`]: crate::Emulator::issue_authorization_code
fn add_demo_pkce_client(store: &mut Store) {
    let mut client = new_client(
        DEMO_PKCE_CLIENT_ID,
        "genesys CLI",
        GrantType::Code,
        days_ago(2),
    );
    client.description = Some(
        "Demo public PKCE client: sign in as the demo user with `genesys login` (redirect URI \
         http://127.0.0.1/callback, any port)"
            .into(),
    );
    client.registered_redirect_uri = Some(vec![DEMO_PKCE_REDIRECT_URI.to_owned()]);
    client.scope = Some(vec!["oauth".into(), "usage:readonly".into()]);
    client.access_token_validity_seconds = Some(86_400);
    store.insert_client(client, None);
}

/// Clients of every grant type and state, for `genesys --emulator` and demos.
fn add_demo_data(store: &mut Store) {
    add_code_client(store, &DEMO_CODE_CLIENT, 12);
    add_demo_pkce_client(store);
    let demo: &[(&str, &str, GrantType, Option<&str>, ClientState)] = &[
        (
            "00000000-0000-4000-8000-00000000c101",
            "Nightly Export",
            GrantType::ClientCredentials,
            Some(USAGE_VIEWER_ROLE_ID),
            ClientState::Active,
        ),
        (
            "00000000-0000-4000-8000-00000000c102",
            "Provisioning Bot",
            GrantType::ClientCredentials,
            Some(OAUTH_EDITOR_ROLE_ID),
            ClientState::Active,
        ),
        (
            "00000000-0000-4000-8000-00000000c103",
            "Audit Reader",
            GrantType::ClientCredentials,
            Some(OAUTH_VIEWER_ROLE_ID),
            ClientState::Disabled,
        ),
        (
            "00000000-0000-4000-8000-00000000c104",
            "Old Integration",
            GrantType::ClientCredentials,
            Some(EMPLOYEE_ROLE_ID),
            ClientState::Inactive,
        ),
        (
            "00000000-0000-4000-8000-00000000c105",
            "Agent Web Chat",
            GrantType::Token,
            None,
            ClientState::Active,
        ),
        (
            "00000000-0000-4000-8000-00000000c106",
            "Okta SSO",
            GrantType::Saml2Bearer,
            None,
            ClientState::Active,
        ),
        (
            "00000000-0000-4000-8000-00000000c107",
            "Kiosk App",
            GrantType::Password,
            None,
            ClientState::Disabled,
        ),
        (
            "00000000-0000-4000-8000-00000000c108",
            "Retired Wallboard",
            GrantType::Token,
            None,
            ClientState::Inactive,
        ),
    ];
    for (age, (id, name, grant_type, role, state)) in (1..).zip(demo) {
        let mut client = new_client(id, name, grant_type.clone(), days_ago(age * 3));
        client.description = Some(format!(
            "Demo {} client",
            grant_type.as_str().to_lowercase()
        ));
        client.access_token_validity_seconds = Some(if age % 2 == 0 { 3_600 } else { 86_400 });
        if let Some(role) = role {
            client.role_divisions = Some(vec![grant(role)]);
        }
        if *grant_type == GrantType::Token {
            client.registered_redirect_uri = Some(vec!["https://chat.example.com/".into()]);
            client.scope = Some(vec!["conversations".into(), "user-basic-info".into()]);
        }
        if *state == ClientState::Inactive {
            client.date_to_delete = Timestamp::now().checked_add(DAY * 14);
        }
        client.state = Some(state.clone());
        store.insert_client(client, None);
    }
}

/// The state of a fresh emulator.
pub(crate) fn seeded_store(config: &EmulatorConfig) -> Store {
    let mut store = Store::default();
    store.insert_client(admin_client(config), None);
    for (age, spec) in (20..).zip(CODE_CLIENTS) {
        add_code_client(&mut store, spec, age);
    }
    if config.demo_data {
        add_demo_data(&mut store);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| {
                i64::try_from(since.as_secs()).unwrap_or(i64::MAX)
            });
        crate::demo_usage::seed(&mut store, now);
    }
    add_seed_clients(&mut store, config.seed_clients);
    store
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_data_covers_every_grant_type_and_state() {
        let store = seeded_store(&EmulatorConfig::default().demo_data(true).seed_clients(3));
        assert!(store.client_count() >= 12 + 3);
        for grant_type in GrantType::KNOWN {
            assert!(
                store
                    .clients()
                    .any(|r| r.client.authorized_grant_type == *grant_type)
            );
        }
        for state in ClientState::KNOWN {
            assert!(
                store
                    .clients()
                    .any(|r| r.client.state.as_ref() == Some(state))
            );
        }
        for state in AuthorizationState::KNOWN {
            assert!(
                store
                    .authorizations
                    .iter()
                    .any(|a| a.state.as_ref() == Some(state))
            );
        }
        assert!(
            store
                .authorizations
                .iter()
                .all(|a| a.client.as_ref().unwrap().secret.is_none())
        );
    }

    #[test]
    fn plain_seed_has_admin_and_code_clients() {
        let store = seeded_store(&EmulatorConfig::default());
        assert_eq!(store.client_count(), 4);
        assert_eq!(store.authorizations.len(), 3);
        assert!(
            store
                .login(
                    "emulator-admin",
                    "emulator-admin-secret",
                    std::time::Instant::now()
                )
                .is_ok()
        );
    }
}
