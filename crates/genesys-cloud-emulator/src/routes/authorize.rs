//! `GET /oauth/authorize` and its form posts: a user's browser login (RFC 6749 §4.1 and §4.2, PKCE per
//! RFC 7636). The GET checks the request and shows the login page; the posts sign the user in, then take the
//! decision of the consent page and redirect to the client's redirect URI with a code or (implicit grant) a
//! token. Between pages, the request is held on the server under a one-time id ([`crate::login`]).
//!
//! Errors follow RFC 6749 §4.1.2.1: shown on the page while the client or the redirect URI is not trusted,
//! redirected with `error=` once both are.

use std::sync::Arc;

use bytes::Bytes;
use genesys_cloud_models::{ClientState, GrantType, OAuthClient};
use http::header::{HeaderValue, LOCATION};
use http::{Method, Request, StatusCode};
use http_body::Body;

use super::{media_type, pages, raw_body};
use crate::app_state::Shared;
use crate::lock;
use crate::login::{MAX_ATTEMPTS, Pending, ResponseType, Stage, redirect_allowed};
use crate::persist::Snapshot;
use crate::reply::{Payload, Reply};

/// The one value of a parameter: `Ok(None)` when absent or empty, `Err` when given more than once.
fn single<'a>(params: &'a [(String, String)], name: &str) -> Result<Option<&'a str>, String> {
    let mut values = params.iter().filter(|(key, _)| key == name);
    let first = values.next().map(|(_, value)| value.as_str());
    if values.next().is_some() {
        return Err(format!("{name} is given more than once"));
    }
    Ok(first.filter(|value| !value.is_empty()))
}

/// Where the browser goes: the redirect URI with the parameters in the query (code) or the fragment (token).
fn location(uri: &str, response_type: ResponseType, params: &[(&str, &str)]) -> String {
    let mut encoded = form_urlencoded::Serializer::new(String::new());
    for (name, value) in params {
        encoded.append_pair(name, value);
    }
    let encoded = encoded.finish();
    match response_type {
        ResponseType::Token => format!("{uri}#{encoded}"),
        ResponseType::Code if uri.contains('?') => format!("{uri}&{encoded}"),
        ResponseType::Code => format!("{uri}?{encoded}"),
    }
}

fn redirect(uri: &str, response_type: ResponseType, params: &[(&str, &str)]) -> Reply {
    let Ok(value) = HeaderValue::from_str(&location(uri, response_type, params)) else {
        return pages::error(
            StatusCode::BAD_REQUEST,
            "The redirect URI cannot be sent in a Location header",
        );
    };
    pages::security_headers(
        Reply {
            status: StatusCode::FOUND,
            headers: Vec::new(),
            payload: Payload::Empty,
        }
        .with_header(LOCATION, value),
    )
}

/// An error sent back to a trusted redirect URI, with the request's `state`.
fn refuse(
    uri: &str,
    response_type: ResponseType,
    state: Option<&str>,
    error: &str,
    description: &str,
) -> Reply {
    let mut params = vec![("error", error), ("error_description", description)];
    if let Some(state) = state {
        params.push(("state", state));
    }
    redirect(uri, response_type, &params)
}

fn bad_request(message: &str) -> Reply {
    pages::error(StatusCode::BAD_REQUEST, message)
}

/// Answers a GET (the start of a login) or a POST (a step of one).
pub(super) async fn handle<B>(shared: &Arc<Shared>, request: Request<B>) -> Reply
where
    B: Body<Data = Bytes> + Unpin,
{
    if request.method() == Method::GET {
        let query = request.uri().query().unwrap_or_default();
        let params: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        return start(shared, &params);
    }
    if let Some(media) = media_type(request.headers()) {
        if media != "application/x-www-form-urlencoded" {
            return bad_request("The form must be sent as application/x-www-form-urlencoded");
        }
    }
    let body = match raw_body(request).await {
        Ok(body) => body,
        Err(_) => return bad_request("The form could not be read"),
    };
    let form: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let (reply, snapshot) = step(shared, &form);
    match shared.save(snapshot).await {
        Ok(()) => reply,
        Err(_) => pages::error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The emulator could not save its state file; its log says why",
        ),
    }
}

/// Whether a client may use a response type: active, and of the matching grant type (CODE for `code`, TOKEN for
/// `token`). The `unauthorized_client` description otherwise.
fn client_problem(client: &OAuthClient, response_type: ResponseType) -> Option<String> {
    if let Some(state) = client.state.as_ref().filter(|s| **s != ClientState::Active) {
        return Some(format!("The client is {state}"));
    }
    let (wanted, name) = match response_type {
        ResponseType::Code => (GrantType::Code, "code"),
        ResponseType::Token => (GrantType::Token, "token"),
    };
    (client.authorized_grant_type != wanted).then(|| {
        format!(
            "The client uses the {} grant, which cannot ask for response_type={name}",
            client.authorized_grant_type
        )
    })
}

/// The PKCE challenge of the request, checked: S256 only, 43 to 128 unreserved characters.
fn challenge(
    params: &[(String, String)],
    response_type: ResponseType,
) -> Result<Option<String>, String> {
    let challenge = single(params, "code_challenge")?;
    let method = single(params, "code_challenge_method")?;
    let challenge = match (challenge, method) {
        (None, None) => return Ok(None),
        (None, Some(_)) => return Err("code_challenge_method needs a code_challenge".into()),
        (Some(_), None) => {
            return Err(
                "code_challenge_method=S256 is required with a code_challenge (plain is not supported)"
                    .into(),
            );
        }
        (Some(_), Some(method)) if method != "S256" => {
            return Err(format!(
                "code_challenge_method {method} is not supported: use S256"
            ));
        }
        (Some(challenge), Some(_)) => challenge,
    };
    if response_type == ResponseType::Token {
        return Err("PKCE goes with response_type=code".into());
    }
    let well_formed = (43..=128).contains(&challenge.len())
        && challenge
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'));
    if !well_formed {
        return Err("code_challenge must be 43 to 128 characters of A-Z a-z 0-9 - . _ ~".into());
    }
    Ok(Some(challenge.to_owned()))
}

/// `GET /oauth/authorize`: checks the request and shows the login page.
fn start(shared: &Shared, params: &[(String, String)]) -> Reply {
    let client_id = match single(params, "client_id") {
        Ok(Some(id)) => id,
        Ok(None) => return bad_request("client_id is missing"),
        Err(message) => return bad_request(&message),
    };
    let redirect_uri = match single(params, "redirect_uri") {
        Ok(Some(uri)) => uri,
        Ok(None) => {
            return bad_request(
                "redirect_uri is missing: it must name one of the client's registered redirect URIs",
            );
        }
        Err(message) => return bad_request(&message),
    };
    let mut store = lock(&shared.store);
    let now = shared.clock.now();
    let Some(client) = store
        .visible_client(client_id, now)
        .map(|record| record.client.clone())
    else {
        return bad_request(&format!("There is no client with the id {client_id}"));
    };
    if !redirect_allowed(client.registered_redirect_uri.as_deref(), redirect_uri)
        || redirect_uri.contains('#')
    {
        return bad_request(&format!(
            "The redirect URI {redirect_uri} is not registered for the client {}",
            client.name
        ));
    }
    // From here on the client and the redirect URI are trusted: errors go back to the client.
    let state = single(params, "state");
    let (state, state_error) = match state {
        Ok(state) => (state, None),
        Err(message) => (None, Some(message)),
    };
    let response_type = match single(params, "response_type") {
        Ok(Some("code")) => ResponseType::Code,
        Ok(Some("token")) => ResponseType::Token,
        Ok(Some(other)) => {
            return refuse(
                redirect_uri,
                ResponseType::Code,
                state,
                "unsupported_response_type",
                &format!("response_type {other} is not supported: use code or token"),
            );
        }
        Ok(None) => {
            let message = "response_type is missing: use code or token";
            return refuse(
                redirect_uri,
                ResponseType::Code,
                state,
                "invalid_request",
                message,
            );
        }
        Err(message) => {
            return refuse(
                redirect_uri,
                ResponseType::Code,
                state,
                "invalid_request",
                &message,
            );
        }
    };
    let invalid = |message: &str| {
        refuse(
            redirect_uri,
            response_type,
            state,
            "invalid_request",
            message,
        )
    };
    if let Some(message) = state_error {
        return invalid(&message);
    }
    if let Some(problem) = client_problem(&client, response_type) {
        return refuse(
            redirect_uri,
            response_type,
            state,
            "unauthorized_client",
            &problem,
        );
    }
    let challenge = match challenge(params, response_type) {
        Ok(challenge) => challenge,
        Err(message) => return invalid(&message),
    };
    let org_and_provider = match (single(params, "org"), single(params, "provider")) {
        (Ok(None), Ok(None)) => None,
        (Ok(Some(org)), Ok(Some(provider))) => Some((org.to_owned(), provider.to_owned())),
        (Err(message), _) | (_, Err(message)) => return invalid(&message),
        _ => return invalid("org and provider must be given together"),
    };
    match single(params, "prompt") {
        Ok(None | Some("login")) => {}
        Ok(Some(_)) => return invalid("prompt supports the value login only"),
        Err(message) => return invalid(&message),
    }
    let pending = Pending {
        client_id: client_id.to_owned(),
        redirect_uri: redirect_uri.to_owned(),
        response_type,
        state: state.map(str::to_owned),
        challenge,
        org_and_provider,
        stage: Stage::SignIn { attempts: 0 },
        // `put` sets the real expiry.
        expires_at: now,
    };
    let shown = pending.org_and_provider.clone();
    let id = store.logins.put(pending, now);
    pages::login(
        StatusCode::OK,
        &client.name,
        &id,
        None,
        shown.as_ref().map(|(o, p)| (o.as_str(), p.as_str())),
        redirect_uri,
    )
}

/// A POST: the login form or the consent form of a pending login; the reply, and the state to save once the lock
/// is released (a consent records an authorization).
fn step(shared: &Shared, form: &[(String, String)]) -> (Reply, Option<Snapshot>) {
    match sign_in_or_consent(shared, form) {
        Ok(done) => done,
        Err(reply) => (reply, None),
    }
}

fn sign_in_or_consent(
    shared: &Shared,
    form: &[(String, String)],
) -> Result<(Reply, Option<Snapshot>), Reply> {
    let field = |name: &str| single(form, name).ok().flatten();
    let Some(id) = field("pending") else {
        return Err(bad_request(
            "The form has no pending sign-in request: start again from the application",
        ));
    };
    let mut store = lock(&shared.store);
    let now = shared.clock.now();
    let Some(mut pending) = store.logins.take(id, now) else {
        return Err(bad_request(
            "This sign-in request is unknown, has expired or was already used: start again from the application",
        ));
    };
    let Some(client) = store
        .visible_client(&pending.client_id, now)
        .map(|record| record.client.clone())
    else {
        return Err(bad_request("The client no longer exists"));
    };
    if !redirect_allowed(
        client.registered_redirect_uri.as_deref(),
        &pending.redirect_uri,
    ) {
        return Err(bad_request(
            "The redirect URI is no longer registered for the client",
        ));
    }
    let org = pending.org_and_provider.clone();
    let org = org.as_ref().map(|(o, p)| (o.as_str(), p.as_str()));
    match pending.stage.clone() {
        Stage::SignIn { attempts } => {
            let username = field("username").unwrap_or_default();
            let password = field("password").unwrap_or_default();
            if let Some(user) = shared.users.sign_in(username, password) {
                pending.stage = Stage::Consent {
                    user: user.name.clone(),
                };
                let redirect_uri = pending.redirect_uri.clone();
                let id = store.logins.put(pending, now);
                let scopes = client.scope.clone().unwrap_or_default();
                let page = pages::consent(&client.name, &user.name, &scopes, &id, &redirect_uri);
                return Ok((page, None));
            }
            let attempts = attempts.saturating_add(1);
            if attempts >= MAX_ATTEMPTS {
                return Err(bad_request(
                    "Too many wrong passwords for this sign-in request: start again from the application",
                ));
            }
            pending.stage = Stage::SignIn { attempts };
            let redirect_uri = pending.redirect_uri.clone();
            let id = store.logins.put(pending, now);
            let page = pages::login(
                StatusCode::UNAUTHORIZED,
                &client.name,
                &id,
                Some("The username or password is incorrect."),
                org,
                &redirect_uri,
            );
            Ok((page, None))
        }
        Stage::Consent { user } => {
            let uri = pending.redirect_uri.as_str();
            let state = pending.state.as_deref();
            match field("decision") {
                Some("allow") => {}
                Some("deny") => {
                    return Err(refuse(
                        uri,
                        pending.response_type,
                        state,
                        "access_denied",
                        "The user denied access",
                    ));
                }
                _ => return Err(bad_request("The consent form must say allow or deny")),
            }
            if let Some(problem) = client_problem(&client, pending.response_type) {
                return Err(refuse(
                    uri,
                    pending.response_type,
                    state,
                    "unauthorized_client",
                    &problem,
                ));
            }
            store.record_consent(&pending.client_id, &user, shared.clock.wall_now());
            let reply = match pending.response_type {
                ResponseType::Code => {
                    let code = store.grants.issue_code(
                        &pending.client_id,
                        uri,
                        pending.challenge.as_deref(),
                        &user,
                        now,
                    );
                    let mut params = vec![("code", code.as_str())];
                    params.extend(state.map(|state| ("state", state)));
                    redirect(uri, ResponseType::Code, &params)
                }
                ResponseType::Token => {
                    let lifetime =
                        super::token_grants::lifetime(shared, &store, &pending.client_id);
                    let token =
                        store.issue_user_token(&pending.client_id, Some(&user), lifetime, now);
                    let expires_in = lifetime.as_secs().to_string();
                    let mut params = vec![
                        ("access_token", token.as_str()),
                        ("token_type", "bearer"),
                        ("expires_in", expires_in.as_str()),
                    ];
                    params.extend(state.map(|state| ("state", state)));
                    redirect(uri, ResponseType::Token, &params)
                }
            };
            let snapshot = shared.snapshot(&store);
            drop(store);
            if pending.response_type == ResponseType::Token {
                lock(&shared.stats).tokens_issued += 1;
            }
            Ok((reply, snapshot))
        }
    }
}
