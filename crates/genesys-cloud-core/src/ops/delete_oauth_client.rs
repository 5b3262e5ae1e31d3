//! `DELETE /api/v2/oauth/clients/{clientId}`: deletes an OAuth client.
//!
//! Permissions (any one of): `oauth:client:delete`.

use crate::environment::Environment;
use crate::error::{BuildError, ResponseError};
use crate::operation::{Auth, Operation};
use crate::path::fill_path;
use crate::request::ApiRequest;
use crate::response;
use bytes::Bytes;

/// `deleteOauthClient`: Deletes an OAuth client. The platform refuses (400 `cannot.delete.client`) unless the client's state is `inactive`: set it inactive with [`PutOauthClient`](super::PutOauthClient) first. Deleting a client younger than 30 days is irreversible.
///
/// `DELETE /api/v2/oauth/clients/{clientId}`. Permissions (any one of): `oauth:client:delete`.
#[derive(Clone, Debug, PartialEq)]
#[must_use = "an operation does nothing until it is built into a request and sent"]
pub struct DeleteOauthClient {
    client_id: String,
}

impl DeleteOauthClient {
    /// The operation for `client_id` (the id of the client to delete).
    pub fn new(client_id: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
        }
    }

    /// The `clientId` path parameter.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }
}

impl Operation for DeleteOauthClient {
    type Output = ();

    const ID: &'static str = "deleteOauthClient";
    const METHOD: http::Method = http::Method::DELETE;
    const PATH: &'static str = "/api/v2/oauth/clients/{clientId}";
    const IDEMPOTENT: bool = true;
    const PERMISSIONS: &'static [&'static str] = &["oauth:client:delete"];

    fn to_http_request(
        &self,
        environment: &Environment,
        auth: Auth<'_>,
    ) -> Result<http::Request<Bytes>, BuildError> {
        let path = fill_path(Self::PATH, &[("clientId", &self.client_id)])?;
        ApiRequest::new(Self::METHOD, path).build(environment.api(), auth)
    }

    fn parse_response(response: http::Response<Bytes>) -> Result<(), ResponseError> {
        response::empty(response)
    }

    /// A retried delete that finds nothing to delete: an earlier attempt deleted it.
    fn retry_answer_means_done(status: http::StatusCode) -> bool {
        status == http::StatusCode::NOT_FOUND
    }
}
