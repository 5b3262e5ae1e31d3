//! Printing results: the API's JSON (the default), the same as YAML, the results of `--jq`, or tables for people.

pub(crate) mod access_table;
mod chart;
pub(crate) mod fit;
mod json;
pub(crate) mod table;
mod usage_table;

use std::io::{self, IsTerminal, Write};

use serde::de::{DeserializeOwned, IgnoredAny};

use crate::cli::OutputFormat;
use crate::cli_error::{CliError, Failure};
use crate::jq::Filter;

/// The JSON document `json` (valid JSON) as YAML.
fn as_yaml(json: &[u8]) -> Result<String, CliError> {
    let unreadable = |error: String| {
        CliError::new(
            Failure::Api,
            format!("the API's answer could not be shown as YAML: {error}"),
        )
    };
    let value = crate::yaml::from_json(json).map_err(|error| unreadable(error.to_string()))?;
    crate::yaml::to_yaml(&value).map_err(|error| unreadable(error.to_string()))
}

/// Where and how results are printed.
#[derive(Debug)]
pub(crate) struct Output {
    format: OutputFormat,
    /// Pretty JSON for a person at a terminal, compact JSON for pipes and files.
    pretty: bool,
    /// `--jq`: what is printed is the filter's results on the body.
    filter: Option<Filter>,
    /// The columns tables fit in: the terminal's, or none (printed whole) for pipes, files and `--wide`.
    fit: fit::Fit,
}

/// The width of the terminal standard output is, if it is one: `COLUMNS` when set to a number (as `ls` and
/// `git` read it), the terminal's own size otherwise. Never a width for a pipe or a file.
pub(crate) fn terminal_width(columns: Option<&str>) -> fit::Fit {
    if !io::stdout().is_terminal() {
        return None;
    }
    columns
        .and_then(|columns| columns.trim().parse::<usize>().ok())
        .filter(|&columns| columns > 0)
        .or_else(|| {
            terminal_size::terminal_size_of(io::stdout())
                .map(|(width, _)| usize::from(width.0))
                .filter(|&columns| columns > 0)
        })
}

impl Output {
    /// Output in `format` to standard output, through `filter` if given; tables fit the terminal unless `wide`.
    pub(crate) fn new(format: OutputFormat, filter: Option<Filter>, wide: bool) -> Self {
        let fit = if wide {
            None
        } else {
            terminal_width(std::env::var("COLUMNS").ok().as_deref())
        };
        Self {
            format,
            pretty: io::stdout().is_terminal(),
            filter,
            fit,
        }
    }

    /// Whether tables were asked for.
    pub(crate) fn is_table(&self) -> bool {
        self.format == OutputFormat::Table
    }

    /// Prints a JSON document (as received: every field, in the API's order) as JSON or YAML, or the results of
    /// `--jq` on it. An empty body prints nothing.
    pub(crate) fn json(&self, body: &[u8]) -> Result<(), CliError> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        let text = std::str::from_utf8(body)
            .ok()
            .filter(|text| serde_json::from_str::<IgnoredAny>(text).is_ok())
            .ok_or_else(|| {
                CliError::new(
                    Failure::Api,
                    format!(
                        "the API answered with {} bytes that are not JSON",
                        body.len()
                    ),
                )
            })?;
        if let Some(filter) = &self.filter {
            return filter.run(body, |result, is_string| {
                self.text(&self.filtered(&result, is_string)?)
            });
        }
        if self.format == OutputFormat::Yaml {
            return self.text(&as_yaml(text.as_bytes())?);
        }
        self.text(&json::reformat(text, self.pretty))
    }

    /// One result of `--jq` (compact JSON) as printed: a string raw, as gh prints it; JSON or YAML otherwise.
    fn filtered(&self, result: &str, is_string: bool) -> Result<String, CliError> {
        if is_string {
            if let Ok(text) = serde_json::from_str::<String>(result) {
                return Ok(format!("{text}\n"));
            }
        }
        // jaq can make values JSON has no form for (NaN, byte strings): printed as jaq writes them.
        let valid = serde_json::from_str::<IgnoredAny>(result).is_ok();
        if self.format == OutputFormat::Yaml && valid {
            return Ok(format!("---\n{}", as_yaml(result.as_bytes())?));
        }
        let text = if valid {
            json::reformat(result, self.pretty)
        } else {
            result.to_owned()
        };
        Ok(format!("{text}\n"))
    }

    /// Prints `body` as JSON, or, for tables, parses it as `T` and prints what `render` makes of it in the
    /// columns tables fit in.
    pub(crate) fn show<T: DeserializeOwned>(
        &self,
        body: &[u8],
        render: impl FnOnce(&T, fit::Fit) -> String,
    ) -> Result<(), CliError> {
        if !self.is_table() {
            return self.json(body);
        }
        let value: T = serde_json::from_slice(body).map_err(|error| {
            CliError::new(
                Failure::Api,
                format!("the API's answer could not be read: {error}"),
            )
        })?;
        self.text(&render(&value, self.fit))
    }

    /// Prints text, ending it with a newline.
    pub(crate) fn text(&self, text: &str) -> Result<(), CliError> {
        let mut stdout = io::stdout().lock();
        let newline = if text.ends_with('\n') { "" } else { "\n" };
        write!(stdout, "{text}{newline}")
            .and_then(|()| stdout.flush())
            .map_err(|error| match error.kind() {
                // `genesys ... | head`: the reader has all it wanted.
                io::ErrorKind::BrokenPipe => CliError::new(Failure::Quiet, ""),
                _ => CliError::environment(format!("cannot write to standard output: {error}")),
            })
    }
}
