//! `genesys oauth clients usage ...`: summaries, queries from flags, --file and stdin, results, and `run` with
//! its table and chart.

mod common;

use common::{ADMIN_ID, Emulator, temp_dir};

/// Makes requests with the admin's tokens so that its usage has rows: some 2xx and a 404.
fn make_traffic(emulator: &Emulator) {
    for _ in 0..3 {
        emulator
            .genesys()
            .args(["oauth", "clients", "list"])
            .run()
            .ok();
    }
    emulator
        .genesys()
        .args(["oauth", "clients", "get", "missing"])
        .run()
        .error(1);
}

#[test]
fn summary_get_returns_an_execution_and_with_wait_its_rows() {
    // Today's live counts: these tests check the requests they just made (the platform counts complete UTC
    // days only, the emulator's default).
    let emulator = Emulator::start(&["--usage-live"]);
    make_traffic(&emulator);
    let execution = emulator
        .genesys()
        .args([
            "oauth", "clients", "usage", "summary", "get", ADMIN_ID, "--days", "7",
        ])
        .run()
        .json();
    let execution_id = execution["executionId"].as_str().expect("an executionId");
    assert!(
        execution["resultsUri"]
            .as_str()
            .unwrap()
            .contains(execution_id)
    );
    let table = emulator
        .genesys()
        .args([
            "oauth", "clients", "usage", "summary", "get", ADMIN_ID, "-o", "table",
        ])
        .run();
    let text = table.ok();
    assert!(
        text.contains("execution id") && text.contains("usage query results get"),
        "{text}"
    );

    let rows = emulator
        .genesys()
        .args([
            "oauth", "clients", "usage", "summary", "get", ADMIN_ID, "--wait",
        ])
        .run()
        .json();
    assert_eq!(rows["queryStatus"], "Complete");
    let requests: i64 = rows["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["requests"].as_i64().unwrap_or(0))
        .sum();
    assert!(requests >= 4, "{rows}");
}

#[test]
fn query_create_from_flags_file_or_stdin_then_results_get() {
    // Today's live counts: these tests check the requests they just made (the platform counts complete UTC
    // days only, the emulator's default).
    let emulator = Emulator::start(&["--usage-live"]);
    make_traffic(&emulator);
    let created = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "usage",
            "query",
            "create",
            ADMIN_ID,
            "--interval",
            "1d",
        ])
        .args([
            "--metric",
            "Requests",
            "--metric",
            "4xx",
            "--group-by",
            "HttpMethod",
        ])
        .run()
        .json();
    let execution_id = created["executionId"].as_str().unwrap().to_owned();
    let table = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "usage",
            "query",
            "create",
            ADMIN_ID,
            "--interval",
            "1h",
        ])
        .args(["--output", "table"])
        .run();
    let text = table.ok();
    assert!(
        text.contains("execution id") && text.contains("results URI"),
        "{text}"
    );

    let dir = temp_dir("query");
    let file = dir.join("query.json");
    let now = "2999-01-01T00:00:00Z";
    std::fs::write(
        &file,
        format!(r#"{{"interval":"2000-01-01T00:00:00Z/{now}","granularity":"Day"}}"#),
    )
    .unwrap();
    let from_file = emulator
        .genesys()
        .args([
            "oauth", "clients", "usage", "query", "create", ADMIN_ID, "--file",
        ])
        .arg_path(&file)
        .run()
        .json();
    assert!(from_file["executionId"].is_string());
    let from_stdin = emulator
        .genesys()
        .args(["oauth", "clients", "usage", "query", "create", ADMIN_ID])
        .stdin(r#"{"interval":"2000-01-01T00:00:00Z/2999-01-01T00:00:00Z"}"#)
        .run()
        .json();
    assert!(from_stdin["executionId"].is_string());

    // Poll the first query until it is complete (bounded).
    let started = std::time::Instant::now();
    let rows = loop {
        let result = emulator
            .genesys()
            .args([
                "oauth",
                "clients",
                "usage",
                "query",
                "results",
                "get",
                &execution_id,
                ADMIN_ID,
            ])
            .run()
            .json();
        if result["queryStatus"] == "Complete" {
            break result;
        }
        assert!(started.elapsed() < common::DEADLINE, "{result}");
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let rows = rows["results"].as_array().unwrap();
    assert!(
        rows.iter().any(|row| row["httpMethod"] == "GET"),
        "{rows:?}"
    );
    assert!(
        rows.iter().any(|row| row["status400"].as_i64() >= Some(1)),
        "{rows:?}"
    );
    assert!(
        rows.iter().all(|row| row.get("status200").is_none()),
        "only the metrics asked for"
    );

    let table = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "usage",
            "query",
            "results",
            "get",
            &execution_id,
            ADMIN_ID,
            "-o",
            "table",
        ])
        .run();
    assert!(
        table.ok().contains("METHOD") && table.stdout.contains("GET"),
        "{}",
        table.stdout
    );

    let missing = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "usage",
            "query",
            "results",
            "get",
            "no-such-execution",
            ADMIN_ID,
        ])
        .run();
    assert!(missing.error(1).contains("no-such-execution"));
    let no_interval = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "usage",
            "query",
            "create",
            ADMIN_ID,
            "--granularity",
            "Day",
        ])
        .run();
    assert!(no_interval.error(2).contains("--interval"));
    let bad_interval = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "usage",
            "query",
            "run",
            ADMIN_ID,
            "--interval",
            "yesterday",
        ])
        .run();
    assert_eq!(bad_interval.code, Some(2), "{bad_interval:?}");
}

#[test]
fn query_run_waits_and_prints_rows_and_a_chart_of_status_classes() {
    // Today's live counts: these tests check the requests they just made (the platform counts complete UTC
    // days only, the emulator's default).
    let emulator = Emulator::start(&["--usage-live"]);
    make_traffic(&emulator);
    let output = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "usage",
            "query",
            "run",
            ADMIN_ID,
            "--interval",
            "1d",
        ])
        .args(["--granularity", "Day"])
        .run();
    let json = output.json();
    assert_eq!(json["queryStatus"], "Complete");
    assert!(json["results"][0]["date"].is_string(), "{json}");
    assert!(
        !output.stderr.contains('⠋'),
        "no spinner when stderr is not a terminal"
    );

    let table = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "usage",
            "query",
            "run",
            ADMIN_ID,
            "--interval",
            "1d",
        ])
        .args(["--granularity", "Day", "--output", "table"])
        .run();
    let text = table.ok();
    assert!(
        text.contains("query status: Complete") && text.contains("REQUESTS"),
        "{text}"
    );
    let chart: Vec<&str> = text
        .lines()
        .skip_while(|line| !line.starts_with("Requests per time bucket"))
        .collect();
    assert!(chart.len() >= 3, "a legend and a bar per class: {text}");
    assert!(
        chart[0].contains("█ 2xx") && chart[0].contains("▒ 4xx"),
        "{text}"
    );
    let two_xx = chart
        .iter()
        .skip(1)
        .find(|line| line.contains(" 2xx "))
        .unwrap();
    let four_xx = chart
        .iter()
        .skip(1)
        .find(|line| line.contains(" 4xx "))
        .unwrap();
    // 2xx requests outnumber the one 404, so their bar is the longest.
    assert_eq!(two_xx.matches('█').count(), 40, "{text}");
    assert!((1..40).contains(&four_xx.matches('▒').count()), "{text}");

    let timeout = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "usage",
            "query",
            "run",
            "no-such-client",
            "--interval",
            "1d",
        ])
        .run();
    assert!(timeout.error(1).contains("404"));
}

#[test]
fn query_run_gives_up_after_its_timeout_with_exit_3() {
    let emulator = Emulator::start(&["--usage-delay-ms", "60000"]);
    let output = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "usage",
            "query",
            "run",
            ADMIN_ID,
            "--interval",
            "1h",
            "--timeout",
            "1",
        ])
        .run();
    let line = output.error(3);
    assert!(
        line.contains("did not finish within 1 s") && line.contains("results get"),
        "{line}"
    );
}
