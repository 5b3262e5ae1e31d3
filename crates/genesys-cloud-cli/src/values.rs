//! Value parsers that also name the values they know: the parsing stays lenient (any case, aliases, values the
//! API may add later), and help and shell completions can offer the known values.

use std::ffi::OsStr;

use clap::builder::{PossibleValue, TypedValueParser};

/// `inner`, with `names` as its known values.
#[derive(Clone, Debug)]
pub(crate) struct Known<P> {
    inner: P,
    names: &'static [&'static str],
}

impl<P> Known<P> {
    /// Parses with `inner`, and offers `names`.
    pub(crate) fn new(inner: P, names: &'static [&'static str]) -> Self {
        Self { inner, names }
    }
}

impl<P: TypedValueParser> TypedValueParser for Known<P> {
    type Value = P::Value;

    fn parse_ref(
        &self,
        command: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<Self::Value, clap::Error> {
        self.inner.parse_ref(command, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            self.names.iter().map(|name| PossibleValue::new(*name)),
        ))
    }
}
