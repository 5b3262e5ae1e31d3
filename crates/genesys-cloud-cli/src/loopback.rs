//! The loopback listener of `genesys login` and the redirect URIs it can listen for: waits on 127.0.0.1 for the one browser request that brings the
//! authorization code back, answers every request with a short plain-text page, and closes.
//!
//! What counts: a `GET` of the redirect URI's path whose `state` is the one this login sent. Another path, another
//! method or a missing or wrong `state` gets an error page and the login keeps waiting: such a request is not the
//! answer to this login (a stray tab, a port scanner, a page trying to plant its own code), and failing on it would
//! let anyone who can reach the port break a real sign-in. With the right `state`, an `error=...` (the user denied
//! access) ends the login with that error; a `code` ends it with the code. The wait is bounded by the deadline and
//! by a number of requests; requests are read side by side, each within a few seconds.

use std::io::Write as _;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio::time::Instant;

use crate::cli_error::CliError;

/// The most requests answered before the login gives up: a bound on the loop, far above what a browser sends.
const MAX_REQUESTS: usize = 200;
/// The most connections read at once: with [`MAX_HEAD`], a bound on the memory a local client can make the
/// listener hold.
const MAX_OPEN: usize = 32;
/// The longest request head read.
const MAX_HEAD: usize = 16 * 1024;
/// How long one connection may take to send its request head.
const READ_TIMEOUT: Duration = Duration::from_secs(5);

/// What the browser brought back.
#[derive(PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The authorization code.
    Code(String),
    /// The authorization server's refusal: `error` and its description.
    Refused {
        /// The RFC 6749 error code, such as `access_denied`.
        error: String,
        /// `error_description`, if any.
        description: Option<String>,
    },
}

impl core::fmt::Debug for Outcome {
    /// The code is a secret until exchanged: never shown.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Code(_) => f.write_str("Code([redacted])"),
            Self::Refused { error, .. } => write!(f, "Refused({error})"),
        }
    }
}

/// The redirect URI and where to listen for it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Redirect {
    /// `http://127.0.0.1` or `http://localhost` or `http://[::1]`.
    scheme_host: String,
    /// The registered port, or `None` for any free one.
    port: Option<u16>,
    path: String,
}

impl Redirect {
    /// Reads a loopback `http` redirect URI.
    pub(crate) fn parse(uri: &str) -> Result<Self, CliError> {
        let bad = |why: &str| {
            CliError::environment(format!(
                "the redirect URI `{uri}` cannot be used by genesys login: {why}"
            ))
        };
        let rest = uri.strip_prefix("http://").ok_or_else(|| {
            bad("it must start with http:// (https on a loopback port needs a certificate: gc's secure login is not supported)")
        })?;
        let (authority, path) = match rest.find('/') {
            Some(at) => (&rest[..at], &rest[at..]),
            // Kept as written (`http://localhost:8080`): the URI must equal the registered one exactly.
            None => (rest, ""),
        };
        if path.contains(['?', '#']) {
            return Err(bad("it must have no query or fragment"));
        }
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) if !port.contains(']') => (
                host,
                Some(
                    port.parse::<u16>()
                        .map_err(|_| bad("its port is not a number"))?,
                ),
            ),
            _ => (authority, None),
        };
        if !["127.0.0.1", "localhost", "[::1]"].contains(&host) {
            return Err(bad(
                "its host must be 127.0.0.1, [::1] or localhost: the browser comes back to this machine",
            ));
        }
        Ok(Self {
            scheme_host: format!("http://{host}"),
            port: port.filter(|port| *port != 0),
            path: path.to_owned(),
        })
    }

    /// The address to listen on.
    pub(crate) fn listen_addr(&self) -> String {
        let ip = if self.scheme_host.ends_with("[::1]") {
            "[::1]"
        } else {
            "127.0.0.1"
        };
        format!("{ip}:{}", self.port.unwrap_or(0))
    }

    /// The path the browser requests.
    pub(crate) fn request_path(&self) -> &str {
        if self.path.is_empty() {
            "/"
        } else {
            &self.path
        }
    }

    /// The URI sent, with the port listened on.
    pub(crate) fn uri(&self, port: u16) -> String {
        format!("{}:{port}{}", self.scheme_host, self.path)
    }
}

/// Waits on `listener` for the callback at `path` carrying `state`, until `deadline`. Connections are read side
/// by side (at most [`MAX_OPEN`] at once), so that one that sends nothing cannot keep the browser's waiting.
pub(crate) async fn wait(
    listener: TcpListener,
    path: &str,
    state: &str,
    deadline: Instant,
) -> Result<Outcome, CliError> {
    let (path, state): (Arc<str>, Arc<str>) = (path.into(), state.into());
    let mut open = JoinSet::new();
    let mut accepted = 0;
    let sleep = tokio::time::sleep_until(deadline);
    tokio::pin!(sleep);
    while accepted < MAX_REQUESTS || !open.is_empty() {
        tokio::select! {
            Some(done) = open.join_next(), if !open.is_empty() => {
                if let Ok(Some(outcome)) = done {
                    // Returning drops the listener and the other connections: the port closes after the one
                    // valid callback.
                    return Ok(outcome);
                }
            }
            connection = listener.accept(), if accepted < MAX_REQUESTS && open.len() < MAX_OPEN => {
                if let Ok((stream, _)) = connection {
                    accepted += 1;
                    open.spawn(answer(stream, Arc::clone(&path), Arc::clone(&state)));
                }
            }
            () = &mut sleep => {
                return Err(CliError::environment(
                    "the browser did not come back in time; run `genesys login` again (--wait SECONDS waits longer)",
                ));
            }
        }
    }
    Err(CliError::environment(format!(
        "the login callback received {MAX_REQUESTS} requests that were not the sign-in's answer; giving up"
    )))
}

/// Reads one request and answers it; the outcome when it was the callback of this login.
async fn answer(mut stream: TcpStream, path: Arc<str>, state: Arc<str>) -> Option<Outcome> {
    let head = match tokio::time::timeout(READ_TIMEOUT, read_head(&mut stream)).await {
        Ok(Some(head)) => head,
        _ => {
            respond(&mut stream, 400, "Bad request.").await;
            return None;
        }
    };
    let (verdict, outcome) = judge(&head, &path, &state);
    let (status, text) = verdict;
    respond(&mut stream, status, &text).await;
    if outcome.is_none() && status == 400 {
        let _ = writeln!(
            std::io::stderr(),
            "warning: ignored a request to the login callback: {text}"
        );
    }
    outcome
}

/// The answer to a request head (status and page text), and the outcome if it ends the login.
fn judge(head: &str, path: &str, state: &str) -> ((u16, String), Option<Outcome>) {
    let mut parts = head.lines().next().unwrap_or("").split(' ');
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let (request_path, query) = target.split_once('?').unwrap_or((target, ""));
    if request_path != path {
        return (
            (
                404,
                "Not found: this is the sign-in callback of genesys, at another path.".to_owned(),
            ),
            None,
        );
    }
    if method != "GET" {
        return ((405, "Only GET is answered here.".to_owned()), None);
    }
    let params: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    let get = |name: &str| {
        params
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
    };
    if get("state").as_deref() != Some(state) {
        return (
            (
                400,
                "This request's state is not the one of the sign-in genesys started, so it was ignored; \
                 the sign-in is still waiting."
                    .to_owned(),
            ),
            None,
        );
    }
    if let Some(error) = get("error") {
        let description = get("error_description");
        return (
            (
                200,
                format!(
                    "Sign-in failed: {error}{}. You can close this tab; genesys says what to do next.",
                    description
                        .as_deref()
                        .map(|d| format!(" ({d})"))
                        .unwrap_or_default()
                ),
            ),
            Some(Outcome::Refused { error, description }),
        );
    }
    match get("code").filter(|code| !code.is_empty()) {
        Some(code) => (
            (
                200,
                "Signed in. You can close this tab and return to the terminal.".to_owned(),
            ),
            Some(Outcome::Code(code)),
        ),
        None => (
            (
                400,
                "This request has neither a code nor an error; the sign-in is still waiting."
                    .to_owned(),
            ),
            None,
        ),
    }
}

/// The request head (up to the blank line), or `None` when it is too long, not UTF-8, or the peer went away.
async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut head = Vec::new();
    let mut buffer = [0u8; 2048];
    while !head.windows(4).any(|window| window == b"\r\n\r\n") {
        let read = stream.read(&mut buffer).await.ok()?;
        if read == 0 || head.len() + read > MAX_HEAD {
            return None;
        }
        head.extend_from_slice(&buffer[..read]);
    }
    String::from_utf8(head).ok()
}

/// A plain-text page: nothing it echoes can run in the browser, and nothing is cached or sent on as a referrer.
async fn respond(stream: &mut TcpStream, status: u16, text: &str) {
    let reason = match status {
        200 => "OK",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Bad Request",
    };
    let body = format!("genesys login\n\n{text}\n");
    let response = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\nX-Content-Type-Options: nosniff\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = tokio::time::timeout(READ_TIMEOUT, async {
        let _ = stream.write_all(response.as_bytes()).await;
        let _ = stream.shutdown().await;
    })
    .await;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(target: &str) -> String {
        format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    }

    #[test]
    fn only_the_right_path_and_state_end_the_login() {
        let judge = |head: &str| judge(head, "/callback", "s1");
        assert_eq!(
            judge(&head("/callback?code=c1&state=s1")).1,
            Some(Outcome::Code("c1".to_owned()))
        );
        assert_eq!(judge(&head("/other?code=c1&state=s1")).0.0, 404);
        assert_eq!(judge(&head("/callback?code=c1&state=s2")).0.0, 400);
        assert_eq!(judge(&head("/callback?code=c1")).1, None);
        assert_eq!(judge(&head("/callback?state=s1")).1, None);
        assert_eq!(
            judge("POST /callback?code=c1&state=s1 HTTP/1.1\r\n\r\n")
                .0
                .0,
            405
        );
        assert_eq!(
            judge(&head(
                "/callback?error=access_denied&error_description=no%20thanks&state=s1"
            ))
            .1,
            Some(Outcome::Refused {
                error: "access_denied".to_owned(),
                description: Some("no thanks".to_owned())
            })
        );
        assert!(!format!("{:?}", Outcome::Code("c1".to_owned())).contains("c1"));
    }

    /// Review: requests were read one at a time, so each local connection that sent nothing held the
    /// listener for its whole read timeout, and a few of them kept the browser's callback waiting past the
    /// sign-in's deadline.
    #[tokio::test]
    async fn silent_connections_do_not_hold_up_the_callback() {
        use tokio::io::AsyncReadExt as _;
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let started = Instant::now();
        let waiting = tokio::spawn(wait(
            listener,
            "/callback",
            "s1",
            started + Duration::from_secs(60),
        ));
        let mut silent = Vec::new();
        for _ in 0..4 {
            silent.push(TcpStream::connect(addr).await.unwrap());
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        let mut browser = TcpStream::connect(addr).await.unwrap();
        browser
            .write_all(head("/callback?code=c1&state=s1").as_bytes())
            .await
            .unwrap();
        let outcome = tokio::time::timeout(Duration::from_secs(3), waiting)
            .await
            .expect("the callback was answered while silent connections were open")
            .unwrap()
            .unwrap();
        assert_eq!(outcome, Outcome::Code("c1".to_owned()));
        let mut page = String::new();
        let _ = browser.read_to_string(&mut page).await;
        assert!(page.starts_with("HTTP/1.1 200"), "{page}");
        drop(silent);
    }

    #[test]
    fn loopback_redirect_uris_are_read_and_others_refused() {
        let any = Redirect::parse(crate::login::DEFAULT_REDIRECT).unwrap();
        assert_eq!(any.port, None);
        assert_eq!(any.listen_addr(), "127.0.0.1:0");
        assert_eq!(any.uri(5555), "http://127.0.0.1:5555/callback");
        let gc = Redirect::parse("http://localhost:8080").unwrap();
        assert_eq!((gc.port, gc.request_path()), (Some(8080), "/"));
        assert_eq!(gc.uri(8080), "http://localhost:8080");
        let v6 = Redirect::parse("http://[::1]/cb").unwrap();
        assert_eq!(v6.listen_addr(), "[::1]:0");
        for bad in [
            "https://127.0.0.1/callback",
            "http://example.com/callback",
            "http://127.0.0.1:x/cb",
            "http://127.0.0.1/cb?x=1",
        ] {
            assert!(Redirect::parse(bad).is_err(), "{bad}");
        }
    }
}
