//! Every page of a listing (`--autopaginate`): the entities of each page kept as the API wrote them, joined into
//! one JSON array, while the core's paging decides which page comes next and guards against loops.

use std::io::Write;

use genesys_cloud_core::paging::{PageStep, PagedOperation, Pages};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::value::RawValue;

use super::send;
use crate::cli_error::{CliError, Failure};
use crate::session::Session;

/// The entities of a page, kept as the API wrote them.
#[derive(Deserialize)]
struct RawPage<'a> {
    #[serde(borrow, default)]
    entities: Option<Vec<&'a RawValue>>,
}

/// The entities of every page from `first` on, as one JSON array (`what` names the list in messages: "the
/// client list"). Paging that stops early (a server repeating a page, or the page limit) is a warning on
/// standard error: the list may be incomplete.
pub(crate) async fn all_entities<O>(
    session: &Session,
    first: O,
    what: &str,
) -> Result<String, CliError>
where
    O: PagedOperation + Sync,
    O::Output: DeserializeOwned,
{
    let mut pages = Pages::new(&first);
    let mut request = first;
    let mut entities = Vec::new();
    loop {
        let body = send(session, request).await?;
        let unreadable = |error: serde_json::Error| {
            CliError::new(
                Failure::Api,
                format!("a page of {what} could not be read: {error}"),
            )
        };
        let page: O::Output = serde_json::from_slice(&body).map_err(unreadable)?;
        let raw: RawPage<'_> = serde_json::from_slice(&body).map_err(unreadable)?;
        entities.extend(
            raw.entities
                .unwrap_or_default()
                .iter()
                .map(|entity| entity.get().to_owned()),
        );
        match pages.advance(&page) {
            Ok(PageStep::Next(next)) => request = next,
            Ok(PageStep::Stopped(stopped)) => {
                let _ = writeln!(
                    std::io::stderr(),
                    "warning: paging stopped early ({stopped}): {what} may be incomplete"
                );
                break;
            }
            Ok(_) => break,
            Err(error) => {
                return Err(CliError::new(
                    Failure::Api,
                    format!("the next page of {what} cannot be requested: {error}"),
                ));
            }
        }
    }
    Ok(format!("[{}]", entities.join(",")))
}
