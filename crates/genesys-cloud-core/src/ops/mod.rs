//! One type per operation of the OAuth API, named after its operationId.

mod delete_oauth_client;
mod get_oauth_authorization;
mod get_oauth_authorizations;
mod get_oauth_client;
mod get_oauth_client_usage_query_result;
mod get_oauth_client_usage_summary;
mod get_oauth_clients;
mod get_oauth_scope;
mod get_oauth_scopes;
mod post_oauth_client_secret;
mod post_oauth_client_usage_query;
mod post_oauth_clients;
mod put_oauth_client;

pub use delete_oauth_client::DeleteOauthClient;
pub use get_oauth_authorization::GetOauthAuthorization;
pub use get_oauth_authorizations::GetOauthAuthorizations;
pub use get_oauth_client::GetOauthClient;
pub use get_oauth_client_usage_query_result::GetOauthClientUsageQueryResult;
pub use get_oauth_client_usage_summary::GetOauthClientUsageSummary;
pub use get_oauth_clients::GetOauthClients;
pub use get_oauth_scope::GetOauthScope;
pub use get_oauth_scopes::GetOauthScopes;
pub use post_oauth_client_secret::PostOauthClientSecret;
pub use post_oauth_client_usage_query::PostOauthClientUsageQuery;
pub use post_oauth_clients::PostOauthClients;
pub use put_oauth_client::PutOauthClient;
