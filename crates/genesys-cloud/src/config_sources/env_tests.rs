//! `GENESYSCLOUD_*` variables read from fake environments.

use super::*;
use crate::{ClientBuilder, Credentials};

const SECRET: &str = "env-secret-Zq81";
const TOKEN: &str = "env-token-Pw40";

fn env_of(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
    move |name| {
        pairs
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| (*value).to_owned())
    }
}

#[test]
fn every_variable_is_read_and_blank_ones_are_absent() {
    let settings = ConnectionSettings::from_env_vars(env_of(&[
        (ENV_BASE_URL, "http://127.0.0.1:9"),
        (ENV_REGION, "eu_west_1"),
        (ENV_CLIENT_ID, "id-1"),
        (ENV_CLIENT_SECRET, SECRET),
        (ENV_ACCESS_TOKEN, " \t"),
    ]));
    assert_eq!(settings.origin(), "environment variables");
    assert_eq!(settings.base_url(), Some("http://127.0.0.1:9"));
    assert_eq!(settings.environment(), Some("eu_west_1"));
    assert_eq!(settings.client_id(), Some("id-1"));
    assert_eq!(
        settings.client_secret().map(|s| s.expose_secret()),
        Some(SECRET)
    );
    assert!(settings.access_token().is_none());
    assert!(settings.has_credentials() && settings.has_target());
    assert!(!format!("{settings:?}").contains(SECRET));
    let empty = ConnectionSettings::from_env_vars(|_| None);
    assert!(!empty.has_credentials() && !empty.has_target());
    assert!(empty.credentials().unwrap().is_none());
}

#[test]
fn a_token_wins_over_client_credentials_of_the_same_source() {
    let settings = ConnectionSettings::from_env_vars(env_of(&[
        (ENV_CLIENT_ID, "id-1"),
        (ENV_CLIENT_SECRET, SECRET),
        (ENV_ACCESS_TOKEN, TOKEN),
    ]));
    let credentials = settings.credentials().unwrap().unwrap();
    assert!(
        matches!(&credentials, Credentials::AccessToken(token) if token.expose_secret() == TOKEN)
    );
}

#[test]
fn an_id_without_its_secret_is_an_error_that_names_the_variables() {
    for (env, missing) in [
        (env_of(&[(ENV_CLIENT_ID, "id-1")]), ENV_CLIENT_SECRET),
        (env_of(&[(ENV_CLIENT_SECRET, SECRET)]), ENV_CLIENT_ID),
    ] {
        let error = ClientBuilder::from_env_vars(env).unwrap_err();
        assert_eq!(error.kind(), ConfigErrorKind::UnpairedCredentials);
        let message = error.to_string();
        assert!(message.contains(missing), "{message}");
        assert!(message.contains("environment variables"), "{message}");
        assert!(!message.contains(SECRET), "{message}");
        assert!(!format!("{error:?}").contains(SECRET));
    }
}

#[test]
fn from_env_vars_needs_credentials_and_a_usable_region() {
    let error = ClientBuilder::from_env_vars(env_of(&[(ENV_REGION, "eu_west_1")])).unwrap_err();
    assert_eq!(error.kind(), ConfigErrorKind::NoCredentials);
    for name in [ENV_CLIENT_ID, ENV_CLIENT_SECRET, ENV_ACCESS_TOKEN] {
        assert!(error.to_string().contains(name), "{error}");
    }
    let error = ClientBuilder::from_env_vars(env_of(&[
        (ENV_REGION, "nowhere"),
        (ENV_ACCESS_TOKEN, TOKEN),
    ]))
    .unwrap_err();
    assert_eq!(error.kind(), ConfigErrorKind::InvalidEnvironment);
    assert!(error.to_string().contains(ENV_REGION), "{error}");
    assert!(error.to_string().contains("nowhere"), "{error}");
    assert!(!error.to_string().contains(TOKEN), "{error}");
    // Into the client's error, for `?`.
    let error: crate::Error = error.into();
    assert!(error.to_string().contains(ENV_REGION), "{error}");
}

#[test]
fn the_builder_gets_the_region_and_the_client_credentials() {
    let builder = ClientBuilder::from_env_vars(env_of(&[
        (ENV_REGION, "mypurecloud.ie"),
        (ENV_CLIENT_ID, "id-1"),
        (ENV_CLIENT_SECRET, SECRET),
    ]))
    .unwrap();
    let shown = format!("{builder:?}");
    assert!(
        shown.contains("api.mypurecloud.ie") && shown.contains("id-1"),
        "{shown}"
    );
    assert!(!shown.contains(SECRET), "{shown}");
    builder.build().unwrap();
}

#[test]
fn a_base_url_wins_over_the_region_and_apply_to_keeps_what_is_absent() {
    let settings = ConnectionSettings::from_env_vars(env_of(&[
        (ENV_BASE_URL, "http://127.0.0.1:9"),
        (ENV_REGION, "eu_west_1"),
    ]));
    let builder = settings
        .apply_to(ClientBuilder::new().access_token(TOKEN))
        .unwrap();
    let shown = format!("{builder:?}");
    assert!(
        shown.contains("127.0.0.1:9") && !shown.contains("mypurecloud.ie"),
        "{shown}"
    );
    assert!(
        shown.contains("AccessToken") && !shown.contains(TOKEN),
        "{shown}"
    );
    builder.build().unwrap();
}

#[tokio::test]
async fn a_client_from_the_environment_sends_its_token_to_its_region() {
    let client = ClientBuilder::from_env_vars(env_of(&[
        (ENV_REGION, "eu-west-1"),
        (ENV_ACCESS_TOKEN, TOKEN),
    ]))
    .unwrap()
    .transport_fn(|request: http::Request<bytes::Bytes>| async move {
        assert_eq!(request.uri().host(), Some("api.mypurecloud.ie"));
        let bearer = format!("Bearer {TOKEN}");
        assert_eq!(
            request.headers()[http::header::AUTHORIZATION],
            bearer.as_str()
        );
        Ok(http::Response::builder()
            .status(200)
            .body(bytes::Bytes::from_static(br#"{"entities":[]}"#))
            .unwrap())
    })
    .build()
    .unwrap();
    // Through `execute`, the lowest-level call, which the request builders of issue 13 leave in place.
    client
        .execute(crate::ops::GetOauthScopes::new())
        .await
        .unwrap();
}
