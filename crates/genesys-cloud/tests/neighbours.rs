//! The Tokens, Authorization and Organization operations through the generated client methods, against the
//! emulator: each of the 14, revocation (the client never sends a revoked token again), the idle timeout on the
//! emulator's clock, and the role, division and permission listings as streams over several pages.
// Every API group's operations are needed: `cargo xtask ci` runs the tests with --all-features.
#![cfg(all(
    feature = "oauth",
    feature = "tokens",
    feature = "authorization",
    feature = "organization"
))]

mod common;

use std::time::Duration;

use futures_util::TryStreamExt;
use genesys_cloud::models::{IdleTokenTimeout, OAuthClientRequest, RoleDivision};
use genesys_cloud::ops::GetAuthorizationRoles;
use genesys_cloud::{Credentials, Pages, TokenInfo};
use genesys_cloud_emulator::EmulatorConfig;
use genesys_cloud_emulator::catalogue::{
    HOME_DIVISION_ID, OAUTH_VIEWER_ROLE_ID, ORGANIZATION_ADMIN_ROLE_ID, ORGANIZATION_NAME, ROLES,
};

#[tokio::test]
async fn each_tokens_operation_and_revocation_that_is_never_sent_again() {
    let emulator = common::start(EmulatorConfig::default()).await;
    let client = common::client(&emulator);
    let me = client.get_tokens_me().await.unwrap();
    assert_eq!(
        me.organization.unwrap().name.as_deref(),
        Some(ORGANIZATION_NAME)
    );
    assert_eq!(
        me.oauth_client.unwrap().id.as_deref(),
        Some(emulator.admin_client_id())
    );
    let me = client
        .get_tokens_me()
        .preserve_idle_ttl(true)
        .await
        .unwrap();
    assert!(me.date_token_idles.is_none());
    client.head_tokens_me().await.unwrap();
    let timeout = client.get_tokens_timeout().await.unwrap();
    assert_eq!(timeout.enable_idle_token_timeout, Some(false));

    // A static token: once revoked, the client has no token to send and says so without a request.
    let token = emulator_token(&emulator).await;
    let fixed = common::client_with(&emulator, Credentials::access_token(token.as_str()));
    fixed.get_tokens_me().await.unwrap();
    let before = emulator.stats().requests;
    fixed.delete_tokens_me().await.unwrap();
    let after_revoke = emulator.stats().requests;
    assert_eq!(after_revoke, before + 1);
    let error = fixed.get_tokens_me().await.unwrap_err();
    assert!(
        !error.is_unauthorized(),
        "the revoked token was sent: {error}"
    );
    assert_eq!(
        emulator.stats().requests,
        after_revoke,
        "no request without a token"
    );
    // Client credentials: the next call gets a fresh token and works.
    client.delete_tokens_me().await.unwrap();
    client.head_tokens_me().await.unwrap();
    // deleteToken of an unknown user is a 404.
    let error = client
        .delete_token("00000000-0000-4000-8000-000000000bad")
        .await
        .unwrap_err();
    assert!(error.is_not_found(), "{error}");
    emulator.shutdown().await;
}

/// A client-credentials token of the admin, fetched by hand.
async fn emulator_token(emulator: &genesys_cloud_emulator::Emulator) -> String {
    let holder = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let seen = holder.clone();
    let hooked = common::builder(emulator)
        .on_token(move |info| *seen.lock().unwrap() = info.access_token.expose_secret().to_owned())
        .build()
        .unwrap();
    hooked.head_tokens_me().await.unwrap();
    let token = holder.lock().unwrap().clone();
    assert!(!token.is_empty());
    token
}

#[tokio::test]
async fn the_idle_timeout_set_through_the_client_refuses_an_idle_token() {
    let emulator = common::start(EmulatorConfig::default()).await;
    let admin = common::client(&emulator);
    let mut body = OAuthClientRequest::new(
        "Org admin",
        genesys_cloud::models::GrantType::ClientCredentials,
    );
    body.role_divisions = Some(vec![RoleDivision::new(
        ORGANIZATION_ADMIN_ROLE_ID,
        HOME_DIVISION_ID,
    )]);
    let created = admin.post_oauth_clients(body).await.unwrap();
    let org_admin = common::client_with(
        &emulator,
        Credentials::client_credentials(created.id.unwrap(), created.secret.unwrap()),
    );
    let set = org_admin
        .put_tokens_timeout(
            IdleTokenTimeout::default()
                .with_enable_idle_token_timeout(true)
                .with_idle_token_timeout_seconds(300),
        )
        .await
        .unwrap();
    assert_eq!(set.idle_token_timeout_seconds, Some(300));
    let too_short = admin
        .put_tokens_timeout(IdleTokenTimeout::default().with_idle_token_timeout_seconds(60))
        .await
        .unwrap_err();
    assert_eq!(
        too_short.status(),
        Some(http::StatusCode::BAD_REQUEST),
        "{too_short}"
    );
    let me = admin.get_tokens_me().await.unwrap();
    assert!(me.date_token_idles.is_some());
    // Idle past the timeout: the first call meets a 401, renews the token and succeeds.
    emulator.advance_clock(Duration::from_secs(301));
    admin.get_tokens_me().await.unwrap();
    emulator.shutdown().await;
}

#[tokio::test]
async fn roles_divisions_and_permissions_stream_over_pages_with_their_filters() {
    let emulator = common::start(EmulatorConfig::default().division("Sales")).await;
    let client = common::client(&emulator);
    // Pages of 2: every role once, with the filter kept on each page.
    let pages: Pages<GetAuthorizationRoles> = client.get_authorization_roles().page_size(2).pages();
    let pages: Vec<_> = pages.try_collect().await.unwrap();
    assert_eq!(pages.len(), ROLES.len().div_ceil(2));
    let roles: Vec<_> = client
        .get_authorization_roles()
        .page_size(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(roles.len(), ROLES.len());
    let viewers: Vec<_> = client
        .get_authorization_roles()
        .page_size(1)
        .permission(["oauth:client:view"])
        .user_count(false)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert!(viewers.len() > 1);
    assert!(viewers.iter().all(|role| {
        role.permissions
            .as_ref()
            .unwrap()
            .iter()
            .any(|p| p == "oauth:client:view")
    }));
    assert!(viewers.iter().all(|role| role.user_count.is_none()));
    let viewer = client
        .get_authorization_role(OAUTH_VIEWER_ROLE_ID)
        .expand(["unusedPermissions"])
        .await
        .unwrap();
    assert_eq!(viewer.unused_permissions, Some(Vec::new()));

    let divisions = client
        .get_authorization_divisions()
        .page_size(1)
        .pages()
        .collect_all()
        .await
        .unwrap();
    assert_eq!(divisions.len(), 2);
    let sales = divisions
        .iter()
        .find(|d| d.name.as_deref() == Some("Sales"))
        .unwrap();
    let one = client
        .get_authorization_division(sales.id.as_deref().unwrap())
        .object_count(true)
        .await
        .unwrap();
    assert_eq!(one.object_counts, Some(Default::default()));
    let home = client.get_authorization_divisions_home().await.unwrap();
    assert_eq!(home.id.as_deref(), Some(HOME_DIVISION_ID));

    let permissions: Vec<_> = client
        .get_authorization_permissions()
        .page_size(1)
        .items()
        .try_collect()
        .await
        .unwrap();
    assert!(
        permissions
            .iter()
            .any(|c| c.domain.as_deref() == Some("oauth"))
    );
    let usage = client
        .get_authorization_permissions()
        .query_type(genesys_cloud::models::PermissionQueryType::Domain)
        .query("usage")
        .await
        .unwrap();
    assert_eq!(usage.total, Some(1));

    let me = client.get_authorization_subjects_me().await.unwrap();
    assert_eq!(me.grants.unwrap().len(), ROLES.len());
    let organization = client.get_organizations_me().await.unwrap();
    assert_eq!(organization.name.as_deref(), Some(ORGANIZATION_NAME));
    emulator.shutdown().await;
}

/// Review: the revocation took the cached token only while it was fresh, so a token due for renewal was replaced
/// by a new one, which was revoked instead, leaving the old one alive; and a probe renewed its token after a 401
/// and reported on the new one.
#[tokio::test]
async fn calls_about_their_own_token_use_the_current_one_and_never_renew_for_it() {
    let emulator = common::start(EmulatorConfig::default()).await;
    let token = emulator_token(&emulator).await;
    // Thirty seconds left, then 28 of them pass on the client's clock: due for renewal, still working.
    let due = TokenInfo::new(
        token.as_str().into(),
        None,
        Some(std::time::SystemTime::now() + Duration::from_secs(30)),
    );
    let client = common::builder(&emulator).start_from(due).build().unwrap();
    tokio::time::pause();
    tokio::time::advance(Duration::from_secs(28)).await;
    tokio::time::resume();
    let issued = emulator.stats().tokens_issued;
    client.delete_tokens_me().await.unwrap();
    assert_eq!(
        emulator.stats().tokens_issued,
        issued,
        "no token fetched to be revoked"
    );
    let probe = common::client_with(&emulator, Credentials::access_token(token.as_str()));
    assert!(
        probe.head_tokens_me().await.unwrap_err().is_unauthorized(),
        "the due token was revoked"
    );

    // A probe of a dead token answers 401 instead of renewing and probing a new token; the next call renews.
    let client = common::client(&emulator);
    client.get_tokens_me().await.unwrap();
    let current = client.token().await.unwrap().access_token;
    emulator.revoke_token(current.expose_secret());
    let error = client.head_tokens_me().await.unwrap_err();
    assert!(error.is_unauthorized(), "{error}");
    client.head_tokens_me().await.unwrap();
    emulator.shutdown().await;
}
