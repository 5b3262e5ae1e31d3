//! Printing results: the API's JSON (the default) or tables for people.

mod chart;
mod json;
pub(crate) mod table;

use std::io::{self, IsTerminal, Write};

use serde::de::{DeserializeOwned, IgnoredAny};

use crate::cli::OutputFormat;
use crate::cli_error::{CliError, Failure};

/// Where and how results are printed.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Output {
    format: OutputFormat,
    /// Pretty JSON for a person at a terminal, compact JSON for pipes and files.
    pretty: bool,
}

impl Output {
    /// Output in `format` to standard output.
    pub(crate) fn new(format: OutputFormat) -> Self {
        Self {
            format,
            pretty: io::stdout().is_terminal(),
        }
    }

    /// Whether tables were asked for.
    pub(crate) fn is_table(&self) -> bool {
        self.format == OutputFormat::Table
    }

    /// Prints a JSON document (as received: every field, in the API's order). An empty body prints nothing.
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
        self.text(&json::reformat(text, self.pretty))
    }

    /// Prints `body` as JSON, or, for tables, parses it as `T` and prints what `render` makes of it.
    pub(crate) fn show<T: DeserializeOwned>(
        &self,
        body: &[u8],
        render: impl FnOnce(&T) -> String,
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
        self.text(&render(&value))
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
