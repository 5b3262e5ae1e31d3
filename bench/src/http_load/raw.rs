//! The floor: a bare hyper-util legacy client sending the executor's request and parsing the same model.

use bytes::Bytes;
use genesys_cloud_core::USER_AGENT_VALUE;
use genesys_cloud_models::OAuthClient;
use http::header::{ACCEPT, AUTHORIZATION, USER_AGENT};
use http::{HeaderValue, Request, Uri};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

use super::drive::Load;

/// What the raw client does with a response body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Body {
    /// Parses it into `OAuthClient` with serde_json, as the executor does.
    Parse,
    /// Only reads it: the emulator's own throughput, with the least client work.
    Read,
}

/// `GET /api/v2/oauth/clients/{id}` through hyper-util's pooled client: keep-alive, TCP_NODELAY, the same
/// headers the executor sends (Authorization, Accept, User-Agent) and the same URL.
#[derive(Clone)]
pub(crate) struct RawGetClient {
    client: Client<HttpConnector, Full<Bytes>>,
    uri: Uri,
    authorization: HeaderValue,
    body: Body,
}

impl RawGetClient {
    pub(crate) fn new(
        base_url: &str,
        client_id: &str,
        access_token: &str,
        body: Body,
    ) -> Result<Self, String> {
        let mut connector = HttpConnector::new();
        // Small requests must not wait for Nagle's algorithm; any tuned client sets this.
        connector.set_nodelay(true);
        let client = Client::builder(TokioExecutor::new()).build(connector);
        let uri = format!("{base_url}/api/v2/oauth/clients/{client_id}")
            .parse()
            .map_err(|error| format!("bad URL: {error}"))?;
        let mut authorization = HeaderValue::try_from(format!("Bearer {access_token}"))
            .map_err(|error| format!("bad token: {error}"))?;
        authorization.set_sensitive(true);
        Ok(Self {
            client,
            uri,
            authorization,
            body,
        })
    }

    /// Sends one request and returns the client it read (`None` when only reading the body).
    pub(crate) async fn get(&self) -> Result<Option<OAuthClient>, String> {
        let request = Request::get(self.uri.clone())
            .header(AUTHORIZATION, self.authorization.clone())
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE))
            .body(Full::new(Bytes::new()))
            .map_err(|error| format!("request: {error}"))?;
        let response = self
            .client
            .request(request)
            .await
            .map_err(|error| format!("raw request failed: {error}"))?;
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|error| format!("raw body failed: {error}"))?
            .to_bytes();
        if !status.is_success() {
            return Err(format!("raw request answered {status}"));
        }
        match self.body {
            Body::Parse => serde_json::from_slice::<OAuthClient>(&body)
                .map(Some)
                .map_err(|error| format!("raw parse failed: {error}")),
            Body::Read => Ok(None),
        }
    }
}

impl Load for RawGetClient {
    async fn once(&self) -> Result<(), String> {
        std::hint::black_box(self.get().await?);
        Ok(())
    }
}
