//! A plain HTTP client for the emulator's integration tests (hyper-util's legacy client), and helpers.

#![allow(dead_code, unreachable_pub)]

use std::time::Duration;

use base64::Engine;
use bytes::Bytes;
use genesys_cloud_emulator::{Emulator, EmulatorConfig};
use http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;

/// Every test request is bounded by this.
pub const REQUEST_DEADLINE: Duration = Duration::from_secs(10);

pub struct Http {
    client: Client<HttpConnector, Full<Bytes>>,
    pub base: String,
}

#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Resp {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {:?}", String::from_utf8_lossy(&self.body)))
    }

    pub fn code(&self) -> String {
        self.json()["code"].as_str().unwrap_or_default().to_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `fieldName`s of the error details.
    pub fn fields(&self) -> Vec<String> {
        self.json()["details"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| d["fieldName"].as_str().map(str::to_owned))
            .collect()
    }

    /// Asserts the shape every API error shares.
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(
            self.status.as_u16(),
            status,
            "{:?}",
            String::from_utf8_lossy(&self.body)
        );
        let body = self.json();
        assert_eq!(body["code"], code, "{body}");
        assert_eq!(body["status"], status);
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
        let correlation = self.header("inin-correlation-id").expect("correlation id");
        assert_eq!(body["contextId"], correlation);
        assert_eq!(self.header("content-type"), Some("application/json"));
        assert_no_nulls(&body);
    }
}

/// The emulator never writes `null`.
pub fn assert_no_nulls(value: &Value) {
    match value {
        Value::Null => panic!("a null was sent"),
        Value::Array(items) => items.iter().for_each(assert_no_nulls),
        Value::Object(map) => map.values().for_each(assert_no_nulls),
        _ => {}
    }
}

impl Http {
    /// A keep-alive HTTP/1.1 client.
    pub fn new(base: &str) -> Self {
        Self::build(base, |_| {})
    }

    /// A client that opens a new connection for every request, so that injected resets cannot be retried on
    /// a pooled connection.
    pub fn fresh_connections(base: &str) -> Self {
        Self::build(base, |b| {
            b.pool_max_idle_per_host(0);
        })
    }

    /// An HTTP/2 cleartext client (prior knowledge).
    pub fn h2(base: &str) -> Self {
        Self::build(base, |b| {
            b.http2_only(true);
        })
    }

    fn build(base: &str, configure: impl FnOnce(&mut hyper_util::client::legacy::Builder)) -> Self {
        let mut builder = Client::builder(TokioExecutor::new());
        configure(&mut builder);
        Self {
            client: builder.build_http(),
            base: base.to_owned(),
        }
    }

    pub async fn try_send(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: impl Into<Bytes>,
    ) -> Result<Resp, String> {
        let mut request = Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request
            .body(Full::new(body.into()))
            .map_err(|e| e.to_string())?;
        let exchange = async {
            let response = self
                .client
                .request(request)
                .await
                .map_err(|e| format!("{e:?}"))?;
            let (parts, body) = response.into_parts();
            let body = body
                .collect()
                .await
                .map_err(|e| format!("body: {e:?}"))?
                .to_bytes();
            Ok(Resp {
                status: parts.status,
                headers: parts.headers,
                body,
            })
        };
        tokio::time::timeout(REQUEST_DEADLINE, exchange)
            .await
            .map_err(|_| "timed out".to_owned())?
    }

    pub async fn send(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: impl Into<Bytes>,
    ) -> Resp {
        self.try_send(method, path, headers, body)
            .await
            .unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    pub async fn get(&self, path: &str, token: &str) -> Resp {
        let auth = format!("Bearer {token}");
        self.send(Method::GET, path, &[("authorization", &auth)], Bytes::new())
            .await
    }

    pub async fn delete(&self, path: &str, token: &str) -> Resp {
        let auth = format!("Bearer {token}");
        self.send(
            Method::DELETE,
            path,
            &[("authorization", &auth)],
            Bytes::new(),
        )
        .await
    }

    pub async fn json(&self, method: Method, path: &str, token: &str, body: &Value) -> Resp {
        let auth = format!("Bearer {token}");
        self.send(
            method,
            path,
            &[
                ("authorization", &auth),
                ("content-type", "application/json"),
            ],
            serde_json::to_vec(body).unwrap(),
        )
        .await
    }

    pub async fn post(&self, path: &str, token: &str, body: &Value) -> Resp {
        self.json(Method::POST, path, token, body).await
    }

    pub async fn put(&self, path: &str, token: &str, body: &Value) -> Resp {
        self.json(Method::PUT, path, token, body).await
    }

    /// `POST /oauth/token` with HTTP Basic.
    pub async fn token_response(&self, id: &str, secret: &str) -> Resp {
        let basic = base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"));
        let auth = format!("Basic {basic}");
        self.send(
            Method::POST,
            "/oauth/token",
            &[
                ("authorization", &auth),
                ("content-type", "application/x-www-form-urlencoded"),
            ],
            "grant_type=client_credentials",
        )
        .await
    }

    pub async fn token(&self, id: &str, secret: &str) -> String {
        let response = self.token_response(id, secret).await;
        assert_eq!(response.status, 200, "{:?}", response.body);
        response.json()["access_token"].as_str().unwrap().to_owned()
    }

    pub async fn stats(&self) -> Value {
        self.send(Method::GET, "/emulator/stats", &[], Bytes::new())
            .await
            .json()
    }
}

pub async fn start(config: EmulatorConfig) -> (Emulator, Http) {
    let emulator = Emulator::start(config).await.expect("emulator starts");
    let http = Http::new(&emulator.base_url());
    (emulator, http)
}

pub async fn admin_token(emulator: &Emulator, http: &Http) -> String {
    http.token(emulator.admin_client_id(), emulator.admin_client_secret())
        .await
}

/// A client-credentials client with the given role, created by the admin; returns (id, secret).
pub async fn create_client_with_role(
    http: &Http,
    admin: &str,
    name: &str,
    role_id: &str,
) -> (String, String) {
    let body = serde_json::json!({
        "name": name,
        "authorizedGrantType": "CLIENT-CREDENTIALS",
        "roleDivisions": [{"roleId": role_id, "divisionId": genesys_cloud_emulator::catalogue::HOME_DIVISION_ID}],
    });
    let created = http.post("/api/v2/oauth/clients", admin, &body).await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    let json = created.json();
    (
        json["id"].as_str().unwrap().to_owned(),
        json["secret"].as_str().unwrap().to_owned(),
    )
}

/// A unique directory under the target's temporary directory.
pub fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "emulator-{name}-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
