//! The Tokens, Authorization and Organization operations: what a token is and its revocation, the idle timeout
//! on the emulator's clock, the role, division and permission catalogues with their paging and filters, the
//! caller's grants, the organization; and the official JavaScript SDK's PKCE login with its token check.

mod common;
mod pages;

use std::time::Duration;

use common::{Http, admin_token, create_client_with_role, start};
use genesys_cloud_emulator::EmulatorConfig;
use genesys_cloud_emulator::catalogue::{
    DEMO_PKCE_CLIENT_ID, DEMO_USER_NAME, DEMO_USER_PASSWORD, HOME_DIVISION_ID, OAUTH_ADMIN_ROLE_ID,
    OAUTH_VIEWER_ROLE_ID, ORGANIZATION_ADMIN_ROLE_ID, ORGANIZATION_ID, ORGANIZATION_NAME, ROLES,
};
use http::Method;
use pages::*;
use serde_json::{Value, json};

async fn head(http: &Http, path: &str, token: &str) -> common::Resp {
    let auth = format!("Bearer {token}");
    http.send(Method::HEAD, path, &[("authorization", &auth)], "")
        .await
}

#[tokio::test]
async fn tokens_me_describes_the_token_and_head_probes_it_without_a_body() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let me = http.get("/api/v2/tokens/me", &admin).await;
    assert_eq!(me.status, 200);
    let me = me.json();
    assert_eq!(me["organization"]["id"], ORGANIZATION_ID);
    assert_eq!(me["homeOrganization"]["name"], ORGANIZATION_NAME);
    assert_eq!(me["OAuthClient"]["id"], emulator.admin_client_id());
    assert_eq!(
        me["OAuthClient"]["authorizedGrantType"],
        "CLIENT-CREDENTIALS"
    );
    assert_eq!(me["OAuthClient"]["organization"]["id"], ORGANIZATION_ID);
    assert!(me["OAuthClient"].get("secret").is_none(), "{me}");
    // No idle date while the timeout is off.
    assert!(me.get("dateTokenIdles").is_none(), "{me}");

    let live = head(&http, "/api/v2/tokens/me", &admin).await;
    assert_eq!((live.status.as_u16(), live.body.len()), (200, 0));
    for bad in ["not-a-token", ""] {
        let dead = head(&http, "/api/v2/tokens/me", bad).await;
        assert_eq!((dead.status.as_u16(), dead.body.len()), (401, 0), "{bad:?}");
    }
    emulator.shutdown().await;
}

#[tokio::test]
async fn delete_me_revokes_exactly_that_token_and_delete_user_every_token_of_the_user() {
    let (emulator, http) = start(pages::config()).await;
    let admin = admin_token(&emulator, &http).await;
    let other_admin = admin_token(&emulator, &http).await;
    let gone = http.delete("/api/v2/tokens/me", &admin).await;
    assert_eq!(gone.status, 204);
    for path in ["/api/v2/tokens/me", "/api/v2/oauth/clients"] {
        http.get(path, &admin)
            .await
            .assert_error(401, "bad.credentials");
    }
    assert_eq!(head(&http, "/api/v2/tokens/me", &admin).await.status, 401);
    // The same client's other token is untouched.
    assert_eq!(
        http.get("/api/v2/tokens/me", &other_admin).await.status,
        200
    );

    // A user's tokens, all revoked by deleteToken; needs oauth:token:delete.
    let (code_client, code_secret) = client(&http, &other_admin, "Web app", "CODE").await;
    let mut user_tokens = Vec::new();
    for _ in 0..2 {
        let code = emulator
            .issue_authorization_code(&code_client, REDIRECT, None, "alice")
            .unwrap();
        user_tokens.push(exchange(&http, &code_client, &code_secret, &code).await);
    }
    let user_id = http
        .get("/api/v2/authorization/subjects/me", &user_tokens[0])
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (viewer, viewer_secret) =
        create_client_with_role(&http, &other_admin, "Viewer", OAUTH_VIEWER_ROLE_ID).await;
    let viewer = http.token(&viewer, &viewer_secret).await;
    let path = format!("/api/v2/tokens/{user_id}");
    http.delete(&path, &viewer)
        .await
        .assert_error(403, "missing.any.permissions");
    assert_eq!(
        http.get("/api/v2/tokens/me", &user_tokens[1]).await.status,
        200
    );
    assert_eq!(http.delete(&path, &other_admin).await.status, 204);
    // A configured user with no token left: nothing to revoke, still a user (204, not 404).
    assert_eq!(http.delete(&path, &other_admin).await.status, 204);
    for token in &user_tokens {
        assert_eq!(head(&http, "/api/v2/tokens/me", token).await.status, 401);
    }
    assert_eq!(
        http.get("/api/v2/tokens/me", &other_admin).await.status,
        200
    );
    http.delete(
        "/api/v2/tokens/00000000-0000-4000-8000-000000000bad",
        &other_admin,
    )
    .await
    .assert_error(404, "not.found");
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_idle_timeout_refuses_idle_tokens_and_preserve_idle_ttl_does_not_reset_it() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let timeout = http.get("/api/v2/tokens/timeout", &admin).await.json();
    assert_eq!(timeout["enableIdleTokenTimeout"], false);
    assert_eq!(timeout["idleTokenTimeoutSeconds"], 1800);

    // Bounds, enum values and the permission.
    for (body, field) in [
        (
            json!({"idleTokenTimeoutSeconds": 299}),
            "idleTokenTimeoutSeconds",
        ),
        (
            json!({"idleTokenTimeoutSeconds": 28_801}),
            "idleTokenTimeoutSeconds",
        ),
        (
            json!({"inactivityTimeoutUnit": "Days"}),
            "inactivityTimeoutUnit",
        ),
        (
            json!({"inactivityTimeoutGroupBundles": [{"priority": 6, "timeoutSeconds": 300, "groups": []}]}),
            "inactivityTimeoutGroupBundles[0].priority",
        ),
    ] {
        let refused = http.put("/api/v2/tokens/timeout", &admin, &body).await;
        refused.assert_error(400, "invalid.value");
        assert_eq!(refused.fields(), [field], "{body}");
    }
    let (viewer, secret) =
        create_client_with_role(&http, &admin, "Viewer", OAUTH_VIEWER_ROLE_ID).await;
    let viewer = http.token(&viewer, &secret).await;
    let enable = json!({"enableIdleTokenTimeout": true, "idleTokenTimeoutSeconds": 300});
    http.put("/api/v2/tokens/timeout", &viewer, &enable)
        .await
        .assert_error(403, "missing.any.permissions");
    let (org_admin, secret) =
        create_client_with_role(&http, &admin, "Org admin", ORGANIZATION_ADMIN_ROLE_ID).await;
    let org_admin = http.token(&org_admin, &secret).await;
    let set = http
        .put("/api/v2/tokens/timeout", &org_admin, &enable)
        .await;
    assert_eq!(set.status, 200, "{:?}", set.body);
    assert_eq!(set.json()["idleTokenTimeoutSeconds"], 300);

    // Calls reset the idle time.
    emulator.advance_clock(Duration::from_secs(200));
    let me = http.get("/api/v2/tokens/me", &viewer).await.json();
    assert!(me["dateTokenIdles"].is_string(), "{me}");
    emulator.advance_clock(Duration::from_secs(200));
    assert_eq!(http.get("/api/v2/oauth/clients", &viewer).await.status, 200);
    // preserveIdleTTL=true and HEAD do not: 200 + 150 s since the last reset is past 300 s.
    emulator.advance_clock(Duration::from_secs(200));
    let preserved = http
        .get("/api/v2/tokens/me?preserveIdleTTL=true", &viewer)
        .await;
    assert_eq!(preserved.status, 200);
    http.get("/api/v2/tokens/me?preserveIdleTTL=yes", &viewer)
        .await
        .assert_error(400, "invalid.value");
    assert_eq!(head(&http, "/api/v2/tokens/me", &viewer).await.status, 200);
    emulator.advance_clock(Duration::from_secs(150));
    http.get("/api/v2/tokens/me", &viewer)
        .await
        .assert_error(401, "bad.credentials");
    // Turned off again, an idle token that has not expired works again: idleness is decided at each use.
    let off = json!({"enableIdleTokenTimeout": false});
    let fresh_admin = admin_token(&emulator, &http).await;
    assert_eq!(
        http.put("/api/v2/tokens/timeout", &fresh_admin, &off)
            .await
            .status,
        200
    );
    assert_eq!(http.get("/api/v2/tokens/me", &viewer).await.status, 200);
    emulator.shutdown().await;
}

/// Every page of a listing, by following `nextUri`.
async fn all_pages(http: &Http, first: &str, token: &str) -> Vec<Value> {
    let mut pages = Vec::new();
    let mut next = Some(first.to_owned());
    while let Some(path) = next.take() {
        assert!(pages.len() < 20, "paging does not end");
        let page = http.get(&path, token).await;
        assert_eq!(page.status, 200, "{path}: {:?}", page.body);
        let page = page.json();
        next = page["nextUri"].as_str().map(str::to_owned);
        pages.push(page);
    }
    pages
}

#[tokio::test]
async fn roles_page_by_number_with_filters_kept_in_the_links() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let pages = all_pages(&http, "/api/v2/authorization/roles?pageSize=2", &admin).await;
    assert_eq!(pages.len(), ROLES.len().div_ceil(2));
    assert_eq!(pages[0]["total"], ROLES.len());
    assert_eq!(pages[0]["pageCount"], pages.len());
    let names: Vec<&str> = pages
        .iter()
        .flat_map(|page| page["entities"].as_array().unwrap())
        .map(|role| role["name"].as_str().unwrap())
        .collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|name| name.to_lowercase());
    assert_eq!(names, sorted);
    assert_eq!(names.len(), ROLES.len());
    let admin_role = pages
        .iter()
        .flat_map(|page| page["entities"].as_array().unwrap())
        .find(|role| role["id"] == OAUTH_ADMIN_ROLE_ID)
        .unwrap();
    assert!(
        admin_role["permissions"]
            .as_array()
            .unwrap()
            .contains(&json!("oauth:client:delete"))
    );
    assert_eq!(admin_role["permissionPolicies"][0]["domain"], "oauth");
    assert!(admin_role["userCount"].is_number());

    // Filters: repeated keys, carried over into the links.
    let filtered = all_pages(
        &http,
        "/api/v2/authorization/roles?permission=usage:client:view&permission=oauth:token:delete&pageSize=1&userCount=false",
        &admin,
    )
    .await;
    assert_eq!(filtered.len(), 2, "OAuth Admin and Usage Viewer");
    assert!(filtered[0]["entities"][0].get("userCount").is_none());
    assert!(
        filtered[0]["nextUri"]
            .as_str()
            .unwrap()
            .contains("permission=usage%3Aclient%3Aview&permission=oauth%3Atoken%3Adelete")
    );
    let by_name = http
        .get("/api/v2/authorization/roles?name=oauth%20ad", &admin)
        .await
        .json();
    assert_eq!(by_name["entities"].as_array().unwrap().len(), 1);
    for bad in [
        "pageSize=0",
        "sortBy=size",
        "nextPage=x",
        "userCount=maybe",
        "expand=everything",
    ] {
        http.get(&format!("/api/v2/authorization/roles?{bad}"), &admin)
            .await
            .assert_error(400, "invalid.value");
    }

    // One role, with the unused permissions on request; the permission is needed.
    let path = format!("/api/v2/authorization/roles/{OAUTH_VIEWER_ROLE_ID}");
    let role = http
        .get(&format!("{path}?expand=unusedPermissions"), &admin)
        .await
        .json();
    assert_eq!(role["name"], "OAuth Viewer");
    assert_eq!(role["unusedPermissions"], json!([]));
    http.get("/api/v2/authorization/roles/nope", &admin)
        .await
        .assert_error(404, "not.found");
    let (viewer, secret) =
        create_client_with_role(&http, &admin, "Viewer", OAUTH_VIEWER_ROLE_ID).await;
    let viewer = http.token(&viewer, &secret).await;
    http.get(&path, &viewer)
        .await
        .assert_error(403, "missing.any.permissions");
    emulator.shutdown().await;
}

#[tokio::test]
async fn divisions_are_home_and_the_configured_ones_and_roles_can_be_granted_in_them() {
    let (emulator, http) = start(
        EmulatorConfig::default()
            .division("Sales")
            .division("Support"),
    )
    .await;
    let admin = admin_token(&emulator, &http).await;
    let listing = http
        .get("/api/v2/authorization/divisions", &admin)
        .await
        .json();
    let names: Vec<&str> = listing["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Home", "Sales", "Support"]);
    let sales = listing["entities"][1].clone();
    assert_eq!(sales["homeDivision"], false);
    assert!(sales.get("objectCounts").is_none());
    let sales_id = sales["id"].as_str().unwrap();

    let home = http
        .get("/api/v2/authorization/divisions/home", &admin)
        .await
        .json();
    assert_eq!(
        (home["id"].as_str(), home["homeDivision"].as_bool()),
        (Some(HOME_DIVISION_ID), Some(true))
    );
    let one = http
        .get(
            &format!("/api/v2/authorization/divisions/{sales_id}?objectCount=true"),
            &admin,
        )
        .await
        .json();
    assert_eq!(one["name"], "Sales");
    assert_eq!(one["objectCounts"], json!({}));
    let by_id = http
        .get(
            &format!("/api/v2/authorization/divisions?id={sales_id}&id={HOME_DIVISION_ID}"),
            &admin,
        )
        .await
        .json();
    assert_eq!(by_id["total"], 2);
    http.get("/api/v2/authorization/divisions/unknown", &admin)
        .await
        .assert_error(404, "not.found");

    // A role granted in a configured division, shown in the client's own grants.
    let body = json!({
        "name": "Sales viewer",
        "authorizedGrantType": "CLIENT-CREDENTIALS",
        "roleDivisions": [{"roleId": OAUTH_VIEWER_ROLE_ID, "divisionId": sales_id}],
    });
    let created = http.post("/api/v2/oauth/clients", &admin, &body).await;
    assert_eq!(created.status, 200, "{:?}", created.body);
    let created = created.json();
    let token = http
        .token(
            created["id"].as_str().unwrap(),
            created["secret"].as_str().unwrap(),
        )
        .await;
    let me = http
        .get("/api/v2/authorization/subjects/me", &token)
        .await
        .json();
    assert_eq!(me["id"], created["id"]);
    assert_eq!(me["grants"].as_array().unwrap().len(), 1);
    assert_eq!(me["grants"][0]["role"]["id"], OAUTH_VIEWER_ROLE_ID);
    assert_eq!(me["grants"][0]["division"]["name"], "Sales");
    let unknown = json!({
        "name": "Nowhere",
        "authorizedGrantType": "CLIENT-CREDENTIALS",
        "roleDivisions": [{"roleId": OAUTH_VIEWER_ROLE_ID, "divisionId": "00000000-0000-4000-8000-000000000000"}],
    });
    http.post("/api/v2/oauth/clients", &admin, &unknown)
        .await
        .assert_error(400, "invalid.value");
    emulator.shutdown().await;
}

#[tokio::test]
async fn subjects_me_lists_grants_once_unless_duplicates_are_asked_for() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    // The same role through roleDivisions and the deprecated roleIds.
    let body = json!({
        "name": "Twice",
        "authorizedGrantType": "CLIENT-CREDENTIALS",
        "roleDivisions": [{"roleId": OAUTH_VIEWER_ROLE_ID, "divisionId": HOME_DIVISION_ID}],
        "roleIds": [OAUTH_VIEWER_ROLE_ID],
    });
    let created = http
        .post("/api/v2/oauth/clients", &admin, &body)
        .await
        .json();
    let token = http
        .token(
            created["id"].as_str().unwrap(),
            created["secret"].as_str().unwrap(),
        )
        .await;
    let once = http
        .get("/api/v2/authorization/subjects/me", &token)
        .await
        .json();
    assert_eq!(once["grants"].as_array().unwrap().len(), 1);
    assert_eq!(
        once["grants"][0]["role"]["policies"][0]["actions"],
        json!(["view"])
    );
    let twice = http
        .get(
            "/api/v2/authorization/subjects/me?includeDuplicates=true",
            &token,
        )
        .await
        .json();
    assert_eq!(twice["grants"].as_array().unwrap().len(), 2);
    // A grant in `*` is one grant in "All divisions", however many divisions there are.
    let body = json!({
        "name": "Everywhere",
        "authorizedGrantType": "CLIENT-CREDENTIALS",
        "roleDivisions": [{"roleId": OAUTH_VIEWER_ROLE_ID, "divisionId": "*"}],
    });
    let created = http
        .post("/api/v2/oauth/clients", &admin, &body)
        .await
        .json();
    let everywhere = http
        .token(
            created["id"].as_str().unwrap(),
            created["secret"].as_str().unwrap(),
        )
        .await;
    let all = http
        .get("/api/v2/authorization/subjects/me", &everywhere)
        .await
        .json();
    assert_eq!(all["grants"].as_array().unwrap().len(), 1);
    assert_eq!(all["grants"][0]["division"]["name"], "All divisions");
    // The grants of a client are bounded.
    let grants: Vec<Value> = (0..1_001)
        .map(|_| json!({"roleId": OAUTH_VIEWER_ROLE_ID, "divisionId": "*"}))
        .collect();
    let too_many = json!({"name": "Many", "authorizedGrantType": "CLIENT-CREDENTIALS", "roleDivisions": grants});
    let refused = http.post("/api/v2/oauth/clients", &admin, &too_many).await;
    refused.assert_error(400, "invalid.value");
    assert_eq!(refused.fields(), ["roleDivisions"]);
    // The admin holds every role of the catalogue.
    let admin_me = http
        .get("/api/v2/authorization/subjects/me", &admin)
        .await
        .json();
    assert_eq!(admin_me["grants"].as_array().unwrap().len(), ROLES.len());
    emulator.shutdown().await;
}

#[tokio::test]
async fn the_permission_catalogue_and_the_organization() {
    let (emulator, http) = start(EmulatorConfig::default()).await;
    let admin = admin_token(&emulator, &http).await;
    let all = http
        .get("/api/v2/authorization/permissions", &admin)
        .await
        .json();
    let domains: Vec<&str> = all["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["domain"].as_str().unwrap())
        .collect();
    assert_eq!(domains, ["authorization", "directory", "oauth", "usage"]);
    let oauth = &all["entities"][2]["permissionMap"];
    assert!(
        oauth["client"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["action"] == "delete")
    );
    let one = http
        .get(
            "/api/v2/authorization/permissions?queryType=permission&query=oauth:token:delete",
            &admin,
        )
        .await
        .json();
    assert_eq!(one["entities"].as_array().unwrap().len(), 1);
    assert_eq!(
        one["entities"][0]["permissionMap"]["token"][0]["action"],
        "delete"
    );
    assert!(one["entities"][0]["permissionMap"].get("client").is_none());
    let domain = http
        .get(
            "/api/v2/authorization/permissions?queryType=domain&query=usage,directory",
            &admin,
        )
        .await
        .json();
    assert_eq!(domain["total"], 2);
    for bad in ["query=oauth", "queryType=entity"] {
        http.get(&format!("/api/v2/authorization/permissions?{bad}"), &admin)
            .await
            .assert_error(400, "invalid.value");
    }

    let org = http.get("/api/v2/organizations/me", &admin).await.json();
    assert_eq!(org["id"], ORGANIZATION_ID);
    assert_eq!(org["thirdPartyOrgName"], ORGANIZATION_NAME);
    assert_eq!(org["productPlatform"], "GenesysCloud");
    assert_eq!(org["version"], 1);
    emulator.shutdown().await;
}

/// The official JavaScript SDK's `loginPKCEGrant` (platform-client-sdk-javascript 259.0.0, `ApiClient.js`):
/// the authorize URL's parameters in its order, the code exchange without an `Authorization` header (the client
/// id only in the form, fields in its order), then `_testTokenAccess`: `GET /api/v2/tokens/me` with the bearer
/// token and JSON `Content-Type` and `Accept`, no query, where any 2xx keeps the login.
#[tokio::test]
async fn the_javascript_sdks_pkce_login_and_token_check_complete() {
    let (emulator, http) = start(EmulatorConfig::default().demo_data(true)).await;
    // 128 characters of [0-9A-Za-z-._~], as generatePKCECodeVerifier(128) makes.
    let alphabet = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-._~";
    let verifier: String = (0..128)
        .map(|i| char::from(alphabet[(i * 7 + 3) % alphabet.len()]))
        .collect();
    let redirect = "http://127.0.0.1:8080/callback";
    let challenge = s256(&verifier);
    let params = [
        ("client_id", DEMO_PKCE_CLIENT_ID),
        ("redirect_uri", redirect),
        ("code_challenge", challenge.as_str()),
        ("response_type", "code"),
        ("code_challenge_method", "S256"),
        ("state", "js-sdk"),
    ];
    let consent = sign_in(&http, &params, DEMO_USER_NAME, DEMO_USER_PASSWORD).await;
    let allowed = post_form(
        &http,
        &[("pending", &pending(&consent)), ("decision", "allow")],
    )
    .await;
    let answer = redirect_params(&allowed, '?');
    assert_eq!(param(&answer, "state"), Some("js-sdk"));
    let code = param(&answer, "code").unwrap();
    let form = form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "authorization_code")
        .append_pair("code", code)
        .append_pair("code_verifier", &verifier)
        .append_pair("client_id", DEMO_PKCE_CLIENT_ID)
        .append_pair("redirect_uri", redirect)
        .finish();
    let token = http
        .send(
            Method::POST,
            "/oauth/token",
            &[("content-type", "application/x-www-form-urlencoded")],
            form,
        )
        .await;
    assert_eq!(token.status, 200, "{:?}", token.body);
    let access = token.json()["access_token"].as_str().unwrap().to_owned();
    let bearer = format!("Bearer {access}");
    let check = http
        .send(
            Method::GET,
            "/api/v2/tokens/me",
            &[
                ("authorization", &bearer),
                ("content-type", "application/json"),
                ("accept", "application/json"),
            ],
            "",
        )
        .await;
    assert_eq!(check.status, 200, "{:?}", check.body);
    let me = check.json();
    assert_eq!(me["OAuthClient"]["id"], DEMO_PKCE_CLIENT_ID);
    assert_eq!(me["organization"]["name"], ORGANIZATION_NAME);
    emulator.shutdown().await;
}
