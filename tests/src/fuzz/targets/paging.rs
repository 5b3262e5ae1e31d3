//! Paging decisions over arbitrary client listings: the next request stays on the API host and the clients
//! path, and a server that sends the same page again can never make a walk request it twice.
//!
//! Input: the JSON of an `OAuthClientEntityListing`.

use genesys_cloud_core::ops::GetOauthClients;
use genesys_cloud_core::paging::{self, PageStep, Pages};
use genesys_cloud_core::{Auth, BearerHeader, BuildError, Environment, Operation};
use genesys_cloud_models::{AccessToken, OAuthClientEntityListing};

use crate::fuzz::normalize;

pub(crate) fn run(data: &[u8]) -> Result<String, String> {
    let page: OAuthClientEntityListing = match serde_json::from_slice(data) {
        Ok(page) => page,
        Err(error) => return Ok(format!("json:{:?}", error.classify())),
    };
    let next = match paging::next_page(&GetOauthClients::new(), &page) {
        Ok(None) => return Ok("last".to_owned()),
        Ok(Some(next)) => next,
        Err(error) => return refused(&error),
    };
    let token = BearerHeader::new(&AccessToken::new("token")).map_err(|error| error.to_string())?;
    let request = next
        .to_http_request(&Environment::default(), Auth::Bearer(&token))
        .map_err(|error| format!("the next page does not build: {error}"))?;
    let uri = request.uri();
    if uri.host() != Some("api.mypurecloud.com") || uri.path() != "/api/v2/oauth/clients" {
        return Err(format!("the next page is {uri}"));
    }
    let mut pages = Pages::new(&GetOauthClients::new());
    let mut nexts = 0;
    for _ in 0..3 {
        match pages.advance(&page) {
            Ok(PageStep::Next(_)) => nexts += 1,
            Ok(_) => {}
            Err(error) => return refused(&error),
        }
    }
    if nexts > 1 {
        return Err(format!("the same page led to {nexts} requests"));
    }
    Ok(format!(
        "next:{}",
        if next.query().is_some() {
            "query"
        } else {
            "first"
        }
    ))
}

fn refused(error: &BuildError) -> Result<String, String> {
    match error {
        BuildError::InvalidUrl { .. } => Ok(format!("refused:{}", normalize(&error.to_string()))),
        other => Err(format!("unexpected error for a page link: {other}")),
    }
}
