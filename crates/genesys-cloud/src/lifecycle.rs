//! Helpers for what the platform makes awkward about OAuth clients: deleting, reading just after creating, and
//! rotating secrets.

use std::time::Duration;

use genesys_cloud_models::{ClientSecret, ClientState, OAuthClient, OAuthClientRequest};
use tokio::time::Instant;

use crate::client::Client;
use crate::error::Error;

/// How long the lifecycle helpers wait for the platform to catch up, and how often they look.
///
/// Any durations are accepted (zero and `Duration::MAX` included): looks are at least 1 ms apart, and a deadline
/// too far away to be reached means no deadline.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Patience {
    /// The longest wait in all.
    pub deadline: Duration,
    /// The wait between two looks.
    pub interval: Duration,
}

impl Default for Patience {
    /// Up to 30 s, looking every 500 ms (what the Terraform provider does for deletes).
    fn default() -> Self {
        Self {
            deadline: Duration::from_secs(30),
            interval: Duration::from_millis(500),
        }
    }
}

impl Patience {
    /// A patience of `deadline`, looking every `interval`.
    pub fn new(deadline: Duration, interval: Duration) -> Self {
        Self { deadline, interval }
    }

    /// The wait between two looks, at least 1 ms.
    fn pause(&self) -> Duration {
        self.interval.max(crate::usage::MIN_POLL_INTERVAL)
    }

    /// Whether another look, after one more pause, still falls within the deadline counted from `started`.
    fn has_time_for_another_look(&self, started: Instant) -> bool {
        started.elapsed().saturating_add(self.pause()) <= self.deadline
    }
}

/// A client just created, with the secret the platform shows only this once.
#[derive(Debug)]
#[non_exhaustive]
pub struct CreatedClient {
    /// The client as created.
    pub client: OAuthClient,
    /// Its secret, when its grant type has one (code and client credentials). Store it now: the platform never
    /// returns it again.
    pub secret: Option<ClientSecret>,
    /// Why the client could not be read back within the patience, if it could not. The client exists anyway,
    /// and its secret is above: the error is reported here rather than returned, so the secret is never lost.
    pub not_yet_readable: Option<Error>,
}

impl Client {
    /// Creates a client and waits until it can be read (the platform can answer 404 for a moment after a
    /// create), returning it with its secret. Only the create itself can fail this call; a failed wait is
    /// reported in [`CreatedClient::not_yet_readable`].
    pub async fn create_oauth_client(
        &self,
        body: OAuthClientRequest,
        patience: &Patience,
    ) -> Result<CreatedClient, Error> {
        let mut client = self.post_oauth_clients(body).await?;
        let secret = client.secret.take();
        let not_yet_readable = match client.id.clone() {
            Some(id) => self.wait_until_readable(&id, patience).await.err(),
            None => None,
        };
        Ok(CreatedClient {
            client,
            secret,
            not_yet_readable,
        })
    }

    /// Reads a client, retrying while it answers 404, until `patience` runs out.
    pub async fn wait_until_readable(
        &self,
        client_id: &str,
        patience: &Patience,
    ) -> Result<OAuthClient, Error> {
        let started = Instant::now();
        loop {
            match self.get_oauth_client(client_id).await {
                Err(error)
                    if error.is_not_found() && patience.has_time_for_another_look(started) =>
                {
                    tokio::time::sleep(patience.pause()).await;
                }
                result => return result,
            }
        }
    }

    /// Deletes a client the way the platform requires: set it inactive if it is not, delete it, then confirm
    /// within `patience` that it is gone (404) or scheduled for removal.
    ///
    /// What a delete does depends on the client's age (Genesys help centre, "View, edit, delete or restore OAuth
    /// clients"): a client created within the last 30 days is removed at once, irreversibly; an older one is
    /// deactivated for 7 days and can be restored in that time (by setting it `active`) before it is removed. So
    /// this returns once the client answers 404, or once it reads back `inactive` with a `dateToDelete` (the
    /// date of its removal), which is as far as the platform goes for an older client.
    pub async fn delete_oauth_client_completely(
        &self,
        client_id: &str,
        patience: &Patience,
    ) -> Result<(), Error> {
        let client = match self.get_oauth_client(client_id).await {
            Err(error) if error.is_not_found() => return Ok(()),
            other => other?,
        };
        if client.state != Some(ClientState::Inactive) {
            let mut request = client.into_request();
            request.state = Some(ClientState::Inactive);
            self.put_oauth_client(client_id, request).await?;
        }
        match self.delete_oauth_client(client_id).await {
            Err(error) if error.is_not_found() => return Ok(()),
            other => other?,
        }
        let started = Instant::now();
        loop {
            match self.get_oauth_client(client_id).await {
                Err(error) if error.is_not_found() => return Ok(()),
                Err(error) => return Err(error),
                // Deactivated until its removal date: an older client's delete is done.
                Ok(client)
                    if client.state == Some(ClientState::Inactive)
                        && client.date_to_delete.is_some() =>
                {
                    return Ok(());
                }
                Ok(_) if !patience.has_time_for_another_look(started) => {
                    return Err(Error::GaveUp(format!(
                        "client {client_id} was deleted but could still be read after {:.0}s",
                        patience.deadline.as_secs_f64()
                    )));
                }
                Ok(_) => tokio::time::sleep(patience.pause()).await,
            }
        }
    }

    /// Regenerates a client's secret and returns the new one. The old secret stops working.
    pub async fn rotate_oauth_client_secret(&self, client_id: &str) -> Result<ClientSecret, Error> {
        self.post_oauth_client_secret(client_id)
            .await?
            .secret
            .ok_or_else(|| {
                Error::GaveUp(format!(
                    "the platform regenerated the secret of {client_id} but did not return it"
                ))
            })
    }
}
