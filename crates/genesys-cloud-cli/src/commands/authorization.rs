//! `genesys authorization roles list|get`, `divisions list|get|home`, `subjects me` and `permissions list`, as gc
//! names them.

use clap::{Args, Subcommand};
use genesys_cloud_core::ops::{
    GetAuthorizationDivision, GetAuthorizationDivisions, GetAuthorizationDivisionsHome,
    GetAuthorizationPermissions, GetAuthorizationRole, GetAuthorizationRoles,
    GetAuthorizationSubjectsMe,
};
use genesys_cloud_core::paging::PagedOperation;
use genesys_cloud_models::{
    AuthzDivision, AuthzSubject, DomainOrganizationRole, PermissionQueryType, RoleExpand,
};
use serde::de::DeserializeOwned;

use super::{listing, send};
use crate::cli_error::CliError;
use crate::output::access_table;
use crate::output::fit::Fit;
use crate::session::Session;
use crate::values::Known;

/// `genesys authorization ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum AuthorizationCommand {
    /// The organization's roles.
    #[command(subcommand)]
    Roles(RolesCommand),
    /// The organization's divisions.
    #[command(subcommand)]
    Divisions(DivisionsCommand),
    /// The grants of the caller.
    #[command(subcommand)]
    Subjects(SubjectsCommand),
    /// The permission catalogue.
    #[command(subcommand)]
    Permissions(PermissionsCommand),
}

/// Which page of a listing, or all of them.
#[derive(Debug, Args)]
pub(crate) struct Paging {
    /// Follow the pages to the last and print the entities of every page (as one JSON array).
    #[arg(short = 'a', long)]
    autopaginate: bool,
    /// Entities per page (the platform's default is 25).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i32).range(1..))]
    page_size: Option<i32>,
    /// The page to get, from 1 (not with --autopaginate).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(i32).range(1..), conflicts_with = "autopaginate")]
    page_number: Option<i32>,
}

/// `genesys authorization roles ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum RolesCommand {
    /// List roles (permission authorization:role:view).
    List {
        #[command(flatten)]
        paging: Paging,
        /// Only roles whose name contains TEXT.
        #[arg(long, value_name = "TEXT")]
        name: Option<String>,
        /// Only roles holding this permission; repeat for any of several.
        #[arg(long, value_name = "PERMISSION")]
        permission: Vec<String>,
        /// Only the role with this id; repeat for several.
        #[arg(long, value_name = "ID")]
        id: Vec<String>,
        /// Leave out the user counts (faster on large roles).
        #[arg(long)]
        no_user_count: bool,
    },
    /// Get one role (permission authorization:role:view).
    Get {
        /// The role id.
        role_id: String,
        /// Also list the permissions the role does not use.
        #[arg(long)]
        unused_permissions: bool,
        /// Leave out the user count (faster on large roles).
        #[arg(long)]
        no_user_count: bool,
    },
}

/// `genesys authorization divisions ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum DivisionsCommand {
    /// List divisions.
    List {
        #[command(flatten)]
        paging: Paging,
        /// Only divisions whose name contains TEXT.
        #[arg(long, value_name = "TEXT")]
        name: Option<String>,
        /// Only the division with this id; repeat for several.
        #[arg(long, value_name = "ID")]
        id: Vec<String>,
        /// Include the count of objects in each division.
        #[arg(long)]
        object_count: bool,
    },
    /// Get one division.
    Get {
        /// The division id.
        division_id: String,
        /// Include the count of objects in the division.
        #[arg(long)]
        object_count: bool,
    },
    /// The home division (`home` or `home get`).
    Home {
        #[command(subcommand)]
        action: Option<GetAction>,
    },
}

/// `get`, the one action of a resource that is only read.
#[derive(Debug, Subcommand)]
pub(crate) enum GetAction {
    /// Get it (the default).
    Get,
}

/// `genesys authorization subjects ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum SubjectsCommand {
    /// The roles and divisions granted to the caller (`me` or `me get`).
    Me {
        #[command(subcommand)]
        action: Option<GetAction>,
        /// Keep grants of the same role and division that come from different subjects.
        #[arg(long)]
        include_duplicates: bool,
    },
}

/// `genesys authorization permissions ...`.
#[derive(Debug, Subcommand)]
pub(crate) enum PermissionsCommand {
    /// List the permission catalogue, by domain.
    List {
        #[command(flatten)]
        paging: Paging,
        /// What --query names: domain or permission.
        #[arg(long, value_name = "TYPE", requires = "query", value_parser = Known::new(parse_query_type, &["domain", "permission"]))]
        query_type: Option<PermissionQueryType>,
        /// Comma-separated domains or permissions (see --query-type).
        #[arg(long, value_name = "LIST", requires = "query_type")]
        query: Option<String>,
    },
}

fn parse_query_type(value: &str) -> Result<PermissionQueryType, String> {
    PermissionQueryType::try_parse(&value.trim().to_ascii_lowercase())
        .ok_or_else(|| format!("`{value}` is not domain or permission"))
}

/// Prints one page (with `--page-size`/`--page-number`) or, with `--autopaginate`, the entities of every page.
async fn list<O>(
    session: &Session,
    operation: O,
    autopaginate: bool,
    what: &str,
    render: impl FnOnce(&[O::Item], Fit) -> String,
) -> Result<(), CliError>
where
    O: PagedOperation + Sync,
    O::Output: DeserializeOwned,
    O::Item: DeserializeOwned,
{
    if autopaginate {
        let array = listing::all_entities(session, operation, what).await?;
        return session
            .output
            .show::<Vec<O::Item>>(array.as_bytes(), |items, fit| render(items, fit));
    }
    let body = send(session, operation).await?;
    session
        .output
        .show::<O::Output>(&body, |page, fit| render(O::page_items(page), fit))
}

/// `operation` with the page size and number `paging` gives (each listing has its own setters for them).
macro_rules! with_page {
    ($operation:expr, $paging:expr) => {{
        let mut operation = $operation;
        if let Some(size) = $paging.page_size {
            operation = operation.with_page_size(size);
        }
        if let Some(number) = $paging.page_number {
            operation = operation.with_page_number(number);
        }
        operation
    }};
}

pub(super) async fn run(session: &Session, command: AuthorizationCommand) -> Result<(), CliError> {
    let output = &session.output;
    match command {
        AuthorizationCommand::Roles(RolesCommand::List {
            paging,
            name,
            permission,
            id,
            no_user_count,
        }) => {
            let mut operation = GetAuthorizationRoles::new()
                .with_permission(permission)
                .with_id(id);
            if let Some(name) = name {
                operation = operation.with_name(name);
            }
            if no_user_count {
                operation = operation.with_user_count(false);
            }
            let operation = with_page!(operation, paging);
            list(
                session,
                operation,
                paging.autopaginate,
                "the role list",
                access_table::roles,
            )
            .await
        }
        AuthorizationCommand::Roles(RolesCommand::Get {
            role_id,
            unused_permissions,
            no_user_count,
        }) => {
            let mut operation = GetAuthorizationRole::new(role_id);
            if unused_permissions {
                operation = operation.with_expand([RoleExpand::UnusedPermissions]);
            }
            if no_user_count {
                operation = operation.with_user_count(false);
            }
            let body = send(session, operation).await?;
            output.show::<DomainOrganizationRole>(&body, access_table::role)
        }
        AuthorizationCommand::Divisions(DivisionsCommand::List {
            paging,
            name,
            id,
            object_count,
        }) => {
            let mut operation = GetAuthorizationDivisions::new().with_id(id);
            if let Some(name) = name {
                operation = operation.with_name(name);
            }
            if object_count {
                operation = operation.with_object_count(true);
            }
            let operation = with_page!(operation, paging);
            list(
                session,
                operation,
                paging.autopaginate,
                "the division list",
                access_table::divisions,
            )
            .await
        }
        AuthorizationCommand::Divisions(DivisionsCommand::Get {
            division_id,
            object_count,
        }) => {
            let mut operation = GetAuthorizationDivision::new(division_id);
            if object_count {
                operation = operation.with_object_count(true);
            }
            let body = send(session, operation).await?;
            output.show::<AuthzDivision>(&body, access_table::division)
        }
        AuthorizationCommand::Divisions(DivisionsCommand::Home { .. }) => {
            let body = send(session, GetAuthorizationDivisionsHome::new()).await?;
            output.show::<AuthzDivision>(&body, access_table::division)
        }
        AuthorizationCommand::Subjects(SubjectsCommand::Me {
            include_duplicates, ..
        }) => {
            let mut operation = GetAuthorizationSubjectsMe::new();
            if include_duplicates {
                operation = operation.with_include_duplicates(true);
            }
            let body = send(session, operation).await?;
            output.show::<AuthzSubject>(&body, access_table::subject)
        }
        AuthorizationCommand::Permissions(PermissionsCommand::List {
            paging,
            query_type,
            query,
        }) => {
            let mut operation = GetAuthorizationPermissions::new();
            if let (Some(kind), Some(query)) = (query_type, query) {
                operation = operation.with_query_type(kind).with_query(query);
            }
            let operation = with_page!(operation, paging);
            list(
                session,
                operation,
                paging.autopaginate,
                "the permission list",
                access_table::permissions,
            )
            .await
        }
    }
}
