//! After the workload, with faults off: the final client list and the emulator's counters against what the
//! workers were told. [`judge`] is the pure part, unit-tested below; [`run`] gathers its inputs.

use std::collections::{HashMap, HashSet};

use genesys_cloud::Client;
use genesys_cloud::models::{ClientSecret, ClientState, OAuthClientListing};
use genesys_cloud::token::ClientCredentialsGrant;
use genesys_cloud_emulator::{EmulatorStats, MutationCounts};
use tokio::task::JoinSet;

use crate::workload::{Created, Deleted, Outcome, Tracked};

/// What the reconciliation found.
#[derive(Debug, Default)]
pub(crate) struct Verdict {
    /// Clients created more often than the workload can account for.
    pub(crate) duplicates: u64,
    /// Acknowledged effects that are missing.
    pub(crate) lost: u64,
    /// Creates whose outcome the client could not know.
    pub(crate) unknown_creates: u64,
    /// Of those, the ones the emulator did apply (found exactly once by name).
    pub(crate) unknown_applied: u64,
    /// One line per problem.
    pub(crate) problems: Vec<String>,
}

impl Verdict {
    fn lost(&mut self, problem: String) {
        self.lost += 1;
        self.problems.push(format!("lost: {problem}"));
    }

    fn duplicated(&mut self, count: u64, problem: String) {
        self.duplicates += count;
        self.problems.push(format!("duplicate: {problem}"));
    }
}

/// Reads the final state (every page of the client list, the emulator's counters), judges it, and checks that
/// every known secret of an active client still logs in.
pub(crate) async fn run(
    client: &Client,
    stats: impl FnOnce() -> EmulatorStats,
    outcome: &Outcome,
) -> Result<Verdict, String> {
    let listed = client
        .get_oauth_clients()
        .page_size(500)
        .pages()
        .collect_all()
        .await
        .map_err(|error| format!("the final client list could not be read: {error}"))?;
    let mut verdict = judge(outcome, &listed, &stats());
    // Clients already reported missing are not logged in to as well: one loss, one count.
    let present: HashSet<&str> = listed
        .iter()
        .filter_map(|listing| listing.id.as_deref())
        .collect();
    check_secrets(client, outcome, &present, &mut verdict).await;
    Ok(verdict)
}

/// Compares what the workload was told with the final client list and the emulator's counters.
pub(crate) fn judge(
    outcome: &Outcome,
    listed: &[OAuthClientListing],
    stats: &EmulatorStats,
) -> Verdict {
    let mut verdict = Verdict::default();
    for problem in &outcome.lost {
        verdict.lost(problem.clone());
    }
    let mut by_name: HashMap<&str, Vec<&OAuthClientListing>> = HashMap::new();
    for listing in listed
        .iter()
        .filter(|listing| listing.name.starts_with("soak-"))
    {
        by_name
            .entry(listing.name.as_str())
            .or_default()
            .push(listing);
    }
    let tracked: HashMap<&str, &Tracked> =
        outcome.clients.iter().map(|t| (t.id.as_str(), t)).collect();
    for record in &outcome.creates {
        let found = by_name.remove(record.name.as_str()).unwrap_or_default();
        let count = found.len() as u64;
        match &record.outcome {
            Created::Acked(id) => {
                if count > 1 {
                    verdict.duplicated(count - 1, format!("{} exists {count} times", record.name));
                }
                let Some(client) = tracked.get(id.as_str()) else {
                    verdict.lost(format!("acknowledged create {id} is not tracked"));
                    continue;
                };
                let listed = found
                    .iter()
                    .find(|listing| listing.id.as_deref() == Some(id.as_str()));
                match (client.deleted, listed) {
                    (Deleted::Yes, Some(_)) => {
                        verdict.lost(format!(
                            "{id} is still listed after its delete was acknowledged"
                        ));
                    }
                    (Deleted::No, None) => {
                        verdict.lost(format!(
                            "acknowledged create {id} ({}) is missing",
                            record.name
                        ));
                    }
                    (Deleted::No | Deleted::Maybe, Some(listing)) => {
                        check_fields(&mut verdict, client, listing)
                    }
                    _ => {}
                }
            }
            Created::Unknown => {
                verdict.unknown_creates += 1;
                if count >= 1 {
                    verdict.unknown_applied += 1;
                }
                if count > 1 {
                    let problem = format!(
                        "{} (create outcome unknown) exists {count} times",
                        record.name
                    );
                    verdict.duplicated(count - 1, problem);
                }
            }
            Created::Rejected => {
                if count > 0 {
                    verdict.duplicated(
                        count,
                        format!("{} exists though its create was refused", record.name),
                    );
                }
            }
        }
    }
    for (name, found) in by_name {
        verdict.duplicated(
            found.len() as u64,
            format!("{name} exists but was never asked for"),
        );
    }
    check_counters(stats, outcome, listed.len(), &mut verdict);
    verdict
}

/// The listed description and state must be among those the worker considers possible.
fn check_fields(verdict: &mut Verdict, client: &Tracked, listing: &OAuthClientListing) {
    let description = listing.description.clone().unwrap_or_default();
    let state = listing.state.clone().unwrap_or(ClientState::Active);
    if !client.descriptions.contains(&description) || !client.states.contains(&state) {
        verdict.lost(format!(
            "{} ends as {description:?}/{state}, not one of {:?}/{:?}",
            client.id, client.descriptions, client.states
        ));
    }
}

/// Every client whose current secret is known and that is certainly active must log in with that secret.
async fn check_secrets(
    client: &Client,
    outcome: &Outcome,
    present: &HashSet<&str>,
    verdict: &mut Verdict,
) {
    let candidates: Vec<(String, String)> = outcome
        .clients
        .iter()
        .filter(|t| t.deleted == Deleted::No && t.states == [ClientState::Active])
        .filter(|t| present.contains(t.id.as_str()))
        .filter_map(|t| t.secret.clone().map(|secret| (t.id.clone(), secret)))
        .collect();
    for chunk in candidates.chunks(32) {
        let mut logins = JoinSet::new();
        for (id, secret) in chunk.iter().cloned() {
            let client = client.clone();
            logins.spawn(async move {
                let grant = ClientCredentialsGrant::new(id.clone(), ClientSecret::new(secret));
                client
                    .execute(grant)
                    .await
                    .err()
                    .map(|error| format!("{id}: {error}"))
            });
        }
        while let Some(joined) = logins.join_next().await {
            match joined {
                Ok(None) => {}
                Ok(Some(problem)) => {
                    verdict.lost(format!("an acknowledged secret does not log in: {problem}"))
                }
                Err(error) => verdict.lost(format!("a login check died: {error}")),
            }
        }
    }
}

/// The emulator applied at least every acknowledged change, and no more creates than the workload accounts for.
fn check_counters(stats: &EmulatorStats, outcome: &Outcome, listed: usize, verdict: &mut Verdict) {
    let MutationCounts {
        create,
        update,
        delete,
        secret,
        usage_query,
        usage_summary,
        ..
    } = stats.mutations;
    let acked = &outcome.acked;
    let explained = acked.create + verdict.unknown_applied + verdict.duplicates;
    if create > explained {
        let problem =
            format!("the emulator applied {create} creates; the workload accounts for {explained}");
        verdict.duplicated(create - explained, problem);
    }
    for (what, applied, acknowledged) in [
        ("creates", create, acked.create),
        ("updates", update, acked.update),
        ("deletes", delete, acked.delete),
        ("secret rotations", secret, acked.secret),
        ("usage queries", usage_query, acked.usage_query),
        ("usage summaries", usage_summary, acked.usage_summary),
    ] {
        if applied < acknowledged {
            verdict.lost(format!(
                "the emulator applied {applied} {what} but {acknowledged} were acknowledged"
            ));
        }
    }
    if stats.clients != listed as u64 {
        verdict.problems.push(format!(
            "note: the emulator counts {} clients but lists {listed}",
            stats.clients
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workload::CreateRecord;

    fn listing(name: &str, id: &str) -> OAuthClientListing {
        let mut listing: OAuthClientListing = serde_json::from_value(serde_json::json!({
            "id": id, "name": name, "description": "rev 0", "state": "active"
        }))
        .unwrap();
        listing.id = Some(id.to_owned());
        listing
    }

    fn tracked(id: &str, name: &str, deleted: Deleted) -> Tracked {
        Tracked {
            id: id.to_owned(),
            name: name.to_owned(),
            states: vec![ClientState::Active],
            descriptions: vec!["rev 0".to_owned()],
            secret: None,
            deleted,
        }
    }

    fn stats(creates: u64) -> EmulatorStats {
        let mut stats = EmulatorStats::default();
        stats.mutations.create = creates;
        stats
    }

    /// Two acknowledged creates (one deleted), one unknown, one refused.
    fn outcome() -> Outcome {
        let mut outcome = Outcome::default();
        for (name, created) in [
            ("soak-a", Created::Acked("1".to_owned())),
            ("soak-b", Created::Acked("2".to_owned())),
            ("soak-c", Created::Unknown),
            ("soak-d", Created::Rejected),
        ] {
            outcome.creates.push(CreateRecord {
                name: name.to_owned(),
                outcome: created,
            });
        }
        outcome.clients = vec![
            tracked("1", "soak-a", Deleted::No),
            tracked("2", "soak-b", Deleted::Yes),
        ];
        outcome.acked.create = 2;
        outcome.acked.delete = 1;
        outcome
    }

    #[test]
    fn a_consistent_end_state_passes() {
        let mut stats = stats(3);
        stats.mutations.delete = 1;
        let verdict = judge(
            &outcome(),
            &[listing("soak-a", "1"), listing("soak-c", "3")],
            &stats,
        );
        assert_eq!(
            (verdict.duplicates, verdict.lost),
            (0, 0),
            "{:?}",
            verdict.problems
        );
        assert_eq!((verdict.unknown_creates, verdict.unknown_applied), (1, 1));
    }

    #[test]
    fn a_second_copy_of_a_name_is_a_duplicate() {
        let listed = [
            listing("soak-a", "1"),
            listing("soak-a", "9"),
            listing("soak-c", "3"),
            listing("soak-c", "4"),
        ];
        let verdict = judge(&outcome(), &listed, &stats(5));
        assert_eq!(verdict.duplicates, 2, "{:?}", verdict.problems);
    }

    #[test]
    fn a_refused_create_that_exists_or_an_unasked_name_is_a_duplicate() {
        let listed = [
            listing("soak-a", "1"),
            listing("soak-d", "5"),
            listing("soak-zzz", "6"),
        ];
        let verdict = judge(&outcome(), &listed, &stats(4));
        assert_eq!(verdict.duplicates, 2, "{:?}", verdict.problems);
    }

    #[test]
    fn creates_the_emulator_applied_beyond_the_names_are_duplicates() {
        let verdict = judge(&outcome(), &[listing("soak-a", "1")], &stats(4));
        assert_eq!(verdict.duplicates, 2, "{:?}", verdict.problems);
    }

    #[test]
    fn missing_or_resurrected_or_changed_clients_are_lost() {
        let mut stats = stats(2);
        stats.mutations.delete = 1;
        assert_eq!(judge(&outcome(), &[], &stats).lost, 1);
        let resurrected = judge(
            &outcome(),
            &[listing("soak-a", "1"), listing("soak-b", "2")],
            &stats,
        );
        assert_eq!(resurrected.lost, 1, "{:?}", resurrected.problems);
        let mut changed = listing("soak-a", "1");
        changed.description = Some("something else".to_owned());
        assert_eq!(judge(&outcome(), &[changed], &stats).lost, 1);
        // An acknowledged delete the emulator never counted is lost too.
        assert_eq!(
            judge(&outcome(), &[listing("soak-a", "1")], &self::stats(2)).lost,
            1
        );
    }
}
