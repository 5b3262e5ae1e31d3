//! `oauth clients create|update --directory DIR`: one request per body file, results as one array in file order;
//! with `--dry-run`, the checked request bodies instead, and nothing sent.

use std::io::Write;
use std::path::{Path, PathBuf};

use genesys_cloud_core::ops::{PostOauthClients, PutOauthClient};
use genesys_cloud_models::{OAuthClient, OAuthClientRequest};

use super::send;
use crate::body::ClientBody;
use crate::cli::InputFormat;
use crate::cli_error::{CliError, Failure};
use crate::directory;
use crate::output::{Output, table};
use crate::session::Session;

/// What `--directory` does with each file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Bulk {
    /// `create`: each file is an OAuthClientRequest.
    Create,
    /// `update`: each file is a client as `get` prints it, whose `id` names the client to replace.
    Update,
}

/// A request read from a file: the client id (for `update`) and the body.
type Request = (Option<String>, OAuthClientRequest);

/// A body file, and its request or why it has none.
type Read = (PathBuf, Result<Request, CliError>);

/// The number of body files of the directory, and what each holds (or why it cannot be sent), read one at a
/// time as the iterator is advanced, so that only one file is in memory at once.
fn read_each(
    body: &ClientBody,
    bulk: Bulk,
    input: Option<InputFormat>,
) -> Result<(usize, impl Iterator<Item = Read>), CliError> {
    let dir = body.directory.as_deref().unwrap_or(Path::new("."));
    let files = directory::files(dir)?;
    let each = files.into_iter().map(move |path| {
        let request = match bulk {
            Bulk::Create => body.read_new(&path, input).map(|request| (None, request)),
            Bulk::Update => body
                .read_existing(&path, input)
                .map(|(id, request)| (Some(id), request)),
        };
        (path, request)
    });
    Ok((each.len(), each))
}

/// Names a failed file on standard error, as its own `error: ` line (secrets replaced).
fn name_failure(error: CliError, path: &Path, secrets: &[String], failed: &mut Vec<String>) {
    let _ = writeln!(std::io::stderr(), "{}", error.in_file(path).line(secrets));
    failed.push(path.display().to_string());
}

/// JSON documents joined into one array, in order.
fn array(results: &[Vec<u8>]) -> String {
    let items: Vec<_> = results
        .iter()
        .map(|result| String::from_utf8_lossy(result))
        .collect();
    format!("[{}]", items.join(","))
}

/// The error of a run in which `failed` of `total` files failed, if any did.
fn outcome(failed: &[String], total: usize, what: &str) -> Result<(), CliError> {
    if failed.is_empty() {
        return Ok(());
    }
    Err(CliError::new(
        Failure::Api,
        format!(
            "{} of {total} files failed{what}: {}",
            failed.len(),
            failed.join(", ")
        ),
    ))
}

/// `--dry-run`: reads and checks every file, prints the request bodies that would be sent, sends nothing.
pub(super) fn check_each(
    output: &Output,
    input: Option<InputFormat>,
    body: &ClientBody,
    bulk: Bulk,
) -> Result<(), CliError> {
    let (total, files) = read_each(body, bulk, input)?;
    let (mut bodies, mut failed) = (Vec::new(), Vec::new());
    for (path, request) in files {
        match request {
            // The model's JSON, as it would be sent (serializing to memory does not fail).
            Ok((_, request)) => bodies.push(serde_json::to_vec(&request).unwrap_or_default()),
            // No credentials were read, so there are none to replace.
            Err(error) => name_failure(error, &path, &[], &mut failed),
        }
    }
    output.json(array(&bodies).as_bytes())?;
    outcome(&failed, total, " the check")
}

/// Sends one request per file, in name order, and prints the results as one array in that order. A file that
/// cannot be read or sent is named and the others still run, except after a configuration, credential or
/// connection error, which the next files would meet too.
pub(super) async fn send_each(
    session: &Session,
    body: &ClientBody,
    bulk: Bulk,
) -> Result<(), CliError> {
    let (total, files) = read_each(body, bulk, session.input)?;
    let (mut results, mut failed) = (Vec::new(), Vec::new());
    let mut stopped = None;
    for (path, request) in files {
        let sent = match request {
            Ok((None, request)) => send(session, PostOauthClients::new(request)).await,
            Ok((Some(id), request)) => send(session, PutOauthClient::new(id, request)).await,
            Err(error) => Err(error),
        };
        match sent {
            Ok(result) => results.push(result.to_vec()),
            Err(error) if error.failure() == Failure::Environment => {
                stopped = Some(error.in_file(&path));
                break;
            }
            Err(error) => name_failure(error, &path, &session.secrets, &mut failed),
        }
    }
    // Printed even when the run stopped: a created client's secret is shown only in its answer.
    if !results.is_empty() || stopped.is_none() {
        let render = match bulk {
            Bulk::Create => table::created_client,
            Bulk::Update => table::client,
        };
        session
            .output
            .show::<Vec<OAuthClient>>(array(&results).as_bytes(), |clients, fit| {
                clients
                    .iter()
                    .map(|client| render(client, fit))
                    .collect::<Vec<_>>()
                    .join("\n")
            })?;
    }
    match stopped {
        Some(error) => Err(error),
        None => outcome(&failed, total, ""),
    }
}
