//! The 13 operations of the OAuth API as methods of [`Client`], each named after its operationId and returning a
//! [`RequestBuilder`]; and the optional parameters of the operations that have them.

use genesys_cloud_core::ops::{
    DeleteOauthClient, GetOauthAuthorization, GetOauthAuthorizations, GetOauthClient,
    GetOauthClientUsageQueryResult, GetOauthClientUsageSummary, GetOauthClients, GetOauthScope,
    GetOauthScopes, PostOauthClientSecret, PostOauthClientUsageQuery, PostOauthClients,
    PutOauthClient,
};
use genesys_cloud_models::{ApiUsageClientQuery, OAuthClientRequest};

use crate::client::Client;
use crate::request_builder::RequestBuilder;

impl Client {
    /// `DELETE /api/v2/oauth/clients/{clientId}` (`oauth:client:delete`). The client must be inactive first; see
    /// [`delete_oauth_client_completely`](Self::delete_oauth_client_completely) for the whole procedure. A
    /// retry answered 404 after an attempt that may have been applied counts as done.
    pub fn delete_oauth_client(&self, client_id: &str) -> RequestBuilder<'_, DeleteOauthClient> {
        RequestBuilder::new(self, DeleteOauthClient::new(client_id))
    }

    /// `GET /api/v2/oauth/authorizations/{clientId}` (`oauth:client:authorize`): the authorization a user gave
    /// to a client.
    pub fn get_oauth_authorization(
        &self,
        client_id: &str,
    ) -> RequestBuilder<'_, GetOauthAuthorization> {
        RequestBuilder::new(self, GetOauthAuthorization::new(client_id))
    }

    /// `GET /api/v2/oauth/authorizations` (`oauth:client:authorize`): the clients the user has authorized.
    pub fn get_oauth_authorizations(&self) -> RequestBuilder<'_, GetOauthAuthorizations> {
        RequestBuilder::new(self, GetOauthAuthorizations::new())
    }

    /// `GET /api/v2/oauth/clients/{clientId}` (`oauth:client:view`).
    pub fn get_oauth_client(&self, client_id: &str) -> RequestBuilder<'_, GetOauthClient> {
        RequestBuilder::new(self, GetOauthClient::new(client_id))
    }

    /// `GET /api/v2/oauth/clients/{clientId}/usage/query/results/{executionId}` (`oauth:client:view`,
    /// `usage:client:view`): the ids in the order of the URL. See
    /// [`wait_for_usage_result`](Self::wait_for_usage_result) to poll until the query is done.
    pub fn get_oauth_client_usage_query_result(
        &self,
        client_id: &str,
        execution_id: &str,
    ) -> RequestBuilder<'_, GetOauthClientUsageQueryResult> {
        RequestBuilder::new(
            self,
            GetOauthClientUsageQueryResult::new(client_id, execution_id),
        )
    }

    /// `GET /api/v2/oauth/clients/{clientId}/usage/summary` (`oauth:client:view`, `usage:client:view`), over the
    /// last 7 days unless [`days`](RequestBuilder::days) says otherwise.
    pub fn get_oauth_client_usage_summary(
        &self,
        client_id: &str,
    ) -> RequestBuilder<'_, GetOauthClientUsageSummary> {
        RequestBuilder::new(self, GetOauthClientUsageSummary::new(client_id))
    }

    /// `GET /api/v2/oauth/clients` (`oauth:client:view`). Awaited, the first page; turned into
    /// [`pages`](RequestBuilder::pages) or [`items`](RequestBuilder::items), a stream of every page or client.
    pub fn get_oauth_clients(&self) -> RequestBuilder<'_, GetOauthClients> {
        RequestBuilder::new(self, GetOauthClients::new())
    }

    /// `GET /api/v2/oauth/scopes/{scopeId}` (no permission needed).
    pub fn get_oauth_scope(&self, scope_id: &str) -> RequestBuilder<'_, GetOauthScope> {
        RequestBuilder::new(self, GetOauthScope::new(scope_id))
    }

    /// `GET /api/v2/oauth/scopes` (no permission needed).
    pub fn get_oauth_scopes(&self) -> RequestBuilder<'_, GetOauthScopes> {
        RequestBuilder::new(self, GetOauthScopes::new())
    }

    /// `POST /api/v2/oauth/clients/{clientId}/secret` (`oauth:client:edit`): regenerates the secret; the answer
    /// carries the new one. See [`rotate_oauth_client_secret`](Self::rotate_oauth_client_secret). Never retried
    /// after it may have been sent.
    pub fn post_oauth_client_secret(
        &self,
        client_id: &str,
    ) -> RequestBuilder<'_, PostOauthClientSecret> {
        RequestBuilder::new(self, PostOauthClientSecret::new(client_id))
    }

    /// `POST /api/v2/oauth/clients/{clientId}/usage/query` (`oauth:client:view`, `usage:client:view`). See
    /// [`run_usage_query`](Self::run_usage_query) to submit and wait for the rows.
    pub fn post_oauth_client_usage_query(
        &self,
        client_id: &str,
        query: ApiUsageClientQuery,
    ) -> RequestBuilder<'_, PostOauthClientUsageQuery> {
        RequestBuilder::new(self, PostOauthClientUsageQuery::new(client_id, query))
    }

    /// `POST /api/v2/oauth/clients` (`oauth:client:add`): creates a client; the answer carries its secret. Never
    /// retried after it may have been sent. See [`create_oauth_client`](Self::create_oauth_client) to also wait
    /// until it can be read.
    pub fn post_oauth_clients(
        &self,
        body: OAuthClientRequest,
    ) -> RequestBuilder<'_, PostOauthClients> {
        RequestBuilder::new(self, PostOauthClients::new(body))
    }

    /// `PUT /api/v2/oauth/clients/{clientId}` (`oauth:client:edit`): replaces the client with `body`.
    pub fn put_oauth_client(
        &self,
        client_id: &str,
        body: OAuthClientRequest,
    ) -> RequestBuilder<'_, PutOauthClient> {
        RequestBuilder::new(self, PutOauthClient::new(client_id, body))
    }
}

/// The operations that take an `Accept-Language` header.
macro_rules! accept_language {
    ($($operation:ty),*) => {$(
        impl RequestBuilder<'_, $operation> {
            /// Asks for names and descriptions in this language (`Accept-Language`, such as `fr` or `de-DE`).
            pub fn accept_language(self, language: impl Into<String>) -> Self {
                self.map_operation(|operation| operation.with_accept_language(language))
            }
        }
    )*};
}

accept_language!(
    GetOauthAuthorization,
    GetOauthAuthorizations,
    GetOauthScope,
    GetOauthScopes
);

impl RequestBuilder<'_, GetOauthClientUsageSummary> {
    /// Summarizes the last `days` days (the platform's default is 7).
    pub fn days(self, days: u32) -> Self {
        self.map_operation(|operation| operation.with_days(days))
    }
}
