//! Replays the fuzz seeds and the committed corpus (`tests/corpus/<target>/`) through every fuzz target: no panic,
//! no broken property. A crash the fuzzer found lands in the corpus, so this test fails until it is fixed.

use genesys_cloud_tests::fuzz::{self, TARGETS};

#[test]
fn every_seed_and_corpus_input_passes_its_target() {
    let mut failures = Vec::new();
    for target in TARGETS {
        let seeds = fuzz::seeds(target.name, &fuzz::fixtures_dir());
        assert!(!seeds.is_empty(), "target {} has no seeds", target.name);
        let corpus = fuzz::read_corpus(&fuzz::corpus_dir().join(target.name));
        for input in seeds.iter().chain(&corpus) {
            if let Err(finding) = fuzz::check(target, input) {
                failures.push(format!(
                    "{} {:016x}: {finding}",
                    target.name,
                    fuzz::content_hash(input)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_model_seeds_parse_so_mutations_start_from_valid_documents() {
    let model = fuzz::target("model").unwrap();
    for input in fuzz::seeds("model", &fuzz::fixtures_dir()) {
        let signature = fuzz::check(model, &input).unwrap();
        assert!(signature.ends_with(":ok"), "{signature}");
    }
}

#[test]
fn a_short_run_covers_every_target() {
    let config = fuzz::Config {
        duration: std::time::Duration::from_millis(300),
        seed: 1,
        corpus: fuzz::corpus_dir(),
        fixtures: fuzz::fixtures_dir(),
        save_new: 0,
        max_len: 4096,
        only: Vec::new(),
    };
    let summary =
        fuzz::run(&config).unwrap_or_else(|crash| panic!("{}: {}", crash.target, crash.finding));
    assert_eq!(summary.per_target.len(), TARGETS.len());
    for (name, cases) in &summary.per_target {
        assert!(*cases > 10, "{name} ran only {cases} cases");
    }
}

#[test]
fn the_deepest_json_serde_accepts_parses_on_a_worker_sized_stack() {
    // serde_json stops at 128 levels; every model, with an unknown field nested just below that, must parse (or
    // refuse) without overflowing the 2 MiB stack of a Tokio worker thread, even unoptimized.
    let deep = format!("{}1{}", "[".repeat(126), "]".repeat(126));
    let body = format!(r#"{{"name":"n","authorizedGrantType":"CODE","unknown":{deep}}}"#);
    let handle = std::thread::Builder::new()
        .stack_size(2 * 1024 * 1024)
        .spawn(move || {
            let model = fuzz::target("model").unwrap();
            let response = fuzz::target("response").unwrap();
            for selector in 0..=u8::MAX {
                let mut input = vec![selector];
                input.extend_from_slice(body.as_bytes());
                fuzz::check(model, &input).unwrap();
                // Operation selector, status 200 (encoded as 100 above 100), no headers, then the body.
                let mut input = vec![selector, 0, 100, 0];
                input.extend_from_slice(body.as_bytes());
                fuzz::check(response, &input).unwrap();
            }
        })
        .unwrap();
    handle.join().expect("no stack overflow or panic");
}
