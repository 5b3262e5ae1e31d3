//! `cargo xtask ci`: every check, cheapest first.

use std::time::Instant;

/// What CI runs: the cheap checks first, so a mistake fails in seconds rather than after the build. Formatting
/// is checked once, before deps-check, and not again by the lint step.
pub(crate) fn run() -> Result<(), String> {
    let started = Instant::now();
    crate::lint::fmt_check()?;
    crate::codegen::run(&["--check".to_owned()])?;
    crate::deps_check::run()?;
    crate::lint::clippy_and_doc()?;
    crate::features::run()?;
    crate::test_suite::run()?;
    // Short runs of the fuzzer and the fault soak, in debug builds whose dependencies the tests compiled.
    crate::fuzz::ci()?;
    crate::soak::ci()?;
    eprintln!("ci passed in {:.0}s", started.elapsed().as_secs_f64());
    Ok(())
}
