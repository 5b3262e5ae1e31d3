//! `genesys` for scripts, against a `genesys emulator` subprocess: `--jq`, YAML out and in, request skeletons
//! (`--print-request-body`), bulk input (`--directory`, `--dry-run`), and gc's names for them.

mod common;

use common::{Emulator, Genesys, NIGHTLY_EXPORT, VIEWER_ROLE, temp_dir};

/// The ids of the active clients, read from the plain JSON listing.
fn active_ids(emulator: &Emulator) -> Vec<String> {
    let list = emulator
        .genesys()
        .args(["oauth", "clients", "list"])
        .run()
        .json();
    list["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|client| client["state"] == "active")
        .map(|client| client["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn a_jq_filter_selects_the_active_clients_ids_one_per_line() {
    let emulator = Emulator::start(&[]);
    let expected = active_ids(&emulator);
    assert!(expected.len() > 3, "{expected:?}");
    let output = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "list",
            "--jq",
            r#".entities[] | select(.state == "active") | .id"#,
        ])
        .run();
    let ids: Vec<&str> = output.ok().lines().collect();
    assert_eq!(ids, expected, "strings printed raw, one per line");

    // Other values are JSON; with --output yaml, YAML documents.
    let output = emulator
        .genesys()
        .args(["oauth", "clients", "get", NIGHTLY_EXPORT])
        .args(["--jq", "{name, state}"])
        .run();
    assert_eq!(
        output.ok(),
        "{\"name\":\"Nightly Export\",\"state\":\"active\"}\n"
    );
    let output = emulator
        .genesys()
        .args(["oauth", "clients", "get", NIGHTLY_EXPORT, "-o", "yaml"])
        .args(["--jq", "{name, state}"])
        .run();
    assert_eq!(output.ok(), "---\nname: Nightly Export\nstate: active\n");
}

#[test]
fn with_autopaginate_the_filter_sees_the_whole_array() {
    let emulator = Emulator::start(&["--page-size", "4"]);
    let output = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "list",
            "--autopaginate",
            "--jq",
            "length",
        ])
        .run();
    assert_eq!(output.ok(), "14\n");
    let output = emulator
        .genesys()
        .args(["oauth", "clients", "list", "--jq", ".entities | length"])
        .run();
    assert_eq!(output.ok(), "4\n", "without it, one page");
}

#[test]
fn an_invalid_filter_is_a_usage_error_that_points_at_it_and_sends_nothing() {
    let emulator = Emulator::start(&[]);
    let filter = ".entities[] | select(.state ==";
    let output = emulator
        .genesys()
        .args(["oauth", "clients", "list", "--jq", filter])
        .run();
    let line = output.error(2);
    assert!(
        line.contains(&format!("invalid --jq filter `{filter}`")),
        "{line}"
    );
    assert!(line.contains("at character 31"), "{line}");
    let line = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "list",
            "--jq",
            ".entities[] | nosuchfilter",
        ])
        .run()
        .error(2)
        .to_owned();
    assert!(line.contains("undefined filter `nosuchfilter`"), "{line}");
    assert_eq!(emulator.stats()["requests"], 0, "compiled before sending");

    // A filter failing on the answer is a usage error too, never a panic.
    let output = emulator
        .genesys()
        .args(["oauth", "clients", "list", "--jq", ".entities.name"])
        .run();
    assert!(
        output
            .error(2)
            .contains("--jq filter `.entities.name` failed")
    );
    // And --jq filters JSON or YAML, not tables.
    let output = emulator
        .genesys()
        .args(["oauth", "clients", "list", "--jq", ".", "-o", "table"])
        .run();
    assert!(output.error(2).contains("not --output table"));
}

#[test]
fn yaml_out_and_back_in_round_trips_a_client() {
    let emulator = Emulator::start(&[]);
    let dir = temp_dir("yaml");
    let before = emulator
        .genesys()
        .args(["oauth", "clients", "get", NIGHTLY_EXPORT])
        .run()
        .json();
    let yaml = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "get",
            NIGHTLY_EXPORT,
            "--output",
            "yaml",
        ])
        .run();
    let yaml = yaml.ok();
    // Every field, in the API's order.
    assert!(
        yaml.starts_with(&format!("id: {NIGHTLY_EXPORT}\nname: Nightly Export\n")),
        "{yaml}"
    );
    for key in before.as_object().unwrap().keys() {
        assert!(
            yaml.contains(&format!("\n{key}:")) || yaml.starts_with(&format!("{key}:")),
            "{key}"
        );
    }
    let file = dir.join("client.yaml");
    std::fs::write(
        &file,
        yaml.replace("Nightly Export", "Nightly Export (YAML)"),
    )
    .unwrap();
    let updated = emulator
        .genesys()
        .args(["oauth", "clients", "update", NIGHTLY_EXPORT, "--file"])
        .arg_path(&file)
        .run()
        .json();
    assert_eq!(updated["name"], "Nightly Export (YAML)");
    let after = emulator
        .genesys()
        .args(["oauth", "clients", "get", NIGHTLY_EXPORT])
        .run()
        .json();
    for key in [
        "authorizedGrantType",
        "roleDivisions",
        "accessTokenValiditySeconds",
        "state",
        "description",
    ] {
        assert_eq!(after[key], before[key], "{key}");
    }

    // YAML on standard input with gc's --inputformat, and gc's --outputformat.
    let created = emulator
        .genesys()
        .args(["oauth", "clients", "create", "--inputformat", "YAML", "--outputformat", "yaml"])
        .stdin(format!(
            "name: From YAML\nauthorizedGrantType: CLIENT-CREDENTIALS\nroleDivisions:\n  - roleId: {VIEWER_ROLE}\n    divisionId: '*'\n"
        ))
        .run();
    assert!(
        created.ok().contains("\nname: From YAML\n"),
        "{}",
        created.stdout
    );

    // YAML that is not a client is a usage error naming the field; an alias bomb is refused, quickly.
    std::fs::write(&file, "name: [1, 2]\nauthorizedGrantType: CODE\n").unwrap();
    let output = emulator
        .genesys()
        .args(["oauth", "clients", "create", "--file"])
        .arg_path(&file)
        .run();
    assert!(
        output
            .error(2)
            .contains("not a valid OAuthClientRequest: name:"),
        "{output:#?}"
    );
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (name, previous) in ('b'..='j').zip('a'..) {
        bomb.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{previous}"); 10].join(", ")
        ));
    }
    std::fs::write(&file, bomb).unwrap();
    let output = emulator
        .genesys()
        .args(["oauth", "clients", "create", "--file"])
        .arg_path(&file)
        .run();
    assert!(output.error(2).contains("not valid YAML"), "{output:#?}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_skeleton_filled_in_creates_a_client() {
    // No credentials needed: nothing is sent.
    let skeleton = Genesys::new()
        .args(["oauth", "clients", "create", "--print-request-body"])
        .run()
        .json();
    for read_only in ["id", "secret", "dateCreated", "dateModified", "selfUri"] {
        assert!(skeleton.get(read_only).is_none(), "{read_only}: {skeleton}");
    }
    assert_eq!(skeleton["accessTokenValiditySeconds"], 0);
    assert_eq!(skeleton["roleDivisions"][0]["divisionId"], "");
    // gc's spelling, and YAML.
    let yaml = Genesys::new()
        .args([
            "oauth",
            "clients",
            "update",
            "--printrequestbody",
            "-o",
            "yaml",
        ])
        .run();
    assert!(
        yaml.ok()
            .starts_with("name: ''\naccessTokenValiditySeconds: 0\n"),
        "{}",
        yaml.stdout
    );

    let emulator = Emulator::start(&[]);
    let mut body = skeleton;
    body["name"] = "From a skeleton".into();
    body["authorizedGrantType"] = "CLIENT-CREDENTIALS".into();
    body["accessTokenValiditySeconds"] = 3600.into();
    body["description"] = "filled in".into();
    body["roleDivisions"] = serde_json::json!([{"roleId": VIEWER_ROLE, "divisionId": "*"}]);
    body["state"] = "active".into();
    let object = body.as_object_mut().unwrap();
    for unused in ["registeredRedirectUri", "roleIds", "scope", "dateToDelete"] {
        object.remove(unused);
    }
    let dir = temp_dir("skeleton");
    let file = dir.join("client.json");
    std::fs::write(&file, body.to_string()).unwrap();
    let created = emulator
        .genesys()
        .args(["oauth", "clients", "create", "-f"])
        .arg_path(&file)
        .run()
        .json();
    assert_eq!(created["name"], "From a skeleton");
    assert_eq!(created["accessTokenValiditySeconds"], 3600);
    assert!(created["secret"].is_string());

    // The usage query's skeleton, filled in, is accepted too.
    let mut query = Genesys::new()
        .args(["oauth", "clients", "usage", "query", "create", "-b"])
        .run()
        .json();
    assert_eq!(query.as_object().unwrap().len(), 4, "{query}");
    query["interval"] = "2025-06-01T00:00:00Z/2025-06-08T00:00:00Z".into();
    query["granularity"] = "Day".into();
    query["metrics"] = serde_json::json!(["Requests"]);
    query["groupBy"] = serde_json::json!(["OAuthClientId"]);
    let file = dir.join("query.json");
    std::fs::write(&file, query.to_string()).unwrap();
    let execution = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "usage",
            "query",
            "create",
            NIGHTLY_EXPORT,
            "--file",
        ])
        .arg_path(&file)
        .run()
        .json();
    assert!(execution["executionId"].is_string(), "{execution}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A client body in JSON or YAML.
fn client_file(name: &str, yaml: bool) -> String {
    if yaml {
        format!(
            "name: {name}\nauthorizedGrantType: CLIENT-CREDENTIALS\nroleDivisions:\n- roleId: {VIEWER_ROLE}\n  divisionId: '*'\n"
        )
    } else {
        serde_json::json!({
            "name": name,
            "authorizedGrantType": "CLIENT-CREDENTIALS",
            "roleDivisions": [{"roleId": VIEWER_ROLE, "divisionId": "*"}],
        })
        .to_string()
    }
}

#[test]
fn a_directory_of_five_files_with_one_invalid_creates_four_and_names_the_fifth() {
    let emulator = Emulator::start(&[]);
    let dir = temp_dir("bulk");
    std::fs::write(dir.join("1-alpha.json"), client_file("Bulk alpha", false)).unwrap();
    std::fs::write(dir.join("2-beta.yaml"), client_file("Bulk beta", true)).unwrap();
    std::fs::write(dir.join("3-broken.json"), "{\"name\": \"Bulk broken\",").unwrap();
    std::fs::write(dir.join("4-gamma.yml"), client_file("Bulk gamma", true)).unwrap();
    std::fs::write(dir.join("5-delta.json"), client_file("Bulk delta", false)).unwrap();
    std::fs::write(dir.join("README.txt"), "not a body").unwrap();
    let clients_before = emulator.stats()["clients"].as_u64().unwrap();

    // --dry-run reads and checks every file and sends nothing (not even a token request).
    let output = emulator
        .genesys()
        .args(["oauth", "clients", "create", "--dry-run", "--directory"])
        .arg_path(&dir)
        .run();
    assert_eq!(output.code, Some(1), "{output:#?}");
    let bodies: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    assert_eq!(bodies.as_array().unwrap().len(), 4);
    assert_eq!(bodies[1]["name"], "Bulk beta");
    assert!(output.stderr.contains("3-broken.json"), "{}", output.stderr);
    let stats = emulator.stats();
    assert_eq!(stats["requests"], 0, "{stats}");
    assert_eq!(stats["tokensIssued"], 0, "{stats}");

    let output = emulator
        .genesys()
        .args(["oauth", "clients", "create", "-d"])
        .arg_path(&dir)
        .run();
    assert_eq!(output.code, Some(1), "{output:#?}");
    let created: serde_json::Value = serde_json::from_str(&output.stdout).unwrap();
    let names: Vec<&str> = created
        .as_array()
        .unwrap()
        .iter()
        .map(|client| client["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Bulk alpha", "Bulk beta", "Bulk gamma", "Bulk delta"],
        "in file order"
    );
    let errors: Vec<&str> = output
        .stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 2, "{}", output.stderr);
    assert!(
        errors[0].contains("3-broken.json: the request body is not a valid"),
        "{}",
        errors[0]
    );
    assert!(errors[1].contains("1 of 5 files failed") && errors[1].contains("3-broken.json"));
    assert_eq!(
        emulator.stats()["clients"].as_u64().unwrap(),
        clients_before + 4
    );
    assert_eq!(emulator.stats()["mutations"]["create"], 4);

    // update --directory: clients as `get` prints them (ids inside), edited; --jq sees the whole array.
    let update_dir = temp_dir("bulk-update");
    for (index, client) in created.as_array().unwrap().iter().enumerate().take(2) {
        let id = client["id"].as_str().unwrap();
        let yaml = emulator
            .genesys()
            .args(["oauth", "clients", "get", id, "-o", "yaml"])
            .run();
        let edited = yaml.ok().replace("name: Bulk", "name: Renamed");
        std::fs::write(update_dir.join(format!("{index}.yaml")), edited).unwrap();
    }
    let output = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "update",
            "--jq",
            "map(.name)",
            "--directory",
        ])
        .arg_path(&update_dir)
        .run();
    assert_eq!(output.ok(), "[\"Renamed alpha\",\"Renamed beta\"]\n");
    // An id and a directory are one too many; a file without an id is named.
    let output = emulator
        .genesys()
        .args(["oauth", "clients", "update", NIGHTLY_EXPORT, "--directory"])
        .arg_path(&update_dir)
        .run();
    assert_eq!(output.code, Some(2), "{output:#?}");
    let output = emulator
        .genesys()
        .args(["oauth", "clients", "update", "--directory"])
        .arg_path(&dir)
        .run();
    assert_eq!(output.code, Some(1));
    assert!(
        output.stderr.contains("1-alpha.json: no `id`"),
        "{}",
        output.stderr
    );
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&update_dir).unwrap();
}

#[test]
fn a_dry_run_of_valid_files_prints_their_bodies_and_sends_nothing() {
    let emulator = Emulator::start(&[]);
    let dir = temp_dir("dry-run");
    std::fs::write(dir.join("a.json"), client_file("Dry A", false)).unwrap();
    std::fs::write(dir.join("b.yaml"), client_file("Dry B", true)).unwrap();
    let output = emulator
        .genesys()
        .args([
            "oauth",
            "clients",
            "create",
            "--dry-run",
            "--description",
            "from flags",
            "-o",
            "yaml",
            "-d",
        ])
        .arg_path(&dir)
        .run();
    let yaml = output.ok();
    assert!(yaml.starts_with("- name: Dry A\n"), "{yaml}");
    assert_eq!(yaml.matches("description: from flags").count(), 2, "{yaml}");
    let stats = emulator.stats();
    assert_eq!(stats["requests"], 0, "{stats}");
    assert_eq!(stats["mutations"]["create"], 0, "{stats}");
    // Nothing is sent, so no credentials are needed.
    let output = Genesys::new()
        .args(["oauth", "clients", "create", "--dry-run", "--directory"])
        .arg_path(&dir)
        .run();
    assert_eq!(output.json()[1]["name"], "Dry B");
    // --dry-run needs --directory; an empty directory is a usage error.
    let output = emulator
        .genesys()
        .args(["oauth", "clients", "create", "--dry-run", "--name", "x"])
        .run();
    assert_eq!(output.code, Some(2));
    let empty = temp_dir("empty");
    let output = emulator
        .genesys()
        .args(["oauth", "clients", "create", "--directory"])
        .arg_path(&empty)
        .run();
    assert!(
        output
            .error(2)
            .contains("holds no .json, .yaml or .yml file")
    );
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&empty).unwrap();
}
