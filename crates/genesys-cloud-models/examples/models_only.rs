//! The models crate on its own: read what the API sent, change it, write the request back.
//! `cargo run -p genesys-cloud-models --example models_only`.

use genesys_cloud_models::{
    ClientState, GrantType, OAuthClient, OAuthClientEntityListing, Timestamp,
};

/// What `GET /api/v2/oauth/clients/{id}` could answer, including a field this SDK does not model and a grant
/// type it does not know.
const CLIENT: &str = r#"{
    "id": "5d2d6a87-4f2b-4cd5-a4b5-95f1f8bd5b5a",
    "name": "Nightly export",
    "authorizedGrantType": "DEVICE-CODE",
    "state": "active",
    "dateCreated": "2025-06-21T10:00:00+02:00",
    "allowedIpRanges": ["203.0.113.0/24"],
    "selfUri": "/api/v2/oauth/clients/5d2d6a87-4f2b-4cd5-a4b5-95f1f8bd5b5a"
}"#;

/// Parses, inspects and rewrites a client; returns the PUT body.
pub fn run() -> Result<serde_json::Value, Box<dyn std::error::Error>> {
    let client: OAuthClient = serde_json::from_str(CLIENT)?;
    // An unknown grant type is kept, readable, and never mistaken for a known one.
    assert!(client.authorized_grant_type.is_unknown());
    println!(
        "grant type {} (known: {})",
        client.authorized_grant_type,
        !client.authorized_grant_type.is_unknown()
    );
    // Dates are UTC instants, written in the documented form.
    let created: Timestamp = client.date_created.ok_or("no dateCreated")?;
    println!("created {created}");

    // Read-modify-write: deactivate the client, keeping everything else, unknown fields included.
    let mut update = client.to_request();
    update.state = Some(ClientState::Inactive);
    let body = serde_json::to_value(&update)?;
    println!("PUT body: {body}");

    // Listings parse the same way; paging fields are plain options.
    let page: OAuthClientEntityListing =
        serde_json::from_str(r#"{"entities":[{"name":"a"}],"pageCount":1}"#)?;
    println!(
        "{} client(s) on page 1 of {:?}",
        page.entities.map_or(0, |e| e.len()),
        page.page_count
    );
    assert_ne!(client.authorized_grant_type, GrantType::ClientCredentials);
    Ok(body)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    run().map(|_| ())
}
