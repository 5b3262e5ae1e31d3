//! `--role NAME_OR_ID[@DIVISION]`: role and division names resolved to ids through the Authorization API,
//! exactly and case-insensitively; an unknown or ambiguous name is a usage error listing the candidates.

use genesys_cloud_core::ops::{
    GetAuthorizationDivisions, GetAuthorizationDivisionsHome, GetAuthorizationRoles,
};
use genesys_cloud_models::RoleDivision;

use crate::call::{target, watch};
use crate::cli_error::CliError;
use crate::output::table::clean;
use crate::session::Session;

/// The most candidates an error lists.
const SHOWN: usize = 12;

/// Something with an id and a name: a role or a division.
#[derive(Debug)]
struct Named {
    id: String,
    name: String,
}

/// The one entry `wanted` names: by id, else by name, both compared case-insensitively and whole.
fn pick<'a>(
    entries: &'a [Named],
    wanted: &str,
    what: &str,
    flag: &str,
) -> Result<&'a Named, CliError> {
    let by_id: Vec<&Named> = entries
        .iter()
        .filter(|e| e.id.eq_ignore_ascii_case(wanted))
        .collect();
    let by_name: Vec<&Named> = entries
        .iter()
        .filter(|e| e.name.to_lowercase() == wanted.to_lowercase())
        .collect();
    let found = if by_id.is_empty() { by_name } else { by_id };
    match found.as_slice() {
        [one] => Ok(one),
        [] => {
            let close: Vec<&Named> = entries
                .iter()
                .filter(|e| e.name.to_lowercase().contains(&wanted.to_lowercase()))
                .collect();
            let candidates = if close.is_empty() {
                entries.iter().collect()
            } else {
                close
            };
            Err(CliError::usage(format!(
                "{flag}: no {what} is named `{}`; {what}s: {}",
                clean(wanted),
                list(&candidates)
            )))
        }
        many => Err(CliError::usage(format!(
            "{flag}: `{}` names {} {what}s; give the id of one: {}",
            clean(wanted),
            many.len(),
            list(many)
        ))),
    }
}

fn list(entries: &[&Named]) -> String {
    let mut shown: Vec<String> = entries
        .iter()
        .take(SHOWN)
        .map(|e| format!("{} ({})", clean(&e.name), clean(&e.id)))
        .collect();
    if entries.len() > SHOWN {
        shown.push(format!("and {} more", entries.len() - SHOWN));
    }
    if shown.is_empty() {
        "none".to_owned()
    } else {
        shown.join(", ")
    }
}

/// The role grants `specs` name (`ROLE`, `ROLE@DIVISION`, `ROLE@*`), resolved against the organization's roles
/// and divisions; the division defaults to the home division.
pub(crate) async fn resolve(
    session: &Session,
    specs: &[String],
) -> Result<Vec<RoleDivision>, CliError> {
    if specs.is_empty() {
        return Ok(Vec::new());
    }
    let environment = session.client.environment();
    let roles = watch(
        session,
        target(&GetAuthorizationRoles::new(), environment),
        session
            .client
            .get_authorization_roles()
            .user_count(false)
            .page_size(100)
            .pages()
            .collect_all(),
    )
    .await
    .map_err(|error| error.with_hint_for_status(403, "--role needs permission authorization:role:view to read the role names; --role-division ROLE_ID:DIVISION_ID does not"))?;
    let roles: Vec<Named> = roles
        .into_iter()
        .filter_map(|role| {
            Some(Named {
                id: role.id?,
                name: role.name.unwrap_or_default(),
            })
        })
        .collect();
    let named_divisions = specs.iter().any(|spec| {
        spec.rsplit_once('@')
            .is_some_and(|(_, division)| division != "*")
    });
    let divisions: Vec<Named> = if named_divisions {
        watch(
            session,
            target(&GetAuthorizationDivisions::new(), environment),
            session
                .client
                .get_authorization_divisions()
                .page_size(100)
                .pages()
                .collect_all(),
        )
        .await?
        .into_iter()
        .filter_map(|division| {
            Some(Named {
                id: division.id?,
                name: division.name.unwrap_or_default(),
            })
        })
        .collect()
    } else {
        Vec::new()
    };
    let mut home = None;
    let mut grants = Vec::new();
    for spec in specs {
        let (role, division) = match spec.rsplit_once('@') {
            Some((role, division)) => (role, Some(division)),
            None => (spec.as_str(), None),
        };
        let role = pick(&roles, role.trim(), "role", "--role")?;
        let division_id = match division.map(str::trim) {
            Some("*") => "*".to_owned(),
            Some(division) => pick(&divisions, division, "division", "--role")?.id.clone(),
            None => match &home {
                Some(id) => String::clone(id),
                None => {
                    let found = watch(
                        session,
                        target(&GetAuthorizationDivisionsHome::new(), environment),
                        session.client.get_authorization_divisions_home(),
                    )
                    .await?;
                    let id = found.id.ok_or_else(|| {
                        CliError::usage("--role: the home division has no id; give ROLE@DIVISION")
                    })?;
                    home = Some(id.clone());
                    id
                }
            },
        };
        grants.push(RoleDivision::new(role.id.clone(), division_id));
    }
    Ok(grants)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(id: &str, name: &str) -> Named {
        Named {
            id: id.to_owned(),
            name: name.to_owned(),
        }
    }

    #[test]
    fn names_match_whole_and_case_insensitively_and_ids_win() {
        let roles = [
            named("a1", "OAuth Admin"),
            named("a2", "OAuth Viewer"),
            named("a3", "Twin"),
            named("a4", "twin"),
            named("a5", "a1"),
        ];
        assert_eq!(
            pick(&roles, "oauth admin", "role", "--role").unwrap().id,
            "a1"
        );
        assert_eq!(pick(&roles, "A2", "role", "--role").unwrap().id, "a2");
        // An id wins over a name that happens to equal it.
        assert_eq!(pick(&roles, "a1", "role", "--role").unwrap().id, "a1");
        let ambiguous = pick(&roles, "TWIN", "role", "--role").unwrap_err();
        assert_eq!(ambiguous.failure(), crate::cli_error::Failure::Usage);
        let text = format!("{ambiguous:?}");
        assert!(text.contains("a3") && text.contains("a4"), "{text}");
        // Part of a name is not a match: the candidates are listed instead.
        let unknown = format!("{:?}", pick(&roles, "oauth", "role", "--role").unwrap_err());
        assert!(
            unknown.contains("OAuth Admin (a1)") && unknown.contains("OAuth Viewer (a2)"),
            "{unknown}"
        );
        assert!(!unknown.contains("Twin"), "{unknown}");
    }
}
