//! Runs the ureq example as a test: the core over a blocking HTTP stack against the emulator on 127.0.0.1.

#[allow(unreachable_pub, dead_code)]
#[path = "../examples/ureq_blocking.rs"]
mod example;

#[test]
fn the_core_runs_end_to_end_over_ureq() {
    example::main().expect("the ureq example runs");
}
