//! The metric lines on stdout, and the summary with the targets on stderr.

use std::io::Write;

use crate::settings::Settings;

/// A goal for a metric: at least or at most a value.
#[derive(Clone, Copy, Debug)]
enum Target {
    AtLeast(f64),
    AtMost(f64),
}

impl Target {
    fn met(self, value: f64) -> bool {
        match self {
            Self::AtLeast(goal) => value >= goal,
            Self::AtMost(goal) => value <= goal,
        }
    }

    fn describe(self) -> String {
        match self {
            Self::AtLeast(goal) => format!(">= {goal}"),
            Self::AtMost(goal) => format!("<= {goal}"),
        }
    }
}

/// The targets of issues 7 and 15 (goals, not assertions).
fn target(name: &str) -> Option<Target> {
    Some(match name {
        "exec_overhead_seq" | "exec_overhead_c64" => Target::AtLeast(0.95),
        "listing_deser_vs_naive" => Target::AtLeast(1.0),
        "listing_deser_mbps" => Target::AtLeast(350.0),
        "build_get_client_ns" => Target::AtMost(500.0),
        "emulator_get_client_c64_rps" => Target::AtLeast(30_000.0),
        "parse_get_client_ns" => Target::AtMost(1_000.0),
        "paginate_vs_raw" => Target::AtLeast(0.95),
        "cli_oneshot_vs_curl" => Target::AtMost(1.0),
        _ => return None,
    })
}

struct Entry {
    name: &'static str,
    value: f64,
    unit: &'static str,
    /// The lowest and highest sample, when the value is a median of several.
    spread: Option<(f64, f64)>,
}

/// Every metric of the run, printed as it is recorded.
#[derive(Default)]
pub(crate) struct Report {
    entries: Vec<Entry>,
}

/// The median of the samples (the mean of the middle two for an even count); 0 for none.
pub(crate) fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => 0.0,
        _ if n % 2 == 1 => sorted[n / 2],
        _ => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

impl Report {
    /// Records and prints the median of `samples`; returns it.
    pub(crate) fn median(
        &mut self,
        name: &'static str,
        samples: &[f64],
        unit: &'static str,
    ) -> f64 {
        let value = median(samples);
        let low = samples.iter().copied().fold(f64::INFINITY, f64::min);
        let high = samples.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        self.push(Entry {
            name,
            value,
            unit,
            spread: (samples.len() > 1).then_some((low, high)),
        });
        value
    }

    /// Records and prints a single value, such as a ratio of two medians.
    pub(crate) fn value(&mut self, name: &'static str, value: f64, unit: &'static str) {
        self.push(Entry {
            name,
            value,
            unit,
            spread: None,
        });
    }

    fn push(&mut self, entry: Entry) {
        let mut stdout = std::io::stdout().lock();
        // Streamed, so that a long run shows its progress; a closed stdout is not worth failing over.
        let _ = writeln!(
            stdout,
            "metric {} {} {}",
            entry.name,
            format_value(entry.value),
            entry.unit
        );
        let _ = stdout.flush();
        self.entries.push(entry);
    }

    /// The table of every metric with its spread and target, on stderr.
    pub(crate) fn print_summary(&self, settings: &Settings) {
        let mut out = String::new();
        out.push_str(&format!(
            "\nsummary ({} run; medians of rounds, spread = lowest..highest sample)\n",
            settings.name
        ));
        out.push_str(&format!(
            "{:<38} {:>14} {:<8} {:<26} {}\n",
            "metric", "value", "unit", "spread", "target"
        ));
        for entry in &self.entries {
            let spread = entry
                .spread
                .map(|(low, high)| format!("{}..{}", format_value(low), format_value(high)))
                .unwrap_or_default();
            let goal = target(entry.name)
                .map(|goal| {
                    let verdict = if goal.met(entry.value) {
                        "met"
                    } else {
                        "NOT met"
                    };
                    format!("{} {verdict}", goal.describe())
                })
                .unwrap_or_default();
            out.push_str(&format!(
                "{:<38} {:>14} {:<8} {:<26} {}\n",
                entry.name,
                format_value(entry.value),
                entry.unit,
                spread,
                goal
            ));
        }
        eprint!("{out}");
    }
}

/// Ratios with three decimals, larger figures with one.
fn format_value(value: f64) -> String {
    if value.abs() < 10.0 {
        format!("{value:.3}")
    } else {
        format!("{value:.1}")
    }
}
