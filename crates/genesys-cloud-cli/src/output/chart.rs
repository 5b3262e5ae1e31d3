//! A small bar chart of usage rows: per date bucket, one bar per status class, side by side, so that a
//! spike of errors or throttling stands out.

use std::collections::BTreeMap;

use genesys_cloud_models::ApiUsageRow;

/// The widest bar, in characters.
const WIDTH: i64 = 40;

/// A drawn class: its name, its glyph, and how to read its count from a row.
type Class = (&'static str, char, fn(&ApiUsageRow) -> Option<i64>);

/// The classes drawn.
const CLASSES: [Class; 5] = [
    ("2xx", '█', |row| row.status200),
    ("3xx", '▓', |row| row.status300),
    ("4xx", '▒', |row| row.status400),
    ("429", '╳', |row| row.status429),
    ("5xx", '░', |row| row.status500),
];

/// Draws the rows' counts per date bucket (rows without a date form one bucket, `all`). Uses the status
/// classes when the rows have them, the request totals otherwise; empty when there is nothing to draw.
pub(super) fn render(rows: &[ApiUsageRow]) -> String {
    let mut classes: Vec<Class> = CLASSES
        .iter()
        .copied()
        .filter(|(_, _, get)| rows.iter().any(|row| get(row).unwrap_or(0) > 0))
        .collect();
    if classes.is_empty() {
        if !rows.iter().any(|row| row.requests.unwrap_or(0) > 0) {
            return String::new();
        }
        classes.push(("all", '█', |row| row.requests));
    }
    // Rows of the same bucket (other groups: paths, methods) are added up.
    let mut buckets: BTreeMap<String, Vec<i64>> = BTreeMap::new();
    for row in rows {
        let label = row.date.as_ref().map_or_else(
            || "all".to_owned(),
            |date| date.to_string()[..10].to_owned(),
        );
        let sums = buckets
            .entry(label)
            .or_insert_with(|| vec![0; classes.len()]);
        for (sum, (_, _, get)) in sums.iter_mut().zip(&classes) {
            *sum = sum.saturating_add(get(row).unwrap_or(0));
        }
    }
    let max = buckets
        .values()
        .flatten()
        .copied()
        .max()
        .unwrap_or(0)
        .max(1);
    let label_width = buckets.keys().map(String::len).max().unwrap_or(0);
    let legend: Vec<String> = classes
        .iter()
        .map(|(name, glyph, _)| format!("{glyph} {name}"))
        .collect();
    // At most 77 characters: the legend fits an 80-column terminal.
    let mut text = format!(
        "Requests per time bucket: {} (429 also in 4xx)\n",
        legend.join("  ")
    );
    for (label, sums) in &buckets {
        for (index, ((name, glyph, _), count)) in classes.iter().zip(sums).enumerate() {
            let shown_label = if index == 0 { label.as_str() } else { "" };
            let width = if *count > 0 {
                // In i128: a count near i64::MAX times WIDTH does not fit an i64.
                let (count, max) = (i128::from(*count), i128::from(max));
                ((count * i128::from(WIDTH) + max - 1) / max).max(1)
            } else {
                0
            };
            let bar: String =
                std::iter::repeat_n(*glyph, usize::try_from(width).unwrap_or(0)).collect();
            text.push_str(&format!(
                "{shown_label:<label_width$}  {name} {bar:<bar_width$} {count}\n",
                bar_width = WIDTH as usize
            ));
        }
    }
    text.trim_end().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use genesys_cloud_models::Timestamp;

    fn row(date: &str, ok: i64, client_errors: i64) -> ApiUsageRow {
        ApiUsageRow::default()
            .with_date(Timestamp::parse(date).unwrap())
            .with_status200(ok)
            .with_status400(client_errors)
            .with_status500(0)
            .with_requests(ok + client_errors)
    }

    #[test]
    fn draws_each_status_class_side_by_side_per_bucket_scaled_to_the_largest() {
        let rows = [
            row("2025-06-02T00:00:00Z", 10, 5),
            row("2025-06-01T00:00:00Z", 40, 0),
            row("2025-06-02T00:00:00Z", 10, 0),
        ];
        let chart = render(&rows);
        let lines: Vec<&str> = chart.lines().collect();
        assert!(
            lines[0].contains("█ 2xx") && lines[0].contains("▒ 4xx"),
            "{chart}"
        );
        assert!(
            !lines[0].contains("5xx"),
            "classes with no requests are left out: {chart}"
        );
        assert_eq!(lines.len(), 5, "{chart}");
        assert!(
            lines[1].starts_with("2025-06-01  2xx ") && lines[1].ends_with(" 40"),
            "{chart}"
        );
        assert_eq!(lines[1].matches('█').count(), 40);
        assert!(
            lines[2].trim_start().starts_with("4xx") && lines[2].ends_with(" 0"),
            "{chart}"
        );
        // The second day's two rows are added up: 20 of 40 is half the width.
        assert_eq!(lines[3].matches('█').count(), 20, "{chart}");
        assert_eq!(lines[4].matches('▒').count(), 5, "{chart}");
    }

    #[test]
    fn huge_counts_neither_overflow_nor_panic() {
        let row = |date: &str, ok: i64, client_errors: i64| {
            ApiUsageRow::default()
                .with_date(Timestamp::parse(date).unwrap())
                .with_status200(ok)
                .with_status400(client_errors)
        };
        let rows = [
            row("2025-06-01T00:00:00Z", i64::MAX, i64::MAX / 2),
            row("2025-06-01T00:00:00Z", i64::MAX, 0),
            row("2025-06-02T00:00:00Z", i64::MAX / 2, 1),
        ];
        let chart = render(&rows);
        let lines: Vec<&str> = chart.lines().collect();
        assert_eq!(lines[1].matches('█').count(), 40, "{chart}");
        assert!(lines[1].ends_with(&format!(" {}", i64::MAX)), "{chart}");
        assert_eq!(lines[3].matches('█').count(), 20, "{chart}");
        assert_eq!(lines[4].matches('▒').count(), 1, "{chart}");
    }

    #[test]
    fn falls_back_to_request_totals_and_draws_nothing_for_nothing() {
        let rows = [ApiUsageRow::default().with_requests(3)];
        let chart = render(&rows);
        assert!(
            chart.contains("all  all ███") && chart.ends_with(" 3"),
            "{chart}"
        );
        assert_eq!(render(&[]), "");
        assert_eq!(render(&[ApiUsageRow::default().with_requests(0)]), "");
    }
}
