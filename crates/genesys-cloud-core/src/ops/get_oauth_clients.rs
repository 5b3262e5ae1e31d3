//! `GET /api/v2/oauth/clients`: list the OAuth clients of the organization.
//!
//! Permissions (any one of): `oauth:client:view`.

use bytes::Bytes;
use genesys_cloud_models::OAuthClientEntityListing;

use crate::environment::Environment;
use crate::error::{BuildError, ResponseError};
use crate::operation::{Auth, Operation};
use crate::path::fill_path;
use crate::request::ApiRequest;
use crate::response;

/// `getOauthClients`: lists the OAuth clients of the organization.
///
/// `GET /api/v2/oauth/clients`. Permissions (any one of): `oauth:client:view`.
///
/// The published specification gives this operation no parameters, and the platform usually answers with every
/// client in one page. Its answer is an entity listing with the usual paging fields, though, so a later page is
/// requested the way listings are paged everywhere in the API: by following `nextUri`
/// ([`next_page`](Self::next_page)), or with `pageNumber` and `pageSize` ([`with_page`](Self::with_page)).
/// [`crate::paging::ClientPages`] drives that loop.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[must_use = "an operation does nothing until it is built into a request and sent"]
pub struct GetOauthClients {
    /// The query string (without `?`) of the page to fetch; none for the first page.
    query: Option<String>,
}

impl GetOauthClients {
    /// The first (or only) page.
    pub fn new() -> Self {
        Self { query: None }
    }

    /// Page `page_number` (from 1) of `page_size` entries.
    pub fn with_page(mut self, page_number: i32, page_size: i32) -> Self {
        self.query = Some(format!("pageSize={page_size}&pageNumber={page_number}"));
        self
    }

    /// The page a listing's `nextUri` (or any other of its page links) points to.
    ///
    /// Only the link's query is used, and the request still goes to the environment's API base: a link naming
    /// another host cannot send the caller's token there. A link to another path is an error.
    pub fn next_page(link: &str) -> Result<Self, BuildError> {
        let uri: http::Uri = link.parse().map_err(|_| BuildError::InvalidUrl {
            reason: "the page link is not a URI".to_owned(),
        })?;
        // A gateway prefix may precede the path, so only its end is compared.
        if !uri.path().ends_with(Self::PATH) {
            return Err(BuildError::InvalidUrl {
                reason: format!("the page link does not point to {}", Self::PATH),
            });
        }
        let query = uri.query().filter(|query| !query.is_empty());
        Ok(Self {
            query: query.map(str::to_owned),
        })
    }

    /// The query string this request sends, without `?`; `None` for the first page.
    pub fn query(&self) -> Option<&str> {
        self.query.as_deref()
    }
}

impl Operation for GetOauthClients {
    type Output = OAuthClientEntityListing;

    const ID: &'static str = "getOauthClients";
    const METHOD: http::Method = http::Method::GET;
    const PATH: &'static str = "/api/v2/oauth/clients";
    const IDEMPOTENT: bool = true;
    const PERMISSIONS: &'static [&'static str] = &["oauth:client:view"];

    fn to_http_request(
        &self,
        environment: &Environment,
        auth: Auth<'_>,
    ) -> Result<http::Request<Bytes>, BuildError> {
        let mut path = fill_path(Self::PATH, &[])?;
        if let Some(query) = &self.query {
            path.push('?');
            path.push_str(query);
        }
        ApiRequest::new(Self::METHOD, path).build(environment.api(), auth)
    }

    fn parse_response(
        response: http::Response<Bytes>,
    ) -> Result<OAuthClientEntityListing, ResponseError> {
        response::json(response)
    }
}
