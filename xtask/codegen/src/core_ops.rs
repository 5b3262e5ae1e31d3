//! The core's operations: one file per operation under `genesys-cloud-core/src/ops/`, and the module that
//! declares them with the table of every operation.

use std::fmt::Write as _;

use crate::spec::{Group, Operation, Param};
use crate::{Output, generated_header};

const MUST_USE: &str = "an operation does nothing until it is built into a request and sent";

/// Every file of `genesys-cloud-core/src/ops/`.
pub(crate) fn emit(groups: &[&Group], out: &mut Vec<Output>) {
    let mut module = generated_header("//");
    module.push_str("//! One type per operation, named after its operationId, and [`OPERATIONS`], the table of them all.\n\n");
    let mut table = String::new();
    for group in groups {
        for op in &group.operations {
            let file = format!("crates/genesys-cloud-core/src/ops/{}.rs", op.method_name);
            out.push(Output::rust(file, operation_file(group, op)));
            writeln!(
                module,
                "#[cfg(feature = \"{g}\")]\nmod {m};\n#[cfg(feature = \"{g}\")]\npub use {m}::{t};",
                g = group.name,
                m = op.method_name,
                t = op.type_name
            )
            .unwrap();
            writeln!(
                table,
                "#[cfg(feature = \"{g}\")]\nOperationInfo::of::<{}>(\"{g}\"),",
                op.type_name,
                g = group.name
            )
            .unwrap();
        }
    }
    module.push_str("\nuse crate::operation::OperationInfo;\n\n");
    module.push_str(
        "/// Every operation, in the order of their API groups and ids: what routers, help texts and tests read instead of repeating paths and permissions.\n",
    );
    writeln!(
        module,
        "pub const OPERATIONS: &[OperationInfo] = &[\n{table}];"
    )
    .unwrap();
    out.push(Output::rust(
        "crates/genesys-cloud-core/src/ops/mod.rs".to_owned(),
        module,
    ));
}

fn permissions_line(op: &Operation) -> String {
    match op.permissions.as_slice() {
        [] => "Permissions: none required.".to_owned(),
        list => {
            let names: Vec<String> = list.iter().map(|p| format!("`{p}`")).collect();
            format!("Permissions (any one of): {}.", names.join(", "))
        }
    }
}

/// Derives: `Default` for an operation with nothing required, `Eq` for one without a body (a model may hold
/// floating-point numbers).
fn derives(op: &Operation) -> &'static str {
    match (
        op.path_params.is_empty() && op.body.is_none(),
        op.body.is_none(),
    ) {
        (true, _) => "Clone, Debug, Default, PartialEq, Eq",
        (false, true) => "Clone, Debug, PartialEq, Eq",
        (false, false) => "Clone, Debug, PartialEq",
    }
}

fn operation_file(group: &Group, op: &Operation) -> String {
    let mut s = generated_header("//");
    writeln!(
        s,
        "//! `{} {}` (`{}`, {} API).\n//!\n//! {}\n",
        op.method,
        op.path,
        op.id,
        group.title,
        permissions_line(op)
    )
    .unwrap();
    s.push_str("use bytes::Bytes;\n");
    let mut models: Vec<&str> = op
        .body
        .iter()
        .map(|b| b.model.as_str())
        .chain(op.response.as_deref())
        .chain(op.paged_item.as_deref())
        .chain(
            op.query_params
                .iter()
                .filter(|p| p.is_enum)
                .map(|p| p.rust_type.as_str()),
        )
        .collect();
    models.sort_unstable();
    models.dedup();
    if !models.is_empty() {
        writeln!(s, "use genesys_cloud_models::{{{}}};", models.join(", ")).unwrap();
    }
    s.push_str(
        "\nuse crate::environment::Environment;\nuse crate::error::{BuildError, ResponseError};\n",
    );
    s.push_str("use crate::operation::{Auth, Operation};\n");
    if op.paging.is_some() {
        s.push_str("use crate::paging::{PageInfo, PagedOperation};\n");
    }
    let query = !op.query_params.is_empty() || op.paging.is_some();
    s.push_str(if !op.query_params.is_empty() {
        "use crate::path::{QueryString, fill_path};\n"
    } else {
        "use crate::path::fill_path;\n"
    });
    s.push_str("use crate::request::ApiRequest;\nuse crate::response;\n\n");

    writeln!(
        s,
        "/// `{}`: {}\n///\n/// `{} {}`. {}",
        op.id,
        op.doc,
        op.method,
        op.path,
        permissions_line(op)
    )
    .unwrap();
    if op.paging.is_some() {
        s.push_str(
            "///\n/// A listing: a later page is requested by following the answer's `nextUri` \
             ([`from_link`](Self::from_link)), which keeps the link's query and nothing else, or by page number \
             and size.\n",
        );
    }
    writeln!(
        s,
        "#[derive({})]\n#[must_use = \"{MUST_USE}\"]\npub struct {} {{",
        derives(op),
        op.type_name
    )
    .unwrap();
    for p in &op.path_params {
        writeln!(s, "    {}: String,", p.rust_name).unwrap();
    }
    for p in op.query_params.iter().chain(&op.header_params) {
        if p.array {
            writeln!(s, "    {}: Vec<{}>,", p.rust_name, p.rust_type).unwrap();
        } else {
            writeln!(s, "    {}: Option<{}>,", p.rust_name, p.rust_type).unwrap();
        }
    }
    if let Some(body) = &op.body {
        writeln!(s, "    {}: {},", body.rust_name, body.model).unwrap();
    }
    if op.paging.is_some() {
        s.push_str("    /// The query string (without `?`) of a page link or page number; none for the first page.\n");
        s.push_str("    link_query: Option<String>,\n");
    }
    s.push_str("}\n\n");
    s.push_str(&inherent_impl(op));
    s.push_str(&operation_impl(op, query));
    if op.paging.is_some() {
        s.push_str(&paged_impl(op));
    }
    s
}

fn inherent_impl(op: &Operation) -> String {
    let mut s = format!("impl {} {{\n", op.type_name);
    // new()
    let mut args = Vec::new();
    let mut arg_docs = Vec::new();
    let mut inits = Vec::new();
    for p in &op.path_params {
        args.push(format!("{}: impl Into<String>", p.rust_name));
        arg_docs.push(format!(
            "`{}` ({})",
            p.rust_name,
            lower_first(&p.description)
        ));
        inits.push(format!("{0}: {0}.into()", p.rust_name));
    }
    if let Some(body) = &op.body {
        args.push(format!("{}: {}", body.rust_name, body.model));
        arg_docs.push(format!(
            "`{}` (the request body: {})",
            body.rust_name, body.model
        ));
        inits.push(body.rust_name.clone());
    }
    for p in op.query_params.iter().chain(&op.header_params) {
        inits.push(unset(p));
    }
    if op.paging.is_some() {
        inits.push("link_query: None".to_owned());
    }
    if arg_docs.is_empty() && op.paging.is_some() {
        s.push_str("    /// The first (or only) page.\n");
    } else if arg_docs.is_empty() {
        s.push_str("    /// The operation.\n");
    } else {
        writeln!(s, "    /// The operation for {}.", arg_docs.join(", ")).unwrap();
    }
    writeln!(
        s,
        "    pub fn new({}) -> Self {{\n        Self {{ {} }}\n    }}\n",
        args.join(", "),
        inits.join(", ")
    )
    .unwrap();
    for p in &op.path_params {
        writeln!(
            s,
            "    /// The `{}` path parameter.\n    pub fn {}(&self) -> &str {{\n        &self.{}\n    }}\n",
            p.name, p.rust_name, p.rust_name
        )
        .unwrap();
    }
    if let Some(body) = &op.body {
        writeln!(
            s,
            "    /// The request body.\n    pub fn {0}(&self) -> &{1} {{\n        &self.{0}\n    }}\n",
            body.rust_name, body.model
        )
        .unwrap();
    }
    for p in &op.query_params {
        s.push_str(&setter(p, "query parameter"));
    }
    for p in &op.header_params {
        s.push_str(&setter(p, "header"));
    }
    if op.paging.is_some() {
        s.push_str(&paging_methods(op));
    }
    if op.paging.is_some() || !op.query_params.is_empty() {
        s.push_str(&query_method(op));
    }
    s.push_str("}\n\n");
    s
}

/// The field initialiser of an unset optional parameter.
fn unset(p: &Param) -> String {
    if p.array {
        format!("{}: Vec::new()", p.rust_name)
    } else {
        format!("{}: None", p.rust_name)
    }
}

/// The argument type of a setter of `p` (an array's setter takes any iterator) and the stored value.
pub(crate) fn setter_argument(p: &Param) -> (String, String) {
    let item = if p.rust_type == "String" || p.is_enum {
        format!("impl Into<{}>", p.rust_type)
    } else {
        p.rust_type.clone()
    };
    let converted = p.rust_type == "String" || p.is_enum;
    match (p.array, converted) {
        (true, true) => (
            format!("impl IntoIterator<Item = {item}>"),
            format!("{}.into_iter().map(Into::into).collect()", p.rust_name),
        ),
        (true, false) => (
            format!("impl IntoIterator<Item = {item}>"),
            format!("{}.into_iter().collect()", p.rust_name),
        ),
        (false, true) => (item, format!("Some({}.into())", p.rust_name)),
        (false, false) => (item, format!("Some({})", p.rust_name)),
    }
}

fn setter(p: &Param, kind: &str) -> String {
    let (arg_type, value) = setter_argument(p);
    let repeated = if p.array {
        " Each value is sent as its own `name=value` pair; an empty list sends none."
    } else {
        ""
    };
    format!(
        "    /// Sets the `{name}` {kind}: {doc}{repeated}\n    pub fn with_{plain}(mut self, {rust}: {arg_type}) -> Self {{\n        \
         self.{rust} = {value};\n        self\n    }}\n\n",
        name = p.name,
        doc = param_doc(p),
        plain = p.rust_name.trim_start_matches("r#"),
        rust = p.rust_name,
    )
}

fn paging_methods(op: &Operation) -> String {
    let mut s = String::new();
    // A listing whose spec has page parameters sets them through their own setters, next to its filters; one
    // without them (getOauthClients) still pages the way every listing of the API does.
    let page_params = op
        .query_params
        .iter()
        .any(|p| p.name == "pageSize" || p.name == "pageNumber");
    if !page_params {
        s.push_str(
            "    /// Page `page_number` (from 1) of `page_size` entries.\n    \
             pub fn with_page(self, page_number: i32, page_size: i32) -> Self {\n        \
             PagedOperation::at_page(&self, page_number, page_size)\n    }\n\n",
        );
    }
    s.push_str(
        "    /// The page a listing's `nextUri` (or any other of its page links) points to.\n    ///\n    \
         /// Only the link's query is used, and the request still goes to the environment's API base: a link naming \
         another host cannot send the caller's token there. A link to another path is an error.\n",
    );
    s.push_str(
        "    pub fn from_link(link: &str) -> Result<Self, BuildError> {\n        \
         Ok(Self::from_query(crate::path::link_query(link, Self::PATH)?))\n    }\n\n",
    );
    let fields: Vec<String> = op
        .query_params
        .iter()
        .chain(&op.header_params)
        .map(unset)
        .collect();
    let mut init = fields.join(", ");
    if !init.is_empty() {
        init.push_str(", ");
    }
    write!(
        s,
        "    /// The request whose whole query is `query`: its parameters are not set one by one.\n    \
         fn from_query(query: Option<String>) -> Self {{\n        \
         Self {{ {init}link_query: query }}\n    }}\n\n"
    )
    .unwrap();
    s
}

/// `query()`: the query string an operation with query parameters or pages sends.
fn query_method(op: &Operation) -> String {
    let mut s = String::from(
        "    /// The query string this request sends, without `?`; `None` when it sends none.\n    \
         pub fn query(&self) -> Option<String> {\n",
    );
    if op.paging.is_some() {
        s.push_str("        if let Some(query) = &self.link_query {\n            return Some(query.clone());\n        }\n");
    }
    if op.query_params.is_empty() {
        s.push_str("        None\n    }\n");
        return s;
    }
    s.push_str("        let mut query = QueryString::default();\n");
    for p in &op.query_params {
        let value = match (p.rust_type.as_str(), p.is_enum) {
            (_, true) => "value.as_str()".to_owned(),
            ("String", _) => "value".to_owned(),
            _ => "&value.to_string()".to_owned(),
        };
        if p.array {
            writeln!(
                s,
                "        for value in &self.{} {{\n            query.push(\"{}\", {value});\n        }}",
                p.rust_name, p.name
            )
            .unwrap();
        } else {
            writeln!(
                s,
                "        if let Some(value) = &self.{} {{\n            query.push(\"{}\", {value});\n        }}",
                p.rust_name, p.name
            )
            .unwrap();
        }
    }
    s.push_str("        query.finish()\n    }\n");
    s
}

/// `impl PagedOperation`: how the pages of this listing are read and followed.
fn paged_impl(op: &Operation) -> String {
    let listing = op.response.as_deref().unwrap_or_default();
    let item = op.paged_item.as_deref().unwrap_or_default();
    format!(
        "\nimpl PagedOperation for {name} {{\n    type Item = {item};\n\n    \
         fn page_info(page: &{listing}) -> PageInfo<'_> {{\n        \
         PageInfo {{ entities: page.entities.as_ref().map_or(0, Vec::len), next_uri: page.next_uri.as_deref(), \
         page_number: page.page_number, page_count: page.page_count, page_size: page.page_size }}\n    }}\n\n    \
         fn into_items(page: {listing}) -> Vec<{item}> {{\n        page.entities.unwrap_or_default()\n    }}\n\n    \
         fn page_items(page: &{listing}) -> &[{item}] {{\n        page.entities.as_deref().unwrap_or_default()\n    }}\n\n    \
         fn following(link: &str) -> Result<Self, BuildError> {{\n        Self::from_link(link)\n    }}\n\n    \
         fn at_page(&self, page_number: i32, page_size: i32) -> Self {{\n        \
         Self::from_query(Some(crate::path::with_page(self.query().as_deref().unwrap_or_default(), page_number, page_size)))\n    }}\n\n    \
         fn query(&self) -> Option<String> {{\n        {name}::query(self)\n    }}\n}}\n",
        name = op.type_name
    )
}

fn operation_impl(op: &Operation, query: bool) -> String {
    let mut s = format!("impl Operation for {} {{\n", op.type_name);
    writeln!(
        s,
        "    type Output = {};\n",
        op.response.as_deref().unwrap_or("()")
    )
    .unwrap();
    writeln!(s, "    const ID: &'static str = \"{}\";", op.id).unwrap();
    writeln!(
        s,
        "    const METHOD: http::Method = http::Method::{};",
        op.method
    )
    .unwrap();
    writeln!(s, "    const PATH: &'static str = \"{}\";", op.path).unwrap();
    writeln!(s, "    const IDEMPOTENT: bool = {};", op.idempotent).unwrap();
    if op.revokes_token {
        s.push_str("    const REVOKES_TOKEN: bool = true;\n");
    }
    if op.about_own_token {
        s.push_str("    const ABOUT_OWN_TOKEN: bool = true;\n");
    }
    let permissions: Vec<String> = op.permissions.iter().map(|p| format!("\"{p}\"")).collect();
    writeln!(
        s,
        "    const PERMISSIONS: &'static [&'static str] = &[{}];\n",
        permissions.join(", ")
    )
    .unwrap();
    s.push_str(
        "    fn to_http_request(&self, environment: &Environment, auth: Auth<'_>) -> \
         Result<http::Request<Bytes>, BuildError> {\n",
    );
    let values: Vec<String> = op
        .path_params
        .iter()
        .map(|p| format!("(\"{}\", &self.{})", p.name, p.rust_name))
        .collect();
    for p in op.path_params.iter().filter(|p| !p.reserved.is_empty()) {
        let reserved: Vec<String> = p.reserved.iter().map(|r| format!("\"{r}\"")).collect();
        writeln!(
            s,
            "        crate::path::refuse_reserved(\"{}\", &self.{}, &[{}])?;",
            p.name,
            p.rust_name,
            reserved.join(", ")
        )
        .unwrap();
    }
    let mutable = if query { "mut " } else { "" };
    writeln!(
        s,
        "        let {mutable}path = fill_path(Self::PATH, &[{}])?;",
        values.join(", ")
    )
    .unwrap();
    if query {
        s.push_str("        if let Some(query) = self.query() {\n            path.push('?');\n            path.push_str(&query);\n        }\n");
    }
    s.push_str("        ApiRequest::new(Self::METHOD, path)");
    for p in &op.header_params {
        // The spec reader refuses any other header parameter.
        write!(s, ".accept_language(self.{}.as_deref())", p.rust_name).unwrap();
    }
    if let Some(body) = &op.body {
        write!(s, ".json_body(&self.{})?", body.rust_name).unwrap();
    }
    s.push_str(".build(environment.api(), auth)\n    }\n\n");
    match &op.response {
        Some(model) => writeln!(
            s,
            "    fn parse_response(response: http::Response<Bytes>) -> Result<{model}, ResponseError> {{\n        \
             response::json(response)\n    }}"
        )
        .unwrap(),
        None => s.push_str(
            "    fn parse_response(response: http::Response<Bytes>) -> Result<(), ResponseError> {\n        \
             response::empty(response)\n    }\n",
        ),
    }
    if !op.retry_answer_means_done.is_empty() {
        let statuses: Vec<String> = op
            .retry_answer_means_done
            .iter()
            .map(|c| format!("{c}"))
            .collect();
        writeln!(
            s,
            "\n    /// A retry answered {} after an attempt that may have been applied: that attempt reached the goal.\n    \
             fn retry_answer_means_done(status: http::StatusCode) -> bool {{\n        matches!(status.as_u16(), {})\n    }}",
            statuses.join(" or "),
            statuses.join(" | ")
        )
        .unwrap();
    }
    s.push_str("}\n");
    s
}

/// A parameter's description as a sentence, with the platform's default when the spec gives one.
pub(crate) fn param_doc(p: &Param) -> String {
    match &p.default {
        Some(default) => format!(
            "{} (the platform's default is `{default}`).",
            sentence(&p.description).trim_end_matches('.')
        ),
        None => sentence(&p.description),
    }
}

/// `The id` -> `the id`, for a description inside a sentence.
fn lower_first(text: &str) -> String {
    let text = text.trim().trim_end_matches('.');
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if !chars.clone().next().is_some_and(|c| c.is_ascii_uppercase()) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => text.to_owned(),
    }
}

/// A description as a sentence ending in a full stop.
fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        "see the API's documentation.".to_owned()
    } else {
        lower_first(text) + "."
    }
}
