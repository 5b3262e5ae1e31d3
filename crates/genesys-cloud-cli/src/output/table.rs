//! Tables of the key fields, for people. Secrets are never shown here, except by [`new_secret`], whose purpose
//! is to show one.

use comfy_table::{Table, presets};
use genesys_cloud_models::{
    ApiUsageQueryResult, ApiUsageRow, DomainEntityRef, OAuthAuthorization,
    OAuthAuthorizationListing, OAuthClient, OAuthClientListing, OAuthScope, OAuthScopeListing,
    RoleDivision, Timestamp, UsageExecutionResult,
};
use serde::Deserialize;

use super::chart;

fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table.load_preset(presets::UTF8_FULL_CONDENSED);
    if !header.is_empty() {
        table.set_header(header.to_vec());
    }
    table
}

/// A two-column table of the fields that have a value.
fn fields(rows: Vec<(&str, String)>) -> String {
    let mut table = table(&[]);
    for (name, value) in rows.into_iter().filter(|(_, value)| !value.is_empty()) {
        table.add_row(vec![name.to_owned(), value]);
    }
    table.to_string()
}

/// `2025-06-01 12:30 UTC` (to the minute, with its zone: a bare time would be read as local).
fn date(value: Option<&Timestamp>) -> String {
    value
        .map(|timestamp| {
            let text = timestamp.to_string();
            format!("{} {} UTC", &text[..10], &text[11..16])
        })
        .unwrap_or_default()
}

/// `value` with control characters (ESC, CR, LF...) escaped: text from the server is shown, never obeyed by
/// the terminal, and cannot break a table's lines.
pub(crate) fn clean(value: &str) -> String {
    let mut text = String::with_capacity(value.len());
    for c in value.chars() {
        if c.is_control() {
            text.extend(c.escape_default());
        } else {
            text.push(c);
        }
    }
    text
}

fn opt(value: Option<&str>) -> String {
    clean(value.unwrap_or_default())
}

fn list(values: Option<&Vec<String>>) -> String {
    values
        .map(|values| {
            values
                .iter()
                .map(|value| clean(value))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

/// `24 h`, `10 min` or `90 s`.
fn validity(seconds: Option<i64>) -> String {
    match seconds {
        None => String::new(),
        Some(s) if s > 0 && s % 3600 == 0 => format!("{} h", s / 3600),
        Some(s) if s > 0 && s % 60 == 0 => format!("{} min", s / 60),
        Some(s) => format!("{s} s"),
    }
}

fn by(date_value: Option<&Timestamp>, who: Option<&DomainEntityRef>) -> String {
    let mut text = date(date_value);
    if let Some(name) = who.and_then(|who| who.name.as_deref().or(who.id.as_deref())) {
        text.push_str(&format!(" by {}", clean(name)));
    }
    text.trim().to_owned()
}

fn role_divisions(grants: Option<&Vec<RoleDivision>>) -> String {
    grants
        .map(|grants| {
            grants
                .iter()
                .map(|grant| format!("{} in {}", clean(&grant.role_id), clean(&grant.division_id)))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

/// A client of the list, with the grant type when the platform sends it (the specification leaves it out of
/// listings).
#[derive(Debug, Deserialize)]
pub(crate) struct Listed {
    #[serde(flatten)]
    client: OAuthClientListing,
    #[serde(rename = "authorizedGrantType", default)]
    grant_type: Option<String>,
}

/// One page of the client list, as far as tables need it.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ListPage {
    #[serde(default)]
    entities: Option<Vec<Listed>>,
    #[serde(default)]
    page_number: Option<i32>,
    #[serde(default)]
    page_count: Option<i32>,
}

/// The clients of one or more pages.
pub(crate) fn clients(clients: &[Listed]) -> String {
    let with_grant = clients.iter().any(|listed| listed.grant_type.is_some());
    let mut header = vec!["ID", "NAME"];
    if with_grant {
        header.push("GRANT TYPE");
    }
    header.extend(["STATE", "TOKEN TTL", "ROLES / SCOPES", "CREATED"]);
    let mut table = table(&header);
    for Listed { client, grant_type } in clients {
        let mut row = vec![opt(client.id.as_deref()), clean(&client.name)];
        if with_grant {
            row.push(opt(grant_type.as_deref()));
        }
        let access = match (&client.role_divisions, &client.scope) {
            (Some(grants), _) if !grants.is_empty() => format!("{} role(s)", grants.len()),
            (_, Some(scopes)) if !scopes.is_empty() => format!("{} scope(s)", scopes.len()),
            _ => String::new(),
        };
        row.extend([
            client
                .state
                .as_ref()
                .map(|state| clean(state.as_str()))
                .unwrap_or_default(),
            validity(client.access_token_validity_seconds),
            access,
            date(client.date_created.as_ref()),
        ]);
        table.add_row(row);
    }
    let count = clients.len();
    format!(
        "{table}\n{count} client{}",
        if count == 1 { "" } else { "s" }
    )
}

/// One page of the client list.
pub(crate) fn client_page(page: &ListPage) -> String {
    let mut text = clients(page.entities.as_deref().unwrap_or_default());
    if let (Some(number), Some(count)) = (page.page_number, page.page_count) {
        if count > 1 {
            text.push_str(&format!(
                " (page {number} of {count}; --autopaginate fetches every page)"
            ));
        }
    }
    text
}

/// One client, field by field. A secret in the answer is mentioned, not shown.
pub(crate) fn client(client: &OAuthClient) -> String {
    let secret = if client.secret.is_some() {
        "hidden in tables; shown only this once, in JSON output (--output json)".to_owned()
    } else {
        String::new()
    };
    fields(vec![
        ("id", opt(client.id.as_deref())),
        ("name", clean(&client.name)),
        ("description", opt(client.description.as_deref())),
        ("grant type", clean(client.authorized_grant_type.as_str())),
        (
            "state",
            client
                .state
                .as_ref()
                .map(|state| clean(state.as_str()))
                .unwrap_or_default(),
        ),
        (
            "token validity",
            validity(client.access_token_validity_seconds),
        ),
        ("roles", role_divisions(client.role_divisions.as_ref())),
        ("scopes", list(client.scope.as_ref())),
        (
            "redirect URIs",
            list(client.registered_redirect_uri.as_ref()),
        ),
        (
            "created",
            by(client.date_created.as_ref(), client.created_by.as_ref()),
        ),
        (
            "modified",
            by(client.date_modified.as_ref(), client.modified_by.as_ref()),
        ),
        ("to be deleted", date(client.date_to_delete.as_ref())),
        ("secret", secret),
    ])
}

/// The answer of a secret regeneration: the new secret, plainly, since showing it is the point.
pub(crate) fn new_secret(client: &OAuthClient) -> String {
    let secret = client
        .secret
        .as_ref()
        .map(|secret| clean(secret.expose_secret()))
        .unwrap_or_else(|| "(the platform returned no secret)".to_owned());
    let table = fields(vec![
        ("id", opt(client.id.as_deref())),
        ("name", clean(&client.name)),
        ("new secret", secret),
    ]);
    format!(
        "{table}\nStore the new secret now: it is not shown again, and the old secret no longer works."
    )
}

/// The answer of a create: id, name and the new client's secret, plainly, since it is shown only this once.
pub(crate) fn created_client(client: &OAuthClient) -> String {
    let mut rows = vec![
        ("id", opt(client.id.as_deref())),
        ("name", clean(&client.name)),
    ];
    if let Some(secret) = &client.secret {
        rows.push(("secret", clean(secret.expose_secret())));
    }
    let table = fields(rows);
    if client.secret.is_some() {
        format!("{table}\nStore the secret now: it is not shown again.")
    } else {
        table
    }
}

/// The authorizations of the users of code-grant clients.
pub(crate) fn authorizations(listing: &OAuthAuthorizationListing) -> String {
    let mut table = table(&[
        "CLIENT ID",
        "CLIENT",
        "STATE",
        "USER",
        "SCOPES",
        "AUTHORIZED",
    ]);
    let entities = listing.entities.as_deref().unwrap_or_default();
    for authorization in entities {
        let client = authorization.client.as_ref();
        table.add_row(vec![
            opt(client.and_then(|client| client.id.as_deref())),
            opt(client.map(|client| client.name.as_str())),
            authorization_state(authorization),
            opt(authorization
                .resource_owner
                .as_ref()
                .and_then(|owner| owner.name.as_deref().or(owner.id.as_deref()))),
            list(authorization.scope.as_ref()).replace('\n', ", "),
            date(authorization.date_created.as_ref()),
        ]);
    }
    format!("{table}\n{} authorizations", entities.len())
}

fn authorization_state(authorization: &OAuthAuthorization) -> String {
    let mut state = authorization
        .state
        .as_ref()
        .map(|state| clean(state.as_str()))
        .unwrap_or_default();
    if authorization.pending == Some(true) {
        state.push_str(" (pending)");
    }
    state
}

/// One authorization, field by field.
pub(crate) fn authorization(authorization: &OAuthAuthorization) -> String {
    let client = authorization.client.as_ref();
    fields(vec![
        (
            "client id",
            opt(client.and_then(|client| client.id.as_deref())),
        ),
        ("client", opt(client.map(|client| client.name.as_str()))),
        ("state", authorization_state(authorization)),
        (
            "user",
            opt(authorization
                .resource_owner
                .as_ref()
                .and_then(|owner| owner.name.as_deref().or(owner.id.as_deref()))),
        ),
        ("scopes", list(authorization.scope.as_ref())),
        ("roles", list(authorization.roles.as_ref())),
        (
            "authorized",
            by(
                authorization.date_created.as_ref(),
                authorization.created_by.as_ref(),
            ),
        ),
        (
            "modified",
            by(
                authorization.date_modified.as_ref(),
                authorization.modified_by.as_ref(),
            ),
        ),
    ])
}

/// The scopes clients can ask for.
pub(crate) fn scopes(listing: &OAuthScopeListing) -> String {
    let mut table = table(&["SCOPE", "DESCRIPTION"]);
    let entities = listing.entities.as_deref().unwrap_or_default();
    for scope in entities {
        table.add_row(vec![
            opt(scope.id.as_deref()),
            opt(scope.description.as_deref()),
        ]);
    }
    format!("{table}\n{} scopes", entities.len())
}

/// One scope.
pub(crate) fn scope(scope: &OAuthScope) -> String {
    fields(vec![
        ("scope", opt(scope.id.as_deref())),
        ("description", opt(scope.description.as_deref())),
    ])
}

/// A submitted usage query or summary, with the command that fetches its rows.
pub(crate) fn execution(execution: &UsageExecutionResult, client_id: &str) -> String {
    let id = opt(execution.execution_id.as_deref());
    let table = fields(vec![
        ("execution id", id.clone()),
        ("results URI", opt(execution.results_uri.as_deref())),
    ]);
    format!(
        "{table}\nFetch the rows with: genesys oauth clients usage query results get {id} {client_id}"
    )
}

/// A column of the usage table: its header and how to read a row's cell.
type Column = (&'static str, fn(&ApiUsageRow) -> Option<String>);

/// The rows of a usage query: a table, then a chart of the requests per date bucket.
pub(crate) fn usage_result(result: &ApiUsageQueryResult) -> String {
    let rows = result.results.as_deref().unwrap_or_default();
    let status = result
        .query_status
        .as_ref()
        .map_or("unknown", |status| status.as_str());
    let columns: [Column; 12] = [
        ("DATE", |row| row.date.as_ref().map(|d| date(Some(d)))),
        ("CLIENT", |row| {
            row.client_name.clone().or_else(|| row.client_id.clone())
        }),
        ("ORGANIZATION", |row| row.organization_id.clone()),
        ("USER", |row| row.user_id.clone()),
        ("PATH", |row| row.template_uri.clone()),
        ("METHOD", |row| row.http_method.clone()),
        ("REQUESTS", |row| row.requests.map(|n| n.to_string())),
        ("2XX", |row| row.status200.map(|n| n.to_string())),
        ("3XX", |row| row.status300.map(|n| n.to_string())),
        ("4XX", |row| row.status400.map(|n| n.to_string())),
        ("429", |row| row.status429.map(|n| n.to_string())),
        ("5XX", |row| row.status500.map(|n| n.to_string())),
    ];
    // Only the columns some row has a value in.
    let shown: Vec<_> = columns
        .iter()
        .filter(|(_, get)| rows.iter().any(|row| get(row).is_some()))
        .collect();
    let mut text = format!("query status: {}\n", clean(status));
    if rows.is_empty() {
        text.push_str("no requests in this interval");
        return text;
    }
    let mut table = table(&shown.iter().map(|(name, _)| *name).collect::<Vec<_>>());
    for row in rows {
        table.add_row(
            shown
                .iter()
                .map(|(_, get)| clean(&get(row).unwrap_or_default()))
                .collect::<Vec<_>>(),
        );
    }
    text.push_str(&table.to_string());
    let chart = chart::render(rows);
    if !chart.is_empty() {
        text.push_str("\n\n");
        text.push_str(&chart);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use genesys_cloud_models::{ClientSecret, GrantType};

    #[test]
    fn a_client_table_never_shows_its_secret_but_a_new_secret_table_does() {
        let client = OAuthClient::new("Nightly", GrantType::ClientCredentials)
            .with_id("c1")
            .with_secret(ClientSecret::new("s3cr3t-value"))
            .with_access_token_validity_seconds(86_400)
            .with_role_divisions(vec![RoleDivision::new("r1", "d1")]);
        let text = client_table(&client);
        assert!(!text.contains("s3cr3t-value"), "{text}");
        assert!(text.contains("hidden") && text.contains("24 h") && text.contains("r1 in d1"));
        let text = new_secret(&client);
        assert!(text.contains("s3cr3t-value") && text.contains("not shown again"));
    }

    #[test]
    fn a_created_client_table_shows_its_new_secret_plainly() {
        let client = OAuthClient::new("Nightly", GrantType::ClientCredentials)
            .with_id("c1")
            .with_secret(ClientSecret::new("s3cr3t-value"));
        let text = created_client(&client);
        assert!(
            text.contains("c1") && text.contains("Nightly") && text.contains("s3cr3t-value"),
            "{text}"
        );
        assert!(!text.contains("hidden"), "{text}");
    }

    #[test]
    fn control_characters_from_the_server_are_escaped_in_tables() {
        let hostile = "evil\x1b]0;pwned\x07\r\nname";
        let client = OAuthClient::new(hostile, GrantType::ClientCredentials)
            .with_id("id\x1b[2J")
            .with_description("d\x1b[31m")
            .with_registered_redirect_uri(vec!["https://x/\x1b[0m".to_owned()]);
        for text in [client_table(&client), created_client(&client)] {
            assert!(
                !text.contains('\x1b') && !text.contains('\r') && !text.contains('\x07'),
                "{text:?}"
            );
            assert!(
                text.contains("evil\\u{1b}]0;pwned\\u{7}\\r\\nname"),
                "{text}"
            );
        }
        let listed: Listed = serde_json::from_value(serde_json::json!({
            "id": "c\u{1b}1", "name": hostile, "authorizedGrantType": "CODE\u{1b}"
        }))
        .unwrap();
        let text = clients(&[listed]);
        assert!(!text.contains('\x1b') && !text.contains('\r'), "{text:?}");
    }

    fn client_table(client: &OAuthClient) -> String {
        super::client(client)
    }

    #[test]
    fn dates_and_validities_are_short() {
        let timestamp = Timestamp::parse("2025-06-01T12:30:45.123Z").unwrap();
        assert_eq!(date(Some(&timestamp)), "2025-06-01 12:30 UTC");
        assert_eq!(validity(Some(600)), "10 min");
        assert_eq!(validity(Some(301)), "301 s");
    }
}
