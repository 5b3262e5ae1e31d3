//! Runs the async example: the core over a bare hyper client against the emulator on 127.0.0.1.

#[allow(unreachable_pub, dead_code)]
#[path = "../examples/async_hyper.rs"]
mod async_hyper;

#[tokio::test]
async fn the_core_runs_end_to_end_over_a_bare_hyper_client() {
    assert!(async_hyper::run().await.unwrap() > 5);
}
