//! Every grant of a user's login end to end, with the code or token obtained through the emulator's real login and
//! consent pages (driven over plain HTTP as a browser would: GET the authorize URL the library builds, post the
//! login form, post the consent form, read the redirect): authorization code (confidential), PKCE, implicit, and
//! the SAML2 bearer grant; each with many concurrent callers sharing one token request.

mod common;

use common::{client_with as client, many_calls};

use std::net::SocketAddr;
use std::time::Duration;

use genesys_cloud::models::{AccessToken, ClientSecret, GrantType};
use genesys_cloud::token::{
    AuthorizationCode, AuthorizeUrl, PkceVerifier, ResponseType, Saml2BearerGrant, SamlAssertion,
    TokenResponse,
};
use genesys_cloud::{Client, Credentials, Error, TokenSource, TokenSourceFuture};
use genesys_cloud_emulator::catalogue::{
    DEMO_PKCE_CLIENT_ID, DEMO_USER_NAME, DEMO_USER_PASSWORD, ORGANIZATION_NAME,
};
use genesys_cloud_emulator::{Emulator, EmulatorConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const REDIRECT: &str = "https://app.example/callback";
/// Bounds every exchange with the pages.
const DEADLINE: Duration = Duration::from_secs(10);

/// An answer of the pages: status, `Location`, body.
struct Page {
    status: u16,
    location: Option<String>,
    body: String,
}

/// One HTTP/1.1 request on a fresh connection (`Connection: close`), read to the end.
async fn request(addr: SocketAddr, method: &str, target: &str, form: Option<String>) -> Page {
    let exchange = async {
        let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
        let body = form.unwrap_or_default();
        let head = format!(
            "{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\
             Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n",
            body.len()
        );
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(body.as_bytes()).await.unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await.unwrap();
        String::from_utf8(raw).unwrap()
    };
    let raw = tokio::time::timeout(DEADLINE, exchange)
        .await
        .expect("in time");
    let (head, body) = raw.split_once("\r\n\r\n").expect("a response head");
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let location = head.lines().find_map(|line| {
        let (name, value) = line.split_once(':')?;
        name.eq_ignore_ascii_case("location")
            .then(|| value.trim().to_owned())
    });
    Page {
        status,
        location,
        body: body.to_owned(),
    }
}

fn hidden_pending(page: &Page) -> String {
    let marker = "name=\"pending\" value=\"";
    let start = page.body.find(marker).expect("a pending field") + marker.len();
    page.body[start..].split('"').next().unwrap().to_owned()
}

fn form(fields: &[(&str, &str)]) -> String {
    let mut body = form_urlencoded::Serializer::new(String::new());
    for (name, value) in fields {
        body.append_pair(name, value);
    }
    body.finish()
}

/// Opens `url`, signs in, allows; returns the redirect's parameters (query for a code, fragment for a token).
async fn log_in(
    emulator: &Emulator,
    url: &str,
    user: &str,
    password: &str,
) -> Vec<(String, String)> {
    let target = url
        .strip_prefix(&emulator.base_url())
        .expect("the authorize URL is on the emulator");
    let addr = emulator.local_addr();
    let login = request(addr, "GET", target, None).await;
    assert_eq!(login.status, 200, "{}", login.body);
    let sign_in = form(&[
        ("pending", &hidden_pending(&login)),
        ("username", user),
        ("password", password),
    ]);
    let consent = request(addr, "POST", "/oauth/authorize", Some(sign_in)).await;
    assert_eq!(consent.status, 200, "{}", consent.body);
    let allow = form(&[
        ("pending", &hidden_pending(&consent)),
        ("decision", "allow"),
    ]);
    let redirect = request(addr, "POST", "/oauth/authorize", Some(allow)).await;
    assert_eq!(redirect.status, 302, "{}", redirect.body);
    let location = redirect.location.expect("a Location");
    let params = location
        .split_once('#')
        .or_else(|| location.split_once('?'))
        .map(|(_, params)| params)
        .expect("parameters");
    form_urlencoded::parse(params.as_bytes())
        .into_owned()
        .collect()
}

fn param(params: &[(String, String)], name: &str) -> String {
    params
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.clone())
        .unwrap_or_else(|| panic!("no {name} in {params:?}"))
}

async fn new_client(emulator: &Emulator, grant: GrantType) -> (String, ClientSecret) {
    common::user_facing_client(emulator, grant, REDIRECT).await
}

fn config() -> EmulatorConfig {
    EmulatorConfig::default().user("alice", "wonderland")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_confidential_code_from_the_pages_costs_one_token_request_for_many_callers() {
    let emulator = common::start(config()).await;
    let (id, secret) = new_client(&emulator, GrantType::Code).await;
    let url = AuthorizeUrl::new(&id, REDIRECT, ResponseType::Code)
        .with_state("state-1")
        .build(common::client(&emulator).environment())
        .unwrap();
    let params = log_in(&emulator, &url, "alice", "wonderland").await;
    assert_eq!(param(&params, "state"), "state-1");
    let tokens_before = emulator.stats().tokens_issued;
    let client = client(
        &emulator,
        Credentials::AuthorizationCode {
            client_id: id.clone(),
            client_secret: secret,
            code: AuthorizationCode::new(param(&params, "code")),
            redirect_uri: REDIRECT.to_owned(),
        },
    );
    many_calls(&client, 20).await;
    assert_eq!(emulator.stats().tokens_issued, tokens_before + 1);
    // The token acts as alice: her consent is the one authorization she sees.
    let mine = client.get_oauth_authorizations().await.unwrap();
    let entities = mine.entities.unwrap();
    assert_eq!(entities.len(), 1);
    let owner = entities[0].resource_owner.as_ref().unwrap();
    assert_eq!(owner.name.as_deref(), Some("alice"));
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pkce_login_of_the_demo_client_on_a_loopback_port_costs_one_token_request() {
    let emulator = common::start(EmulatorConfig::default().demo_data(true)).await;
    let redirect = "http://127.0.0.1:47123/callback";
    let verifier = PkceVerifier::from_random_bytes(&[42; 32]);
    let url = AuthorizeUrl::new(DEMO_PKCE_CLIENT_ID, redirect, ResponseType::Code)
        .with_pkce(&verifier)
        .with_state("pkce-state")
        .with_prompt_login()
        .build(common::client(&emulator).environment())
        .unwrap();
    let params = log_in(&emulator, &url, DEMO_USER_NAME, DEMO_USER_PASSWORD).await;
    assert_eq!(param(&params, "state"), "pkce-state");
    let tokens_before = emulator.stats().tokens_issued;
    let client = client(
        &emulator,
        Credentials::Pkce {
            client_id: DEMO_PKCE_CLIENT_ID.to_owned(),
            code: AuthorizationCode::new(param(&params, "code")),
            verifier,
            redirect_uri: redirect.to_owned(),
        },
    );
    many_calls(&client, 20).await;
    assert_eq!(emulator.stats().tokens_issued, tokens_before + 1);
    let mine = client.get_oauth_authorizations().await.unwrap();
    let entities = mine.entities.unwrap();
    let client_id = entities[0].client.as_ref().and_then(|c| c.id.clone());
    assert_eq!(client_id.as_deref(), Some(DEMO_PKCE_CLIENT_ID));
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_implicit_token_from_the_pages_serves_many_callers_without_a_token_request() {
    let emulator = common::start(config()).await;
    let (id, _) = new_client(&emulator, GrantType::Token).await;
    let url = AuthorizeUrl::new(&id, REDIRECT, ResponseType::Token)
        .with_state("implicit")
        .build(common::client(&emulator).environment())
        .unwrap();
    let tokens_before = emulator.stats().tokens_issued;
    let params = log_in(&emulator, &url, "alice", "wonderland").await;
    assert_eq!(param(&params, "state"), "implicit");
    assert_eq!(param(&params, "token_type"), "bearer");
    assert_eq!(
        emulator.stats().tokens_issued,
        tokens_before + 1,
        "the pages issued it"
    );
    let client = client(
        &emulator,
        Credentials::AccessToken(AccessToken::new(param(&params, "access_token"))),
    );
    many_calls(&client, 20).await;
    assert_eq!(emulator.stats().tokens_issued, tokens_before + 1);
    emulator.shutdown().await;
}

/// The SAML2 bearer grant as a token source: the library has the grant's request, not a credentials variant.
struct Saml2 {
    login: Client,
    grant: Saml2BearerGrant,
}

impl TokenSource for Saml2 {
    fn fetch_token(&self) -> TokenSourceFuture<'_> {
        Box::pin(async move {
            let response: Result<TokenResponse, Error> =
                self.login.execute(self.grant.clone()).send().await;
            response
        })
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_saml2_bearer_token_costs_one_token_request_for_many_callers() {
    let emulator = common::start(config()).await;
    let (id, secret) = new_client(&emulator, GrantType::Saml2Bearer).await;
    let assertion = emulator.saml2_assertion("alice", Duration::from_secs(300));
    let grant = Saml2BearerGrant::new(
        id.clone(),
        secret.clone(),
        ORGANIZATION_NAME,
        SamlAssertion::new(assertion),
    );
    let source = Saml2 {
        login: common::client(&emulator),
        grant,
    };
    let tokens_before = emulator.stats().tokens_issued;
    let client = client(&emulator, Credentials::token_source(source));
    many_calls(&client, 20).await;
    assert_eq!(emulator.stats().tokens_issued, tokens_before + 1);
    // An assertion for a user the organization does not have is a token error, once.
    let stranger = Saml2BearerGrant::new(
        id,
        secret,
        ORGANIZATION_NAME,
        SamlAssertion::new(emulator.saml2_assertion("mallory", Duration::from_secs(300))),
    );
    let error = common::client(&emulator)
        .execute(stranger)
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("invalid_grant"), "{error:?}");
    emulator.shutdown().await;
}
