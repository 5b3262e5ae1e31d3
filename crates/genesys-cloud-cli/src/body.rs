//! Request bodies: JSON or YAML from `--file` or standard input, or built from flags without hand-written JSON.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use clap::Args;
use genesys_cloud_models::{ClientState, GrantType, OAuthClient, OAuthClientRequest, RoleDivision};
use serde::de::DeserializeOwned;

use crate::cli::InputFormat;
use crate::cli_error::CliError;
use crate::values::Known;

/// Set once standard input has been claimed, so that a secret and a body cannot both expect it.
static STDIN_TAKEN: AtomicBool = AtomicBool::new(false);

/// Claims standard input; an error if something else already read it.
pub(crate) fn take_stdin() -> Result<(), CliError> {
    if STDIN_TAKEN.swap(true, Ordering::SeqCst) {
        return Err(CliError::usage(
            "standard input can hold either the client secret (--clientsecret-file -) or the request body, \
             not both",
        ));
    }
    Ok(())
}

/// The largest request body read from --file or standard input.
pub(crate) const MAX_BODY: u64 = 8 * 1024 * 1024;

/// Reads all of `reader` when it holds at most `limit` bytes; `Ok(None)` when it holds more (only
/// `limit + 1` bytes are read to find out).
pub(crate) fn read_at_most(reader: impl Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut bytes = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok((bytes.len() as u64 <= limit).then_some(bytes))
}

fn too_large(what: &str) -> CliError {
    CliError::usage(format!(
        "{what} is larger than {} MiB, the most a request body may be",
        MAX_BODY / (1024 * 1024)
    ))
}

/// Reads a JSON body from `file` (`-` for standard input), or from piped standard input when there is no
/// file and `flags_given` is false. `None` when there is no body to read.
pub(crate) fn read(file: Option<&Path>, flags_given: bool) -> Result<Option<Vec<u8>>, CliError> {
    let from_stdin = match file {
        Some(path) if path != Path::new("-") => {
            let what = format!("--file {}", path.display());
            let bytes = std::fs::File::open(path)
                .and_then(|file| read_at_most(file, MAX_BODY))
                .map_err(|error| CliError::usage(format!("cannot read {what}: {error}")))?;
            return bytes.map(Some).ok_or_else(|| too_large(&what));
        }
        Some(_) => true,
        None => !flags_given && !std::io::stdin().is_terminal(),
    };
    if !from_stdin {
        return Ok(None);
    }
    take_stdin()?;
    let bytes = read_at_most(std::io::stdin().lock(), MAX_BODY)
        .map_err(|error| CliError::usage(format!("cannot read standard input: {error}")))?
        .ok_or_else(|| too_large("the request body on standard input"))?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(CliError::usage(
            "the request body on standard input is empty: give JSON there, --file FILE, or body flags",
        ));
    }
    Ok(Some(bytes))
}

/// Whether a body from `file` is YAML: as `--input` says, else by the file's extension (`.yaml`, `.yml`).
pub(crate) fn is_yaml(input: Option<InputFormat>, file: Option<&Path>) -> bool {
    match input {
        Some(format) => format == InputFormat::Yaml,
        None => file
            .and_then(Path::extension)
            .and_then(|extension| extension.to_str())
            .is_some_and(|extension| {
                extension.eq_ignore_ascii_case("yaml") || extension.eq_ignore_ascii_case("yml")
            }),
    }
}

/// Parses a body as `T`, named `model` in messages: JSON, or YAML standing for the JSON document (`yaml`).
pub(crate) fn parse<T: DeserializeOwned>(
    bytes: &[u8],
    model: &str,
    yaml: bool,
) -> Result<T, CliError> {
    if !yaml {
        return serde_json::from_slice(bytes).map_err(|error| {
            CliError::usage(format!("the request body is not a valid {model}: {error}"))
        });
    }
    let value = crate::yaml::from_yaml(bytes)
        .map_err(|error| CliError::usage(format!("the request body is not valid YAML: {error}")))?;
    // Through JSON text, so that YAML means exactly what the same JSON would; the path names a wrong field, as
    // the JSON parser's line and column would.
    let json = crate::yaml::to_json(&value);
    let mut deserializer = serde_json::Deserializer::from_slice(&json);
    serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let error = error.into_inner();
        let message = error.to_string();
        // serde_json's position is in the converted text, not in the YAML: left out.
        let message = match message.rfind(" at line ") {
            Some(at) if error.line() > 0 => &message[..at],
            _ => message.as_str(),
        };
        CliError::usage(format!(
            "the request body is not a valid {model}: {path}: {message}"
        ))
    })
}

/// `CLIENT-CREDENTIALS`, also written `client_credentials` or `client-credentials`; other values are sent as
/// given, since the platform may know grants this version does not.
fn parse_grant_type(value: &str) -> Result<GrantType, String> {
    let normalized = value.trim().to_ascii_uppercase().replace('_', "-");
    if normalized.is_empty() {
        return Err("a grant type cannot be empty".to_owned());
    }
    Ok(GrantType::try_parse(&normalized).unwrap_or_else(|| GrantType::from(value)))
}

fn parse_state(value: &str) -> Result<ClientState, String> {
    let normalized = value.trim().to_ascii_lowercase();
    if normalized.is_empty() {
        return Err("a state cannot be empty".to_owned());
    }
    Ok(ClientState::try_parse(&normalized).unwrap_or_else(|| ClientState::from(value)))
}

fn parse_role_division(value: &str) -> Result<RoleDivision, String> {
    match value.split_once(':') {
        Some((role, division)) if !role.trim().is_empty() && !division.trim().is_empty() => {
            Ok(RoleDivision::new(role.trim(), division.trim()))
        }
        _ => {
            Err("expected ROLE:DIVISION, such as 00000000-0000-4000-8000-00000000a002:*".to_owned())
        }
    }
}

/// The body of `oauth clients create` and `update`.
#[derive(Debug, Args)]
pub(crate) struct ClientBody {
    /// The OAuthClientRequest as JSON or YAML (.yaml, .yml, or --input yaml) from FILE, or `-` for standard
    /// input. Without it, piped standard input is read unless body flags are given. Body flags change the fields
    /// they name.
    #[arg(short = 'f', long, value_name = "FILE")]
    file: Option<PathBuf>,

    /// Send one request per .json, .yaml or .yml file of DIR, in name order, and print the results as one JSON
    /// array (or YAML list) in the same order. A file that fails is named on standard error and the others still
    /// run; the exit status is then 1. Body flags change each file's fields. Example: --directory clients/
    #[arg(short = 'd', long, value_name = "DIR", conflicts_with = "file")]
    pub(crate) directory: Option<PathBuf>,

    /// With --directory: read and check every file, print the request bodies that would be sent, and send
    /// nothing (no credentials needed).
    #[arg(long, requires = "directory")]
    pub(crate) dry_run: bool,

    /// Print an OAuthClientRequest with every writable field and a placeholder of its type ("" for text, 0 for
    /// numbers), to fill in and send with --file; nothing is sent. Example: --print-request-body > client.json
    /// (or -o yaml > client.yaml). Values: authorizedGrantType CLIENT-CREDENTIALS, CODE, TOKEN, SAML2-BEARER or
    /// PASSWORD; state active, disabled or inactive; leave out the fields you do not set.
    #[arg(
        short = 'b',
        long,
        alias = "printrequestbody",
        conflicts_with_all = ["file", "directory"]
    )]
    pub(crate) print_request_body: bool,

    /// The client's name.
    #[arg(long)]
    name: Option<String>,

    /// The grant type: CLIENT-CREDENTIALS, CODE, TOKEN, SAML2-BEARER or PASSWORD (any case, - or _).
    #[arg(
        long,
        value_name = "GRANT",
        value_parser = Known::new(
            parse_grant_type,
            &["client-credentials", "code", "token", "saml2-bearer", "password"]
        )
    )]
    grant_type: Option<GrantType>,

    /// A role granted in a division, by ids (client credentials only); repeat for more. With --role, replaces the
    /// list.
    #[arg(long = "role-division", value_name = "ROLE:DIVISION", value_parser = parse_role_division)]
    role_divisions: Vec<RoleDivision>,

    /// A role by name or id, in the division named after `@` (by name or id; `*` for all; the home division
    /// without it), such as --role "OAuth Admin" or --role "OAuth Viewer@Sales"; repeat for more. Names are
    /// matched whole and case-insensitively (reading them needs authorization:role:view); a role whose name holds
    /// `@` is named by its id. With --role-division, replaces the list.
    #[arg(long = "role", value_name = "ROLE[@DIVISION]")]
    pub(crate) roles: Vec<String>,

    /// The grants `--role` names, once resolved.
    #[arg(skip)]
    pub(crate) resolved_roles: Vec<RoleDivision>,

    /// A scope the client asks for (code and implicit grants); repeat for more. Replaces the list.
    #[arg(long = "scope", value_name = "SCOPE")]
    scopes: Vec<String>,

    /// A redirect URI (code and implicit grants); repeat for more. Replaces the list.
    #[arg(long = "redirect-uri", value_name = "URI")]
    redirect_uris: Vec<String>,

    /// Lifetime of the client's tokens in seconds (the platform accepts 300 to 172800).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(i64).range(1..))]
    token_validity: Option<i64>,

    /// The state: active, disabled or inactive (only inactive clients can be deleted).
    #[arg(long, value_parser = Known::new(parse_state, &["active", "disabled", "inactive"]))]
    state: Option<ClientState>,

    /// A description.
    #[arg(long)]
    description: Option<String>,
}

impl ClientBody {
    /// Whether any flag names a field.
    pub(crate) fn has_fields(&self) -> bool {
        self.name.is_some()
            || self.grant_type.is_some()
            || !self.role_divisions.is_empty()
            || !self.roles.is_empty()
            || !self.scopes.is_empty()
            || !self.redirect_uris.is_empty()
            || self.token_validity.is_some()
            || self.state.is_some()
            || self.description.is_some()
    }

    /// The body from --file or standard input, with the flags applied; `None` when neither gave a body.
    pub(crate) fn read(
        &self,
        input: Option<InputFormat>,
    ) -> Result<Option<OAuthClientRequest>, CliError> {
        match read(self.file.as_deref(), self.has_fields())? {
            Some(bytes) => {
                let yaml = is_yaml(input, self.file.as_deref());
                let mut request: OAuthClientRequest = parse(&bytes, "OAuthClientRequest", yaml)?;
                self.apply(&mut request);
                Ok(Some(request))
            }
            None => Ok(None),
        }
    }

    /// The body of one `--directory` file for `create`, with the flags applied.
    pub(crate) fn read_new(
        &self,
        path: &Path,
        input: Option<InputFormat>,
    ) -> Result<OAuthClientRequest, CliError> {
        let bytes = crate::directory::read(path)?;
        let mut request: OAuthClientRequest =
            parse(&bytes, "OAuthClientRequest", is_yaml(input, Some(path)))?;
        self.apply(&mut request);
        Ok(request)
    }

    /// The client id and body of one `--directory` file for `update`: a client as `get` prints it (its read-only
    /// fields are left out of the body), or a request body with the client's `id` added; flags applied.
    pub(crate) fn read_existing(
        &self,
        path: &Path,
        input: Option<InputFormat>,
    ) -> Result<(String, OAuthClientRequest), CliError> {
        let bytes = crate::directory::read(path)?;
        let client: OAuthClient = parse(&bytes, "OAuthClient", is_yaml(input, Some(path)))?;
        let id = client.id.clone().filter(|id| !id.trim().is_empty()).ok_or_else(|| {
            CliError::usage(
                "no `id`: each file of `update --directory` is a client as `get` prints it, or a request body \
                 with the client's id",
            )
        })?;
        let mut request = client.into_request();
        self.apply(&mut request);
        Ok((id, request))
    }

    /// A new client's body from the flags alone; --name and --grant-type are required.
    pub(crate) fn build_from_flags(&self) -> Result<OAuthClientRequest, CliError> {
        let (Some(name), Some(grant)) = (&self.name, &self.grant_type) else {
            return Err(CliError::usage(
                "a new client needs --name and --grant-type (or a JSON body with --file or on standard input)",
            ));
        };
        let mut request = OAuthClientRequest::new(name.clone(), grant.clone());
        self.apply(&mut request);
        Ok(request)
    }

    /// Sets the fields the flags name.
    pub(crate) fn apply(&self, request: &mut OAuthClientRequest) {
        if let Some(name) = &self.name {
            request.name.clone_from(name);
        }
        if let Some(grant) = &self.grant_type {
            request.authorized_grant_type = grant.clone();
        }
        if !self.role_divisions.is_empty() || !self.resolved_roles.is_empty() {
            let mut grants = self.role_divisions.clone();
            grants.extend(self.resolved_roles.iter().cloned());
            request.role_divisions = Some(grants);
        }
        if !self.scopes.is_empty() {
            request.scope = Some(self.scopes.clone());
        }
        if !self.redirect_uris.is_empty() {
            request.registered_redirect_uri = Some(self.redirect_uris.clone());
        }
        if let Some(seconds) = self.token_validity {
            request.access_token_validity_seconds = Some(seconds);
        }
        if let Some(state) = &self.state {
            request.state = Some(state.clone());
        }
        if let Some(description) = &self.description {
            request.description = Some(description.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grant_types_and_states_are_read_leniently_and_unknown_ones_kept() {
        assert_eq!(
            parse_grant_type("client_credentials").unwrap(),
            GrantType::ClientCredentials
        );
        assert_eq!(
            parse_grant_type("saml2-bearer").unwrap(),
            GrantType::Saml2Bearer
        );
        assert_eq!(
            parse_grant_type("DEVICE-CODE").unwrap().as_str(),
            "DEVICE-CODE"
        );
        assert!(parse_grant_type(" ").is_err());
        assert_eq!(parse_state("Inactive").unwrap(), ClientState::Inactive);
    }

    #[test]
    fn a_body_file_over_the_limit_is_refused_without_reading_it_all() {
        let dir = std::env::temp_dir().join(format!("genesys-body-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("big.json");
        let mut text = vec![b' '; usize::try_from(MAX_BODY).unwrap()];
        text.extend_from_slice(b"{}");
        std::fs::write(&path, &text).unwrap();
        let error = read(Some(&path), false).unwrap_err();
        assert_eq!(error.failure(), crate::cli_error::Failure::Usage);
        assert!(
            error.line(&[]).contains("larger than 8 MiB"),
            "{}",
            error.line(&[])
        );
        std::fs::write(&path, &text[2..]).unwrap();
        assert!(read(Some(&path), false).unwrap().is_some());
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(read_at_most(std::io::repeat(b'x'), 10).unwrap(), None);
        assert_eq!(
            read_at_most(&b"0123456789"[..], 10).unwrap().unwrap().len(),
            10
        );
    }

    #[test]
    fn role_divisions_need_both_parts() {
        let grant = parse_role_division("role-1:*").unwrap();
        assert_eq!(
            (grant.role_id.as_str(), grant.division_id.as_str()),
            ("role-1", "*")
        );
        for bad in ["role-1", ":div", "role:", ""] {
            assert!(parse_role_division(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn flags_change_only_their_fields() {
        let body = ClientBody {
            file: None,
            directory: None,
            dry_run: false,
            print_request_body: false,
            name: Some("Renamed".to_owned()),
            grant_type: None,
            role_divisions: Vec::new(),
            roles: Vec::new(),
            resolved_roles: Vec::new(),
            scopes: vec!["users:readonly".to_owned()],
            redirect_uris: Vec::new(),
            token_validity: Some(600),
            state: None,
            description: None,
        };
        assert!(body.has_fields());
        let mut request = OAuthClientRequest::new("Old", GrantType::Code)
            .with_description("kept")
            .with_additional_field("newField", serde_json::json!(true));
        body.apply(&mut request);
        assert_eq!(request.name, "Renamed");
        assert_eq!(request.description.as_deref(), Some("kept"));
        assert_eq!(request.scope, Some(vec!["users:readonly".to_owned()]));
        assert_eq!(request.access_token_validity_seconds, Some(600));
        assert_eq!(request.additional_fields["newField"], true);
        assert!(body.build_from_flags().is_err(), "no grant type");
    }
}
