//! A call to the API as a person sees it: progress on a terminal while it takes long or retries, and a connection
//! failure that names the URL tried, the cause (DNS, refused, TLS, timeout) and the time it really took.

use std::future::IntoFuture;
use std::time::Duration;

use genesys_cloud::{Error, TransportErrorKind};
use genesys_cloud_core::{Auth, BearerHeader, Environment, Operation};
use genesys_cloud_models::AccessToken;
use tokio::time::Instant;

use crate::cli_error::CliError;
use crate::session::Session;
use crate::spinner::Spinner;

/// A call slower than this shows progress on a terminal.
const QUIET_FOR: Duration = Duration::from_millis(500);

/// The method and URL of what `operation` sends (`GET https://api.mypurecloud.com/...`), and where.
pub(crate) fn target<O: Operation>(operation: &O, environment: &Environment) -> String {
    // The URL does not depend on the token: any well-formed one builds it.
    let url = BearerHeader::new(&AccessToken::new("placeholder"))
        .ok()
        .and_then(|bearer| {
            operation
                .to_http_request(environment, Auth::Bearer(&bearer))
                .ok()
        })
        .map_or_else(
            || format!("{}{}", environment.api(), O::PATH),
            |request| request.uri().to_string(),
        );
    format!("{} {url}", O::METHOD)
}

/// Awaits `call` (which sends what `target` names), with progress on a terminal, and turns its failure into the
/// CLI's error, a connection failure naming the URL tried, its cause and the time taken.
pub(crate) async fn watch<T>(
    session: &Session,
    target: String,
    call: impl IntoFuture<Output = Result<T, Error>>,
) -> Result<T, CliError> {
    let started = Instant::now();
    let spinner = Spinner::start_after(target.clone(), session.verbose, QUIET_FOR);
    let result = call.await;
    spinner.stop();
    result.map_err(|error| {
        failure(
            error,
            &target,
            session.client.environment(),
            started.elapsed(),
        )
    })
}

/// The cause of a connection failure, for a person: `None` when the error is not one.
fn cause(error: &Error) -> Option<&'static str> {
    match error {
        Error::Timeout { .. } => Some("no answer in time"),
        Error::Token(inner) => cause(inner),
        Error::Transport { error, .. } => {
            let mut chain = String::new();
            let mut next: Option<&dyn std::error::Error> = Some(error);
            while let Some(error) = next {
                chain.push_str(&error.to_string().to_lowercase());
                chain.push('\n');
                next = error.source();
            }
            let has = |words: &[&str]| words.iter().any(|word| chain.contains(word));
            Some(match error.kind() {
                TransportErrorKind::BodyTooLarge | TransportErrorKind::Refused => return None,
                TransportErrorKind::Io => "connection broken",
                _ if has(&[
                    "dns",
                    "failed to lookup",
                    "name or service not known",
                    "no such host",
                    "nodename nor servname",
                ]) =>
                {
                    "DNS lookup failed"
                }
                _ if has(&["connection refused"]) => "connection refused",
                // rustls names its failures without the word TLS: a corrupt record, an alert, a certificate.
                _ if has(&[
                    "tls",
                    "certificate",
                    "handshake",
                    "corrupt message",
                    "alert",
                ]) =>
                {
                    "TLS handshake failed"
                }
                _ if has(&["timed out", "timeout"]) => "connect timed out",
                _ => "could not connect",
            })
        }
        _ => None,
    }
}

/// The CLI's error for `error`; a connection failure starts with the request it was (the token request, when
/// the token could not be had), its cause and the time the call really took, retries included.
fn failure(error: Error, target: &str, environment: &Environment, took: Duration) -> CliError {
    let Some(cause) = cause(&error) else {
        return CliError::from(error);
    };
    let tried = if matches!(error, Error::Token(_)) {
        format!(
            "POST {}/oauth/token (the access token for {target})",
            environment.login()
        )
    } else {
        target.to_owned()
    };
    CliError::from(error).after(&format!(
        "{tried}: {cause}, {:.1}s in all",
        took.as_secs_f64()
    ))
}

/// Sends `operation` and returns the API's body as sent.
pub(crate) async fn send<O: Operation + Sync>(
    session: &Session,
    operation: O,
) -> Result<bytes::Bytes, CliError> {
    let target = target(&operation, session.client.environment());
    let call = async { Ok(session.client.execute(operation).raw().send().await?.value) };
    watch(session, target, call).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use genesys_cloud::{SendState, TimeoutKind, TransportError};

    fn connect(message: &str) -> Error {
        Error::Transport {
            error: TransportError::new(
                TransportErrorKind::Connect,
                SendState::NotSent,
                "could not connect",
                Some(message.into()),
            ),
            attempts: 3,
        }
    }

    #[test]
    fn causes_are_named_for_people() {
        let named = |error: &Error| cause(error).unwrap();
        assert_eq!(
            named(&connect("dns error: failed to lookup address information")),
            "DNS lookup failed"
        );
        assert_eq!(
            named(&connect(
                "tcp connect error: Connection refused (os error 111)"
            )),
            "connection refused"
        );
        assert_eq!(
            named(&connect("invalid peer certificate: UnknownIssuer")),
            "TLS handshake failed"
        );
        assert_eq!(
            named(&connect(
                "received corrupt message of type InvalidContentType"
            )),
            "TLS handshake failed"
        );
        let timeout = Error::Timeout {
            kind: TimeoutKind::Attempt,
            after: Duration::from_secs(30),
            attempts: 3,
        };
        assert_eq!(named(&timeout), "no answer in time");
        assert_eq!(
            named(&Error::Token(std::sync::Arc::new(connect(
                "Connection refused"
            )))),
            "connection refused"
        );
    }

    #[test]
    fn a_connection_failure_names_the_url_cause_and_time() {
        let environment = Environment::from_api_url("https://api.example.com").unwrap();
        let error = failure(
            connect("Connection refused"),
            "GET https://api.example.com/api/v2/oauth/clients",
            &environment,
            Duration::from_millis(92_100),
        );
        let line = error.line(&[]);
        assert!(
            line.starts_with(
                "error: GET https://api.example.com/api/v2/oauth/clients: connection refused, 92.1s in all: "
            ),
            "{line}"
        );
        let token = failure(
            Error::Token(std::sync::Arc::new(connect("Connection refused"))),
            "GET https://api.example.com/api/v2/oauth/clients",
            &environment,
            Duration::from_secs(1),
        );
        assert!(
            token
                .line(&[])
                .contains("POST https://login.example.com/oauth/token"),
            "{}",
            token.line(&[])
        );
    }
}
