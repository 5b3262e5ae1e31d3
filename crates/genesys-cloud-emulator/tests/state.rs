//! The state file: changes survive a restart, saves are atomic, a corrupt file is a clear error.

mod common;

use std::fs;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use common::*;
use genesys_cloud_emulator::{Emulator, EmulatorConfig, EmulatorError};
use serde_json::json;

#[tokio::test]
async fn changes_survive_a_restart() {
    let dir = temp_dir("restart");
    let path = dir.join("state.json");
    let config = || EmulatorConfig::default().state_file(&path).seed_clients(2);

    let (emulator, http) = start(config()).await;
    assert!(path.exists(), "the seed state is written at start");
    let admin = admin_token(&emulator, &http).await;
    let created = http
        .post(
            "/api/v2/oauth/clients",
            &admin,
            &json!({"name": "Keeper", "authorizedGrantType": "CLIENT-CREDENTIALS", "futureField": {"a": 1}}),
        )
        .await
        .json();
    let id = created["id"].as_str().unwrap().to_owned();
    let rotated = http
        .post(
            &format!("/api/v2/oauth/clients/{id}/secret"),
            &admin,
            &json!({}),
        )
        .await
        .json();
    let secret = rotated["secret"].as_str().unwrap().to_owned();
    let mut updated = http
        .get(&format!("/api/v2/oauth/clients/{id}"), &admin)
        .await
        .json();
    updated["description"] = json!("kept across restarts");
    http.put(&format!("/api/v2/oauth/clients/{id}"), &admin, &updated)
        .await;
    let doomed = http
        .post(
            "/api/v2/oauth/clients",
            &admin,
            &json!({"name": "Doomed", "authorizedGrantType": "CODE", "state": "inactive"}),
        )
        .await
        .json();
    let doomed_path = format!("/api/v2/oauth/clients/{}", doomed["id"].as_str().unwrap());
    assert_eq!(http.delete(&doomed_path, &admin).await.status, 204);
    emulator.shutdown().await;

    let (emulator, http) = start(config()).await;
    let admin = admin_token(&emulator, &http).await;
    let client = http
        .get(&format!("/api/v2/oauth/clients/{id}"), &admin)
        .await
        .json();
    assert_eq!(client["description"], "kept across restarts");
    assert!(
        client.get("futureField").is_none(),
        "unknown fields are ignored"
    );
    assert_eq!(client["dateCreated"], created["dateCreated"]);
    http.token(&id, &secret).await;
    http.get(&doomed_path, &admin)
        .await
        .assert_error(404, "not.found");
    assert_eq!(
        emulator.stats().clients,
        1 + 3 + 2 + 1,
        "no reseeding on top of the state"
    );
    emulator.shutdown().await;

    // Other admin credentials: the new admin is added, the stored clients stay.
    let (emulator, http) = start(config().admin_credentials("second-admin", "s3cond")).await;
    let admin = http.token("second-admin", "s3cond").await;
    assert_eq!(
        http.get(&format!("/api/v2/oauth/clients/{id}"), &admin)
            .await
            .status,
        200
    );
    assert_eq!(emulator.stats().clients, 8);
    emulator.shutdown().await;
    fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn an_interrupted_save_leaves_the_previous_state() {
    let dir = temp_dir("interrupted");
    let path = dir.join("state.json");
    let config = || EmulatorConfig::default().state_file(&path);
    let (emulator, http) = start(config()).await;
    let admin = admin_token(&emulator, &http).await;
    let created = http
        .post(
            "/api/v2/oauth/clients",
            &admin,
            &json!({"name": "Before the crash", "authorizedGrantType": "CODE"}),
        )
        .await
        .json();
    emulator.shutdown().await;
    let good = fs::read(&path).unwrap();

    // A save killed half way leaves only a partial temporary file beside the state file.
    fs::write(dir.join(".state.json.99999.0.tmp"), &good[..good.len() / 2]).unwrap();
    assert_eq!(fs::read(&path).unwrap(), good);

    let (emulator, http) = start(config()).await;
    let admin = admin_token(&emulator, &http).await;
    let path_of = format!("/api/v2/oauth/clients/{}", created["id"].as_str().unwrap());
    assert_eq!(http.get(&path_of, &admin).await.status, 200);
    let after = http
        .post(
            "/api/v2/oauth/clients",
            &admin,
            &json!({"name": "After", "authorizedGrantType": "CODE"}),
        )
        .await;
    assert_eq!(after.status, 200);
    let saved: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    assert_eq!(saved["clients"].as_array().unwrap().len(), 6);
    emulator.shutdown().await;
    fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn a_reader_never_sees_a_torn_state_file() {
    let dir = temp_dir("torn");
    let path = dir.join("state.json");
    let (emulator, http) = start(EmulatorConfig::default().state_file(&path)).await;
    let admin = admin_token(&emulator, &http).await;

    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let stop = stop.clone();
        let path = path.clone();
        std::thread::spawn(move || {
            let mut reads = 0u32;
            while !stop.load(Ordering::Relaxed) && reads < 100_000 {
                let bytes = fs::read(&path).expect("the state file always exists");
                serde_json::from_slice::<serde_json::Value>(&bytes)
                    .expect("always a whole JSON document");
                reads += 1;
            }
            reads
        })
    };
    for i in 0..30 {
        let body = json!({"name": format!("client {i}"), "authorizedGrantType": "CODE"});
        assert_eq!(
            http.post("/api/v2/oauth/clients", &admin, &body)
                .await
                .status,
            200
        );
    }
    stop.store(true, Ordering::Relaxed);
    assert!(reader.join().unwrap() > 0);
    let saved: serde_json::Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
    assert_eq!(saved["clients"].as_array().unwrap().len(), 34);
    let leftovers: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["state.json"], "no temporary file left behind");
    emulator.shutdown().await;
    fs::remove_dir_all(dir).unwrap();
}

#[tokio::test]
async fn a_corrupt_state_file_is_a_clear_error() {
    let dir = temp_dir("corrupt");
    let path = dir.join("state.json");
    for content in ["{\"version\":1,\"clients\":[{\"id\":\"a\",", "", "[]"] {
        fs::write(&path, content).unwrap();
        let error = Emulator::start(EmulatorConfig::default().state_file(&path))
            .await
            .expect_err("a corrupt state file is refused");
        assert!(
            matches!(error, EmulatorError::StateCorrupt { .. }),
            "{error}"
        );
        assert!(error.to_string().contains("state.json"), "{error}");
    }
    fs::remove_dir_all(dir).unwrap();
}

/// A save that fails answers 500 without the server-side path: paths go to stderr, not to clients. The
/// state file's directory is removed after start, which makes the save fail even for root.
#[tokio::test]
async fn a_failed_save_answers_500_without_the_server_side_path() {
    let dir = temp_dir("failed-save");
    let gone = dir.join("vanishing-dir-name");
    fs::create_dir_all(&gone).unwrap();
    let path = gone.join("secret-state-name.json");
    let (emulator, http) = start(EmulatorConfig::default().state_file(&path)).await;
    let admin = admin_token(&emulator, &http).await;
    fs::remove_dir_all(&gone).unwrap();
    let response = http
        .post(
            "/api/v2/oauth/clients",
            &admin,
            &json!({"name": "Unsaved", "authorizedGrantType": "CODE"}),
        )
        .await;
    response.assert_error(500, "internal.server.error");
    let body = String::from_utf8_lossy(&response.body).into_owned();
    for private in [
        "vanishing-dir-name",
        "secret-state-name",
        "emulator-failed-save",
        "/",
    ] {
        let message = response.json()["message"].as_str().unwrap().to_owned();
        assert!(!message.contains(private), "{private:?} in {body}");
    }
    assert!(!body.contains("vanishing-dir-name"), "{body}");
    emulator.shutdown().await;
    fs::remove_dir_all(dir).unwrap();
}

/// The state file holds client secrets in clear: it is readable and writable by its owner only, from the
/// first save on and after every later one.
#[cfg(unix)]
#[tokio::test]
async fn the_state_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;

    let dir = temp_dir("mode");
    let path = dir.join("state.json");
    let mode = || fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    let (emulator, http) = start(EmulatorConfig::default().state_file(&path)).await;
    assert_eq!(mode(), 0o600, "the seed state, written at start");
    let admin = admin_token(&emulator, &http).await;
    // A file made readable by others (by hand, or an older version) is private again after the next save.
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    let created = http
        .post(
            "/api/v2/oauth/clients",
            &admin,
            &json!({"name": "Private", "authorizedGrantType": "CODE"}),
        )
        .await;
    assert_eq!(created.status, 200);
    assert_eq!(mode(), 0o600, "after a save");
    emulator.shutdown().await;
    fs::remove_dir_all(dir).unwrap();
}
