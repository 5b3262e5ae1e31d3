//! The public API as a user of `genesys-cloud` alone sees it: every type of the public signatures is named
//! through this crate (no `genesys-cloud-core`, `http`, `bytes` or `serde_json` dependency needed), and each shape
//! of the API (request builders, per-call overrides, metadata, streams, helpers, fan-out, tokens, typed errors)
//! runs against the emulator. The emulator is only the server here.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{StreamExt, TryStreamExt};
use genesys_cloud::bytes::Bytes;
use genesys_cloud::http::{HeaderMap, StatusCode};
use genesys_cloud::models::{
    AccessToken, ApiUsageClientQuery, ApiUsageQueryResult, ClientState, GrantType, OAuthClient,
    OAuthClientEntityListing, OAuthClientListing, OAuthClientRequest, OAuthScopeListing,
};
use genesys_cloud::ops::{GetOauthClients, GetOauthScopes};
use genesys_cloud::token::TokenResponse;
use genesys_cloud::{
    ApiError, BaseUrl, CallFuture, Client, ConfigError, ConfigErrorKind, CreateOauthClient,
    CreatedClient, Credentials, DecodeError, DeleteOauthClientCompletely, Environment, Error,
    Items, LoginRequired, Pages, PagingStopped, Patience, Raw, RequestBuilder, Response,
    ResponseMeta, RetryConfig, RotateOauthClientSecret, RunUsageQuery, StopReason, TokenInfo,
    TokenSource, TokenSourceFuture, UsagePolling, WaitForUsageResult, WaitUntilReadable,
    WaitingFor, WithMeta,
};
use genesys_cloud_emulator::EmulatorConfig;

fn body(name: &str) -> OAuthClientRequest {
    let mut body = OAuthClientRequest::new(name, GrantType::ClientCredentials);
    body.state = Some(ClientState::Inactive);
    body
}

#[tokio::test]
async fn every_shape_of_the_api_against_the_emulator() {
    // Paging parameters honoured, so that pages can be walked (the platform answers with one page).
    let emulator = common::start(EmulatorConfig::default().paging_parameters(true)).await;
    let base: BaseUrl = BaseUrl::parse(&emulator.base_url()).unwrap();
    let seen_tokens = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&seen_tokens);
    let client: Client = Client::builder()
        .environment(Environment::from_api_base(base))
        .client_credentials(emulator.admin_client_id(), emulator.admin_client_secret())
        .on_token(move |info: &TokenInfo| {
            assert!(info.expires_at.is_some());
            counter.fetch_add(1, Ordering::SeqCst);
        })
        .build()
        .unwrap();

    // Builders: optional parameters as setters, per-call overrides, `.await` or `.send()`.
    let scopes: OAuthScopeListing = client
        .get_oauth_scopes()
        .accept_language("fr")
        .await
        .unwrap();
    assert!(scopes.total.unwrap_or(0) > 0);
    let builder: RequestBuilder<GetOauthScopes> = client.get_oauth_scopes();
    let _future: CallFuture<OAuthScopeListing> = core::future::IntoFuture::into_future(builder);
    let created: OAuthClient = client
        .post_oauth_clients(body("public-api"))
        .attempt_timeout(Duration::from_secs(5))
        .total_timeout(Duration::from_secs(20))
        .no_retries()
        .send()
        .await
        .unwrap();
    let id = created.id.clone().unwrap();
    let with_meta: WithMeta<_> = client.get_oauth_client(&id).with_meta();
    let answer: Response<OAuthClient> = with_meta.await.unwrap();
    let meta: &ResponseMeta = &answer.meta;
    assert_eq!(meta.status, StatusCode::OK);
    assert!(meta.correlation_id().is_some());
    let _headers: &HeaderMap = &meta.headers;
    let raw: Raw<_> = client
        .get_oauth_client(&id)
        .retry(RetryConfig::default())
        .raw();
    let raw: Response<Bytes> = raw.await.unwrap();
    assert!(raw.value.starts_with(b"{"));
    let _summary = client
        .get_oauth_client_usage_summary(&id)
        .days(7)
        .send()
        .await
        .unwrap();

    // Streams of pages and of items; one page when awaited.
    let first: OAuthClientEntityListing = client.get_oauth_clients().await.unwrap();
    let pages: Pages<GetOauthClients> = client.get_oauth_clients().page_size(5).pages();
    let pages: Vec<OAuthClientEntityListing> = pages.try_collect().await.unwrap();
    let items: Items<GetOauthClients> = client.get_oauth_clients().page_size(5).items();
    let items: Vec<OAuthClientListing> = items.try_collect().await.unwrap();
    // The same without futures-util: `collect_all`, and the re-exported trait.
    fn is_stream<S: genesys_cloud::Stream>(stream: S) -> S {
        stream
    }
    let gathered: Vec<OAuthClientListing> =
        is_stream(client.get_oauth_clients().page_size(5).items())
            .collect_all()
            .await
            .unwrap();
    assert_eq!(gathered.len(), items.len());
    assert_eq!(
        items.len(),
        pages
            .iter()
            .map(|page| page.entities.as_ref().map_or(0, Vec::len))
            .sum::<usize>()
    );
    assert!(items.len() >= first.entities.map_or(0, |e| e.len()));
    let mut limited = client.get_oauth_clients().page_size(1).pages().max_pages(1);
    while limited.next().await.transpose().unwrap().is_some() {}
    let step: Option<PagingStopped> = limited.stopped_early();
    assert!(step.is_some());

    // Helpers: builders with patience and polling by value.
    let helper: CreateOauthClient = client.create_oauth_client(body("public-api-2"));
    let made: CreatedClient = helper.patience(Patience::default()).await.unwrap();
    let made_id = made.client.id.clone().unwrap();
    assert!(made.secret.is_some());
    let readable: WaitUntilReadable = client.wait_until_readable(&made_id);
    readable.await.unwrap();
    let rotate: RotateOauthClientSecret = client.rotate_oauth_client_secret(&made_id);
    rotate.await.unwrap();
    let query = ApiUsageClientQuery::new("2020-01-01T00:00:00Z/2030-01-01T00:00:00Z");
    let run: RunUsageQuery = client.run_usage_query(&id, query);
    let polling =
        UsagePolling::default().with_intervals(Duration::from_millis(5), Duration::from_millis(50));
    let rows: ApiUsageQueryResult = run.polling(polling).await.unwrap();
    assert!(rows.query_status.is_some());
    let executed = client
        .post_oauth_client_usage_query(
            &id,
            ApiUsageClientQuery::new("2020-01-01T00:00:00Z/2030-01-01T00:00:00Z"),
        )
        .await
        .unwrap();
    let execution_id = executed.execution_id.unwrap();
    let wait: WaitForUsageResult = client.wait_for_usage_result(&id, &execution_id);
    wait.polling(polling).await.unwrap();
    let delete: DeleteOauthClientCompletely = client.delete_oauth_client_completely(&made_id);
    delete
        .patience(Patience::new(
            Duration::from_secs(5),
            Duration::from_millis(10),
        ))
        .await
        .unwrap();

    // Tokens: read out, with the hook called for the one fetched.
    let token: TokenInfo = client.token().await.unwrap();
    assert!(token.expires_at.is_some() && token.refresh_token.is_none());
    assert_eq!(seen_tokens.load(Ordering::SeqCst), 1);

    // Typed errors.
    let missing = client.get_oauth_client("no-such-client").await.unwrap_err();
    let api: &ApiError = missing.api_error().unwrap();
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    if let Error::Api { stopped, .. } = &missing {
        let _: &StopReason = stopped;
    }
    let config = Client::builder().build().unwrap_err();
    if let Error::Config(error) = &config {
        let _: &ConfigError = error;
        assert_eq!(error.kind(), ConfigErrorKind::NoCredentials);
    }
    let _: Option<&DecodeError> = None;
    let _: Option<LoginRequired> = None;
    let _: Option<WaitingFor> = None;
    emulator.shutdown().await;
}

#[tokio::test]
async fn fan_out_over_fifty_ids_with_try_join_all() {
    let emulator = common::start(EmulatorConfig::default()).await;
    let client = common::client(&emulator);
    let mut ids = Vec::new();
    for n in 0..50 {
        let created = client
            .post_oauth_clients(body(&format!("fan-out-{n}")))
            .await
            .unwrap();
        ids.push(created.id.unwrap());
    }
    let read =
        futures_util::future::try_join_all(ids.iter().map(|id| client.get_oauth_client(id).send()))
            .await
            .unwrap();
    assert_eq!(read.len(), 50);
    let patience = Patience::new(Duration::from_secs(10), Duration::from_millis(5));
    futures_util::future::try_join_all(ids.iter().map(|id| {
        client
            .delete_oauth_client_completely(id)
            .patience(patience)
            .send()
    }))
    .await
    .unwrap();
    for id in &ids {
        assert!(
            client
                .get_oauth_client(id)
                .await
                .unwrap_err()
                .is_not_found()
        );
    }
    emulator.shutdown().await;
}

/// A token source answering from memory, counting its calls.
struct Vault(Arc<Mutex<u32>>);

impl TokenSource for Vault {
    fn fetch_token(&self) -> TokenSourceFuture<'_> {
        let calls = Arc::clone(&self.0);
        Box::pin(async move {
            let mut calls = calls.lock().map_err(|_| {
                Error::Config(ConfigError::new(
                    ConfigErrorKind::InvalidCredentials,
                    "the vault is unavailable",
                ))
            })?;
            *calls += 1;
            Ok(TokenResponse::new(AccessToken::new("from-the-vault"))
                .with_expires_in(Duration::from_secs(3600)))
        })
    }
}

#[tokio::test]
async fn a_token_source_is_asked_once_for_many_callers() {
    let calls = Arc::new(Mutex::new(0));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    let client = Client::builder()
        .base_url("https://api.example.test")
        .credentials(Credentials::token_source(Vault(Arc::clone(&calls))))
        .transport_fn(move |request: genesys_cloud::http::Request<Bytes>| {
            let header = request
                .headers()
                .get("authorization")
                .and_then(|value| value.to_str().ok())
                .unwrap_or_default()
                .to_owned();
            record.lock().unwrap().push(header);
            async move {
                Ok(genesys_cloud::http::Response::builder()
                    .status(200)
                    .body(Bytes::from_static(br#"{"entities":[]}"#))
                    .unwrap())
            }
        })
        .build()
        .unwrap();
    let scopes =
        futures_util::future::try_join_all((0..10).map(|_| client.get_oauth_scopes().send()))
            .await
            .unwrap();
    assert_eq!(scopes.len(), 10);
    assert_eq!(*calls.lock().unwrap(), 1);
    assert!(
        seen.lock()
            .unwrap()
            .iter()
            .all(|h| h == "Bearer from-the-vault")
    );
}

/// Every type of the public signatures, named through `genesys_cloud` alone: this fails to compile if one is not
/// re-exported where it is used.
#[test]
fn every_type_of_the_public_signatures_is_reachable_through_genesys_cloud() {
    use genesys_cloud::http::{Request, Response as HttpResponse};
    use genesys_cloud::models::{AccessToken, ClientSecret, RefreshToken, Timestamp};
    use genesys_cloud::token::{AuthorizationCode, PkceVerifier};
    use genesys_cloud::{
        ApiErrorBody, BuildError, ClientBuilder, ConnectionSettings, HttpTransport, LoginRequired,
        Operation, ProxySettings, Region, SendState, SharedTokenSource, TimeoutKind,
        TransportError, TransportErrorKind, TransportFuture,
    };
    fn name<T: ?Sized>() -> &'static str {
        core::any::type_name::<T>()
    }
    fn operation<O: Operation>() -> &'static str {
        O::ID
    }
    let names = [
        name::<ClientBuilder>(),
        name::<Client>(),
        name::<Credentials>(),
        name::<SharedTokenSource>(),
        name::<dyn TokenSource>(),
        name::<TokenSourceFuture<'static>>(),
        name::<TokenInfo>(),
        name::<Error>(),
        name::<ConfigError>(),
        name::<ConfigErrorKind>(),
        name::<LoginRequired>(),
        name::<WaitingFor>(),
        name::<SendState>(),
        name::<TimeoutKind>(),
        name::<TransportError>(),
        name::<TransportErrorKind>(),
        name::<dyn HttpTransport>(),
        name::<TransportFuture<'static>>(),
        name::<ProxySettings>(),
        name::<Region>(),
        name::<Environment>(),
        name::<BaseUrl>(),
        name::<ConnectionSettings>(),
        name::<RetryConfig>(),
        name::<StopReason>(),
        name::<PagingStopped>(),
        name::<ApiError>(),
        name::<ApiErrorBody>(),
        name::<DecodeError>(),
        name::<BuildError>(),
        name::<RequestBuilder<GetOauthScopes>>(),
        name::<WithMeta<GetOauthScopes>>(),
        name::<Raw<GetOauthScopes>>(),
        name::<CallFuture<()>>(),
        name::<Response<Bytes>>(),
        name::<ResponseMeta>(),
        name::<Pages<GetOauthClients>>(),
        name::<Items<GetOauthClients>>(),
        name::<Patience>(),
        name::<UsagePolling>(),
        name::<CreatedClient>(),
        name::<CreateOauthClient>(),
        name::<WaitUntilReadable>(),
        name::<DeleteOauthClientCompletely>(),
        name::<RotateOauthClientSecret>(),
        name::<RunUsageQuery>(),
        name::<WaitForUsageResult>(),
        name::<TokenResponse>(),
        name::<AuthorizationCode>(),
        name::<PkceVerifier>(),
        name::<AccessToken>(),
        name::<RefreshToken>(),
        name::<ClientSecret>(),
        name::<Timestamp>(),
        name::<Request<Bytes>>(),
        name::<HttpResponse<Bytes>>(),
        name::<HeaderMap>(),
        name::<StatusCode>(),
    ];
    let distinct: std::collections::HashSet<_> = names.iter().collect();
    assert_eq!(distinct.len(), names.len(), "{names:#?}");
    assert_eq!(operation::<GetOauthScopes>(), "getOauthScopes");
}

/// Issue 27: builders own a handle on the client (an `Arc` clone) and their ids, so a call is `Send + 'static`
/// and spawns as is; ids are given as `String`, `&String` or `&str`.
#[tokio::test]
async fn builders_and_helpers_spawn_with_owned_or_borrowed_ids() {
    fn spawnable<T: Send + 'static>(value: T) -> T {
        value
    }
    let emulator = common::start(EmulatorConfig::default()).await;
    let client = common::client(&emulator);
    let created = client.create_oauth_client(body("spawned")).await.unwrap();
    let id: String = created.client.id.unwrap();
    let owned = tokio::spawn(spawnable(client.get_oauth_client(id.clone())).send());
    let borrowed = tokio::spawn(core::future::IntoFuture::into_future(
        client.get_oauth_client(&id),
    ));
    let by_str = tokio::spawn(client.get_oauth_client(id.as_str()).with_meta().send());
    let helper = tokio::spawn(spawnable(client.wait_until_readable(&id)).send());
    // The builders hold their own handles: the caller's may go first.
    drop(client);
    assert_eq!(
        owned.await.unwrap().unwrap().id.as_deref(),
        Some(id.as_str())
    );
    assert_eq!(borrowed.await.unwrap().unwrap().name, "spawned");
    assert_eq!(by_str.await.unwrap().unwrap().meta.status, StatusCode::OK);
    helper.await.unwrap().unwrap();
    emulator.shutdown().await;
}
