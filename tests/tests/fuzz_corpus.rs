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
