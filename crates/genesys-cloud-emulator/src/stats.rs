//! [`EmulatorStats`]: what the emulator has served, as `GET /emulator/stats` reports it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::FaultKind;

/// Counters of everything the emulator has served since it started, the body of `GET /emulator/stats`.
///
/// `requests` counts every request outside `/emulator/`; each is either answered (counted once in
/// `requestsByStatus` under the status sent, including injected 429s and 503s and the status of a
/// `reset-after` response), or dropped by a `reset-before` fault (counted in `faults`), or still in
/// flight, or abandoned by its client before the answer. So once traffic is over,
/// `requests == sum(requestsByStatus) + faults["reset-before"]` unless a client gave up on a request.
///
/// ```json
/// {"requests":12,"requestsByStatus":{"200":10,"429":1},
///  "faults":{"429":1,"503":0,"reset-before":1,"reset-after":0,"slow":0},
///  "tokensIssued":2,"tokensHeld":2,
///  "mutations":{"create":1,"update":0,"delete":0,"secret":0,"usageQuery":0,"usageSummary":0},
///  "clients":5,"rateLimited":0}
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct EmulatorStats {
    /// Requests received outside `/emulator/`.
    pub requests: u64,
    /// Responses sent, by HTTP status code (as a decimal string).
    pub requests_by_status: BTreeMap<String, u64>,
    /// Faults injected, by kind.
    pub faults: FaultCounts,
    /// Access tokens issued by `POST /oauth/token`.
    pub tokens_issued: u64,
    /// Access tokens held now (issued, and not yet expired and swept, revoked or evicted): at most 10,000,
    /// the oldest being evicted beyond.
    pub tokens_held: u64,
    /// Successful changes and usage queries, by kind.
    pub mutations: MutationCounts,
    /// Clients that exist now.
    pub clients: u64,
    /// Requests refused with a 429 by the rate limit ([`EmulatorConfig::rate_limit_per_minute`]), not injected
    /// faults; also counted under `429` in `requestsByStatus`.
    ///
    /// [`EmulatorConfig::rate_limit_per_minute`]: crate::EmulatorConfig::rate_limit_per_minute
    pub rate_limited: u64,
}

/// Injected faults by kind; the JSON keys are the [`FaultKind`] names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
#[non_exhaustive]
pub struct FaultCounts {
    /// `429`.
    #[serde(rename = "429")]
    pub too_many_requests: u64,
    /// `503`.
    #[serde(rename = "503")]
    pub service_unavailable: u64,
    /// `reset-before`.
    #[serde(rename = "reset-before")]
    pub reset_before: u64,
    /// `reset-after`.
    #[serde(rename = "reset-after")]
    pub reset_after: u64,
    /// `slow`.
    pub slow: u64,
}

impl FaultCounts {
    /// The count of one kind.
    pub fn get(&self, kind: FaultKind) -> u64 {
        match kind {
            FaultKind::TooManyRequests => self.too_many_requests,
            FaultKind::ServiceUnavailable => self.service_unavailable,
            FaultKind::ResetBefore => self.reset_before,
            FaultKind::ResetAfter => self.reset_after,
            FaultKind::Slow => self.slow,
        }
    }

    /// All injected faults.
    pub fn total(&self) -> u64 {
        FaultKind::ALL.iter().map(|kind| self.get(*kind)).sum()
    }

    pub(crate) fn add(&mut self, kind: FaultKind) {
        let slot = match kind {
            FaultKind::TooManyRequests => &mut self.too_many_requests,
            FaultKind::ServiceUnavailable => &mut self.service_unavailable,
            FaultKind::ResetBefore => &mut self.reset_before,
            FaultKind::ResetAfter => &mut self.reset_after,
            FaultKind::Slow => &mut self.slow,
        };
        *slot += 1;
    }
}

/// Successful changes by kind. Usage queries and summaries are counted here too because each creates an
/// execution.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct MutationCounts {
    /// Clients created (`postOauthClients`).
    pub create: u64,
    /// Clients updated (`putOauthClient`).
    pub update: u64,
    /// Clients deleted (`deleteOauthClient`).
    pub delete: u64,
    /// Secrets regenerated (`postOauthClientSecret`).
    pub secret: u64,
    /// Usage queries submitted (`postOauthClientUsageQuery`).
    pub usage_query: u64,
    /// Usage summaries requested (`getOauthClientUsageSummary`).
    pub usage_summary: u64,
}

impl MutationCounts {
    /// All of them.
    pub fn total(&self) -> u64 {
        self.create
            + self.update
            + self.delete
            + self.secret
            + self.usage_query
            + self.usage_summary
    }
}

/// Which counter of [`MutationCounts`] a successful request adds to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mutation {
    Create,
    Update,
    Delete,
    Secret,
    UsageQuery,
    UsageSummary,
}

impl MutationCounts {
    pub(crate) fn add(&mut self, mutation: Mutation) {
        let slot = match mutation {
            Mutation::Create => &mut self.create,
            Mutation::Update => &mut self.update,
            Mutation::Delete => &mut self.delete,
            Mutation::Secret => &mut self.secret,
            Mutation::UsageQuery => &mut self.usage_query,
            Mutation::UsageSummary => &mut self.usage_summary,
        };
        *slot += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_shape() {
        let mut stats = EmulatorStats::default();
        stats.faults.add(FaultKind::ResetBefore);
        stats.mutations.add(Mutation::UsageQuery);
        stats.requests_by_status.insert("200".into(), 3);
        let json = serde_json::to_value(&stats).unwrap();
        assert_eq!(json["faults"]["reset-before"], 1);
        assert_eq!(json["faults"]["429"], 0);
        assert_eq!(json["mutations"]["usageQuery"], 1);
        assert_eq!(json["requestsByStatus"]["200"], 3);
        assert_eq!(json["tokensIssued"], 0);
        let back: EmulatorStats = serde_json::from_value(json).unwrap();
        assert_eq!(back, stats);
    }
}
