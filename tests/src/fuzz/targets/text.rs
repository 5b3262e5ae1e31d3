//! The string parsers and small builders: `Timestamp::parse`, `RetryAfter::parse`, `BaseUrl` and `Environment`
//! parsing, page links, regions, PKCE verifiers, bearer and Basic headers, and authorize URLs.
//!
//! Input: parser selector, then one text (or a chunk and the rest, for two).

use std::time::SystemTime;

use base64::Engine as _;
use genesys_cloud_core::ops::{GetOauthClient, GetOauthClients, GetOauthScopes};
use genesys_cloud_core::retry::RetryAfter;
use genesys_cloud_core::token::{
    AuthorizeUrl, ClientCredentialsGrant, PkceVerifier, ResponseType, basic_authorization,
};
use genesys_cloud_core::{Auth, BaseUrl, BearerHeader, BuildError, Environment, Operation, Region};
use genesys_cloud_models::{AccessToken, ClientSecret, Timestamp};

use crate::fuzz::input::Reader;
use crate::fuzz::normalize;

/// The parsers, by selector; seeds use the names.
pub(crate) const PARSERS: &[&str] = &[
    "timestamp",
    "retry-after",
    "base-url",
    "base-url-allowing-http",
    "environment",
    "next-page",
    "region",
    "pkce-verifier",
    "bearer",
    "basic",
    "authorize-url",
];

/// The index of a parser in [`PARSERS`], for seeds.
pub(crate) fn selector(name: &str) -> Option<u8> {
    PARSERS
        .iter()
        .position(|known| *known == name)
        .map(|index| index as u8)
}

pub(crate) fn run(data: &[u8]) -> Result<String, String> {
    let mut reader = Reader::new(data);
    let index = usize::from(reader.u8()) % PARSERS.len();
    let name = PARSERS[index];
    let result = match index {
        0 => timestamp(&rest(reader)),
        1 => retry_after(&rest(reader)),
        2 => base_url(&rest(reader), false),
        3 => base_url(&rest(reader), true),
        4 => environment(&rest(reader)),
        5 => next_page(&rest(reader)),
        6 => region(&rest(reader)),
        7 => pkce_verifier(&rest(reader)),
        8 => bearer(&rest(reader)),
        9 => {
            let id = reader.text();
            basic(&id, &rest(reader))
        }
        _ => {
            let client_id = reader.text();
            let redirect = reader.text();
            authorize_url(&client_id, &redirect, &rest(reader))
        }
    };
    result.map(|outcome| format!("{name}:{outcome}"))
}

fn rest(reader: Reader<'_>) -> String {
    String::from_utf8_lossy(reader.rest()).into_owned()
}

fn timestamp(text: &str) -> Result<String, String> {
    let Ok(parsed) = Timestamp::parse(text) else {
        return Ok("err".to_owned());
    };
    let written = parsed.to_string();
    let again = Timestamp::parse(&written).map_err(|error| {
        format!("{text:?} was written as {written:?}, which does not parse: {error}")
    })?;
    if again.to_string() != written {
        return Err(format!("{text:?}: {written:?} is written back as {again}"));
    }
    // The value is held at the written precision: read back, it is equal to itself.
    if again != parsed {
        return Err(format!(
            "{text:?}: read back from {written:?}, it is not equal to itself"
        ));
    }
    // The written form truncates to milliseconds; so must the number of milliseconds.
    if again.unix_millis() != parsed.unix_millis() {
        return Err(format!(
            "{text:?}: unix_millis is {} but the written form {written:?} is {} ms",
            parsed.unix_millis(),
            again.unix_millis()
        ));
    }
    if Timestamp::from_unix_millis(parsed.unix_millis()) != Some(again) {
        return Err(format!(
            "{text:?}: from_unix_millis(unix_millis) is not the written instant"
        ));
    }
    let _ = SystemTime::from(parsed);
    Ok("ok".to_owned())
}

fn retry_after(text: &str) -> Result<String, String> {
    match RetryAfter::parse(text) {
        None => Ok("none".to_owned()),
        Some(RetryAfter::Delay(delay)) => {
            if !text.trim().bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!("{text:?} read as a delay of {delay:?}"));
            }
            Ok("delay".to_owned())
        }
        Some(at @ RetryAfter::At(_)) => {
            let _ = at.delay_from(SystemTime::now());
            let _ = at.delay_from(SystemTime::UNIX_EPOCH);
            Ok("date".to_owned())
        }
    }
}

fn base_url(text: &str, allow_http: bool) -> Result<String, String> {
    let parsed = if allow_http {
        BaseUrl::parse_allowing_http(text)
    } else {
        BaseUrl::parse(text)
    };
    let base = match parsed {
        Ok(base) => base,
        Err(error) => return Ok(format!("err:{}", normalize(&error.to_string()))),
    };
    if !allow_http && !base.is_https() && !base.is_loopback() {
        return Err(format!(
            "{text:?}: plain http to {} was accepted",
            base.host()
        ));
    }
    if base.authority().contains('@') {
        return Err(format!("{text:?}: user info accepted in {base}"));
    }
    let authority: http::uri::Authority = base
        .authority()
        .parse()
        .map_err(|error| format!("{text:?}: the authority of {base} does not parse: {error}"))?;
    if authority.as_str().len() > authority.host().len()
        && authority.port_u16().is_none_or(|port| port == 0)
    {
        return Err(format!("{text:?}: {base} has a port outside 1..=65535"));
    }
    let reparsed = BaseUrl::parse_allowing_http(&base.to_string())
        .map_err(|error| format!("{text:?}: {base} does not parse again: {error}"))?;
    if reparsed != base {
        return Err(format!("{text:?}: {base} parses again as {reparsed}"));
    }
    let environment = Environment::from_api_base(base.clone());
    let request = build(&GetOauthScopes::new(), &environment)?;
    let uri = request.uri();
    if uri.authority().map(|a| a.as_str()) != Some(base.authority()) {
        return Err(format!("{text:?}: a request went to {uri}"));
    }
    if uri.path() != format!("{}/api/v2/oauth/scopes", base.path_prefix()) {
        return Err(format!("{text:?}: a request went to path {}", uri.path()));
    }
    Ok(if base.is_https() { "https" } else { "http" }.to_owned())
}

fn build<O: Operation>(
    operation: &O,
    environment: &Environment,
) -> Result<http::Request<bytes::Bytes>, String> {
    let token = BearerHeader::new(&AccessToken::new("token"))
        .map_err(|error| format!("a plain token was refused: {error}"))?;
    operation
        .to_http_request(environment, Auth::Bearer(&token))
        .map_err(|error| format!("a valid environment could not build a request: {error}"))
}

fn environment(text: &str) -> Result<String, String> {
    let environment = match Environment::parse(text) {
        Ok(environment) => environment,
        Err(error) => return Ok(format!("err:{}", normalize(&error.to_string()))),
    };
    for base in [environment.api(), environment.login()] {
        if !base.is_https() && !base.is_loopback() {
            return Err(format!("{text:?}: plain http to {}", base.host()));
        }
    }
    // The derived login host is the API host with `api.` replaced, on the same port (`:01` may become `:1`).
    let port = |base: &BaseUrl| {
        base.authority()
            .parse::<http::uri::Authority>()
            .ok()
            .and_then(|a| a.port_u16())
    };
    if let Some(rest) = environment.api().host().strip_prefix("api.") {
        if environment.login().host() != format!("login.{rest}")
            || port(environment.login()) != port(environment.api())
        {
            return Err(format!(
                "{text:?}: login host {} for API host {}",
                environment.login().authority(),
                environment.api().authority()
            ));
        }
    }
    let api = build(&GetOauthClient::new("x"), &environment)?;
    if api.uri().authority().map(|a| a.as_str()) != Some(environment.api().authority()) {
        return Err(format!("{text:?}: an API call went to {}", api.uri()));
    }
    let grant = ClientCredentialsGrant::new("id", ClientSecret::new("secret"))
        .to_http_request(&environment, Auth::None)
        .map_err(|error| format!("{text:?}: the token request failed to build: {error}"))?;
    if grant.uri().authority().map(|a| a.as_str()) != Some(environment.login().authority())
        || !grant.uri().path().ends_with("/oauth/token")
    {
        return Err(format!(
            "{text:?}: the token request went to {}",
            grant.uri()
        ));
    }
    Ok("ok".to_owned())
}

fn next_page(link: &str) -> Result<String, String> {
    let operation = match GetOauthClients::from_link(link) {
        Ok(operation) => operation,
        Err(error) => return Ok(format!("err:{}", normalize(&error.to_string()))),
    };
    let request = build(&operation, &Environment::default())?;
    let uri = request.uri();
    if uri.host() != Some("api.mypurecloud.com") || uri.path() != "/api/v2/oauth/clients" {
        return Err(format!("{link:?}: the next page is {uri}"));
    }
    if uri.query() != operation.query().as_deref() {
        return Err(format!("{link:?}: the query became {:?}", uri.query()));
    }
    Ok("ok".to_owned())
}

fn region(text: &str) -> Result<String, String> {
    let _ = Region::from_domain(text);
    let Ok(region) = text.parse::<Region>() else {
        return Ok("err".to_owned());
    };
    if region.id().parse::<Region>() != Ok(region) {
        return Err(format!(
            "{text:?}: the id {} does not parse back",
            region.id()
        ));
    }
    let environment = Environment::region(region);
    if environment.api().host() != format!("api.{}", region.domain()) {
        return Err(format!("{text:?}: API host {}", environment.api().host()));
    }
    Ok("ok".to_owned())
}

fn pkce_verifier(text: &str) -> Result<String, String> {
    let Ok(verifier) = PkceVerifier::new(text) else {
        return Ok("err".to_owned());
    };
    if !(43..=128).contains(&text.len()) {
        return Err(format!(
            "a verifier of {} characters was accepted",
            text.len()
        ));
    }
    if verifier.challenge_s256().len() != 43 {
        return Err("an S256 challenge is not 43 characters".to_owned());
    }
    if format!("{verifier:?}").contains(text) {
        return Err("the verifier shows in Debug".to_owned());
    }
    Ok("ok".to_owned())
}

fn bearer(text: &str) -> Result<String, String> {
    match BearerHeader::new(&AccessToken::new(text)) {
        Ok(header) => {
            if text.len() >= 4
                && format!("{header:?}").contains(text)
                && !"BearerHeader([redacted])".contains(text)
            {
                return Err("a bearer token shows in Debug".to_owned());
            }
            if !header.header_value().is_sensitive() {
                return Err("a bearer header is not marked sensitive".to_owned());
            }
            if header.header_value().as_bytes() != format!("Bearer {text}").as_bytes() {
                return Err("the bearer header is not `Bearer <token>`".to_owned());
            }
            Ok("ok".to_owned())
        }
        // The variant's message is static text: it cannot show the token.
        Err(BuildError::InvalidToken) => Ok("err".to_owned()),
        Err(other) => Err(format!("a refused token gave {other}")),
    }
}

fn basic(client_id: &str, secret: &str) -> Result<String, String> {
    let header = basic_authorization(client_id, &ClientSecret::new(secret));
    if !header.is_sensitive() {
        return Err("a Basic header is not marked sensitive".to_owned());
    }
    let encoded = header
        .to_str()
        .ok()
        .and_then(|value| value.strip_prefix("Basic "))
        .ok_or("the header is not `Basic <base64>`")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|error| format!("the Basic value is not base64: {error}"))?;
    let decoded = String::from_utf8(decoded).map_err(|_| "the Basic value is not UTF-8")?;
    let (id, password) = decoded.split_once(':').ok_or("no `:` in the Basic value")?;
    if form_decode(id) != client_id || form_decode(password) != secret {
        return Err(format!(
            "{client_id:?} and the secret did not survive Basic encoding"
        ));
    }
    Ok("ok".to_owned())
}

fn form_decode(text: &str) -> String {
    form_urlencoded::parse(format!("v={text}").as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

fn authorize_url(client_id: &str, redirect: &str, state: &str) -> Result<String, String> {
    let built = AuthorizeUrl::new(client_id, redirect, ResponseType::Code)
        .with_state(state)
        .with_pkce(&PkceVerifier::from_random_bytes(&[7; 32]))
        .build(&Environment::default());
    let url = match built {
        Ok(url) => url,
        Err(_) if client_id.is_empty() => return Ok("err".to_owned()),
        Err(error) => return Err(format!("{client_id:?}: {error}")),
    };
    let uri: http::Uri = url
        .parse()
        .map_err(|error| format!("{url:?} is not a URI: {error}"))?;
    if uri.host() != Some("login.mypurecloud.com") || uri.path() != "/oauth/authorize" {
        return Err(format!("the authorize URL is {url}"));
    }
    let pairs: Vec<(String, String)> = form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    for (key, expected) in [
        ("client_id", client_id),
        ("redirect_uri", redirect),
        ("state", state),
    ] {
        let found: Vec<&str> = pairs
            .iter()
            .filter(|(name, _)| name == key)
            .map(|(_, value)| value.as_str())
            .collect();
        if found != [expected] {
            return Err(format!(
                "{key} {expected:?} came back as {found:?} in {url}"
            ));
        }
    }
    Ok("ok".to_owned())
}
