//! The size of a call's future: it is built and moved layer by layer on every call, so its size is a cost of
//! every request (BENCHMARKS.md, issue 15). The token fetch (the cold path) is boxed and the request is not kept
//! in the state of the layers that send it; these bounds keep it that way.

use genesys_cloud::Client;

fn client() -> Client {
    Client::builder()
        .base_url("https://api.mypurecloud.com")
        .access_token("a-token")
        .build()
        .expect("a client with a fixed token builds")
}

#[test]
fn a_get_call_future_stays_small() {
    let client = client();
    let call = client.get_oauth_client("5d2d6a87").send();
    let size = size_of_val(&call);
    eprintln!("getOauthClient call future: {size} bytes");
    // 6,328 bytes (release) before the token fetch was boxed and the transport split into start and receive.
    assert!(
        size <= 3_072,
        "the getOauthClient call future is {size} bytes"
    );
}

#[test]
fn a_create_call_future_stays_small() {
    let client = client();
    let request = genesys_cloud_models::OAuthClientRequest::new(
        "name",
        genesys_cloud_models::GrantType::ClientCredentials,
    );
    let call = client.post_oauth_clients(request).send();
    let size = size_of_val(&call);
    eprintln!("postOauthClients call future: {size} bytes");
    assert!(
        size <= 3_072,
        "the postOauthClients call future is {size} bytes"
    );
}
