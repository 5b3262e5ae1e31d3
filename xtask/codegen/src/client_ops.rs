//! The executor's operation methods: `genesys-cloud/src/operations.rs`, one method of `Client` per operation,
//! named after its operationId, and a setter on its `RequestBuilder` for each optional parameter.

use std::fmt::Write as _;

use crate::spec::{Group, Operation};
use crate::{Output, generated_header};

pub(crate) fn emit(groups: &[&Group], out: &mut Vec<Output>) {
    let count: usize = groups.iter().map(|g| g.operations.len()).sum();
    let mut s = generated_header("//");
    // Paths are written in full, without `use`: each method is compiled only with its group's feature.
    writeln!(
        s,
        "//! The {count} operations as methods of [`Client`](crate::Client), each named after its operationId and \
         returning a [`RequestBuilder`](crate::RequestBuilder), with its API group's cargo feature; and the \
         setters of the operations' optional parameters.\n"
    )
    .unwrap();
    s.push_str("impl crate::client::Client {\n");
    for group in groups {
        for op in &group.operations {
            writeln!(s, "    #[cfg(feature = \"{}\")]", group.name).unwrap();
            s.push_str(&method(op));
        }
    }
    s.push_str("}\n");
    for group in groups {
        for op in &group.operations {
            s.push_str(&setters(&group.name, op));
        }
    }
    out.push(Output::rust(
        "crates/genesys-cloud/src/operations.rs".to_owned(),
        s,
    ));
}

fn method(op: &Operation) -> String {
    let permissions = match op.permissions.as_slice() {
        [] => "no permission needed".to_owned(),
        list => list
            .iter()
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", "),
    };
    // The operation's own links are relative to the core's `ops` module.
    let doc = op.doc.replace("](super::", "](genesys_cloud_core::ops::");
    let mut s = format!("    /// `{} {}` ({permissions}): {doc}", op.method, op.path);
    if let Some(extra) = &op.client_doc {
        write!(s, " {extra}").unwrap();
    }
    if !op.idempotent {
        s.push_str(" Never retried after it may have been sent.");
    }
    s.push('\n');
    let mut params = vec!["&self".to_owned()];
    let mut args = Vec::new();
    for p in &op.path_params {
        params.push(format!("{}: impl Into<String>", p.rust_name));
        args.push(p.rust_name.clone());
    }
    if let Some(body) = &op.body {
        params.push(format!(
            "{}: genesys_cloud_models::{}",
            body.rust_name, body.model
        ));
        args.push(body.rust_name.clone());
    }
    writeln!(
        s,
        "    pub fn {}({}) -> crate::RequestBuilder<genesys_cloud_core::ops::{}> {{\n        \
         crate::RequestBuilder::new(self.clone(), genesys_cloud_core::ops::{}::new({}))\n    }}\n",
        op.method_name,
        params.join(", "),
        op.type_name,
        op.type_name,
        args.join(", ")
    )
    .unwrap();
    s
}

fn setters(group: &str, op: &Operation) -> String {
    let optional: Vec<_> = op.query_params.iter().chain(&op.header_params).collect();
    if optional.is_empty() {
        return String::new();
    }
    let mut s = format!(
        "\n#[cfg(feature = \"{group}\")]\nimpl crate::RequestBuilder<genesys_cloud_core::ops::{}> {{\n",
        op.type_name
    );
    for p in optional {
        let method = &p.rust_name;
        let plain = p.rust_name.trim_start_matches("r#");
        let (arg_type, _) = crate::core_ops::setter_argument(p);
        // Enum types are the models crate's.
        let arg_type = if p.is_enum {
            arg_type.replace(
                &format!("Into<{}>", p.rust_type),
                &format!("Into<genesys_cloud_models::{}>", p.rust_type),
            )
        } else {
            arg_type
        };
        writeln!(
            s,
            "    /// `{}`: {}\n    pub fn {method}(self, {method}: {arg_type}) -> Self {{\n        \
             self.map_operation(|operation| operation.with_{plain}({method}))\n    }}\n",
            p.name,
            crate::core_ops::param_doc(p)
        )
        .unwrap();
    }
    s.push_str("}\n");
    s
}
