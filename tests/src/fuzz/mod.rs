//! A small mutation fuzzer that runs on the stable toolchain.
//!
//! Each [`Target`] reads a byte string in its own structured format (see `input.rs`: every byte string is a valid
//! input) and feeds it to one family of parsers or request builders, checking properties beyond "no panic": an
//! error status never parses as a success, a parsed model writes JSON that parses back to the same JSON, a hostile
//! id stays one path segment, a secret never appears in an error message. A target answers with a short
//! *signature* of what happened (which error, at which JSON path); the loop keeps inputs whose signature is new,
//! a cheap stand-in for coverage feedback.
//!
//! Why not `proptest` or `arbitrary`: the formats are a few bytes of selectors followed by JSON or text, which a
//! forty-line reader covers; the JSON-aware mutations that find bugs in serde models are specific to this code
//! anyway; and a dependency-free loop builds in seconds on a cold cache.
//!
//! `cargo xtask fuzz --seconds N` runs the loop ([`run`]); `tests/corpus/<target>/` holds the committed corpus, which
//! `tests/fuzz_corpus.rs` replays on every `cargo test`. A failing input is written there as `crash-<hash>`, so
//! that it becomes a regression test once the bug is fixed.

mod engine;
mod input;
mod mutate;
mod seeds;
mod targets;

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::OnceLock;

pub use engine::{Config, Crash, Summary, read_corpus, run};
pub use seeds::seeds;

/// One fuzz target: a name (its corpus directory) and the function that runs one input.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    /// The target's name, also the name of its corpus directory.
    pub name: &'static str,
    /// Runs one input: a signature of what happened, or the property that was violated.
    pub run: fn(&[u8]) -> Result<String, String>,
}

/// Every target.
pub const TARGETS: &[Target] = &[
    Target {
        name: "response",
        run: targets::response::run,
    },
    Target {
        name: "model",
        run: targets::model::run,
    },
    Target {
        name: "text",
        run: targets::text::run,
    },
    Target {
        name: "request",
        run: targets::request::run,
    },
    Target {
        name: "paging",
        run: targets::paging::run,
    },
];

/// The target of this name.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|target| target.name == name)
}

/// What went wrong with one input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// The code under test panicked.
    Panic(String),
    /// The code returned, but broke a property the target checks.
    Violation(String),
}

impl core::fmt::Display for Finding {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Panic(message) => write!(f, "panic: {message}"),
            Self::Violation(message) => write!(f, "property violated: {message}"),
        }
    }
}

/// Runs one input through a target, catching panics: its signature, or what went wrong.
pub fn check(target: &Target, input: &[u8]) -> Result<String, Finding> {
    match catch_unwind(AssertUnwindSafe(|| (target.run)(input))) {
        Ok(Ok(signature)) => Ok(signature),
        Ok(Err(violation)) => Err(Finding::Violation(violation)),
        Err(payload) => {
            let message = payload
                .downcast_ref::<&str>()
                .map(|s| (*s).to_owned())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic with a non-string payload".to_owned());
            Err(Finding::Panic(message))
        }
    }
}

/// The committed corpus: `tests/corpus` of this package.
pub fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The models' JSON fixtures, which seed the model and response targets.
pub fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../crates/genesys-cloud-models/tests/fixtures")
}

/// A stable 64-bit hash (FNV-1a) naming corpus files by content, so the same input is never stored twice.
pub fn content_hash(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Shortens an error message into a signature part: up to the first `:`, `(`, `,` or quote, digits replaced, so that
/// signatures name kinds of outcomes (`missing field `name``, `invalid type`) rather than individual inputs.
pub(crate) fn normalize(message: &str) -> String {
    let cut = message
        .find(" at line ")
        .map_or(message, |at| &message[..at]);
    let end = cut
        .find([':', '(', ',', '"', '\''])
        .unwrap_or(cut.len())
        .min(64);
    let end = (0..=end)
        .rev()
        .find(|i| cut.is_char_boundary(*i))
        .unwrap_or(0);
    cut[..end]
        .trim()
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// A JSON path (`entities[3].createdBy.id`) with array indexes and keys the models do not know replaced, so that
/// mangled keys do not make every decode error look new.
pub(crate) fn normalize_path(path: &str) -> String {
    static KNOWN: OnceLock<HashSet<String>> = OnceLock::new();
    let known = KNOWN.get_or_init(|| {
        let documents: Vec<Vec<u8>> = std::fs::read_dir(fixtures_dir())
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter_map(|entry| std::fs::read(entry.path()).ok())
            .collect();
        mutate::json_keys(&documents)
            .into_iter()
            .filter_map(|key| String::from_utf8(key).ok())
            .collect()
    });
    path.split('.')
        .map(|segment| {
            let (name, indexed) = match segment.find('[') {
                Some(at) => (&segment[..at], true),
                None => (segment, false),
            };
            let name = if name.is_empty() || known.contains(name) {
                name
            } else {
                "?"
            };
            if indexed {
                format!("{name}[]")
            } else {
                name.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join(".")
}
