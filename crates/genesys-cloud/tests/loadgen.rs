//! The load generator example against the in-process emulator, through its base URL as any server would be.

#[allow(unreachable_pub, dead_code)]
#[path = "../examples/loadgen.rs"]
mod loadgen;

use genesys_cloud_emulator::{Emulator, EmulatorConfig};

fn args(emulator: &Emulator, op: &str, requests: &str) -> loadgen::Args {
    let argv = [
        "--base-url",
        &emulator.base_url(),
        "--client-id",
        emulator.admin_client_id(),
        "--client-secret",
        emulator.admin_client_secret(),
        "--requests",
        requests,
        "--concurrency",
        "8",
        "--op",
        op,
        "--max-seconds",
        "30",
    ];
    loadgen::Args::parse(argv.iter().map(|s| (*s).to_owned())).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn both_operations_complete_every_request_without_errors() {
    let emulator = Emulator::start(EmulatorConfig::default().seed_clients(3))
        .await
        .unwrap();
    for op in ["get-client", "list-clients"] {
        let summary = loadgen::run(&args(&emulator, op, "200")).await.unwrap();
        assert_eq!((summary.completed, summary.errors), (200, 0), "{op}");
        assert!(summary.rps > 0.0 && summary.p50 <= summary.p99, "{op}");
        let lines = summary.metric_lines();
        for name in [
            "loadgen_rps",
            "loadgen_p50_ms",
            "loadgen_p99_ms",
            "loadgen_errors",
        ] {
            assert!(lines.contains(&format!("metric {name} ")), "{lines}");
        }
    }
    emulator.shutdown().await;
}

#[test]
fn refuses_bad_arguments() {
    let parse = |argv: &[&str]| loadgen::Args::parse(argv.iter().map(|s| (*s).to_owned()));
    assert!(parse(&["--base-url", "http://127.0.0.1:1"]).is_err());
    assert!(parse(&["--requests", "0"]).is_err());
    assert!(parse(&["--op", "delete-everything"]).is_err());
    assert!(parse(&["--frobnicate", "1"]).is_err());
}
