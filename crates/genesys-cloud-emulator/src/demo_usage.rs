//! A realistic API-usage history for the demo clients: 90 complete UTC days before today, varied per client,
//! method and path template, with weekday rhythm, a trend, noise and the odd bad day, so that a usage chart over
//! the demo data has shape.

use crate::store::Store;
use crate::usage::PastCounts;

/// Days of history before today.
pub(crate) const HISTORY_DAYS: i64 = 90;

/// What one demo client calls: its id, the hours (UTC) it works in, and per call (template, method) its requests
/// in one such hour on a typical weekday.
struct Profile {
    client_id: &'static str,
    hours: &'static [i64],
    calls: &'static [(&'static str, &'static str, i64)],
    /// Whether it works on weekends as on weekdays (batch jobs do).
    every_day: bool,
}

const PROFILES: &[Profile] = &[
    Profile {
        client_id: "00000000-0000-4000-8000-00000000c101",
        hours: &[1, 2, 3],
        calls: &[
            ("oauth/token", "POST", 2),
            ("api/v2/analytics/conversations/details/jobs", "POST", 6),
            (
                "api/v2/analytics/conversations/details/jobs/{jobId}/results",
                "GET",
                180,
            ),
        ],
        every_day: true,
    },
    Profile {
        client_id: "00000000-0000-4000-8000-00000000c102",
        hours: &[9, 11, 13, 15],
        calls: &[
            ("oauth/token", "POST", 1),
            ("api/v2/users", "POST", 12),
            ("api/v2/users/{userId}", "PATCH", 30),
            (
                "api/v2/authorization/subjects/{subjectId}/bulkadd",
                "POST",
                12,
            ),
        ],
        every_day: false,
    },
    Profile {
        client_id: "00000000-0000-4000-8000-00000000c001",
        hours: &[8, 10, 12, 14, 16, 18],
        calls: &[
            ("api/v2/routing/queues/{queueId}/observations", "GET", 240),
            ("api/v2/analytics/queues/observations/query", "POST", 120),
        ],
        every_day: false,
    },
    Profile {
        client_id: "00000000-0000-4000-8000-00000000c002",
        hours: &[8, 10, 12, 14, 16, 18, 20],
        calls: &[("api/v2/analytics/queues/observations/query", "POST", 360)],
        every_day: true,
    },
    Profile {
        client_id: "00000000-0000-4000-8000-00000000c003",
        hours: &[9, 12, 15, 17],
        calls: &[
            ("api/v2/conversations/{conversationId}", "GET", 90),
            ("api/v2/externalcontacts/contacts", "POST", 25),
            ("api/v2/externalcontacts/contacts/{contactId}", "PUT", 40),
        ],
        every_day: false,
    },
    Profile {
        client_id: "00000000-0000-4000-8000-00000000c105",
        hours: &[10, 14, 19],
        calls: &[
            ("api/v2/webchat/guest/conversations", "POST", 45),
            (
                "api/v2/webchat/guest/conversations/{conversationId}/messages",
                "GET",
                150,
            ),
        ],
        every_day: true,
    },
];

/// A small deterministic generator: the same history on every start.
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> u64 {
        // xorshift64*: plenty for varied demo counts.
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A factor from 0.7 to 1.3.
    fn factor(&mut self) -> f64 {
        0.7 + (self.next() % 601) as f64 / 1000.0
    }

    /// Whether an event of `percent` % chance happens.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// Records the history of every demo client for the [`HISTORY_DAYS`] complete UTC days before the day of
/// `now_second`, at most a few thousand counters in all.
pub(crate) fn seed(store: &mut Store, now_second: i64) {
    let today = now_second.div_euclid(86_400);
    let mut noise = Noise(0x5EED_DA7A_2026_1127);
    for profile in PROFILES {
        if store.client(profile.client_id).is_none() {
            continue;
        }
        for days_ago in 1..=HISTORY_DAYS {
            let day = today - days_ago;
            // 1970-01-01 was a Thursday: day 0 is weekday 3 counted from Monday.
            let weekend = (day + 3).rem_euclid(7) >= 5;
            if weekend && !profile.every_day {
                continue;
            }
            // Growth toward today, a quieter weekend for the every-day clients, and a bad day now and then.
            let trend = 0.6 + 0.4 * (HISTORY_DAYS - days_ago) as f64 / HISTORY_DAYS as f64;
            let rhythm = if weekend { 0.4 } else { 1.0 };
            let bad_day = noise.chance(4);
            for &hour in profile.hours {
                for &(template, method, per_hour) in profile.calls {
                    let requests =
                        (per_hour as f64 * trend * rhythm * noise.factor()).round() as i64;
                    if requests <= 0 {
                        continue;
                    }
                    let throttled = if bad_day {
                        requests / 5
                    } else {
                        requests / 400
                    };
                    let server_errors = if bad_day {
                        requests / 20
                    } else {
                        i64::from(noise.chance(3))
                    };
                    let client_errors = requests / 60 + i64::from(noise.chance(20));
                    let ok = (requests - throttled - server_errors - client_errors).max(0);
                    let second = day * 86_400 + hour * 3_600 + (noise.next() % 3_600) as i64;
                    store.usage.record_past(
                        profile.client_id,
                        (template, method),
                        second,
                        PastCounts {
                            ok,
                            client_errors,
                            throttled,
                            server_errors,
                        },
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::EmulatorConfig;
    use crate::seed::seeded_store;
    use crate::usage::UsageQuery;
    use genesys_cloud_models::{Granularity, UsageMetric};

    const NOW: i64 = 1_795_000_000; // 2026-11-18, a Wednesday

    fn daily(store: &Store, client_id: &str, days: i64) -> Vec<i64> {
        let query = UsageQuery {
            start_ms: (NOW.div_euclid(86_400) - days) * 86_400_000,
            end_ms: (NOW + 1) * 1000,
            granularity: Some(Granularity::Day),
            metrics: vec![UsageMetric::Requests],
            group_by: Vec::new(),
        };
        store
            .usage
            .rows(client_id, "demo", &query)
            .iter()
            .map(|row| row.requests.unwrap_or(0))
            .collect()
    }

    #[test]
    fn demo_clients_have_ninety_days_of_varied_usage_and_none_today() {
        // Without demo data there is no history; the demo clients' history is seeded at `NOW` here.
        let mut store = seeded_store(&EmulatorConfig::default());
        assert!(daily(&store, "00000000-0000-4000-8000-00000000c101", HISTORY_DAYS).is_empty());
        let mut store_demo = seeded_store(&EmulatorConfig::default().demo_data(true));
        store_demo.usage = crate::usage::UsageLog::default();
        seed(&mut store_demo, NOW);
        store = store_demo;
        // The nightly job works every day: 30 complete days, none today, counts that vary.
        let nightly = daily(&store, "00000000-0000-4000-8000-00000000c101", 30);
        assert_eq!(nightly.len(), 30, "{nightly:?}");
        assert!(nightly.iter().all(|&n| n > 0));
        assert!(nightly.iter().max() > nightly.iter().min(), "{nightly:?}");
        // An office-hours client rests on weekends: about 5 days in 7.
        let provisioning = daily(&store, "00000000-0000-4000-8000-00000000c102", 28);
        assert_eq!(provisioning.len(), 20, "{provisioning:?}");
        let weekdays = daily(&store, "00000000-0000-4000-8000-00000000c102", HISTORY_DAYS).len();
        assert!((64..=65).contains(&weekdays), "{weekdays}");
        // The admin, which tests count precisely, has no history.
        assert!(daily(&store, "emulator-admin", HISTORY_DAYS).is_empty());
    }
}
