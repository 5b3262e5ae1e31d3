//! Tables that fit the terminal: long text is cut with `…`, lists are counted, and columns of less value give
//! way on a narrow terminal. A table for a pipe, a file or `--wide` is printed whole.

use comfy_table::{ContentArrangement, Table, presets};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The columns a table may take: the terminal's width, or `None` to print it whole (a pipe, a file, `--wide`).
pub(crate) type Fit = Option<usize>;

/// Below this many columns, the columns marked `narrow_drop` are left out first.
const NARROW: usize = 100;

/// The characters a table of `columns` columns takes besides its cells: `│ ` before each cell, ` ` after it,
/// and the closing `│`.
fn frame(columns: usize) -> usize {
    3 * columns + 1
}

/// How a column gives way when its table is too wide.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Give {
    /// Never cut nor left out: an id, which is useless cut.
    Never,
    /// Cut with `…` down to this many characters; left out only when that is not enough.
    Cut(usize),
    /// Shown whole or left out.
    Whole,
}

/// A column: its header, how it gives way, and whether it is left out first on a narrow terminal.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Column {
    header: &'static str,
    give: Give,
    narrow_drop: bool,
}

impl Column {
    /// A column that gives way as `give` says.
    pub(crate) const fn new(header: &'static str, give: Give) -> Self {
        Self {
            header,
            give,
            narrow_drop: false,
        }
    }

    /// The same column, left out first below 100 columns: of less value than the others.
    pub(crate) const fn low_value(self) -> Self {
        Self {
            narrow_drop: true,
            ..self
        }
    }
}

/// A cell: text, or a list that is joined with `, ` when it fits and counted when it does not.
#[derive(Clone, Debug)]
pub(crate) enum Cell {
    /// Text, cut with `…` when too long.
    Text(String),
    /// Items, and the noun that counts them (`scope` makes `3 scopes`).
    List(Vec<String>, &'static str),
}

impl Cell {
    fn natural(&self) -> usize {
        match self {
            Self::Text(text) => text.width(),
            Self::List(items, _) => {
                items.iter().map(|item| item.width()).sum::<usize>()
                    + 2 * items.len().saturating_sub(1)
            }
        }
    }

    /// The cell in at most `width` characters.
    fn render(&self, width: usize) -> String {
        match self {
            Self::Text(text) => cut(text, width),
            Self::List(items, noun) => list(items, noun, width),
        }
    }
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

/// `text` in at most `width` characters: cut, ending with `…`, when longer.
pub(crate) fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// As many items as fit in `width` and `+N` for the rest, or just how many there are.
fn list(items: &[String], noun: &str, width: usize) -> String {
    let joined = items.join(", ");
    if joined.width() <= width {
        return joined;
    }
    let count = format!(
        "{} {noun}{}",
        items.len(),
        if items.len() == 1 { "" } else { "s" }
    );
    let mut best = None;
    for shown in 1..items.len() {
        let text = format!("{}, +{}", items[..shown].join(", "), items.len() - shown);
        if text.width() <= width {
            best = Some(text);
        } else {
            break;
        }
    }
    best.unwrap_or_else(|| cut(&count, width))
}

/// A table being filled, then fitted to its width when printed.
#[derive(Debug)]
pub(crate) struct Fitted {
    columns: Vec<Column>,
    rows: Vec<Vec<Cell>>,
}

/// The columns left out or cut, so that the footer can say so.
#[derive(Debug, Default)]
pub(crate) struct Trimmed {
    /// The headers of the columns left out.
    pub(crate) hidden: Vec<&'static str>,
    /// Whether some cell was cut or counted.
    pub(crate) cut: bool,
}

impl Trimmed {
    /// Nothing when nothing was trimmed, or a line saying what `--wide` would show, in at most `width`
    /// characters.
    pub(crate) fn note(&self, width: Fit) -> String {
        let Some(width) = width else {
            return String::new();
        };
        let what = match (self.hidden.is_empty(), self.cut) {
            (true, false) => return String::new(),
            (true, true) => "long text whole".to_owned(),
            (false, false) => self.hidden.join(", "),
            (false, true) => format!("{} and long text whole", self.hidden.join(", ")),
        };
        cut(&format!("--wide shows {what}"), width)
    }
}

impl Fitted {
    /// An empty table with `columns`.
    pub(crate) fn new(columns: Vec<Column>) -> Self {
        Self {
            columns,
            rows: Vec::new(),
        }
    }

    /// Adds a row: one cell per column.
    pub(crate) fn row(&mut self, cells: Vec<Cell>) {
        debug_assert_eq!(cells.len(), self.columns.len());
        self.rows.push(cells);
    }

    /// The columns to show and their widths, for `width` columns (or all of them, whole).
    fn layout(&self, width: Fit) -> Vec<(usize, usize)> {
        let natural: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, column)| {
                self.rows
                    .iter()
                    .map(|row| row[i].natural())
                    .max()
                    .unwrap_or(0)
                    .max(column.header.width())
            })
            .collect();
        let mut shown: Vec<usize> = (0..self.columns.len()).collect();
        let Some(width) = width else {
            return shown.into_iter().map(|i| (i, natural[i])).collect();
        };
        let whole = natural.iter().sum::<usize>() + frame(shown.len());
        if width < NARROW && whole > width {
            shown.retain(|&i| !self.columns[i].narrow_drop);
        }
        loop {
            let budget = width.saturating_sub(frame(shown.len()));
            let fixed: usize = shown
                .iter()
                .filter(|&&i| !matches!(self.columns[i].give, Give::Cut(_)))
                .map(|&i| natural[i])
                .sum();
            let floor = |i: usize| match self.columns[i].give {
                Give::Cut(min) => natural[i].min(min),
                _ => natural[i],
            };
            let floors: usize = shown
                .iter()
                .filter(|&&i| matches!(self.columns[i].give, Give::Cut(_)))
                .map(|&i| floor(i))
                .sum();
            if fixed + floors <= budget {
                let mut widths: Vec<(usize, usize)> =
                    shown.iter().map(|&i| (i, natural[i])).collect();
                let mut total: usize = widths.iter().map(|(_, w)| w).sum();
                // The widest cuttable column gives a character at a time, so that the cut is shared.
                while total > budget {
                    let Some(widest) = widths
                        .iter_mut()
                        .filter(|(i, w)| *w > floor(*i))
                        .max_by_key(|(_, w)| *w)
                    else {
                        break;
                    };
                    widest.1 -= 1;
                    total -= 1;
                }
                return widths;
            }
            // Not enough even cut: the rightmost column that may go goes (columns are in order of value).
            match shown
                .iter()
                .rposition(|&i| self.columns[i].give != Give::Never)
            {
                Some(position) => {
                    shown.remove(position);
                }
                None => return shown.into_iter().map(|i| (i, natural[i])).collect(),
            }
        }
    }

    /// The table as text, fitted to `width`, and what was left out or cut.
    pub(crate) fn render(&self, width: Fit) -> (String, Trimmed) {
        let layout = self.layout(width);
        let mut table = Table::new();
        table.load_preset(presets::UTF8_FULL_CONDENSED);
        table.set_content_arrangement(ContentArrangement::Disabled);
        table.set_header(
            layout
                .iter()
                .map(|&(i, w)| cut(self.columns[i].header, w))
                .collect::<Vec<_>>(),
        );
        let mut trimmed = Trimmed {
            hidden: self
                .columns
                .iter()
                .enumerate()
                .filter(|(i, _)| !layout.iter().any(|(shown, _)| shown == i))
                .map(|(_, column)| column.header)
                .collect(),
            cut: false,
        };
        for row in &self.rows {
            table.add_row(
                layout
                    .iter()
                    .map(|&(i, w)| {
                        trimmed.cut |= row[i].natural() > w;
                        row[i].render(w)
                    })
                    .collect::<Vec<_>>(),
            );
        }
        (table.to_string(), trimmed)
    }
}

/// A table of two columns (a name, a value) in `width`: long values wrap, since a single record is read whole.
pub(crate) fn two_columns(rows: Vec<(&str, String)>, width: Fit) -> String {
    let mut table = Table::new();
    table.load_preset(presets::UTF8_FULL_CONDENSED);
    if let Some(width) = width {
        table.set_content_arrangement(ContentArrangement::Dynamic);
        table.set_width(u16::try_from(width).unwrap_or(u16::MAX));
    }
    for (name, value) in rows.into_iter().filter(|(_, value)| !value.is_empty()) {
        table.add_row(vec![name.to_owned(), value]);
    }
    table.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Fitted {
        let mut table = Fitted::new(vec![
            Column::new("ID", Give::Never),
            Column::new("NAME", Give::Cut(8)),
            Column::new("SCOPES", Give::Cut(8)),
            Column::new("CREATED", Give::Whole).low_value(),
        ]);
        for i in 0..3 {
            table.row(vec![
                Cell::from(format!("00000000-0000-4000-8000-00000000c00{i}")),
                Cell::from("x".repeat(200)),
                Cell::List(vec!["analytics:readonly".to_owned(); 4], "scope"),
                Cell::from("2025-06-01 12:30 UTC".to_owned()),
            ]);
        }
        table
    }

    #[test]
    fn every_line_fits_and_ids_stay_whole() {
        for width in [60, 80, 100, 160] {
            let (text, trimmed) = sample().render(Some(width));
            for line in text.lines() {
                assert!(line.width() <= width, "{width}: {line}");
            }
            assert!(
                text.contains("00000000-0000-4000-8000-00000000c002"),
                "{text}"
            );
            assert!(text.contains('…') && trimmed.cut, "{text}");
            assert!(!trimmed.note(Some(width)).is_empty());
        }
        let (narrow, trimmed) = sample().render(Some(80));
        assert!(!narrow.contains("CREATED"), "{narrow}");
        assert_eq!(trimmed.hidden, ["CREATED"]);
    }

    #[test]
    fn a_table_printed_whole_is_never_cut() {
        let (text, trimmed) = sample().render(None);
        assert!(
            text.contains(&"x".repeat(200)) && !text.contains('…'),
            "{text}"
        );
        assert!(trimmed.hidden.is_empty() && !trimmed.cut);
        assert_eq!(trimmed.note(None), "");
    }

    #[test]
    fn lists_show_what_fits_and_count_the_rest() {
        let items: Vec<String> = ["alpha", "beta", "gamma"].map(str::to_owned).to_vec();
        assert_eq!(list(&items, "scope", 40), "alpha, beta, gamma");
        assert_eq!(list(&items, "scope", 15), "alpha, beta, +1");
        assert_eq!(list(&items, "scope", 9), "alpha, +2");
        assert_eq!(list(&items, "scope", 8), "3 scopes");
        assert_eq!(cut("Supervisor Dashboard", 10), "Superviso…");
        assert_eq!(cut("日本語の名前", 5), "日本…");
    }
}
