//! The 14 Tokens, Authorization and Organization operations through the sans-IO core: the requests they build
//! (query arrays as repeated keys, unset parameters omitted, enum values as their wire strings) and each one
//! sent over a bare hyper client to the emulator and parsed, paging included.
// Every API group's operations are needed: `cargo xtask ci` runs the tests with --all-features.
#![cfg(all(
    feature = "oauth",
    feature = "tokens",
    feature = "authorization",
    feature = "organization"
))]

use bytes::Bytes;
use genesys_cloud_core::models::{IdleTokenTimeout, PermissionQueryType, RoleExpand};
use genesys_cloud_core::ops::*;
use genesys_cloud_core::paging::{PageStep, Pages};
use genesys_cloud_core::token::ClientCredentialsGrant;
use genesys_cloud_core::transport::send_async;
use genesys_cloud_core::{Auth, BearerHeader, Environment, Operation};
use genesys_cloud_emulator::catalogue::{HOME_DIVISION_ID, OAUTH_VIEWER_ROLE_ID, ROLES};
use genesys_cloud_emulator::{Emulator, EmulatorConfig};
use genesys_cloud_models::{AccessToken, ClientSecret};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

fn uri_of<O: Operation>(operation: &O) -> String {
    let token = BearerHeader::new(&AccessToken::new("t")).unwrap();
    operation
        .to_http_request(&Environment::default(), Auth::Bearer(&token))
        .unwrap()
        .uri()
        .to_string()
}

#[test]
fn query_arrays_repeat_their_key_and_unset_parameters_are_not_sent() {
    assert_eq!(
        uri_of(&GetAuthorizationRoles::new()),
        "https://api.mypurecloud.com/api/v2/authorization/roles"
    );
    let roles = GetAuthorizationRoles::new()
        .with_id(["a", "b c"])
        .with_permission(vec!["oauth:client:view".to_owned()])
        .with_user_count(false)
        .with_page_size(50);
    assert_eq!(
        roles.query().as_deref(),
        Some("pageSize=50&permission=oauth%3Aclient%3Aview&userCount=false&id=a&id=b+c")
    );
    // An empty list sends nothing, as if never set.
    assert_eq!(
        GetAuthorizationDivisions::new()
            .with_id(Vec::<String>::new())
            .query(),
        None
    );
    assert_eq!(
        GetAuthorizationRole::new("r")
            .with_expand([RoleExpand::UnusedPermissions])
            .query()
            .as_deref(),
        Some("expand=unusedPermissions")
    );
    assert_eq!(
        GetAuthorizationPermissions::new()
            .with_query_type(PermissionQueryType::Permission)
            .with_query("a,b")
            .query()
            .as_deref(),
        Some("queryType=permission&query=a%2Cb")
    );
    // An enum value the SDK does not know is sent as given.
    assert_eq!(
        GetAuthorizationPermissions::new()
            .with_query_type("entity")
            .query()
            .as_deref(),
        Some("queryType=entity")
    );
    assert_eq!(
        GetTokensMe::new()
            .with_preserve_idle_ttl(true)
            .query()
            .as_deref(),
        Some("preserveIdleTTL=true")
    );
    assert_eq!(HeadTokensMe::METHOD, http::Method::HEAD);
    const { assert!(DeleteTokensMe::REVOKES_TOKEN) };
    const { assert!(!DeleteToken::REVOKES_TOKEN) };
    // An id that is another operation's literal segment would reach that operation: `me` would revoke the
    // caller's own token, `home` read the home division. Refused before anything is sent.
    let token = BearerHeader::new(&AccessToken::new("t")).unwrap();
    for refused in [
        DeleteToken::new("me").to_http_request(&Environment::default(), Auth::Bearer(&token)),
        DeleteToken::new("timeout").to_http_request(&Environment::default(), Auth::Bearer(&token)),
        GetAuthorizationDivision::new("home")
            .to_http_request(&Environment::default(), Auth::Bearer(&token)),
    ] {
        assert!(
            matches!(
                refused,
                Err(genesys_cloud_core::BuildError::InvalidParameter { .. })
            ),
            "{refused:?}"
        );
    }
    assert!(uri_of(&DeleteToken::new("ME")).ends_with("/tokens/ME"));
    // Hostile ids stay one segment.
    assert_eq!(
        uri_of(&DeleteToken::new("../x?y#z")),
        "https://api.mypurecloud.com/api/v2/tokens/..%2Fx%3Fy%23z"
    );
}

/// A page-number step keeps the request's filters (the page size and number replaced, nothing else).
#[test]
fn a_page_number_step_keeps_the_filters() {
    use genesys_cloud_core::models::{DomainOrganizationRole, OrganizationRoleEntityListing};
    let first = GetAuthorizationRoles::new()
        .with_name("oauth")
        .with_page_size(2);
    let mut pages = Pages::new(&first);
    let mut page = OrganizationRoleEntityListing::default()
        .with_entities(vec![DomainOrganizationRole::default(); 2])
        .with_page_number(1)
        .with_page_count(3)
        .with_page_size(2);
    let PageStep::Next(second) = pages.advance(&page).unwrap() else {
        panic!("a second page")
    };
    assert_eq!(
        second.query().as_deref(),
        Some("name=oauth&pageSize=2&pageNumber=2")
    );
    page.page_number = Some(2);
    let PageStep::Next(third) = pages.advance(&page).unwrap() else {
        panic!("a third page")
    };
    assert_eq!(
        third.query().as_deref(),
        Some("name=oauth&pageSize=2&pageNumber=3")
    );
}

#[tokio::test]
async fn each_operation_runs_against_the_emulator() {
    let emulator = Emulator::start(EmulatorConfig::default().division("Sales"))
        .await
        .unwrap();
    let environment = Environment::from_api_url(&emulator.base_url()).unwrap();
    let hyper = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let transport = move |request: http::Request<Bytes>| {
        let hyper = hyper.clone();
        async move {
            let (parts, body) = request.into_parts();
            let response = hyper
                .request(http::Request::from_parts(parts, Full::new(body)))
                .await
                .map_err(std::io::Error::other)?;
            let (parts, body) = response.into_parts();
            let bytes = body
                .collect()
                .await
                .map_err(std::io::Error::other)?
                .to_bytes();
            Ok::<_, std::io::Error>(http::Response::from_parts(parts, bytes))
        }
    };
    let grant = ClientCredentialsGrant::new(
        emulator.admin_client_id(),
        ClientSecret::new(emulator.admin_client_secret()),
    );
    let token = send_async(&transport, &environment, Auth::None, &grant)
        .await
        .unwrap();
    let bearer = BearerHeader::new(&token.access_token).unwrap();
    let auth = Auth::Bearer(&bearer);
    macro_rules! send {
        ($op:expr) => {
            send_async(&transport, &environment, auth, &$op)
                .await
                .unwrap_or_else(|error| panic!("{}: {error}", stringify!($op)))
        };
    }

    let me = send!(GetTokensMe::new());
    assert!(me.oauth_client.is_some());
    send!(HeadTokensMe::new());
    let timeout = send!(GetTokensTimeout::new());
    let same = send!(PutTokensTimeout::new(
        IdleTokenTimeout::default().with_idle_token_timeout_seconds(600)
    ));
    assert_eq!(same.idle_token_timeout_seconds, Some(600));
    assert_eq!(
        timeout.enable_idle_token_timeout,
        same.enable_idle_token_timeout
    );
    let division = send!(GetAuthorizationDivision::new(HOME_DIVISION_ID));
    assert_eq!(division.home_division, Some(true));
    let divisions = send!(GetAuthorizationDivisions::new());
    assert_eq!(divisions.total, Some(2));
    send!(GetAuthorizationDivisionsHome::new());
    let permissions = send!(GetAuthorizationPermissions::new());
    assert!(permissions.total.unwrap() > 1);
    let role = send!(GetAuthorizationRole::new(OAUTH_VIEWER_ROLE_ID));
    assert_eq!(role.name.as_deref(), Some("OAuth Viewer"));
    let subject = send!(GetAuthorizationSubjectsMe::new());
    assert_eq!(subject.grants.map(|g| g.len()), Some(ROLES.len()));
    let organization = send!(GetOrganizationsMe::new());
    assert_eq!(organization.version, 1);

    // The roles over pages of 3, walked by the core's paging.
    let first = GetAuthorizationRoles::new().with_page_size(3);
    let mut walk = Pages::new(&first);
    let mut request = first;
    let mut seen = 0;
    loop {
        let page = send!(request);
        seen += page.entities.as_ref().map_or(0, Vec::len);
        match walk.advance(&page).unwrap() {
            PageStep::Next(next) => request = next,
            PageStep::Done => break,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(seen, ROLES.len());
    assert_eq!(walk.pages_requested(), ROLES.len().div_ceil(3));

    // deleteToken of an unknown user is a 404; deleteTokensMe revokes the token used.
    let missing = send_async(
        &transport,
        &environment,
        auth,
        &DeleteToken::new("00000000-0000-4000-8000-000000000bad"),
    )
    .await
    .unwrap_err();
    assert!(missing.to_string().contains("404"), "{missing}");
    send!(DeleteTokensMe::new());
    let after = send_async(&transport, &environment, auth, &HeadTokensMe::new())
        .await
        .unwrap_err();
    assert!(after.to_string().contains("401"), "{after}");
    emulator.shutdown().await;
}
