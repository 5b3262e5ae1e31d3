//! `--jq FILTER`: a jq filter (the jaq implementation) run on the API's JSON before it is printed.
//!
//! The filter is compiled before any request is sent, so that a mistake in it costs nothing; a mistake is a usage
//! error (exit 2) whose message quotes the filter up to the point where it went wrong.

use jaq_core::load::{Arena, File, Loader};
use jaq_core::{Compiler, Ctx, Native, Vars, data};
use jaq_json::Val;

use crate::cli_error::CliError;

type Data = data::JustLut<Val>;

/// A compiled filter.
pub(crate) struct Filter {
    code: String,
    filter: jaq_core::compile::Filter<Native<Data>>,
}

impl std::fmt::Debug for Filter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Filter").field("code", &self.code).finish()
    }
}

/// Where in `code` the slice `part` starts, when it is a slice of `code` (jaq's errors point into the filter,
/// but an "unexpected end" may be a slice of something else).
fn offset(code: &str, part: &str) -> Option<usize> {
    let start = (part.as_ptr() as usize).checked_sub(code.as_ptr() as usize)?;
    (start <= code.len()).then_some(start)
}

/// `invalid --jq filter `.[] | map(`: expected term at character 10 (after `.[] | map(`)`: what went wrong, the
/// filter, and where (with what precedes that place, since a terminal shows no column numbers).
fn at(code: &str, part: &str, what: &str) -> CliError {
    let place = match offset(code, part) {
        Some(start) => {
            let before: Vec<char> = code[..start].chars().collect();
            let shown: String = before[before.len().saturating_sub(30)..].iter().collect();
            let place = if shown.trim().is_empty() {
                "at the start".to_owned()
            } else {
                format!("after `{}`", shown.trim_start())
            };
            format!(" at character {} ({place})", before.len() + 1)
        }
        None => String::new(),
    };
    CliError::usage(format!("invalid --jq filter `{code}`: {what}{place}"))
}

impl Filter {
    /// Parses and compiles `code`.
    pub(crate) fn new(code: &str) -> Result<Self, CliError> {
        if code.trim().is_empty() {
            return Err(CliError::usage(
                "invalid --jq filter: it is empty (use `.` for the whole document)",
            ));
        }
        let defs = jaq_core::defs()
            .chain(jaq_std::defs())
            .chain(jaq_json::defs());
        let funs = jaq_core::funs::<Data>()
            .chain(jaq_std::funs::<Data>())
            .chain(jaq_json::funs::<Data>());
        let arena = Arena::default();
        let program = File { code, path: () };
        let modules = Loader::new(defs).load(&arena, program).map_err(|errors| {
            use jaq_core::load::Error;
            for (_, error) in &errors {
                match error {
                    Error::Lex(errors) => {
                        if let Some((expected, part)) = errors.first() {
                            let what = format!("expected {}", expected.as_str());
                            return at(code, part, &what);
                        }
                    }
                    Error::Parse(errors) => {
                        if let Some((expected, part)) = errors.first() {
                            let what = format!("expected {}", expected.as_str());
                            return at(code, part, &what);
                        }
                    }
                    // Modules are not loaded from files (`import`, `include`): there is no search path.
                    Error::Io(errors) => {
                        if let Some((part, message)) = errors.first() {
                            return at(code, part, &format!("cannot import: {message}"));
                        }
                    }
                }
            }
            CliError::usage(format!("invalid --jq filter `{code}`"))
        })?;
        let filter = Compiler::default()
            .with_funs(funs)
            .compile(modules)
            .map_err(|errors| {
                let first = errors.iter().flat_map(|(_, errors)| errors.iter()).next();
                match first {
                    Some((name, undefined)) => at(
                        code,
                        name,
                        &format!("undefined {} `{name}`", undefined.as_str()),
                    ),
                    None => CliError::usage(format!("invalid --jq filter `{code}`")),
                }
            })?;
        Ok(Self {
            code: code.to_owned(),
            filter,
        })
    }

    /// Runs the filter on the JSON document `json`, giving each result to `each` as it comes (compact JSON, and
    /// whether it is a string), so that an endless filter (`repeat(1)`) streams rather than fills the memory, and
    /// `| head` ends it.
    pub(crate) fn run(
        &self,
        json: &[u8],
        mut each: impl FnMut(String, bool) -> Result<(), CliError>,
    ) -> Result<(), CliError> {
        let input = jaq_json::read::parse_single(json).map_err(|error| {
            CliError::new(
                crate::cli_error::Failure::Api,
                format!("the API's answer is not JSON, so --jq cannot read it: {error}"),
            )
        })?;
        let ctx = Ctx::<Data>::new(&self.filter.lut, Vars::new([]));
        for result in self.filter.id.run((ctx, input)) {
            match result {
                Ok(value) => {
                    let is_string = matches!(value, Val::TStr(_));
                    each(value.to_string(), is_string)?;
                }
                Err(exception) => match exception.get_err() {
                    Ok(error) => {
                        return Err(CliError::usage(format!(
                            "the --jq filter `{}` failed: {error}",
                            self.code
                        )));
                    }
                    // `halt` and `halt_error` end the output, as they end jq.
                    Err(halted) => match halted.get_halt() {
                        Ok(0) => break,
                        _ => {
                            return Err(CliError::usage(format!(
                                "the --jq filter `{}` halted with an error",
                                self.code
                            )));
                        }
                    },
                },
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(code: &str, json: &str) -> Vec<String> {
        let mut outputs = Vec::new();
        Filter::new(code)
            .unwrap()
            .run(json.as_bytes(), |text, _| {
                outputs.push(text);
                Ok(())
            })
            .unwrap();
        outputs
    }

    #[test]
    fn filters_select_map_and_keep_key_order() {
        let clients = r#"{"entities":[{"id":"a","state":"active"},{"id":"b","state":"inactive"}]}"#;
        assert_eq!(
            run(r#".entities[] | select(.state == "active") | .id"#, clients),
            ["\"a\""]
        );
        assert_eq!(run("[.entities[].id] | length", clients), ["2"]);
        assert_eq!(
            run(r#".entities[0] | {state, id}"#, clients),
            [r#"{"state":"active","id":"a"}"#]
        );
        assert_eq!(
            run(r#".entities[] | select(.id | test("^b"))| .id"#, clients),
            ["\"b\""]
        );
        assert_eq!(run("1, halt, 2", "null"), ["1"]);
    }

    #[test]
    fn mistakes_are_usage_errors_that_point_at_the_filter() {
        for (code, expected) in [
            (".entities[] | select(.state ==", "at character"),
            (".[", "expected"),
            ("nosuchfilter(1)", "undefined filter `nosuchfilter`"),
            ("$x", "undefined variable"),
            ("   ", "empty"),
            ("\"unterminated", "expected"),
            ("import \"x\" as x; .", "cannot import"),
            (".a | ]", "at character 6 (after `.a | `)"),
        ] {
            let error = Filter::new(code).unwrap_err();
            assert_eq!(error.failure(), crate::cli_error::Failure::Usage, "{code}");
            let line = error.line(&[]);
            assert!(line.contains("invalid --jq filter"), "{code}: {line}");
            assert!(line.contains(expected), "{code}: {line}");
        }
        let ignore = |_, _| Ok(());
        let error = Filter::new(".a").unwrap().run(b"[1]", ignore).unwrap_err();
        assert_eq!(error.failure(), crate::cli_error::Failure::Usage);
        assert!(
            error.line(&[]).contains("`.a` failed"),
            "{}",
            error.line(&[])
        );
        assert!(
            Filter::new("error(\"x\")")
                .unwrap()
                .run(b"1", ignore)
                .is_err()
        );
    }
}
