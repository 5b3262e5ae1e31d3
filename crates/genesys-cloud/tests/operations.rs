//! All 13 operations end to end against the emulator, logging in by client credentials.

mod common;

use std::time::Duration;

use genesys_cloud::models::*;
use genesys_cloud::{Patience, UsagePolling};
use genesys_cloud_emulator::EmulatorConfig;

#[tokio::test]
async fn all_thirteen_operations() {
    let emulator = common::start(
        EmulatorConfig::default()
            .demo_data(true)
            // Demo data hides new clients for a moment; read-after-create is tested below, with its helper.
            .visibility_delay(Duration::ZERO)
            .usage_delay(Duration::from_millis(50)),
    )
    .await;
    let client = common::client(&emulator);

    // postOauthClients: the answer carries the secret.
    let request = OAuthClientRequest::new("it-bot", GrantType::ClientCredentials)
        .with_description("integration test")
        .with_role_divisions(vec![]);
    let created = client.post_oauth_clients(request).await.unwrap();
    let id = created.id.clone().unwrap();
    assert!(created.secret.is_some());

    // getOauthClient: no secret any more.
    let fetched = client.get_oauth_client(&id).await.unwrap();
    assert_eq!(fetched.name, "it-bot");
    assert!(fetched.secret.is_none());

    // getOauthClients
    let listing = client.get_oauth_clients().await.unwrap();
    let entities = listing.entities.unwrap();
    assert!(
        entities
            .iter()
            .any(|c| c.id.as_deref() == Some(id.as_str()))
    );

    // putOauthClient: read-modify-write.
    let mut update = fetched.to_request();
    update.description = Some("changed".to_owned());
    update.state = Some(ClientState::Inactive);
    let updated = client.put_oauth_client(&id, update).await.unwrap();
    assert_eq!(updated.description.as_deref(), Some("changed"));
    assert_eq!(updated.state, Some(ClientState::Inactive));

    // postOauthClientSecret: a new secret.
    let rotated = client.post_oauth_client_secret(&id).await.unwrap();
    let new_secret = rotated.secret.unwrap();
    assert_ne!(
        Some(new_secret.expose_secret()),
        created.secret.as_ref().map(ClientSecret::expose_secret)
    );

    // Usage: summary, query, results.
    let summary = client
        .get_oauth_client_usage_summary(emulator.admin_client_id())
        .days(7)
        .await
        .unwrap();
    let summary_id = summary.execution_id.unwrap();
    let query = ApiUsageClientQuery::new("2020-01-01T00:00:00Z/2100-01-01T00:00:00Z")
        .with_granularity(Granularity::Day);
    let execution = client
        .post_oauth_client_usage_query(emulator.admin_client_id(), query)
        .await
        .unwrap();
    assert!(
        execution
            .results_uri
            .unwrap()
            .ends_with(execution.execution_id.as_deref().unwrap())
    );
    tokio::time::sleep(Duration::from_millis(120)).await;
    let result = client
        .get_oauth_client_usage_query_result(emulator.admin_client_id(), &summary_id)
        .await
        .unwrap();
    assert_eq!(result.query_status, Some(QueryStatus::Complete));

    // Authorizations and scopes, with Accept-Language.
    let authorizations = client
        .get_oauth_authorizations()
        .accept_language("en-us")
        .await
        .unwrap();
    let first = authorizations.entities.unwrap().into_iter().next().unwrap();
    let authorized_id = first.client.unwrap().id.unwrap();
    let one = client
        .get_oauth_authorization(&authorized_id)
        .await
        .unwrap();
    assert_eq!(one.client.and_then(|c| c.id), Some(authorized_id));
    let scopes = client
        .get_oauth_scopes()
        .accept_language("en-us")
        .await
        .unwrap();
    assert!(scopes.total.unwrap() > 0);
    let scope = client.get_oauth_scope("users:readonly").await.unwrap();
    assert_eq!(scope.id.as_deref(), Some("users:readonly"));

    // deleteOauthClient (inactive since the update), then it is gone.
    client.delete_oauth_client(&id).await.unwrap();
    let error = client.get_oauth_client(&id).await.unwrap_err();
    assert!(error.is_not_found(), "{error}");
    assert!(error.correlation_id().is_some());

    // The waiter and the lifecycle helpers on top.
    let rows = client
        .run_usage_summary(emulator.admin_client_id())
        .polling(UsagePolling::default())
        .await
        .unwrap();
    assert_eq!(rows.query_status, Some(QueryStatus::Complete));
    let made = client
        .create_oauth_client(OAuthClientRequest::new(
            "lifecycle",
            GrantType::ClientCredentials,
        ))
        .patience(Patience::default())
        .await
        .unwrap();
    assert!(made.secret.is_some() && made.client.secret.is_none());
    let made_id = made.client.id.unwrap();
    let secret = client.rotate_oauth_client_secret(&made_id).await.unwrap();
    assert!(!secret.expose_secret().is_empty());
    client
        .delete_oauth_client_completely(&made_id)
        .patience(Patience::default())
        .await
        .unwrap();
    assert!(
        client
            .get_oauth_client(&made_id)
            .await
            .unwrap_err()
            .is_not_found()
    );
    emulator.shutdown().await;
}

#[tokio::test]
async fn api_errors_are_typed_and_not_retried() {
    let emulator = common::start(EmulatorConfig::default()).await;
    let client = common::client(&emulator);
    let error = client
        .put_oauth_client(
            emulator.admin_client_id(),
            OAuthClientRequest::new("", GrantType::Code).with_access_token_validity_seconds(5),
        )
        .await
        .unwrap_err();
    assert_eq!(
        error.status(),
        Some(http::StatusCode::BAD_REQUEST),
        "{error}"
    );
    assert_eq!(error.attempts(), Some(1));
    let details = error
        .api_error()
        .unwrap()
        .error_body()
        .unwrap()
        .details
        .clone()
        .unwrap_or_default();
    assert!(!details.is_empty(), "{error}");
    // Deleting an active client is refused by the platform's rule.
    let created = client
        .post_oauth_clients(OAuthClientRequest::new(
            "active",
            GrantType::ClientCredentials,
        ))
        .await
        .unwrap();
    let error = client
        .delete_oauth_client(created.id.as_deref().unwrap())
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("cannot.delete.client"), "{error}");
    // The raw body comes back as sent, after the same checks.
    let raw = client
        .execute(genesys_cloud::ops::GetOauthScopes::new())
        .raw()
        .await
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&raw.value).unwrap();
    assert!(json["entities"].as_array().is_some_and(|e| !e.is_empty()));
    let error = client
        .execute(genesys_cloud::ops::GetOauthClient::new("missing"))
        .raw()
        .await
        .unwrap_err();
    assert!(error.is_not_found(), "{error}");
    // Metadata comes with the value when asked for.
    let response = client
        .execute(genesys_cloud::ops::GetOauthScopes::new())
        .with_meta()
        .await
        .unwrap();
    assert_eq!(response.meta.status, 200);
    assert!(response.meta.correlation_id().is_some());
    emulator.shutdown().await;
}

#[tokio::test]
async fn a_client_that_is_slow_to_appear_is_waited_for() {
    let emulator =
        common::start(EmulatorConfig::default().visibility_delay(Duration::from_millis(300))).await;
    let client = common::client(&emulator);
    let made = client
        .create_oauth_client(OAuthClientRequest::new(
            "eventually",
            GrantType::ClientCredentials,
        ))
        .patience(Patience::new(
            Duration::from_secs(5),
            Duration::from_millis(50),
        ))
        .await
        .unwrap();
    assert_eq!(made.client.name, "eventually");
    emulator.shutdown().await;
}
