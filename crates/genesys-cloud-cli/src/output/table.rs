//! Tables of the key fields, for people. Secrets are never shown here, except by [`new_secret`], whose purpose
//! is to show one.

use genesys_cloud_models::{
    DomainEntityRef, OAuthAuthorization, OAuthAuthorizationListing, OAuthClient,
    OAuthClientListing, OAuthScope, OAuthScopeListing, RoleDivision, Timestamp,
};
use serde::Deserialize;

use super::fit::{Cell, Column, Fit, Fitted, Give, two_columns as fields};
pub(crate) use super::usage_table::{execution, results_command, usage_result};

/// The table's text, then `footer`, then what `--wide` would show if something was left out.
pub(super) fn with_footer(table: &Fitted, fit: Fit, footer: &str) -> String {
    let (text, trimmed) = table.render(fit);
    let note = trimmed.note(fit);
    [text.as_str(), footer, &note]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `2025-06-01 12:30 UTC` (to the minute, with its zone: a bare time would be read as local).
pub(super) fn date(value: Option<&Timestamp>) -> String {
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

fn items(values: Option<&Vec<String>>) -> Vec<String> {
    values
        .map(|values| values.iter().map(|value| clean(value)).collect())
        .unwrap_or_default()
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

/// The clients of one or more pages, in `fit` columns.
pub(crate) fn clients(clients: &[Listed], fit: Fit) -> String {
    clients_with_footer(clients, fit, "")
}

fn clients_with_footer(clients: &[Listed], fit: Fit, more: &str) -> String {
    let with_grant = clients.iter().any(|listed| listed.grant_type.is_some());
    // In order of value: on a narrow terminal the last ones go first.
    let mut columns = vec![
        Column::new("ID", Give::Never),
        Column::new("NAME", Give::Cut(16)),
        Column::new("STATE", Give::Whole),
    ];
    if with_grant {
        columns.push(Column::new("GRANT TYPE", Give::Cut(12)));
    }
    columns.extend([
        Column::new("ROLES / SCOPES", Give::Whole),
        Column::new("TOKEN TTL", Give::Whole).low_value(),
        Column::new("CREATED", Give::Whole).low_value(),
    ]);
    let mut table = Fitted::new(columns);
    for Listed { client, grant_type } in clients {
        let mut row = vec![
            Cell::from(opt(client.id.as_deref())),
            Cell::from(clean(&client.name)),
            Cell::from(
                client
                    .state
                    .as_ref()
                    .map(|state| clean(state.as_str()))
                    .unwrap_or_default(),
            ),
        ];
        if with_grant {
            row.push(Cell::from(opt(grant_type.as_deref())));
        }
        let access = match (&client.role_divisions, &client.scope) {
            (Some(grants), _) if !grants.is_empty() => format!("{} role(s)", grants.len()),
            (_, Some(scopes)) if !scopes.is_empty() => format!("{} scope(s)", scopes.len()),
            _ => String::new(),
        };
        row.extend([
            Cell::from(access),
            Cell::from(validity(client.access_token_validity_seconds)),
            Cell::from(date(client.date_created.as_ref())),
        ]);
        table.row(row);
    }
    let count = clients.len();
    let footer = format!("{count} client{}{more}", if count == 1 { "" } else { "s" });
    with_footer(&table, fit, &footer)
}

/// One page of the client list, in `fit` columns.
pub(crate) fn client_page(page: &ListPage, fit: Fit) -> String {
    let mut more = String::new();
    if let (Some(number), Some(count)) = (page.page_number, page.page_count) {
        if count > 1 {
            more = format!(" (page {number} of {count}; --autopaginate fetches every page)");
        }
    }
    clients_with_footer(page.entities.as_deref().unwrap_or_default(), fit, &more)
}

/// One client, field by field. A secret in the answer is mentioned, not shown.
pub(crate) fn client(client: &OAuthClient, fit: Fit) -> String {
    let secret = if client.secret.is_some() {
        "hidden in tables; shown only this once, in JSON output (--output json)".to_owned()
    } else {
        String::new()
    };
    fields(
        vec![
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
        ],
        fit,
    )
}

/// The answer of a secret regeneration: the new secret, plainly, since showing it is the point.
pub(crate) fn new_secret(client: &OAuthClient, fit: Fit) -> String {
    let secret = client
        .secret
        .as_ref()
        .map(|secret| clean(secret.expose_secret()))
        .unwrap_or_else(|| "(the platform returned no secret)".to_owned());
    let table = fields(
        vec![
            ("id", opt(client.id.as_deref())),
            ("name", clean(&client.name)),
            ("new secret", secret),
        ],
        fit,
    );
    format!(
        "{table}\nStore the new secret now: it is not shown again, and the old secret no longer works."
    )
}

/// The answer of a create: id, name and the new client's secret, plainly, since it is shown only this once.
pub(crate) fn created_client(client: &OAuthClient, fit: Fit) -> String {
    let mut rows = vec![
        ("id", opt(client.id.as_deref())),
        ("name", clean(&client.name)),
    ];
    if let Some(secret) = &client.secret {
        rows.push(("secret", clean(secret.expose_secret())));
    }
    let table = fields(rows, fit);
    if client.secret.is_some() {
        format!("{table}\nStore the secret now: it is not shown again.")
    } else {
        table
    }
}

/// The authorizations of the users of code-grant clients, in `fit` columns.
pub(crate) fn authorizations(listing: &OAuthAuthorizationListing, fit: Fit) -> String {
    let mut table = Fitted::new(vec![
        Column::new("CLIENT ID", Give::Never),
        Column::new("CLIENT", Give::Cut(12)),
        Column::new("STATE", Give::Whole),
        Column::new("USER", Give::Cut(10)),
        Column::new("SCOPES", Give::Cut(10)),
        Column::new("AUTHORIZED", Give::Whole).low_value(),
    ]);
    let entities = listing.entities.as_deref().unwrap_or_default();
    for authorization in entities {
        let client = authorization.client.as_ref();
        table.row(vec![
            Cell::from(opt(client.and_then(|client| client.id.as_deref()))),
            Cell::from(opt(client.map(|client| client.name.as_str()))),
            Cell::from(authorization_state(authorization)),
            Cell::from(opt(authorization
                .resource_owner
                .as_ref()
                .and_then(|owner| owner.name.as_deref().or(owner.id.as_deref())))),
            Cell::List(items(authorization.scope.as_ref()), "scope"),
            Cell::from(date(authorization.date_created.as_ref())),
        ]);
    }
    with_footer(&table, fit, &format!("{} authorizations", entities.len()))
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
pub(crate) fn authorization(authorization: &OAuthAuthorization, fit: Fit) -> String {
    let client = authorization.client.as_ref();
    fields(
        vec![
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
        ],
        fit,
    )
}

/// The scopes clients can ask for, in `fit` columns.
pub(crate) fn scopes(listing: &OAuthScopeListing, fit: Fit) -> String {
    let mut table = Fitted::new(vec![
        Column::new("SCOPE", Give::Never),
        Column::new("DESCRIPTION", Give::Cut(12)),
    ]);
    let entities = listing.entities.as_deref().unwrap_or_default();
    for scope in entities {
        table.row(vec![
            Cell::from(opt(scope.id.as_deref())),
            Cell::from(opt(scope.description.as_deref())),
        ]);
    }
    with_footer(&table, fit, &format!("{} scopes", entities.len()))
}

/// One scope.
pub(crate) fn scope(scope: &OAuthScope, fit: Fit) -> String {
    fields(
        vec![
            ("scope", opt(scope.id.as_deref())),
            ("description", opt(scope.description.as_deref())),
        ],
        fit,
    )
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
        let text = new_secret(&client, None);
        assert!(text.contains("s3cr3t-value") && text.contains("not shown again"));
    }

    #[test]
    fn a_created_client_table_shows_its_new_secret_plainly() {
        let client = OAuthClient::new("Nightly", GrantType::ClientCredentials)
            .with_id("c1")
            .with_secret(ClientSecret::new("s3cr3t-value"));
        let text = created_client(&client, None);
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
        for text in [client_table(&client), created_client(&client, Some(80))] {
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
        let text = clients(&[listed], Some(80));
        assert!(!text.contains('\x1b') && !text.contains('\r'), "{text:?}");
    }

    fn client_table(client: &OAuthClient) -> String {
        super::client(client, None)
    }

    #[test]
    fn dates_and_validities_are_short() {
        let timestamp = Timestamp::parse("2025-06-01T12:30:45.123Z").unwrap();
        assert_eq!(date(Some(&timestamp)), "2025-06-01 12:30 UTC");
        assert_eq!(validity(Some(600)), "10 min");
        assert_eq!(validity(Some(301)), "301 s");
    }
}
