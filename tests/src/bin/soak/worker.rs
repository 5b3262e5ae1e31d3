//! One worker of the soak: it owns the clients it creates, picks operations on them, and records what every answer
//! (or failure) tells it.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use genesys_cloud::models::{
    ApiUsageClientQuery, ClientSecret, ClientState, GrantType, OAuthClient, OAuthClientRequest,
    Timestamp,
};
use genesys_cloud::ops::GetOauthClients;
use genesys_cloud::token::ClientCredentialsGrant;
use genesys_cloud::{Client, Error, SendState, UsagePolling};

use crate::workload::{CreateRecord, Created, Deleted, Outcome, Tracked};

/// The kinds of operation, with the share of tickets each gets.
#[derive(Clone, Copy, Debug)]
enum Op {
    Create,
    Get,
    Update,
    State,
    Rotate,
    Login,
    Usage,
    List,
    Delete,
}

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::Create => "create",
            Op::Get => "get",
            Op::Update => "update",
            Op::State => "state",
            Op::Rotate => "rotate",
            Op::Login => "login",
            Op::Usage => "usage",
            Op::List => "list",
            Op::Delete => "delete",
        }
    }
}

pub(crate) struct Worker {
    client: Client,
    index: usize,
    seed: u64,
    rng: fastrand::Rng,
    tickets: Arc<AtomicU64>,
    limit: u64,
    names: u64,
    /// Clients not known to be deleted.
    live: Vec<Tracked>,
    out: Outcome,
}

/// Why an operation failed, as reported.
type Failed = Result<(), String>;

impl Worker {
    pub(crate) fn new(
        client: Client,
        index: usize,
        seed: u64,
        tickets: Arc<AtomicU64>,
        limit: u64,
    ) -> Self {
        Self {
            client,
            index,
            seed,
            rng: fastrand::Rng::with_seed(seed.wrapping_mul(1_000_003).wrapping_add(index as u64)),
            tickets,
            limit,
            names: 0,
            live: Vec::new(),
            out: Outcome::default(),
        }
    }

    pub(crate) async fn run(mut self) -> Outcome {
        while self.tickets.fetch_add(1, Ordering::Relaxed) < self.limit {
            let op = self.choose();
            let started = Instant::now();
            let result = match op {
                Op::Create => self.create().await,
                Op::List => self.list().await,
                _ => {
                    let at = self.rng.usize(..self.live.len());
                    self.on_client(op, at).await
                }
            };
            self.out
                .latencies_us
                .push(started.elapsed().as_micros() as u64);
            self.out.ops += 1;
            self.retire_deleted();
            match result {
                Ok(()) => self.out.succeeded += 1,
                Err(cause) => {
                    self.out.failed += 1;
                    *self
                        .out
                        .failures
                        .entry(format!("{}: {cause}", op.name()))
                        .or_default() += 1;
                }
            }
        }
        self.out.clients.append(&mut self.live);
        self.out
    }

    /// Moves clients known to be deleted out of the live set.
    fn retire_deleted(&mut self) {
        let mut index = 0;
        while index < self.live.len() {
            if self.live[index].deleted == Deleted::Yes {
                let client = self.live.swap_remove(index);
                self.out.clients.push(client);
            } else {
                index += 1;
            }
        }
    }

    fn choose(&mut self) -> Op {
        if self.live.len() < 3 {
            return Op::Create;
        }
        match self.rng.u32(..100) {
            0..15 if self.live.len() < 40 => Op::Create,
            0..15 => Op::Delete,
            15..33 => Op::Get,
            33..46 => Op::Update,
            46..56 => Op::State,
            56..65 => Op::Rotate,
            65..73 => Op::Login,
            73..79 => Op::Usage,
            79..82 => Op::List,
            _ => Op::Delete,
        }
    }

    async fn on_client(&mut self, op: Op, at: usize) -> Failed {
        match op {
            Op::Get => self.get(at).await,
            Op::Update => {
                let description = format!("rev {}", self.rng.u32(..));
                let state = self.live[at]
                    .states
                    .last()
                    .cloned()
                    .unwrap_or(ClientState::Active);
                self.put(at, description, state).await
            }
            Op::State => {
                let state = match self.rng.u8(..3) {
                    0 => ClientState::Inactive,
                    1 => ClientState::Disabled,
                    _ => ClientState::Active,
                };
                let description = self.live[at]
                    .descriptions
                    .last()
                    .cloned()
                    .unwrap_or_default();
                self.put(at, description, state).await
            }
            Op::Rotate => self.rotate(at).await,
            Op::Login => self.login(at).await,
            Op::Usage => self.usage(at).await,
            _ => self.delete(at).await,
        }
    }

    async fn create(&mut self) -> Failed {
        self.names += 1;
        let name = format!("soak-{}-{}-{}", self.seed, self.index, self.names);
        let body = OAuthClientRequest::new(name.as_str(), GrantType::ClientCredentials)
            .with_description("rev 0")
            .with_state(ClientState::Active);
        match self.client.post_oauth_clients(body).await {
            Ok(created) => {
                let Some(id) = created.id.clone() else {
                    self.record(name, Created::Unknown);
                    return Err("acknowledged without an id".to_owned());
                };
                self.out.acked.create += 1;
                self.record(name.clone(), Created::Acked(id.clone()));
                self.live.push(Tracked {
                    id,
                    name: name.clone(),
                    states: vec![ClientState::Active],
                    descriptions: vec!["rev 0".to_owned()],
                    secret: created
                        .secret
                        .as_ref()
                        .map(|s| s.expose_secret().to_owned()),
                    deleted: Deleted::No,
                });
                if created.name != name || created.secret.is_none() {
                    return Err(
                        "the created client came back with another name or no secret".to_owned(),
                    );
                }
                Ok(())
            }
            Err(error) => {
                let outcome = if outcome_unknown(&error) {
                    Created::Unknown
                } else {
                    Created::Rejected
                };
                self.record(name, outcome);
                Err(cause(&error))
            }
        }
    }

    fn record(&mut self, name: String, outcome: Created) {
        self.out.creates.push(CreateRecord { name, outcome });
    }

    async fn list(&mut self) -> Failed {
        let page = GetOauthClients::new().with_page(1, 50);
        self.client
            .execute(page)
            .await
            .map(|_| ())
            .map_err(|error| cause(&error))
    }

    async fn get(&mut self, at: usize) -> Failed {
        let id = self.live[at].id.clone();
        match self.client.get_oauth_client(&id).await {
            Ok(client) => self.observe(at, &client),
            Err(error) => self.not_found_or(at, &error),
        }
    }

    /// Checks a read against what is known, then narrows what is known to what was read.
    fn observe(&mut self, at: usize, client: &OAuthClient) -> Failed {
        let tracked = &mut self.live[at];
        if tracked.deleted == Deleted::Maybe {
            tracked.deleted = Deleted::No;
        }
        let description = client.description.clone().unwrap_or_default();
        let state = client.state.clone().unwrap_or(ClientState::Active);
        if !tracked.descriptions.contains(&description) || !tracked.states.contains(&state) {
            let message = format!(
                "{} reads {description:?}/{state} but the possible values are {:?}/{:?}",
                tracked.id, tracked.descriptions, tracked.states
            );
            self.out.lost.push(message);
            return Err("an acknowledged update is missing".to_owned());
        }
        tracked.descriptions = vec![description];
        tracked.states = vec![state];
        Ok(())
    }

    /// A 404 is the answer when a delete may have happened; otherwise it means a client was lost.
    fn not_found_or(&mut self, at: usize, error: &Error) -> Failed {
        if !error.is_not_found() {
            return Err(cause(error));
        }
        let tracked = &mut self.live[at];
        if tracked.deleted == Deleted::Maybe {
            tracked.deleted = Deleted::Yes;
            return Ok(());
        }
        self.out.lost.push(format!(
            "{} answered 404 though it was never deleted",
            tracked.id
        ));
        tracked.deleted = Deleted::Yes;
        Err("404 for a client never deleted".to_owned())
    }

    async fn put(&mut self, at: usize, description: String, state: ClientState) -> Failed {
        let tracked = &self.live[at];
        let id = tracked.id.clone();
        let body = OAuthClientRequest::new(tracked.name.as_str(), GrantType::ClientCredentials)
            .with_description(description.as_str())
            .with_state(state.clone());
        match self.client.put_oauth_client(&id, body).await {
            Ok(client) => {
                self.out.acked.update += 1;
                let tracked = &mut self.live[at];
                tracked.deleted = Deleted::No;
                tracked.descriptions = vec![description.clone()];
                tracked.states = vec![state.clone()];
                if client.description.as_deref() != Some(description.as_str())
                    || client.state != Some(state)
                {
                    return Err("the update answered with other values".to_owned());
                }
                Ok(())
            }
            Err(error) if error.is_not_found() => self.not_found_or(at, &error),
            Err(error) => {
                let tracked = &mut self.live[at];
                if !tracked.descriptions.contains(&description) {
                    tracked.descriptions.push(description);
                }
                if !tracked.states.contains(&state) {
                    tracked.states.push(state);
                }
                Err(cause(&error))
            }
        }
    }

    async fn rotate(&mut self, at: usize) -> Failed {
        let id = self.live[at].id.clone();
        match self.client.post_oauth_client_secret(&id).await {
            Ok(client) => {
                self.out.acked.secret += 1;
                let secret = client.secret.as_ref().map(|s| s.expose_secret().to_owned());
                let missing = secret.is_none();
                self.live[at].secret = secret;
                if missing {
                    return Err("a rotation answered without the secret".to_owned());
                }
                Ok(())
            }
            Err(error) if error.is_not_found() => self.not_found_or(at, &error),
            Err(error) => {
                // The old secret may or may not work now.
                self.live[at].secret = None;
                Err(cause(&error))
            }
        }
    }

    /// Logs in as the client with its secret, when both its secret and its active state are certain.
    async fn login(&mut self, at: usize) -> Failed {
        let tracked = &self.live[at];
        let (Some(secret), Some(ClientState::Active)) =
            (tracked.secret.clone(), tracked.certain_state())
        else {
            return self.get(at).await;
        };
        let grant = ClientCredentialsGrant::new(tracked.id.clone(), ClientSecret::new(secret));
        match self.client.execute(grant).await {
            Ok(_) => Ok(()),
            Err(error) if matches!(error.status().map(|s| s.as_u16()), Some(400 | 401)) => {
                let id = &self.live[at].id;
                self.out.lost.push(format!(
                    "the acknowledged secret of {id} was refused: {}",
                    error.code().unwrap_or("-")
                ));
                Err("an acknowledged secret was refused".to_owned())
            }
            Err(error) => Err(cause(&error)),
        }
    }

    async fn usage(&mut self, at: usize) -> Failed {
        let id = self.live[at].id.clone();
        let polling = UsagePolling::default()
            .with_intervals(Duration::from_millis(10), Duration::from_millis(50))
            .with_deadline(Duration::from_secs(30));
        let result = if self.rng.u8(..5) == 0 {
            let result = self
                .client
                .run_usage_summary(&id)
                .days(1)
                .polling(polling)
                .await;
            self.out.acked.usage_summary += u64::from(result.is_ok());
            result
        } else {
            let now = Timestamp::now();
            let day_before = now.checked_sub(Duration::from_secs(86_400)).unwrap_or(now);
            let query = ApiUsageClientQuery::new(format!("{day_before}/{now}"));
            let result = self
                .client
                .run_usage_query(&id, query)
                .polling(polling)
                .await;
            self.out.acked.usage_query += u64::from(result.is_ok());
            result
        };
        match result {
            Ok(_) => Ok(()),
            Err(error) if error.is_not_found() => self.not_found_or(at, &error),
            Err(error) => Err(cause(&error)),
        }
    }

    /// Deletes a client known to be inactive; any other is set inactive first (which is the operation then).
    async fn delete(&mut self, at: usize) -> Failed {
        let inactive = self
            .live
            .iter()
            .position(|client| client.certain_state() == Some(&ClientState::Inactive));
        let Some(at) = inactive else {
            let description = self.live[at]
                .descriptions
                .last()
                .cloned()
                .unwrap_or_default();
            return self.put(at, description, ClientState::Inactive).await;
        };
        let id = self.live[at].id.clone();
        let result = self.client.delete_oauth_client(&id).await;
        let tracked = &mut self.live[at];
        match result {
            Ok(()) => {
                self.out.acked.delete += 1;
                tracked.deleted = Deleted::Yes;
                Ok(())
            }
            // A retry after an attempt that deleted it but lost the answer finds it gone: deleted all the same.
            Err(error)
                if error.is_not_found()
                    && (error.attempts() > Some(1) || tracked.deleted == Deleted::Maybe) =>
            {
                tracked.deleted = Deleted::Yes;
                Ok(())
            }
            Err(error) if error.is_not_found() => {
                self.out
                    .lost
                    .push(format!("{id} answered 404 to its first delete"));
                tracked.deleted = Deleted::Yes;
                Err("404 for a client never deleted".to_owned())
            }
            Err(error) if error.code() == Some("cannot.delete.client") => {
                self.out.lost.push(format!(
                    "{id} was not inactive though that change was acknowledged"
                ));
                Err(cause(&error))
            }
            Err(error) => {
                tracked.deleted = Deleted::Maybe;
                Err(cause(&error))
            }
        }
    }
}

/// Whether a failed create may have been processed: the request may have been sent and no answer says otherwise.
fn outcome_unknown(error: &Error) -> bool {
    match error {
        Error::Transport { error, .. } => error.send_state() == SendState::MaybeSent,
        Error::Timeout { .. } | Error::Decode(_) => true,
        // A gateway's 5xx may come after the service processed the request.
        Error::Api { error, .. } => error.status.is_server_error(),
        _ => false,
    }
}

/// A failure's cause, as a short line that groups like failures.
fn cause(error: &Error) -> String {
    match error {
        Error::Api {
            error,
            stopped,
            attempts,
        } => format!(
            "HTTP {} {} ({stopped:?} after {attempts} attempts)",
            error.status.as_u16(),
            error.code().unwrap_or("-")
        ),
        Error::Transport { error, attempts } => {
            format!(
                "transport {:?} {:?} ({attempts} attempts)",
                error.kind(),
                error.send_state()
            )
        }
        Error::Timeout { kind, .. } => format!("timeout {kind:?}"),
        Error::Token(inner) => format!("token: {}", cause(inner)),
        Error::Decode(_) => "undecodable 2xx body".to_owned(),
        Error::WaitTimedOut { .. } => "gave up waiting".to_owned(),
        Error::UsageQueryFailed { .. } => "usage query failed".to_owned(),
        other => other.to_string(),
    }
}
