//! The 13 operations of the OAuth API as methods, named after their operationIds.

use genesys_cloud_core::ops::*;
use genesys_cloud_models::{
    ApiUsageClientQuery, ApiUsageQueryResult, OAuthAuthorization, OAuthAuthorizationListing,
    OAuthClient, OAuthClientEntityListing, OAuthClientRequest, OAuthScope, OAuthScopeListing,
    UsageExecutionResult,
};

use crate::client::Client;
use crate::error::Error;

impl Client {
    /// `DELETE /api/v2/oauth/clients/{clientId}` (`oauth:client:delete`). The client must be inactive first; see
    /// [`delete_oauth_client_completely`](Self::delete_oauth_client_completely) for the whole procedure.
    pub async fn delete_oauth_client(&self, client_id: &str) -> Result<(), Error> {
        self.execute(&DeleteOauthClient::new(client_id)).await
    }

    /// `GET /api/v2/oauth/authorizations/{clientId}` (`oauth:client:authorize`), with an optional
    /// `Accept-Language`.
    pub async fn get_oauth_authorization(
        &self,
        client_id: &str,
        accept_language: Option<&str>,
    ) -> Result<OAuthAuthorization, Error> {
        let mut operation = GetOauthAuthorization::new(client_id);
        if let Some(language) = accept_language {
            operation = operation.with_accept_language(language);
        }
        self.execute(&operation).await
    }

    /// `GET /api/v2/oauth/authorizations` (`oauth:client:authorize`), with an optional `Accept-Language`.
    pub async fn get_oauth_authorizations(
        &self,
        accept_language: Option<&str>,
    ) -> Result<OAuthAuthorizationListing, Error> {
        let mut operation = GetOauthAuthorizations::new();
        if let Some(language) = accept_language {
            operation = operation.with_accept_language(language);
        }
        self.execute(&operation).await
    }

    /// `GET /api/v2/oauth/clients/{clientId}` (`oauth:client:view`).
    pub async fn get_oauth_client(&self, client_id: &str) -> Result<OAuthClient, Error> {
        self.execute(&GetOauthClient::new(client_id)).await
    }

    /// `GET /api/v2/oauth/clients/{clientId}/usage/query/results/{executionId}` (`oauth:client:view`,
    /// `usage:client:view`). See [`wait_for_usage_result`](Self::wait_for_usage_result) to poll until done.
    pub async fn get_oauth_client_usage_query_result(
        &self,
        execution_id: &str,
        client_id: &str,
    ) -> Result<ApiUsageQueryResult, Error> {
        self.execute(&GetOauthClientUsageQueryResult::new(
            execution_id,
            client_id,
        ))
        .await
    }

    /// `GET /api/v2/oauth/clients/{clientId}/usage/summary` (`oauth:client:view`, `usage:client:view`), over the
    /// last `days` days (the platform's default is 7).
    pub async fn get_oauth_client_usage_summary(
        &self,
        client_id: &str,
        days: Option<u32>,
    ) -> Result<UsageExecutionResult, Error> {
        let mut operation = GetOauthClientUsageSummary::new(client_id);
        if let Some(days) = days {
            operation = operation.with_days(days);
        }
        self.execute(&operation).await
    }

    /// `GET /api/v2/oauth/clients` (`oauth:client:view`): the first page. See
    /// [`oauth_clients_paginator`](Self::oauth_clients_paginator) for every page.
    pub async fn get_oauth_clients(&self) -> Result<OAuthClientEntityListing, Error> {
        self.execute(&GetOauthClients::new()).await
    }

    /// `GET /api/v2/oauth/scopes/{scopeId}` (no permission needed), with an optional `Accept-Language`.
    pub async fn get_oauth_scope(
        &self,
        scope_id: &str,
        accept_language: Option<&str>,
    ) -> Result<OAuthScope, Error> {
        let mut operation = GetOauthScope::new(scope_id);
        if let Some(language) = accept_language {
            operation = operation.with_accept_language(language);
        }
        self.execute(&operation).await
    }

    /// `GET /api/v2/oauth/scopes` (no permission needed), with an optional `Accept-Language`.
    pub async fn get_oauth_scopes(
        &self,
        accept_language: Option<&str>,
    ) -> Result<OAuthScopeListing, Error> {
        let mut operation = GetOauthScopes::new();
        if let Some(language) = accept_language {
            operation = operation.with_accept_language(language);
        }
        self.execute(&operation).await
    }

    /// `POST /api/v2/oauth/clients/{clientId}/secret` (`oauth:client:edit`): regenerates the secret; the answer
    /// carries the new one. See [`rotate_oauth_client_secret`](Self::rotate_oauth_client_secret).
    pub async fn post_oauth_client_secret(&self, client_id: &str) -> Result<OAuthClient, Error> {
        self.execute(&PostOauthClientSecret::new(client_id)).await
    }

    /// `POST /api/v2/oauth/clients/{clientId}/usage/query` (`oauth:client:view`, `usage:client:view`). See
    /// [`run_usage_query`](Self::run_usage_query) to submit and wait for the rows.
    pub async fn post_oauth_client_usage_query(
        &self,
        client_id: &str,
        query: ApiUsageClientQuery,
    ) -> Result<UsageExecutionResult, Error> {
        self.execute(&PostOauthClientUsageQuery::new(client_id, query))
            .await
    }

    /// `POST /api/v2/oauth/clients` (`oauth:client:add`): creates a client; the answer carries its secret.
    pub async fn post_oauth_clients(&self, body: OAuthClientRequest) -> Result<OAuthClient, Error> {
        self.execute(&PostOauthClients::new(body)).await
    }

    /// `PUT /api/v2/oauth/clients/{clientId}` (`oauth:client:edit`): replaces the client with `body`.
    pub async fn put_oauth_client(
        &self,
        client_id: &str,
        body: OAuthClientRequest,
    ) -> Result<OAuthClient, Error> {
        self.execute(&PutOauthClient::new(client_id, body)).await
    }
}
