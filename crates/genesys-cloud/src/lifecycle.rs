//! Helpers for what the platform makes awkward about OAuth clients: deleting, reading just after creating, and
//! rotating secrets. Each is a builder that owns a handle on the client and its ids, so that many can run at once,
//! in spawned tasks too.

use std::time::Duration;

use genesys_cloud_models::{ClientSecret, ClientState, OAuthClient, OAuthClientRequest};
use tokio::time::Instant;

use crate::client::Client;
use crate::error::{Error, WaitingFor};
use crate::helper_future::into_future_via_send;

/// How long the lifecycle helpers wait for the platform to catch up, and how often they look.
///
/// Any durations are accepted (zero and `Duration::MAX` included): looks are at least 1 ms apart, and a deadline
/// too far away to be reached means no deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
}

/// Creates a client and waits until it can be read; from [`Client::create_oauth_client`].
#[derive(Debug)]
#[must_use = "a helper does nothing until it is awaited or sent"]
pub struct CreateOauthClient {
    client: Client,
    body: OAuthClientRequest,
    patience: Patience,
}

impl CreateOauthClient {
    /// How long to wait for the new client to be readable (30 s, looking every 500 ms, by default).
    pub fn patience(mut self, patience: Patience) -> Self {
        self.patience = patience;
        self
    }

    /// Creates the client and waits until it can be read. A client that was created but could not be read back is
    /// [`Error::CreatedButNotReadable`], which carries the client and its secret: the failure cannot be overlooked.
    /// Take them out with [`Error::into_created`] before passing the error on, or the secret goes with it.
    pub async fn send(self) -> Result<CreatedClient, Error> {
        let mut created = self.client.post_oauth_clients(self.body).send().await?;
        let secret = created.secret.take();
        let wait = match created.id.as_deref() {
            Some(id) => self
                .client
                .wait_until_readable(id)
                .patience(self.patience)
                .send()
                .await
                .err(),
            None => None,
        };
        let created = CreatedClient {
            client: created,
            secret,
        };
        match wait {
            None => Ok(created),
            Some(wait) => Err(Error::CreatedButNotReadable {
                created: Box::new(created),
                wait: Box::new(wait),
            }),
        }
    }
}

into_future_via_send!(CreateOauthClient, CreatedClient);

/// Reads a client, looking again while it answers 404; from [`Client::wait_until_readable`].
#[derive(Debug)]
#[must_use = "a helper does nothing until it is awaited or sent"]
pub struct WaitUntilReadable {
    client: Client,
    client_id: String,
    patience: Patience,
}

impl WaitUntilReadable {
    /// How long to wait (30 s, looking every 500 ms, by default).
    pub fn patience(mut self, patience: Patience) -> Self {
        self.patience = patience;
        self
    }

    /// Reads the client; the last 404 when the patience runs out.
    pub async fn send(self) -> Result<OAuthClient, Error> {
        let started = Instant::now();
        loop {
            match self.client.get_oauth_client(&self.client_id).send().await {
                Err(error)
                    if error.is_not_found() && self.patience.has_time_for_another_look(started) =>
                {
                    tokio::time::sleep(self.patience.pause()).await;
                }
                result => return result,
            }
        }
    }
}

into_future_via_send!(WaitUntilReadable, OAuthClient);

/// Deletes a client completely; from [`Client::delete_oauth_client_completely`].
#[derive(Debug)]
#[must_use = "a helper does nothing until it is awaited or sent"]
pub struct DeleteOauthClientCompletely {
    client: Client,
    client_id: String,
    patience: Patience,
}

impl DeleteOauthClientCompletely {
    /// How long to wait for the client to be gone (30 s, looking every 500 ms, by default).
    pub fn patience(mut self, patience: Patience) -> Self {
        self.patience = patience;
        self
    }

    /// Sets the client inactive if it is not, deletes it, and waits until it answers 404.
    pub async fn send(self) -> Result<(), Error> {
        let (client, id) = (&self.client, self.client_id.as_str());
        let current = match client.get_oauth_client(id).send().await {
            Err(error) if error.is_not_found() => return Ok(()),
            other => other?,
        };
        if current.state != Some(ClientState::Inactive) {
            let mut request = current.into_request();
            request.state = Some(ClientState::Inactive);
            client.put_oauth_client(id, request).send().await?;
        }
        match client.delete_oauth_client(id).send().await {
            Err(error) if error.is_not_found() => return Ok(()),
            other => other?,
        }
        let started = Instant::now();
        let mut looks = 0u32;
        loop {
            looks = looks.saturating_add(1);
            match client.get_oauth_client(id).send().await {
                Err(error) if error.is_not_found() => return Ok(()),
                Err(error) => return Err(error),
                // Deactivated until its removal date: an older client's delete is done. Going inactive sets a
                // dateToDelete on every client, so a young one still readable has not been removed yet.
                Ok(read)
                    if read.state == Some(ClientState::Inactive)
                        && read.date_to_delete.is_some()
                        && is_older_than_30_days(&read) =>
                {
                    return Ok(());
                }
                Ok(_) if !self.patience.has_time_for_another_look(started) => {
                    return Err(Error::WaitTimedOut {
                        waiting_for: WaitingFor::ClientGone {
                            client_id: id.to_owned(),
                        },
                        after: self.patience.deadline,
                        looks,
                    });
                }
                Ok(_) => tokio::time::sleep(self.patience.pause()).await,
            }
        }
    }
}

into_future_via_send!(DeleteOauthClientCompletely, ());

/// Whether the client was created more than 30 days ago, when the platform deactivates instead of removing:
/// by the server's own clock (its last change, such as the deactivation just made, against its creation), or
/// else by this machine's.
fn is_older_than_30_days(client: &OAuthClient) -> bool {
    let Some(threshold) = client
        .date_created
        .and_then(|created| created.checked_add(Duration::from_secs(30 * 86_400)))
    else {
        return false;
    };
    client
        .date_modified
        .is_some_and(|modified| threshold <= modified)
        || threshold <= genesys_cloud_models::Timestamp::now()
}

/// Regenerates a client's secret and returns the new one; from [`Client::rotate_oauth_client_secret`].
#[derive(Debug)]
#[must_use = "a helper does nothing until it is awaited or sent"]
pub struct RotateOauthClientSecret {
    client: Client,
    client_id: String,
}

impl RotateOauthClientSecret {
    /// Regenerates the secret. The old one stops working.
    pub async fn send(self) -> Result<ClientSecret, Error> {
        self.client
            .post_oauth_client_secret(&self.client_id)
            .send()
            .await?
            .secret
            .ok_or(Error::SecretNotReturned {
                client_id: self.client_id,
            })
    }
}

into_future_via_send!(RotateOauthClientSecret, ClientSecret);

impl Client {
    /// Creates a client and waits until it can be read (the platform can answer 404 for a moment after a
    /// create), returning it with its secret.
    pub fn create_oauth_client(&self, body: OAuthClientRequest) -> CreateOauthClient {
        CreateOauthClient {
            client: self.clone(),
            body,
            patience: Patience::default(),
        }
    }

    /// Reads a client, looking again while it answers 404, until the patience runs out.
    pub fn wait_until_readable(&self, client_id: impl Into<String>) -> WaitUntilReadable {
        WaitUntilReadable {
            client: self.clone(),
            client_id: client_id.into(),
            patience: Patience::default(),
        }
    }

    /// Deletes a client the way the platform requires: set it inactive if it is not, delete it, then confirm
    /// within the patience that it is gone (404) or scheduled for removal. A client that is already gone counts
    /// as deleted.
    ///
    /// What a delete does depends on the client's age (Genesys help centre, "View, edit, delete or restore OAuth
    /// clients"): a client created within the last 30 days is removed at once, irreversibly; an older one is
    /// deactivated for 7 days and can be restored in that time (by setting it `active`) before it is removed. So
    /// this returns once the client answers 404, or once it reads back `inactive` with a `dateToDelete` (the
    /// date of its removal), which is as far as the platform goes for an older client.
    pub fn delete_oauth_client_completely(
        &self,
        client_id: impl Into<String>,
    ) -> DeleteOauthClientCompletely {
        DeleteOauthClientCompletely {
            client: self.clone(),
            client_id: client_id.into(),
            patience: Patience::default(),
        }
    }

    /// Regenerates a client's secret and returns the new one ([`Error::SecretNotReturned`] if the answer lacks
    /// it). The old secret stops working.
    pub fn rotate_oauth_client_secret(
        &self,
        client_id: impl Into<String>,
    ) -> RotateOauthClientSecret {
        RotateOauthClientSecret {
            client: self.clone(),
            client_id: client_id.into(),
        }
    }
}
