//! No secret or token in the Debug or Display output of any operation, grant, token response or error.

use bytes::Bytes;
use genesys_cloud_core::ops::*;
use genesys_cloud_core::token::*;
use genesys_cloud_core::transport::SendError;
use genesys_cloud_core::{Auth, BearerHeader, Environment, Operation, ResponseError};
use genesys_cloud_models::*;

const SECRET: &str = "S3CR3T-client-secret-value";
const TOKEN: &str = "T0K3N-access-token-value";
const REFRESH: &str = "R3FR3SH-refresh-token-value";
const CODE: &str = "C0D3-authorization-code";
const ASSERTION: &str = "A55ERT10N-saml";
const VERIFIER: &str = "V3R1F13R-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

fn assert_clean(what: &str, text: &str) {
    for secret in [SECRET, TOKEN, REFRESH, CODE, ASSERTION, VERIFIER] {
        assert!(!text.contains(secret), "{what} leaks {secret}: {text}");
    }
}

#[test]
fn grants_and_credentials() {
    let secret = ClientSecret::new(SECRET);
    let verifier = PkceVerifier::new(VERIFIER).unwrap();
    let debug = [
        format!("{:?}", ClientCredentialsGrant::new("id", secret.clone())),
        format!(
            "{:?}",
            AuthorizationCodeGrant::new(
                "id",
                secret.clone(),
                AuthorizationCode::new(CODE),
                "https://x/cb"
            )
        ),
        format!(
            "{:?}",
            RefreshTokenGrant::new("id", secret.clone(), RefreshToken::new(REFRESH))
        ),
        format!(
            "{:#?}",
            PkceCodeExchange::new(
                "id",
                AuthorizationCode::new(CODE),
                verifier.clone(),
                "https://x/cb"
            )
        ),
        format!(
            "{:?}",
            Saml2BearerGrant::new("id", secret.clone(), "org", SamlAssertion::new(ASSERTION))
        ),
        format!("{verifier:?}"),
        format!("{:?}", BearerHeader::new(&AccessToken::new(TOKEN)).unwrap()),
        format!("{:?}", basic_authorization("id", &secret)),
        format!(
            "{:?}",
            AuthorizeUrl::new("id", "https://x/cb", ResponseType::Code).with_pkce(&verifier)
        ),
    ];
    for text in debug {
        assert_clean("Debug", &text);
    }
}

#[test]
fn built_requests() {
    let bearer = BearerHeader::new(&AccessToken::new(TOKEN)).unwrap();
    let request = GetOauthClient::new("c1")
        .to_http_request(&Environment::default(), Auth::Bearer(&bearer))
        .unwrap();
    assert_clean("request Debug", &format!("{request:?}"));
    let grant = ClientCredentialsGrant::new("id", ClientSecret::new(SECRET));
    let request = grant
        .to_http_request(&Environment::default(), Auth::None)
        .unwrap();
    // The header is redacted; the body of a grant carries no secret for client credentials.
    assert_clean("grant request Debug", &format!("{:?}", request.headers()));
    let operations = format!(
        "{:?} {:?} {:?}",
        PostOauthClients::new(OAuthClientRequest::new("n", GrantType::Code)),
        PostOauthClientSecret::new("c1"),
        PutOauthClient::new("c1", OAuthClientRequest::new("n", GrantType::Code))
    );
    assert_clean("operations", &operations);
}

#[test]
fn token_responses_and_responses_carrying_secrets() {
    let body = format!(
        r#"{{"access_token":"{TOKEN}","token_type":"bearer","expires_in":3600,"refresh_token":"{REFRESH}"}}"#
    );
    let response = http::Response::builder()
        .status(200)
        .body(Bytes::from(body))
        .unwrap();
    let token = ClientCredentialsGrant::parse_response(response).unwrap();
    assert_clean("TokenResponse", &format!("{token:?} {token:#?}"));

    let body =
        format!(r#"{{"id":"c1","name":"n","authorizedGrantType":"CODE","secret":"{SECRET}"}}"#);
    let response = http::Response::builder()
        .status(200)
        .body(Bytes::from(body))
        .unwrap();
    let client = PostOauthClientSecret::parse_response(response).unwrap();
    assert_clean("OAuthClient", &format!("{client:?}"));
}

#[test]
fn errors() {
    // A decode failure of a body that holds a secret must not print the body.
    let body = format!(
        r#"{{"id":"c1","name":"n","authorizedGrantType":"CODE","secret":"{SECRET}","dateCreated":"bad"}}"#
    );
    let response = http::Response::builder()
        .status(200)
        .body(Bytes::from(body))
        .unwrap();
    let error = PostOauthClients::parse_response(response).unwrap_err();
    assert!(matches!(error, ResponseError::Decode(_)));
    assert_clean("DecodeError", &format!("{error} {error:?} {error:#?}"));
    // An API error echoing a secret in its body keeps it out of Debug and Display as well.
    let body = format!(r#"{{"message":"bad","code":"x","status":400,"entityName":"{SECRET}"}}"#);
    let response = http::Response::builder()
        .status(400)
        .body(Bytes::from(body))
        .unwrap();
    let error = PostOauthClients::parse_response(response).unwrap_err();
    let text = format!("{error} {error:?}");
    assert!(
        text.contains("x") && !text.contains("raw_body: b"),
        "{text}"
    );
    let error = BearerHeader::new(&AccessToken::new(format!("{TOKEN}\n"))).unwrap_err();
    assert_clean("BuildError", &format!("{error} {error:?}"));
    // An error body of an unknown JSON shape keeps secret-looking values out of Debug.
    let body = format!(r#"[{{"client_secret":"{SECRET}","access_token":"{TOKEN}"}}]"#);
    let response = http::Response::builder()
        .status(500)
        .body(Bytes::from(body))
        .unwrap();
    let unknown_shape = GetOauthClient::parse_response(response).unwrap_err();
    assert_clean(
        "ApiErrorBody::Json",
        &format!("{unknown_shape:?} {unknown_shape:#?} {unknown_shape}"),
    );
    let send: SendError<std::io::Error> = SendError::Build(error);
    assert_clean("SendError", &format!("{send} {send:?}"));
}
