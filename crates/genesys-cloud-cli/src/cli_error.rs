//! [`CliError`]: what failed, as one line on standard error and an exit status.

use std::process::ExitCode;

use genesys_cloud::Error;
use genesys_cloud_core::ApiError;

/// Why the command failed; the exit status follows from it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The API answered with an error, or with something that is not what the operation returns (exit 1).
    Api,
    /// The command line or an input file is wrong (exit 2, as for clap's own usage errors).
    Usage,
    /// Configuration, credentials, connection or timeout (exit 3).
    Environment,
    /// Interrupted by Ctrl-C (exit 130, as a shell reports a process ended by SIGINT).
    Interrupted,
    /// Standard output was closed early (`| head`): nothing to report.
    Quiet,
}

/// A failed command: its kind and the message of its one line.
#[derive(Debug)]
pub(crate) struct CliError {
    failure: Failure,
    message: String,
    /// The API's error code, when the API answered with one: hints are keyed on it.
    code: Option<String>,
    /// The HTTP status of the API's answer, when there was one.
    status: Option<u16>,
    /// Whether the message's line breaks are printed as such: a TOML parser's message about the user's own
    /// file, whose second line points at the mistake. Other messages keep to one line.
    multiline: bool,
    /// Whether the credentials failed (no token, or the API refused the token with 401): the message then names
    /// where they come from.
    credentials_failed: bool,
}

impl CliError {
    /// An error of `failure` with `message`.
    pub(crate) fn new(failure: Failure, message: impl Into<String>) -> Self {
        Self {
            failure,
            message: message.into(),
            code: None,
            status: None,
            multiline: false,
            credentials_failed: false,
        }
    }

    /// The same error naming `source` (``client `me` from profile `prod` of ...``) when the credentials failed.
    pub(crate) fn with_credentials_source(mut self, source: &str) -> Self {
        if self.credentials_failed {
            self.message = format!("{} (credentials: {source})", self.message);
        }
        self
    }

    /// The same error with `hint` (what to do next) after its message, when the API answered `code`.
    /// The HTTP status of the API's answer, when the failure is one.
    pub(crate) fn status(&self) -> Option<u16> {
        self.status
    }

    /// Adds `hint` when the API answered `status`.
    pub(crate) fn with_hint_for_status(mut self, status: u16, hint: &str) -> Self {
        if self.status == Some(status) {
            self.message = format!("{}; {hint}", self.message);
        }
        self
    }

    pub(crate) fn with_hint_for_code(mut self, code: &str, hint: &str) -> Self {
        if self.code.as_deref() == Some(code) {
            self.message = format!("{}; {hint}", self.message);
        }
        self
    }

    /// The same error with `hint` (what to do next) after its message.
    pub(crate) fn hint(mut self, hint: &str) -> Self {
        self.message = format!("{}; {hint}", self.message);
        self
    }

    /// Whether the API answered 404 or 400: what it says to ids it does not know, or ids in the wrong place.
    pub(crate) fn is_api_not_found_or_bad_request(&self) -> bool {
        self.failure == Failure::Api && matches!(self.status, Some(400 | 404))
    }

    /// The error of a configuration file that could not be used (exit 3); the TOML parser's message keeps its
    /// line breaks.
    pub(crate) fn config(error: &genesys_cloud::ConfigError) -> Self {
        Self {
            multiline: error.kind() == genesys_cloud::ConfigErrorKind::InvalidToml,
            ..Self::environment(error.to_string())
        }
    }

    /// A usage error (exit 2).
    pub(crate) fn usage(message: impl Into<String>) -> Self {
        Self::new(Failure::Usage, message)
    }

    /// A configuration or environment error (exit 3).
    pub(crate) fn environment(message: impl Into<String>) -> Self {
        Self::new(Failure::Environment, message)
    }

    /// The same error, its message preceded by `context: ` (where and why, before what the library says).
    pub(crate) fn after(self, context: &str) -> Self {
        Self {
            message: format!("{context}: {}", self.message),
            ..self
        }
    }

    /// The same error, its message preceded by `name: ` (the file of `--directory` it is about).
    pub(crate) fn in_file(self, name: &std::path::Path) -> Self {
        Self {
            message: format!("{}: {}", name.display(), self.message),
            ..self
        }
    }

    /// The kind of failure.
    pub(crate) fn failure(&self) -> Failure {
        self.failure
    }

    /// The exit status.
    pub(crate) fn exit_code(&self) -> ExitCode {
        ExitCode::from(match self.failure {
            Failure::Api => 1,
            Failure::Usage => 2,
            Failure::Environment => 3,
            Failure::Interrupted => 130,
            Failure::Quiet => 0,
        })
    }

    /// The line to print: `error: ` and the message with control characters escaped (an id with CR or LF
    /// must not split it) and every known secret replaced.
    pub(crate) fn line(&self, secrets: &[String]) -> String {
        let mut message = self.message.clone();
        for secret in secrets.iter().filter(|secret| secret.len() >= 4) {
            message = message.replace(secret.as_str(), "[redacted]");
        }
        if self.multiline {
            // Each line cleaned on its own: only the parser's line breaks are kept, indented under the first.
            let lines: Vec<String> = message
                .lines()
                .map(|line| crate::output::table::clean(line.trim_end()))
                .collect();
            return format!("error: {}", lines.join("\n  "));
        }
        format!("error: {}", crate::output::table::clean(&message))
    }
}

/// `HTTP 404 not.found: The requested OAuth client was not found: x [name: required] (correlation id 12)`.
fn api_line(error: &ApiError) -> String {
    let mut line = format!("HTTP {}", error.status.as_u16());
    if let Some(code) = error.code() {
        line.push(' ');
        line.push_str(code);
    }
    line.push_str(": ");
    match error.message() {
        Some(message) => line.push_str(message),
        None if !error.raw_body.is_empty() && error.code().is_none() => line.push_str(&format!(
            "{} ({} bytes of body that is not an error body)",
            error.status.canonical_reason().unwrap_or("error"),
            error.raw_body.len()
        )),
        None => line.push_str(error.status.canonical_reason().unwrap_or("error")),
    }
    for detail in error
        .error_body()
        .and_then(|body| body.details.as_deref())
        .unwrap_or_default()
    {
        let field = detail.field_name.as_deref().unwrap_or("?");
        let code = detail.error_code.as_deref().unwrap_or("invalid");
        line.push_str(&format!(" [{field}: {code}]"));
    }
    if let Some(id) = error.correlation_id() {
        line.push_str(&format!(" (correlation id {id})"));
    }
    line
}

/// The message of an executor error, with the API's answer in the `api_line` form.
fn describe(error: &Error) -> String {
    match error {
        Error::Api { error: api, .. } => api_line(api),
        Error::Token(inner) => format!("could not get an access token: {}", describe(inner)),
        // The message, then each cause the message does not already hold (the library's errors never repeat
        // their source), so that "could not connect" says why: refused, DNS, TLS.
        other => {
            let mut line = other.to_string();
            let mut cause = std::error::Error::source(other);
            while let Some(error) = cause {
                line.push_str(": ");
                line.push_str(&error.to_string());
                cause = error.source();
            }
            line
        }
    }
}

impl From<Error> for CliError {
    fn from(error: Error) -> Self {
        let failure = match &error {
            Error::Api { .. }
            | Error::Decode(_)
            | Error::UnexpectedResponse(_)
            | Error::SecretNotReturned { .. }
            | Error::ExecutionIdNotReturned { .. }
            | Error::UsageQueryFailed { .. }
            | Error::WaitTimedOut { .. }
            | Error::PagingStoppedEarly { .. } => Failure::Api,
            Error::Build(_) => Failure::Usage,
            // Token, Config, Transport, Timeout, and anything added later.
            _ => Failure::Environment,
        };
        let mut cli = Self::new(failure, describe(&error));
        cli.code = error.code().map(str::to_owned);
        cli.status = error.status().map(|status| status.as_u16());
        cli.credentials_failed = match &error {
            Error::Token(_) | Error::LoginRequired(_) => true,
            Error::Api { error, .. } => error.status.as_u16() == 401,
            _ => false,
        };
        cli
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

    fn api_error(status: u16, body: &str, correlation: Option<&str>) -> Error {
        let mut response = http::Response::builder().status(status);
        if let Some(id) = correlation {
            response = response.header("inin-correlation-id", id);
        }
        let response = response.body(Bytes::from(body.to_owned())).unwrap();
        Error::Api {
            error: Box::new(ApiError::from_response(response)),
            attempts: 1,
            stopped: genesys_cloud_core::retry::StopReason::NotRetryable,
        }
    }

    #[test]
    fn an_api_error_is_one_line_with_status_code_message_and_correlation_id() {
        let error = CliError::from(api_error(
            404,
            r#"{"status":404,"code":"not.found","message":"The requested OAuth client was not found: a\r\nb"}"#,
            Some("1234"),
        ));
        assert_eq!(error.failure(), Failure::Api);
        assert_eq!(
            error.line(&[]),
            "error: HTTP 404 not.found: The requested OAuth client was not found: a\\r\\nb (correlation id 1234)"
        );
        let error = CliError::from(api_error(
            400,
            r#"{"code":"bad.request","message":"Invalid","details":[{"fieldName":"name","errorCode":"required"}]}"#,
            None,
        ));
        assert_eq!(
            error.line(&[]),
            "error: HTTP 400 bad.request: Invalid [name: required]"
        );
        let error = CliError::from(api_error(502, "<html>", None));
        assert!(
            error
                .line(&[])
                .starts_with("error: HTTP 502: Bad Gateway (6 bytes")
        );
    }

    #[test]
    fn token_failures_are_environment_errors_and_secrets_are_replaced() {
        let error = CliError::from(Error::Token(std::sync::Arc::new(api_error(
            401,
            r#"{"error":"invalid_client","error_description":"bad secret s3cr3t-value"}"#,
            Some("c1"),
        ))));
        assert_eq!(error.failure(), Failure::Environment);
        assert_eq!(
            error.line(&["s3cr3t-value".to_owned()]),
            "error: could not get an access token: HTTP 401 invalid_client: bad secret [redacted] (correlation id c1)"
        );
    }

    #[test]
    fn a_credentials_failure_names_their_source_and_no_other_error_does() {
        let token = CliError::from(Error::Token(std::sync::Arc::new(api_error(
            401,
            r#"{"error":"invalid_client"}"#,
            None,
        ))))
        .with_credentials_source("client `me` from profile `prod`");
        assert!(
            token
                .line(&[])
                .ends_with("(credentials: client `me` from profile `prod`)"),
            "{}",
            token.line(&[])
        );
        let refused = CliError::from(api_error(401, "{}", None)).with_credentials_source("x");
        assert!(refused.line(&[]).contains("(credentials: x)"));
        let other = CliError::from(api_error(404, "{}", None)).with_credentials_source("x");
        assert!(!other.line(&[]).contains("credentials"));
    }

    #[test]
    fn build_errors_are_usage_errors() {
        let build = genesys_cloud_core::BuildError::InvalidParameter {
            name: "clientId",
            reason: "must not be empty",
        };
        let error = CliError::from(Error::Build(build));
        assert_eq!(error.failure(), Failure::Usage);
        assert!(error.line(&[]).contains("clientId"));
    }
}
